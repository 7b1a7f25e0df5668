"""Dates in every common written form (the forms are listed in `datetext`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.datetext import TIME_AFTER, TIME_BEFORE, dates_in
from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span

_REASONS: Final = {
    "month_day": "a date (month and day)",
    "day_month": "a date (day and month)",
    "day_mon_year": "a date (day-month-year)",
    "month_year": "a date (month and year)",
    "iso": "a date (year-month-day)",
    "numeric": "a date (numeric)",
    "numeric_short": "a date (month/day after a cue)",
    "day_the": "a date (a day of the month after a cue)",
    "weekday_the": "a date (weekday and day)",
}


# A range or a pair of days in one month: "October 8-10, 2026", "on 21 and 28 November"
# (the date found is "October 8": the
# rest of the range, and the year after it, go with it), "12-14 April 2025" (the date found
# is "14 April 2025": the range's first day goes with it). A day of the range alone would
# be left in the text as a number.
_RANGE_AFTER: Final = compiled(
    r"[ \t]*(?:-|\u2013|to|through|thru|and|&)[ \t]*(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b"
    r"(?![-/.:]\d)(?:,?[ \t]+(?:1[89]|20)\d\d\b)?"
)
_RANGE_BEFORE: Final = compiled(
    r"\b(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?[ \t]*(?:-|\u2013|to|and|&|,)[ \t]*$"
)


@register("date", [Label.DATE], "dates except bare years, in the written forms of datetext.py")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for found in dates_in(text):
        score = 0.6 if found.style in ("numeric_short", "day_the") else 0.9
        time = TIME_AFTER.match(text, found.end)
        end = time.end() if time else found.end  # "4/2/1997 01:15": the time goes with it
        # "10:20 PM on February 27, 1949": a time before "on" goes with the date too.
        before = TIME_BEFORE.search(text, max(0, found.start - 24), found.start)
        start = before.start() if before else found.start
        if found.style == "month_day" and time is None and found.year is None:
            rest = _RANGE_AFTER.match(text, end)
            end = rest.end() if rest else end
        elif found.style == "day_month" and before is None:
            first = _RANGE_BEFORE.search(text, max(0, start - 12), start)
            start = first.start() if first else start
        yield Span(start, end, Label.DATE, "date", _REASONS[found.style], score)
