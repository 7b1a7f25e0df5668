"""Issue 13, value refill: towns, streets and postcodes of many locales put into the shapes
of the presidio-synth corpus, found by mechanism.

Every sentence here is written for these tests (synthetic streets, towns and numbers).
Each mechanism has a sentence it finds and one it leaves alone.
"""

from __future__ import annotations

from sealbook.core.deid import Packet
from sealbook.core.deid.datetext import parse_date
from sealbook.core.deid.spans import Label
from tests.core.deid.removal import all_removed, labels_over, none_removed

# --- an English street type word with the house number after it ---------------------------


def test_an_english_street_type_then_a_house_number_is_a_street_with_its_number() -> None:
    for text, part in (
        ("Ines Varga\n\n44184 Kelvy Cove 66\n Suite 517\n Oakvale", "44184 Kelvy Cove 66"),
        ("Where should it go? User: Joseph Motorway 82", "Joseph Motorway 82"),
        ("He lives on the north side of Martin Ports 1981.", "Martin Ports 1981"),
        ("Please return to Ants Wells 11 in case of an issue.", "Ants Wells 11"),
    ):
        assert all_removed(text, part), text
        assert labels_over(text, part) == {Label.ADDRESS}, text


def test_a_street_type_word_and_a_number_that_do_not_end_a_street_are_left() -> None:
    assert none_removed("She walks down Main Street 5 times a week.", "5 times")
    assert none_removed("He had a Grade Point 4. Then he left.", "Grade Point 4")


# --- street types of more languages --------------------------------------------------------


def test_street_types_of_more_languages_make_a_street_with_its_number() -> None:
    for text, part in (
        ("Send the card to Gang Melati Raya 41?", "Gang Melati Raya 41"),
        ("22978 Jl. Merpati 49. Suite 638\nBandar Sari, 43 73313", "22978 Jl. Merpati 49"),
        ("25442 Diagonal Calderón 51\n Apt. 526\n Plateros", "25442 Diagonal Calderón 51"),
        ("The bus station is on montée Poirier 486", "montée Poirier 486"),
        ("The title refers to Vulčeva ulica 5464 street in Kristianstad.", "Vulčeva ulica 5464"),
    ):
        assert all_removed(text, part), text
        assert Label.ADDRESS in labels_over(text, part), text


def test_the_english_words_among_those_types_are_left_alone() -> None:
    text = "The gang went 3 times. A diagonal line 4 cm long. He took the rang 5 times."
    for part in ("gang went 3", "diagonal line 4", "rang 5"):
        assert none_removed(text, part), part


# --- postcodes of more countries ---------------------------------------------------------


def test_postcodes_of_more_countries_after_zip_or_a_town_are_found() -> None:
    for text, part in (
        ("ZIP: H-8116", "H-8116"),
        ("ZIP: D02 X285", "D02 X285"),
        ("Postcode: 3610-114", "3610-114"),
        ("We support the food bank in Castañas 01-408 in its mission.", "01-408"),
        ("We support the choir in Veldhoven 7904 BQ this year.", "7904 BQ"),
        ("We support the library in Muurame 787129 in its mission.", "787129"),
        ("We support the school in São João da Varjota 7724 in its work.", "7724"),
    ):
        assert all_removed(text, part), text
        assert Label.ZIP in labels_over(text, part), text


def test_numbers_after_ordinary_words_or_a_year_are_no_postcodes() -> None:
    text = "Pay in full 123456 now; we met in Boston 2019 US and in room 4410 once."
    for part in ("123456", "2019 US", "4410"):
        assert none_removed(text, part), part


# --- towns told by where they stand ----------------------------------------------------------


