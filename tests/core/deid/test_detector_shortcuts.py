"""The detectors' shortcuts find what the longer way finds (hypothesis).

Each shortcut tries a pattern at fewer places than before (speed, issue 13): these
properties check that the places left out could hold no match.
"""

from __future__ import annotations

import re
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

# Street-shaped text: house numbers and numbers that are none, words of streets and others.
STREET_TEXT = st.lists(
    st.sampled_from(["12", "1423", "3/4/2025", "10:30", "2.5", "140/90", "57/290", "12-3", "7a",
                     "1234567", " ", "  ", "\t", "\n", ", ", ",", "Maple", "Street", "St.",
                     "rue", "de", "la", "Paix", "Suite", "620", "fourth", "avenue", "Moore",
                     "Line", "÷", "\u0384", "Λεωφόρος", "-", "/", "x", "(", "mg"]),
    max_size=25,
).map("".join)  # fmt: skip


@given(STREET_TEXT)
@example("1423 Maple Street, Suite 620")
@example("12 ÷ 3")
@settings(max_examples=400, deadline=None)
def test_street_patterns_at_house_numbers_find_what_every_run_of_digits_finds(text: str) -> None:
    from sealbook.core.deid.detectors import european_streets, street_patterns
    from sealbook.core.deid.detectors.address_grammar import at_house_numbers
    from sealbook.core.deid.tokens import digit_matches, forget_texts

    for pattern in (
        street_patterns.STREET, street_patterns.STREET_LOWER, street_patterns.NOUN_TYPE_STREET,
        street_patterns.NUMBER_NAME_UNIT, european_streets.NUMBER_FIRST,
        european_streets.NUMBER_NAME_NUMBER,
    ):  # fmt: skip
        found = [m.span() for m in at_house_numbers(pattern, text)]
        assert found == [m.span() for m in digit_matches(pattern, text)], pattern.pattern
    forget_texts()


def test_a_time_or_a_date_is_no_house_number_and_a_number_before_a_word_is() -> None:
    from sealbook.core.deid.detectors.address_grammar import _house_number_starts
    from sealbook.core.deid.tokens import forget_texts

    text = "Seen at 10:30. Next on 3/4/2025.\nShe lives at 1423 Maple Street."
    assert _house_number_starts(text) == (text.index("1423"),)
    forget_texts()


DATE_TEXT = st.lists(
    st.sampled_from(["March", "May", "may", "MARCH", "Sept", "Sep.", "of", " ", "  ", "\n", ",",
                     "2021", "'21", "1999", "4", "4th", "12", "-", "/", "Tuesday", "Wed.", "Sun",
                     "the", "x", "."]),
    max_size=20,
).map("".join)  # fmt: skip


@given(DATE_TEXT)
@example("March 2021, May of 1999")
@example("Tuesday, March 4, 2021 and Wed. May 5")
@example("Tuesday March Tuesday, March 4")
@settings(max_examples=400, deadline=None)
def test_dates_matched_at_the_month_or_its_weekday_are_what_the_window_finds(text: str) -> None:
    from sealbook.core.deid import datetext
    from sealbook.core.deid.tokens import forget_texts, tokens_for

    month_year, month_day = (dict(datetext.PATTERNS)[s] for s in ("month_year", "month_day"))
    months = datetext._near_digits(text, tokens_for(text, datetext._MONTH_ANCHORS))
    assert [m.span() for m in datetext._at(text, months, month_year)] == [
        m.span() for m in datetext._around(text, months, month_year)
    ]
    assert [m.span() for m in datetext._at_weekday_or_month(text, months, month_day)] == [
        m.span() for m in datetext._around(text, months, month_day)
    ]
    forget_texts()


ORG_CUE_TEXT = st.lists(
    st.sampled_from(["works", "Works", "job", "company", "current", "employer", "attends",
                     "enrolled", "member", "plays", "goes", "at", "for", "of", "in", "is", ":",
                     "to church at", "the", "Acme", "Lincoln", "High", " ", "\n", ", "]),
    max_size=25,
).map("".join)  # fmt: skip


@given(ORG_CUE_TEXT)
@example("Works at Acme, current employer: Lincoln High, member of the Acme")
@settings(max_examples=300, deadline=None)
def test_each_organisation_cue_tried_at_its_own_words_finds_what_all_cue_words_find(
    text: str,
) -> None:
    from sealbook.core.deid.detectors import organisations
    from sealbook.core.deid.tokens import cued_matches, forget_texts

    for _, cues, pattern in organisations._CUES:
        assert cues <= organisations._ORG_CUE_WORDS
        assert [m.span() for m in cued_matches(text, cues, pattern)] == [
            m.span() for m in cued_matches(text, organisations._ORG_CUE_WORDS, pattern)
        ]
    forget_texts()


