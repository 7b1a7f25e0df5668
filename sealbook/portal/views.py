"""The portal's pages, and the chart's "Portal" page where staff send invitations."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sealbook.access import practice_policy
from sealbook.access.pages import denied_as_404, problem
from sealbook.access.policy import Action
from sealbook.consent.models import ConsentKind
from sealbook.core.errors import SealbookError
from sealbook.documents.actions import EncryptedUpload
from sealbook.documents.uploads import EncryptedUploadedFile, EncryptingUploadHandler
from sealbook.mail import MailError
from sealbook.portal import actions, guardians, history, messaging, signing
from sealbook.portal.access import account_or_404, is_portal_user, second_factor_step
from sealbook.portal.appointments import upcoming
from sealbook.portal.forms import InviteForm, PortalLoginForm
from sealbook.portal.models import AccountKind, Message, PortalAccount, SigningRequest, Thread
from sealbook.records.getters import get_client_for, get_client_owned_for
from sealbook.staff import mfa
from sealbook.staff.actions import log_out
from sealbook.staff.forms import SecondFactorForm, WelcomeForm
from sealbook.staff.passkeys import has_passkey

PortalView = Callable[..., HttpResponse]


def portal_page(view: PortalView) -> PortalView:
    """A portal page: anonymous visitors go to the portal's login, anyone else not a
    portal account gets a 404; the view receives the signed-in person's account."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect("portal-login")
        return view(request, account_or_404(request), *args, **kwargs)

    return wrapped


# Staff: the chart's portal page.


@require_http_methods(["GET", "POST"])
@login_required
def invite(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, client_id, Action.INVITE_TO_PORTAL)
    form = InviteForm(request.POST or None, initial={"email": client.email, "kind": "client"})
    error, status, sent = "", 200, request.GET.get("invited") == "1"
    if request.method == "POST":
        if form.is_valid():
            try:
                with denied_as_404():
                    actions.invite(
                        request.user,
                        client,
                        email=form.cleaned_data["email"],
                        kind=form.cleaned_data["kind"],
                        link_base=request.build_absolute_uri("/"),
                    )
                return redirect(f"/clients/{client.pk}/portal/?invited=1")
            except (actions.PortalError, MailError) as exc:
                error, status = f"The invitation was not sent: {exc}.", 400
        else:
            error, status = "The invitation was not sent: give an e-mail address.", 400
    return _portal_page(request, client, form, error, sent, status)


def _portal_page(
    request: HttpRequest, client: Any, form: InviteForm, error: str, sent: bool, status: int
) -> HttpResponse:
    accounts = PortalAccount.objects.filter(client=client).order_by("created_at")
    requests = SigningRequest.objects.filter(account__client=client).select_related(
        "document", "signature"
    )
    context = {
        "client": client, "form": form, "error": error, "sent": sent, "accounts": accounts,
        "requests": requests, "kinds": ConsentKind.choices,
        "sent_to_sign": request.GET.get("sent") == "1",
    }  # fmt: skip
    return render(request, "portal/invite.html", context, status=status)


@require_POST
@login_required
def send_consent(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, client_id, Action.RECORD_CONSENT)
    try:
        with denied_as_404():
            signing.send_for_signature(request.user, client, kind=request.POST.get("kind", ""))
    except actions.PortalError as exc:
        form = InviteForm(initial={"kind": "client"})
        return _portal_page(request, client, form, f"Nothing was sent: {exc}.", False, 400)
    return redirect(f"/clients/{client.pk}/portal/?sent=1")


# The portal.


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = PortalLoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = actions.log_in(request, data["email"], data["password"], data["code"])
        if user is not None:
            step = second_factor_step(user)
            if step == "portal-login-verify":
                # No code typed: the passkey page proves the second factor.
                return redirect("portal-login-passkey")
            return redirect(step or "portal-home")
        error = "That e-mail, password and code do not match an account (a code works once)."
    elif request.method == "POST":
        error = "Give your e-mail, your password and the code from your authenticator app."
    return render(
        request,
        "portal/login.html",
        {"form": form, "error": error, "idle": request.GET.get("idle") == "1"},
        status=401 if error else 200,
    )


def _not_at_step(request: HttpRequest, step: str) -> HttpResponse | None:
    """Where a request for the second-factor page `step` goes instead: the login when signed
    out, the step this session is at (or home) when it is another; 404 for staff."""
    if not request.user.is_authenticated:
        return redirect("portal-login")
    if not is_portal_user(request.user):
        raise Http404()
    at = second_factor_step(request.user)
    return None if at == step else redirect(at or "portal-home")


