"""Enrolment, recovery, password changes and psychotherapy notes, each audited."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sealbook.access import practice_policy
from sealbook.access.models import Supervision
from sealbook.access.policy import Action, authorize
from sealbook.access.signed_in import staff_user
from sealbook.accounts.models import User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.crypto.user_keys.enrolment import enrol as enrol_key_pair
from sealbook.core.crypto.user_keys.key_pair import WrongSecret
from sealbook.core.crypto.user_keys.note_envelope import (
    open_as_recipient,
    recipients_of,
    seal_for_recipients,
)
from sealbook.core.crypto.user_keys.password_wrap import (
    rewrap_private_key_with_password,
    wrap_private_key_with_password,
)
from sealbook.core.crypto.user_keys.recovery_code import unwrap_private_key_with_recovery_code
from sealbook.core.errors import SealbookError
from sealbook.psychotherapy import keyring
from sealbook.psychotherapy.models import CUSTODIAN, ClinicianKey, PsychotherapyNote, recipient_id
from sealbook.records.models import Client, Session


class PsychotherapyNoteError(SealbookError):
    pass


def _password_is_right(request: HttpRequest, password: str) -> bool:
    """Check the signed-in user's password through the login lockout (django-axes).

    authenticate() rather than check_password(): a wrong password here counts
    towards the same lockout as a wrong login, and a locked-out user is refused
    even the right one, so these pages are no way round the lockout.
    """
    from django.contrib.auth import authenticate

    user = request.user
    checked = authenticate(request, username=user.get_username(), password=password)
    return checked is not None and checked.pk == user.pk


def enrol(request: HttpRequest, password: str) -> str:
    """Create the user's key pair; return the recovery code, to be shown exactly once."""
    user = staff_user(request)
    if not _password_is_right(request, password):
        raise WrongSecret("that password is not right")
    if ClinicianKey.objects.filter(user=user).exists():
        raise PsychotherapyNoteError("you already have a psychotherapy-note key")
    enrolment = enrol_key_pair(password)
    with transaction.atomic():
        ClinicianKey.objects.create(
            user=user,
            public_key=enrolment.public_key,
            password_wrapped=enrolment.password_wrapped,
            recovery_wrapped=enrolment.recovery_wrapped,
        )
        record(AuditEvent.USER_KEY_CREATED, actor=user, obj=user)
    keyring.hold(request, enrolment.key_pair)
    return enrolment.recovery_code


def recover(request: HttpRequest, recovery_code: str, password: str) -> None:
    """Restore the key with the recovery code and wrap it under the current password."""
    user = staff_user(request)
    keys = ClinicianKey.objects.get(user=user)
    if not _password_is_right(request, password):
        raise WrongSecret("that password is not right")
    try:
        key_pair = unwrap_private_key_with_recovery_code(
            bytes(keys.recovery_wrapped), recovery_code
        )
    except WrongSecret:
        record(AuditEvent.USER_KEY_RECOVERED, actor=user, outcome="failure")
        raise
    with transaction.atomic():
        keys.password_wrapped = wrap_private_key_with_password(key_pair, password)
        keys.save()
        record(AuditEvent.USER_KEY_RECOVERED, actor=user, obj=user)
    keyring.hold(request, key_pair)


def change_password(request: HttpRequest, old_password: str, new_password: str) -> None:
    """Change the password and re-wrap the private key under it (never re-encrypting notes)."""
    from django.contrib.auth import update_session_auth_hash
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = staff_user(request)
    if not _password_is_right(request, old_password):
        raise WrongSecret("the current password is not right")
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise PsychotherapyNoteError(" ".join(exc.messages)) from None
    with transaction.atomic():
        keys = ClinicianKey.objects.select_for_update().filter(user=user).first()
        if keys is not None and keys.password_wrapped:
            keys.password_wrapped = rewrap_private_key_with_password(
                bytes(keys.password_wrapped), old_password, new_password
            )
            keys.save()
        user.set_password(new_password)
        user.must_change_password = False
        user.save()
        record(AuditEvent.PASSWORD_CHANGED, actor=user, obj=user)
    update_session_auth_hash(request, user)


def supervisor_with_key(author: Any) -> Any | None:
    """The author's supervisor, if they have one who can receive notes (has a key)."""
    supervision = (
        Supervision.objects.filter(
            supervisee=author,
            supervisor__in=ClinicianKey.objects.values("user"),
            # A deactivated supervisor can never read again: never escrow to them.
            supervisor__is_active=True,
        )
        .select_related("supervisor")
        .order_by("started_at")
        .first()
    )
    return supervision.supervisor if supervision else None


@dataclass(frozen=True)
class EscrowCounts:
    """Who besides their author can open an author's psychotherapy notes (no note is opened)."""

    authored: int
    author_only: int
    to_supervisor: int
    to_custodian: int


def escrow_counts(author: Any) -> EscrowCounts:
    """Count `author`'s notes by who else they are sealed to, read from the envelopes'
    recipient lists (never their text): what stays reachable once the author is gone."""
    me = recipient_id(author.pk)
    authored = author_only = to_supervisor = to_custodian = 0
    for envelope in PsychotherapyNote.objects.filter(author=author).values_list(
        "envelope", flat=True
    ):
        others = [r for r in recipients_of(bytes(envelope)) if r != me]
        authored += 1
        author_only += not others
        to_custodian += CUSTODIAN in others
        to_supervisor += any(r != CUSTODIAN for r in others)
    return EscrowCounts(authored, author_only, to_supervisor, to_custodian)


def custodian_named() -> bool:
    """Whether the practice has a successor custodian that notes can be escrowed to."""
    return practice_policy.custodian_public_key() is not None


