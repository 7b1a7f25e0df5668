"""Consent pages: what a client has signed, signing a version, events, templates."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sealbook.access.policy import Action, authorize, permits
from sealbook.consent import actions
from sealbook.consent.forms import (
    ConfidentialityEventForm,
    DocumentForm,
    SignatureForm,
    WithdrawalForm,
)
from sealbook.consent.models import (
    ConfidentialityEvent,
    ConsentDocument,
    ConsentKind,
    ConsentSignature,
)
from sealbook.consent.status import consent_states
from sealbook.core.errors import SealbookError
from sealbook.records.getters import get_client_for, get_client_owned_for
from sealbook.records.models import Client


@require_http_methods(["GET", "POST"])
@login_required
def client_consents(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    """The client's consents, and the form to record a confidentiality-changing event."""
    action = Action.RECORD_CONSENT if request.method == "POST" else Action.VIEW_DEMOGRAPHICS
    client = get_client_for(request.user, client_id, action)
    form = ConfidentialityEventForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_confidentiality_event(request.user, client, **form.cleaned_data)
            return redirect("client-consents", client_id=client.id)
        except SealbookError as exc:
            error = str(exc)
    return _consents_page(request, client, form, error)


def _consents_page(
    request: HttpRequest, client: Client, form: ConfidentialityEventForm, error: str = ""
) -> HttpResponse:
    states = consent_states(client)
    return render(
        request,
        "consent/client_consents.html",
        {
            "client": client,
            "states": states,
            # Newest first by the date the client signed, like every list of the chart.
            "signatures": ConsentSignature.objects.filter(client=client)
            .select_related("document", "recorded_by")
            .order_by("-signed_on", "-recorded_at"),
            # Only the signature that stands for its kind can be withdrawn.
            "withdrawable": {s.signature.pk for s in states if s.signature is not None},
            "today": timezone.localdate(),
            "events": ConfidentialityEvent.objects.filter(client=client).order_by(
                "-occurred_on", "-recorded_at"
            ),
            "form": form,
            "error": error,
            "can_record": permits(request.user, Action.RECORD_CONSENT, client),
        },
        status=400 if (form.errors or error) else 200,
    )


@require_POST
@login_required
def withdraw(request: HttpRequest, signature_id: uuid.UUID) -> HttpResponse:
    """Record the client's withdrawal of a consent (the form beside the signature)."""
    signature = get_client_owned_for(
        request.user, ConsentSignature, signature_id, Action.RECORD_CONSENT
    )
    form = WithdrawalForm(request.POST)
    if not form.is_valid():
        error = (
            "To withdraw a consent, give the day the client withdrew and tick the box "
            "to confirm; nothing was changed."
        )
    else:
        try:
            withdrawn_on = form.cleaned_data["withdrawn_on"]
            actions.withdraw(request.user, signature, withdrawn_on=withdrawn_on)
            return redirect("client-consents", client_id=signature.client_id)
        except SealbookError as exc:
            reason = str(exc)
            error = f"{reason[:1].upper()}{reason[1:]}; nothing was changed."
    return _consents_page(request, signature.client, ConfidentialityEventForm(), error)


@require_http_methods(["GET", "POST"])
@login_required
def sign(request: HttpRequest, client_id: uuid.UUID, kind: str) -> HttpResponse:
    if kind not in ConsentKind.values:
        raise Http404()
    client = get_client_for(request.user, client_id, Action.RECORD_CONSENT)
    document = actions.current_document(kind)
    form = SignatureForm(
        request.POST if request.method == "POST" else None,
        initial={"text_sha256": document.text_sha256},
    )
    error = ""
    today = timezone.localdate()
    form.fields["paper_signed_on"].widget.attrs["max"] = today.isoformat()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.sign(
                request.user,
                client,
                document,
                actions.Signature(
                    signer_name=data["signer_name"],
                    signed_on=form.signed_on(today),
                    method=data["method"],
                    text_sha256=data["text_sha256"],
                    representative_authority=data["representative_authority"],
                ),
            )
            return redirect("client-consents", client_id=client.id)
        except SealbookError as exc:
            error = str(exc)
    return render(
        request,
        "consent/sign.html",
        {"client": client, "document": document, "form": form, "error": error, "today": today},
        status=400 if (form.errors or error) else 200,
    )


@require_GET
@login_required
def documents(request: HttpRequest) -> HttpResponse:
    authorize(request.user, Action.LIST_CLIENTS)
    for kind in ConsentKind.values:
        actions.current_document(kind)
    return render(
        request,
        "consent/documents.html",
        {
            "documents": ConsentDocument.objects.all(),
            "can_edit": permits(request.user, Action.MANAGE_PRACTICE),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def edit_document(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ConsentKind.values:
        raise Http404()
    authorize(request.user, Action.MANAGE_PRACTICE)
    current = actions.current_document(kind)
    form = DocumentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"title": current.title, "text": current.text},
    )
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            actions.publish_document(
                request.user, kind, title=form.cleaned_data["title"], text=form.cleaned_data["text"]
            )
            return redirect("consent-documents")
        except SealbookError as exc:
            error = str(exc)
    return render(
        request,
        "consent/edit_document.html",
        {"current": current, "form": form, "error": error},
        status=400 if (form.errors or error) else 200,
    )
