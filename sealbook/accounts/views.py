from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from sealbook.accounts.actions import log_in, log_out, reauthenticate
from sealbook.accounts.forms import LoginForm, ReauthenticateForm


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        user = log_in(request, form.cleaned_data["email"], form.cleaned_data["password"])
        if user is not None:
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "/clients/"
            return redirect(target or "/clients/")
        error = "That e-mail and password do not match an account."
    status = 401 if error else 200
    return render(
        request,
        "accounts/login.html",
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
        target = "/clients/"
    if request.method == "POST" and form.is_valid():
        if reauthenticate(request, form.cleaned_data["password"]):
            return redirect(target or "/clients/")
        error = "That password is not right."
    return render(
        request,
        "accounts/reauthenticate.html",
        {"form": form, "error": error},
        status=401 if error else 200,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    log_out(request)
    return redirect("login")
