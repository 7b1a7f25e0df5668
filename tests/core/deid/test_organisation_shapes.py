"""Issue 13, fifth round: organisations with no cue word, and the scorer's person spans.

Every sentence here is written for these tests (synthetic names, firms and places).
"""

from __future__ import annotations

from sealbook.core.deid import analyse
from sealbook.core.deid.policies import DISGUISE, SAFE_HARBOR
from tests.core.deid.removal import all_removed
from tests.deid_eval import bench_scorer


def _labels(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label.value) for s in analyse(text)]


# --- a legal form names a company ------------------------------------------------------


def test_a_company_named_with_its_legal_form_alone_is_an_organisation() -> None:
    for text, company in (
        ("Tamsin Arvelo from 4 Quarry Lanterns Inc is the speaker.", "4 Quarry Lanterns Inc"),
        ("zainab is from brightwater fabrication inc.", "brightwater fabrication inc."),
        ("The lease is held by Greyfen Optics PLC, she said.", "Greyfen Optics PLC"),
    ):
        assert (company, "ORGANIZATION") in _labels(text), text
    # After "let go by" the company is the client's employer (sixth round), which Safe
    # Harbor removes too.
    text = "He was let go by Halvdan Timberworks GmbH in spring."
    assert ("Halvdan Timberworks GmbH", "EMPLOYER") in _labels(text)
    # Function words before the form are not the company's; "the corp" names none.
    assert ("from brightwater fabrication inc.", "ORGANIZATION") not in _labels(
        "zainab is from brightwater fabrication inc."
    )
    assert _labels("She said the corp had changed its rules.") == []


# --- a firm named after its partners ---------------------------------------------------


def test_a_list_of_surnames_is_one_firm_under_disguise_and_leaks_no_surname_under_safe_harbor() -> (
    None
):
    for text, firm in (
        ("Invoices went to Owens, Duran and Oneal last week.", "Owens, Duran and Oneal"),
        ("owens, duran and oneal\n\n12 Mill Row", "owens, duran and oneal"),
        ("The papers came from Hoffman & Willis yesterday.", "Hoffman & Willis"),
    ):
        # Disguise removes the whole name, "and" included: one identifier.
        assert all_removed(text, firm, DISGUISE), text
        # Safe Harbor keeps organisations, so every surname must still go as a name.
        for surname in firm.replace(",", " ").replace("&", " ").split():
            if surname != "and":
                assert all_removed(text, surname, SAFE_HARBOR), (text, surname)


def test_given_names_in_a_list_and_ordinary_words_make_no_firm() -> None:
    text = "The group: Christopher, Jennifer, Emily and Michael."
    assert all(label == "NAME" for _, label in _labels(text))
    assert _labels("We discussed anxiety, sleep and mood.") == []
    assert all(
        label != "ORGANIZATION" for _, label in _labels("Red, Green and Blue were the colours.")
    )


# --- an organisation named with a person of it -----------------------------------------


def test_the_organisation_of_a_person_found_is_an_organisation() -> None:
    assert ("Yonder", "ORGANIZATION") in _labels("Magdalena Ostrowska of Yonder is the chair.")
    assert ("Brisk Ledger", "ORGANIZATION") in _labels(
        "and Brisk Ledger's Magdalena Ostrowska spoke last."
    )


def test_an_organisation_of_a_person_never_takes_a_place_or_a_name_found() -> None:
    text = "Magdalena Ostrowska of Boston spoke."
    assert ("Boston", "CITY") in _labels(text)
    assert all_removed(text, "Boston", SAFE_HARBOR)
    text = "The daughter of Magdalena Ostrowska came."
    assert ("Magdalena Ostrowska", "NAME") in _labels(text)
    assert all(label != "ORGANIZATION" for _, label in _labels(text))


def test_a_name_listed_with_an_organisation_found_is_an_organisation() -> None:
    text = "Sponsors: Enervee Corporation and Civic Lantern. Next year, more."
    assert ("Civic Lantern", "ORGANIZATION") in _labels(text)
    # One ordinary word, or a function word, after the organisation is no list's item.
    for text in (
        "She works at Brightly Group, Monday to Friday.",
        "Brightly Group, and The rest of them.",
    ):
        assert [label for _, label in _labels(text)].count("ORGANIZATION") <= 1, text
        assert all(t.startswith("Brightly") for t, _ in _labels(text)), text


