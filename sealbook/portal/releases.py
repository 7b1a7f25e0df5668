"""Releases of information sent to the portal to sign, and revoked there.

The care team fills in every 164.508(c) element but the signature; the portal
shows the client the release as one text, whose SHA-256 is kept. Signing
proves the second factor again and checks that the text is still the one
shown; the authorization is then recorded by the disclosure app
(`record_signed_in_portal`) with that SHA-256, the account and the factor, and
the chart says "signed in the portal". A revocation in the portal is a
revocation in writing (164.508(b)(5)): from that day the disclosure gate
refuses the authorization, exactly as for one recorded by the clinician.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from sealbook.access.policy import Action, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.disclosure import elements, statements
from sealbook.disclosure.actions import record_signed_in_portal, revoke_in_portal
from sealbook.disclosure.models import Authorization, AuthorizationStatus, Category
from sealbook.mail import MailError, Notice
from sealbook.portal.actions import PortalError
from sealbook.portal.contact import notify
from sealbook.portal.models import AccountKind, PortalAccount
from sealbook.portal.proof import second_factor
from sealbook.portal.rights_models import ReleaseRequest
from sealbook.records.models import Client

log = logging.getLogger(__name__)

# The elements the portal adds at signing; everything else the care team fills in.
SIGNATURE_FIELDS = ("signer_name", "signed_on", "signed_by_representative",
                    "representative_authority")  # fmt: skip
GUARDIAN_AUTHORITY = "Guardian (portal account)"
DATES = ("information_from", "information_to", "expires_on", "signed_on")


def _unsigned(draft: elements.AuthorizationDraft) -> dict[str, Any]:
    """The draft as JSON, without a signature; the statements are in the text the client signs,
    and the signed release stays in their portal (their copy, 164.508(c)(4))."""
    data = dataclasses.asdict(draft)
    for name in SIGNATURE_FIELDS:
        data.pop(name)
    data.update(
        statement_right_to_revoke=True, statement_conditioning=True,
        statement_redisclosure=True, copy_given_to_client=True,
    )  # fmt: skip
    for name in DATES:
        if data.get(name) is not None:
            data[name] = data[name].isoformat()
    return data


def _draft(data: dict[str, Any], **signature: Any) -> elements.AuthorizationDraft:
    values = dict(data, **signature)
    for name in DATES:
        if isinstance(values.get(name), str):
            values[name] = datetime.date.fromisoformat(values[name])
    return elements.AuthorizationDraft(**values)


def release_text(data: dict[str, Any]) -> str:
    """The release as the client reads and signs it (its SHA-256 is what the signature binds)."""
    draft = _draft(data)
    lines = [
        f"I authorize {draft.discloser} to disclose the following information from my record:",
        *(f"- {Category(c).label}" for c in draft.categories),
        f"Description: {draft.description}",
    ]
    if draft.information_from or draft.information_to:
        start = draft.information_from.isoformat() if draft.information_from else "the start"
        end = draft.information_to.isoformat() if draft.information_to else "now"
        lines.append(f"Information from {start} to {end}.")
    recipient = draft.recipient_name + (
        f", {draft.recipient_address}" if draft.recipient_address else ""
    )
    lines += [f"To: {recipient}", f"Purpose: {draft.purpose}"]
    if draft.expires_on:
        lines.append(f"This authorization expires on {draft.expires_on.isoformat()}.")
    if draft.expiry_event:
        lines.append(f"This authorization expires when: {draft.expiry_event}")
    lines += [
        "",
        statements.RIGHT_TO_REVOKE,
        "You may also revoke it in your portal, on the page of releases of information.",
        statements.CONDITIONING,
        statements.REDISCLOSURE,
        statements.COPY + " It stays in your portal.",
    ]
    return "\n".join(lines)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def send_release(
    actor: Any, client: Client, draft: elements.AuthorizationDraft
) -> list[ReleaseRequest]:
    """Send a release, complete but for its signature, to each of the client's open accounts."""
    authorize(actor, Action.MANAGE_AUTHORIZATIONS, client)
    today = timezone.localdate()
    problems = {
        name: message
        for name, message in elements.problems(
            _draft(_unsigned(draft), signer_name="-", signed_on=today), today
        ).items()
        if name not in SIGNATURE_FIELDS
    }
    if problems:
        raise elements.AuthorizationInvalid(problems)
    accounts = list(
        PortalAccount.objects.filter(
            client=client, activated_at__isnull=False, ended_at__isnull=True
        )
    )
    if not accounts:
        raise PortalError("nobody has an active portal account for this client yet")
    data = _unsigned(draft)
    text = release_text(data)
    sent = []
    with transaction.atomic():
        for account in accounts:
            release = ReleaseRequest(
                client=client, account=account, draft=data, text=text,
                text_sha256=text_digest(text), requested_by=actor,
            )  # fmt: skip
            release.save()
            record(
                AuditEvent.PORTAL_RELEASE_REQUESTED,
                actor=actor,
                client_id=client.pk,
                obj=release,
                detail={"kind": draft.kind, "categories": sorted(draft.categories)},
            )
            sent.append(release)
    for account in accounts:
        try:
            notify(account, Notice.DOCUMENT_TO_SIGN)
        except MailError as exc:
            # The release is in the portal either way.
            log.warning("release notice to portal account %s not sent: %s", account.pk, exc)
    return sent


def pending(account: PortalAccount) -> list[ReleaseRequest]:
    return list(ReleaseRequest.objects.filter(account=account, authorization__isnull=True))


def sign_release(
    account: PortalAccount,
    release: ReleaseRequest,
    *,
    signer_name: str,
    text_sha256: str,
    code: str,
) -> Authorization:
    """Sign, proving the second factor again; refused if the text is not the one shown."""
    if release.account_id != account.pk or release.authorization_id is not None:
        raise PortalError("this release is not waiting for your signature")
    if not signer_name.strip():
        raise PortalError("type your full name to sign")
    if text_sha256 != release.text_sha256 or text_digest(release.text) != text_sha256:
        raise PortalError("the release changed since it was shown: read it again and sign")
    factor = second_factor(account, code, step="sign-release")
    guardian = account.kind == AccountKind.GUARDIAN
    draft = _draft(
        release.draft,
        signer_name=signer_name.strip(),
        signed_on=timezone.localdate(),
        signed_by_representative=guardian,
        representative_authority=GUARDIAN_AUTHORITY if guardian else "",
    )
    with transaction.atomic():
        auth = record_signed_in_portal(
            account.user, account.client, draft, text_sha256=text_sha256, factor=factor
        )
        release.authorization = auth
        release.save(update_fields=["authorization"])
    return auth


def revocable(account: PortalAccount) -> list[Authorization]:
    """The releases this person may revoke here: every active one of the client's own chart
    for the client's account; those a guardian signed here, for a guardian's."""
    today = timezone.localdate()
    found = Authorization.objects.filter(client=account.client)
    if account.kind != AccountKind.CLIENT:
        found = found.filter(
            pk__in=ReleaseRequest.objects.filter(account=account).values("authorization")
        )
    return [a for a in found if a.status(today) == AuthorizationStatus.ACTIVE]


def find_revocable(account: PortalAccount, authorization_id: Any) -> Authorization | None:
    return next((a for a in revocable(account) if a.pk == authorization_id), None)


def revoke(account: PortalAccount, auth: Authorization) -> Authorization:
    """Revoke in writing, today (164.508(b)(5)); the gate refuses the release from now on."""
    if find_revocable(account, auth.pk) is None:
        raise PortalError("this release is not one you can revoke here")
    return revoke_in_portal(account.user, auth)
