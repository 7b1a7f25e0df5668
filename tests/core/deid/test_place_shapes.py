"""Issue 13, sixth round: places and addresses by their shape, not by a list of names.

Every sentence here is written for these tests (synthetic streets, towns and codes).
"""

from __future__ import annotations

from sealbook.core.deid import analyse
from tests.core.deid.removal import all_removed, none_removed, removed

# --- an address written one part per line ----------------------------------------------


def test_an_address_block_in_lower_case_is_removed_line_by_line() -> None:
    text = "the bakery is at 412 73 old quarry\nlower brenholt\n, wk\n 40917. it opens at six."
    for part in ("412 73 old quarry", "lower brenholt", "wk", "40917"):
        assert all_removed(text, part), part
    assert none_removed(text, "the bakery is at")
    assert none_removed(text, "it opens at six")


def test_an_address_block_with_a_foreign_street_and_a_country_line() -> None:
    text = "Write to 88 Vicolo Sgarbeta 14 Suite 20\nPrellau\n, ZT\n Orlavia (North) 30418"
    for part in ("88 Vicolo Sgarbeta 14 Suite 20", "Prellau", "ZT", "30418"):
        assert all_removed(text, part), part
    assert none_removed(text, "Write to")


def test_the_street_of_a_block_begins_after_the_sentence_before_it() -> None:
    text = "I lived on 3 Kellavik 9. I now live in 51 Tornsvej 7\nBrakkum\n, nan\n 66120"
    assert all_removed(text, "51 Tornsvej 7")
    assert none_removed(text, "I now live in")


def test_numbered_lines_that_are_not_an_address_are_left_alone() -> None:
    # A dose on a numbered line, a word, then a figure: no town line and region between.
    text = "Plan:\n2 tablets at night\nreview in clinic\n 10000 steps daily"
    assert removed(text) == set()


# --- a town before the venue a "Where:" field names ----------------------------------


def test_the_town_before_venue_words_after_where_is_a_town() -> None:
    for text, town in (
        ("When: 3 May\nWhere: Harlowby (Wessex) Country Club.", "Harlowby (Wessex)"),
        ("When: 3 May\nWhere: Stari brod Golf Club.", "Stari brod"),
    ):
        assert all_removed(text, town), town
        spans = [(text[s.start : s.end], s.label.value) for s in analyse(text)]
        assert (town, "CITY") in spans, spans


# --- the value of a form field that asks for a town ------------------------------------


def test_a_field_that_asks_for_a_town_names_one() -> None:
    # Towns the gazetteer does not hold (invented, or spelt another way): the label says it.
    for text, town in (
        ("Town of residence: Quorvale\nNext of kin: sister", "Quorvale"),
        ("Name: withheld\nCity/Town: Harlowby, IL\n", "Harlowby"),
        ("Place of birth: Ţarnova\n", "Ţarnova"),
        ("Hometown: Kestrelmoor", "Kestrelmoor"),
    ):
        spans = [(text[s.start : s.end], s.label.value) for s in analyse(text)]
        assert (town, "CITY") in spans, spans


def test_a_town_field_without_a_town_or_a_city_in_a_sentence_is_clean() -> None:
    for text in ("City: Unknown\nTown: Not stated", "We went to the city: it was loud."):
        assert removed(text) == set(), text


# --- a qualifier or a district after a place belongs to it ------------------------------


def test_a_district_number_after_a_town_is_part_of_it() -> None:
    text = "She worked at a bakery in Tabor 4, which has since closed."
    assert all_removed(text, "Tabor 4")
    assert none_removed(text, "which has since closed")


def test_a_number_after_a_town_that_goes_on_is_not_a_district() -> None:
    text = "She lived in Tabor 4 years ago."
    assert none_removed(text, "4 years ago")


# --- a town before its postal code, in any case ------------------------------------------


def test_a_lower_case_town_before_a_postcode_is_a_town() -> None:
    text = "looking to support the co-op in barra do merlo 5881 in its mission."
    assert all_removed(text, "barra do merlo 5881")
    assert none_removed(text, "in its mission")


def test_a_room_number_after_in_is_not_a_town() -> None:
    text = "The group meets in room 4410 on Mondays."
    assert removed(text) == set()


# --- a place in capitals after a place cue ---------------------------------------------


def test_a_place_of_ordinary_words_in_capitals_shaped_like_a_town() -> None:
    text = "I'm Oriel Vantana, originally from FORT OF MEADOWS, and I'm 58."
    assert all_removed(text, "FORT OF MEADOWS")


def test_a_short_word_in_capitals_where_one_arrives_is_a_place() -> None:
    text = "The envoy arrived at BRAE this morning."
    assert all_removed(text, "BRAE")


def test_an_acronym_after_a_place_cue_is_not_a_place() -> None:
    for text in ("She was seen at EMDR sessions weekly.", "He works in the ICU now.",
                 "They met at NHS offices."):  # fmt: skip
        assert removed(text) == set(), text


# --- a postal code after the country that ends an address ----------------------------


def test_a_postcode_after_a_country_ending_an_address_is_a_postcode() -> None:
    text = "Oskar Brenn\n\n14 ul. Wiosenna 9\n Apt. 12\n Kielnowo\n\n Poland 30417"
    assert all_removed(text, "30417")


def test_a_number_after_a_country_in_a_sentence_is_not_a_postcode() -> None:
    text = "Norway 10000 troops were sent, the book says."
    assert none_removed(text, "10000")


# --- a lower-case word of another language's letters after "of" ------------------------


def test_a_foreign_lower_case_town_after_of_with_its_district_letter() -> None:
    text = "she studied journalism at the university of århøj v."
    assert all_removed(text, "århøj v")
    assert none_removed(text, "journalism")


def test_an_english_lower_case_word_after_of_is_not_a_place() -> None:
    text = "a sense of calm, a cup of coffee and a piece of cake."
    assert removed(text) == set()


# --- a street and its number after "return to" -----------------------------------------


def test_a_street_and_number_after_return_to_is_an_address() -> None:
    text = "Please return to Oakes and Hvalsnesby 12 in case of an issue."
    assert all_removed(text, "Oakes and Hvalsnesby 12")
    assert none_removed(text, "in case of an issue")


def test_ordinary_words_and_a_number_after_return_to_are_not_an_address() -> None:
    for text in ("She will return to Work 2 days a week.", "Return to Clinic in 6 weeks."):
        assert removed(text) == set(), text


# --- gazetteer cities of several words (the words joined to the first are counted once) --


def _gazetteer_found(text: str) -> list[str]:
    from sealbook.core.deid.detectors.places import _gazetteer_cities

    return [text[s.start : s.end] for s in _gazetteer_cities(text)]


def test_a_city_of_several_words_is_found_whole_when_one_space_or_hyphen_joins_them() -> None:
    assert _gazetteer_found("She moved to The Dalles in May.") == ["The Dalles"]
    assert _gazetteer_found("The patient drove to Winston-Salem today.") == ["Winston-Salem"]


def test_the_words_of_a_city_parted_by_more_than_one_space_are_no_city() -> None:
    assert _gazetteer_found("She moved to The  Dalles in May.") == []
    assert _gazetteer_found("Mobile phone lost, then found.") == []
