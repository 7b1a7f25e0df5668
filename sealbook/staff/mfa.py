"""Second factor (TOTP, with one-time recovery codes) and the gate that requires it.

A password alone starts a session that can do nothing but prove the second
factor (or enrol one, when the practice policy requires it and the user has
none yet). Only then do the rest of the pages open. HIPAA 164.312(d).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from typing import Any

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login

from sealbook.access.signed_in import staff_user
from sealbook.accounts.models import PORTAL_ROLES
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.staff.models import RecoveryCodeDevice, TOTPDevice

RECOVERY_CODES = 10
# Pages a half-logged-in user may reach (besides static files).
# With the portal's login, where a portal account proves its passkey after the password.
_OPEN_PATHS = ("/login/", "/logout/", "/mfa/", "/static/", "/portal/login/")


def has_second_factor(user: Any) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def factor_name(device: Any) -> str:
    """How audit entries name a factor proved by a typed code: "totp" or "recovery-code"."""
    return "recovery-code" if isinstance(device, RecoveryCodeDevice) else "totp"


def has_typed_code_factor(user: Any) -> bool:
    """Whether the user has a factor that answers a typed code (TOTP app or recovery codes).

    A passkey is a second factor too, but it is proved by a signed WebAuthn
    assertion, never by a code typed into a form.
    """
    return any(
        isinstance(device, TOTPDevice | RecoveryCodeDevice)
        for device in devices_for_user(user, confirmed=True)
    )


def mfa_required() -> bool:
    from sealbook.access import practice_policy

    return practice_policy.mfa_required()


def pending_totp_device(user: Any) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created on first visit to the enrolment page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)
    return device


def totp_secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code (a data: URI: the CSP allows data: images)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def enrolment_page(user: Any) -> dict[str, str]:
    """What an enrolment page shows of the user's pending TOTP device: the key and its QR code
    (the staff's and the portal's enrolment and invitation pages)."""
    device = pending_totp_device(user)
    return {"secret": totp_secret_base32(device), "qr": qr_code_data_uri(device)}


def pending_device_answering(user: Any, code: str) -> TOTPDevice | None:
    """The user's pending TOTP device if `code` is its current code; else None, audited."""
    device = pending_totp_device(user)
    if not device.verify_token(code.strip().replace(" ", "")):
        record(AuditEvent.MFA_FAILED, actor=user, outcome="failure", detail={"step": "enrol"})
        return None
    return device


def confirm_first_device(user: Any, device: TOTPDevice) -> list[str]:
    """Confirm `device` and issue new recovery codes, audited (in the caller's transaction,
    after its own entries); the codes are shown once and kept only hashed."""
    device.confirmed = True
    device.save()
    recovery, _ = RecoveryCodeDevice.objects.get_or_create(user=user, name="recovery codes")
    codes = recovery.replace_codes(RECOVERY_CODES)
    record(AuditEvent.MFA_ENROLLED, actor=user, obj=user)
    return codes


def confirm_enrolment(request: HttpRequest, token: str) -> list[str] | None:
    """Confirm the pending TOTP device with a first code; return new recovery codes."""
    user = staff_user(request)
    device = pending_device_answering(user, token)
    if device is None:
        return None
    with transaction.atomic():
        codes = confirm_first_device(user, device)
    otp_login(request, device)
    return codes


def verify_second_factor(request: HttpRequest, token: str) -> bool:
    user = staff_user(request)
    device = match_token(user, token.strip().replace(" ", ""))
    if device is None:
        record(AuditEvent.MFA_FAILED, actor=user, outcome="failure", detail={"step": "login"})
        return False
    otp_login(request, device)
    record(AuditEvent.MFA_VERIFIED, actor=user, obj=user, detail={"factor": factor_name(device)})
    return True


class SecondFactorGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        # Portal accounts have their own gate, with the portal's own pages
        # (portal.middleware.PortalBoundaryMiddleware): the staff's are out of their reach.
        if getattr(user, "role", "") in PORTAL_ROLES:
            return self.get_response(request)
        if user is not None and user.is_authenticated and not request.path.startswith(_OPEN_PATHS):
            if not user.is_verified():
                if has_second_factor(user):
                    return redirect("/mfa/verify/")
                if mfa_required():
                    return redirect("/mfa/enrol/")
            # A password someone else chose must be replaced before anything else.
            if user.must_change_password and request.path != "/account/password/":
                return redirect("/account/password/")
        return self.get_response(request)
