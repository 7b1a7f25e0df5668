"""Portal accounts for tests: invited and activated without the e-mail round trip."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_otp.oath import totp

from sealbook.accounts.models import Role, User
from sealbook.portal.actions import portal_username
from sealbook.portal.models import AccountKind, PortalAccount
from sealbook.staff.models import TOTPDevice


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{code:06d}"


def portal_account(
    cast: Any, client: Any, email: str, kind: str = AccountKind.CLIENT, *, password_hash: str = ""
) -> PortalAccount:
    """An activated portal account for `client` (its user has a confirmed TOTP device)."""
    role = Role.CLIENT if kind == AccountKind.CLIENT else Role.GUARDIAN
    user, _ = User.objects.get_or_create(
        username=portal_username(email),
        defaults={"role": role, "password": password_hash, "display_name": role.label},
    )
    TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "test phone"})
    now = timezone.now()
    account = PortalAccount(
        user=user, client=client, kind=kind, invited_by=cast.casey, activated_at=now,
        email_verified_at=now,
    )  # fmt: skip
    account.email = email
    account.save()
    return account


def thread_for(account: PortalAccount, subject: str = "Synthetic subject") -> Any:
    """A conversation the account started, with one message."""
    from sealbook.portal.messaging import start_thread

    return start_thread(
        account, subject=subject, body="A synthetic message.", link_base="http://testserver/"
    )


def signing_request_for(cast: Any, account: PortalAccount, kind: str = "informed-consent") -> Any:
    from sealbook.consent.actions import current_document
    from sealbook.portal.models import SigningRequest

    return SigningRequest.objects.create(
        account=account, document=current_document(kind), requested_by=cast.casey
    )
