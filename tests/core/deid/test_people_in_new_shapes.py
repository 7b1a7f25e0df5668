"""Issue 13, eleventh round: people and places in shapes fresh probe text showed (lower-case
mail, countries where a person stands, a label before a list of people). Each mechanism has
a sentence it finds and one it leaves alone.

Every sentence here is written for these tests (synthetic names).
"""

from __future__ import annotations

from sealbook.core.deid import Label, analyse


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
