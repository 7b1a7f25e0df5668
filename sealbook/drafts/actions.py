"""Keeping, restoring and discarding drafts, each audited without its content.

A draft is kept only as part of an idle logoff (`keep_and_log_off`): the
browser's idle script sends the unsaved forms of the page it is about to wipe,
the server seals each one and ends the session in the same request. Restoring
or discarding deletes the draft. Nothing here ever logs or audits the text,
the field names or what the client is called.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sealbook.access.policy import Action, authorize
from sealbook.access.signed_in import staff_user
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.crypto.user_keys.note_envelope import open_as_recipient, seal_for_recipients
from sealbook.drafts.models import LIFETIME, Draft, SealedWith
from sealbook.drafts.placement import DraftError, clean_location, place
from sealbook.psychotherapy import keyring
from sealbook.psychotherapy.models import ClinicianKey, recipient_id
from sealbook.web import idle

# The browser asks to be logged off a few seconds before the server's own
# deadline (so that the draft arrives while the session still lives); a session
# with more time left than this was active elsewhere (another tab) and stays.
LOGOFF_SLACK_SECONDS = 15
MAX_FORMS = 10
MAX_NAMES = 100
MAX_VALUES = 50
MAX_NAME = 100
MAX_TEXT = 100_000

Fields = dict[str, list[str]]


class NotIdle(DraftError):
    def __init__(self, seconds_left: float) -> None:
        super().__init__("this session was active in the last minutes: it stays open")
        self.seconds_left = seconds_left


class DraftNotFound(DraftError):
    def __init__(self) -> None:
        super().__init__("no such draft: it was restored, discarded or has expired")


@dataclass
class UnsavedForm:
    page: Any
    form: Any
    fields: Any


@dataclass
class LogoffResult:
    kept: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


def clean_fields(raw: Any) -> Fields:
    """The form's values as {name: [value, ...]}, the shape a form submits."""
    if not isinstance(raw, dict) or not 0 < len(raw) <= MAX_NAMES:
        raise DraftError("a draft holds between 1 and 100 named fields")
    cleaned: Fields = {}
    for name, values in raw.items():
        if not isinstance(name, str) or not 0 < len(name) <= MAX_NAME:
            raise DraftError("a draft's field names are 1 to 100 characters")
        if not isinstance(values, list) or len(values) > MAX_VALUES:
            raise DraftError("a draft's field holds a list of at most 50 values")
        if not all(isinstance(v, str) and len(v) <= MAX_TEXT for v in values):
            raise DraftError("a draft's values are text of at most 100,000 characters")
        cleaned[name] = list(values)
    if not any(v.strip() for values in cleaned.values() for v in values):
        raise DraftError("the form is empty: there is nothing to keep")
    return cleaned


def purge_expired() -> int:
    """Delete every draft past its lifetime (called on each draft request)."""
    deleted, _ = Draft.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


def keep_draft(user: Any, unsaved: UnsavedForm) -> Draft:
    """Seal one form's unsaved values as `user`'s draft, replacing an older one."""
    placement = place(user, unsaved.page, unsaved.form)
    values = clean_fields(unsaved.fields)
    now = timezone.now()
    with transaction.atomic():
        Draft.objects.filter(author=user, page=placement.page, form=placement.form).delete()
        draft = Draft(
            author=user,
            client=placement.client,
            sealed_with=placement.sealed_with,
            page=placement.page,
            form=placement.form,
            saved_at=now,
            expires_at=now + LIFETIME,
        )
        if placement.sealed_with == SealedWith.AUTHOR_KEY:
            keys = ClinicianKey.objects.filter(user=user).first()
            if keys is None:
                raise DraftError("a psychotherapy note's draft needs your psychotherapy-note key")
            recipients = {recipient_id(user.pk): bytes(keys.public_key)}
            draft.envelope = seal_for_recipients(_encode(values), recipients, draft.context())
        else:
            draft.fields = values
        draft.save()
        record(
            AuditEvent.DRAFT_KEPT,
            actor=user,
            client_id=draft.client_id,
            obj=draft,
            detail={"sealed_with": draft.sealed_with},
        )
    return draft


