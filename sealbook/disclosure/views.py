"""Authorization pages, the disclosure history and the accounting of disclosures."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sealbook.access.pages import problem
from sealbook.access.policy import Action, permits
from sealbook.core.errors import SealbookError
from sealbook.disclosure import actions, elements
from sealbook.disclosure.accounting import produce_accounting, six_years_before
from sealbook.disclosure.forms import AuthorizationForm, RevocationForm
from sealbook.disclosure.models import Authorization, Disclosure
from sealbook.disclosure.pdfs import accounting_pdf, authorization_pdf
from sealbook.pdf.fonts import FontsMissing, PdfRefused
from sealbook.records.getters import get_client_for, get_client_owned_for, owned_by
from sealbook.vault import runtime


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def pdf_refused(request: HttpRequest, refused: PdfRefused) -> HttpResponse:
    """The one line saying why no PDF was made: missing fonts are the server's fault."""
    status = 503 if isinstance(refused, FontsMissing) else 422
    return problem(request, str(refused), status)


@require_GET
@login_required
def client_authorizations(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, client_id, Action.MANAGE_AUTHORIZATIONS)
    today = timezone.localdate()
    authorizations = owned_by(client, Authorization.objects.all())
    disclosures = owned_by(client, Disclosure.objects.select_related("actor"))
    return render(
        request,
        "disclosure/client_authorizations.html",
        {
            "client": client,
            "authorizations": [(a, a.status(today), a.status_label(today)) for a in authorizations],
            "disclosures": disclosures,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def authorization_new(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, client_id, Action.MANAGE_AUTHORIZATIONS)
    form = AuthorizationForm(
        request.POST if request.method == "POST" else None,
        initial={"discloser": runtime.practice_name()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            auth = actions.record_authorization(request.user, client, form.draft())
            return redirect("authorization", authorization_id=auth.id)
        except elements.AuthorizationInvalid as invalid:
            form.show_problems(invalid.errors)
    return render(
        request,
        "disclosure/authorization_form.html",
        {"client": client, "form": form},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def authorization_detail(request: HttpRequest, authorization_id: uuid.UUID) -> HttpResponse:
    auth = get_client_owned_for(
        request.user, Authorization, authorization_id, Action.MANAGE_AUTHORIZATIONS
    )
    return _detail(request, auth, RevocationForm(initial={"revoked_on": timezone.localdate()}))


def _detail(
    request: HttpRequest, auth: Authorization, revoke_form: RevocationForm, error: str = ""
) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "disclosure/authorization_detail.html",
        {
            "auth": auth,
            "client": auth.client,
            "status": auth.status(today),
            "status_label": auth.status_label(today),
            "revoke_form": revoke_form,
            "error": error,
            "can_disclose": permits(request.user, Action.DISCLOSE, auth.client),
            "disclosures": Disclosure.objects.filter(authorization=auth),
        },
        status=400 if (error or revoke_form.errors) else 200,
    )


@require_POST
@login_required
def authorization_revoke(request: HttpRequest, authorization_id: uuid.UUID) -> HttpResponse:
    auth = get_client_owned_for(
        request.user, Authorization, authorization_id, Action.MANAGE_AUTHORIZATIONS
    )
    form = RevocationForm(request.POST)
    if not form.is_valid():
        return _detail(request, auth, form)
    try:
        actions.revoke_authorization(request.user, auth, revoked_on=form.cleaned_data["revoked_on"])
    except SealbookError as exc:
        return _detail(request, auth, form, error=str(exc).capitalize() + ".")
    return redirect("authorization", authorization_id=auth.id)


@require_POST
@login_required
def authorization_expiry_event(request: HttpRequest, authorization_id: uuid.UUID) -> HttpResponse:
    auth = get_client_owned_for(
        request.user, Authorization, authorization_id, Action.MANAGE_AUTHORIZATIONS
    )
    try:
        actions.record_expiry_event(request.user, auth)
    except SealbookError as exc:
        return _detail(request, auth, RevocationForm(), error=str(exc).capitalize() + ".")
    return redirect("authorization", authorization_id=auth.id)


@require_GET
@login_required
def authorization_print(request: HttpRequest, authorization_id: uuid.UUID) -> HttpResponse:
    auth = get_client_owned_for(
        request.user, Authorization, authorization_id, Action.MANAGE_AUTHORIZATIONS
    )
    try:
        data = authorization_pdf(auth, runtime.practice_name())
    except PdfRefused as refused:
        return pdf_refused(request, refused)
    # Recorded once the copy exists: a refused PDF was never printed.
    actions.view_for_printing(request.user, auth)
    return pdf_response(data, "authorization.pdf")


@require_GET
@login_required
def accounting(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, client_id, Action.MANAGE_AUTHORIZATIONS)
    today = timezone.localdate()
    entries = produce_accounting(request.user, client, today)
    if request.GET.get("format") == "pdf":
        try:
            data = accounting_pdf(client, runtime.practice_name(), entries, today)
        except PdfRefused as refused:
            return pdf_refused(request, refused)
        return pdf_response(data, "accounting-of-disclosures.pdf")
    return render(
        request,
        "disclosure/accounting.html",
        {"client": client, "entries": entries, "today": today, "since": six_years_before(today)},
    )
