"""Remote signing: the care team sends a consent document, the client signs it in the portal.

The signature records the SHA-256 of the exact text the person saw (checked
again at signing: a text that changed meanwhile is refused), the time, the
account, and the second factor proved at the moment of signing (the TOTP app
or a recovery code). The chart then shows "signed in the portal".
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import match_token

from sealbook.access.policy import Action, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.consent.actions import Signature, current_document, sign_in_portal
from sealbook.consent.models import ConsentKind, ConsentSignature, SignatureMethod
from sealbook.mail import MailError, Notice
from sealbook.portal.actions import PortalError
from sealbook.portal.contact import notify
from sealbook.portal.guardians import Part, guardian_may
from sealbook.portal.models import AccountKind, PortalAccount, SigningRequest
from sealbook.records.models import Client
from sealbook.staff.mfa import factor_name

log = logging.getLogger(__name__)


def send_for_signature(actor: Any, client: Client, *, kind: str) -> list[SigningRequest]:
    """Send the current version of a consent document to each of the client's open accounts."""
    authorize(actor, Action.RECORD_CONSENT, client)
    if kind not in ConsentKind.values:
        raise PortalError("choose a consent document")
    accounts = list(
        PortalAccount.objects.filter(
            client=client, activated_at__isnull=False, ended_at__isnull=True
        )
    )
    if not guardian_may(Part.CONSENTS):
        accounts = [a for a in accounts if a.kind != AccountKind.GUARDIAN]
    if not accounts:
        raise PortalError("nobody who may sign has an active portal account for this client yet")
    document = current_document(kind)
    sent = []
    with transaction.atomic():
        for account in accounts:
            request = SigningRequest.objects.create(
                account=account, document=document, requested_by=actor
            )
            record(
                AuditEvent.PORTAL_SIGNATURE_REQUESTED,
                actor=actor,
                client_id=client.pk,
                obj=request,
                detail={"kind": kind, "version": document.version},
            )
            sent.append(request)
    for account in accounts:
        try:
            notify(account, Notice.DOCUMENT_TO_SIGN)
        except MailError as exc:
            # The request is in the portal either way.
            log.warning(
                "document-to-sign notice to portal account %s not sent: %s", account.pk, exc
            )
    return sent


def pending(account: PortalAccount) -> list[SigningRequest]:
    return list(account.to_sign.filter(signature__isnull=True).select_related("document"))


def sign_remotely(
    request: HttpRequest,
    account: PortalAccount,
    signing: SigningRequest,
    *,
    signer_name: str,
    text_sha256: str,
    code: str,
) -> ConsentSignature:
    """Sign, proving the second factor again at this moment."""
    if signing.account_id != account.pk or signing.signature_id is not None:
        raise PortalError("this document is not waiting for your signature")
    device = match_token(account.user, code.strip().replace(" ", ""))
    if device is None:
        record(
            AuditEvent.MFA_FAILED, actor=account.user, outcome="failure", detail={"step": "sign"}
        )
        raise PortalError("that code is not right (a code works once: wait for the next one)")
    factor = factor_name(device)
    with transaction.atomic():
        signature = sign_in_portal(
            account.user,
            account.client,
            signing.document,
            Signature(
                signer_name=signer_name,
                signed_on=timezone.localdate(),
                method=SignatureMethod.PORTAL,
                text_sha256=text_sha256,
                representative_authority=(
                    "Guardian (portal account)" if account.kind == AccountKind.GUARDIAN else ""
                ),
            ),
            factor=factor,
        )
        signing.signature = signature
        signing.save(update_fields=["signature"])
    return signature
