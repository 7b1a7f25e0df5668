"""Issue 13, tenth round: people and places in shapes fresh probe text showed (lower-case
mail, countries where a person stands, a label before a list of people). Each mechanism has
a sentence it finds and one it leaves alone.

Every sentence here is written for these tests (synthetic names).
"""

from __future__ import annotations

from sealbook.core.deid import Label, analyse


def _flagged(text: str) -> list[str]:
    return [text[s.start : s.end] for s in analyse(text)]


def _names(text: str) -> list[str]:
    return [text[s.start : s.end] for s in analyse(text) if s.label == Label.NAME]


# --- a country or a US state where the name rules saw a person --------------------------


def test_a_country_after_in_is_no_name() -> None:
    assert _names("Odalys Verkade grew up in Brazil and studied law.") == ["Odalys Verkade"]


def test_a_state_after_issued_in_is_no_name() -> None:
    assert _names("The licence was issued in Florida to Odalys Verkade.") == ["Odalys Verkade"]


def test_countries_of_two_words_and_listed_countries_are_no_names() -> None:
    assert _names("We visited Solomon Islands and Chad with Odalys last summer.") == ["Odalys"]
    assert _names("Odalys flew from Delaware to Jordan for the wedding.") == ["Odalys"]


def test_a_country_name_where_a_person_stands_is_still_a_name() -> None:
    assert _names("I spoke to Georgia about the forms.") == ["Georgia"]
    assert _names("Ms Florida came in at noon.") == ["Florida"]


# --- a field's label before a list of people is no speaker -------------------------------


def test_a_label_in_no_dictionary_before_a_list_of_names_is_no_name() -> None:
    text = "Soci: Odalys Verkade, Pita Salave'a e Davit Abashidze."
    assert "Soci" not in _names(text)
    assert "Odalys Verkade" in _names(text)


def test_a_speaker_before_an_utterance_is_still_a_name() -> None:
    assert _names("Odalys: are you coming tonight?") == ["Odalys"]


# --- the greeting and the signature of a message all in lower case -----------------------


def test_a_lower_case_greeting_and_sign_off_are_names() -> None:
    text = "hi maria,\ncan you send me the forms again?\nthx ester"
    assert _names(text) == ["maria", "ester"]


def test_a_lower_case_signature_line_is_a_name() -> None:
    assert _names("cheers\ntore jensen") == ["tore jensen"]
    assert _names("ok see you then\n\nangel\nsent from my phone") == ["angel"]


def test_lower_case_greetings_and_last_lines_of_ordinary_words_are_left() -> None:
    assert _names("hey guys,\nsee you soon") == []
    assert _names("hi all,\nwill do") == []


# --- an initial and a surname that is a word too -----------------------------------------


def test_an_initial_and_a_word_surname_listed_or_before_a_verb_is_a_name() -> None:
    assert _names("N. Martins will step down in May.") == ["N. Martins"]
    assert _names("Co-written with Odalys Verkade and B. King (both at Vale).")[-1] == "B. King"


def test_an_initial_and_a_word_where_no_person_is_listed_is_left() -> None:
    assert _names("He takes vitamin D. Long walks help too.") == []
    assert _names("Plan:\nA. Background\nB. Young adults and their care") == []


# --- the surname before "et al." -----------------------------------------------------------


def test_the_surname_before_et_al_is_a_name() -> None:
    assert _names("Walia et al. (1976) reported similar results.") == ["Walia"]
    assert _names("As de Graaf et al. showed, the dose mattered.") == ["de Graaf"]


def test_a_closed_class_word_before_et_al_is_left() -> None:
    assert _names("The et al. abbreviation means 'and others'.") == []


# --- a letter's closing in another language --------------------------------------------------


def test_a_foreign_closings_noun_is_no_name_and_the_signature_is_found() -> None:
    assert _names("Mit freundlichen Grüßen\nG. Zorbach") == ["G. Zorbach"]
    assert _names("Med vennlig hilsen\nOdalys Verkade") == ["Odalys Verkade"]


def test_a_capitalised_unknown_word_outside_a_closing_is_still_a_name() -> None:
    assert "Zorbach" in _names("Grüßen from the team. Zorbach called.")


# --- a given name "from" a firm before what a person says -----------------------------------


def test_a_word_name_from_a_firm_before_said_is_a_name() -> None:
    assert _names("German from Quorvane Ltd said the order is late.")[0] == "German"
    assert _names("Grace from Velaloop said the order is late.")[0] == "Grace"


def test_a_word_from_somewhere_without_a_persons_verb_is_left() -> None:
    assert "Hope" not in _names("Hope from the start said little.")
    assert "German" not in _names("German from Quorvane Ltd is on sale.")


# --- a compound's "-based" is no part of a name ---------------------------------------------


def test_a_compounds_tail_is_left_out_of_a_name() -> None:
    text = "The Stoutenburg Noord-based firm was fined last year."
    assert all("based" not in found for found in _flagged(text))


def test_a_hyphenated_surname_keeps_its_second_half() -> None:
    assert _names("Odalys Verkade-Baptiste called back.") == ["Odalys Verkade-Baptiste"]


# --- a one-word label before a person's name, whatever rule took it -------------------------


def test_a_surname_word_labelling_a_line_before_a_name_is_no_name() -> None:
    assert _names("Bio: Sonny Thomsen is a product designer.") == ["Sonny Thomsen"]


def test_a_given_name_before_a_colon_and_a_name_stays_a_speaker() -> None:
    assert "Odalys" in _names("Odalys: Pita Salave'a called again.")


# --- a country of several words in lower case -------------------------------------------------


def test_a_lower_case_country_of_several_words_is_no_name() -> None:
    text = "cody bell grew up in saint vincent and the grenadines."
    assert "vincent" not in _names(text)


# --- a firm beside its kind --------------------------------------------------------------------


def test_a_word_beside_its_firms_kind_is_an_organisation() -> None:
    found = [(s.label, "The audit was done by Morrow, the accounting firm."[s.start : s.end])
             for s in analyse("The audit was done by Morrow, the accounting firm.")]  # fmt: skip
    assert found == [(Label.ORGANIZATION, "Morrow")]


def test_a_person_beside_a_company_role_is_left_a_person() -> None:
    assert _names("I asked Odalys, the company nurse, about it.") == ["Odalys"]


# --- the "and" of a list between people ------------------------------------------------------


def test_a_spanish_y_before_a_given_name_and_surname_joins_two_people() -> None:
    text = "Socios: Ligia Avilés, Luis Pavón y Amaya Ruiz."
    assert _names(text) == ["Ligia Avilés", "Luis Pavón", "Amaya Ruiz"]


def test_a_spanish_y_between_two_surnames_stays_inside_the_name() -> None:
    assert _names("Carmen Sánchez y Herrero called.") == ["Carmen Sánchez y Herrero"]


def test_a_firms_own_words_beside_a_name_are_still_flagged() -> None:
    assert _flagged("He works at Baker & Hale and Sons.") == ["Baker & Hale and Sons"]


# --- a word never a name alone, after a title, before a surname ------------------------------


def test_a_never_a_name_word_after_a_title_takes_the_surname_after_it() -> None:
    assert _names("I told Dr. German Wright about the delay.") == ["German Wright"]


def test_a_weekday_after_a_title_takes_no_word_after_it() -> None:
    assert _names("See Dr. Monday Clinic notes.") == []


def test_an_initial_and_a_word_surname_in_a_list_joined_in_another_language() -> None:
    text = "Ortaklar: Arcan Durdu, N. Martins ve S. Çetin."
    assert "N. Martins" in _names(text)
