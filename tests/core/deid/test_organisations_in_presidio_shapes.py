"""Issue 13, tenth round: firms in the shapes of Presidio's synthetic text, written fresh
with Faker's firms of many countries (other countries' legal forms, family endings and
joining words; lower-case firms after "works for").

Each mechanism is tested on a sentence it must find and one it must leave alone. Every
person and firm here is invented for these tests.
"""

from __future__ import annotations

from sealbook.core.deid import analyse
from tests.core.deid.test_organisation_clues import _covered, _found_and_left_alone, _organisations


def test_a_possessive_is_no_part_of_two_partners_joined_by_a_hyphen() -> None:
    spans = analyse("Rosa-Conceição's new headquarters will open in May.")
    assert all(not s.reason.startswith("a firm") or s.end == 14 for s in spans)
    assert _covered("Stephens-Berry's office is closed.", "Stephens-Berry")


def test_a_comma_joins_a_foreign_form_firms_name_only_in_a_list_of_partners() -> None:
    assert _organisations("Reference: Director Ulf Thomsvik, Simonsen A/S, tel. 0123") == [
        "Simonsen A/S"
    ]
    assert _covered("He left Borroni, Soranzo e Marconi e figli.", "Borroni, Soranzo e Marconi")


def test_a_dotted_form_in_lower_case_after_a_capitalised_name() -> None:
    assert _organisations("We hired Pokorvá s.r.o. last year.") == ["Pokorvá s.r.o."]
    assert _organisations("i start at pokorvá s.r.o. on monday") == ["pokorvá s.r.o."]


def test_legal_forms_and_family_endings_of_more_countries() -> None:
    _found_and_left_alone(
        [
            ("We hired Hruškal a.s. last year.", "Hruškal a.s."),
            ("Complaint against Beranek k.s.: nobody came.", "Beranek k.s."),
            ("Approved: M. Kratov (Havlíček Soukal v.o.s.)", "Havlíček Soukal v.o.s."),
            ("We hired Ferreira Vianelo Ltda. last year.", "Ferreira Vianelo Ltda"),
            ("We hired Castrello S/A last year.", "Castrello S/A"),
            ("We hired Ólafsvik ehf. last year.", "Ólafsvik ehf"),
            ("She chairs Holopainen Mäkelä As Oy now.", "Holopainen Mäkelä As Oy"),
            ("Signed on behalf of Sá e Filhos by the owner.", "Sá e Filhos"),
        ],
        [
            "She moved a.s.a.p. to the coast.",
            "As of today, the office is closed.",
        ],
    )


def test_partners_joined_by_the_and_of_another_language() -> None:
    _found_and_left_alone(
        [
            ("Send it to Birkeland, Olsen og Andersen.", "Birkeland, Olsen og Andersen"),
            ("Is Almansa, Pujadas y Quiroga still open?", "Pujadas y Quiroga"),
        ],
        ["Mix flour, sugar y eggs.", "Tea, coffee e milk were served."],
    )


def test_a_firm_in_lower_case_by_its_kind_word_or_a_surname_alone() -> None:
    _found_and_left_alone(
        [
            ("i work for mulder motors", "mulder motors"),
            ("i work for persson co. now", "persson co"),
            ("i work for hamann", "hamann"),
        ],
        ["she works at the bank", "he works for local media now", "i work for smith"],
    )


def test_a_persons_organisation_in_brackets_or_after_their_role_between_dashes() -> None:
    _found_and_left_alone(
        [
            ("Approved: F. Gomes (Cavalcandi)", "Cavalcandi"),
            ("Speaker: Nurse Antony Jackson (Terraworks)", "Terraworks"),
            ("Hugo Pölitz - Senior Engineer - Ring", "Ring"),
        ],
        [
            "Dana Moore (Mother) called.",
            "Ana Holm (CEO) spoke.",
            "Ana Holm (Retired) spoke.",
            "Kate Moore (Spanish) spoke.",
        ],
    )


def test_a_workplace_with_the_years_worked_there() -> None:
    text = "Experience: Velaloop (1989-2002), Jenkins Dental (1985-present)."
    assert _covered(text, "Velaloop") and _covered(text, "Jenkins Dental")
    assert _organisations("The war (1939-1945) changed the town.") == []


