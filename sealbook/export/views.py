"""Sending records exports (under an authorization or a legal basis) and access requests."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sealbook.access.pages import problem
from sealbook.access.policy import Action, authorize, permits, visible_clients
from sealbook.core.errors import SealbookError
from sealbook.disclosure.forms import LegalBasisSendForm, SendForm
from sealbook.disclosure.gate import DisclosureRefused, DisclosureRequest
from sealbook.disclosure.models import Authorization, Category, Disclosure, LegalBasis
from sealbook.export import actions
from sealbook.export.content import ReleasedPsychotherapyNote
from sealbook.export.forms import AccessRequestForm, ExtensionForm, FulfilForm
from sealbook.export.models import AccessRequest
from sealbook.export.package import SpooledExport
from sealbook.export.release import ReleaseRefused, authors_notes
from sealbook.pdf.fonts import PdfRefused
from sealbook.psychotherapy.keyring import KeyNotOpen
from sealbook.records.getters import get_client_for, get_client_owned_for, owned_by
from sealbook.records.models import Client
from sealbook.records.unreadable import notice, readable


def zip_response(disclosure: Disclosure, export: SpooledExport) -> FileResponse:
    """Stream the spooled ZIP; closing the response deletes the spool."""
    name = f"sealbook-export-{disclosure.disclosed_at:%Y%m%d}-{disclosure.id.hex[:8]}.zip"
    response = FileResponse(
        export.file, as_attachment=True, filename=name, content_type="application/zip"
    )
    # Each read decrypts one piece of the spool: read it in large pieces.
    response.block_size = 1024 * 1024
    response["Cache-Control"] = "no-store"
    return response


def _exportable(categories: list[str]) -> list[str]:
    return [c for c in categories if c in Category.values]


# What the sender is told when the gate, the release of psychotherapy notes, or the
# PDF (a character no font shows) says no; nothing was sent or recorded.
REFUSALS = (DisclosureRefused, ReleaseRefused, KeyNotOpen, PdfRefused)


def _release(
    request: HttpRequest, client: Client, data: dict[str, Any]
) -> Callable[[], list[ReleasedPsychotherapyNote]]:
    """The signed-in author's psychotherapy notes, read only if the gate lets them out."""
    return lambda: authors_notes(
        request,
        client,
        information_from=data["information_from"],
        information_to=data["information_to"],
    )


@require_http_methods(["GET", "POST"])
@login_required
def send_under_authorization(request: HttpRequest, authorization_id: uuid.UUID) -> HttpResponseBase:
    auth = get_client_owned_for(request.user, Authorization, authorization_id, Action.DISCLOSE)
    client = auth.client
    form = SendForm(
        request.POST if request.method == "POST" else None,
        initial={
            "recipient_name": auth.recipient_name,
            "recipient_address": auth.recipient_address,
            "purpose": auth.purpose,
            "categories": _exportable(auth.categories),
            "information_from": auth.information_from,
            "information_to": auth.information_to,
        },
    )
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        disclosure_request = DisclosureRequest(
            client=client,
            basis=LegalBasis.AUTHORIZATION,
            authorization=auth,
            recipient_name=data["recipient_name"],
            recipient_address=data["recipient_address"],
            purpose=data["purpose"],
            categories=frozenset(data["categories"]),
            information_from=data["information_from"],
            information_to=data["information_to"],
        )
        try:
            disclosure, export = actions.export_record(
                request.user, disclosure_request, release=_release(request, client, data)
            )
            return zip_response(disclosure, export)
        except REFUSALS as refused:
            error = str(refused)
    return render(
        request,
        "export/send.html",
        {"client": client, "auth": auth, "form": form, "error": error},
        status=409 if error else (400 if form.errors else 200),
    )


