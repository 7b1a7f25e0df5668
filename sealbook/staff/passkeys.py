"""Passkeys (WebAuthn): a phishing-resistant second factor beside the TOTP app.

A staff member enrols a passkey after re-authenticating, then proves the second
factor at login, or re-authenticates before a key operation, by signing a
one-time challenge. The browser binds every signature to the origin it is
talking to, so a look-alike site cannot replay it: that is what makes a passkey
resist phishing where a typed code does not.

Each ceremony is two requests: the options (with a fresh challenge kept in the
session for CHALLENGE_SECONDS) and the browser's answer, checked by py_webauthn
against that challenge, this site's relying-party id and origin, and the stored
public key. The challenge is taken out of the session before checking, so an
answer can be used once. Every enrolment, removal, use and refusal is written
to the audit log; refusals carry a short reason code, never what was sent.

The practice policy can require a passkey for the owner's login
(`PasskeyPolicyMiddleware`) and for the re-authentication before key operations
(`sudo_by_passkey`, read by `access.policy`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import redirect
from django.utils import timezone
from django_otp import login as otp_login
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import parse_authentication_credential_json
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from sealbook.access import practice_policy
from sealbook.access.models import current_policy
from sealbook.access.policy import Action, authorize, passkey_required_at_login
from sealbook.access.signed_in import staff_user
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.staff import sudo
from sealbook.staff.mfa import has_second_factor
from sealbook.staff.models import Passkey

ENROL, LOGIN, REAUTHENTICATE = "enrol", "login", "reauthenticate"
CHALLENGE_KEY = "sealbook_passkey_challenge"
CHALLENGE_SECONDS = 300
# Set beside the ordinary re-authentication when it was made with a passkey.
SUDO_KEY = "sealbook_sudo_passkey_until"
NAME_MAX = 64
RP_NAME = "Sealbook"
REFUSED = "The passkey was not accepted. Try again, or use another passkey."
# Pages a user whom the policy holds to a passkey may reach before using one
# (with the idle-logoff script's session pings, which touch no client data).
_OPEN_PATHS = ("/login/", "/logout/", "/mfa/passkey/", "/mfa/enrol/", "/static/",
               "/reauthenticate/", "/account/passkeys/", "/still-here/", "/session/")  # fmt: skip


class PasskeyRefused(Exception):
    """One opaque refusal for the user; `reason` is the code written to the audit log."""

    def __init__(self, reason: str, message: str = REFUSED) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class RelyingParty:
    id: str
    origin: str


def relying_party(request: HttpRequest) -> RelyingParty:
    """The relying-party id and origin passkeys are bound to: change them here only.

    SEALBOOK_PUBLIC_URL, where set (behind a TLS proxy), is the address users
    type and wins. Otherwise they come from the request, whose host Django has
    already checked against ALLOWED_HOSTS. Browsers refuse an IP address as a
    relying-party id: open a local server as http://localhost:PORT.
    """
    public = settings.SEALBOOK_PUBLIC_URL
    if public is not None:
        return RelyingParty(id=public.host, origin=public.origin)
    scheme = "https" if request.is_secure() else "http"
    host = request.get_host()
    domain, _ = split_domain_port(host)
    return RelyingParty(id=domain, origin=f"{scheme}://{host}")


def has_passkey(user: Any) -> bool:
    return bool(user.is_authenticated) and Passkey.objects.filter(user=user).exists()


def verified_by_passkey(request: HttpRequest) -> bool:
    return isinstance(getattr(request.user, "otp_device", None), Passkey)


def must_enrol(request: HttpRequest) -> bool:
    """The policy holds this user to a passkey login and they have none yet."""
    return passkey_required_at_login(request.user) and not has_passkey(request.user)


def passkeys_of(request: HttpRequest) -> list[Passkey]:
    """The user's own passkeys, for the page that lists them (after re-authentication)."""
    authorize(request.user, Action.MANAGE_OWN_PASSKEYS)
    return list(Passkey.objects.filter(user=staff_user(request)))


# Enrolment ------------------------------------------------------------------


def registration_options(request: HttpRequest) -> str:
    authorize(request.user, Action.MANAGE_OWN_PASSKEYS)
    return registration_options_for(request, staff_user(request))


def registration_options_for(request: HttpRequest, user: Any) -> str:
    """The enrolment's options for `user`, whom the caller has authorized (staff: the
    policy and a re-authentication; the portal: the account's own verified session)."""
    rp = relying_party(request)
    options = generate_registration_options(
        rp_id=rp.id,
        rp_name=RP_NAME,
        # The row id, not the e-mail: the authenticator stores the user handle.
        user_id=str(user.pk).encode(),
        user_name=user.get_username(),
        user_display_name=getattr(user, "display_name", "") or user.get_username(),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=_descriptors(user),
        timeout=CHALLENGE_SECONDS * 1000,
    )
    _keep_challenge(request, ENROL, options.challenge)
    return options_to_json(options)