PARTNER_TEXT = st.lists(
    st.sampled_from(["White", "Willis", "Hoffman", "O'Neal", "Smith's", "and", "og", "e", "y",
                     "&", ",", ", ", " ", "  ", "\t", "\n", "-", "x", "the"]),
    max_size=20,
).map("".join)  # fmt: skip


@given(PARTNER_TEXT)
@example("White, Willis and Hoffman")
@example("White, Willis, and Hoffman")
@settings(max_examples=400, deadline=None)
def test_a_list_of_partners_ends_at_its_join_only_after_a_comma_and_a_partner(text: str) -> None:
    from sealbook.core.deid.detectors import organisations

    for join in re.finditer(r"\b(?:and|og|och|und|et|e|y)(?= )", text):
        at = join.start()
        after = organisations._PARTNER_WORDS.match(text, join.end() + 1)
        if after is None:
            continue
        listed = organisations._PARTNER_LIST.search(text, max(0, at - 100), after.end())
        if listed is not None and listed.group("firm").endswith(after.group()):
            before = organisations._BEFORE_LAST_PARTNER.search(text, max(0, at - 100), at)
            assert before is not None, text


RECORD_CUE_TEXT = st.lists(
    st.sampled_from(["MRN", "mrn", "medical record", "patient id", "member", "ID", "id", "s/n",
                     "driver's license", "licence plate", "plate", "tag", "case", "number",
                     "no.", "#", ":", " ", "\n", "is", "00482913", "XJH-448-2210", "12", "x"]),
    max_size=25,
).map("".join)  # fmt: skip


@given(RECORD_CUE_TEXT)
@example("MRN: 00482913, member ID XJH-448-2210, driver's license D1234567, s/n 99AB12")
@settings(max_examples=300, deadline=None)
def test_each_kind_of_record_number_tried_at_its_own_cue_words_finds_what_all_find(
    text: str,
) -> None:
    from sealbook.core.deid.detectors import record_numbers
    from sealbook.core.deid.tokens import cued_matches, forget_texts

    for _, cues, pattern in record_numbers._PATTERNS:
        assert cues <= record_numbers._CUE_WORDS
        assert [m.span() for m in cued_matches(text, cues, pattern)] == [
            m.span() for m in cued_matches(text, record_numbers._CUE_WORDS, pattern)
        ]
    forget_texts()


# Listing-shaped text: words of the trade in capitals, title case and lower case, legal
# forms, leverage factors, seats in brackets, and words that are none of these.
LISTING_TEXT = st.lists(
    st.sampled_from(["ADR", "SHS", "PFD", "Pfd", "pfd", "CUM", "Cum", "SH", "DEP", "NT16", "1MTG",
                     "ETF", "ETFS", "ETC", "GBP", "USD", "Long", "Short", "Series", "Shares",
                     "Class", "Inc.", "Inc", "Corp", "Ltd", "Limited", "Co.", "Fund", "2x", "X5",
                     "(Merged)", "(Japan)", "(", ")", "/", "/3", "1/40", "6.75%", "O.N.", "I.",
                     "SYS", "Kesta", "Orvan", "Daily", "the", "and", "É", "_", "'s", " ", "  ",
                     "\t", "\n", ",", ".", "-", "x", "A", "G", "SA", "AG", "NV", "Trust",
                     "Company", "Co", "plc", "\u00e9"]),
    max_size=20,
).map("".join)  # fmt: skip


@given(LISTING_TEXT)
@example("VESTAL WIND SYS/ADR")
@example("Drenna Power Corporation PFD 3.60% as the assistant")
@example("Inc 8.25% Cum Redm Series A")
@example("Tavrun Arkansas Inc. 1MTG BD 52 songwriter")
@example("Lena / Leverage Shares 2x Kestabucks ETC A / 12 Elm Row")
@example("SG Tavril x5 GBP Daily Short's board")
@example("QUOR I.SOL.-E.GL./USD, on the corner.")
@example("TVO Orvatronics Ltd (Merged) is a Dutch bank.")
@example("Kesta Holdings Company(Japan)Ltd. is a design agency.")
@example("CoCorp Inc.Ltd. \u00e9Co SAGE NV_SA Trust. Fund Bancshares")
@settings(max_examples=600, deadline=None)
def test_a_listing_shape_skipped_for_want_of_its_words_would_have_found_nothing(
    text: str,
) -> None:
    from sealbook.core.deid.detectors import listed_securities as listed

    capitals = listed.capital_runs(text)
    if listed.LISTING_WORDS.isdisjoint(capitals):
        assert list(listed._listing_runs(text)) == []
    if not listed._may_have_listing_tail(text, capitals):
        assert list(listed._listing_tails(text)) == []
    if listed._PRODUCTS.isdisjoint(capitals) and listed._CURRENCIES.isdisjoint(capitals):
        assert list(listed._leveraged(text)) == []
    if listed._SEAT_BEFORE_FORM.search(text) is None:
        assert list(listed.SEATED.finditer(text)) == []
    forms = [m.span() for m in listed.LEGAL_FORM.finditer(text)]
    assert [m.span() for m in listed._legal_forms(text)] == forms


