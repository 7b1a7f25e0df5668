"""Staff invitations by e-mail, and reactivating a deactivated member through one.

The owner types a new member's e-mail, name and role; Sealbook makes the
account with no usable password and e-mails a one-time link (the fixed,
content-free `Notice.INVITATION`: the link carries only a random token, of
which only the SHA-256 is kept). Within 72 hours the invitee opens it,
chooses a password and enrols an authenticator app with a first code, and is
signed in; the link then stops working. Nobody but the invitee ever knows
the password, unlike a temporary one handed over by the owner.

Reactivation (after re-authentication, as every staff change) turns the
account back on without any of its old credentials: every second factor it
had is deleted, the password is made unusable, and a fresh invitation goes
out, so the returning member sets both again. Care-team memberships are not
restored (the owner adds them back where they are needed), and their
psychotherapy-note key opens again only with its recovery code, as after a
password reset.

The e-mail is sent inside the transaction: when the mail server refuses it,
nothing is created or changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import devices_for_user
from django_otp import login as otp_login

from sealbook.access.policy import Action, authorize
from sealbook.accounts.models import STAFF_ROLE_CHOICES, User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.errors import SealbookError
from sealbook.mail import Notice, send_notice
from sealbook.staff.members import StaffError
from sealbook.staff.mfa import confirm_first_device, pending_device_answering
from sealbook.staff.models import StaffInvitation

INVITATION_HOURS = 72
# Django's password backend, named at sign-in (two backends are configured: axes's and this).
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"  # noqa: S105 - a class path


def _send(user: User, link_base: str) -> None:
    """Replace any open link of `user` with a new one and e-mail it (inside the caller's
    transaction)."""
    StaffInvitation.objects.filter(user=user, used_at__isnull=True).delete()
    token = StaffInvitation.issue(INVITATION_HOURS, user=user)
    try:
        send_notice(user.email, Notice.INVITATION,
                    link=f"{link_base.rstrip('/')}/staff/welcome/{token}/")  # fmt: skip
    except SealbookError as exc:  # a MailError, or mail not configured at all
        raise StaffError(f"the invitation could not be e-mailed: {exc}") from None


def invite_staff(actor: Any, *, email: str, display_name: str, role: str, link_base: str) -> User:
    """Create an account with no usable password and e-mail its one-time link; audited."""
    authorize(actor, Action.MANAGE_STAFF)
    email = email.strip().lower()
    if role not in dict(STAFF_ROLE_CHOICES):
        raise StaffError("unknown role")
    if User.objects.filter(username=email).exists():
        raise StaffError("a staff account with that e-mail already exists")
    with transaction.atomic():
        user = User(username=email, email=email, role=role, display_name=display_name.strip())
        user.set_unusable_password()
        user.save()
        record(AuditEvent.STAFF_INVITED, actor=actor, obj=user, detail={"role": role})
        _send(user, link_base)
    return user


def invite_again(actor: Any, member: User, *, link_base: str) -> None:
    """A new link for an invitee who has not set a password yet (the first one expired or
    went astray); the old link stops working. Audited."""
    authorize(actor, Action.MANAGE_STAFF)
    if not member.is_active or member.has_usable_password():
        raise StaffError(f"{member.display_name} has set up their account already")
    with transaction.atomic():
        record(AuditEvent.STAFF_INVITED, actor=actor, obj=member,
               detail={"role": member.role, "again": True})  # fmt: skip
        _send(member, link_base)


def open_invitation(token: str) -> StaffInvitation | None:
    """The unused, unexpired invitation of an active account this token opens, or None."""
    return (
        StaffInvitation.opened_by(token).select_related("user").filter(user__is_active=True).first()
    )


def pending(users: list[User]) -> set[int]:
    """The ids of those among `users` with an invitation still open (shown on the staff page)."""
    return set(
        StaffInvitation.objects.filter(
            user__in=users, used_at__isnull=True, expires_at__gt=timezone.now()
        ).values_list("user_id", flat=True)
    )


def accept_invitation(
    request: HttpRequest, invitation: StaffInvitation, *, password: str, code: str
) -> list[str] | None:
    """Set the password, confirm the authenticator app and sign the member in.

    Returns the new recovery codes (shown once), or None when the app's code is
    wrong (nothing is changed then, and the link still works).
    """
    user = invitation.user
    device = pending_device_answering(user, code)
    if device is None:
        return None
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = False
        user.save()
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        record(AuditEvent.STAFF_INVITATION_ACCEPTED, actor=user, obj=user)
        codes = confirm_first_device(user, device)
    login(request, user, backend=PASSWORD_BACKEND)
    otp_login(request, device)
    record(AuditEvent.LOGIN_SUCCEEDED, actor=user, obj=user)
    return codes


def reactivate(actor: Any, member: User, *, link_base: str) -> None:
    """Turn a deactivated account back on, with none of its old credentials (see above)."""
    from sealbook.psychotherapy.models import ClinicianKey

    authorize(actor, Action.MANAGE_STAFF)
    with transaction.atomic():
        member = User.objects.select_for_update().get(pk=member.pk)
        if member.is_active:
            raise StaffError(f"{member.display_name} is active")
        member.is_active = True
        member.must_change_password = False
        member.set_unusable_password()
        member.save()
        for device in devices_for_user(member, confirmed=None):
            device.delete()
        # The copy of the note key under the old password goes, as at a reset: the
        # recovery code opens it again.
        ClinicianKey.objects.filter(user=member).update(password_wrapped=None)
        record(AuditEvent.STAFF_REACTIVATED, actor=actor, obj=member,
               detail={"role": member.role})  # fmt: skip
        _send(member, link_base)
