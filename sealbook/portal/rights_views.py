"""The client's rights in the portal, and the care team's answers.

Portal side: releases of information to sign and to revoke; requests for a
copy of the record (downloaded after proving who one is again), for an
amendment (with a statement of disagreement after a denial) and for a
restriction. Staff side: sending a release to sign, the chart's page of the
client's requests, and answering each. Every portal page reads only the
signed-in account's rows: another client's identifier matches nothing (404).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sealbook.access.pages import denied_as_404, problem
from sealbook.access.policy import Action, permits
from sealbook.core.errors import SealbookError
from sealbook.disclosure.elements import AuthorizationInvalid
from sealbook.portal import amendments, copies, releases, restrictions
from sealbook.portal.access import account_or_404
from sealbook.portal.models import AccountKind, PortalAccount
from sealbook.portal.rights_forms import AmendmentAnswerForm, ReleaseForm, RestrictionAnswerForm
from sealbook.portal.rights_models import (
    AmendmentRequest,
    RecordCopy,
    ReleaseRequest,
    RestrictionRequest,
)
from sealbook.portal.views import portal_page
from sealbook.records.getters import get_client_for, get_client_owned_for, owned_by
from sealbook.records.models import NoteStatus, ProgressNote

ASKED = "/portal/requests/?asked=1#rights"

# Releases of information, in the portal.


@require_http_methods(["GET"])
@portal_page
def release_list(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    context = {
        "pending": releases.pending(account),
        "active": releases.revocable(account),
        "revoked": request.GET.get("revoked") == "1",
        "signed": request.GET.get("signed") == "1",
    }
    return render(request, "portal/releases.html", context)


@require_http_methods(["GET", "POST"])
@portal_page
def release_sign(
    request: HttpRequest, account: PortalAccount, release_id: uuid.UUID
) -> HttpResponse:
    found = ReleaseRequest.objects.filter(
        pk=release_id, account=account, authorization__isnull=True
    ).first()
    if found is None:
        return problem(request, "This release is not waiting for your signature.", 404)
    error, status = "", 200
    if request.method == "POST":
        if request.POST.get("agree") != "yes":
            error, status = "Not signed: tick the box to say you agree.", 400
        else:
            try:
                releases.sign_release(
                    account, found,
                    signer_name=request.POST.get("signer_name", ""),
                    text_sha256=request.POST.get("text_sha256", ""),
                    code=request.POST.get("code", ""),
                )  # fmt: skip
                return redirect("/portal/releases/?signed=1")
            except SealbookError as exc:
                error, status = f"Not signed: {exc}.", 400
    context = {"release": found, "error": error}
    return render(request, "portal/release_sign.html", context, status=status)


# The two posts below look the identifier up first, whatever the method: another
# client's identifier is a 404, never a 405 that would tell it apart from a wrong one.


@require_http_methods(["GET", "POST"])
@portal_page
def release_revoke(
    request: HttpRequest, account: PortalAccount, authorization_id: uuid.UUID
) -> HttpResponse:
    auth = releases.find_revocable(account, authorization_id)
    if auth is None:
        return problem(request, "This is not a release you can revoke here.", 404)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        releases.revoke(account, auth)
    except SealbookError as exc:
        return problem(request, f"The release was not revoked: {exc}.", 400)
    return redirect("/portal/releases/?revoked=1")


# Rights requests, in the portal (listed on the Requests page: templatetags/portal_rights.py).


def _asked(request: HttpRequest, ask: Callable[[], object]) -> HttpResponse:
    try:
        ask()
    except SealbookError as exc:
        return problem(request, f"Your request was not recorded: {exc}.", 400)
    return redirect(ASKED)


@require_POST
@portal_page
def copy_request(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    return _asked(request, lambda: copies.request_copy(account))


@require_POST
@portal_page
def amendment_request(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    change, reason = request.POST.get("change", ""), request.POST.get("reason", "")
    return _asked(
        request, lambda: amendments.request_amendment(account, change=change, reason=reason)
    )


@require_POST
@portal_page
def restriction_request(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    text = request.POST.get("restriction", "")
    self_pay = request.POST.get("self_pay") == "yes"
    return _asked(
        request,
        lambda: restrictions.request_restriction(
            account, restriction=text, self_pay_health_plan=self_pay
        ),
    )


@require_http_methods(["GET", "POST"])
@portal_page
def amendment_disagree(
    request: HttpRequest, account: PortalAccount, amendment_id: uuid.UUID
) -> HttpResponse:
    found = AmendmentRequest.objects.filter(pk=amendment_id, account=account).first()
    if found is None:
        return problem(request, "There is no such request.", 404)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    statement = request.POST.get("statement", "")
    return _asked(
        request, lambda: amendments.file_disagreement(account, found, statement=statement)
    )


@require_http_methods(["GET", "POST"])
def copy_download(request: HttpRequest, copy_id: uuid.UUID) -> HttpResponseBase:
    # As `portal_page`, which takes only pages: this answer may be the ZIP itself.
    if not request.user.is_authenticated:
        return redirect("portal-login")
    account = account_or_404(request)
    found = RecordCopy.objects.filter(pk=copy_id, account=account).first()
    if found is None or found.state(timezone.now()) != "ready":
        return problem(request, "There is no copy of your record to download here.", 404)
    error = ""
    if request.method == "POST":
        try:
            pieces = copies.open_copy(
                account, found,
                password=request.POST.get("password", ""), code=request.POST.get("code", ""),
            )  # fmt: skip
        except SealbookError as exc:
            error = f"Nothing was downloaded: {exc}."
        else:
            response = StreamingHttpResponse(pieces, content_type="application/zip")
            name = f"record-copy-{found.delivered_at:%Y%m%d}.zip"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["Content-Length"] = str(found.size)
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request,
        "portal/copy_download.html",
        {"copy": found, "error": error},
        status=401 if error else 200,
    )


# The care team's side.


@require_http_methods(["GET", "POST"])
@login_required
def send_release(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, client_id, Action.MANAGE_AUTHORIZATIONS)
    form = ReleaseForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            with denied_as_404():
                releases.send_release(request.user, client, form.draft())
            return redirect("chart-portal-rights", client_id=client.pk)
        except AuthorizationInvalid as invalid:
            form.show_problems(invalid.errors)
        except SealbookError as exc:
            error = f"Nothing was sent: {exc}."
    status = 400 if (form.errors or error) else 200
    context = {"client": client, "form": form, "error": error}
    return render(request, "portal/staff_release.html", context, status=status)


@require_http_methods(["GET"])
@login_required
def client_rights(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, client_id, Action.VIEW_CLINICAL)
    today = timezone.localdate()
    amendment_rows = [
        (a, a.days_left(today), AmendmentAnswerForm(client=client, prefix=str(a.pk)))
        for a in owned_by(client, AmendmentRequest.objects.select_related("note"))
    ]
    restriction_rows = RestrictionRequest.objects.select_related("agreed_restriction")
    context = {
        "client": client,
        "copies": owned_by(client, RecordCopy.objects.select_related("access_request")),
        "amendments": amendment_rows,
        "restrictions": [
            (r, RestrictionAnswerForm(prefix=None, auto_id=f"id_%s_{r.pk}"))
            for r in owned_by(client, restriction_rows)
        ],
        "releases": owned_by(client, ReleaseRequest.objects.select_related("authorization")),
        "notes": ProgressNote.objects.filter(client=client, status=NoteStatus.SIGNED).exists(),
        "can_export": permits(request.user, Action.EXPORT_RECORD, client),
        "now": timezone.now(),
        "guardian": AccountKind.GUARDIAN,
    }
    return render(request, "portal/staff_rights.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def deliver_copy(request: HttpRequest, copy_id: uuid.UUID) -> HttpResponse:
    found = get_client_owned_for(request.user, RecordCopy, copy_id, Action.EXPORT_RECORD)
    error = ""
    if request.method == "POST":
        try:
            with denied_as_404():
                copies.deliver_copy(request.user, found)
            return redirect("chart-portal-rights", client_id=found.client_id)
        except SealbookError as exc:
            error = f"The copy was not delivered: {exc}."
    context = {"copy": found, "client": found.client, "error": error}
    return render(request, "portal/staff_deliver.html", context, status=409 if error else 200)


@require_POST
@login_required
def answer_amendment(request: HttpRequest, amendment_id: uuid.UUID) -> HttpResponse:
    found = get_client_owned_for(request.user, AmendmentRequest, amendment_id, Action.WRITE_NOTE)
    form = AmendmentAnswerForm(request.POST, client=found.client, prefix=str(found.pk))
    if not form.is_valid():
        return problem(request, "Choose accept or deny and the signed note concerned.", 400)
    data = form.cleaned_data
    try:
        with denied_as_404():
            if data["decision"] == "accept":
                amendments.accept(request.user, found, note=data["note"], text=data["text"])
            else:
                amendments.deny(request.user, found, note=data["note"], reason=data["reason"])
    except SealbookError as exc:
        return problem(request, f"Nothing was recorded: {exc}.", 400)
    return redirect("chart-portal-rights", client_id=found.client_id)


@require_POST
@login_required
def answer_restriction(request: HttpRequest, restriction_id: uuid.UUID) -> HttpResponse:
    found = get_client_owned_for(
        request.user, RestrictionRequest, restriction_id, Action.MANAGE_AUTHORIZATIONS
    )
    form = RestrictionAnswerForm(request.POST)
    if not form.is_valid():
        return problem(request, "Choose to agree or to decline.", 400)
    data = form.cleaned_data
    scope = restrictions.Scope(
        bases=data["bases"], categories=data["categories"], recipient_name=data["recipient_name"]
    )
    try:
        with denied_as_404():
            restrictions.answer(
                request.user, found, agree=data["decision"] == "agree", answer=data["answer"],
                scope=scope,
            )  # fmt: skip
    except SealbookError as exc:
        return problem(request, f"Nothing was recorded: {exc}.", 400)
    return redirect("chart-portal-rights", client_id=found.client_id)