def recipients_for(author: Any, *, to_supervisor: bool, to_custodian: bool) -> dict[str, bytes]:
    """Public keys a new note is sealed to: the author, and the escrows the author chose."""
    keys = {recipient_id(author.pk): bytes(ClinicianKey.objects.get(user=author).public_key)}
    if to_supervisor:
        supervisor = supervisor_with_key(author)
        if supervisor is None:
            raise PsychotherapyNoteError("you have no supervisor with a psychotherapy-note key")
        keys[recipient_id(supervisor.pk)] = bytes(
            ClinicianKey.objects.get(user=supervisor).public_key
        )
    if to_custodian:
        custodian_key = practice_policy.custodian_public_key()
        if custodian_key is None:
            raise PsychotherapyNoteError("the practice has not named a successor custodian yet")
        keys[CUSTODIAN] = custodian_key
    return keys


def write_note(
    actor: Any,
    client: Client,
    text: str,
    *,
    session: Session | None = None,
    to_supervisor: bool = False,
    to_custodian: bool = False,
) -> PsychotherapyNote:
    authorize(actor, Action.WRITE_PSYCHOTHERAPY_NOTE, client)
    if not text.strip():
        raise PsychotherapyNoteError("the note is empty")
    if not ClinicianKey.objects.filter(user=actor).exists():
        raise PsychotherapyNoteError("set up your psychotherapy-note key first")
    if session is not None and session.client_id != client.pk:
        raise PsychotherapyNoteError("that session belongs to another client")
    recipients = recipients_for(actor, to_supervisor=to_supervisor, to_custodian=to_custodian)
    with transaction.atomic():
        note = PsychotherapyNote(client=client, author=actor, session=session)
        note.envelope = seal_for_recipients(text.strip().encode(), recipients, note.context())
        note.save()
        record(
            AuditEvent.PSYCHOTHERAPY_NOTE_CREATED,
            actor=actor,
            client_id=client.pk,
            obj=note,
            detail={"recipients": sorted(recipients)},
        )
    return note


def notes_for_reader(user: Any, client: Client) -> list[PsychotherapyNote]:
    """The notes of `client` that `user` is a recipient of (no one else's are listed),
    newest first by the session they belong to, or by when they were written."""
    me = recipient_id(user.pk)
    notes = PsychotherapyNote.objects.filter(client=client).select_related("author", "session")
    mine = [n for n in notes if me in recipients_of(bytes(n.envelope))]
    return sorted(mine, key=_when, reverse=True)


def _when(note: PsychotherapyNote) -> tuple[datetime.datetime, datetime.datetime]:
    written = timezone.localtime(note.created_at).replace(tzinfo=None)
    if note.session is not None:
        return datetime.datetime.combine(note.session.date, note.session.start_time), written
    return written, written


@dataclass(frozen=True)
class ListedNote:
    """A line of the psychotherapy-note list: who else can read it, and for its author
    (the only reader shown one) the note's first words."""

    note: PsychotherapyNote
    other_readers: list[str]
    preview: str


PREVIEW_CHARS = 80


def list_for_reader(request: HttpRequest, client: Client) -> list[ListedNote]:
    """The reader's notes of `client` with their other readers, and previews of the
    reader's own notes when their key is open (each preview is an audited read)."""
    user = staff_user(request)
    notes = notes_for_reader(user, client)
    recipients = {n.pk: recipients_of(bytes(n.envelope)) for n in notes}
    ids = {int(r.split(":", 1)[1]) for rs in recipients.values() for r in rs if r != CUSTODIAN}
    names = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    key = keyring.current(request) if keyring.is_open(request) else None
    listed = []
    for note in notes:
        others = []
        for rid in sorted(recipients[note.pk], key=lambda r: (r == CUSTODIAN, r)):
            if rid == recipient_id(user.pk):
                continue
            if rid == CUSTODIAN:
                others.append("the practice's successor custodian")
                continue
            reader = names.get(int(rid.split(":", 1)[1]))
            if reader is None:
                others.append("a former staff member")
            elif reader.pk == note.author_id:
                others.append(f"{reader.display_name} (author)")
            else:
                others.append(f"{reader.display_name} ({reader.get_role_display().lower()})")
        preview = ""
        if key is not None and note.author_id == user.pk:
            plain = open_as_recipient(
                bytes(note.envelope), recipient_id(user.pk), key, note.context()
            ).decode()
            preview = _shorten(plain)
            record(
                AuditEvent.PSYCHOTHERAPY_NOTE_VIEWED,
                actor=user,
                client_id=note.client_id,
                obj=note,
                detail={"preview": True},
            )
        listed.append(ListedNote(note, others, preview))
    return listed


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= PREVIEW_CHARS:
        return flat
    cut = flat[:PREVIEW_CHARS]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.") + "…"


def read_note(request: HttpRequest, note: PsychotherapyNote) -> str:
    """Decrypt a note with the reader's own key; only recipients get anything."""
    user = staff_user(request)
    me = recipient_id(user.pk)
    if me not in recipients_of(bytes(note.envelope)):
        record(
            AuditEvent.ACCESS_DENIED,
            actor=user,
            client_id=note.client_id,
            obj=note,
            outcome="denied",
            detail={"action": "read-psychotherapy-note"},
        )
        raise PsychotherapyNoteError(
            "only the note's author and the people it was shared with can read it"
        )
    plain = open_as_recipient(bytes(note.envelope), me, keyring.current(request), note.context())
    record(AuditEvent.PSYCHOTHERAPY_NOTE_VIEWED, actor=user, client_id=note.client_id, obj=note)
    return plain.decode()
