"""Recording, revoking and printing authorizations (releases of information).

An authorization missing any 164.508(c) element is refused with the element
named (`elements.AuthorizationInvalid`) and nothing is saved. Revocation is
dated and effective from that day on (164.508(b)(5)); the gate reads it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from sealbook.access.policy import Action, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.errors import SealbookError
from sealbook.disclosure import elements
from sealbook.disclosure.models import (
    RESTRICTABLE_BASES,
    Authorization,
    AuthorizationStatus,
    Category,
    LegalBasis,
    Restriction,
)
from sealbook.records.models import Client


class AuthorizationError(SealbookError):
    """A change to an authorization was refused; the message says why."""


def record_authorization(
    actor: Any, client: Client, draft: elements.AuthorizationDraft
) -> Authorization:
    authorize(actor, Action.MANAGE_AUTHORIZATIONS, client)
    return _save_authorization(actor, client, draft, {})


def record_signed_in_portal(
    signer: Any,
    client: Client,
    draft: elements.AuthorizationDraft,
    *,
    text_sha256: str,
    factor: str,
) -> Authorization:
    """The client (or a guardian) signed a release in the portal, which has checked who they
    are (password, then `factor`, the second factor proved at this signature), that the chart
    is theirs and that `text_sha256` is the text they were shown. They appear in no rule of
    the staff policy."""
    if len(text_sha256) != 64:
        raise AuthorizationError("the release's text has no fingerprint")
    extra = {"method": "portal", "sha256": text_sha256, "factor": factor}
    return _save_authorization(signer, client, draft, extra, portal_text_sha256=text_sha256)


def _save_authorization(
    actor: Any,
    client: Client,
    draft: elements.AuthorizationDraft,
    extra: dict[str, Any],
    *,
    portal_text_sha256: str = "",
) -> Authorization:
    elements.check(draft, timezone.localdate())
    signed_on = draft.signed_on
    if signed_on is None:  # check() has refused this already; says so to the type checker
        raise elements.AuthorizationInvalid({"signed_on": elements.ELEMENTS["signed_on"]})
    with transaction.atomic():
        auth = Authorization(
            client=client,
            kind=draft.kind,
            categories=sorted(set(draft.categories)),
            information_from=draft.information_from,
            information_to=draft.information_to,
            description=draft.description.strip(),
            discloser=draft.discloser.strip(),
            recipient_name=draft.recipient_name.strip(),
            recipient_address=draft.recipient_address.strip(),
            purpose=draft.purpose.strip(),
            expires_on=draft.expires_on,
            expiry_event=draft.expiry_event.strip(),
            signer_name=draft.signer_name.strip(),
            signed_on=signed_on,
            representative_authority=(
                draft.representative_authority.strip() if draft.signed_by_representative else ""
            ),
            statement_right_to_revoke=draft.statement_right_to_revoke,
            statement_conditioning=draft.statement_conditioning,
            statement_redisclosure=draft.statement_redisclosure,
            copy_given_to_client=draft.copy_given_to_client,
            recorded_by=actor,
            portal_text_sha256=portal_text_sha256,
        )
        auth.save()
        record(
            AuditEvent.AUTHORIZATION_RECORDED,
            actor=actor,
            client_id=client.id,
            obj=auth,
            detail={
                "kind": auth.kind,
                "categories": auth.categories,
                "expires_on": auth.expires_on,
                "expiry_event": bool(auth.expiry_event),
                "representative": bool(auth.representative_authority),
                **extra,
            },
        )
    return auth


def revoke_authorization(
    actor: Any, auth: Authorization, *, revoked_on: datetime.date | None = None
) -> Authorization:
    """Record the client's revocation; from `revoked_on` (today by default) the gate refuses it."""
    authorize(actor, Action.MANAGE_AUTHORIZATIONS, auth.client)
    return _revoke(actor, auth, revoked_on, {})


def revoke_in_portal(signer: Any, auth: Authorization) -> Authorization:
    """The client revokes, in writing, in the portal (164.508(b)(5)): effective today. The
    portal has checked that the authorization is of the signed-in person's own chart."""
    return _revoke(signer, auth, None, {"portal": True})