def enrol_passkey(request: HttpRequest, name: str, credential: Any) -> Passkey:
    """Check the browser's new credential and keep it under `name`; audited either way."""
    user = staff_user(request)
    authorize(user, Action.MANAGE_OWN_PASSKEYS)
    return enrol_passkey_for(request, user, name, credential)


def enrol_passkey_for(request: HttpRequest, user: Any, name: str, credential: Any) -> Passkey:
    """`enrol_passkey` for a `user` the caller has authorized (see `registration_options_for`)."""
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise PasskeyRefused("name", f"Give the passkey a name of 1 to {NAME_MAX} characters.")
    challenge = _take_challenge(request, ENROL)
    rp = relying_party(request)
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
        _refuse(request, ENROL, _reason(exc))
    if Passkey.objects.filter(credential_id=verified.credential_id).exists():
        _refuse(request, ENROL, "duplicate")
    with transaction.atomic():
        passkey: Passkey = Passkey.objects.create(
            user=user,
            name=name,
            confirmed=True,
            credential_id=verified.credential_id,
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
        )
        record(AuditEvent.PASSKEY_ENROLLED, actor=user, obj=user, detail={"passkey": passkey.pk})
    # is_verified is added to the user by django-otp's OTPMiddleware.
    if not user.is_verified():
        # A first second factor verifies the session that made it, as the TOTP enrolment does;
        # without this the gate would send the user straight to prove what they just made.
        otp_login(request, passkey)
    return passkey


def remove_passkey(request: HttpRequest, passkey_id: int) -> None:
    user = staff_user(request)
    authorize(user, Action.MANAGE_OWN_PASSKEYS)
    remove_passkey_of(user, passkey_id)


def remove_passkey_of(user: Any, passkey_id: int) -> None:
    """Remove one of `user`'s own passkeys (the caller has authorized `user`)."""
    with transaction.atomic():
        passkey = Passkey.objects.filter(user=user, pk=passkey_id).first()
        if passkey is None:
            # Someone else's passkey is as absent as one that never existed.
            raise Http404("no such passkey")
        passkey.delete()
        record(AuditEvent.PASSKEY_REMOVED, actor=user, obj=user, detail={"passkey": passkey_id})


# The practice policy -------------------------------------------------------------


class PolicyRefused(ValueError):
    """A passkey policy that would lock its own author out."""


def set_passkey_policy(request: HttpRequest, *, owner: bool, key_operations: bool) -> None:
    """The owner decides who must use a passkey; the change is audited."""
    user = request.user
    authorize(user, Action.MANAGE_PRACTICE)
    if (owner or key_operations) and not has_passkey(user):
        raise PolicyRefused("add a passkey to your own account first, so you are not locked out")
    with transaction.atomic():
        policy = current_policy()
        policy.passkey_required_for_owner = owner
        policy.passkey_required_for_key_operations = key_operations
        policy.save()
        record(
            AuditEvent.PRACTICE_POLICY_CHANGED,
            actor=user,
            detail={
                "passkey_required_for_owner": owner,
                "passkey_required_for_key_operations": key_operations,
            },
        )


def passkey_policy(request: HttpRequest) -> tuple[bool, bool]:
    """(owner, key operations): what the policy page shows, to the owner only."""
    authorize(request.user, Action.MANAGE_PRACTICE)
    return (
        practice_policy.passkey_required_for_owner(),
        practice_policy.passkey_required_for_key_operations(),
    )


# Login and re-authentication ----------------------------------------------------


def authentication_options(request: HttpRequest, purpose: str) -> str:
    if purpose not in (LOGIN, REAUTHENTICATE):
        raise ValueError(purpose)
    user = request.user
    descriptors = _descriptors(user)
    if not descriptors:
        raise PasskeyRefused("no-passkey", "You have no passkey yet.")
    rp = relying_party(request)
    options = generate_authentication_options(
        rp_id=rp.id,
        allow_credentials=descriptors,
        user_verification=UserVerificationRequirement.REQUIRED,
        timeout=CHALLENGE_SECONDS * 1000,
    )
    _keep_challenge(request, purpose, options.challenge)
    return options_to_json(options)


def verify_login(request: HttpRequest, credential: Any) -> Passkey:
    """The passkey proves the second factor: the session becomes verified."""
    passkey = _check_assertion(request, LOGIN, credential)
    otp_login(request, passkey)
    record(
        AuditEvent.MFA_VERIFIED,
        actor=request.user,
        obj=staff_user(request),
        detail={"factor": "passkey", "passkey": passkey.pk},
    )
    return passkey


