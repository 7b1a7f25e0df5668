"""The client's upcoming appointments, read from the practice's calendar (sealbook/scheduling).

Every scheduled appointment the client attends (an individual one, or a
couples, family or group one they are part of) that has not ended yet; for a
guardian's account, less those of a service the minor consented to alone
(portal/guardians.py). A video appointment the client holds with their own
account offers a join button during the join window: from 15 minutes before
the start until the scheduled end, as the video session's own join links
(sealbook/telehealth).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.utils import timezone

from sealbook.portal.guardians import hidden_from, own_services
from sealbook.portal.models import AccountKind, PortalAccount
from sealbook.records.models import Modality as SessionModality
from sealbook.scheduling.models import Appointment, Modality, Status
from sealbook.telehealth.actions import EARLY, session_end, session_start


@dataclass(frozen=True)
class Upcoming:
    appointment: Appointment
    # The video join button is shown now; or will be, in the join window.
    joinable: bool
    joinable_later: bool


def _shown(account: PortalAccount) -> list[Appointment]:
    now = timezone.now()
    rows = (
        Appointment.objects.filter(
            attendees__client_id=account.client_id, status=Status.SCHEDULED, end__gt=now
        )
        .select_related("clinician", "session")
        .order_by("start")
    )
    if account.kind != AccountKind.GUARDIAN:
        return list(rows)
    services = own_services(account.client)
    return [row for row in rows if not hidden_from(account, services, str(row.service))]


def may_join(account: PortalAccount, appointment: Appointment, now: datetime.datetime) -> bool:
    """The client's own account, a video appointment with its charted session, in the window.

    Only the client's own account: a join link is the client's place in the
    room, and a guardian taking it would take the client's.
    """
    session = appointment.session
    return (
        account.kind == AccountKind.CLIENT
        and appointment.modality == Modality.VIDEO
        and session is not None
        and session.modality == SessionModality.TELEHEALTH
        # The video session's own window, so that the button and the link agree.
        and session_start(session) - EARLY <= now < session_end(session)
    )


def upcoming(account: PortalAccount) -> list[Upcoming]:
    now = timezone.now()
    return [
        Upcoming(
            row,
            may_join(account, row, now),
            row.session is not None and may_join(account, row, session_start(row.session)),
        )
        for row in _shown(account)
    ]


def appointment_or_none(account: PortalAccount, appointment_id: uuid.UUID) -> Appointment | None:
    """One of the appointments `account` is shown, else None (the page answers 404)."""
    return next((row for row in _shown(account) if row.pk == appointment_id), None)
