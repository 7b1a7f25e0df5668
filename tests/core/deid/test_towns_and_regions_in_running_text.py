"""Issue 13, tenth round: towns and regions of many countries in running text (GPE), found
by mechanism.

Every sentence here is written for these tests (synthetic towns and regions).
Each mechanism has a sentence it finds and one it leaves alone.
"""

from __future__ import annotations

from sealbook.core.deid.spans import Label
from tests.core.deid.removal import all_removed, labels_over, none_removed

# --- a Czech, Slovak or Polish town named by its river or hills ------------------------


def test_a_town_joined_by_nad_pod_or_v_after_a_place_cue_is_a_town() -> None:
    text = "She moved to Lhotka nad Vltavicí and later lived in Horní Dvůr v Pošumaví."
    assert all_removed(text, "Lhotka nad Vltavicí")
    assert all_removed(text, "Horní Dvůr v Pošumaví")


def test_ordinary_words_either_side_of_v_are_no_town() -> None:
    text = "The debate in House v Senate on Monday went to Committee v Board votes."
    assert none_removed(text, "House v Senate")
    assert none_removed(text, "Committee v Board")


# --- a region before the noun of its kind -----------------------------------------------


def test_a_region_before_its_administrative_noun_is_a_region() -> None:
    text = "Spent two years in Vrbecký kraj, then moved to Norrvikens län and Tokuda Prefecture."
    assert all_removed(text, "Vrbecký kraj")
    assert all_removed(text, "Norrvikens län")
    assert all_removed(text, "Tokuda Prefecture")


def test_ordinary_words_before_an_administrative_noun_are_no_region() -> None:
    text = "The Central Prefecture and the Northern Prefecture offices answered the letter."
    assert none_removed(text, "Central Prefecture")
    assert none_removed(text, "Northern Prefecture")


# --- a list of towns where one lives is no firm -----------------------------------------


def test_a_list_after_where_one_lived_is_no_firm() -> None:
    text = "He has lived in Vorkala, Tesmaneid and Brukholm since school."
    assert labels_over(text, " and ") == set()


def test_a_list_after_a_partner_in_is_still_a_firm() -> None:
    text = "She is a partner in Vorkala, Tesmaneid and Brukholm now."
    assert Label.ORGANIZATION in labels_over(text, " and ")


# --- a hyphenated town before "-born" or "-based" ---------------------------------------


def test_a_hyphenated_town_before_born_is_a_town_without_born() -> None:
    text = "The Vaumont-sur-Grelin-born nurse joined a Pré-lès-Tarvoux-based practice."
    assert all_removed(text, "Vaumont-sur-Grelin")
    assert none_removed(text, "-born nurse")
    assert all_removed(text, "Pré-lès-Tarvoux")


def test_a_hyphenated_phrase_of_ordinary_words_before_born_is_no_town() -> None:
    text = "The Up-on-Time-born idea and the Run-of-the-Mill-based plan were dropped."
    assert none_removed(text, "Up-on-Time")


# --- a compass or place word and a name before "-born" ----------------------------------


def test_a_prefixed_town_before_born_is_a_town() -> None:
    text = "The East Varnaby-born nurse met a Lake Corin-bred farmer."
    assert all_removed(text, "East Varnaby")
    assert all_removed(text, "Lake Corin")


def test_a_country_state_or_people_before_born_is_no_town() -> None:
    text = "The South Korean-born chef and the North Carolina-born chef cooked."
    assert none_removed(text, "South Korean")
    assert none_removed(text, "North Carolina")


# --- a region's code after the town, in capitals though also a particle ("DE") ----------


def test_a_region_code_in_capitals_after_a_town_goes_with_it() -> None:
    text = "How do I change my address to 14 Maud Street Apt. 120 Varnholt DE for post mail?"
    assert all_removed(text, "Varnholt DE")
    assert labels_over(text, "Varnholt DE") == {Label.CITY}  # the address's, not a name
    text = "Please send it to 45 Via delle Viole 81 Suite 148 Palazzo D'Orvenia AN? I am away."
    assert labels_over(text, "Palazzo D'Orvenia AN") == {Label.CITY}


def test_a_particle_inside_a_town_is_still_read_as_one() -> None:
    text = "He lives at 12 Calle Mayor, Villanoria de la Cañada, with his sister."
    assert all_removed(text, "Villanoria de la Cañada")
    assert none_removed(text, "with his sister")
