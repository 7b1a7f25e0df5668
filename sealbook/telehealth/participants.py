"""Who takes part in a telehealth session: the one place that says so.

Today a session has one client. When appointments with several clients exist
(the scheduling app), this function reads them from the appointment.
"""

from __future__ import annotations

from sealbook.records.models import Client, Session

MAX_CLIENTS = 7  # with the clinician, a room holds up to 8 participants


def clients_of(session: Session) -> list[Client]:
    """The clients of `session`, in the order their labels are numbered."""
    return [session.client]