def _revoke(
    actor: Any, auth: Authorization, revoked_on: datetime.date | None, extra: dict[str, Any]
) -> Authorization:
    today = timezone.localdate()
    revoked_on = revoked_on or today
    if revoked_on > today:
        raise AuthorizationError("a revocation takes effect when it is received, not later")
    if revoked_on < auth.signed_on:
        raise AuthorizationError("the revocation date is before the authorization was signed")
    with transaction.atomic():
        auth = Authorization.objects.select_for_update().select_related("client").get(pk=auth.pk)
        if auth.status(today) == AuthorizationStatus.REVOKED:
            raise AuthorizationError("the authorization is already revoked")
        auth.revoked_on = revoked_on
        auth.save(update_fields=["revoked_on"])
        record(
            AuditEvent.AUTHORIZATION_REVOKED,
            actor=actor,
            client_id=auth.client_id,
            obj=auth,
            detail={"revoked_on": revoked_on, **extra},
        )
    return auth


def record_expiry_event(actor: Any, auth: Authorization) -> Authorization:
    """The event the authorization named as its end has happened: it ends today."""
    authorize(actor, Action.MANAGE_AUTHORIZATIONS, auth.client)
    today = timezone.localdate()
    with transaction.atomic():
        auth = Authorization.objects.select_for_update().select_related("client").get(pk=auth.pk)
        if not auth.expiry_event:
            raise AuthorizationError("this authorization names no expiry event")
        if auth.status(today) != AuthorizationStatus.ACTIVE:
            raise AuthorizationError("the authorization is no longer active")
        auth.ended_on = today
        auth.save(update_fields=["ended_on"])
        record(
            AuditEvent.AUTHORIZATION_EXPIRY_EVENT, actor=actor, client_id=auth.client_id, obj=auth
        )
    return auth


def view_for_printing(actor: Any, auth: Authorization) -> None:
    """Record that the printable copy (for the client, 164.508(c)(4)) was produced."""
    authorize(actor, Action.MANAGE_AUTHORIZATIONS, auth.client)
    record(AuditEvent.AUTHORIZATION_PRINTED, actor=actor, client_id=auth.client_id, obj=auth)


class RestrictionError(SealbookError):
    """An agreed restriction was refused as recorded; the message says why."""


SELF_PAY_BASES = frozenset({LegalBasis.PAYMENT, LegalBasis.OPERATIONS})


def agree_to_restriction(
    actor: Any,
    client: Client,
    *,
    bases: list[str],
    categories: list[str],
    recipient_name: str,
    reason: str,
    self_pay_health_plan: bool = False,
) -> Restriction:
    """The practice agrees to a restriction (164.522(a)); from today the gate refuses what it
    covers. The caller (the portal's answer to the client's request) writes the audit entry
    naming it in the same transaction; only coded values go there, never the recipient or
    the client's words."""
    authorize(actor, Action.MANAGE_AUTHORIZATIONS, client)
    chosen = sorted(set(bases))
    if not chosen:
        raise RestrictionError("choose which disclosures the restriction covers")
    if set(chosen) - set(RESTRICTABLE_BASES):
        raise RestrictionError(
            "a restriction covers treatment, payment and operations only (164.522(a)(1)(v))"
        )
    kinds = sorted(set(categories))
    if set(kinds) - set(Category.values):
        raise RestrictionError("that is not a kind of information in the record")
    if self_pay_health_plan and not set(chosen) >= SELF_PAY_BASES:
        raise RestrictionError(
            "care paid in full out of pocket is kept from the health plan for payment and "
            "for operations both (164.522(a)(1)(vi))"
        )
    restriction = Restriction(
        client=client,
        bases=chosen,
        recipient_name=" ".join(recipient_name.split()),
        categories=kinds,
        reason=reason.strip(),
        self_pay_health_plan=self_pay_health_plan,
        agreed_on=timezone.localdate(),
        agreed_by=actor,
    )
    restriction.save()
    return restriction
