"""The note of a couples, family or group appointment: a shared part and a part per client.

Each client gets their own progress note, encrypted under their own key and
shown in their own chart and records export: the shared part, then their own
part. In each client's copy of the shared part, the other participants'
identifiers (names, nicknames, contact details: the practice roster's hits
for those clients, found by the de-identification engine) are replaced by
"[another participant]", so a partner's name never reaches the other
partner's record, unless that partner authorized it: an active release
(`disclosure.Authorization`) of their identifying information
(demographics) whose recipient is the other client, matched by name as the
disclosure gate matches recipients. Each client's note is linked to the
appointment (`AppointmentNote`). Psychotherapy notes are not part of this:
they stay sealed to their author (`psychotherapy`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from sealbook.access.policy import Action, authorize
from sealbook.core.deid import Roster, analyse
from sealbook.disclosure.models import (
    Authorization,
    AuthorizationKind,
    AuthorizationStatus,
    Category,
)
from sealbook.records.actions import RecordError, create_note
from sealbook.records.models import NOTE_SECTIONS, Client, Contact, ProgressNote
from sealbook.scheduling.actions import clients_of
from sealbook.scheduling.models import Appointment, AppointmentNote
from sealbook.sharing.roster import roster_client

OTHER = "[another participant]"


def without_others(text: str, roster: Any, kept_refs: set[str]) -> str:
    """`text` with every roster hit of a client not in `kept_refs` replaced."""
    spans = [
        s for s in analyse(text, roster) if s.client_refs and kept_refs.isdisjoint(s.client_refs)
    ]
    for span in sorted(spans, key=lambda s: s.start, reverse=True):
        text = text[: span.start] + OTHER + text[span.end :]
    return text


def write_joint_note(
    actor: Any,
    appointment: Appointment,
    *,
    note_format: str,
    shared: dict[str, str],
    own: dict[str, dict[str, str]],
) -> list[ProgressNote]:
    """One progress note per client of `appointment`: the shared part (others removed), then
    the client's own part (`own`, by client id)."""
    clients = clients_of(appointment)
    for client in clients:
        authorize(actor, Action.WRITE_NOTE, client)
    if note_format not in NOTE_SECTIONS:
        raise RecordError("a note is SOAP or DAP")
    if set(own) - {str(c.pk) for c in clients}:
        raise RecordError("a part of the note names a client who is not in the appointment")
    roster = Roster(
        clients=tuple(roster_client(c, Contact.objects.filter(client=c)) for c in clients)
    ).compile()
    today = timezone.localdate()
    notes = []
    with transaction.atomic():
        for client in clients:
            mine = own.get(str(client.pk), {})
            kept = {str(client.pk)} | {
                str(other.pk)
                for other in clients
                if other.pk != client.pk and authorized_to(other, client, today)
            }
            sections = {}
            for key, _ in NOTE_SECTIONS[note_format]:
                common = without_others((shared.get(key) or "").strip(), roster, kept)
                parts = [p for p in (common, (mine.get(key) or "").strip()) if p]
                sections[key] = "\n\n".join(parts)
            session = appointment.session
            if session is not None and session.client_id != client.pk:
                session = None
            note = create_note(
                actor, client, note_format=note_format, sections=sections, session=session
            )
            AppointmentNote.objects.create(appointment=appointment, client=client, note=note)
            notes.append(note)
    return notes


def _normal(name: str) -> str:
    return " ".join(name.casefold().split())


def authorized_to(partner: Client, recipient: Client, on: datetime.date) -> bool:
    """Whether `partner` has an active release of their identifying information to `recipient`."""
    names = {
        _normal(f"{recipient.legal_first_name or ''} {recipient.legal_last_name or ''}"),
        _normal(recipient.display_name),
    } - {""}
    return any(
        auth.kind == AuthorizationKind.GENERAL
        and Category.DEMOGRAPHICS in auth.categories
        and auth.status(on) == AuthorizationStatus.ACTIVE
        and _normal(auth.recipient_name or "") in names
        for auth in Authorization.objects.filter(client=partner)
    )