@require_http_methods(["GET", "POST"])
@login_required
def disclose(request: HttpRequest, client_id: uuid.UUID) -> HttpResponseBase:
    client = get_client_for(request.user, client_id, Action.DISCLOSE)
    form = LegalBasisSendForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        disclosure_request = DisclosureRequest(
            client=client,
            basis=data["basis"],
            recipient_name=data["recipient_name"],
            recipient_address=data["recipient_address"],
            purpose=data["purpose"],
            categories=frozenset(data["categories"]),
            information_from=data["information_from"],
            information_to=data["information_to"],
            details=form.details(),
        )
        try:
            disclosure, export = actions.export_record(
                request.user, disclosure_request, release=_release(request, client, data)
            )
            return zip_response(disclosure, export)
        except REFUSALS as refused:
            error = str(refused)
    return render(
        request,
        "export/disclose.html",
        {"client": client, "form": form, "error": error},
        status=409 if error else (400 if form.errors else 200),
    )


@require_http_methods(["GET", "POST"])
@login_required
def client_access_requests(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    action = Action.RECORD_CONSENT if request.method == "POST" else Action.VIEW_DEMOGRAPHICS
    client = get_client_for(request.user, client_id, action)
    form = AccessRequestForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            actions.open_access_request(request.user, client, **form.cleaned_data)
            return redirect("client-access-requests", client_id=client.id)
        except SealbookError as exc:
            error = str(exc).capitalize() + "."
    today = timezone.localdate()
    requests = owned_by(client, AccessRequest.objects.all())
    return render(
        request,
        "export/client_access_requests.html",
        {
            "client": client,
            "form": form,
            "error": error,
            "rows": [(r, r.state(today), r.days_left(today)) for r in requests],
            "extension_form": ExtensionForm(),
            "can_export": permits(request.user, Action.EXPORT_RECORD, client),
        },
        status=400 if (form.errors or error) else 200,
    )


@require_POST
@login_required
def access_request_extend(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    access_request = get_client_owned_for(
        request.user, AccessRequest, request_id, Action.RECORD_CONSENT
    )
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        return problem(request, "Give the reason for the delay, as told to the client.", 400)
    try:
        actions.extend_access_request(request.user, access_request, **form.cleaned_data)
    except SealbookError as exc:
        return problem(request, str(exc).capitalize() + ".", 409)
    return redirect("client-access-requests", client_id=access_request.client_id)


@require_http_methods(["GET", "POST"])
@login_required
def access_request_fulfil(request: HttpRequest, request_id: uuid.UUID) -> HttpResponseBase:
    access_request = get_client_owned_for(
        request.user, AccessRequest, request_id, Action.EXPORT_RECORD
    )
    form = FulfilForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            disclosure, export = actions.fulfil_access_request(
                request.user,
                access_request,
                identity_verified=form.cleaned_data["identity_verified"],
            )
            return zip_response(disclosure, export)
        except SealbookError as exc:
            error = str(exc)
    return render(
        request,
        "export/fulfil.html",
        {
            "access_request": access_request,
            "client": access_request.client,
            "form": form,
            "error": error,
        },
        status=409 if error else 200,
    )


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Open access requests of the clients this user may see, soonest deadline first."""
    authorize(request.user, Action.LIST_CLIENTS)
    today = timezone.localdate()
    clients = visible_clients(request.user, Client.objects.all())
    # A request of a client whose data key is gone cannot show its name: left out, counted.
    open_requests: list[Any] = list(
        AccessRequest.objects.filter(client__in=readable(clients), fulfilled_at__isnull=True)
        .select_related("client")
        .order_by("due_on")
    )
    rows = sorted(
        ((r, r.state(today), r.days_left(today)) for r in open_requests), key=lambda x: x[2]
    )
    left_out = AccessRequest.objects.filter(client__in=clients, fulfilled_at__isnull=True).exclude(
        client__in=readable(clients)
    )
    return render(
        request,
        "export/dashboard.html",
        {
            "rows": rows,
            "today": today,
            "left_out": notice(left_out.values("client").distinct().count()),
        },
    )
