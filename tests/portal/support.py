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


def signed_note(cast: Any, client: Any = None, subjective: str = "A synthetic observation.") -> Any:
    """A signed progress note of `client` (Riley by default), written by Casey."""
    from sealbook.records.actions import create_note, sign_note

    note = create_note(
        cast.casey, client or cast.riley, note_format="soap",
        sections={"subjective": subjective, "plan": "Review next week."},
    )  # fmt: skip
    return sign_note(cast.casey, note)


def release_for(cast: Any, account: PortalAccount) -> Any:
    """A release of information sent to `account` to sign (Casey sends it)."""
    from sealbook.portal.releases import send_release
    from tests.disclosure.support import complete_draft

    (release,) = [r for r in send_release(cast.casey, account.client, complete_draft())
                  if r.account_id == account.pk]  # fmt: skip
    return release


def copy_for(account: PortalAccount) -> Any:
    from sealbook.portal.copies import request_copy

    return request_copy(account)


def amendment_for(account: PortalAccount) -> Any:
    from sealbook.portal.amendments import request_amendment

    return request_amendment(account, change="A synthetic correction.", reason="Synthetic.")
def make_minor(client: Any, age: int = 15) -> Any:
    """Make `client` `age` years old today (a minor under every table's majority)."""
    import datetime

    today = timezone.localdate()
    client.date_of_birth = datetime.date(today.year - age, 1, 1)
    client.save()
    return client


def appointment_for(
    cast: Any, client: Any, *, start: Any = None, modality: str = "in-person",
    service: str = "individual",
) -> Any:  # fmt: skip
    """An appointment on the calendar for `client` with Casey (by default in a week)."""
    import datetime

    from sealbook.records.actions import schedule_session

    start = start or timezone.localtime() + datetime.timedelta(days=7)
    session = schedule_session(
        cast.casey, client, clinician=cast.casey, date=start.date(), start_time=start.time(),
        duration_minutes=50, service=service, modality=modality,
    )  # fmt: skip
    return session.appointment


def own_consent(cast: Any, client: Any, service: str = "individual") -> Any:
    """Record that the minor `client` consented alone to `service` (under Oregon's law: 14)."""
    from sealbook.access.models import PracticePolicy
    from sealbook.portal.guardians import record_minor_consent

    PracticePolicy.objects.update_or_create(pk=1, defaults={"minors_jurisdiction": "OR"})
    return record_minor_consent(cast.casey, client, service=service)


def passkey_for(user: Any) -> Any:
    """A passkey row of `user` (its key is never used: enough for access checks)."""
    import os

    from sealbook.staff.models import Passkey

    return Passkey.objects.create(
        user=user, name="a synthetic key", confirmed=True, credential_id=os.urandom(32),
        public_key=b"not a key", sign_count=0,
    )  # fmt: skip
