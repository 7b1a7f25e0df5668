"""Amendments of the record asked for in the portal (HIPAA 164.526).

The client says what should change and why; the clinician answers within 60
days of receipt (164.526(b)(2)), choosing the signed note concerned. Accepted,
the change is appended to the note as an amendment (the note itself never
changes). Denied, with a reason, the request and the denial are appended to
the note, and so is any statement of disagreement the client then files
(164.526(d)(1)(ii)): being appended, they travel with the note into every
later export and disclosure, as 164.526(d)(4)-(5) asks.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.mail import MailError, Notice
from sealbook.portal.actions import PortalError
from sealbook.portal.contact import notify
from sealbook.portal.models import PortalAccount
from sealbook.portal.rights_models import AMENDMENT_DAYS, AmendmentRequest, AmendmentState
from sealbook.records.actions import amend_note, append_from_client
from sealbook.records.models import ProgressNote

MAX_TEXT = 5000
ACCEPTED = "Amendment requested by the client (HIPAA 164.526), accepted"
DENIED = "Request for amendment denied (HIPAA 164.526(d))"
log = logging.getLogger(__name__)
DISAGREEMENT = "The client's statement of disagreement (HIPAA 164.526(d)(1)(ii))"


def _text(value: str, what: str) -> str:
    value = value.strip()
    if not value:
        raise PortalError(f"say {what}")
    if len(value) > MAX_TEXT:
        raise PortalError(f"keep it under {MAX_TEXT} characters")
    return value


def tell_answered(amendment: AmendmentRequest) -> None:
    """A content-free e-mail: the answer is in the portal (164.526(c)(2), (d)(1))."""
    try:
        notify(amendment.account, Notice.REQUEST_ANSWERED)
    except MailError as exc:
        log.warning("answer notice to portal account %s not sent: %s", amendment.account_id, exc)


def request_amendment(account: PortalAccount, *, change: str, reason: str) -> AmendmentRequest:
    today = timezone.localdate()
    amendment = AmendmentRequest(
        client=account.client, account=account,
        change=_text(change, "what should be corrected"), reason=_text(reason, "why"),
        received_on=today, due_on=today + datetime.timedelta(days=AMENDMENT_DAYS),
    )  # fmt: skip
    with transaction.atomic():
        amendment.save()
        record(
            AuditEvent.AMENDMENT_REQUESTED,
            actor=account.user,
            client_id=account.client_id,
            obj=amendment,
            detail={"due_on": amendment.due_on},
        )
    return amendment


def _open(amendment: AmendmentRequest, note: ProgressNote) -> AmendmentRequest:
    found = AmendmentRequest.objects.select_for_update().get(pk=amendment.pk)
    if found.state != AmendmentState.REQUESTED:
        raise PortalError("this request was already answered")
    if note.client_id != found.client_id:
        raise PortalError("choose a note of this client's record")
    return found


def accept(
    actor: Any, amendment: AmendmentRequest, *, note: ProgressNote, text: str
) -> AmendmentRequest:
    """Append the amendment (the client's words, or the clinician's wording of them) to `note`."""
    with transaction.atomic():
        found = _open(amendment, note)
        # amend_note checks that `actor` may write this client's notes.
        appended = amend_note(actor, note, text=_text(text or found.change, "the amendment"),
                              reason=ACCEPTED)  # fmt: skip
        found.state, found.note, found.amendment = AmendmentState.ACCEPTED, note, appended
        found.decided_by, found.decided_at = actor, timezone.now()
        found.save()
        record(AuditEvent.AMENDMENT_ACCEPTED, actor=actor, client_id=found.client_id, obj=found,
               detail={"note": str(note.pk)})  # fmt: skip
    tell_answered(found)
    return found


def deny(
    actor: Any, amendment: AmendmentRequest, *, note: ProgressNote, reason: str
) -> AmendmentRequest:
    """Deny with a reason (164.526(d)(1)); the request and the denial are appended to `note`."""
    reason = _text(reason, "the reason for the denial")
    with transaction.atomic():
        found = _open(amendment, note)
        text = (
            f"The client asked on {found.received_on:%Y-%m-%d} for this amendment: {found.change}\n"
            f"The client's reason: {found.reason}\n"
            f"Denied on {timezone.localdate():%Y-%m-%d}: {reason}"
        )
        appended = amend_note(actor, note, text=text, reason=DENIED)
        found.state, found.note, found.amendment = AmendmentState.DENIED, note, appended
        found.denial_reason = reason
        found.decided_by, found.decided_at = actor, timezone.now()
        found.save()
        record(AuditEvent.AMENDMENT_DENIED, actor=actor, client_id=found.client_id, obj=found,
               detail={"note": str(note.pk)})  # fmt: skip
    tell_answered(found)
    return found


def file_disagreement(
    account: PortalAccount, amendment: AmendmentRequest, *, statement: str
) -> AmendmentRequest:
    """The client's statement of disagreement with a denial, appended to the same note."""
    statement = _text(statement, "why you disagree")
    with transaction.atomic():
        found = AmendmentRequest.objects.select_for_update().get(pk=amendment.pk)
        if found.account_id != account.pk or found.state != AmendmentState.DENIED:
            raise PortalError("a statement of disagreement answers a denied request")
        if found.disagreement_at is not None:
            raise PortalError("your statement of disagreement is already filed")
        if found.note is None:
            raise PortalError("this request names no note")
        append_from_client(account.user, found.note, text=statement, reason=DISAGREEMENT)
        found.disagreement, found.disagreement_at = statement, timezone.now()
        found.save(update_fields=["disagreement", "disagreement_at"])
        record(AuditEvent.AMENDMENT_DISAGREEMENT_FILED, actor=account.user,
               client_id=found.client_id, obj=found)  # fmt: skip
    return found
