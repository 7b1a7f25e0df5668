"""Requests to restrict uses and disclosures (HIPAA 164.522(a)), asked in the portal.

The practice need not agree (except to a restriction on disclosures to a
health plan for care paid in full out of pocket, 164.522(a)(1)(vi)); it must
answer, and an agreed restriction binds it. The request and the answer are
kept under the client's key; the staff's page of the client's requests shows
an agreed restriction beside the releases it may concern.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from sealbook.access.policy import Action, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.mail import MailError, Notice
from sealbook.portal.actions import PortalError
from sealbook.portal.contact import notify
from sealbook.portal.models import PortalAccount
from sealbook.portal.rights_models import RestrictionRequest, RestrictionState

MAX_TEXT = 5000
log = logging.getLogger(__name__)


def request_restriction(account: PortalAccount, *, restriction: str) -> RestrictionRequest:
    restriction = restriction.strip()
    if not restriction:
        raise PortalError("say what should be restricted")
    if len(restriction) > MAX_TEXT:
        raise PortalError(f"keep it under {MAX_TEXT} characters")
    with transaction.atomic():
        found = RestrictionRequest(client=account.client, account=account, restriction=restriction)
        found.save()
        record(AuditEvent.RESTRICTION_REQUESTED, actor=account.user,
               client_id=account.client_id, obj=found)  # fmt: skip
    return found


def answer(
    actor: Any, request: RestrictionRequest, *, agree: bool, answer: str
) -> RestrictionRequest:
    """Agree or decline; a refusal says why (the client reads the answer in the portal)."""
    authorize(actor, Action.MANAGE_AUTHORIZATIONS, request.client)
    answer = answer.strip()
    if not agree and not answer:
        raise PortalError("say why the restriction is declined")
    with transaction.atomic():
        found = RestrictionRequest.objects.select_for_update().get(pk=request.pk)
        if found.state != RestrictionState.REQUESTED:
            raise PortalError("this request was already answered")
        found.state = RestrictionState.AGREED if agree else RestrictionState.DECLINED
        found.answer, found.answered_by, found.answered_at = answer, actor, timezone.now()
        found.save()
        record(AuditEvent.RESTRICTION_ANSWERED, actor=actor, client_id=found.client_id,
               obj=found, detail={"agreed": agree})  # fmt: skip
    try:
        notify(found.account, Notice.REQUEST_ANSWERED)
    except MailError as exc:
        log.warning("answer notice to portal account %s not sent: %s", found.account_id, exc)
    return found
