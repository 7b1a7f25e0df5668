"""Issue 13, eleventh round: addresses in forms, shipping labels and letters' heads, and
streets whose road type is also an ordinary noun, found (or left alone) by mechanism.

Every sentence here is written for these tests (synthetic streets, towns and firms).
Each mechanism has a sentence it finds and one it leaves alone.
"""

from __future__ import annotations

from sealbook.core.deid import analyse
from sealbook.core.deid.spans import Label


def _labels(text: str, part: str) -> set[Label]:
    at = text.index(part)
    return {s.label for s in analyse(text) if s.start < at + len(part) and s.end > at}


def _span_of(text: str, part: str, label: Label) -> bool:
    at = text.index(part)
    return any(
        s.label is label and s.start <= at and s.end >= at + len(part) for s in analyse(text)
    )


# --- road types that are also nouns ("Sound", "Steps", "Beach") ------------------------------


def test_a_noun_road_type_after_a_number_and_names_ends_a_street() -> None:
    text = "The ambulance went to 376 Velmora Beach by mistake, then to 57/290 Quorran Circus."
    assert _span_of(text, "376 Velmora Beach", Label.ADDRESS)
    assert _span_of(text, "57/290 Quorran Circus", Label.ADDRESS)


def test_a_noun_road_type_after_an_ordinary_word_is_no_street() -> None:
    text = "Take 3 Steps forward, then 2 Quiet Sound checks."
    assert _labels(text, "Steps") == set()
    assert _labels(text, "Quiet Sound") == set()


# --- a form's heading above an address -----------------------------------------------------


def test_a_heading_in_lower_case_above_an_address_is_no_organisation() -> None:
    text = "Billing address\n12 Tallow Row\nBranmouth"
    assert Label.ORGANIZATION not in _labels(text, "Billing address")


def test_a_capitalised_name_above_an_address_is_still_its_addressee() -> None:
    text = "Kestrel Dynamics\n12 Tallow Row\nBranmouth"
    assert Label.ORGANIZATION in _labels(text, "Kestrel Dynamics")


# --- a field's name on the line after an address -------------------------------------------


def test_a_field_name_beginning_the_next_line_is_no_region() -> None:
    text = "FROM:\n575 Tallow Motorway\nBranmouth, WI 75113\nTO:\n12 Quill Row"
    assert _labels(text, "TO:") == set()
    assert _span_of(text, "12 Quill Row", Label.ADDRESS)


def test_a_town_before_a_colon_inside_the_sentence_is_still_a_town() -> None:
    text = "Send it to 4 Tallow Row, Leeds: they will sign for it."
    assert _labels(text, "Leeds") == {Label.CITY}


# --- a list of places is no firm of partners -------------------------------------------------


def test_a_list_with_a_town_that_is_no_surname_is_no_firm() -> None:
    text = "He spent his childhood between Sevilla, Zaragoza and Jaén."
    assert Label.ORGANIZATION not in _labels(text, " and ")
    assert _labels(text, "Jaén") == {Label.CITY}


def test_a_list_of_surnames_is_still_a_firm() -> None:
    text = "The bill came from Gibney, Barron and Kerville last week."
    assert _labels(text, "Gibney, Barron and Kerville")


# --- a town before "-based" ------------------------------------------------------------------


def test_a_name_in_no_dictionary_before_based_is_a_town() -> None:
    text = "A Velmorbury-based charity and a Quarra Sharif-based trust paid for the wheelchair."
    assert _span_of(text, "Velmorbury", Label.CITY)
    assert _span_of(text, "Quarra Sharif", Label.CITY)
    assert _labels(text, "-based") == set()


def test_an_ordinary_word_or_an_acronym_before_based_is_no_town() -> None:
    text = "Evidence-based care, CBT-based work and a Python-based tool helped."
    assert _labels(text, "Evidence") == set()
    assert _labels(text, "CBT") == set()
    assert _labels(text, "Python") == set()


# --- a form's town field ---------------------------------------------------------------------


def test_a_town_field_after_a_dash_or_holding_an_ordinary_word_is_a_town() -> None:
    assert _span_of("City of residence - Velmorbury", "Velmorbury", Label.CITY)
    assert _span_of("Place of birth: Goes\nDate of birth: 1982", "Goes", Label.CITY)


def test_a_town_field_that_names_no_town_is_left_alone() -> None:
    assert _labels("City: Unknown", "Unknown") == set()
    assert _labels("Town of residence - Same as above", "Same as above") == set()


# --- a town in brackets after an address -----------------------------------------------------


def test_a_name_in_brackets_after_a_street_is_its_town() -> None:
    text = "We are located at 12 Tallow Row (Lopes), opposite the pharmacy."
    assert _span_of(text, "Lopes", Label.CITY)


def test_ordinary_words_in_brackets_after_a_street_are_no_town() -> None:
    text = "We met at 12 Tallow Row (Back Entrance) yesterday."
    assert _labels(text, "Back Entrance") == set()
