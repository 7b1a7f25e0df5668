"""Booking, moving, cancelling: conflicts, bad times, and two people editing at once."""

from __future__ import annotations

import datetime

import pytest

from sealbook.access.policy import AccessDenied
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.records import actions as records
from sealbook.records.models import Session
from sealbook.scheduling import actions, calendar_setup
from sealbook.scheduling.models import Appointment, Attendee, Status
from sealbook.scheduling.zones import AmbiguousTime, TimeError
from tests.conftest import client_details
from tests.scheduling.support import NEW_YORK, NOW, booking, consented, room

D = datetime.datetime


def test_front_desk_books_an_appointment_with_its_session(cast):
    appointment = actions.book(cast.frankie, booking(cast, D(2026, 3, 3, 15, 0)), now=NOW)
    stored = Appointment.objects.get(pk=appointment.pk)
    assert stored.start == D(2026, 3, 3, 20, 0, tzinfo=datetime.UTC)  # EST is UTC-5
    assert stored.local_start.hour == 15 and stored.duration_minutes == 50
    assert stored.service == "individual" and stored.status == Status.SCHEDULED
    assert list(Attendee.objects.filter(appointment=stored).values_list("client", flat=True)) == [
        cast.riley.pk
    ]
    session = Session.objects.get(pk=stored.session_id)
    assert (session.date, session.start_time) == (datetime.date(2026, 3, 3), datetime.time(15))
    assert session.modality == "in-person"
    assert AuditEntry.objects.filter(event=AuditEvent.APPOINTMENT_BOOKED).count() == 1


def test_a_session_added_from_a_chart_is_on_the_calendar(cast):
    session = records.schedule_session(
        cast.casey, cast.riley, clinician=cast.casey, date=datetime.date(2026, 3, 4),
        start_time=datetime.time(9, 30), duration_minutes=45, service="intake", modality="phone",
    )  # fmt: skip
    appointment = Appointment.objects.get(session=session)
    assert appointment.local_start.replace(tzinfo=None) == D(2026, 3, 4, 9, 30)
    assert (appointment.modality, appointment.service) == ("phone", "intake")
    assert session.appointment == appointment


def test_someone_off_the_care_team_cannot_book(cast):
    with pytest.raises(AccessDenied):
        actions.book(cast.quinn, booking(cast, D(2026, 3, 3, 15, 0), clinician=cast.quinn), now=NOW)
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("local", "minutes", "message"),
    [
        (D(2026, 3, 1, 9, 0), 50, "has passed"),
        (D(2026, 3, 3, 15, 0), 0, "end must come after the start"),
        (D(2026, 3, 3, 15, 0), 600, "between 5 and 480"),
        (D(2026, 3, 8, 2, 30), 50, "does not exist"),
    ],
    ids=["past", "end-before-start", "too-long", "spring-gap"],
)
def test_bad_times_are_refused_with_one_line(cast, local, minutes, message):
    with pytest.raises((actions.SchedulingError, TimeError), match=message):
        actions.book(cast.frankie, booking(cast, local, duration_minutes=minutes), now=NOW)
    assert not Appointment.objects.exists()


