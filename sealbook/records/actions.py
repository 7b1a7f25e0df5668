"""Every change to a client record goes through one of these actions.

Each action checks the policy, validates, saves and writes the audit entry in
one transaction: either all of it happens or none of it does. Views and the
CLI call actions; they never save clinical models themselves.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from sealbook.access.policy import Action, authorize, visible_clients
from sealbook.accounts.models import CLINICAL_ROLES
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.errors import SealbookError
from sealbook.records.models import (
    NOTE_SECTIONS,
    CareTeamMembership,
    Client,
    Contact,
    DemographicsChange,
    Modality,
    NoteAmendment,
    NoteStatus,
    ProgressNote,
    Session,
)
from sealbook.records.search import index_client, search_clients
from sealbook.vault import runtime


class RecordError(SealbookError):
    """A request to change a record was refused (the message says why)."""


@dataclass
class ClientDetails:
    legal_first_name: str
    legal_last_name: str
    date_of_birth: datetime.date
    preferred_name: str = ""
    pronouns: str = ""
    phone: str = ""
    email: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    emergency_contact: str = ""
    greeting: str = ""
    restricted: bool = False
    contacts: list[dict[str, str]] = field(default_factory=list)


_CLIENT_FIELDS = (
    "legal_first_name", "legal_last_name", "preferred_name", "date_of_birth", "pronouns",
    "phone", "email", "street", "city", "state", "postal_code", "emergency_contact",
    "greeting",
)  # fmt: skip


def create_client(
    actor: Any,
    details: ClientDetails,
    *,
    clinician: Any = None,
    care_team: list[Any] | None = None,
    audit: bool = True,
) -> Client:
    """Create a client with their own data key, and their care team.

    `clinician` is the client's clinician and joins the care team (for a
    restricted chart, the care team is the whole access list). Someone on the
    staff must be able to open the chart, so a person creating a client names
    a clinician; a clinician who names nobody is the clinician, and a creating
    clinician always joins the team. The CLI importer (no actor) passes
    `care_team` instead.
    """
    if actor is not None:
        authorize(actor, Action.CREATE_CLIENT)
    if not details.legal_first_name.strip() or not details.legal_last_name.strip():
        raise RecordError("a client needs a legal first and last name")
    if clinician is None and actor is not None and actor.is_clinical:
        clinician = actor
    if clinician is not None and not (clinician.is_active and clinician.is_clinical):
        raise RecordError("a client's clinician must be an active member of the clinical staff")
    team = list(care_team or [])
    for member in (clinician, actor if actor is not None and actor.is_clinical else None):
        if member is not None and member not in team:
            team.append(member)
    if actor is not None and not any(member.is_clinical for member in team):
        raise RecordError("name the client's clinician")
    with transaction.atomic():
        client = Client(restricted=details.restricted)
        runtime.create_client_key(client.id)
        for name in _CLIENT_FIELDS:
            setattr(client, name, getattr(details, name))
        client.save()
        index_client(client)
        for member in team:
            CareTeamMembership.objects.create(client=client, user=member)
        for contact in details.contacts:
            Contact(client=client, **contact).save()
        if audit:
            record(
                AuditEvent.CLIENT_CREATED,
                actor=actor,
                client_id=client.id,
                obj=client,
                detail={
                    "clinician": clinician.pk if clinician is not None else None,
                    "care_team": [m.pk for m in team],
                    "contacts": len(details.contacts),
                },
            )
    return client


def view_chart(actor: Any, client: Client) -> None:
    """Record that `actor` opened the clinical chart (HIPAA 164.312(b) audit controls).

    One decision, one entry: CHART_VIEWED itself carries the decision's basis.
    """
    authorize(actor, Action.VIEW_CLINICAL, client, event=AuditEvent.CHART_VIEWED, obj=client)


def view_note(actor: Any, note: ProgressNote) -> None:
    """Record that `actor` opened one note: one decision, one NOTE_VIEWED entry."""
    authorize(actor, Action.VIEW_CLINICAL, note.client, event=AuditEvent.NOTE_VIEWED, obj=note)


def view_demographics(actor: Any, client: Client) -> None:
    authorize(
        actor,
        Action.VIEW_DEMOGRAPHICS,
        client,
        event=AuditEvent.CHART_VIEWED,
        obj=client,
        detail={"scope": "demographics"},
    )


def session_clinician(actor: Any, client: Client) -> Any:
    """Who a session scheduled by `actor` is with: the actor if clinical (a clinician
    booking their own), else the first clinical member of the care team; None if none."""
    if actor.is_clinical:
        return actor
    member = client.care_team.select_related("user").filter(user__role__in=CLINICAL_ROLES).first()
    return member.user if member is not None else None


# What a session of a modality needs before it is scheduled, registered by the app
# that knows (the consent app registers telehealth's: APA 4.02(c)). A gated modality
# with no check registered is refused: without the consent app no telehealth
# consent can exist, so telehealth fails closed.
GATED_MODALITIES = frozenset({Modality.TELEHEALTH})
_MODALITY_CHECKS: dict[str, list[Callable[[Client], None]]] = {}


def register_modality_check(modality: str, check: Callable[[Client], None]) -> None:
    """Run `check(client)` before any session of `modality` is scheduled; it raises
    SealbookError saying what is missing to refuse."""
    checks = _MODALITY_CHECKS.setdefault(modality, [])
    if check not in checks:
        checks.append(check)


def check_modality(client: Client, modality: str) -> None:
    """Refuse (RecordError, with the reason) a session of `modality` the client may not have."""
    checks = _MODALITY_CHECKS.get(modality, [])
    if modality in GATED_MODALITIES and not checks:
        raise RecordError(f"{modality} sessions are not available in this installation")
    for check in checks:
        try:
            check(client)
        except SealbookError as exc:
            raise RecordError(f"a {modality} session needs the client's consent: {exc}") from None


def schedule_session(
    actor: Any,
    client: Client,
    *,
    clinician: Any,
    date: datetime.date,
    start_time: datetime.time,
    duration_minutes: int,
    service: str,
    modality: str,
) -> Session:
    authorize(actor, Action.SCHEDULE_SESSION, client)
    if not clinician.is_clinical:
        raise RecordError("a session's clinician must have a clinical role")
    if not 5 <= duration_minutes <= 480:
        raise RecordError("a session lasts between 5 and 480 minutes")
    check_modality(client, modality)
    with transaction.atomic():
        session = Session(
            client=client,
            clinician=clinician,
            date=date,
            start_time=start_time,
            duration_minutes=duration_minutes,
            service=service,
            modality=modality,
        )
        session.full_clean(exclude=["client", "clinician"])
        session.save()
        record(AuditEvent.SESSION_CREATED, actor=actor, client_id=client.id, obj=session)
    return session


def _clean_sections(note_format: str, sections: dict[str, str]) -> dict[str, str]:
    if note_format not in NOTE_SECTIONS:
        raise RecordError("a note is SOAP or DAP")
    keys = [key for key, _ in NOTE_SECTIONS[note_format]]
    unknown = set(sections) - set(keys)
    if unknown:
        raise RecordError("the note has sections its format does not have")
    cleaned = {key: (sections.get(key) or "").strip() for key in keys}
    if not any(cleaned.values()):
        raise RecordError("the note is empty")
    return cleaned


def create_note(
    actor: Any,
    client: Client,
    *,
    note_format: str,
    sections: dict[str, str],
    session: Session | None = None,
) -> ProgressNote:
    authorize(actor, Action.WRITE_NOTE, client)
    if session is not None and session.client_id != client.id:
        raise RecordError("that session belongs to another client")
    with transaction.atomic():
        note = ProgressNote(
            client=client,
            session=session,
            author=actor,
            format=note_format,
            sections=_clean_sections(note_format, sections),
        )
        note.save()
        record(AuditEvent.NOTE_CREATED, actor=actor, client_id=client.id, obj=note)
    return note


def update_note(actor: Any, note: ProgressNote, sections: dict[str, str]) -> ProgressNote:
    authorize(actor, Action.WRITE_NOTE, note.client)
    with transaction.atomic():
        note = ProgressNote.objects.select_for_update().get(pk=note.pk)
        if note.is_locked:
            raise RecordError("a signed note is locked: add an amendment instead")
        if note.author_id != actor.pk:
            raise RecordError("only the author may edit a draft note")
        note.sections = _clean_sections(note.format, sections)
        note.save()
        record(AuditEvent.NOTE_UPDATED, actor=actor, client_id=note.client_id, obj=note)
    return note


def sign_note(actor: Any, note: ProgressNote) -> ProgressNote:
    """Sign and lock a note; the digest of its stored ciphertext goes into the audit log."""
    authorize(actor, Action.WRITE_NOTE, note.client)
    with transaction.atomic():
        note = ProgressNote.objects.select_for_update().get(pk=note.pk)
        if note.is_locked:
            raise RecordError("the note is already signed")
        if note.author_id != actor.pk:
            raise RecordError("only the author may sign a note")
        stored = ProgressNote._meta.get_field("sections").pre_save(note, add=False)
        note.signed_digest = hashlib.sha256(bytes(stored)).hexdigest()
        note.status = NoteStatus.SIGNED
        note.signed_at = timezone.now()
        note.save()
        record(
            AuditEvent.NOTE_SIGNED,
            actor=actor,
            client_id=note.client_id,
            obj=note,
            detail={"ciphertext_sha256": note.signed_digest},
        )
    return note


def amend_note(actor: Any, note: ProgressNote, *, text: str, reason: str) -> NoteAmendment:
    """Append an amendment to a signed note (HIPAA 164.526); the note itself never changes."""
    authorize(actor, Action.WRITE_NOTE, note.client)
    if not text.strip():
        raise RecordError("the amendment is empty")
    with transaction.atomic():
        note = ProgressNote.objects.select_for_update().select_related("client").get(pk=note.pk)
        if not note.is_locked:
            raise RecordError("a draft note is edited, not amended")
        amendment = NoteAmendment(
            client=note.client, note=note, author=actor, text=text.strip(), reason=reason.strip()
        )
        amendment.save()
        record(
            AuditEvent.NOTE_AMENDED,
            actor=actor,
            client_id=note.client_id,
            obj=note,
            detail={"amendment": str(amendment.pk)},
        )
    return amendment


def append_from_client(signer: Any, note: ProgressNote, *, text: str, reason: str) -> NoteAmendment:
    """Append the client's own statement to a signed note (a statement of disagreement,
    HIPAA 164.526(d)(1)(ii)); the portal has checked that the note is of their own chart.
    Like an amendment it travels with the note into every later export and disclosure."""
    if not text.strip():
        raise RecordError("the statement is empty")
    with transaction.atomic():
        note = ProgressNote.objects.select_for_update().select_related("client").get(pk=note.pk)
        if not note.is_locked:
            raise RecordError("a statement is appended to a signed note only")
        amendment = NoteAmendment(
            client=note.client, note=note, author=signer, text=text.strip(), reason=reason.strip()
        )
        amendment.save()
        record(
            AuditEvent.NOTE_AMENDED,
            actor=signer,
            client_id=note.client_id,
            obj=note,
            detail={"amendment": str(amendment.pk), "by_client": True},
        )
    return amendment


def search_visible_clients(actor: Any, query: str) -> list[Client]:
    """The clients `actor` may see that match `query`; the search is logged without its terms."""
    authorize(actor, Action.LIST_CLIENTS)
    results = search_clients(query, visible_clients(actor, Client.objects.all()))
    record(
        AuditEvent.CLIENT_SEARCHED,
        actor=actor,
        detail={"terms": len(query.split()), "results": len(results)},
    )
    return results


DEMOGRAPHIC_FIELDS = _CLIENT_FIELDS
# How each field is named in the history (its form label).
FIELD_LABELS = {
    "legal_first_name": "Legal first name", "legal_last_name": "Legal last name",
    "preferred_name": "Preferred name", "date_of_birth": "Date of birth",
    "pronouns": "Pronouns", "phone": "Phone", "email": "E-mail", "street": "Street address",
    "city": "City", "state": "State", "postal_code": "ZIP code",
    "emergency_contact": "Emergency contact", "greeting": "Greeting in e-mails",
}  # fmt: skip


def _stored(value: Any) -> Any:
    """A value as the history keeps it (JSON): dates as YYYY-MM-DD, empty as ""."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value if value is not None else ""