@given(st.lists(st.sampled_from(["Bonds", "Bond", "Class", "CV", "C", "V", "Global", "JR", "J",
                                  "R", "Series", "Serie", "Pfd", " ", "\n", "x", "(", "Stock"]),
                max_size=12).map("".join))  # fmt: skip
@example("ACVB")
@settings(max_examples=400, deadline=None)
def test_one_search_for_the_tail_words_finds_one_where_a_search_for_each_does(text: str) -> None:
    from sealbook.core.deid.detectors import listed_securities as listed

    each = any(word in text for word in listed._FULL_TAIL_WORDS)
    assert (listed._FULL_TAIL_WORD.search(text) is not None) == each


def test_every_word_a_listing_shape_needs_is_a_run_of_two_capitals_or_more() -> None:
    from sealbook.core.deid.detectors import listed_securities as listed

    for word in listed.LISTING_WORDS | listed._PRODUCTS | listed._CURRENCIES:
        assert listed.capital_runs(word) == {word}


SUFFIX_STREET_TEXT = st.lists(
    st.sampled_from(["Kelly", "Cove", "Hill", "Ports", "Street", "Park", "Grade", "Point", "66",
                     "26", "4", "44184", "12a", "5.", "3/4", "please return to", "lives at", "The",
                     " ", "  ", "\t", "\n", ", ", ".", "-", "x", "Suite", "times"]),
    max_size=20,
).map("".join)  # fmt: skip


@given(SUFFIX_STREET_TEXT)
@example("44184 Kelly Cove 66")
@example("please return to Hill Ports 26, Kelly Park Street 4.")
@settings(max_examples=400, deadline=None)
def test_a_street_type_word_with_no_digit_after_it_is_skipped_without_loss(text: str) -> None:
    from sealbook.core.deid.detectors import suffix_number_streets as streets
    from sealbook.core.deid.tokens import forget_texts

    found = list(streets.suffix_number_streets(text))
    with mock.patch.object(streets, "digit_between", lambda text, lo, hi: True):
        assert list(streets.suffix_number_streets(text)) == found
    forget_texts()


INITIAL_TEXT = st.lists(
    st.sampled_from(["J", "K", "A.B", "U.S", "Dr", "ABC", "x", "Long", "King", "Smith", "O'Neil",
                     "Ann-Lee", "and", "said", ". ", ".", " ", ", ", "\n", "(", "3", "_"]),
    max_size=20,
).map("".join)  # fmt: skip


@given(INITIAL_TEXT)
@example("with J. Smith, and K. Long said")
@settings(max_examples=400, deadline=None)
def test_initial_and_surname_pairs_are_the_pattern_matches_after_an_initial(text: str) -> None:
    from sealbook.core.deid.detectors import initial_surnames as pairs

    expected = [
        m.span() for m in pairs._PAIR.finditer(text)
        if m.start() >= 1 and text[m.start() - 1].isupper()
        and not (m.start() >= 2 and pairs._glued(text[m.start() - 2]))
    ]  # fmt: skip
    assert [m.span() for m in pairs._pairs_after_initials(text)] == expected


# Text for the patterns searched on the lines that hold a part of them, or at that part:
# companies in capitals and glued legal forms, towns before "-based", Dutch genitive towns,
# ampersands between names.
LINE_PART_TEXT = st.lists(
    st.sampled_from(["NICCA", "CHEMICAL", "CO.LTD.", "CO.", "LTD", "LTD.", "INC.", "PLC", "LLC",
                     "LIMITED", "AND", "Kesta", "BankLtd.", "BankLimited", "Co.Ltd", "Ltd",
                     "ltd", "Limited", "Skagen", "Bihar", "Sharif", "-based", "based", "de",
                     "'s-", "\u2019s-", "'s", "Hertogenbosch", "Heer", "Abtskerke", "&", "Webb",
                     "The", "a", " ", "  ", "\t", "\n", ".", ",", "-", "'", "_", "É", "9"]),
    max_size=20,
).map("".join)  # fmt: skip


