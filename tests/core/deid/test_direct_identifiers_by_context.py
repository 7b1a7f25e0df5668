"""Issue 13, thirteenth round: direct identifiers told by what stands beside them.

Every sentence here is written for these tests (synthetic towns and numbers). Each
mechanism has a table of parts it must remove and a table of parts it must leave alone.
"""

from __future__ import annotations

import pytest

from tests.core.deid.removal import all_removed, none_removed

# --- a short phone number after a verb of calling or "messages to" ---------------------

MUST_REMOVE_PHONES = [
    ("Can someone call me on 47 18 29? I have a question.", "47 18 29"),
    ("Please ring us at 63 05 91 before noon.", "63 05 91"),
    ("I would like to stop receiving messages to 538 2716", "538 2716"),
    ("Stop the texts to 31 904562 please.", "31 904562"),
    ("Office 21 44 19,(01632) 960335-Fax", "(01632) 960335"),
]
MUST_KEEP_NUMBERS = [
    ("We meet at 10 30 45 minutes past.", "10 30 45"),
    ("The scores were 21 18 25 in the last three games.", "21 18 25"),
    ("She sent messages to 3 friends and 12 colleagues.", "3 friends"),
    ("Call me at 9 tomorrow.", "9 tomorrow"),
]


# --- a town written in capitals after "in" or "to" --------------------------------------

MUST_REMOVE_CAPITAL_TOWNS = [
    ("I'm in OSLO, at the conference.", "OSLO"),
    ("I am in STAINS for a business trip.", "STAINS"),
]
MUST_KEEP_CAPITALS = [
    ("He was moved to ICU overnight.", "ICU"),
    ("She is in PAIN most mornings.", "PAIN"),
    ("We meet at NOON on Fridays.", "NOON"),
]


# --- a town before the landmark it names, or after "University of" ----------------------

MUST_REMOVE_LANDMARK_TOWNS = [
    ("Zelvánky bridge is falling down.", "Zelvánky"),
    ("TERVAKOSKI bridge was closed for a week.", "TERVAKOSKI"),
    ("We landed late at Brunkeflo airport.", "Brunkeflo"),
    ("La Ravoire bridge is old.", "La Ravoire"),
    ("She read English at the University of Dolní Lhota.", "Dolní Lhota"),
    ("He teaches at the University of El Pinarejo.", "El Pinarejo"),
]
MUST_KEEP_LANDMARK_WORDS = [
    ("The bridge is falling down.", "The"),
    ("Tower bridge and Golden Gate bridge are old.", "Tower"),
    ("We crossed the Rope bridge twice.", "Rope"),
    ("She studies at the University of Technology.", "Technology"),
    ("He lectures at the University of Applied Sciences.", "Applied Sciences"),
]


# --- a given name opening a sentence or a line, before a surname found on its own --------

MUST_REMOVE_OPENING_GIVEN_NAMES = [
    ("Martin Oberhollenzer's killers were sentenced.", "Martin Oberhollenzer"),
    ("Who called? Tarvo Kesküla did, twice.", "Tarvo Kesküla"),
    ("Note for the file.\nCarolos Weibezahl\n12 Linden Road", "Carolos Weibezahl"),
]
MUST_KEEP_OPENING_WORDS = [
    ("So Oberhollenzer said no.", "So"),
    ("But Oberhollenzer's sister came.", "But"),
    ("Monday Oberhollenzer called.", "Monday"),
]


# --- the phrase after "address:" ----------------------------------------------------------

MUST_REMOVE_ADDRESS_PHRASES = [
    ("He had given her his address: 318 27 rue des Trois Moulins", "318 27 rue des Trois Moulins"),
    ("Her address is 5520 Kerk van 't Veldweg 41.", "5520 Kerk van 't Veldweg 41"),
]
MUST_KEEP_AFTER_ADDRESS = [
    ("My address is 12 the same as before.", "12 the same"),
    ("The address: 10 am on Monday works.", "10 am"),
    ("The address is 42 MB in size.", "42 MB"),
]


# --- a ship's name of any letters; a town of ordinary words after an address's comma ---

MUST_REMOVE_ADDRESS_ENDS = [
    ("Post to USS Ærøskøbing\nFPO AP 30114 please.", "USS Ærøskøbing\nFPO AP 30114"),
    ("She lives at 48 Tarrow Rise, Oyster Cove", "Oyster Cove"),
    ("He lives at 7 Hemmant Close, Glen Harrow.", "Glen Harrow"),
]
MUST_KEEP_AFTER_ADDRESS_COMMA = [
    ("He lives at 12 Tarrow Rise, Back Door please", "Door"),
    ("Visit 12 Tarrow Rise, so call first.", "so call"),
]


# --- a country after a blank line still closes an address --------------------------------

MUST_REMOVE_AFTER_BLANK_LINE = [
    ("To\n 52 Kallistratou 17\n Apt. 9\n Hrusice\n \n Czech Republic 30917", "Republic 30917"),
]
MUST_KEEP_AFTER_BLANK_LINE = [
    ("12 Tarrow Rise\nVrestina\n\n2024 was a hard year.", "2024"),
]


# --- every table, each case reported under its mechanism's sentence ---------------------

MUST_REMOVE = {
    "a_number_where_one_calls_or_sends_messages_is_a_phone": MUST_REMOVE_PHONES,
    "a_gazetteer_city_in_capitals_after_in_is_a_town": MUST_REMOVE_CAPITAL_TOWNS,
    "a_town_naming_a_landmark_or_a_university_is_a_town": MUST_REMOVE_LANDMARK_TOWNS,
    "a_given_name_opening_a_sentence_before_a_surname_is_the_name": MUST_REMOVE_OPENING_GIVEN_NAMES,
    "the_phrase_after_address_is_the_address": MUST_REMOVE_ADDRESS_PHRASES,
    "ship_names_and_settlement_words_close_an_address": MUST_REMOVE_ADDRESS_ENDS,
    "a_country_and_postcode_after_a_blank_line_close_the_address": MUST_REMOVE_AFTER_BLANK_LINE,
}

MUST_KEEP = {
    "times_scores_and_counts_stay": MUST_KEEP_NUMBERS,
    "acronyms_and_words_in_capitals_stay": MUST_KEEP_CAPITALS,
    "ordinary_words_and_given_names_before_a_landmark_stay": MUST_KEEP_LANDMARK_WORDS,
    "small_words_and_weekdays_opening_a_sentence_stay": MUST_KEEP_OPENING_WORDS,
    "times_sizes_and_ordinary_words_after_address_stay": MUST_KEEP_AFTER_ADDRESS,
    "ordinary_words_after_an_address_comma_stay": MUST_KEEP_AFTER_ADDRESS_COMMA,
    "a_number_after_a_blank_line_is_no_postcode": MUST_KEEP_AFTER_BLANK_LINE,
}


def cases(tables: dict[str, list[tuple[str, str]]]) -> list[object]:
    return [
        pytest.param(text, part, id=f"{rule}[{index}]")
        for rule, rows in tables.items()
        for index, (text, part) in enumerate(rows)
    ]


@pytest.mark.parametrize(("text", "part"), cases(MUST_REMOVE))
def test_each_mechanism_removes_its_parts(text: str, part: str) -> None:
    assert all_removed(text, part)


@pytest.mark.parametrize(("text", "part"), cases(MUST_KEEP))
def test_each_mechanism_leaves_its_ordinary_words(text: str, part: str) -> None:
    assert none_removed(text, part)
