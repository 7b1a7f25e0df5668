"""Who takes part in a telehealth session: the one place that says so.

Every session is also an appointment on the calendar (the scheduling app), and
an appointment has one or more clients (its attendees: a couple, a family, a
group). Each of them gets their own join link and label ("Client n", in the
order they were added to the appointment, so the first is the appointment's
own client). A session without an appointment (none should exist) has its one client.
"""

from __future__ import annotations

from sealbook.records.models import Client, Session
from sealbook.scheduling.models import Attendee

MAX_CLIENTS = 7  # with the clinician, a room holds up to 8 participants


def clients_of(session: Session) -> list[Client]:
    """The clients of `session`, in the order their labels are numbered."""
    attendees = (
        Attendee.objects.filter(appointment__session=session)
        .select_related("client")
        .order_by("pk")
    )
    return [a.client for a in attendees] or [session.client]
