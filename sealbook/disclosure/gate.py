"""The disclosure gate: the one path by which client information leaves the practice.

Every outbound path (records export, letters, packets that are not fully
de-identified) calls `disclose()`. It requires either a currently valid
authorization that covers the information and the recipient, or a recorded
legal basis with the details that basis needs (APA 4.05; HIPAA 164.502,
164.508, 164.512). Otherwise it raises `DisclosureRefused` with the reason, and
the refusal is audited. When it allows, the content is produced, the
disclosure row saved and sealed into the audit log in one transaction.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from sealbook.access.policy import Action, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.errors import SealbookError
from sealbook.disclosure.bases import (
    LEGAL_DEMANDS,
    MAY_CARRY_PSYCHOTHERAPY_NOTES,
    clean_details,
    law_enforcement_problems,
    missing_details,
    subpoena_problems,
)
from sealbook.disclosure.integrity import seal_of
from sealbook.disclosure.models import (
    RESTRICTABLE_BASES,
    Authorization,
    AuthorizationKind,
    AuthorizationStatus,
    Category,
    Disclosure,
    LegalBasis,
    Restriction,
    normal_name,
)
from sealbook.records.getters import owned_by
from sealbook.records.models import Client


class DisclosureRefused(SealbookError):
    """The gate said no; `code` is stable (for the audit log), the message says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class DisclosureRequest:
    client: Client
    basis: str
    recipient_name: str
    purpose: str
    categories: frozenset[str]
    recipient_address: str = ""
    to_client: bool = False
    authorization: Authorization | None = None
    details: dict[str, str] = field(default_factory=dict)
    information_from: datetime.date | None = None
    information_to: datetime.date | None = None


@dataclass(frozen=True)
class Produced:
    """What was sent: its exact bytes (hashed into the record) and a brief description.

    Content too large to hold in memory (a records export with session
    recordings, written to an encrypted spool) comes with `content` empty and
    `content_sha256`, the digest its producer took of exactly the bytes sent.
    """

    content: bytes
    description: str
    content_sha256: str = ""
    # The producing action's own audit entries: the gate writes them in the
    # transaction that records the disclosure, so both are kept or neither.
    record: Callable[[], object] | None = None

    @property
    def sha256(self) -> str:
        return self.content_sha256 or hashlib.sha256(self.content).hexdigest()


_normal = normal_name


def clear(request: DisclosureRequest, on: datetime.date) -> None:
    """Raise DisclosureRefused unless the request may go out on day `on`."""
    if not request.categories:
        raise DisclosureRefused("nothing", "Choose what information to disclose.")
    unknown = set(request.categories) - set(Category.values)
    if unknown:
        raise DisclosureRefused("category", "That is not a kind of information in the record.")
    if not request.recipient_name.strip():
        raise DisclosureRefused("recipient", "Name the recipient.")
    if request.basis == LegalBasis.AUTHORIZATION:
        _clear_authorization(request, on)
        return
    if request.basis not in LegalBasis.values:
        raise DisclosureRefused("basis", "Choose the legal basis for this disclosure.")
    if request.authorization is not None:
        raise DisclosureRefused("basis", "An authorization is used only with that basis.")
    if request.to_client and request.basis != LegalBasis.CLIENT_REQUEST:
        raise DisclosureRefused(
            "basis", "A copy for the client goes out on the client's own request only."
        )
    if not request.purpose.strip():
        raise DisclosureRefused("purpose", "State the purpose of the disclosure.")
    if (
        Category.PSYCHOTHERAPY_NOTES in request.categories
        and request.basis not in MAY_CARRY_PSYCHOTHERAPY_NOTES
    ):
        raise DisclosureRefused(
            "psychotherapy-notes",
            "Psychotherapy notes need the client's psychotherapy-note authorization "
            "(164.508(a)(2)).",
        )
    _clear_restrictions(request, on)
    problems = missing_details(request.basis, request.details)
    if problems:
        raise DisclosureRefused("details", " ".join(problems.values()))
    if request.basis in LEGAL_DEMANDS and (
        request.information_from is None or request.information_to is None
    ):
        raise DisclosureRefused(
            "minimum-necessary",
            "Only the minimum necessary goes out on a legal demand: give the period the "
            "information covers (from and to).",
        )
    if request.basis == LegalBasis.SUBPOENA:
        assurance = subpoena_problems(request.details, on)
        if assurance:
            raise DisclosureRefused("assurance", " ".join(assurance))
    if request.basis == LegalBasis.LAW_ENFORCEMENT:
        limits = law_enforcement_problems(request.details, request.categories)
        if limits:
            raise DisclosureRefused("law-enforcement", " ".join(limits))