def reauthenticate(request: HttpRequest, credential: Any) -> Passkey:
    """The passkey opens sudo mode, and marks it as made with a passkey."""
    passkey = _check_assertion(request, REAUTHENTICATE, credential)
    sudo.grant(request)
    request.session[SUDO_KEY] = time.time() + sudo.SUDO_MINUTES * 60
    request.user.sudo_by_passkey = True  # type: ignore[union-attr]
    record(
        AuditEvent.REAUTHENTICATED,
        actor=request.user,
        detail={"factor": "passkey", "passkey": passkey.pk},
    )
    return passkey


def _check_assertion(request: HttpRequest, purpose: str, credential: Any) -> Passkey:
    user = staff_user(request)
    challenge = _take_challenge(request, purpose)
    try:
        raw_id = parse_authentication_credential_json(credential).raw_id
    except (WebAuthnException, ValueError, TypeError, KeyError):
        _refuse(request, purpose, "malformed")
    rp = relying_party(request)
    reason = "unknown-credential"
    with transaction.atomic():
        # Locked, so two answers racing with the same sign count cannot both pass.
        passkey: Passkey | None = (
            Passkey.objects.select_for_update()
            .filter(user=user, credential_id=raw_id, confirmed=True)
            .first()
        )
        if passkey is not None:
            try:
                verified = verify_authentication_response(
                    credential=credential,
                    expected_challenge=challenge,
                    expected_rp_id=rp.id,
                    expected_origin=rp.origin,
                    credential_public_key=bytes(passkey.public_key),
                    credential_current_sign_count=passkey.sign_count,
                    require_user_verification=True,
                )
            except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
                reason = _reason(exc)
            else:
                passkey.sign_count = verified.new_sign_count
                passkey.last_used_at = timezone.now()
                passkey.save(update_fields=["sign_count", "last_used_at"])
                return passkey
    # Refused outside the transaction: its audit entry must stay.
    _refuse(request, purpose, reason)


# Helpers --------------------------------------------------------------------


def _descriptors(user: Any) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(id=bytes(credential_id))
        for credential_id in Passkey.objects.filter(user=user).values_list(
            "credential_id", flat=True
        )
    ]


def _keep_challenge(request: HttpRequest, purpose: str, challenge: bytes) -> None:
    request.session[CHALLENGE_KEY] = {
        "purpose": purpose,
        "challenge": challenge.hex(),
        "expires": time.time() + CHALLENGE_SECONDS,
    }


def _take_challenge(request: HttpRequest, purpose: str) -> bytes:
    """The challenge issued for `purpose`, removed so that no answer can use it twice."""
    kept = request.session.pop(CHALLENGE_KEY, None)
    if (
        not isinstance(kept, dict)
        or kept.get("purpose") != purpose
        or float(kept.get("expires", 0)) < time.time()
    ):
        _refuse(request, purpose, "challenge")
    return bytes.fromhex(kept["challenge"])


def _reason(exc: Exception) -> str:
    """A short code for the audit log; py_webauthn's own message may quote what was sent."""
    text = str(exc).lower()
    for needle, code in (
        ("origin", "origin"),
        ("challenge", "challenge"),
        ("rp id", "rp-id"),
        ("sign count", "sign-count"),
        ("user verification", "user-verification"),
        ("signature", "signature"),
    ):
        if needle in text:
            return code
    return "malformed"


def _refuse(request: HttpRequest, purpose: str, reason: str) -> NoReturn:
    record(
        AuditEvent.PASSKEY_FAILED,
        actor=request.user,
        outcome="failure",
        detail={"step": purpose, "reason": reason},
    )
    raise PasskeyRefused(reason)


class PasskeyPolicyMiddleware:
    """Marks a re-authentication made with a passkey, and holds the owner to a passkey
    login when the practice policy requires it.

    It runs before the second-factor gate: an owner who has a passkey goes
    straight to the passkey login (the code form would not do); one who has
    none adds one once their session is verified, or at once if they have no
    second factor at all. An owner with only the TOTP app, not yet verified, is
    left to the gate: a password alone must not be enough to add a passkey.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user.sudo_by_passkey = float(request.session.get(SUDO_KEY, 0)) > time.time()
            if (
                not request.path.startswith(_OPEN_PATHS)
                and passkey_required_at_login(user)
                and not verified_by_passkey(request)
            ):
                if has_passkey(user):
                    return redirect("/mfa/passkey/")
                if user.is_verified() or not has_second_factor(user):
                    return redirect("/account/passkeys/")
        return self.get_response(request)
