from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from sealbook.access.landing import start_page
from sealbook.staff import mfa
from sealbook.staff.actions import log_in, log_out, reauthenticate, record_lockout
from sealbook.staff.forms import LoginForm, ReauthenticateForm, SecondFactorForm


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        user = log_in(request, form.cleaned_data["email"], form.cleaned_data["password"])
        if user is not None:
            # A new session is never verified: the second factor comes next.
            if mfa.has_second_factor(user):
                return redirect("/mfa/verify/")
            if mfa.mfa_required():
                return redirect("/mfa/enrol/")
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = ""
            return redirect(target or start_page(user).url)
        error = "That e-mail and password do not match an account."
    status = 401 if error else 200
    return render(
        request,
        "staff/login.html",
        {"form": form, "error": error, "idle": request.GET.get("idle") == "1"},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def reauthenticate_view(request: HttpRequest) -> HttpResponse:
    form = ReauthenticateForm(request.POST or None)
    error = ""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    needs_code = mfa.has_typed_code_factor(request.user)
    passkey_only = not needs_code and mfa.has_second_factor(request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if reauthenticate(request, data["password"], data["code"]):
            return redirect(target or start_page(request.user).url)
        if passkey_only:
            error = "Your second factor is a passkey: confirm with your passkey below."
        elif needs_code:
            error = "That password or code is not right (a code works once: wait for the next one)."
        else:
            error = "That password is not right."
    return render(
        request,
        "staff/reauthenticate.html",
        {"form": form, "error": error, "needs_code": needs_code},
        status=401 if error else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def mfa_verify_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():  # type: ignore[union-attr]
        return redirect(start_page(request.user).url)
    form = SecondFactorForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        if mfa.verify_second_factor(request, form.cleaned_data["code"]):
            return redirect(start_page(request.user).url)
        error = "That code is not right (or was already used)."
    return render(request, "staff/mfa_verify.html", {"form": form, "error": error},
                  status=401 if error else 200)  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def mfa_enrol_view(request: HttpRequest) -> HttpResponse:
    if mfa.has_second_factor(request.user):
        return redirect(start_page(request.user).url)
    form = SecondFactorForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm_enrolment(request, form.cleaned_data["code"])
        if codes is not None:
            # Shown once, never stored in the clear (django-otp keeps them for checking).
            return render(request, "staff/mfa_recovery_codes.html", {"codes": codes})
        error = "That code is not right: check the time on your phone and try the next code."
    context = {
        "form": form,
        "error": error,
        "required": mfa.mfa_required(),
        **mfa.enrolment_page(request.user),
    }
    return render(request, "staff/mfa_enrol.html", context, status=401 if error else 200)


def locked_out(
    request: HttpRequest, credentials: object = None, *args: object, **kwargs: object
) -> HttpResponse:
    """django-axes calls this when a login is locked out after too many failures."""
    from sealbook.access import practice_policy

    record_lockout()
    return render(
        request,
        "staff/locked_out.html",
        {"minutes": practice_policy.lockout_minutes()},
        status=429,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    log_out(request)
    return redirect("login")


@require_http_methods(["GET", "POST"])
def welcome_view(request: HttpRequest, token: str) -> HttpResponse:
    """An invited staff member's one-time link: password and second factor, then signed in."""
    from sealbook.access.pages import problem
    from sealbook.staff import invitations
    from sealbook.staff.forms import WelcomeForm

    invitation = invitations.open_invitation(token)
    if invitation is None:
        return problem(
            request,
            "This invitation link has expired or was already used: ask the practice for a new one.",
            404,
        )
    form = WelcomeForm(request.POST or None, user=invitation.user)
    error = ""
    if request.method == "POST" and form.is_valid():
        codes = invitations.accept_invitation(
            request, invitation, password=form.cleaned_data["password"],
            code=form.cleaned_data["code"],
        )  # fmt: skip
        if codes is not None:
            return render(request, "staff/mfa_recovery_codes.html", {"codes": codes})
        error = "That code is not right: check the time on your phone and try the next code."
    elif request.method == "POST":
        error = "Your account was not set up: see the messages below."
    context = {
        "form": form,
        "error": error,
        "member": invitation.user,
        **mfa.enrolment_page(invitation.user),
    }
    return render(request, "staff/welcome.html", context, status=400 if error else 200)
