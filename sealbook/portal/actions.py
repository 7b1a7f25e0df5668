"""Portal accounts: invitation, first sign-in, logging in and out (each audited)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, login
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import match_token

from sealbook.access.policy import Action, authorize
from sealbook.accounts.models import PORTAL_ROLES, Role, User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.errors import SealbookError
from sealbook.mail import Notice
from sealbook.portal.contact import notify
from sealbook.portal.guardians import is_minor
from sealbook.portal.models import AccountKind, Invitation, PortalAccount
from sealbook.records.models import Client
from sealbook.staff.invitations import PASSWORD_BACKEND
from sealbook.staff.lockout import login_name_digest, purge_expired_attempts
from sealbook.staff.mfa import (
    confirm_first_device,
    factor_name,
    has_second_factor,
    pending_device_answering,
)
from sealbook.staff.passkeys import has_passkey

INVITATION_HOURS = 72
USERNAME_PREFIX = "portal-"
ROLE_OF_KIND = {AccountKind.CLIENT: Role.CLIENT, AccountKind.GUARDIAN: Role.GUARDIAN}


class PortalError(SealbookError):
    """A portal request that cannot be done, with a one-line reason."""


def portal_username(email: str) -> str:
    """A portal account's login name: a keyed digest of its address, never the address."""
    return USERNAME_PREFIX + login_name_digest(email)


def invite(actor: Any, client: Client, *, email: str, kind: str, link_base: str) -> PortalAccount:
    """Invite `email` to the portal of `client` (as the client or a guardian) by e-mail.

    `link_base` is the site's address; the link carries only a random token.
    The e-mail goes out inside the transaction: when the mail server refuses
    it, nothing is kept.
    """
    authorize(actor, Action.INVITE_TO_PORTAL, client)
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise PortalError("give a valid e-mail address") from None
    if kind not in AccountKind.values:
        raise PortalError("choose the client or a guardian")
    if kind == AccountKind.GUARDIAN and not is_minor(client):
        raise PortalError("a guardian's account is for a minor client (check the date of birth)")
    with transaction.atomic():
        account = pending_account(client, email, AccountKind(kind), invited_by=actor)
        record(
            AuditEvent.PORTAL_INVITED,
            actor=actor,
            client_id=client.pk,
            obj=account,
            detail={"kind": kind},
        )
        send_invitation(account, link_base)
    return account


def pending_account(
    client: Client, email: str, kind: AccountKind, *, invited_by: Any
) -> PortalAccount:
    """The not yet activated account of `email` for `client`, made if need be."""
    role = ROLE_OF_KIND[kind]
    user = User.objects.filter(username=portal_username(email)).first()
    if user is None:
        # The display name is the role's label, never the person's name: the
        # user row is plaintext (their name, if any, lives under the client's key).
        user = User(
            username=portal_username(email), role=role, is_active=False,
            display_name=role.label,
        )  # fmt: skip
        user.set_unusable_password()
        user.save()
    elif user.role != role:
        raise PortalError("that address already has a portal account of another kind")
    account = PortalAccount.objects.filter(user=user, client=client).first()
    if account is not None and account.activated_at is not None:
        raise PortalError("that address already has an account for this client")
    if account is None:
        account = PortalAccount(user=user, client=client, kind=kind, invited_by=invited_by)
    account.email = email
    account.save()
    return account


def send_invitation(account: PortalAccount, link_base: str) -> None:
    """A new one-time link for `account`, e-mailed (inside the caller's transaction)."""
    # One live invitation at a time: a new one replaces the last.
    account.invitations.filter(used_at__isnull=True).update(used_at=timezone.now())
    token = Invitation.issue(INVITATION_HOURS, account=account)
    notify(account, Notice.INVITATION, link=f"{link_base.rstrip('/')}/portal/welcome/{token}/")


def open_invitation(token: str) -> Invitation | None:
    """The unused, unexpired invitation this token opens, or None."""
    return Invitation.opened_by(token).select_related("account__user").first()


def accept_invitation(
    request: HttpRequest, invitation: Invitation, *, password: str, code: str
) -> list[str] | None:
    """Set the password and confirm the authenticator app; sign the person in.

    Returns the new recovery codes (shown once), or None when the code from
    the authenticator app is wrong (nothing is changed then). Following the
    e-mail's one-time link is what verifies the address.
    """
    account = invitation.account
    user = account.user
    device = pending_device_answering(user, code)
    if device is None:
        return None
    now = timezone.now()
    with transaction.atomic():
        user.set_password(password)
        user.is_active = True
        user.save()
        account.activated_at = account.activated_at or now
        account.email_verified_at = now
        account.save()
        invitation.used_at = now
        invitation.save()
        record(AuditEvent.PORTAL_ACTIVATED, actor=user, client_id=account.client_id, obj=account)
        codes = confirm_first_device(user, device)
    login(request, user, backend=PASSWORD_BACKEND)
    otp_login(request, device)
    record(AuditEvent.LOGIN_SUCCEEDED, actor=user, obj=user, detail={"portal": True})
    return codes


def log_in(request: HttpRequest, email: str, password: str, code: str) -> User | None:
    """Password and second factor in one step; no session starts unless both are right."""
    purge_expired_attempts()
    user = authenticate(request, username=portal_username(email), password=password)
    if not (
        isinstance(user, User)
        and user.role in PORTAL_ROLES
        and PortalAccount.objects.filter(
            user=user, activated_at__isnull=False, ended_at__isnull=True
        ).exists()
    ):
        detail = {"login_hmac": login_name_digest(email), "portal": True}
        record(AuditEvent.LOGIN_FAILED, outcome="failure", detail=detail)
        return None
    if not has_second_factor(user):
        # An invited account enrols a second factor when it is set up; one without
        # (made where the policy did not require one, the demo's) logs in with the
        # password, and where the policy now requires one the session opens nothing
        # but the portal's enrolment page (`access.second_factor_step`).
        login(request, user, backend=PASSWORD_BACKEND)
        record(AuditEvent.LOGIN_SUCCEEDED, actor=user, obj=user, detail={"portal": True})
        return user
    if not code.strip() and has_passkey(user):
        # The passkey is proved next, on its own page (portal/passkey_views.py); until then
        # the session opens no portal page (`access.account_or_404` wants it verified).
        login(request, user, backend=PASSWORD_BACKEND)
        record(AuditEvent.LOGIN_SUCCEEDED, actor=user, obj=user, detail={"portal": True})
        return user
    device = match_token(user, code.strip().replace(" ", ""))
    if device is None:
        record(AuditEvent.MFA_FAILED, actor=user, outcome="failure", detail={"step": "login"})
        return None
    login(request, user, backend=PASSWORD_BACKEND)
    otp_login(request, device)
    record(AuditEvent.LOGIN_SUCCEEDED, actor=user, obj=user, detail={"portal": True})
    record(AuditEvent.MFA_VERIFIED, actor=user, obj=user, detail={"factor": factor_name(device)})
    return user


def request_confidential_communications(account: PortalAccount, email: str) -> None:
    """164.522(b): from now on, e-mail this person only at `email` (empty: withdraw it)."""
    email = email.strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise PortalError("give a valid e-mail address") from None
    account.confidential_email = email
    account.confidential_since = timezone.now() if email else None
    with transaction.atomic():
        account.save(update_fields=["confidential_email", "confidential_since"])
        record(
            AuditEvent.PORTAL_CONFIDENTIAL_COMMUNICATIONS,
            actor=account.user,
            client_id=account.client_id,
            obj=account,
            detail={"active": bool(email)},
        )
