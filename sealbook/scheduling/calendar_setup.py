"""Setting up the calendar: rooms, each clinician's working hours and time off.

The policy decides who may: `MANAGE_CALENDAR_SETUP` (the owner, the front
desk) for rooms and anyone's hours; `MANAGE_OWN_HOURS` for a clinician's own.
Hours and time off are conflicts at booking time (`actions.conflicts`), not
walls: they can be overridden with a reason like any other conflict.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from sealbook.access.policy import Action, authorize
from sealbook.accounts.models import CLINICAL_ROLES
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.scheduling.actions import SchedulingError
from sealbook.scheduling.models import Availability, Room, TimeOff
from sealbook.scheduling.zones import zone

MAX_TIME_OFF = datetime.timedelta(days=366)


def clinicians() -> Any:
    """The active clinicians, in name order: whose hours there are to set."""
    users = get_user_model().objects.filter(is_active=True, role__in=CLINICAL_ROLES)
    return users.order_by("display_name")


def may_set_hours_of(actor: Any, clinician: Any) -> Action:
    """The action that lets `actor` change `clinician`'s hours and time off (no clinician:
    someone else's, which is the setup's)."""
    own = clinician is not None and actor.pk == clinician.pk
    return Action.MANAGE_OWN_HOURS if own else Action.MANAGE_CALENDAR_SETUP


def add_room(actor: Any, name: str) -> Room:
    authorize(actor, Action.MANAGE_CALENDAR_SETUP)
    name = " ".join(name.split())
    if not name or len(name) > 60:
        raise SchedulingError("a room needs a name of up to 60 characters")
    with transaction.atomic():
        if Room.objects.filter(name=name).exists():
            raise SchedulingError("there is a room of that name already")
        room = Room.objects.create(name=name)
        record(AuditEvent.CALENDAR_SETUP_CHANGED, actor=actor, obj=room, detail={"kind": "room"})
    return room


def set_room_in_use(actor: Any, room: Room, in_use: bool) -> Room:
    """Take a room out of use (its past and booked appointments keep it) or back into use."""
    authorize(actor, Action.MANAGE_CALENDAR_SETUP)
    with transaction.atomic():
        Room.objects.filter(pk=room.pk).update(active=in_use)
        room.active = in_use
        record(
            AuditEvent.CALENDAR_SETUP_CHANGED,
            actor=actor,
            obj=room,
            outcome="in-use" if in_use else "retired",
            detail={"kind": "room"},
        )
    return room


def set_hours(
    actor: Any,
    clinician: Any,
    hours: list[tuple[int, datetime.time, datetime.time]],
    *,
    time_zone: str,
) -> None:
    """Replace a clinician's working hours: (weekday 0 = Monday, from, to) in `time_zone`.

    No hours at all means "no working hours set": every time is within them.
    """
    authorize(actor, may_set_hours_of(actor, clinician))
    zone(time_zone)
    for weekday, begin, finish in hours:
        if not 0 <= weekday <= 6:
            raise SchedulingError("a weekday is 0 (Monday) to 6 (Sunday)")
        if not begin < finish:
            raise SchedulingError("working hours end after they begin")
    with transaction.atomic():
        Availability.objects.filter(clinician=clinician).delete()
        Availability.objects.bulk_create(
            Availability(
                clinician=clinician,
                weekday=weekday,
                start_time=begin,
                end_time=finish,
                time_zone=time_zone,
            )
            for weekday, begin, finish in hours
        )
        record(
            AuditEvent.CALENDAR_SETUP_CHANGED,
            actor=actor,
            detail={"kind": "hours", "clinician": clinician.pk, "slots": len(hours)},
        )


def add_time_off(
    actor: Any, clinician: Any, start: datetime.datetime, end: datetime.datetime
) -> TimeOff:
    authorize(actor, may_set_hours_of(actor, clinician))
    if not start < end:
        raise SchedulingError("time off ends after it begins")
    if end - start > MAX_TIME_OFF:
        raise SchedulingError("time off is at most a year at a time")
    with transaction.atomic():
        off = TimeOff.objects.create(clinician=clinician, start=start, end=end)
        record(
            AuditEvent.CALENDAR_SETUP_CHANGED,
            actor=actor,
            obj=off,
            detail={"kind": "time-off", "clinician": clinician.pk},
        )
    return off


def remove_time_off(actor: Any, off: TimeOff) -> None:
    authorize(actor, may_set_hours_of(actor, off.clinician))
    with transaction.atomic():
        record(
            AuditEvent.CALENDAR_SETUP_CHANGED,
            actor=actor,
            obj=off,
            outcome="removed",
            detail={"kind": "time-off", "clinician": off.clinician_id},
        )
        off.delete()
