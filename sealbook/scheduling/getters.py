"""Loading an appointment for a page: 404 unless the viewer may see every client in it."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404

from sealbook.access.pages import authorize_or_404
from sealbook.access.policy import Action
from sealbook.scheduling.models import Appointment


def get_appointment_for(user: Any, appointment_id: uuid.UUID, action: Action) -> Appointment:
    appointment = (
        Appointment.objects.select_related("client", "clinician", "room", "series")
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None:
        raise Http404()
    for attendee in appointment.attendees.select_related("client"):
        authorize_or_404(user, action, attendee.client)
    return appointment
