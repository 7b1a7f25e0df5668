"""Issue 13, eleventh session: a street given with the one it meets after a preposition of
place or on a line of its own ("a taxi to Dagmar and Pieter Calandlaan 6."), and a town's
district number or letter, whichever rule found the town ("I am in Karlovy Vary 17 for a
business trip"). Found on a fresh probe of presidio-evaluator's generator (seeds
3101-3106). Each rule both ways. Every name and address here is made up.
"""

from __future__ import annotations

import pytest

from sealbook.core.deid import analyse
from sealbook.core.deid.spans import Label


def _found(text: str) -> list[tuple[Label, str]]:
    return [(s.label, text[s.start : s.end]) for s in analyse(text)]


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Please call a taxi to Dagmar and Pieter Calandlaan 6. Call me when you're here.",
         "Dagmar and Pieter Calandlaan 6"),
        ("It's in Kino and Loftaheden 37", "Kino and Loftaheden 37"),
        ("It's in Janice and R Pelourinho 56", "Janice and R Pelourinho 56"),
        ("The letter arrived at Jordanka and Καστελλόκαμπος 43 last night.",
         "Jordanka and Καστελλόκαμπος 43"),
        ("Update the billing address with Áslákur and Třebčínská 417 for this card.",
         "Áslákur and Třebčínská 417"),
        ("Vale S.A.\n\nTamila and Ctra. Hornos 3\n", "Tamila and Ctra. Hornos 3"),
    ],
)  # fmt: skip
def test_a_street_given_with_the_one_it_meets_after_a_place_word_is_an_address(
    text: str, street: str
) -> None:
    assert (Label.ADDRESS, street) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Reviewed: Patel and Okafor 2.",
        "Increased to Sertraline and Fluoxetine 2.",
        "He was seen on Monday and Tuesday 3 times.",
        "Moved to Group and Team 4 last week.",
    ],
)
def test_without_a_place_word_or_with_ordinary_words_a_short_number_makes_no_street(
    text: str,
) -> None:
    assert Label.ADDRESS not in [label for label, _ in _found(text)]


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("I am in Karlovy Vary 17 for a business trip.", "Karlovy Vary 17"),
        ("Mr. Holm flew to Frederiksberg C on Wednesday morning.", "Frederiksberg C"),
        ("The address of the firm is 5667 Ombù 9091, Valašské Mezirící 1, Czech Republic",
         "Valašské Mezirící 1"),
        ("2276 Strojírenská 96\nApt. 086\nŽdár nad Sázavou 1\nCzech Republic",
         "Ždár nad Sázavou 1"),
    ],
)  # fmt: skip
def test_a_towns_district_goes_with_it_whichever_rule_found_the_town(text: str, town: str) -> None:
    assert (Label.CITY, town) in _found(text)


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("She moved to Leeds 2 years ago.", "Leeds"),
        ("He went to Boston 3 times.", "Boston"),
    ],
)
def test_a_number_that_counts_something_after_a_town_is_no_district(text: str, town: str) -> None:
    assert (Label.CITY, town) in _found(text)


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("I am in ROW HEATH for a business trip.", "ROW HEATH"),
        ("The street is in MOOR END. It was there.", "MOOR END"),
        ("We moved here from ÖRBY", "ÖRBY"),
    ],
)
def test_a_village_in_capitals_after_a_place_word_is_a_town(text: str, town: str) -> None:
    assert (Label.CITY, town) in _found(text)


@pytest.mark.parametrize(
    "text",
    ["I'm in PAIN and I'm in LOVE.", "We got to THE END of it.", "He was in ICU for a week."],
)
def test_capitals_of_feeling_or_an_acronym_after_a_place_word_are_no_town(text: str) -> None:
    assert Label.CITY not in [label for label, _ in _found(text)]


def test_a_postcode_after_a_relatives_word_is_no_relatives_name() -> None:
    found = _found("99 Balsham Road\nHARROGATE nan HG1 8UQ")
    assert (Label.ZIP, "HG1 8UQ") in found
    assert Label.RELATIVE not in [label for label, _ in found]


@pytest.mark.parametrize("mark", ["???", "\u2022", "\u00b7"])
def test_an_address_block_behind_bullets_or_what_is_left_of_them_is_read_as_one(
    mark: str,
) -> None:
    text = "\n".join(
        f"{mark} {line}"
        for line in ("6334 86 Pavlou Drandaki", "Suite 002", "Lemona", "Cyprus 45820")
    )
    found = _found(text)
    assert (Label.CITY, "Lemona") in found
    assert (Label.ADDRESS, "6334 86 Pavlou Drandaki") in found


def test_a_towns_name_with_its_particle_after_arrived_at_is_a_town() -> None:
    found = _found("The delegation arrived at Hostomice pod Brdy this morning.")
    assert (Label.CITY, "Hostomice pod Brdy") in found


