"""Publishing consent documents, recording signatures, withdrawals and confidentiality events.

Each action authorises, validates, saves and writes its audit entry in one
transaction. A signature stores the SHA-256 of the exact text the client saw;
the audit entry carries that hash and the document version, never the name.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sealbook.access.policy import Action, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.consent.models import (
    ConfidentialityEvent,
    ConfidentialityEventKind,
    ConsentDocument,
    ConsentKind,
    ConsentSignature,
    SignatureMethod,
    text_digest,
)
from sealbook.consent.starting_texts import STARTING_TEXTS
from sealbook.consent.status import consent_states
from sealbook.core.errors import SealbookError
from sealbook.records.models import Client


class ConsentError(SealbookError):
    """A consent action was refused; the message says why."""


def current_document(kind: str) -> ConsentDocument:
    """The newest version of a kind of document; version 1 is the starting text."""
    if kind not in ConsentKind.values:
        raise ConsentError("there is no such kind of consent document")
    latest = ConsentDocument.objects.filter(kind=kind).order_by("-version").first()
    if latest is not None:
        return latest
    title, text = STARTING_TEXTS[kind]
    with transaction.atomic():
        document, _ = ConsentDocument.objects.get_or_create(
            kind=kind,
            version=1,
            defaults={"title": title, "text": text, "text_sha256": text_digest(text)},
        )
    return document


def publish_document(actor: Any, kind: str, *, title: str, text: str) -> ConsentDocument:
    """Publish a new version of a template; signatures of older versions stay as they are."""
    authorize(actor, Action.MANAGE_PRACTICE)
    title, text = title.strip(), text.strip().replace("\r\n", "\n") + "\n"
    if not title or not text.strip():
        raise ConsentError("a consent document needs a title and a text")
    current = current_document(kind)
    if current.text == text and current.title == title:
        raise ConsentError("the text is the same as the current version")
    with transaction.atomic():
        latest = ConsentDocument.objects.filter(kind=kind).aggregate(v=Max("version"))["v"]
        document = ConsentDocument.objects.create(
            kind=kind,
            version=(latest or 0) + 1,
            title=title,
            text=text,
            text_sha256=text_digest(text),
            published_by=actor,
        )
        record(
            AuditEvent.CONSENT_DOCUMENT_PUBLISHED,
            actor=actor,
            obj=document,
            detail={"kind": kind, "version": document.version, "sha256": document.text_sha256},
        )
    return document


@dataclass(frozen=True)
class Signature:
    signer_name: str
    signed_on: datetime.date
    method: str
    # The exact text's SHA-256 as shown when signing: a signature of a version
    # that changed meanwhile is refused rather than silently attached.
    text_sha256: str
    representative_authority: str = ""


def sign(actor: Any, client: Client, document: ConsentDocument, sig: Signature) -> ConsentSignature:
    authorize(actor, Action.RECORD_CONSENT, client)
    if sig.method not in SignatureMethod.values or sig.method == SignatureMethod.PORTAL:
        raise ConsentError("say how the consent was signed")
    return _save_signature(actor, client, document, sig, {})


def sign_in_portal(
    signer: Any, client: Client, document: ConsentDocument, sig: Signature, *, factor: str
) -> ConsentSignature:
    """The client (or a guardian) signs in the portal, which has checked who they are
    (password, then `factor`, the second factor proved at this signature) and that
    the chart is theirs. They appear in no rule of the staff policy."""
    if sig.method != SignatureMethod.PORTAL:
        raise ConsentError("a portal signature is made in the portal")
    return _save_signature(signer, client, document, sig, {"factor": factor})


def _save_signature(
    actor: Any, client: Client, document: ConsentDocument, sig: Signature, extra: dict[str, Any]
) -> ConsentSignature:
    today = timezone.localdate()
    if not sig.signer_name.strip():
        raise ConsentError("type the signer's full name")
    if sig.signed_on > today:
        raise ConsentError("the signature date cannot be in the future")
    if sig.method in (SignatureMethod.TYPED_IN_OFFICE, SignatureMethod.PORTAL) and (
        sig.signed_on != today
    ):
        raise ConsentError("a signature typed here is dated today; record older ones as paper")
    if sig.text_sha256 != document.text_sha256 or text_digest(document.text) != sig.text_sha256:
        raise ConsentError("the document changed since it was shown; show it again and re-sign")
    with transaction.atomic():
        signature = ConsentSignature(
            client=client,
            document=document,
            signer_name=sig.signer_name.strip(),
            representative_authority=sig.representative_authority.strip(),
            signed_on=sig.signed_on,
            method=sig.method,
            text_sha256=document.text_sha256,
            recorded_by=actor,
        )
        signature.save()
        record(
            AuditEvent.CONSENT_SIGNED,
            actor=actor,
            client_id=client.id,
            obj=signature,
            detail={
                "kind": document.kind,
                "version": document.version,
                "sha256": document.text_sha256,
                "method": sig.method,
                "representative": bool(sig.representative_authority.strip()),
                **extra,
            },
        )
    return signature


def withdraw(
    actor: Any, signature: ConsentSignature, *, withdrawn_on: datetime.date | None = None
) -> ConsentSignature:
    """Record that the client withdrew a consent, on `withdrawn_on` (today by default).

    The day may be earlier than today: a client who withdraws consent to
    recording in a session has withdrawn it then, not when the clinician
    records it. From now on the chart shows the kind as not consented and
    `require_consent` refuses it until the client signs again.
    """
    authorize(actor, Action.RECORD_CONSENT, signature.client)
    today = timezone.localdate()
    withdrawn_on = withdrawn_on or today
    if withdrawn_on > today:
        raise ConsentError("a withdrawal takes effect when the client withdraws, not later")
    with transaction.atomic():
        signature = (
            ConsentSignature.objects.select_for_update()
            .select_related("document", "client")
            .get(pk=signature.pk)
        )
        if signature.withdrawn_at is not None:
            raise ConsentError("this consent is already withdrawn")
        if withdrawn_on < signature.signed_on:
            raise ConsentError("the withdrawal date is before the consent was signed")
        current = next(
            (s for s in consent_states(signature.client) if s.kind == signature.document.kind),
            None,
        )
        if current is None or current.signature is None or current.signature.pk != signature.pk:
            raise ConsentError(
                "a later signature or withdrawal of this consent replaces this one; "
                "withdraw the current one"
            )
        signature.withdrawn_at = timezone.now()
        signature.withdrawn_on = withdrawn_on
        signature.withdrawn_by = actor
        signature.save(update_fields=["withdrawn_at", "withdrawn_on", "withdrawn_by"])
        record(
            AuditEvent.CONSENT_WITHDRAWN,
            actor=actor,
            client_id=signature.client_id,
            obj=signature,
            detail={
                "kind": signature.document.kind,
                "version": signature.document.version,
                "withdrawn_on": withdrawn_on,
            },
        )
    return signature


def record_confidentiality_event(
    actor: Any, client: Client, *, kind: str, description: str, occurred_on: datetime.date
) -> ConfidentialityEvent:
    """Record a change to the limits of confidentiality; the chart then asks for re-consent."""
    authorize(actor, Action.RECORD_CONSENT, client)
    if kind not in ConfidentialityEventKind.values:
        raise ConsentError("choose what changed")
    if occurred_on > timezone.localdate():
        raise ConsentError("record the change once it has happened, not before")
    with transaction.atomic():
        event = ConfidentialityEvent(
            client=client,
            kind=kind,
            description=description.strip(),
            occurred_on=occurred_on,
            recorded_by=actor,
        )
        event.save()
        record(
            AuditEvent.CONFIDENTIALITY_EVENT_RECORDED,
            actor=actor,
            client_id=client.id,
            obj=event,
            detail={"kind": kind},
        )
    return event
