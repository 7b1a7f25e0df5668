"""Recurring series as RFC 5545 RRULEs (`dateutil.rrule`), expanded in local wall-clock time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.rrule import rrulestr

from sealbook.scheduling.zones import TimeError

MAX_YEARS = 10
MAX_OCCURRENCES = 600
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Frequency:
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"  # by weekday: "the second Tuesday"
    ALL = (WEEKLY, FORTNIGHTLY, MONTHLY)


@dataclass(frozen=True)
class Repeat:
    frequency: str
    count: int | None = None
    until: datetime.date | None = None


def build_rrule(repeat: Repeat, first: datetime.datetime) -> str:
    """The RRULE text for `repeat` starting at local `first`; refuses an endless or too long one."""
    if repeat.frequency not in Frequency.ALL:
        raise TimeError("a series repeats weekly, every two weeks or monthly")
    if (repeat.count is None) == (repeat.until is None):
        raise TimeError("a series ends after a number of appointments or on a date (one of them)")
    if repeat.frequency == Frequency.MONTHLY:
        parts = ["FREQ=MONTHLY", f"BYDAY={_monthly_day(first)}"]
    else:
        interval = 2 if repeat.frequency == Frequency.FORTNIGHTLY else 1
        parts = ["FREQ=WEEKLY", f"INTERVAL={interval}"]
    if repeat.until is not None:
        if repeat.until < first.date():
            raise TimeError("the series would end before it starts")
        parts.append(f"UNTIL={repeat.until:%Y%m%d}T235959")
    elif repeat.count is not None:
        if not 1 <= repeat.count <= MAX_OCCURRENCES:
            raise TimeError(f"a series has between 1 and {MAX_OCCURRENCES} appointments")
        parts.append(f"COUNT={repeat.count}")
    return ";".join(parts)


def expand(rule: str, first: datetime.datetime) -> list[datetime.datetime]:
    """The local (naive) start of every occurrence; refuses a series over ten years."""
    limit = (
        first.replace(year=first.year + MAX_YEARS)
        if not (first.month == 2 and first.day == 29)
        else first.replace(year=first.year + MAX_YEARS, day=28)
    )
    parsed = rrulestr(rule, dtstart=first)
    found: list[datetime.datetime] = []
    for moment in parsed:
        if moment > limit:
            raise TimeError(f"a series may run for at most {MAX_YEARS} years")
        found.append(moment)
        if len(found) > MAX_OCCURRENCES:
            raise TimeError(f"a series has at most {MAX_OCCURRENCES} appointments")
    if not found:
        raise TimeError("the series has no appointments")
    return found


def _parts(rule: str) -> list[tuple[str, str]]:
    return [(k, v) for k, _, v in (p.partition("=") for p in rule.split(";") if p)]


def split(rule: str, at: datetime.datetime, new_first: datetime.datetime, remaining: int) -> tuple[
    str, str
]:  # fmt: skip
    """Split a series for "this and the following": (the old rule, the new series' rule).

    The old rule ends just before local `at` (UNTIL replaces its end); the new
    one repeats the same way from local `new_first` and ends as the old did:
    on its date, or after the `remaining` occurrences that were left of its count.
    """
    parts = _parts(rule)
    ends = {k: v for k, v in parts if k in ("COUNT", "UNTIL")}
    kept = [(k, v) for k, v in parts if k not in ("COUNT", "UNTIL")]
    before = at - datetime.timedelta(seconds=1)
    old = [*kept, ("UNTIL", f"{before:%Y%m%dT%H%M%S}")]
    new = [(k, _monthly_day(new_first) if k == "BYDAY" else v) for k, v in kept]
    new.append(("UNTIL", ends["UNTIL"]) if "UNTIL" in ends else ("COUNT", str(remaining)))
    return ";".join(f"{k}={v}" for k, v in old), ";".join(f"{k}={v}" for k, v in new)


def _monthly_day(first: datetime.datetime) -> str:
    nth = (first.day - 1) // 7 + 1
    return f"{-1 if nth == 5 else nth}{WEEKDAYS[first.weekday()]}"