def test_a_venue_before_its_place_and_the_name_above_an_address_are_organisations() -> None:
    text = "and the next year at Harbor Kiln in Leiden, which grew."
    assert ("Harbor Kiln", "ORGANIZATION") in _labels(text)
    assert ("Leiden", "CITY") in _labels(text)
    text = "Kyruvo\n\n12 Mill Row"
    assert ("Kyruvo", "ORGANIZATION") in _labels(text)
    # One ordinary word is no venue; a function word opening the line above is no name.
    assert all(label != "ORGANIZATION" for _, label in _labels("We met at Christmas in Leiden."))
    assert all(
        label != "ORGANIZATION" for _, label in _labels("Please send it to the\n12 Mill Row")
    )


def test_a_weak_organisation_takes_only_the_words_no_other_span_holds() -> None:
    # "Quorvane" is an unknown capitalised word, a name on weak evidence: it stays a NAME
    # (Safe Harbor removes it) and the venue takes the rest of its name. (Not "Quillmark":
    # two dictionary words written as one are a word, fifteenth session.)
    text = "and the next year at Quorvane Tidewater in Leiden, which grew."
    assert ("Quorvane", "NAME") in _labels(text)
    assert all_removed(text, "Quorvane Tidewater", DISGUISE)
    assert all_removed(text, "Quorvane", SAFE_HARBOR)


def test_a_company_after_a_verb_of_companies_and_before_its_office_is_an_organisation() -> None:
    assert ("Brisk Ledger", "ORGANIZATION") in _labels("It later became Brisk Ledger in 1980.")
    assert ("Adaptive", "ORGANIZATION") in _labels("The firm was acquired by Adaptive in 2001.")
    assert ("U.N.", "ORGANIZATION") in _labels("The U.N. office is on the corner.")
    # A weekday before "office" is no company, nor a function word after the verb.
    assert _labels("She called the Tuesday office.") == []
    assert _labels("It later became The best of times.") == []


# --- places --------------------------------------------------------------------------


def test_a_lower_case_word_of_another_languages_letters_after_a_place_cue_is_a_town() -> None:
    assert ("hvítárvellir", "CITY") in _labels("he flew to hvítárvellir on friday.")
    # English words with accents stay: "café", "naïve".
    assert _labels("she moved to café work, then to naïve painting.") == []


# --- surnames by their ending -----------------------------------------------------------


def test_a_word_in_no_dictionary_with_a_surnames_ending_is_a_name_in_any_case() -> None:
    for text, name in (
        ("bártová began writing as a teenager.", "bártová"),
        ("than the early samoylova?", "samoylova"),
        ("Nowakowski said nothing.", "Nowakowski"),
    ):
        assert (name, "NAME") in _labels(text), text
    # Dictionary words with those endings stay: "whisky", "nova", "ski".
    assert _labels("A good whisky after the ski trip, said the nova report.") == []


# --- the scorer: a title identifies no one ----------------------------------------------


def test_the_scorer_excuses_a_title_and_a_degree_at_a_persons_edge_and_reports_both() -> None:
    bench = bench_scorer()
    text = "called Dr. Jennet Holmqvist DDS today"
    start = text.index("Dr.")
    end = text.index(" today")
    gold = {"start": start, "end": end, "kind": "PERSON", "scope": "direct",
            "form": "", "roster": False}  # fmt: skip
    doc = {"id": "t", "text": text, "gold": [gold], "traps": [], "clean": False}
    name_at = text.index("Jennet")
    name_only = [(name_at, name_at + len("Jennet Holmqvist"), "NAME")]
    result = bench.score([doc], [name_only])["recall"]
    assert result["scope:direct"]["found"] == 1
    assert result["scope:direct-titles-counted"]["found"] == 0
    # Half a name is still a miss, however the title is counted.
    half = [(name_at, name_at + len("Jennet"), "NAME")]
    assert bench.score([doc], [half])["recall"]["scope:direct"]["found"] == 0
    # A title is excused only at the edge of a person span, never in another kind.
    place = dict(gold, kind="STREET_ADDRESS")
    doc_place = dict(doc, gold=[place])
    assert bench.score([doc_place], [name_only])["recall"]["scope:direct"]["found"] == 0


def test_a_greeting_before_a_kind_word_addresses_a_group_and_names_none() -> None:
    """Issue 13, eleventh round: "Hi Team," opened a message as an organisation "Hi Team";
    a greeting is never a word of a name, so it is passed over before the name is read."""
    from tests.core.deid.test_organisation_clues import _found_and_left_alone

    _found_and_left_alone(
        [
            ("Dear Quorvane Team, thank you for the referral.", "Quorvane Team"),
            ("Hello Aldwick Rowing Club members, the regatta moved.", "Aldwick"),
        ],
        ["Hi Team,\nthe meeting moved to Friday.", "Dear Committee, thanks for the letter.",
         "Hello Team! Notes attached."],
    )  # fmt: skip