def update_demographics(actor: Any, client: Client, values: dict[str, Any]) -> list[str]:
    """Change a client's demographics; the old values are kept, encrypted, in a
    DemographicsChange row, and the change is audited by field name (never value).
    Returns the names of the fields that changed (none: nothing is written)."""
    authorize(actor, Action.EDIT_DEMOGRAPHICS, client)
    unknown = set(values) - set(DEMOGRAPHIC_FIELDS)
    if unknown:
        raise RecordError("those are not demographic fields")
    for name in ("legal_first_name", "legal_last_name"):
        if name in values and not str(values[name] or "").strip():
            raise RecordError("a client needs a legal first and last name")
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client.pk)
        old: dict[str, Any] = {}
        for name, value in values.items():
            new = value.strip() if isinstance(value, str) else value
            if _stored(getattr(client, name)) != _stored(new):
                old[name] = _stored(getattr(client, name))
                setattr(client, name, new)
        if not old:
            return []
        client.save()
        index_client(client)
        change = DemographicsChange(client=client, actor=actor, fields=sorted(old), old_values=old)
        change.save()
        record(
            AuditEvent.CLIENT_UPDATED,
            actor=actor,
            client_id=client.id,
            obj=client,
            detail={"fields": sorted(old), "change": str(change.pk)},
        )
    return sorted(old)


def demographics_history(client: Client) -> list[DemographicsChange]:
    """The client's demographics changes, newest first (old values decrypted on reading)."""
    return list(DemographicsChange.objects.filter(client=client).select_related("actor"))