def keep_and_log_off(request: HttpRequest, forms: list[UnsavedForm]) -> LogoffResult:
    """The idle logoff: keep each unsaved form as a draft, then end the session.

    A form that cannot be kept is reported back by its index (the browser then
    tells the user instead of wiping the text silently); the others are kept
    all the same, and the session ends either way: the automatic logoff
    (HIPAA 164.312(a)(2)(iii)) never waits for a draft.
    """
    if len(forms) > MAX_FORMS:
        raise DraftError("at most 10 forms are kept from one page")
    result = LogoffResult()
    if not request.user.is_authenticated:
        # Ended already (another tab logged out): nobody to keep the text for.
        result.refused = {i: "your session had already ended" for i in range(len(forms))}
        return result
    left = idle.seconds_left(request)
    if left > LOGOFF_SLACK_SECONDS:
        raise NotIdle(left)
    purge_expired()
    for index, unsaved in enumerate(forms):
        try:
            keep_draft(request.user, unsaved)
            result.kept.append(index)
        except DraftError as exc:
            result.refused[index] = str(exc)
    from sealbook.staff.actions import log_out

    log_out(request, idle=True)
    return result


def drafts_for_page(user: Any, page: Any) -> list[Draft]:
    """`user`'s drafts of forms on `page`, newest first (metadata only: nothing is opened)."""
    try:
        location, _ = clean_location(page)
    except DraftError:
        return []  # no draft can have been kept for such a page
    purge_expired()
    return list(Draft.objects.filter(author=user, page=location).order_by("-saved_at"))


def _own_draft(user: Any, draft_id: uuid.UUID, *, lock: bool = False) -> Draft:
    drafts = Draft.objects.select_for_update() if lock else Draft.objects.all()
    draft = drafts.filter(pk=draft_id, author=user, expires_at__gt=timezone.now()).first()
    if draft is None:
        raise DraftNotFound()
    return draft


def restore_draft(request: HttpRequest, draft_id: uuid.UUID) -> Fields:
    """Open `draft_id` for its author, delete it, and return its values."""
    user = staff_user(request)
    found = _own_draft(user, draft_id)
    # Outside the transaction below, so that a refusal's audit entry stays.
    if found.client is not None and found.sealed_with != SealedWith.USER_KEY:
        authorize(user, Action.VIEW_DEMOGRAPHICS, found.client)
    with transaction.atomic():
        draft = _own_draft(user, draft_id, lock=True)
        if draft.sealed_with == SealedWith.AUTHOR_KEY:
            if draft.envelope is None:  # every author-sealed draft has one
                raise DraftNotFound()
            me = recipient_id(user.pk)
            plain = open_as_recipient(
                bytes(draft.envelope), me, keyring.current(request), draft.context()
            )
            values = _decode(plain)
        else:
            values = draft.fields
        _close(user, draft, AuditEvent.DRAFT_RESTORED)
    return values


def discard_draft(user: Any, draft_id: uuid.UUID) -> None:
    """Delete `user`'s draft unread."""
    with transaction.atomic():
        draft = _own_draft(user, draft_id, lock=True)
        _close(user, draft, AuditEvent.DRAFT_DISCARDED)


def _close(user: Any, draft: Draft, event: AuditEvent) -> None:
    """Log how a draft ended (restored or discarded), then delete it."""
    # Audited before the delete, which clears the instance's id.
    record(
        event,
        actor=user,
        client_id=draft.client_id,
        obj=draft,
        detail={"sealed_with": draft.sealed_with},
    )
    draft.delete()


def _encode(values: Fields) -> bytes:
    return json.dumps(values, sort_keys=True, separators=(",", ":")).encode()


def _decode(raw: bytes) -> Fields:
    values: Fields = json.loads(raw)
    return values