def _clear_restrictions(request: DisclosureRequest, on: datetime.date) -> None:
    """Refuse a disclosure that a restriction the practice agreed to covers (164.522(a))."""
    if request.basis not in RESTRICTABLE_BASES:
        return
    agreed = Restriction.objects.filter(agreed_on__lte=on)
    for restriction in owned_by(request.client, agreed):
        if restriction.covers(request.basis, request.recipient_name, request.categories):
            law = "164.522(a)(1)(vi)" if restriction.self_pay_health_plan else "164.522(a)"
            raise DisclosureRefused(
                "restricted",
                f"The practice agreed on {restriction.agreed_on:%Y-%m-%d} to the client's "
                f"restriction of {restriction.scope_label()} ({law}); it covers this "
                "disclosure.",
            )


def _clear_authorization(request: DisclosureRequest, on: datetime.date) -> None:
    auth = request.authorization
    if auth is None or auth.client_id != request.client.id:
        raise DisclosureRefused("no-authorization", "Choose one of this client's authorizations.")
    status = auth.status(on)
    if status == AuthorizationStatus.REVOKED:
        raise DisclosureRefused(
            "revoked", f"The authorization was revoked on {auth.revoked_on:%Y-%m-%d}."
        )
    if status == AuthorizationStatus.EXPIRED:
        raise DisclosureRefused(
            "expired", f"The authorization expired on {auth.expires_on:%Y-%m-%d}."
        )
    if status == AuthorizationStatus.ENDED:
        raise DisclosureRefused("ended", "The authorization's expiry event has happened.")
    if status != AuthorizationStatus.ACTIVE:
        raise DisclosureRefused("not-yet", "The authorization was not yet signed on that date.")
    if _normal(auth.recipient_name) != _normal(request.recipient_name):
        raise DisclosureRefused(
            "recipient", "The recipient is not the one the authorization names."
        )
    if request.purpose.strip() and _normal(request.purpose) != _normal(auth.purpose):
        raise DisclosureRefused(
            "purpose", "The purpose is not the one the authorization states (164.508(c)(1)(iv))."
        )
    uncovered = set(request.categories) - set(auth.categories)
    if uncovered:
        labels = ", ".join(sorted(Category(c).label.lower() for c in uncovered))
        raise DisclosureRefused("not-covered", f"The authorization does not cover: {labels}.")
    if (
        Category.PSYCHOTHERAPY_NOTES in request.categories
        and auth.kind != AuthorizationKind.PSYCHOTHERAPY_NOTES
    ):
        raise DisclosureRefused(
            "psychotherapy-notes", "Psychotherapy notes need their own authorization."
        )
    if auth.information_from and (
        request.information_from is None or request.information_from < auth.information_from
    ):
        raise DisclosureRefused("period", "The information starts before the authorized period.")
    if auth.information_to and (
        request.information_to is None or request.information_to > auth.information_to
    ):
        raise DisclosureRefused("period", "The information ends after the authorized period.")


def disclose(
    actor: Any,
    request: DisclosureRequest,
    *,
    channel: str,
    produce: Callable[[DisclosureRequest], Produced],
    at: datetime.datetime | None = None,
) -> tuple[Disclosure, Produced]:
    """Check the request, produce the content and record the disclosure, or refuse and say why.

    `at` records a disclosure that happened earlier (outside Sealbook); the
    authorization must have been valid then.
    """
    client = request.client
    authorize(actor, Action.EXPORT_RECORD if request.to_client else Action.DISCLOSE, client)
    now = timezone.now()
    when = at or now
    if when > now:
        raise DisclosureRefused("future", "A disclosure cannot be recorded in the future.")
    try:
        clear(request, timezone.localdate(when))
    except DisclosureRefused as refused:
        record(
            AuditEvent.DISCLOSURE_REFUSED,
            actor=actor,
            client_id=client.id,
            outcome="denied",
            detail={"reason": refused.code, "basis": request.basis},
        )
        raise
    # Produced before the transaction: building a records export with session
    # recordings can take a minute, and on SQLite a transaction holds the write
    # lock from its start (IMMEDIATE), which would stall every other writer.
    produced = produce(request)
    with transaction.atomic():
        if produced.record is not None:
            produced.record()
        disclosure = Disclosure(
            client=client,
            disclosed_at=when,
            actor=actor,
            basis=request.basis,
            authorization=request.authorization,
            to_client=request.to_client,
            recipient_name=request.recipient_name.strip(),
            recipient_address=request.recipient_address.strip(),
            purpose=request.purpose.strip() or _authorization_purpose(request),
            description=produced.description,
            basis_details=clean_details(request.basis, request.details),
            categories=sorted(request.categories),
            information_from=request.information_from,
            information_to=request.information_to,
            channel=channel,
            content_sha256=produced.sha256,
        )
        disclosure.save()
        record(
            AuditEvent.DISCLOSURE_RECORDED,
            actor=actor,
            client_id=client.id,
            obj=disclosure,
            object_id=seal_of(disclosure.id),
            detail={
                "disclosure": str(disclosure.id),
                "basis": request.basis,
                "authorization": str(request.authorization.id) if request.authorization else "",
                "categories": sorted(request.categories),
                "content_sha256": disclosure.content_sha256,
                "channel": channel,
            },
        )
    return disclosure, produced


def _authorization_purpose(request: DisclosureRequest) -> str:
    return request.authorization.purpose if request.authorization is not None else ""
