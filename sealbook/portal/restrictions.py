"""Requests to restrict uses and disclosures (HIPAA 164.522(a)), asked in the portal.

The practice need not agree (except to a restriction on disclosures to a
health plan for care paid in full out of pocket, 164.522(a)(1)(vi)); it must
answer, and an agreed restriction binds it. The request and the answer are
kept under the client's key. Agreeing records the restriction's scope in the
form the disclosure gate reads (`disclosure.models.Restriction`: which
disclosures, to whom, of which kinds of information), with the client's words
kept encrypted as its reason; from that day the gate refuses every disclosure
it covers. A declined request records nothing the gate reads.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from sealbook.access.policy import Action, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.disclosure.actions import agree_to_restriction
from sealbook.mail import MailError, Notice
from sealbook.portal.actions import PortalError
from sealbook.portal.contact import notify
from sealbook.portal.models import PortalAccount
from sealbook.portal.rights_models import RestrictionRequest, RestrictionState

MAX_TEXT = 5000
log = logging.getLogger(__name__)


def request_restriction(
    account: PortalAccount, *, restriction: str, self_pay_health_plan: bool = False
) -> RestrictionRequest:
    restriction = restriction.strip()
    if not restriction:
        raise PortalError("say what should be restricted")
    if len(restriction) > MAX_TEXT:
        raise PortalError(f"keep it under {MAX_TEXT} characters")
    with transaction.atomic():
        found = RestrictionRequest(
            client=account.client, account=account, restriction=restriction,
            self_pay_health_plan=self_pay_health_plan,
        )  # fmt: skip
        found.save()
        record(AuditEvent.RESTRICTION_REQUESTED, actor=account.user, client_id=account.client_id,
               obj=found, detail={"self_pay": self_pay_health_plan})  # fmt: skip
    return found


@dataclass(frozen=True)
class Scope:
    """What an agreed restriction covers, as the disclosure gate reads it."""

    bases: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # empty: the whole record
    recipient_name: str = ""  # empty: any recipient


def answer(
    actor: Any,
    request: RestrictionRequest,
    *,
    agree: bool,
    answer: str,
    scope: Scope | None = None,
) -> RestrictionRequest:
    """Agree (with the scope the gate enforces) or decline; a refusal says why (the client
    reads the answer in the portal). A request for care paid out of pocket, kept from the
    health plan, cannot be declined (164.522(a)(1)(vi))."""
    authorize(actor, Action.MANAGE_AUTHORIZATIONS, request.client)
    answer = answer.strip()
    if not agree and request.self_pay_health_plan:
        raise PortalError(
            "a restriction of disclosures to a health plan for care paid in full out of "
            "pocket must be agreed to (164.522(a)(1)(vi))"
        )
    if not agree and not answer:
        raise PortalError("say why the restriction is declined")
    with transaction.atomic():
        found = RestrictionRequest.objects.select_for_update().get(pk=request.pk)
        if found.state != RestrictionState.REQUESTED:
            raise PortalError("this request was already answered")
        detail: dict[str, Any] = {"agreed": agree}
        if agree:
            scope = scope or Scope()
            found.agreed_restriction = agree_to_restriction(
                actor, found.client, bases=scope.bases, categories=scope.categories,
                recipient_name=scope.recipient_name, reason=str(found.restriction),
                self_pay_health_plan=found.self_pay_health_plan,
            )  # fmt: skip
            restriction = found.agreed_restriction
            # Coded values only: the recipient and the client's words stay in the vault.
            detail.update(
                restriction=str(restriction.pk), bases=restriction.bases,
                categories=restriction.categories,
                recipient_named=bool(str(restriction.recipient_name)),
                self_pay=restriction.self_pay_health_plan,
            )  # fmt: skip
        found.state = RestrictionState.AGREED if agree else RestrictionState.DECLINED
        found.answer, found.answered_by, found.answered_at = answer, actor, timezone.now()
        found.save()
        record(AuditEvent.RESTRICTION_ANSWERED, actor=actor, client_id=found.client_id,
               obj=found, detail=detail)  # fmt: skip
    try:
        notify(found.account, Notice.REQUEST_ANSWERED)
    except MailError as exc:
        log.warning("answer notice to portal account %s not sent: %s", found.account_id, exc)
    return found
