"""A clinician's calendar as an ICS feed at a secret, revocable address.

What leaves the practice in it is what the practice policy allows: each
appointment is "Appointment", or the clients' initials
(`PracticePolicy.calendar_feed_detail`); a restricted client is never more
than "Appointment". No service, no modality word, no name, no room.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from sealbook.access import practice_policy
from sealbook.access.policy import Action, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.scheduling.models import Appointment, Attendee, CalendarFeed, Status

PAST = datetime.timedelta(days=30)
AHEAD = datetime.timedelta(days=366)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make_feed(actor: Any) -> str:
    """A new secret address token for `actor`'s own calendar; the old one stops working."""
    authorize(actor, Action.SUBSCRIBE_CALENDAR_FEED)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(clinician=actor).delete()
        CalendarFeed.objects.create(clinician=actor, token_digest=digest(token))
        record(AuditEvent.CALENDAR_FEED_CHANGED, actor=actor, detail={"change": "made"})
    return token


def revoke_feed(actor: Any) -> bool:
    authorize(actor, Action.SUBSCRIBE_CALENDAR_FEED)
    with transaction.atomic():
        deleted, _ = CalendarFeed.objects.filter(clinician=actor).delete()
        if deleted:
            record(AuditEvent.CALENDAR_FEED_CHANGED, actor=actor, detail={"change": "revoked"})
    return bool(deleted)


def has_feed(user: Any) -> bool:
    return CalendarFeed.objects.filter(clinician=user).exists()


def _initials(client: Any) -> str:
    first = (client.preferred_name or client.legal_first_name or "")[:1]
    last = (client.legal_last_name or "")[:1]
    return f"{first}{last}".upper() or "Appointment"


def _summary(clients: list[Any], initials: bool) -> str:
    if not initials or not clients or any(c.restricted for c in clients):
        return "Appointment"
    return " & ".join(_initials(c) for c in clients)


def feed_for(token: str, *, now: datetime.datetime | None = None) -> bytes | None:
    """The ICS text for the feed whose token this is, or None (unknown or revoked)."""
    feed = CalendarFeed.objects.select_related("clinician").filter(token_digest=digest(token))
    found = feed.first()
    if found is None or not found.clinician.is_active:
        return None
    moment = now if now is not None else timezone.now()
    appointments = list(
        Appointment.objects.filter(
            clinician=found.clinician,
            status=Status.SCHEDULED,
            start__gte=moment - PAST,
            start__lt=moment + AHEAD,
        ).order_by("start")
    )
    initials = practice_policy.current().calendar_feed_detail == "initials"
    clients: dict[Any, list[Any]] = {}
    if initials:
        rows = Attendee.objects.filter(appointment__in=appointments).select_related("client")
        for row in rows:
            clients.setdefault(row.appointment_id, []).append(row.client)
    calendar = Calendar()
    calendar.add("prodid", "-//Sealbook//Calendar feed//EN")
    calendar.add("version", "2.0")
    for appointment in appointments:
        event = Event()
        event.add("uid", f"{appointment.pk}@sealbook.invalid")
        event.add("dtstamp", moment)
        event.add("dtstart", appointment.start)
        event.add("dtend", appointment.end)
        event.add("summary", _summary(clients.get(appointment.pk, []), initials))
        calendar.add_component(event)
    return bytes(calendar.to_ical())