def test_an_ordinary_word_where_only_a_town_stands_is_a_town() -> None:
    for text, part in (
        ("Mr. Slepan flew to Sales on Thursday morning.", "Sales"),
        ("Mrs. Schwaner landed in Hobo on Sunday morning.", "Hobo"),
        ("The economy of the band's home city Pellet: farms and mills.", "Pellet"),
        ("Karin Holm\n\nDownsville\nUnited States", "Downsville"),
        ("Piet Kuchar\n\nMill Village\nUnited Kingdom", "Mill Village"),
    ):
        assert all_removed(text, part), text
        assert Label.CITY in labels_over(text, part), text


def test_a_country_weekday_or_closing_where_a_town_may_stand_is_left() -> None:
    text = "They flew to Spain on Monday and flew back on Friday."
    assert none_removed(text, "Spain")
    assert none_removed("Best Wishes\nUnited States", "Best Wishes")


def test_more_towns_above_a_country_line_and_a_country_without_its_article() -> None:
    for text, part, label in (
        ("Karin Holm\n\nWest Freehold\nUnited States", "West Freehold", Label.CITY),
        ("Karin Holm\n\nWijk aan Zee\nUnited States", "Wijk aan Zee", Label.CITY),
        ("Suite 799\n> Bademler\n> United Kingdom 26122", "Bademler", Label.CITY),
        ("Apt. 130\n Magnetic Island\n\n Netherlands 58792", "58792", Label.ZIP),
    ):
        assert all_removed(text, part), text
        assert label in labels_over(text, part), text


def test_a_count_after_a_country_without_its_article_is_no_postcode() -> None:
    assert none_removed("Netherlands 10000 troops were sent.", "10000")
    assert none_removed("Best Wishes\nUnited States 2024", "Best Wishes")


# --- a time of day before "on" and the date ------------------------------------------------


def test_a_time_before_on_and_a_date_goes_with_the_date_and_is_kept_when_shifted() -> None:
    text = "She was born at 10:24 AM on October 09, 2007 in the clinic."
    assert all_removed(text, "10:24 AM on October 09, 2007")
    assert labels_over(text, "10:24 AM on October 09, 2007") == {Label.DATE}
    shifted = parse_date("10:24 AM on October 09, 2007")
    assert shifted is not None
    packet = Packet("safe-harbor", "pseudonym", secret=b"b" * 32, date_shift_days=10)
    assert "10:24 AM on October 19, 2007" in packet.deidentify(text).text


def test_a_number_before_on_and_a_weekday_or_a_score_is_no_time_of_a_date() -> None:
    text = "We met at 5 on Monday; the score was 10:2 on March 3."
    assert none_removed(text, "5 on Monday")
    assert none_removed(text, "10:2 on")


# --- a town of ordinary words before a venue named for it ----------------------------------


def test_ordinary_words_before_a_venue_named_for_its_town_are_a_town() -> None:
    for town in ("Pines Beach", "Hope", "North Franklin"):
        text = f"When: 2012-01-22 02:47:10\nWhere: {town} Country Club."
        assert all_removed(text, town), text
        assert labels_over(text, town) == {Label.CITY}, text


def test_a_small_word_before_a_venue_is_no_town() -> None:
    text = "When: 2012-01-22 02:47:10\nWhere: The Grand Country Club."
    assert Label.CITY not in labels_over(text, "The Grand")


# --- Czech and Slovak streets named by a preposition ---------------------------------------


def test_a_street_named_by_a_czech_or_slovak_preposition_is_a_street() -> None:
    for text, part in (
        ("Dana lives on Na kaštieli 23 street.", "Na kaštieli 23"),
        ("Where should it go? User: K Lipám 87", "K Lipám 87"),
        ("Please send it to U Školy 9, Brno.", "U Školy 9"),
    ):
        assert all_removed(text, part), text
        assert Label.ADDRESS in labels_over(text, part), text


def test_english_words_after_such_a_letter_are_no_street() -> None:
    for text in ("Note: U Turn 3", "Score: V Festival 2", "Make a U Turn 3 times."):
        assert Label.ADDRESS not in labels_over(text, text.split()[-2]), text