@given(LINE_PART_TEXT)
@example("NICCA CHEMICAL CO.LTD.\nThe Kesta BankLtd. and a Skagen-based 's-Hertogenbosch firm")
@example("Webb & Bowen, and Ruiz &\nLee & Ko")
@settings(max_examples=600, deadline=None)
def test_patterns_searched_where_their_part_is_find_what_a_search_of_the_text_finds(
    text: str,
) -> None:
    from sealbook.core.deid.detectors import (
        capital_letter_companies,
        listed_securities,
        organisations,
        places,
    )
    from sealbook.core.deid.tokens import lines_holding

    for pattern, part in (
        (capital_letter_companies.CAPITAL_COMPANY, capital_letter_companies._HINT),
        (listed_securities.GLUED, listed_securities._GLUED_FORM_WORD),
        (places._BASED_TOWN, places._BASED),
    ):
        on_lines = [
            m.span() for lo, hi in lines_holding(text, part)
            for m in pattern.finditer(text, lo, hi)
        ]  # fmt: skip
        assert on_lines == [m.span() for m in pattern.finditer(text)], pattern.pattern
    genitive = [m.span() for m in places._genitive_matches(text)]
    assert genitive == [m.span() for m in places._GENITIVE_TOWN.finditer(text)]
    ampersands = [m.start() for m in organisations._AMPERSAND.finditer(text)]
    assert list(organisations._ampersands(text)) == ampersands


@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=12),
    st.integers(0, 70),
    st.integers(1, 20),
)
@settings(max_examples=500, deadline=None)
def test_places_found_by_their_furthest_end_overlap_a_name_as_a_comparison_with_each_does(
    places: list[tuple[int, int]], start: int, length: int
) -> None:
    from sealbook.core.deid.detectors.organisation_clues import _Places
    from sealbook.core.deid.spans import Label, Span

    spans = [Span(a, a + n, Label.CITY, "place", "a town") for a, n in places]
    end = start + length
    expected = any(p.start < end and start < p.end for p in spans)
    assert _Places(spans).overlap(start, end) == expected


@given(st.lists(st.sampled_from(["1", "12", "12345", "123456789", " ", "-", "a", "\n"]),
                max_size=15).map("".join), st.integers(min_value=2, max_value=7))  # fmt: skip
@settings(max_examples=300, deadline=None)
def test_the_long_runs_of_digits_are_those_a_comparison_of_each_run_finds(
    text: str, least: int
) -> None:
    from sealbook.core.deid.tokens import _digit_runs, _starts_of_runs, forget_texts

    runs = zip(*_digit_runs(text), strict=True)
    assert _starts_of_runs(text, least) == tuple(s for s, e in runs if e - s >= least)
    forget_texts()


@given(st.lists(st.sampled_from(["1", "12", " ", "-", "a" * 30, "b" * 64, "c" * 7, "\n"]),
                max_size=20).map("".join))  # fmt: skip
@settings(max_examples=300, deadline=None)
def test_the_windows_around_digits_are_those_merged_one_run_at_a_time(text: str) -> None:
    from sealbook.core.deid import tokens

    windows: list[tuple[int, int]] = []
    for start, end in zip(*tokens._digit_runs(text), strict=True):
        lo, hi = max(0, start - tokens.BEFORE_DIGITS), end + tokens.AFTER_DIGITS
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    assert tokens.digit_windows(text) == tuple(windows)
    tokens.forget_texts()


@given(st.lists(st.sampled_from(["Springfield", "Via", "Street", "son", "Nord", "the", " ", "\n",
                                 "Anderson", "Rue", "Oslo", "x"]),
                max_size=15).map("".join))  # fmt: skip
@settings(max_examples=200, deadline=None)
def test_the_words_of_a_class_are_those_whose_bits_hold_its_bit(text: str) -> None:
    from sealbook.core.deid import tokens
    from sealbook.core.deid.detectors import REGISTRY

    assert REGISTRY and tokens._WORD_CLASS_TESTS  # (the detectors declare their classes)
    words, classes = tokens._classed_words(text)
    for number in range(len(tokens._WORD_CLASS_TESTS)):
        bit = 1 << number
        expected = [word for word, bits in zip(words, classes, strict=True) if bits & bit]
        assert tokens.words_in_class(text, bit) == expected
    tokens.forget_texts()
