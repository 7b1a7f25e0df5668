"""Passkeys for portal accounts: a second factor beside the authenticator app.

The ceremonies are the staff's (`staff.passkeys`, with its script
`staff/passkeys.js`): only who may start them differs. A portal account adds or
removes a passkey from its own verified session (`portal_page`), and proves one
at login after the password, on `portal-login-passkey`, in a session that
opens no portal page until it has (`access.account_or_404`).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sealbook.access.pages import problem
from sealbook.portal.access import is_portal_user
from sealbook.portal.models import PortalAccount
from sealbook.portal.views import portal_page
from sealbook.staff import passkeys
from sealbook.staff.models import Passkey
from sealbook.staff.passkey_views import refused, webauthn_answer
from sealbook.staff.passkeys import PasskeyRefused


@require_GET
@portal_page
def passkey_list(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    rows = Passkey.objects.filter(user=account.user).order_by("created_at")
    return render(
        request, "portal/passkeys.html", {"passkeys": rows, "name_max": passkeys.NAME_MAX}
    )


@require_POST
@portal_page
def enrol_options(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    options = passkeys.registration_options_for(request, request.user)
    return HttpResponse(options, content_type="application/json")


@require_POST
@portal_page
def enrol(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    answer = webauthn_answer(request)
    try:
        # request.user is the account's own login (portal_page), with django-otp's state.
        passkeys.enrol_passkey_for(
            request, request.user, str(answer.get("name", "")), answer.get("credential")
        )
    except PasskeyRefused as refusal:
        return refused(refusal)
    return JsonResponse({"redirect": reverse("portal-passkeys")})


@require_http_methods(["GET", "POST"])
@portal_page
def remove(request: HttpRequest, account: PortalAccount, passkey_id: int) -> HttpResponse:
    # Someone else's passkey is as absent as one that never existed, whatever the method.
    if not Passkey.objects.filter(user=account.user, pk=passkey_id).exists():
        raise Http404()
    if request.method != "POST":
        return problem(request, "Remove a passkey with its button on the Passkeys page.", 405)
    passkeys.remove_passkey_of(account.user, passkey_id)
    return redirect("portal-passkeys")


# At login, after the password.


def _signed_in_portal_user(request: HttpRequest) -> None:
    if not is_portal_user(request.user):
        raise Http404()


@require_GET
def login_passkey(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("portal-login")
    _signed_in_portal_user(request)
    if passkeys.verified_by_passkey(request) or not passkeys.has_passkey(request.user):
        return redirect("portal-home")
    return render(request, "portal/login_passkey.html")


@require_POST
def login_passkey_options(request: HttpRequest) -> HttpResponse:
    _signed_in_portal_user(request)
    try:
        options = passkeys.authentication_options(request, passkeys.LOGIN)
    except PasskeyRefused as refusal:
        return refused(refusal)
    return HttpResponse(options, content_type="application/json")


@require_POST
def login_passkey_verify(request: HttpRequest) -> HttpResponse:
    _signed_in_portal_user(request)
    answer = webauthn_answer(request)
    try:
        passkeys.verify_login(request, answer.get("credential"))
    except PasskeyRefused as refusal:
        return refused(refusal)
    return JsonResponse({"redirect": reverse("portal-home")})
