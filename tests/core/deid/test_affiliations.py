"""Issue 13, sixth round: organisations named by the words around them and by their shape.

Every sentence here is written for these tests (synthetic names, firms and places).
"""

from __future__ import annotations

from sealbook.core.deid import analyse
from sealbook.core.deid.policies import DISGUISE, SAFE_HARBOR, Policy


def _labels(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label.value) for s in analyse(text)]


def _covered(text: str, part: str, policy: Policy) -> bool:
    """Are all the letters and digits of `part` inside spans `policy` removes?"""
    at = text.index(part)
    removed = {
        i for s in analyse(text) if s.label in policy.labels for i in range(s.start, s.end)
    }
    return all(i in removed for i in range(at, at + len(part)) if text[i].isalnum())


# --- employment and affiliation verbs ------------------------------------------------------


def test_an_organisation_after_an_employment_verb_is_an_employer() -> None:
    for text, employer in (
        ("She was let go by Quarnwick Haulage last spring.", "Quarnwick Haulage"),
        ("He quit Tarrowby and moved back home.", "Tarrowby"),
        ("A zero-hours contract with Velmorra keeps him on nights.", "Velmorra"),
        ("She was placed with Ostravin Freight through the scheme.", "Ostravin Freight"),
        ("He has an interview with KRT Group on the 4th.", "KRT Group"),
    ):
        assert (employer, "EMPLOYER") in _labels(text), text
        assert _covered(text, employer, SAFE_HARBOR), text  # an employer goes under Safe Harbor


def test_an_organisation_after_an_affiliation_verb_is_removed_under_disguise() -> None:
    for text, org in (
        ("Her partner is the owner of Brackenfold, a bakery.", "Brackenfold"),
        ("The team is sponsored by Marlowick Tyres.", "Marlowick Tyres"),
        ("I write on behalf of Fenwarren Youth Trust.", "Fenwarren Youth Trust"),
        ("Last year he left to found Quillmere.", "Quillmere"),
    ):
        assert _covered(text, org, DISGUISE), text


def test_a_person_a_weekday_or_an_ordinary_word_after_the_verb_is_no_organisation() -> None:
    for text in (
        "She left Tuesday and came back on Friday.",
        "He joined Dr Okafor for the group session.",
        "He quit Smoking Cessation after one visit.",
        "She left Social Services in May.",
    ):
        assert not [s for s in analyse(text) if s.label.value in ("ORGANIZATION", "EMPLOYER")], (
            text
        )
    # A person after "joined" keeps the name label, so Safe Harbor still removes it.
    text = "In March she joined Priya Venkataraman at the allotment."
    assert _covered(text, "Priya Venkataraman", SAFE_HARBOR)


# --- a form's fields -----------------------------------------------------------------------


def test_the_value_of_an_organisation_field_is_an_organisation() -> None:
    form = (
        "Referring agency: Fenwarren Youth Trust\n"
        "GP practice: Old Quay Surgery\n"
        "Employer: Brackenfold\n"
        "School or college: Ashcombe Sixth Form College\n"
    )
    for org in ("Fenwarren Youth Trust", "Old Quay Surgery", "Brackenfold",
                "Ashcombe Sixth Form College"):  # fmt: skip
        assert _covered(form, org, DISGUISE), org
    assert ("Brackenfold", "EMPLOYER") in _labels(form)  # the field's word is capitalised
    # One ordinary word in the field names nothing.
    assert _labels("Employer: Unemployed\nSchool: None\nGP practice: Unknown\n") == []


# --- lower case ------------------------------------------------------------------------------


def test_a_lower_case_employer_in_no_dictionary_after_job_at_is_an_employer() -> None:
    text = 'Her friend wrote: "got the job at velmorra!! start monday".'
    assert ("velmorra", "EMPLOYER") in _labels(text)
    assert _labels("He works at home and his job at night is hard.") == []


# --- weak kind words -------------------------------------------------------------------------


def test_a_generic_department_is_no_organisation_but_a_named_business_of_its_kind_is() -> None:
    for text in (
        "Social Services have the sick notes.",
        "We discussed disclosure to Occupational Health and a phased return.",
        "Student Services involved since the spring.",
    ):
        assert _labels(text) == [], text
    for text, org in (
        ("She cooks for Quarnwick Catering now.", "Quarnwick Catering"),
        ("Forklift driver, Old Quay Joinery (two years).", "Old Quay Joinery"),
        ("He is seen by Ashcombe Counselling Service weekly.", "Ashcombe Counselling Service"),
    ):
        assert _covered(text, org, DISGUISE), text


# --- a name the sentence calls a company; a venue before an address -----------------------


def test_a_name_the_sentence_calls_a_company_is_an_organisation() -> None:
    for text, org in (
        ("Harrowgate Lumen is a design agency in the old mill.", "Harrowgate Lumen"),
        ("Velmorra, a logistics company, hired her in May.", "Velmorra"),
    ):
        assert _covered(text, org, DISGUISE), text
    for text in ("It is a company that sells hats.", "Therapy is a business too."):
        assert _labels(text) == [], text


def test_an_ordinary_word_capitalised_before_a_street_address_is_the_venue() -> None:
    text = "We meet on Friday at Marmalade, 41 Quarry Lane, after work."
    assert ("Marmalade", "ORGANIZATION") in _labels(text)
    # A weekday before an address is a day, not a venue.
    assert "Friday" not in [t for t, _ in _labels("See you at Friday, 41 Quarry Lane.")]


# --- places and numbers ------------------------------------------------------------------------


def test_a_town_in_capitals_above_a_country_line_is_a_city() -> None:
    text = "Tomasz Wrona\n\nLITTLE HAVERBY\nUnited Kingdom\n"
    assert ("LITTLE HAVERBY", "CITY") in _labels(text)
    assert _labels("PRIVATE AND CONFIDENTIAL\nUnited Kingdom\n") == []


def test_a_range_of_years_is_no_long_number_but_a_long_number_still_is() -> None:
    assert _labels("2009-2013: line cook; 2013-2021: sales assistant.") == []
    assert ("4418-2207", "ID") in _labels("Reference 4418-2207 on the form.")


def test_a_name_before_a_role_and_a_person_is_their_organisation() -> None:
    for text, org in (
        ("Marrowby songwriter Ines Valcourt recorded it.", "Marrowby"),
        ("Then Copper Gate engineer Ada Price called back.", "Copper Gate"),
    ):
        assert (org, "ORGANIZATION") in _labels(text), text
    # An ordinary word before the role is an adjective, not a firm.
    assert [lab for _, lab in _labels("Senior engineer Tom Baker said so.")] == ["NAME"]


def test_a_relation_word_inside_a_schools_name_names_no_relative() -> None:
    text = "I am the pastoral lead at Tall Pines Infant School and write about Jerome."
    assert ("Tall Pines Infant School", "SCHOOL") in _labels(text)
    assert "RELATIVE" not in [lab for _, lab in _labels(text)]
    assert ("Dana", "RELATIVE") in _labels("Her infant Dana sleeps badly.")
