"""Dates as people write them: find, parse, shift and write them back in the same form.

Safe Harbor removes every element of a date except the year (164.514(b)(2)(i)(C)),
so a month with a year ("March 2021") is a date here, a bare year is not.
Forms: "3/4/21", "03-04-2021", "2021-03-04", "March 4th", "Mar. 4, 2021",
"Tuesday, March 4", "4 Mar 2021", "the 4th of March", "04-Mar-2021", "March 2021",
and "3/4" after a cue such as "on" or "since".
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Final

from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import (
    Token,
    begins_with_digits,
    cue_words,
    digit_between,
    digit_matches,
    per_text_cache,
    tokens_for,
)

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH: Final = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|JANUARY|FEBRUARY|MARCH|APRIL|"
    r"MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)(?P<dot>\.)?"
)
_WEEKDAY: Final = (
    r"(?P<weekday>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|"
    r"Fri|Sat|Sun)\.?,?\s+"
)
_DAY: Final = r"(?P<day>[0-3]?\d)(?P<suffix>st|nd|rd|th)?"
_YEAR: Final = r"(?P<year>(?:1[89]|20)\d\d|'\d\d)"
_CUE: Final = (
    r"(?:on|since|from|until|till|to|by|dated|before|after|of|dob|d\.o\.b\.|date|born|-|"
    # a visit's word before its date: "appt 9/19", "seen 10/2", "DOS 4/7"
    r"appt|appointment|visit|seen|dos|f/u)\s*:?\s*$"
)

PATTERNS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("month_day", compiled(
        r"\b(?:" + _WEEKDAY + r")?" + _MONTH + r"\s+" + _DAY + r"\b(?:,?\s+" + _YEAR + r"\b)?")),
    ("day_month", compiled(
        r"\b(?:" + _WEEKDAY + r")?(?P<the>the\s+)?" + _DAY + r"(?P<of>\s+of)?\s+" + _MONTH
        + r"\b(?:,?\s+" + _YEAR + r"\b)?")),
    ("day_mon_year", compiled(
        r"(?<![\w-])(?P<day>[0-3]?\d)(?P<sep>[-/])" + _MONTH.replace("(?P<dot>\\.)?", "(?P<dot>)")
        + r"(?P=sep)(?P<year>\d{4}|\d\d)(?![\w-])")),
    ("month_year", compiled(r"\b" + _MONTH + r"\s+(?:of\s+)?" + _YEAR + r"\b")),
    ("iso", begins_with_digits(compiled(
        r"(?<![\w/.-])(?P<year>(?:1[89]|20)\d\d)(?P<sep>[-/.])(?P<month>[01]?\d)(?P=sep)"
        r"(?P<day>[0-3]?\d)(?=T\d|(?![\w/]|[.-]\d))"
        # A time's fractional seconds go with it ("2008-02-14 16:28:35.037357", a log's).
        r"(?P<time>[ T][0-2]?\d:[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?)?"), 4)),
    ("numeric", compiled(
        r"(?<![\w/.-])(?P<month>[0-3]?\d)(?P<sep>[/.-])(?P<day>[0-3]?\d)(?P=sep)"
        r"(?P<year>\d{4}|\d\d)(?![\w/]|[.-]\d)")),
    ("numeric_short", compiled(
        r"(?<![\w/.-])(?P<month>[01]?\d)/(?P<day>[0-3]?\d)(?![\w/]|[.-]\d)")),
    # "Tuesday the 17th", and "Tuesday 17th" (the ordinal's ending written: "Tuesday 3" may
    # be an hour)
    ("weekday_the", compiled(
        r"\b" + _WEEKDAY + r"(?:the\s+|(?=[0-3]?\d(?:st|nd|rd|th)\b))" + _DAY + r"\b")),
    # A day of the month alone, ending its clause: "on the 14th.", "it was the 3rd, I think"
    # (not "the 3rd floor", "on the 2nd attempt": a noun after it makes it an ordinal).
    ("day_the", compiled(
        r"(?<=\b[Tt]he )(?P<day>[0-3]?\d)(?P<suffix>st|nd|rd|th)\b(?=[ \t]*(?:[,.;:?!)\n]|$|"
        # (or a preposition, a conjunction: "it's on the 14th in Galway")
        r"(?:at|and|or|then|when|is|was|works|instead|in|but|so|because|if)\b))")),
)  # fmt: skip
_CUE_RE: Final = compiled(_CUE, re.IGNORECASE)
# In speech a date often follows a copula: "next time is 3/6", "it was 6/26". A score is
# written so too ("pain is 3/10", "about 1/2"), so after a copula only a month/day whose
# second number is not a usual scale's (halves, thirds, quarters, fifths, tenths) counts.
_COPULA_RE: Final = compiled(r"(?:\b(?:is|was|be|it's|it\u2019s)|['\u2019]s)[ \t]+$", re.IGNORECASE)
_SCALES: Final = frozenset({2, 3, 4, 5, 10})
_DAY_CUE_RE: Final = compiled(
    r"(?:\b(?:on|since|until|till|by|before|after|from|is|was|it's|it\u2019s)|['\u2019]s)"
    r"[ \t]+$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class WrittenDate:
    """A date found in text: its value (year and day may be unknown) and how it was written."""

    start: int
    end: int
    style: str
    month: int | None
    day: int | None
    year: int | None
    numeric_month_first: bool = True
    details: tuple[tuple[str, str], ...] = ()

    def detail(self, key: str) -> str:
        return dict(self.details).get(key, "")

    def as_date(self) -> datetime.date | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        try:
            return datetime.date(self.year, self.month, self.day)
        except ValueError:
            return None


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    if raw.startswith("'") or len(raw) == 2:
        two = int(raw.lstrip("'"))
        return 2000 + two if two < 50 else 1900 + two
    return int(raw)


def _valid(month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= (calendar.monthrange(2000, month or 1)[1])


def _parse(style: str, m: re.Match[str], text: str) -> WrittenDate | None:
    groups = {k: v for k, v in m.groupdict().items() if v is not None}
    month_raw = groups.get("month")
    month: int | None
    month_first = True
    if month_raw is None:
        month = None
    elif month_raw.isdigit():
        month = int(month_raw)
    else:
        month = _MONTHS.get(month_raw.lower())
    day = int(groups["day"]) if "day" in groups else None
    year = _year(groups.get("year"))
    if style == "numeric" and month is not None and day is not None and month > 12 >= day:
        month, day, month_first = day, month, False
    start = m.start() - 4 if style == "day_the" else m.start()  # with its "the "
    before = text[max(0, start - 12) : start]
    if style == "numeric_short" and not (
        _CUE_RE.search(before)
        or (_COPULA_RE.search(before) and day not in _SCALES)
        or _TIME_NEXT.match(text, m.end())
    ):
        return None
    if style == "day_the" and not _DAY_CUE_RE.search(before):
        return None
    if (
        style == "day_month"
        and "the" not in groups
        and "suffix" not in groups
        and "year" not in groups
    ):
        # "4 March" stands, but "3 May" could be "3 may ..." unless capitalised: the pattern is.
        pass
    if not _valid(month, day):
        return None
    details = tuple(sorted((k, v) for k, v in groups.items() if k not in {"month", "day", "year"}))
    details += (("month_raw", month_raw or ""), ("day_raw", groups.get("day", "")),
                ("year_raw", groups.get("year", "")))  # fmt: skip
    return WrittenDate(start, m.end(), style, month, day, year, month_first, details)


# Styles whose pattern holds a month or weekday name: they are only tried around such a
# word, which is much faster than letting the regex engine try every position.
_NAMED_STYLES: Final = frozenset(
    {"month_day", "day_month", "day_mon_year", "month_year", "weekday_the"}
)
_ANCHORS: Final = frozenset(_MONTHS) | frozenset(
    d.lower() for d in (*calendar.day_name, *calendar.day_abbr, "tues", "thur", "thurs")
)
_MONTH_ANCHORS: Final = cue_words(_MONTHS)
_DAY_ANCHORS: Final = cue_words(_ANCHORS - _MONTH_ANCHORS)
_WINDOW: Final = 40


def find_dates(text: str) -> Iterator[WrittenDate]:
    """Every date-like expression in `text` (overlapping ones included)."""
    # Every named style but "weekday_the" holds a month name: look around months only.
    months = _near_digits(text, tokens_for(text, _MONTH_ANCHORS))
    days = _near_digits(text, tokens_for(text, _DAY_ANCHORS))
    for style, pattern in PATTERNS:
        if style not in _NAMED_STYLES:
            matches: Iterable[re.Match[str]] = digit_matches(pattern, text)
        elif not (days if style == "weekday_the" else months):
            continue  # (no anchor with a digit near: no match, and no generator to make)
        elif style == "month_year":
            matches = _at(text, months, pattern)
        elif style == "month_day":
            matches = _at_weekday_or_month(text, months, pattern)
        else:
            matches = _around(text, days if style == "weekday_the" else months, pattern)
        for m in matches:
            found = _parse(style, m, text)
            if found is not None:
                yield found


@per_text_cache
def dates_in(text: str) -> tuple[WrittenDate, ...]:
    """`find_dates(text)` for the document being analysed, found once for the date and
    roster detectors (dropped with its words by `forget_texts`)."""
    return tuple(find_dates(text))


def _near_digits(text: str, anchors: list[Token]) -> list[Token]:
    """The `anchors` with a digit in their window (checked once for the named styles).

    Every named style holds a day or a year in digits, and a match lies inside the window:
    around a month or weekday with no digit near ("I may", "Sunday mornings") there is none,
    and the pattern is not tried at each character.
    """
    return [
        tok
        for tok in anchors
        if digit_between(text, max(0, tok.start - _WINDOW), tok.end + _WINDOW)
    ]


def _at(text: str, anchors: list[Token], pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """What `_around` finds for a pattern that begins with the anchor's own word ("March
    2021"): a match holding the anchor begins there, so one `match` there finds it (the
    window's search would reach it too, as no earlier match can overlap the anchor)."""
    seen: set[tuple[int, int]] = set()
    for tok in anchors:
        m = pattern.match(text, tok.start, tok.end + _WINDOW)
        if m is not None and m.span() not in seen:
            seen.add(m.span())
            yield m


