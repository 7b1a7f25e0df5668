"""Every change to the calendar goes through one of these actions.

Each checks the policy for every client of the appointment, validates, saves
and writes the audit entry in one transaction. Conflicts (the clinician, the
room or a client already booked, the clinician's time off or hours) refuse the
booking with one line unless the person overrides them with a reason, which
is kept encrypted in the row and audited. An edit names the version it was
made from: if someone else changed the appointment since, the edit is refused
and nothing is written (`StaleEdit`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sealbook.access.policy import Action, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.consent.models import ConsentKind
from sealbook.consent.status import ConsentMissing, require_consent
from sealbook.core.errors import SealbookError
from sealbook.records.models import Client, Service, Session
from sealbook.records.models import Modality as SessionModality
from sealbook.scheduling import reminders
from sealbook.scheduling.models import (
    LONGEST,
    Appointment,
    Attendee,
    Availability,
    Modality,
    Room,
    Series,
    Status,
    TimeOff,
)
from sealbook.scheduling.recurrence import Repeat, build_rrule, expand
from sealbook.scheduling.recurrence import split as split_rule
from sealbook.scheduling.zones import TimeError, to_utc, zone

MIN_MINUTES, MAX_MINUTES = 5, LONGEST.seconds // 60


class SchedulingError(SealbookError):
    """A booking or change was refused (the message says why)."""


class Conflict(SchedulingError):
    """The booking overlaps another (or the clinician's time off): override with a reason."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages) + " (book anyway only with a reason)")


class StaleEdit(SchedulingError):
    """Someone else changed the appointment after it was opened: nothing was written."""

    def __init__(self, current: Appointment) -> None:
        self.current = current
        super().__init__(
            "someone else changed this appointment after you opened it; nothing was saved: "
            "look at it again and repeat your change"
        )


class Scope:
    ONE = "one"
    FOLLOWING = "following"
    ALL = "all"
    CHOICES = (ONE, FOLLOWING, ALL)


@dataclass
class Booking:
    clients: list[Client]
    clinician: Any
    local_start: datetime.datetime  # naive wall-clock time in `time_zone`
    duration_minutes: int
    time_zone: str
    service: str
    modality: str
    room: Room | None = None
    fold: int | None = None  # which of a repeated (autumn) local time
    extra: dict[str, Any] = field(default_factory=dict)


SESSION_MODALITY = {
    Modality.ROOM: SessionModality.IN_PERSON,
    Modality.VIDEO: SessionModality.TELEHEALTH,
    Modality.PHONE: SessionModality.PHONE,
}


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now if now is not None else timezone.now()


def _check_booking(actor: Any, booking: Booking) -> None:
    if not booking.clients:
        raise SchedulingError("an appointment needs at least one client")
    if len({c.pk for c in booking.clients}) != len(booking.clients):
        raise SchedulingError("a client is named twice")
    for client in booking.clients:
        authorize(actor, Action.SCHEDULE_SESSION, client)
    if len(booking.clients) > 1:
        _check_joint_consent(booking.clients)
    if not (booking.clinician.is_active and booking.clinician.is_clinical):
        raise SchedulingError("an appointment's clinician must be an active clinician")
    _check_shape(booking.duration_minutes, booking.modality, booking.room, booking.service)


def _check_joint_consent(clients: list[Client]) -> None:
    """Each client of a couples, family or group appointment has their own current informed
    consent (the limits of confidentiality when others are in the room, APA 10.03)."""
    for number, client in enumerate(clients, start=1):
        try:
            require_consent(client, ConsentKind.INFORMED_CONSENT)
        except ConsentMissing as missing:
            # By position, never by name: the message reaches the page and may reach a log.
            raise SchedulingError(f"client {number} of this appointment has {missing}") from None


def _check_shape(minutes: int, modality: str, room: Room | None, service: str) -> None:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise SchedulingError(
            f"an appointment lasts between {MIN_MINUTES} and {MAX_MINUTES} minutes; "
            "the end must come after the start"
        )
    if modality not in Modality.values:
        raise SchedulingError("the modality is a room, video or telephone")
    if service not in Service.values:
        raise SchedulingError("choose a service")
    if modality == Modality.ROOM and room is None:
        raise SchedulingError("an appointment in person needs a room")
    if room is not None and not room.active:
        raise SchedulingError("that room is no longer in use")


def conflicts(
    *,
    clinician: Any,
    room: Room | None,
    client_ids: Iterable[Any],
    start: datetime.datetime,
    end: datetime.datetime,
    tz_name: str,
    exclude: Iterable[Any] = (),
) -> list[str]:
    """What this slot collides with, in words that name nobody; [] when it is free."""
    found: list[str] = []
    local = start.astimezone(zone(tz_name))
    when = f"{local:%Y-%m-%d %H:%M}"
    overlapping = Appointment.objects.filter(
        status=Status.SCHEDULED, start__lt=end, end__gt=start, start__gt=start - LONGEST
    ).exclude(pk__in=list(exclude))
    if overlapping.filter(clinician=clinician).exists():
        found.append(f"the clinician already has an appointment at {when}")
    if room is not None and overlapping.filter(room=room).exists():
        found.append(f"the room {room.name} is taken at {when}")
    if overlapping.filter(attendees__client_id__in=list(client_ids)).exists():
        found.append(f"a client of this appointment is already booked at {when}")
    if TimeOff.objects.filter(clinician=clinician, start__lt=end, end__gt=start).exists():
        found.append(f"the clinician is away at {when}")
    hours = list(Availability.objects.filter(clinician=clinician))
    if hours and not any(_within(slot, start, end) for slot in hours):
        found.append(f"{when} is outside the clinician's working hours")
    return found


def _within(slot: Availability, start: datetime.datetime, end: datetime.datetime) -> bool:
    tz = zone(slot.time_zone)
    begin, finish = start.astimezone(tz), end.astimezone(tz)
    return (
        begin.weekday() == slot.weekday
        and begin.date() == finish.date()
        and slot.start_time <= begin.time()
        and finish.time() <= slot.end_time
    )


def _resolve(found: list[str], actor: Any, clients: Iterable[Client], reason: str) -> bool:
    """True when conflicts were overridden (with a reason, by someone allowed to)."""
    if not found:
        return False
    if not reason.strip():
        raise Conflict(found)
    for client in clients:
        authorize(actor, Action.OVERRIDE_CONFLICT, client)
    return True


def _make_session(appointment: Appointment) -> Session:
    local = appointment.local_start
    session = Session(
        client_id=appointment.client_id,
        clinician=appointment.clinician,
        date=local.date(),
        start_time=local.time().replace(tzinfo=None),
        duration_minutes=appointment.duration_minutes,
        service=appointment.service,
        modality=SESSION_MODALITY[Modality(appointment.modality)],
    )
    session._from_calendar = True  # type: ignore[attr-defined]
    session.save()
    return session


def _sync_session(appointment: Appointment) -> None:
    if appointment.session_id is None:
        return
    local = appointment.local_start
    Session.objects.filter(pk=appointment.session_id).update(
        date=local.date(),
        start_time=local.time().replace(tzinfo=None),
        duration_minutes=appointment.duration_minutes,
        modality=SESSION_MODALITY[Modality(appointment.modality)],
    )


def _create(
    booking: Booking,
    start: datetime.datetime,
    series: Series | None,
    override: str,
    now: datetime.datetime,
) -> Appointment:
    appointment = Appointment(
        client=booking.clients[0],
        clinician=booking.clinician,
        service=booking.service,
        modality=booking.modality,
        room=booking.room if booking.modality == Modality.ROOM else None,
        start=start,
        end=start + datetime.timedelta(minutes=booking.duration_minutes),
        time_zone=booking.time_zone,
        series=series,
        conflict_override=override.strip() or None,
    )
    appointment.save()
    for client in booking.clients:
        Attendee.objects.create(appointment=appointment, client=client)
    appointment.session = _make_session(appointment)
    appointment.save(update_fields=["session"])
    reminders.plan(appointment, now=now)
    return appointment


def book(
    actor: Any,
    booking: Booking,
    *,
    override_reason: str = "",
    now: datetime.datetime | None = None,
) -> Appointment:
    """Book one appointment."""
    _check_booking(actor, booking)
    start = to_utc(booking.local_start, zone(booking.time_zone), fold=booking.fold)
    if start < _now(now):
        raise SchedulingError("that time has passed: an appointment is booked for the future")
    end = start + datetime.timedelta(minutes=booking.duration_minutes)
    client_ids = [c.pk for c in booking.clients]
    found = conflicts(
        clinician=booking.clinician, room=_room(booking), client_ids=client_ids,
        start=start, end=end, tz_name=booking.time_zone,
    )  # fmt: skip
    overridden = _resolve(found, actor, booking.clients, override_reason)
    with transaction.atomic():
        appointment = _create(
            booking, start, None, override_reason if overridden else "", _now(now)
        )
        _audit_booked(actor, appointment, len(booking.clients), series=False)
        if overridden:
            _audit_override(actor, appointment, found)
    return appointment


def _room(booking: Booking) -> Room | None:
    return booking.room if booking.modality == Modality.ROOM else None


def _audit_booked(actor: Any, appointment: Appointment, clients: int, *, series: bool) -> None:
    record(
        AuditEvent.APPOINTMENT_BOOKED,
        actor=actor,
        client_id=appointment.client_id,
        obj=appointment,
        detail={"clients": clients, "modality": appointment.modality, "series": series},
    )


def _audit_override(actor: Any, appointment: Appointment, found: list[str]) -> None:
    record(
        AuditEvent.SCHEDULING_CONFLICT_OVERRIDDEN,
        actor=actor,
        client_id=appointment.client_id,
        obj=appointment,
        detail={"conflicts": len(found)},
    )


def book_series(
    actor: Any,
    booking: Booking,
    repeat: Repeat,
    *,
    override_reason: str = "",
    now: datetime.datetime | None = None,
) -> Series:
    """Book a recurring series: one appointment per occurrence, each at the same local time."""
    _check_booking(actor, booking)
    tz = zone(booking.time_zone)
    rule = build_rrule(repeat, booking.local_start)
    starts: list[datetime.datetime] = []
    for local in expand(rule, booking.local_start):
        try:
            # A repeated (autumn) time: the first of the two unless told otherwise.
            starts.append(to_utc(local, tz, fold=booking.fold if booking.fold is not None else 0))
        except TimeError as error:
            raise TimeError(f"one appointment of the series: {error}") from None
    if starts[0] < _now(now):
        raise SchedulingError("that time has passed: a series starts in the future")
    length = datetime.timedelta(minutes=booking.duration_minutes)
    client_ids = [c.pk for c in booking.clients]
    found: list[str] = []
    for start in starts:
        found += conflicts(
            clinician=booking.clinician, room=_room(booking), client_ids=client_ids,
            start=start, end=start + length, tz_name=booking.time_zone,
        )  # fmt: skip
    overridden = _resolve(found, actor, booking.clients, override_reason)
    with transaction.atomic():
        series = Series.objects.create(
            client=booking.clients[0],
            clinician=booking.clinician,
            rrule=rule,
            dtstart_local=booking.local_start.isoformat(timespec="seconds")[:19],
            time_zone=booking.time_zone,
        )
        made = [
            _create(booking, start, series, override_reason if overridden else "", _now(now))
            for start in starts
        ]
        record(
            AuditEvent.SERIES_BOOKED,
            actor=actor,
            client_id=series.client_id,
            obj=series,
            detail={"rrule": rule, "occurrences": len(made), "clients": len(booking.clients)},
        )
        if overridden:
            _audit_override(actor, made[0], found)
    return series


def clients_of(appointment: Appointment) -> list[Client]:
    return [a.client for a in appointment.attendees.select_related("client").order_by("pk")]


def _claim(appointment: Appointment, expected_version: int) -> Appointment:
    """Take the edit for `expected_version`, or raise StaleEdit if someone got there first."""
    taken = Appointment.objects.filter(pk=appointment.pk, version=expected_version).update(
        version=F("version") + 1
    )
    current = Appointment.objects.select_related("room", "series").get(pk=appointment.pk)
    if not taken:
        raise StaleEdit(current)
    return current


def _in_scope(appointment: Appointment, scope: str, now: datetime.datetime) -> list[Appointment]:
    """The appointment, or with it the series' later (or all future) undetached occurrences."""
    if scope not in Scope.CHOICES:
        raise SchedulingError("change this appointment, this and the following, or all")
    if scope == Scope.ONE or appointment.series_id is None:
        return [appointment]
    others = Appointment.objects.filter(
        series_id=appointment.series_id, detached=False, status=Status.SCHEDULED
    ).exclude(pk=appointment.pk)
    since = appointment.start if scope == Scope.FOLLOWING else now
    return [appointment, *others.filter(start__gte=since).select_related("room")]


def reschedule(
    actor: Any,
    appointment: Appointment,
    *,
    expected_version: int,
    local_start: datetime.datetime,
    duration_minutes: int,
    room: Room | None = None,
    fold: int | None = None,
    scope: str = Scope.ONE,
    override_reason: str = "",
    now: datetime.datetime | None = None,
) -> Appointment:
    """Move an appointment (or this and following, or all of its series) to a new local time.

    Occurrences of a series move by the same shift of local wall-clock time,
    so a weekly 15:00 moved to 16:00 stays at 16:00 across daylight-saving
    changes; occurrences changed on their own before (exceptions) stay put.
    """
    clients = clients_of(appointment)
    for client in clients:
        authorize(actor, Action.RESCHEDULE_APPOINTMENT, client)
    moment = _now(now)
    if appointment.status != Status.SCHEDULED:
        raise SchedulingError("only a scheduled appointment can be moved")
    _check_shape(duration_minutes, appointment.modality, room if appointment.modality ==
                 Modality.ROOM else None, appointment.service or Service.INDIVIDUAL)  # fmt: skip
    tz = appointment.zone
    new_start = to_utc(local_start, tz, fold=fold)
    if new_start < moment:
        raise SchedulingError("that time has passed: move the appointment to the future")
    shift = local_start - appointment.local_start.replace(tzinfo=None)
    targets = _in_scope(appointment, scope, moment)
    length = datetime.timedelta(minutes=duration_minutes)
    plans: list[tuple[Appointment, datetime.datetime]] = []
    for target in targets:
        if target.pk == appointment.pk:
            start = new_start
        else:
            local = target.local_start.replace(tzinfo=None) + shift
            try:
                start = to_utc(local, tz, fold=0)
            except TimeError as error:
                raise TimeError(f"one appointment of the series: {error}") from None
        plans.append((target, start))
    exclude = [t.pk for t in targets]
    found: list[str] = []
    new_room = room if appointment.modality == Modality.ROOM else None
    for target, start in plans:
        found += conflicts(
            clinician=target.clinician, room=new_room, client_ids=[c.pk for c in clients],
            start=start, end=start + length, tz_name=target.time_zone, exclude=exclude,
        )  # fmt: skip
    overridden = _resolve(found, actor, clients, override_reason)
    with transaction.atomic():
        current = _claim(appointment, expected_version)
        if scope == Scope.FOLLOWING and current.series_id is not None:
            _split_series(actor, current, local_start)
        for target, start in plans:
            row = current if target.pk == current.pk else target
            if row is not current:
                Appointment.objects.filter(pk=row.pk).update(version=F("version") + 1)
                row.refresh_from_db()
            row.start, row.end, row.room = start, start + length, new_room
            if scope == Scope.ONE and row.series_id is not None:
                row.detached = True
            if overridden:
                row.conflict_override = override_reason.strip()
            row.save()
            _sync_session(row)
            reminders.plan(row, now=moment)
        record(
            AuditEvent.APPOINTMENT_MOVED if len(plans) == 1 else AuditEvent.SERIES_CHANGED,
            actor=actor,
            client_id=current.client_id,
            obj=current,
            detail={"version": current.version, "scope": scope, "count": len(plans)},
        )
        if overridden:
            _audit_override(actor, current, found)
    return current


def _split_series(actor: Any, occurrence: Appointment, new_local: datetime.datetime) -> None:
    """Split for "this and the following": the series ends before `occurrence`; a new series
    holds it and every later occurrence (the exceptions among them kept as they are).

    Nothing is split when `occurrence` is the series' first: the whole series changes.
    """
    series = occurrence.series
    assert series is not None  # noqa: S101  (the caller checked)
    rows = Appointment.objects.filter(series=series)
    if not rows.filter(start__lt=occurrence.start).exists():
        return
    later = list(rows.filter(start__gte=occurrence.start).values_list("pk", flat=True))
    old_rule, new_rule = split_rule(
        series.rrule, occurrence.local_start.replace(tzinfo=None), new_local, len(later)
    )
    successor = Series.objects.create(
        client=series.client, clinician=series.clinician, rrule=new_rule,
        dtstart_local=new_local.isoformat(timespec="seconds")[:19], time_zone=series.time_zone,
    )  # fmt: skip
    Series.objects.filter(pk=series.pk).update(rrule=old_rule)
    Appointment.objects.filter(pk__in=later).update(series=successor)
    occurrence.series = successor
    record(
        AuditEvent.SERIES_SPLIT,
        actor=actor,
        client_id=series.client_id,
        obj=successor,
        detail={"from_series": str(series.pk), "occurrences": len(later), "rrule": new_rule},
    )


def cancel(
    actor: Any,
    appointment: Appointment,
    *,
    expected_version: int,
    reason: str,
    late: bool = False,
    scope: str = Scope.ONE,
    now: datetime.datetime | None = None,
) -> Appointment:
    """Cancel (or mark a late cancellation) with a reason; the reminders are withdrawn."""
    clients = clients_of(appointment)
    for client in clients:
        authorize(actor, Action.CANCEL_APPOINTMENT, client)
    if not reason.strip():
        raise SchedulingError("say why the appointment is cancelled")
    if appointment.status != Status.SCHEDULED:
        raise SchedulingError("the appointment is not scheduled any more")
    status = Status.LATE_CANCEL if late else Status.CANCELLED
    targets = _in_scope(appointment, scope, _now(now))
    with transaction.atomic():
        current = _claim(appointment, expected_version)
        for target in targets:
            row = current if target.pk == current.pk else target
            if row is not current:
                Appointment.objects.filter(pk=row.pk).update(version=F("version") + 1)
                row.refresh_from_db()
            row.status, row.status_reason = status, reason.strip()
            if scope == Scope.ONE and row.series_id is not None:
                row.detached = True
            row.save()
            reminders.withdraw(row)
        record(
            AuditEvent.APPOINTMENT_CANCELLED if len(targets) == 1 else AuditEvent.SERIES_CHANGED,
            actor=actor,
            client_id=current.client_id,
            obj=current,
            outcome=str(status),
            detail={"version": current.version, "scope": scope, "count": len(targets)},
        )
    return current


def mark_no_show(
    actor: Any,
    appointment: Appointment,
    *,
    expected_version: int,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Appointment:
    """Mark that nobody came; only once the appointment has begun."""
    for client in clients_of(appointment):
        authorize(actor, Action.MARK_NO_SHOW, client)
    if appointment.status != Status.SCHEDULED:
        raise SchedulingError("the appointment is not scheduled any more")
    if appointment.start > _now(now):
        raise SchedulingError("an appointment that has not begun cannot be a no-show")
    with transaction.atomic():
        current = _claim(appointment, expected_version)
        current.status, current.status_reason = Status.NO_SHOW, reason.strip() or None
        if current.series_id is not None:
            current.detached = True
        current.save()
        reminders.withdraw(current)
        record(
            AuditEvent.APPOINTMENT_ATTENDANCE,
            actor=actor,
            client_id=current.client_id,
            obj=current,
            outcome=str(Status.NO_SHOW),
            detail={"version": current.version},
        )
    return current