@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the authenticator app (or a recovery code), or a
    link to the passkey page; the portal's own page, never the staff's `/mfa/verify/`."""
    elsewhere = _not_at_step(request, "portal-login-verify")
    if elsewhere is not None:
        return elsewhere
    form = SecondFactorForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        if mfa.verify_second_factor(request, form.cleaned_data["code"]):
            return redirect("portal-home")
        error = "That code is not right (a code works once: wait for the next one)."
    context = {"form": form, "error": error, "passkey": has_passkey(request.user)}
    return render(request, "portal/verify.html", context, status=401 if error else 200)


@require_http_methods(["GET", "POST"])
def enrol_view(request: HttpRequest) -> HttpResponse:
    """An account with no second factor, where the practice policy requires one, adds an
    authenticator app before any other portal page opens (the staff's `/mfa/enrol/`, in
    the portal)."""
    elsewhere = _not_at_step(request, "portal-login-enrol")
    if elsewhere is not None:
        return elsewhere
    form = SecondFactorForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm_enrolment(request, form.cleaned_data["code"])
        if codes is not None:
            return render(request, "portal/recovery_codes.html", {"codes": codes})
        error = "That code is not right: check the time on your phone and try the next code."
    context = {"form": form, "error": error, **mfa.enrolment_page(request.user)}
    return render(request, "portal/enrol.html", context, status=401 if error else 200)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    log_out(request)
    return redirect("portal-login")


@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.open_invitation(token)
    if invitation is None:
        return problem(
            request,
            "This invitation link has expired or was already used: "
            "ask your practice for a new one.",
            404,
        )
    # The staff's invitation form: the same password rules and first code.
    form = WelcomeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        codes = actions.accept_invitation(
            request, invitation, password=data["password"], code=data["code"]
        )
        if codes is not None:
            return render(request, "portal/recovery_codes.html", {"codes": codes})
        error = "That code is not right: check the time on your phone and try the next code."
    elif request.method == "POST":
        error = "Your account was not set up: see the messages below."
    context = {"form": form, "error": error, **mfa.enrolment_page(invitation.account.user)}
    return render(request, "portal/welcome.html", context, status=400 if error else 200)


@require_http_methods(["GET"])
@portal_page
def home(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    return render(request, "portal/home.html", {"account": account})


@require_http_methods(["GET"])
@portal_page
def appointments(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    guardians.require(account, guardians.Part.APPOINTMENTS)
    return render(
        request,
        "portal/appointments.html",
        {"account": account, "appointments": upcoming(account)},
    )


# Secure messages: the portal's side.


def _encrypting_uploads(request: HttpRequest) -> None:
    """Encrypt an attached file as it arrives (before anything reads the body)."""
    request.upload_handlers = [EncryptingUploadHandler(request)]


def _upload(request: HttpRequest) -> EncryptedUpload | None:
    uploaded = request.FILES.get("file")
    return uploaded.upload if isinstance(uploaded, EncryptedUploadedFile) else None


def _discard_uploads(request: HttpRequest) -> None:
    # A refused request leaves no encrypted file behind; a stored one is not touched.
    files = getattr(request, "_files", None)
    for uploaded in files.getlist("file") if files is not None else []:
        if isinstance(uploaded, EncryptedUploadedFile):
            uploaded.upload.discard()


def _crisis_text() -> str:
    return practice_policy.current().portal_crisis_text


@csrf_exempt
@require_http_methods(["GET", "POST"])
@portal_page
def messages(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    if request.method == "POST":
        _encrypting_uploads(request)
    try:
        return _messages(request, account)
    finally:
        _discard_uploads(request)


@csrf_protect
def _messages(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    error, status = "", 200
    if request.method == "POST":
        try:
            thread = messaging.start_thread(
                account,
                subject=request.POST.get("subject", ""),
                body=request.POST.get("body", ""),
                upload=_upload(request),
                link_base=request.build_absolute_uri("/"),
            )
            return redirect("portal-thread", thread_id=thread.pk)
        except SealbookError as exc:
            error, status = f"Your message was not sent: {exc}.", 400
    threads = list(account.threads.order_by("-last_message_at"))
    counts = messaging.unread_counts(request.user, threads)
    rows = [(thread, counts[thread.pk]) for thread in threads]
    return render(
        request,
        "portal/messages.html",
        {"rows": rows, "error": error, "crisis": _crisis_text(), "values": request.POST},
        status=status,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
@portal_page
def thread(request: HttpRequest, account: PortalAccount, thread_id: uuid.UUID) -> HttpResponse:
    found = Thread.objects.filter(pk=thread_id, account=account).first()
    if found is None:
        return problem(request, "There is no such conversation.", 404)
    if request.method == "POST":
        _encrypting_uploads(request)
    try:
        return _thread(request, account, found)
    finally:
        _discard_uploads(request)


@csrf_protect
def _thread(request: HttpRequest, account: PortalAccount, found: Thread) -> HttpResponse:
    error, status = "", 200
    if request.method == "POST":
        try:
            messaging.reply_from_portal(
                account,
                found,
                body=request.POST.get("body", ""),
                upload=_upload(request),
                link_base=request.build_absolute_uri("/"),
            )
            return redirect("portal-thread", thread_id=found.pk)
        except SealbookError as exc:
            error, status = f"Your message was not sent: {exc}.", 400
    return render(
        request,
        "portal/thread.html",
        {"thread": found, "messages": messaging.open_thread(request.user, found),
         "error": error, "crisis": _crisis_text()},
        status=status,
    )  # fmt: skip


# Secure messages: the care team's side.


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    with denied_as_404():
        rows = messaging.staff_inbox(request.user)
    return render(request, "portal/inbox.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def staff_thread(request: HttpRequest, thread_id: uuid.UUID) -> HttpResponse:
    found = get_client_owned_for(request.user, Thread, thread_id, Action.PORTAL_MESSAGES)
    error, status = "", 200
    if request.method == "POST":
        try:
            messaging.reply_from_staff(
                request.user, found, body=request.POST.get("body", ""),
                link_base=request.build_absolute_uri("/"),
            )  # fmt: skip
            return redirect("message-thread", thread_id=found.pk)
        except SealbookError as exc:
            error, status = f"The reply was not sent: {exc}.", 400
    return render(
        request,
        "portal/staff_thread.html",
        {"thread": found, "messages": messaging.open_thread(request.user, found), "error": error},
        status=status,
    )


@require_POST
@login_required
def file_message(request: HttpRequest, message_id: uuid.UUID) -> HttpResponse:
    message = get_client_owned_for(request.user, Message, message_id, Action.PORTAL_MESSAGES)
    try:
        with denied_as_404():
            messaging.file_into_chart(request.user, message)
    except SealbookError as exc:
        return problem(request, f"The message was not filed: {exc}.", 400)
    return redirect("message-thread", thread_id=message.thread_id)


# Remote signing.


@require_GET
@portal_page
def documents_to_sign(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    guardians.require(account, guardians.Part.CONSENTS)
    return render(
        request, "portal/to_sign.html", {"pending": signing.pending(account), "account": account}
    )


@require_http_methods(["GET", "POST"])
@portal_page
def sign(request: HttpRequest, account: PortalAccount, request_id: uuid.UUID) -> HttpResponse:
    guardians.require(account, guardians.Part.CONSENTS)
    found = (
        SigningRequest.objects.select_related("document")
        .filter(pk=request_id, account=account, signature__isnull=True)
        .first()
    )
    if found is None:
        return problem(request, "This document is not waiting for your signature.", 404)
    error, status = "", 200
    if request.method == "POST":
        if request.POST.get("agree") != "yes":
            error, status = "Not signed: tick the box to say you agree.", 400
        else:
            try:
                signing.sign_remotely(
                    request, account, found,
                    signer_name=request.POST.get("signer_name", ""),
                    text_sha256=request.POST.get("text_sha256", ""),
                    code=request.POST.get("code", ""),
                )  # fmt: skip
                return redirect("/portal/sign/?signed=1")
            except SealbookError as exc:
                error, status = f"Not signed: {exc}.", 400
    return render(
        request,
        "portal/sign.html",
        {"signing": found, "document": found.document, "error": error},
        status=status,
    )


# Who has seen my record.


def _day(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@require_GET
@portal_page
def seen_my_record(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    if account.kind != AccountKind.CLIENT:
        # A guardian sees what a minor's care allows, never this log (see issue 15).
        return problem(request, "This page is open to the client's own account.", 404)
    since, until = _day(request.GET.get("from", "")), _day(request.GET.get("to", ""))
    if (request.GET.get("from") and since is None) or (request.GET.get("to") and until is None):
        return problem(request, "Give the dates as year-month-day, e.g. 2026-11-30.", 400)
    rows = history.accesses(account.client, since=since, until=until)
    context = {"rows": rows, "since": since, "until": until, "limit": history.LIMIT}
    return render(request, "portal/history.html", context)


# Requests (the client's rights).


@require_http_methods(["GET", "POST"])
@portal_page
def requests_page(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    error, status = "", 200
    if request.method == "POST":
        try:
            actions.request_confidential_communications(
                account, "" if "withdraw" in request.POST else request.POST.get("email", "")
            )
            return redirect("/portal/requests/?saved=1")
        except actions.PortalError as exc:
            error, status = f"Nothing was changed: {exc}.", 400
    return render(
        request,
        "portal/requests.html",
        {"account": account, "error": error, "saved": request.GET.get("saved") == "1"},
        status=status,
    )
