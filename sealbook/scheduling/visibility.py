"""Who sees what on the calendar: decided by the access policy, never by a template.

- Whose calendars: a clinician sees their own and their supervisees'; those
  the policy lets see the practice's calendar (front desk, owner) see every
  clinician's.
- Each appointment's clients: the name when the policy lets the viewer see
  that client's demographics; "Restricted client" for a restricted chart the
  viewer is not on; "Client" otherwise.
- What it is about (the service): only when the viewer may see the clinical
  record of every client in it; the front desk sees names and times only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from sealbook.access.models import Supervision
from sealbook.access.policy import Action, permits, remember_relationships
from sealbook.accounts.models import CLINICAL_ROLES
from sealbook.records.models import Client, Service
from sealbook.scheduling.models import LONGEST, Appointment, Attendee, Modality, Status

RESTRICTED = "Restricted client"


@dataclass
class Entry:
    appointment: Appointment
    start: datetime.datetime  # naive wall-clock time in the calendar's zone (for display)
    end: datetime.datetime
    names: list[str]
    service: str
    may_open: bool
    # The session whose video room this entry offers its viewer (their own video
    # appointment, not over, not cancelled), or None.
    video_session_id: Any = None

    @property
    def cancelled(self) -> bool:
        return self.appointment.status != Status.SCHEDULED

    @property
    def label(self) -> str:
        return " & ".join(self.names)


def clinicians_for(viewer: Any) -> list[Any]:
    """The clinicians whose calendar `viewer` may see, in name order."""
    users = get_user_model().objects.filter(is_active=True, role__in=CLINICAL_ROLES)
    if permits(viewer, Action.VIEW_PRACTICE_CALENDAR):
        return list(users.order_by("display_name"))
    if not permits(viewer, Action.VIEW_CALENDAR):
        return []
    supervised = Supervision.objects.filter(supervisor=viewer).values_list("supervisee", flat=True)
    return list(users.filter(pk__in=[viewer.pk, *supervised]).order_by("display_name"))


def client_label(viewer: Any, client: Client) -> str:
    if permits(viewer, Action.VIEW_DEMOGRAPHICS, client):
        return client.display_name or "Client"
    return RESTRICTED if client.restricted else "Client"


def entries(
    viewer: Any,
    clinicians: list[Any],
    start: datetime.datetime,
    end: datetime.datetime,
    tz: datetime.tzinfo,
) -> list[Entry]:
    """The appointments of `clinicians` between `start` and `end`, as `viewer` may see them."""
    appointments = list(
        Appointment.objects.filter(
            clinician__in=clinicians, start__lt=end, end__gt=start, start__gt=start - LONGEST
        )
        .select_related("clinician", "room")
        .order_by("start")
    )
    attendees: dict[Any, list[Client]] = {}
    for row in Attendee.objects.filter(appointment__in=appointments).select_related("client"):
        attendees.setdefault(row.appointment_id, []).append(row.client)
    # The policy's questions about every client of the page, in three queries.
    everyone = {c.pk: c for clients in attendees.values() for c in clients}
    remember_relationships(viewer, list(everyone.values()))
    seen: dict[Any, bool] = {}
    shown: dict[Any, bool] = {}

    def sees(client: Client) -> bool:
        if client.pk not in seen:
            seen[client.pk] = permits(viewer, Action.VIEW_DEMOGRAPHICS, client)
        return seen[client.pk]

    def clinical_of(client: Client) -> bool:
        if client.pk not in shown:
            shown[client.pk] = permits(viewer, Action.VIEW_CLINICAL, client)
        return shown[client.pk]

    found = []
    for appointment in appointments:
        clients = attendees.get(appointment.pk, [])
        clinical = bool(clients) and all(clinical_of(c) for c in clients)
        service = ""
        if clinical and appointment.service in Service.values:
            service = str(Service(appointment.service).label)
        found.append(
            Entry(
                appointment=appointment,
                start=appointment.start.astimezone(tz).replace(tzinfo=None),
                end=appointment.end.astimezone(tz).replace(tzinfo=None),
                names=[
                    (c.display_name or "Client")
                    if sees(c)
                    else (RESTRICTED if c.restricted else "Client")
                    for c in clients
                ],
                service=service,
                may_open=bool(clients) and all(sees(c) for c in clients),
                video_session_id=video_session_of(appointment, viewer),
            )
        )
    return found


def video_session_of(appointment: Appointment, viewer: Any) -> Any:
    """The session id whose video room `viewer` holds for this appointment, or None: a
    scheduled video appointment of theirs that has not ended (the telehealth app's room
    page decides the rest: consent, the time window, who may hold it)."""
    if (
        appointment.modality == Modality.VIDEO
        and appointment.status == Status.SCHEDULED
        and appointment.clinician_id == viewer.pk
        and appointment.session_id is not None
        and appointment.end > timezone.now()
    ):
        return appointment.session_id
    return None