def test_a_time_that_happens_twice_asks_which_and_then_books_the_one_chosen(cast):
    local = D(2026, 11, 1, 1, 30)  # New York falls back at 2:00
    with pytest.raises(AmbiguousTime, match="happens twice") as asked:
        actions.book(cast.frankie, booking(cast, local), now=NOW)
    assert [c.utcoffset() for c in asked.value.choices] == [
        datetime.timedelta(hours=-4), datetime.timedelta(hours=-5),
    ]  # fmt: skip
    second = actions.book(cast.frankie, booking(cast, local, fold=1), now=NOW)
    assert second.start == D(2026, 11, 1, 6, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize("kind", ["clinician", "room", "client"])
def test_a_conflict_is_refused_unless_overridden_with_a_reason(cast, kind):
    actions.book(cast.frankie, booking(cast, D(2026, 3, 3, 15, 0)), now=NOW)
    other = records.create_client(cast.casey, client_details(legal_first_name="Sam"))
    overlap = {
        "clinician": {"clients": [other], "room": room("Room 2")},
        "room": {"clients": [other], "clinician": cast.morgan},
        "client": {"clinician": cast.morgan, "room": room("Room 2")},
    }[kind]
    second = booking(cast, D(2026, 3, 3, 15, 30), **overlap)
    with pytest.raises(
        actions.Conflict, match=f"{'the ' + kind if kind != 'client' else 'a client'}"
    ):
        actions.book(cast.frankie, second, now=NOW)
    assert Appointment.objects.count() == 1
    booked = actions.book(cast.frankie, second, override_reason="Urgent; agreed", now=NOW)
    assert Appointment.objects.get(pk=booked.pk).conflict_override == "Urgent; agreed"
    assert AuditEntry.objects.filter(event=AuditEvent.SCHEDULING_CONFLICT_OVERRIDDEN).count() == 1


def test_the_longest_appointment_still_conflicts_near_its_end(cast):
    # The overlap query looks back at most the longest duration (models.LONGEST).
    actions.book(cast.frankie, booking(cast, D(2026, 3, 3, 8, 0), duration_minutes=480), now=NOW)
    with pytest.raises(actions.Conflict, match="the clinician"):
        actions.book(cast.frankie, booking(cast, D(2026, 3, 3, 15, 55)), now=NOW)
    assert actions.book(cast.frankie, booking(cast, D(2026, 3, 3, 16, 0)), now=NOW)


def test_time_off_and_working_hours_are_conflicts(cast):
    calendar_setup.set_hours(
        cast.casey, cast.casey, [(1, datetime.time(9), datetime.time(17))], time_zone=NEW_YORK
    )
    with pytest.raises(actions.Conflict, match="outside the clinician's working hours"):
        actions.book(cast.frankie, booking(cast, D(2026, 3, 3, 18, 0)), now=NOW)
    calendar_setup.add_time_off(
        cast.casey, cast.casey, D(2026, 3, 3, 14, tzinfo=datetime.UTC),
        D(2026, 3, 4, 0, tzinfo=datetime.UTC),
    )  # fmt: skip
    with pytest.raises(actions.Conflict, match="away"):
        actions.book(cast.frankie, booking(cast, D(2026, 3, 3, 10, 0)), now=NOW)
    assert actions.book(cast.frankie, booking(cast, D(2026, 3, 10, 10, 0)), now=NOW)


def test_moving_keeps_the_session_and_refuses_a_stale_edit(cast):
    appointment = actions.book(cast.frankie, booking(cast, D(2026, 3, 3, 15, 0)), now=NOW)
    opened_by_both = appointment.version
    moved = actions.reschedule(
        cast.frankie, appointment, expected_version=opened_by_both,
        local_start=D(2026, 3, 5, 10, 0), duration_minutes=60, room=room(), now=NOW,
    )  # fmt: skip
    assert moved.version == opened_by_both + 1
    with pytest.raises(actions.StaleEdit, match="someone else changed"):
        actions.cancel(
            cast.casey, appointment, expected_version=opened_by_both, reason="Ill", now=NOW
        )
    stored = Appointment.objects.get(pk=appointment.pk)
    assert stored.status == Status.SCHEDULED and stored.local_start.day == 5
    assert Session.objects.get(pk=stored.session_id).start_time == datetime.time(10)


def test_cancel_late_cancel_and_no_show(cast):
    first = actions.book(cast.frankie, booking(cast, D(2026, 3, 3, 15, 0)), now=NOW)
    second = actions.book(cast.frankie, booking(cast, D(2026, 3, 4, 15, 0)), now=NOW)
    with pytest.raises(actions.SchedulingError, match="why"):
        actions.cancel(cast.frankie, first, expected_version=1, reason=" ", now=NOW)
    actions.cancel(cast.frankie, first, expected_version=1, reason="Travel", late=True, now=NOW)
    stored = Appointment.objects.get(pk=first.pk)
    assert (stored.status, stored.status_reason) == (Status.LATE_CANCEL, "Travel")
    with pytest.raises(actions.SchedulingError, match="not begun"):
        actions.mark_no_show(cast.frankie, second, expected_version=1, now=NOW)
    later = D(2026, 3, 4, 21, 0, tzinfo=datetime.UTC)
    actions.mark_no_show(cast.frankie, second, expected_version=1, now=later)
    assert Appointment.objects.get(pk=second.pk).status == Status.NO_SHOW
    # A cancelled slot is free again.
    assert actions.book(cast.frankie, booking(cast, D(2026, 3, 3, 15, 0)), now=NOW)


def test_a_couples_appointment_has_both_clients(cast):
    partner = records.create_client(cast.casey, client_details(legal_first_name="Jo"))
    couple = booking(cast, D(2026, 3, 3, 15, 0), clients=[cast.riley, partner], service="couples")
    consented(cast, cast.riley)
    with pytest.raises(actions.SchedulingError, match="client 2 of this appointment has no "
                       "current informed consent"):  # fmt: skip
        actions.book(cast.frankie, couple, now=NOW)
    consented(cast, partner)
    appointment = actions.book(cast.frankie, couple, now=NOW)
    attending = Attendee.objects.filter(appointment=appointment).values_list("client", flat=True)
    assert set(attending) == {cast.riley.pk, partner.pk}
    with pytest.raises(actions.Conflict, match="a client"):
        actions.book(
            cast.frankie,
            booking(cast, D(2026, 3, 3, 15, 10), clients=[partner], clinician=cast.morgan,
                    room=room("Room 2")),
            now=NOW,
        )  # fmt: skip
