"""Records exports through the disclosure gate, and access requests with their deadlines."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from sealbook.access.policy import Action, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.errors import SealbookError
from sealbook.disclosure.gate import DisclosureRequest, Produced, disclose
from sealbook.disclosure.models import Category, Disclosure, LegalBasis
from sealbook.export.content import ReleasedPsychotherapyNote, gather
from sealbook.export.models import EXTENSION_DAYS, RESPONSE_DAYS, AccessRequest
from sealbook.export.package import SpooledExport, write_export
from sealbook.export.release import NOT_RELEASED, ReleaseRefused
from sealbook.records.models import Client
from sealbook.vault import runtime


class AccessRequestError(SealbookError):
    """A change to an access request was refused; the message says why."""


def describe(request: DisclosureRequest) -> str:
    """The brief description of what was disclosed (164.528(b)(2)(iii))."""
    labels = [Category(c).label.lower() for c in sorted(request.categories)]
    text = "Records export: " + "; ".join(labels)
    if request.information_from or request.information_to:
        start = request.information_from.isoformat() if request.information_from else "start"
        end = request.information_to.isoformat() if request.information_to else "now"
        text += f" (notes {start} to {end})"
    return text


def export_record(
    actor: Any,
    request: DisclosureRequest,
    *,
    channel: str = "export",
    release: Callable[[], Sequence[ReleasedPsychotherapyNote]] | None = None,
) -> tuple[Disclosure, SpooledExport]:
    """Send the client's record (a ZIP) through the disclosure gate; returns the spooled ZIP.

    The caller sends it and closes it. Psychotherapy notes go in only when
    asked for and `release` (the author's own notes, `release.authors_notes`)
    supplies them; it runs after the gate has cleared the request.
    """
    if Category.PSYCHOTHERAPY_NOTES in request.categories and release is None:
        raise ReleaseRefused(NOT_RELEASED)
    spooled: list[SpooledExport] = []

    def produce(req: DisclosureRequest) -> Produced:
        released = release() if release and Category.PSYCHOTHERAPY_NOTES in req.categories else ()
        content = gather(
            req.client,
            req.categories,
            information_from=req.information_from,
            information_to=req.information_to,
            now=timezone.now(),
            released=released,
            request=req,
        )
        export = write_export(content, runtime.practice_name())
        spooled.append(export)

        def record_export() -> None:
            record(
                AuditEvent.RECORD_EXPORTED,
                actor=actor,
                client_id=req.client.id,
                detail={
                    "zip_sha256": export.sha256,
                    "manifest_sha256": export.manifest_sha256,
                    "files": sorted(export.names),
                },
            )

        # The ZIP stays in its spool; the gate records the digest of exactly its bytes.
        return Produced(b"", describe(req), content_sha256=export.sha256, record=record_export)

    try:
        disclosure, _produced = disclose(actor, request, channel=channel, produce=produce)
    except BaseException:
        for export in spooled:
            export.close()
        raise
    return disclosure, spooled[0]


def open_access_request(
    actor: Any,
    client: Client,
    *,
    received_on: datetime.date,
    requested_by: str,
    deliver_to: str = "",
    deliver_to_address: str = "",
) -> AccessRequest:
    # Taking in a request is clerical work, like recording a consent; the
    # export that answers it needs EXPORT_RECORD and re-authentication.
    authorize(actor, Action.RECORD_CONSENT, client)
    return _open(actor, client, received_on, requested_by, deliver_to, deliver_to_address, {})


def open_access_request_in_portal(signer: Any, client: Client) -> AccessRequest:
    """The client asks for a copy in the portal, which has checked that the chart is theirs:
    received today, the copy to the client themself, the same 30-day clock."""
    return _open(
        signer, client, timezone.localdate(), "The client, in the portal", "", "", {"portal": True}
    )


def _open(
    actor: Any,
    client: Client,
    received_on: datetime.date,
    requested_by: str,
    deliver_to: str,
    deliver_to_address: str,
    extra: dict[str, Any],
) -> AccessRequest:
    today = timezone.localdate()
    if received_on > today:
        raise AccessRequestError("the request cannot have been received in the future")
    if received_on < today - datetime.timedelta(days=RESPONSE_DAYS + EXTENSION_DAYS):
        raise AccessRequestError("a request received that long ago is already past every deadline")
    if not requested_by.strip():
        raise AccessRequestError("say who made the request")
    with transaction.atomic():
        access_request = AccessRequest(
            client=client,
            received_on=received_on,
            due_on=received_on + datetime.timedelta(days=RESPONSE_DAYS),
            requested_by=requested_by.strip(),
            deliver_to=deliver_to.strip(),
            deliver_to_address=deliver_to_address.strip(),
            recorded_by=actor,
        )
        access_request.save()
        record(
            AuditEvent.ACCESS_REQUEST_OPENED,
            actor=actor,
            client_id=client.id,
            obj=access_request,
            detail={
                "due_on": access_request.due_on,
                "third_party": bool(deliver_to.strip()),
                **extra,
            },
        )
    return access_request


def extend_access_request(
    actor: Any, access_request: AccessRequest, *, reason: str
) -> AccessRequest:
    """Take the one 30-day extension; the client must be told why within the first 30 days."""
    authorize(actor, Action.RECORD_CONSENT, access_request.client)
    if not reason.strip():
        raise AccessRequestError("the client must be told the reason for the delay")
    today = timezone.localdate()
    with transaction.atomic():
        access_request = (
            AccessRequest.objects.select_for_update()
            .select_related("client")
            .get(pk=access_request.pk)
        )
        if access_request.fulfilled_at is not None:
            raise AccessRequestError("the request was already answered")
        if access_request.extended_due_on is not None:
            raise AccessRequestError("a request can be extended only once (164.524(b)(2)(iii))")
        if today > access_request.due_on:
            raise AccessRequestError("an extension must be taken within the first 30 days")
        access_request.extended_due_on = access_request.due_on + datetime.timedelta(
            days=EXTENSION_DAYS
        )
        access_request.extension_reason = reason.strip()
        access_request.save(update_fields=["extended_due_on", "extension_reason"])
        record(
            AuditEvent.ACCESS_REQUEST_EXTENDED,
            actor=actor,
            client_id=access_request.client_id,
            obj=access_request,
            detail={"due_on": access_request.extended_due_on},
        )
    return access_request


def fulfil_access_request(
    actor: Any, access_request: AccessRequest, *, identity_verified: bool
) -> tuple[Disclosure, SpooledExport]:
    """Answer the request with the whole designated record set, through the gate."""
    client = access_request.client
    if access_request.fulfilled_at is not None:
        raise AccessRequestError("the request was already answered")
    to_client = not access_request.deliver_to
    request = DisclosureRequest(
        client=client,
        basis=LegalBasis.CLIENT_REQUEST,
        recipient_name=client.display_name if to_client else access_request.deliver_to,
        recipient_address="" if to_client else access_request.deliver_to_address,
        purpose="At the request of the individual (HIPAA 164.524)",
        categories=frozenset(c for c in Category.values if c != Category.PSYCHOTHERAPY_NOTES),
        to_client=to_client,
        details={
            "request_received_on": access_request.received_on.isoformat(),
            "identity_verified": "yes" if identity_verified else "",
        },
    )
    disclosure, export = export_record(actor, request)
    try:
        with transaction.atomic():
            AccessRequest.objects.filter(pk=access_request.pk).update(
                fulfilled_at=timezone.now(), disclosure=disclosure
            )
    except BaseException:
        export.close()
        raise
    return disclosure, export
