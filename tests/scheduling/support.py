"""Booking helpers for the calendar's tests: a fixed "now" and appointments relative to it."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from sealbook.consent import actions as consent
from sealbook.consent.models import ConsentKind
from sealbook.scheduling.actions import Booking
from sealbook.scheduling.models import Room

NOW = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)  # a Monday
NEW_YORK = "America/New_York"
BERLIN = "Europe/Berlin"


def room(name: str = "Room 1") -> Room:
    return Room.objects.get_or_create(name=name)[0]


def booking(cast: Any, local: datetime.datetime, **overrides: Any) -> Booking:
    values: dict[str, Any] = {
        "clients": [cast.riley],
        "clinician": cast.casey,
        "local_start": local,
        "duration_minutes": 50,
        "time_zone": NEW_YORK,
        "service": "individual",
        "modality": "room",
        "room": room(),
    }
    values.update(overrides)
    return Booking(**values)


def soon(days: int = 2, hour: int = 10) -> datetime.datetime:
    """A local time `days` from today, for tests that book against the real clock."""
    return datetime.datetime.combine(
        (timezone.now() + datetime.timedelta(days=days)).date(), datetime.time(hour)
    )


def consented(cast: Any, *clients: Any) -> None:
    """Each client's signature of the current informed consent (a joint appointment needs it)."""
    document = consent.current_document(ConsentKind.INFORMED_CONSENT)
    for client in clients:
        consent.sign(cast.frankie, client, document, consent.Signature(
            signer_name="Synthetic Signer", signed_on=timezone.localdate(), method="typed",
            text_sha256=document.text_sha256,
        ))  # fmt: skip
