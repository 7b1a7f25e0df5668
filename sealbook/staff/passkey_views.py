"""The passkey pages: the user's own list, and the JSON halves of each WebAuthn ceremony.

The ceremonies run in static/staff/passkeys.js (the CSP allows no inline
script): it asks for options, hands them to the browser, and posts the answer.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sealbook.access.landing import start_page
from sealbook.access.pages import denied_as_404
from sealbook.staff import passkeys
from sealbook.staff.passkeys import PasskeyRefused, PolicyRefused


class PasskeyPolicyForm(forms.Form):
    owner = forms.BooleanField(
        required=False, label="The owner must sign in with a passkey (not a code)"
    )
    key_operations = forms.BooleanField(
        required=False,
        label="Exports, break-glass and staff or practice changes need a passkey re-authentication",
    )


def webauthn_answer(request: HttpRequest) -> dict[str, Any]:
    """The JSON body of a ceremony's second half (400 if it is not one); the portal's too."""
    try:
        payload = json.loads(request.body)
    # A form-encoded body was already read as a form (by the CSRF check): not JSON either.
    except (ValueError, UnicodeDecodeError, RawPostDataException):
        raise BadRequest("the body is not JSON") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("credential", {}), dict):
        raise BadRequest("the body is not a WebAuthn answer")
    return payload


def _options(options_json: str) -> HttpResponse:
    return HttpResponse(options_json, content_type="application/json")


def refused(refusal: PasskeyRefused) -> JsonResponse:
    """A refused ceremony, as the script shows it; the portal's too."""
    return JsonResponse({"error": refusal.message}, status=400)


def _next(request: HttpRequest, candidate: object) -> str:
    target = candidate if isinstance(candidate, str) else ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return target or start_page(request.user).url


@require_GET
@login_required
def passkey_list(request: HttpRequest) -> HttpResponse:
    context = {
        "passkeys": passkeys.passkeys_of(request),
        "required": passkeys.must_enrol(request),
        "name_max": passkeys.NAME_MAX,
    }
    return render(request, "staff/passkeys.html", context)


@require_POST
@login_required
def passkey_enrol_options(request: HttpRequest) -> HttpResponse:
    return _options(passkeys.registration_options(request))


@require_POST
@login_required
def passkey_enrol(request: HttpRequest) -> HttpResponse:
    answer = webauthn_answer(request)
    try:
        passkeys.enrol_passkey(request, str(answer.get("name", "")), answer.get("credential"))
    except PasskeyRefused as refusal:
        return refused(refusal)
    return JsonResponse({"redirect": reverse("passkeys")})


@require_POST
@login_required
def passkey_remove(request: HttpRequest, passkey_id: int) -> HttpResponse:
    passkeys.remove_passkey(request, passkey_id)
    return redirect("passkeys")


@require_GET
@login_required
def mfa_passkey(request: HttpRequest) -> HttpResponse:
    if passkeys.verified_by_passkey(request):
        return redirect(start_page(request.user).url)
    return render(request, "staff/mfa_passkey.html")


@require_POST
@login_required
def mfa_passkey_options(request: HttpRequest) -> HttpResponse:
    return _authentication_options(request, passkeys.LOGIN)


@require_POST
@login_required
def mfa_passkey_verify(request: HttpRequest) -> HttpResponse:
    answer = webauthn_answer(request)
    try:
        passkeys.verify_login(request, answer.get("credential"))
    except PasskeyRefused as refusal:
        return refused(refusal)
    return JsonResponse({"redirect": start_page(request.user).url})


@require_POST
@login_required
def reauthenticate_passkey_options(request: HttpRequest) -> HttpResponse:
    return _authentication_options(request, passkeys.REAUTHENTICATE)


def _authentication_options(request: HttpRequest, step: str) -> HttpResponse:
    try:
        return _options(passkeys.authentication_options(request, step))
    except PasskeyRefused as refusal:
        return refused(refusal)


@require_POST
@login_required
def reauthenticate_passkey_verify(request: HttpRequest) -> HttpResponse:
    answer = webauthn_answer(request)
    try:
        passkeys.reauthenticate(request, answer.get("credential"))
    except PasskeyRefused as refusal:
        return refused(refusal)
    return JsonResponse({"redirect": _next(request, answer.get("next"))})


@require_http_methods(["GET", "POST"])
@login_required
def passkey_policy(request: HttpRequest) -> HttpResponse:
    with denied_as_404():
        owner, key_operations = passkeys.passkey_policy(request)
    form = PasskeyPolicyForm(
        request.POST or None, initial={"owner": owner, "key_operations": key_operations}
    )
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            passkeys.set_passkey_policy(
                request,
                owner=form.cleaned_data["owner"],
                key_operations=form.cleaned_data["key_operations"],
            )
        except PolicyRefused as refusal:
            error = f"The policy was not changed: {refusal}."
        else:
            messages.success(request, "The passkey policy is saved.")
            return redirect("passkey-policy")
    return render(
        request,
        "staff/passkey_policy.html",
        {"form": form, "error": error},
        status=400 if error else 200,
    )
