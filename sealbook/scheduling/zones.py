"""Local wall-clock times to UTC and back, refusing the times a daylight-saving change
removes and asking which one is meant for the times it repeats.

An appointment is booked in a time zone (the practice's by default) and
stored in UTC with that zone; a series is expanded in local time, so a weekly
15:00 appointment stays at 15:00 across the spring and autumn changes.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings

from sealbook.core.errors import SealbookError

UTC = datetime.UTC


class TimeError(SealbookError):
    """A local time that cannot be booked (the message says why)."""


class AmbiguousTime(TimeError):
    """The local time happens twice (the autumn change): say which (`fold` 0 or 1)."""

    def __init__(self, choices: list[datetime.datetime]) -> None:
        self.choices = choices
        first, second = choices
        super().__init__(
            f"{first:%H:%M} on {first:%Y-%m-%d} happens twice as the clocks go back: "
            f"choose the first (UTC offset {_offset(first)}) or the second ({_offset(second)})"
        )


def _offset(moment: datetime.datetime) -> str:
    return moment.strftime("%z")[:3] + ":" + moment.strftime("%z")[3:]


def practice_zone_name() -> str:
    return str(getattr(settings, "SEALBOOK_TIME_ZONE", "America/New_York"))


def zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise TimeError("unknown time zone") from None


def exists(naive: datetime.datetime, tz: zoneinfo.ZoneInfo) -> bool:
    """False for a wall-clock time skipped by a spring-forward change."""
    aware = naive.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive


def is_ambiguous(naive: datetime.datetime, tz: zoneinfo.ZoneInfo) -> bool:
    return (
        naive.replace(tzinfo=tz, fold=0).utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset()
    )


def to_utc(
    naive: datetime.datetime, tz: zoneinfo.ZoneInfo, *, fold: int | None = None
) -> datetime.datetime:
    """The UTC instant of local `naive` in `tz`; refuses a skipped time, asks on a repeated one."""
    if not exists(naive, tz):
        raise TimeError(
            f"{naive:%H:%M} on {naive:%Y-%m-%d} does not exist in {tz.key}: "
            "the clocks go forward then; choose another time"
        )
    if is_ambiguous(naive, tz):
        if fold is None:
            raise AmbiguousTime([naive.replace(tzinfo=tz, fold=f) for f in (0, 1)])
        return naive.replace(tzinfo=tz, fold=fold).astimezone(UTC)
    return naive.replace(tzinfo=tz).astimezone(UTC)
