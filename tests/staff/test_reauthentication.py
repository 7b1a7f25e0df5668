"""Re-authentication and the password-change page go through the login lockout,
and re-authentication asks for the second factor when the account has one."""

from __future__ import annotations

import pytest
from django_otp.oath import totp

from sealbook.access.models import current_policy
from sealbook.access.practice_policy import login_failure_limit
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.staff.models import Passkey, TOTPDevice
from tests.conftest import PASSWORD, sign_in

CASEY = "casey@practice.example.org"
WRONG = "not the password"


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def quinn(client, cast):
    """Quinn signed in with both factors, sent to re-authenticate before break-glass."""
    sign_in(client, cast.quinn)
    target = f"/clients/{cast.riley.pk}/break-glass/"
    page = client.get(target)
    assert page.headers["Location"].startswith("/reauthenticate/")
    device = TOTPDevice.objects.get(user=cast.quinn)
    return client, page.headers["Location"], target, device


def sudo_granted(client) -> bool:
    return "sealbook_sudo_until" in client.session


def test_twenty_wrong_passwords_and_then_the_right_one_do_not_grant_sudo_mode(quinn, settings):
    client, reauth, target, device = quinn
    statuses = [client.post(reauth, {"password": WRONG}).status_code for _ in range(20)]
    assert statuses[: login_failure_limit() - 1] == [401] * (login_failure_limit() - 1)
    assert set(statuses[login_failure_limit() :]) == {429}
    right = client.post(reauth, {"password": PASSWORD, "code": code_for(device)})
    assert right.status_code == 429 and b"Too many attempts" in right.content
    assert not sudo_granted(client)
    assert client.get(target).status_code == 302


def test_wrong_re_authentications_lock_the_login_out_too(quinn, client, settings):
    client, reauth, _, _ = quinn
    for _ in range(login_failure_limit()):
        client.post(reauth, {"password": WRONG})
    client.post("/logout/")
    login = client.post("/login/", {"email": "quinn@practice.example.org", "password": PASSWORD})
    assert login.status_code == 429


def test_the_password_alone_is_not_enough_when_the_account_has_a_second_factor(quinn):
    client, reauth, target, device = quinn
    assert b'name="code"' in client.get(reauth).content
    assert client.post(reauth, {"password": PASSWORD}).status_code == 401
    assert client.post(reauth, {"password": PASSWORD, "code": "000000"}).status_code == 401
    assert not sudo_granted(client)
    failures = AuditEntry.objects.filter(event=AuditEvent.REAUTHENTICATED, outcome="failure")
    assert failures.count() == 2
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    ok = client.post(reauth, {"password": PASSWORD, "code": code_for(device)})
    assert ok.status_code == 302 and client.get(target).status_code == 200


def test_without_a_second_factor_the_password_is_enough(client, cast):
    policy = current_policy()
    policy.mfa_required = False
    policy.save()
    client.force_login(cast.quinn)
    page = client.get(f"/clients/{cast.riley.pk}/break-glass/").headers["Location"]
    assert b'name="code"' not in client.get(page).content
    assert client.post(page, {"password": PASSWORD}).status_code == 302


def test_wrong_current_passwords_on_the_password_page_lock_out(client, cast, settings):
    sign_in(client, cast.casey)
    new = "a different long passphrase 42"
    for _ in range(login_failure_limit() - 1):
        wrong = client.post("/account/password/", {"old_password": WRONG, "new_password": new})
        assert wrong.status_code == 400
    assert (
        client.post("/account/password/", {"old_password": WRONG, "new_password": new}).status_code
        == 429
    )
    right = client.post("/account/password/", {"old_password": PASSWORD, "new_password": new})
    assert right.status_code == 429
    cast.casey.refresh_from_db()
    assert cast.casey.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(event=AuditEvent.PASSWORD_CHANGED).exists()


def test_a_passkey_only_account_cannot_re_authenticate_with_the_password_alone(quinn, cast):
    client, reauth, target, device = quinn
    # Quinn's only second factor becomes a passkey: no code to type, so none is asked for,
    # and the password alone must not stand in for the passkey.
    passkey = Passkey.objects.create(
        user=cast.quinn, name="laptop", confirmed=True, credential_id=b"cred", public_key=b"cose"
    )
    session = client.session
    session["otp_device_id"] = passkey.persistent_id  # as after signing in with the passkey
    session.save()
    TOTPDevice.objects.filter(pk=device.pk).delete()
    assert b'name="code"' not in client.get(reauth).content
    refused = client.post(reauth, {"password": PASSWORD})
    assert refused.status_code == 401 and b"passkey" in refused.content
    assert not sudo_granted(client)
    assert client.get(target).headers["Location"].startswith("/reauthenticate/")
    entry = AuditEntry.objects.filter(event=AuditEvent.REAUTHENTICATED).latest("seq")
    assert entry.outcome == "failure"
