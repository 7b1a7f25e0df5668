"""US ZIP codes: five digits (or ZIP+4) after a state, or after a cue such as "ZIP";
other postal codes after "in" and a town, and that town."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.address_tail import SETTLEMENT_ENDS
from sealbook.core.deid.detectors.base import DetectionContext, preceding, register
from sealbook.core.deid.lexicon import (
    cities,
    closed_class,
    common_words,
    is_country,
    us_state_codes,
    us_states,
)
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import (
    UPPER,
    begins_with_digits,
    cue_words,
    cued_matches,
    digit_matches,
    digit_starts,
    tokens_for,
)

# "North Shannon, South Australia 2159", "Kellyville, NSW 2155": an Australian postcode after
# a state or territory that follows a town and its comma (so "Victoria 2019" alone is a
# year), the way a US ZIP follows its state.
FOUR_DIGITS: Final = begins_with_digits(compiled(r"(?<![\w$.,/-])\d{4}(?![\w/-]|[.,]\d)"), 4)
_AU_STATE_BEFORE: Final = compiled(
    r",[ \t]+(?:New South Wales|Victoria|Queensland|South Australia|Western Australia|"
    r"Tasmania|Northern Territory|Australian Capital Territory|NSW|VIC|QLD|SA|WA|TAS|NT|ACT)"
    r",?[ \t]+$"
)
_WORD_GOES_ON: Final = compiled(r"[ \t]+[a-z]")  # "NSW 2000 people": a count, not a postcode
ZIP: Final = begins_with_digits(compiled(r"(?<![\w$.,-])\d{5}(?:-\d{4})?(?![\w]|[.,]\d)"), 5)
_CUE: Final = compiled(r"\b(?:zip|zip code|zipcode|postal code|postcode)\s*(?:is|:|#)?\s*$")
# The postcodes a cue vouches for: digits (with the Polish, Brazilian, Dutch, Swedish and
# ZIP+4 forms) and the British and Canadian letter-and-digit codes.
# Issue 13, value refill: the Portuguese "NNNN-NNN", a country's letters before the digits
# ("H-1024", "CH-8001", "D-10115") and the Irish Eircode ("D02 X285") too.
_CUED_CODE: Final = (
    r"(?P<code>\d{2}-\d{3}|\d{4,5}-\d{3}|\d{3,6}(?:-\d{4}|\s?[A-Z]{2}\b|\s\d{2}\b)?"
    r"|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d"
    r"|[A-Z]{1,3}-\d{4,5}|[AC-FHKNPRTV-Y]\d[\dW]\s?[\dAC-FHKNPRTV-Y]{4})\b"
)
_CUED: Final = compiled(
    r"(?i:zip code|zip|zipcode|postal code|post code|postcode)(?:\s+is|:|#)?\s*" + _CUED_CODE
)
# A code the cue comes after: "Is 23883 the right postal code for ...", "NR9 8GT is my postcode".
_CODE_BEFORE_CUE: Final = compiled(
    r"(?<![\w-])" + _CUED_CODE + r"\s+(?:(?:is|was|as|the|my|our|your|a|an|its|their|his|her|"
    r"right|correct|wrong|new|old|same|local)\s+){1,4}(?i:zip code|zip|zipcode|postal code|"
    r"post code|postcode)$"
)
_US_ZIP: Final = compiled(r"\d{5}(?:-\d{4})?")
_CUE_WORDS: Final = cue_words({"zip", "zipcode", "postal", "postcode"})
# A Canadian postal code begins with one of these letters, then a digit: it is looked for
# just before each run of digits.
_CANADIAN_FIRST: Final = "ABCEGHJKLMNPRSTVXY"
CANADIAN: Final = compiled(
    r"\b[" + _CANADIAN_FIRST + r"]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d\b"
)
# "in Acquapendente 1021 in ...", "Bjert 6091": a town, then a 4- or 5-digit postal code.
# Issue 13, value refill: the Polish, Portuguese and Brazilian codes with a hyphen
# ("01-408", "3610-114", "90010-170"), the Dutch "NNNN AA" and six digits too (Indian and
# Russian codes, "in Muurame 787129"), after a town of up to four words ("in São João da
# Varjota 7724").
# Iceland's and the Faroes' codes have three digits ("in Hvolsvík 861 in ..."): see
# `_three_digits_close`.
_TOWN_CODE: Final = r"\d{3} \d{2}|\d{2}-\d{3}|\d{4,5}-\d{3}|\d{4} ?[A-Z]{2}|\d{3,6}"
TOWN_THEN_CODE: Final = compiled(
    r"\bin\s+(?P<town>(?:(?:" + UPPER + r"[\w'-]*|[a-zß-ÿ][\w'-]+)\s+){1,4})"
    r"(?P<code>" + _TOWN_CODE + r")\b(?![\w,.]\d| \d)"
)
# The same, read from the code backwards (faster): the code, then "in" and the town before it.
_CODE_AFTER_SPACE: Final = begins_with_digits(
    compiled(r"(?<=\s)(?:" + _TOWN_CODE + r")\b(?![\w,.]\d| \d)"), 2
)
_IN_TOWN_BEFORE: Final = compiled(
    r"\bin\s+(?P<town>(?:(?:" + UPPER + r"[\w'\u2206-]*|[a-zß-ÿ][\w'-]+)\s+){1,4}"
    r"(?:\d{1,2}\s+)?)$"  # (and the town's district: "in Kaplice 1 382 41")
)
# A British postcode written whole, anywhere ("in Leeds LS1 4AP", "ELVINGTON YO4 2ZN";
# issue 13, twelfth round): the outward code, a space, and the inward code, a digit and two
# of the letters Royal Mail uses there (never C, I, K, M, O or V), so "B12 3MG" (a dose)
# and "A1 2CD" are no postcodes. Looked for from the inward code's digit backwards.
_INWARD: Final = begins_with_digits(compiled(r"(?<=[ ])\d[ABD-HJLNP-UW-Z]{2}(?![\w-])"), 1)
_OUTWARD_BEFORE: Final = compiled(r"(?<![\w-])[A-Z]{1,2}\d[A-Z\d]? $")
_STATE_BEFORE: Final = compiled(r"(?:^|[\s,])(?P<state>[A-Za-z][A-Za-z. ]{0,20}?)[,.]?\s+$")


@register(
    "zip_code",
    [Label.ZIP, Label.CITY],
    "ZIP codes after a state name or code, after 'ZIP', or ZIP+4; a town before its postcode",
)
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    if not digit_starts(text):
        return  # (every code holds a digit, `_CUED_CODE` too: nothing to find, nor set up)
    codes = us_state_codes()
    common = common_words()
    states = us_states()
    for m in digit_matches(ZIP, text):
        before = text[max(0, m.start() - 24) : m.start()]
        state = _STATE_BEFORE.search(before)
        after_state = False
        if state:
            word = state.group("state").strip(" .")
            last = word.split()[-1] if word.split() else ""
            pair = " ".join(word.split()[-2:])
            # (A state's code only in capitals: "CPT 90837 or 90834" is no Oregon.)
            after_state = (
                (last.upper() in codes and last.isupper())
                or (word.lower() in states and (len(word) > 2 or word.isupper()))
                or (pair.lower() in states and (len(pair) > 2 or pair.isupper()))
            )
        if after_state:
            yield Span(m.start(), m.end(), Label.ZIP, "zip_code", "a ZIP code after a state", 0.95)
        elif state and _after_country(text, state.group("state"), m.end()):
            yield Span(m.start(), m.end(), Label.ZIP, "zip_code",
                       "a postal code after a country, ending an address", 0.8)  # fmt: skip
        elif _CUE.search(preceding(text, m.start(), 20)):
            yield Span(m.start(), m.end(), Label.ZIP, "zip_code", "a ZIP code after 'ZIP'", 0.95)
        elif "-" in m.group():
            yield Span(m.start(), m.end(), Label.ZIP, "zip_code", "a ZIP+4 code", 0.7)
    for m in cued_matches(text, _CUE_WORDS, _CUED):
        if not _US_ZIP.fullmatch(m.group("code")):  # (those are found above)
            yield Span(m.start("code"), m.end("code"), Label.ZIP, "zip_code",
                       "a postal code after 'ZIP'", 0.9)  # fmt: skip
    for tok in tokens_for(text, _CUE_WORDS):
        end = tok.end + (5 if text[tok.end : tok.end + 5].lower() == " code" else 0)
        ahead = _CODE_BEFORE_CUE.search(text, max(0, tok.start - 60), end)
        if ahead is not None:
            yield Span(ahead.start("code"), ahead.end("code"), Label.ZIP, "zip_code",
                       "a postal code before 'postal code'", 0.9)  # fmt: skip
    for m in digit_matches(FOUR_DIGITS, text):
        if _AU_STATE_BEFORE.search(
            text, max(0, m.start() - 40), m.start()
        ) and not _WORD_GOES_ON.match(text, m.end()):
            yield Span(m.start(), m.end(), Label.ZIP, "zip_code",
                       "a postcode after an Australian state", 0.9)  # fmt: skip
    for m in digit_matches(CANADIAN, text, _CANADIAN_FIRST):
        yield Span(m.start(), m.end(), Label.ZIP, "zip_code", "a Canadian postal code", 0.85)
    for m in digit_matches(_INWARD, text):
        outward = _OUTWARD_BEFORE.search(text, max(0, m.start() - 6), m.start())
        if outward is not None:
            yield Span(outward.start(), m.end(), Label.ZIP, "zip_code", "a British postcode", 0.85)
            # The postcode vouches for the town before it after "in", though ordinary words
            # ("in THE LAURELS NR14 4DR in its mission").
            in_town = _IN_TOWN_BEFORE.search(text, max(0, outward.start() - 120), outward.start())
            if in_town is not None and not _names_no_place(in_town.group("town").split()):
                at = in_town.start("town")
                yield Span(at, at + len(in_town.group("town").rstrip()), Label.CITY, "zip_code",
                           "a town before its postal code", 0.6)  # fmt: skip
    for found in _town_then_code(text):
        code = found.group("code")
        town = found.group("town").split()
        # A town written in capitals, as an address's last line writes it, no place the
        # gazetteer knows, before four digits that close the clause: its postcode, not a
        # year ("in ΣΤΡΟΒΟΛΟΣ 2007 in its mission", "in TIN CAN BAY 4580").
        capitals = (
            all(w.isupper() or w.isdigit() for w in town)
            # (a word of six letters or more, or two words: "in CAMHS 2018", "in NHS 2015"
            # name a service and a year)
            and (len(town) > 1 or len(town[0]) >= 6)
            and " ".join(town).title() not in cities()
            and _CLAUSE_CLOSES.match(text, found.end("code")) is not None
            and (
                any(w.lower() not in common for w in town)
                or (len(town) > 1 and town[-1].lower() in SETTLEMENT_ENDS)
            )  # (but "in ROOM 4410": an ordinary word)
        )
        # "in Fresens 2027 in its mission": a year to come is written after a town the world
        # knows (an event's: "Brisbane 2032"), a code after one it does not.
        if (
            code[:4].isdigit()
            and not code[4:5].isdigit()
            and _a_year(code[:4])
            and not capitals
            and (int(code[:4]) <= _PAST_YEARS or _a_known_place(town, common))
        ):
            continue  # "in Boston 2019", "Born in Hvolsvík 1961": a year
        if len(code) == 3 and not _three_digits_close(text, found.end("code"), town, common):
            continue  # "in Leeds 100 patients": a count
        # "in Cape Town 7780": ordinary words, but a town of the gazetteer; one such word
        # only when the code closes the clause ("in Warren 4864 in its mission", not "in
        # Bath 3000 people").
        gazetteer = " ".join(town) in cities() and (
            len(town) > 1 or _CLAUSE_CLOSES.match(text, found.end("code")) is not None
        )
        if (all(w.lower() in common for w in town) and not gazetteer and not capitals) or any(
            w[0].islower() and w in common and w not in ("de", "da", "do", "la") for w in town
        ):
            continue  # "in about 1500", "in room 4410"
        yield Span(found.start("code"), found.end("code"), Label.ZIP, "zip_code",
                   "a postal code after a town name", 0.6)  # fmt: skip
        # The code vouches for the town before it, in any case ("in barra de carrasco 15000").
        yield Span(found.start("town"), found.start("town") + len(found.group("town").rstrip()),
                   Label.CITY, "zip_code", "a town before its postal code", 0.6)  # fmt: skip


_CLAUSE_CLOSES: Final = compiled(
    r"[ \t]*(?:[,.;:!?)]|\n|$)|[ \t]+in[ \t]+(?:its|the|their|his|her)\b"
)


def _three_digits_close(text: str, end: int, town: list[str], common: frozenset[str]) -> bool:
    """A three-digit code only after one town word in no dictionary, closing the clause
    ("in Hvolsvík 861, ...", "in Hvolsvík 861 in its ..."), not "in Leeds 100 patients"."""
    return (
        len(town) == 1
        and town[0][:1].isupper()
        and town[0].lower() not in common
        and _CLAUSE_CLOSES.match(text, end) is not None
    )


# "Suwałki / Poland 11248": the last line of an address abroad is the country and the code.
# The code must end the line (or the sentence), so "Norway 10000 troops" is not one.
_LINE_END: Final = compiled(r"[ \t]*(?:[.,;]?[ \t]*(?:\n|$))")


def _after_country(text: str, before: str, end: int) -> bool:
    words = before.strip(" .,").split()
    if not words or _LINE_END.match(text, end) is None:
        return False
    return is_country(words[-1]) or is_country(" ".join(words[-2:]))


class _TownCode:
    """A match of TOWN_THEN_CODE, found from the code backwards."""

    __slots__ = ("_code", "_town")

    def __init__(self, town: re.Match[str], code: re.Match[str]) -> None:
        self._town, self._code = town, code

    def group(self, name: str) -> str:
        return self._code.group() if name == "code" else self._town.group("town")

    def start(self, name: str) -> int:
        return self._code.start() if name == "code" else self._town.start("town")

    def end(self, name: str) -> int:
        return self._code.end() if name == "code" else self._town.end("town")


def _a_year(digits: str) -> bool:
    """Four digits a text may write as a year after a town ("in Boston 2019", "London
    2030"). Further years are far less often written than the postcodes of 2031 to 2099
    (Australia's, Belgium's, Denmark's, Switzerland's: "in Lillo 2040 in its mission")."""
    return 1900 <= int(digits) <= 2030


# Years up to this one are the past's (births, moves) wherever they stand; the few after
# it are years only after a town the gazetteer knows. A fixed year, so the same text is
# always read the same way.
_PAST_YEARS: Final = 2026


def _names_no_place(town: list[str]) -> bool:
    """Are `town`'s words in lower case and ordinary, or is its first a small word alone
    ("in the NR14 4DR" names no town; "in THE LAURELS" does)?"""
    common = common_words()
    if all(w.islower() and w in common for w in town):
        return True
    return len(town) == 1 and town[0].lower() in closed_class()


def _a_known_place(town: list[str], common: frozenset[str]) -> bool:
    """Is `town` (its words) a gazetteer's city or country, or ordinary words?"""
    name = " ".join(town)
    return name in cities() or is_country(name) or all(w.lower() in common for w in town)


def _town_then_code(text: str) -> Iterator[_TownCode]:
    for code in digit_matches(_CODE_AFTER_SPACE, text):
        town = _IN_TOWN_BEFORE.search(text, max(0, code.start() - 120), code.start())
        if town is not None:
            yield _TownCode(town, code)