def test_a_time_or_a_place_of_work_after_arrived_at_is_no_town() -> None:
    assert _found("She arrived at Noon and later arrived at Work.") == []


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("The bus station is on 86 Pavlou Drandaki", "86 Pavlou Drandaki"),
        ("The bus station is on An Der Schütt 54", "An Der Schütt 54"),
        ("The restaurant is at 304 81 Chalkokondili", "304 81 Chalkokondili"),
        ("He lives on the north side of Alter Wall 79.", "Alter Wall 79"),
    ],
)
def test_a_street_with_no_street_word_after_a_place_cue_is_an_address(
    text: str, street: str
) -> None:
    assert (Label.ADDRESS, street) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "He is on Sertraline 50.",
        "The session is on Monday 3.",
        "She is on Level 3.",
        "He lives on Floor 2.",
    ],
)
def test_a_dose_a_date_or_ordinary_words_after_is_on_make_no_street(text: str) -> None:
    assert Label.ADDRESS not in [label for label, _ in _found(text)]


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("Where: El Marja Country Club.", "El Marja"),
        ("We met at the Puntas de Maciel Country Club on Friday.", "Puntas de Maciel"),
        ("Where: Las Torres de Cotillas Country Club.", "Las Torres de Cotillas"),
        ("Where: Bielefeld Gräfinghagen Country Club.", "Bielefeld Gräfinghagen"),
    ],
)
def test_a_town_with_its_article_particles_or_district_opening_a_clubs_name_is_a_town(
    text: str, town: str
) -> None:
    assert (Label.CITY, town) in _found(text)


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Erik lives on 14 Rue 9 Avril 1938 street.", "14 Rue 9 Avril 1938"),
        ("Meet at 12 Rua 25 de Março, São Paulo.", "12 Rua 25 de Março"),
        ("Send it to 5 Calle 5 de Mayo.", "5 Calle 5 de Mayo"),
    ],
)
def test_a_street_named_by_a_date_is_one_street(text: str, street: str) -> None:
    assert (Label.ADDRESS, street) in _found(text)


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Hoshino\n\n7030 92 Vasileos Pavlou str\nSuite 274",
         "7030 92 Vasileos Pavlou str\nSuite 274"),
        ("The bus drops you off at 473 159 Eleftheriou Venizelou str St.",
         "473 159 Eleftheriou Venizelou str"),
        ("He lives on the north side of Rua Professor Luiz Carlos de Lyra Netto 298.",
         "Rua Professor Luiz Carlos de Lyra Netto 298"),
    ],
)  # fmt: skip
def test_a_street_abbreviated_str_or_named_by_six_words_is_one_street(
    text: str, street: str
) -> None:
    assert (Label.ADDRESS, street) in _found(text)


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("My friend lives in ROSS", "ROSS"),
        ("He grew up in PRAM.", "PRAM"),
        ("I'm Harwin, originally from SKI, and 25.", "SKI"),
        ("The agency is based in HART.", "HART"),
    ],
)
def test_a_short_name_in_capitals_where_one_lives_or_comes_from_is_a_town(
    text: str, town: str
) -> None:
    assert (Label.CITY, town) in _found(text)


@pytest.mark.parametrize(
    "text", ["She lives in FEAR of him.", "He lives in PAIN.", "She works in IT.", "I'm in LOVE."]
)
def test_a_feeling_or_a_trade_in_capitals_after_in_is_no_town(text: str) -> None:
    assert Label.CITY not in [label for label, _ in _found(text)]


def test_a_town_with_its_district_on_its_own_line_above_its_country_is_a_town() -> None:
    found = _found("Nicoletta D Mazzanti\n\nTurnov 1\nCzech Republic")
    assert (Label.CITY, "Turnov 1") in found


def test_an_ordinary_word_and_a_number_above_a_country_is_no_town() -> None:
    assert Label.CITY not in [label for label, _ in _found("Notes\n\nReview 2\nUnited Kingdom")]


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Frederik Abelsen\n\n8725 Villa Fonteinkruid 180\nSuite 213\nWaalwijk",
         "8725 Villa Fonteinkruid 180"),
        ("Kameta\n\n090 Peter Zuidhove 188\nSuite 948\nZoetermeer", "090 Peter Zuidhove 188"),
    ],
)  # fmt: skip
def test_a_building_number_a_name_and_a_house_number_above_a_unit_are_a_street(
    text: str, street: str
) -> None:
    assert (Label.ADDRESS, street) in _found(text)


def test_a_street_with_particles_above_a_unit_is_covered_whole() -> None:
    text = "Zachary Jordan\n\n242 Republica de Chile 8305\nSuite 659\nBlanquillo"
    spans = analyse(text)
    street = text.index("242"), text.index("\nSuite")
    letters = [i for i in range(*street) if text[i].isalnum()]
    assert all(any(s.start <= i < s.end for s in spans) for i in letters)


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("I am in Oliveira do Hospital for a business trip.", "Oliveira do Hospital"),
        ("The economy of her home city Klobouky u Brna: it grew.", "Klobouky u Brna"),
        ("He grew up in Chomutice u Horic v Podkrkonoší.", "Chomutice u Horic v Podkrkonoší"),
        ("My friend lives in Mountain Lake.", "Mountain Lake"),
        ("We moved here from Mechanics Bay.", "Mechanics Bay"),
    ],
)
def test_a_towns_name_goes_on_after_its_particle_or_ends_in_a_waters_word(
    text: str, town: str
) -> None:
    assert (Label.CITY, town) in _found(text)


def test_a_weekday_after_a_particle_is_no_part_of_the_town() -> None:
    assert (Label.CITY, "London") in _found("Meet in London am Monday.")
