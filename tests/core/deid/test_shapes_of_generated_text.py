"""Issue 13, twelfth round: shapes of presidio-evaluator's generator seen again on new text
(presidio-gen, seed 2027), found by mechanism.

Every sentence here is written for these tests (synthetic names, companies and numbers).
Each mechanism has a sentence it finds and one it leaves alone.
"""

from __future__ import annotations

from sealbook.core.deid.spans import Label
from tests.core.deid.removal import all_removed, labels_over, none_removed

# --- a timestamp's fractional seconds -------------------------------------------------------


def test_an_iso_date_keeps_its_time_with_fractional_seconds() -> None:
    for text, part in (
        ("Date: 1991-07-12 08:41:12.738076\nName: Ravi Orlen", "1991-07-12 08:41:12.738076"),
        ("When: 2006-03-14 16:28:35.5\nWhere: the hall", "2006-03-14 16:28:35.5"),
    ):
        assert all_removed(text, part), text
        assert labels_over(text, part) == {Label.DATE}, text


def test_a_decimal_after_a_date_without_a_time_is_left() -> None:
    text = "On 2006-03-14 the dose was 3.5 mg."
    assert none_removed(text, "3.5 mg")


# --- a street's own name, then the English word "street" ------------------------------------


def test_a_foreign_street_and_its_number_before_the_word_street_is_a_street() -> None:
    for text, part in (
        ("The title refers to Kvarna Lidebo 73 street in Orsund.", "Kvarna Lidebo 73"),
        ("The title refers to 127 Ardelianos Kampou street in Tovira.", "127 Ardelianos Kampou"),
        ("She grew up on Tuuliaap Aqq. 291 street.", "Tuuliaap Aqq. 291"),
    ):
        assert all_removed(text, part), text
        assert Label.ADDRESS in labels_over(text, part), text


def test_dictionary_words_or_no_house_number_before_the_word_street_are_left() -> None:
    assert none_removed("She crossed Oak 5 street and the Old Mill road.", "Oak 5")
    assert none_removed("It was on this street that the clubs stood.", "this street")


# --- six-digit numbers in pairs under a phone label -----------------------------------------


def test_six_digits_in_pairs_are_a_phone_where_a_label_says_so() -> None:
    for text, part in (
        ("Personal Info:\nPhone:\n66 28 45\n\nE-mail:", "66 28 45"),
        ("Tel: 34 13 74", "34 13 74"),
        ("Nuuk 3900\n34 13 74-Office", "34 13 74"),
    ):
        assert all_removed(text, part), text
        assert labels_over(text, part) == {Label.PHONE}, text


def test_six_digits_in_pairs_without_a_label_are_left() -> None:
    text = "The scores were 21 18 25 at 10 30 45 in the second round."
    assert none_removed(text, "21 18 25")
    assert none_removed(text, "10 30 45")


# --- the town after a street and "in" -------------------------------------------------------


def test_the_town_after_a_street_and_in_is_a_town() -> None:
    for text, town in (
        ("The title refers to Kvarna Lidebo 73 street in ORSUND. It was there.", "ORSUND"),
        ("He lives at 12 Elm Street in Tovira.", "Tovira"),
        ("The title refers to 127 Ardelianos Kampou street in Larvika.", "Larvika"),
    ):
        assert all_removed(text, town), text
        assert labels_over(text, town) == {Label.CITY}, text


def test_a_room_after_a_street_and_in_is_no_town() -> None:
    text = "We met at 12 Elm Street in Room Four."
    assert none_removed(text, "Room Four")


# --- Czech towns joined by "u" or "na" ------------------------------------------------------


def test_a_czech_town_joined_by_u_or_na_is_one_town() -> None:
    for text, town in (
        ("The next year at Orvel Bank in Lhotka u Tovic, which later closed.", "Lhotka u Tovic"),
        ("She moved to Nové Lesko na Moravě.", "Nové Lesko na Moravě"),
    ):
        assert all_removed(text, town), text
        assert labels_over(text, town) == {Label.CITY}, text


def test_u_between_a_given_name_and_a_kinship_word_joins_no_town() -> None:
    text = "Love from Ana u Mum xx"
    assert none_removed(text, "u Mum")


# --- the Portuguese "R" (rua) undotted ------------------------------------------------------


def test_an_undotted_r_after_a_house_number_begins_a_street() -> None:
    for text, street in (
        ("We will meet at Tovira Ltd, 5816 R Capela 99, Leirosa", "5816 R Capela 99"),
        ("Billing address: 8073 R Palmeira 14\nChapelle-lez-Tovin, WHT 1221", "8073 R Palmeira 14"),
    ):
        assert all_removed(text, street), text


def test_an_initial_r_before_a_surname_begins_no_street() -> None:
    text = "Room 5 R Patel 2 times a week."
    assert none_removed(text, "2 times")


# --- a one-line address whose town ends in a region's code ----------------------------------


def test_a_town_and_region_code_after_a_unit_close_a_one_line_address() -> None:
    for text, town in (
        ("Please return to 414 Kesk 53 Apt. 568 Tovirna PR in case of an issue.", "Tovirna PR"),
        ("It arrived at 892 Rua Lemos 151 Suite 970 Pindavira SP last night.", "Pindavira SP"),
    ):
        assert all_removed(text, town), text
        assert labels_over(text, town) == {Label.CITY}, text


def test_a_dictionary_word_after_a_unit_is_no_town_before_a_code() -> None:
    text = "Send it to 12 Elm Street Apt. 5 Then OK thanks"
    assert none_removed(text, "Then OK")


# --- a British postcode written whole -------------------------------------------------------


def test_a_whole_british_postcode_is_a_postcode_anywhere() -> None:
    for text, code in (
        ("Looking to support Tovira Inc. in ELVINGTON YO4 2ZN in its mission", "YO4 2ZN"),
        ("She lives in Leeds LS1 4AP now.", "LS1 4AP"),
        ("Send it to NW10 5NP.", "NW10 5NP"),
    ):
        assert all_removed(text, code), text
        assert labels_over(text, code) == {Label.ZIP}, text


def test_a_dose_or_a_code_with_letters_no_inward_code_uses_is_no_postcode() -> None:
    for text, part in (("Vitamin B12 1MG daily.", "B12 1MG"), ("Bay A1 2CD is free.", "A1 2CD")):
        assert none_removed(text, part), text