# A weekday just before a month ("Tuesday, March 4"): where a month-and-day date begins.
_WEEKDAY_BEFORE: Final = compiled(r"\b" + _WEEKDAY + r"$")


def _at_weekday_or_month(
    text: str, anchors: list[Token], pattern: re.Pattern[str]
) -> Iterator[re.Match[str]]:
    """What `_around` finds for "month_day": a match holding the month begins at it, or at
    the weekday just before it (no other part of the date is a word), and no earlier match
    can overlap either place; so one `match` or two find it, as the window's search would."""
    seen: set[tuple[int, int]] = set()
    for tok in anchors:
        hi = tok.end + _WINDOW
        weekday = _WEEKDAY_BEFORE.search(text, max(0, tok.start - _WINDOW), tok.start)
        m = None if weekday is None else pattern.match(text, weekday.start(), hi)
        if m is None:
            m = pattern.match(text, tok.start, hi)
        if m is not None and m.span() not in seen:
            seen.add(m.span())
            yield m


def _around(text: str, anchors: list[Token], pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    seen: set[tuple[int, int]] = set()
    for tok in anchors:
        lo, hi = max(0, tok.start - _WINDOW), tok.end + _WINDOW
        for m in pattern.finditer(text, lo, hi):
            if m.start() > tok.start:
                break  # (and so every later one: the rest of the window is not searched)
            if tok.start < m.end() and m.span() not in seen:
                seen.add(m.span())
                yield m


# A time of day written after a date: "4/2/1997 01:15", "March 3rd at 5pm",
# "2024-03-13T04:18:00Z". The date detector takes it in; a shifted date keeps it as written.
_AM_PM: Final = r"(?:[AaPp]\.[Mm]\.|[AaPp][Mm]\b)"
TIME_AFTER: Final = compiled(
    r"(?:,?[ \t]+(?:at[ \t]+)?|T)(?:[0-2]?\d:[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?"
    r"(?:[ \t]*" + _AM_PM + r")?(?:[ \t]*(?:Z|UTC|GMT|[+-][01]\d:?[0-5]\d)\b)?"
    r"|(?:1[0-2]|0?[1-9])[ \t]*" + _AM_PM + r")"
    r"|(?<=\d)(?:Z|[ \t]+(?:UTC|GMT))\b"  # the zone after a date's own time ("...T14:30:00Z")
)


# A month/day with a time of day after it is a date, cue or none: "next appt 9/19 @ 4:30",
# "moved to 3/14 at 2pm" (a score or a fraction is given no hour: "3/4 at 2pm" is rare).
_TIME_NEXT: Final = compiled(
    r"[ \t]*(?:@|at)?[ \t]*(?:[0-2]?\d:[0-5]\d|(?:1[0-2]|0?[1-9])[ \t]*" + _AM_PM + r")"
)


# A time of day written before "on" and the date (issue 13, value refill): "10:20 PM on
# February 27, 1949". The date detector takes it in; a shifted date keeps it as written.
TIME_BEFORE: Final = compiled(
    r"(?<![\w:])(?:[0-2]?\d:[0-5]\d(?::[0-5]\d)?(?:[ \t]*" + _AM_PM + r")?"
    r"|(?:1[0-2]|0?[1-9])[ \t]*" + _AM_PM + r")[ \t]+on[ \t]+$"
)


def parse_date(text: str) -> WrittenDate | None:
    """Parse `text` when the whole of it is one date (a time of day may follow it or stand
    before it with "on"), else None."""
    best: WrittenDate | None = None
    for found in find_dates(text):
        time = TIME_AFTER.match(text, found.end)
        end = time.end() if time else found.end
        begins = found.start == 0 or TIME_BEFORE.fullmatch(text, 0, found.start) is not None
        whole = begins and end == len(text.rstrip())
        if whole and (best is None or found.end - found.start > best.end - best.start):
            best = found
    return best


_REFERENCE_YEAR: Final = 2000  # a leap year, so "February 29" without a year can still be shifted


def shift(found: WrittenDate, days: int) -> str:
    """Write `found` moved by `days`, in the same form; the weekday is recomputed or dropped."""
    year = found.year if found.year is not None else _REFERENCE_YEAR
    month = found.month or 1
    day = found.day if found.day is not None else 15
    try:
        moved = datetime.date(year, month, day) + datetime.timedelta(days=days)
    except ValueError:
        return "[DATE]"
    out_year = moved.year if found.year is not None else None
    return render(replace(found, year=out_year, month=moved.month, day=moved.day), moved)


def render(found: WrittenDate, value: datetime.date) -> str:
    """Write a date value in the form `found` was written in."""
    style = found.style
    day_raw, month_raw, year_raw = (
        found.detail("day_raw"), found.detail("month_raw"), found.detail("year_raw")
    )  # fmt: skip

    def num(n: int, raw: str) -> str:
        return f"{n:02d}" if len(raw) == 2 else str(n)

    def year_text() -> str:
        if year_raw.startswith("'"):
            return f"'{value.year % 100:02d}"
        return f"{value.year % 100:02d}" if len(year_raw) == 2 else str(value.year)

    def month_name() -> str:
        if len(month_raw) <= 4 and month_raw.lower() != "june" and month_raw.lower() != "july":
            name = calendar.month_abbr[value.month] + found.detail("dot")
        else:
            name = calendar.month_name[value.month]
        return name.upper() if month_raw.isupper() and len(month_raw) > 1 else name

    def day_text() -> str:
        suffix = found.detail("suffix")
        if not suffix:
            return str(value.day)
        ordinal = (
            "th"
            if 11 <= value.day % 100 <= 13
            else {1: "st", 2: "nd", 3: "rd"}.get(value.day % 10, "th")
        )
        return f"{value.day}{ordinal}"

    weekday = ""
    if found.detail("weekday") and found.year is not None:
        weekday = calendar.day_name[value.weekday()] + ", "
    if style == "numeric":
        sep = found.detail("sep")
        first, second = (value.month, value.day) if found.numeric_month_first else (
            value.day, value.month)  # fmt: skip
        first_raw, second_raw = (
            (month_raw, day_raw) if found.numeric_month_first else (day_raw, month_raw)
        )
        return f"{num(first, first_raw)}{sep}{num(second, second_raw)}{sep}{year_text()}"
    if style == "numeric_short":
        return f"{value.month}/{value.day}"
    if style == "iso":
        sep = found.detail("sep")
        time = found.detail("time")  # "2021-03-04 12:20", "...T14:30:00": kept as written
        return f"{value.year}{sep}{num(value.month, month_raw)}{sep}{num(value.day, day_raw)}{time}"
    if style == "month_year":
        return f"{month_name()} {year_text()}"
    if style == "day_mon_year":
        sep = found.detail("sep") or "-"  # "04-Mar-2021", "02/Mar/1998"
        return f"{num(value.day, day_raw)}{sep}{month_name()}{sep}{year_text()}"
    if style in ("weekday_the", "day_the"):
        return f"the {day_text()}"
    year_part = f", {year_text()}" if found.year is not None else ""
    if style == "day_month":
        the = "the " if found.detail("the") else ""
        of = " of" if found.detail("of") else ""
        year_part = f" {year_text()}" if found.year is not None else ""
        return f"{weekday}{the}{day_text()}{of} {month_name()}{year_part}"
    return f"{weekday}{month_name()} {day_text()}{year_part}"
