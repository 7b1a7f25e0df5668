"""Recurring series: RRULEs, daylight-saving changes, and editing one, following or all."""

from __future__ import annotations

import datetime

import pytest

from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.scheduling import actions
from sealbook.scheduling.actions import Scope
from sealbook.scheduling.models import Appointment, Status
from sealbook.scheduling.recurrence import Repeat
from sealbook.scheduling.zones import TimeError
from tests.scheduling.support import BERLIN, NEW_YORK, NOW, booking, room

D = datetime.datetime


def occurrences(series):
    return list(Appointment.objects.filter(series=series).order_by("start"))


@pytest.mark.parametrize(
    ("tz", "first"),
    [(NEW_YORK, D(2026, 3, 3, 15, 0)), (BERLIN, D(2026, 3, 3, 15, 0))],
    ids=["new-york", "berlin"],
)
def test_a_weekly_series_keeps_its_local_time_across_spring_and_autumn(cast, tz, first):
    # March to mid-November crosses both changes in both zones (US and EU dates differ).
    series = actions.book_series(
        cast.frankie, booking(cast, first, time_zone=tz), Repeat("weekly", count=37), now=NOW
    )
    found = occurrences(series)
    assert len(found) == 37
    assert {(a.local_start.weekday(), a.local_start.time()) for a in found} == {
        (1, datetime.time(15, 0))
    }
    offsets = {a.local_start.utcoffset() for a in found}
    assert len(offsets) == 2  # winter and summer time, same wall clock
    moved = actions.reschedule(
        cast.frankie, found[2], expected_version=1, local_start=first.replace(day=17, hour=16),
        duration_minutes=50, room=room(), scope=Scope.ALL, now=NOW,
    )  # fmt: skip
    assert moved.series_id == series.pk
    assert {a.local_start.time() for a in occurrences(series)} == {datetime.time(16, 0)}


def test_fortnightly_and_monthly_by_weekday_and_end_by_date(cast):
    fortnightly = actions.book_series(
        cast.frankie, booking(cast, D(2026, 3, 3, 9, 0)),
        Repeat("fortnightly", until=datetime.date(2026, 4, 30)), now=NOW,
    )  # fmt: skip
    assert [a.local_start.day for a in occurrences(fortnightly)] == [3, 17, 31, 14, 28]
    monthly = actions.book_series(
        cast.frankie, booking(cast, D(2026, 3, 10, 11, 0)), Repeat("monthly", count=4), now=NOW
    )
    assert monthly.rrule == "FREQ=MONTHLY;BYDAY=2TU;COUNT=4"
    # The second Tuesday of March, April, May and June 2026.
    assert [a.local_start.date().isoformat() for a in occurrences(monthly)] == [
        "2026-03-10", "2026-04-14", "2026-05-12", "2026-06-09",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("repeat", "message"),
    [
        (Repeat("weekly"), "ends after"),
        (Repeat("fortnightly", until=datetime.date(2037, 1, 1)), "at most 10 years"),
        (Repeat("daily", count=3), "repeats weekly"),
        (Repeat("weekly", until=datetime.date(2026, 1, 1)), "end before it starts"),
    ],
    ids=["no-end", "over-ten-years", "unknown", "ends-before"],
)
def test_series_that_cannot_be_booked(cast, repeat, message):
    with pytest.raises(TimeError, match=message):
        actions.book_series(cast.frankie, booking(cast, D(2026, 3, 3, 9, 0)), repeat, now=NOW)
    assert not Appointment.objects.exists()


def test_a_series_through_a_skipped_time_is_refused(cast):
    with pytest.raises(TimeError, match="2026-03-08 does not exist"):
        actions.book_series(
            cast.frankie, booking(cast, D(2026, 3, 1, 2, 30)), Repeat("weekly", count=3),
            now=NOW - datetime.timedelta(days=2),
        )  # fmt: skip


def test_one_following_and_all_keep_the_exceptions(cast):
    series = actions.book_series(
        cast.frankie, booking(cast, D(2026, 3, 3, 15, 0)), Repeat("weekly", count=6), now=NOW
    )
    a = occurrences(series)
    # One occurrence moved alone, another cancelled late: exceptions.
    actions.reschedule(
        cast.frankie, a[1], expected_version=1, local_start=D(2026, 3, 11, 9, 0),
        duration_minutes=50, room=room(), scope=Scope.ONE, now=NOW,
    )  # fmt: skip
    actions.cancel(cast.frankie, a[2], expected_version=1, reason="Away", late=True, now=NOW)
    # This and following from the fourth: one hour later.
    actions.reschedule(
        cast.frankie, a[3], expected_version=1, local_start=D(2026, 3, 24, 16, 0),
        duration_minutes=50, room=room(), scope=Scope.FOLLOWING, now=NOW,
    )  # fmt: skip
    # The series was split: it now ends before the fourth, a new one holds the rest.
    series.refresh_from_db()
    assert series.rrule == "FREQ=WEEKLY;INTERVAL=1;UNTIL=20260324T145959"
    successor = Appointment.objects.get(pk=a[3].pk).series
    assert successor.pk != series.pk
    assert successor.rrule == "FREQ=WEEKLY;INTERVAL=1;COUNT=3"
    assert successor.dtstart_local == "2026-03-24T16:00:00"
    assert [x.pk for x in occurrences(successor)] == [x.pk for x in a[3:]]
    assert AuditEntry.objects.filter(event=AuditEvent.SERIES_SPLIT).count() == 1
    after = {x.pk: x for x in [*occurrences(series), *occurrences(successor)]}
    assert after[a[0].pk].local_start.hour == 15
    assert after[a[1].pk].local_start.replace(tzinfo=None) == D(2026, 3, 11, 9, 0)
    assert after[a[2].pk].status == Status.LATE_CANCEL
    assert [after[x.pk].local_start.hour for x in a[3:]] == [16, 16, 16]
    # All (of each part): cancels what is left, the exceptions stay as they were.
    for first in (after[a[0].pk], after[a[3].pk]):
        actions.cancel(
            cast.frankie, first, expected_version=first.version, reason="Ended",
            scope=Scope.ALL, now=NOW,
        )  # fmt: skip
    final = {x.pk: x for x in Appointment.objects.filter(pk__in=[x.pk for x in a])}
    assert final[a[1].pk].status == Status.SCHEDULED
    assert final[a[2].pk].status == Status.LATE_CANCEL
    assert {final[x.pk].status for x in (a[0], *a[3:])} == {Status.CANCELLED}