def test_an_organisation_owns_its_new_headquarters() -> None:
    text = "Geolytics's new headquarters will open in May."
    assert _organisations(text) == ["Geolytics"]
    assert _organisations("Anna's new employees start today.") == []


def test_a_lower_case_form_after_a_capitalised_name_takes_no_lower_case_word() -> None:
    text = "Frank N. Fielding, who chairs Gibsonne plc, denied the claims."
    assert "chairs" not in " ".join(_organisations(text))
    assert _covered(text, "Gibsonne plc")
    assert _organisations("i work at gibsonne plc now") == ["gibsonne plc"]


def test_a_department_before_a_firms_list_is_no_partner() -> None:
    text = "Ana Holm\nHead of Compliance, Holmqvist & Friis A/S"
    assert "Compliance" not in " ".join(_organisations(text))
    text = "Ana Holm\nHead of Compliance, Patelle, Watkins and Hoffman"
    assert "Compliance" not in " ".join(_organisations(text))
    # A surname that is also a word opens a list where no "of" stands before it.
    assert _covered("He left Kale, Ramakrishnan and Agarwal for a job.", "Kale")


def test_a_credential_listed_after_a_name_is_no_firm() -> None:
    assert _organisations("Tamara Bergin-McHenry, MBA worked as a nurse.") == []


def test_more_kind_words_end_a_firms_name() -> None:
    _found_and_left_alone(
        [
            ("Now I'm with Smeetsma Dental.", "Smeetsma Dental"),
            ("Head of Compliance, Seraove Travel", "Seraove Travel"),
        ],
        ["We booked Business Travel for May.", "She chose Family Dental."],
    )


def test_a_questions_verb_opening_the_sentence_is_no_part_of_the_name() -> None:
    assert _organisations("Is Velmorra Labs still open on Sundays?") == ["Velmorra Labs"]
    assert "Is" not in " ".join(_organisations("Is Albuquerque Bakery still open?"))


def test_turkish_and_finnish_forms() -> None:
    _found_and_left_alone(
        [
            ("Akarsu A.Ş. will sponsor the marathon.", "Akarsu A.Ş."),
            ("He left for a job with Vainiola Laaksonen ry.", "Vainiola Laaksonen ry"),
        ],
        ["I was sorry to hear it."],
    )


def test_partners_of_other_countries_names_in_no_census_list() -> None:
    _found_and_left_alone(
        [
            (
                "Complaint against Jarczak, Ludwiniak and Koćwin: nobody came.",
                "Jarczak, Ludwiniak and Koćwin",
            ),
            ("Speaker: Ana Holm (Flisek, Dmoch and Widłak)", "Flisek, Dmoch and Widłak"),
        ],
        ["Started Sertraline, Fluoxetine and Mirtazapine."],
    )


def test_sas_is_a_short_form_after_a_word_in_no_dictionary() -> None:
    assert _organisations("Quelbrant SAS reported record profits.") == ["Quelbrant SAS"]
    assert _organisations("He flew SAS to the coast.") == []


def test_brazils_dash_forms_czech_o_s_and_partners_and_co() -> None:
    _found_and_left_alone(
        [
            ("Under new owners, Cunhal - ME doubled its revenue.", "Cunhal - ME"),
            ("The board of Strnadek o.s. never saw the report.", "Strnadek o.s."),
            ("Send the samples to Hansenberg & co., attention.", "Hansenberg & co."),
        ],
        ["VA 6/9 o.s. and 6/6 o.d.", "Tom & co. went home.", "Pages 1 - ME"],
    )


def test_a_join_right_before_and_co_is_no_list_of_partners() -> None:
    text = "Reference: CEO Isabela Azevedo, Pires & Co., tel. 0049 555 1234"
    assert "CEO" not in " ".join(_organisations(text))


def test_a_firm_in_a_forms_contractor_or_company_field() -> None:
    _found_and_left_alone(
        [("Contractor: Kineworks\nSite manager: Amy Lee", "Kineworks")],
        ["Company: None\n"],
    )
