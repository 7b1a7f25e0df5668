"""TOTP second factor, recovery codes, brute-force lockout and re-authentication."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp

from sealbook.access.models import current_policy
from sealbook.access.practice_policy import login_failure_limit
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.staff.models import TOTPDevice
from tests.conftest import PASSWORD

CASEY = "casey@practice.example.org"


def password_login(client, email=CASEY, password=PASSWORD):
    return client.post("/login/", {"email": email, "password": password})


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{code:06d}"


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    client.get("/mfa/enrol/")
    device = TOTPDevice.objects.get(user__username=CASEY, confirmed=False)
    page = client.post("/mfa/enrol/", {"code": code_for(device)})
    assert page.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", page.content.decode())
    device.refresh_from_db()
    return device, codes


def test_a_password_alone_opens_nothing_when_mfa_is_required(client, cast):
    response = password_login(client)
    assert response.headers["Location"] == "/mfa/enrol/"
    assert client.get(f"/clients/{cast.riley.pk}/").headers["Location"] == "/mfa/enrol/"


def test_enrolment_shows_the_secret_and_then_recovery_codes_once(client, cast):
    password_login(client)
    page = client.get("/mfa/enrol/").content.decode()
    secret = re.search(r'<code id="totp-secret">(\w+)</code>', page).group(1)
    assert len(secret) >= 26 and 'src="data:image/svg+xml;base64,' in page
    device, codes = enrol(client)
    assert device.confirmed and len(codes) == 10
    assert client.get(f"/clients/{cast.riley.pk}/").status_code == 200
    assert AuditEntry.objects.filter(event=AuditEvent.MFA_ENROLLED, actor_id=cast.casey.pk).exists()


def test_a_wrong_enrolment_code_is_refused(client, cast):
    password_login(client)
    client.get("/mfa/enrol/")
    assert client.post("/mfa/enrol/", {"code": "000000"}).status_code == 401
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_the_next_login_asks_for_the_code(client, cast):
    password_login(client)
    device, _ = enrol(client)
    client.post("/logout/")
    assert password_login(client).headers["Location"] == "/mfa/verify/"
    assert client.get("/clients/").headers["Location"] == "/mfa/verify/"
    assert client.post("/mfa/verify/", {"code": "123456"}).status_code == 401
    # A failure throttles the device for a moment (django-otp); skip the wait.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    assert client.post("/mfa/verify/", {"code": code_for(device, offset=1)}).status_code == 302
    assert client.get("/clients/").status_code == 200


def test_a_recovery_code_works_once(client, cast):
    password_login(client)
    _, codes = enrol(client)
    for attempt in range(2):
        client.post("/logout/")
        password_login(client)
        response = client.post("/mfa/verify/", {"code": codes[0]})
        assert response.status_code == (302 if attempt == 0 else 401)


def test_without_the_requirement_a_user_without_a_device_goes_straight_in(client, cast):
    policy = current_policy()
    policy.mfa_required = False
    policy.save()
    assert password_login(client).headers["Location"] == "/clients/"
    page = client.get("/clients/").content.decode()
    assert 'id="mfa-off-banner"' in page


def test_repeated_wrong_passwords_lock_the_login_out(client, cast, settings):
    for _ in range(login_failure_limit() - 1):
        assert password_login(client, password="wrong password").status_code == 401
    assert password_login(client, password="wrong password").status_code == 429
    locked = password_login(client)  # now even the right password
    assert locked.status_code == 429
    assert b"Too many attempts" in locked.content
    assert AuditEntry.objects.filter(event=AuditEvent.LOGIN_LOCKED_OUT).exists()


@pytest.mark.parametrize(("password", "allowed"), [(PASSWORD, True), ("not it", False)])
def test_reauthentication_opens_sensitive_actions_for_a_few_minutes(
    client, cast, password, allowed
):
    from tests.conftest import sign_in

    sign_in(client, cast.quinn)
    target = f"/clients/{cast.riley.pk}/break-glass/"
    first = client.get(target)
    assert first.status_code == 302 and first.headers["Location"].startswith("/reauthenticate/")
    device = TOTPDevice.objects.get(user=cast.quinn)
    response = client.post(
        first.headers["Location"], {"password": password, "code": code_for(device)}
    )
    assert response.status_code == (302 if allowed else 401)
    assert (client.get(target).status_code == 200) is allowed
