"""Sessions and appointments stay one: each session on a chart is an appointment on the calendar.

A session added from a chart (`records.actions.schedule_session`, in a lower
layer that cannot know the calendar) gets its appointment here, in the same
transaction; appointments booked on the calendar make their session
themselves (`actions._make_session`) and are skipped.
"""

from __future__ import annotations

import datetime
from typing import Any

from sealbook.records.models import Modality as SessionModality
from sealbook.records.models import Session
from sealbook.scheduling import reminders
from sealbook.scheduling.models import Appointment, Attendee, Modality
from sealbook.scheduling.zones import practice_zone_name, zone

APPOINTMENT_MODALITY: dict[str, str] = {
    SessionModality.IN_PERSON: Modality.ROOM,
    SessionModality.TELEHEALTH: Modality.VIDEO,
    SessionModality.PHONE: Modality.PHONE,
}


def session_start(session: Any, tz_name: str) -> datetime.datetime:
    """The UTC start of a session's local date and time (the first of a repeated time)."""
    local = datetime.datetime.combine(session.date, session.start_time)
    return local.replace(tzinfo=zone(tz_name), fold=0).astimezone(datetime.UTC)


def appointment_for_charted_session(
    sender: Any, instance: Session, created: bool, raw: bool = False, **_: Any
) -> None:
    if not created or raw or getattr(instance, "_from_calendar", False):
        return
    tz_name = practice_zone_name()
    start = session_start(instance, tz_name)
    appointment = Appointment(
        client_id=instance.client_id,
        clinician_id=instance.clinician_id,
        service=instance.service,
        modality=APPOINTMENT_MODALITY.get(instance.modality, Modality.ROOM),
        start=start,
        end=start + datetime.timedelta(minutes=instance.duration_minutes),
        time_zone=tz_name,
        session=instance,
    )
    appointment.save()
    Attendee.objects.create(appointment=appointment, client_id=instance.client_id)
    reminders.plan(appointment)
