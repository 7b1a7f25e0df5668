"""A portal session on a password alone goes to the portal's own second-factor pages (the code,
or enrolment where the policy requires a factor the account lacks), never to the staff's
`/mfa/` pages, which a portal account cannot reach (they answer it 404)."""

from __future__ import annotations

import pytest

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.portal.models import AccountKind
from sealbook.staff.models import TOTPDevice
from tests.conftest import PASSWORD
from tests.portal.support import code_for, make_minor, portal_account

EMAIL = "riley@client.example.net"
KINDS = [AccountKind.CLIENT, AccountKind.GUARDIAN]


def _account(cast, kind, password_hash):
    if kind == AccountKind.GUARDIAN:
        make_minor(cast.riley)
    return portal_account(cast, cast.riley, EMAIL, kind, password_hash=password_hash)


@pytest.mark.parametrize("kind", KINDS)
def test_a_password_alone_leads_to_the_portals_code_page(client, cast, password_hash, kind):
    account = _account(cast, kind, password_hash)
    client.force_login(account.user)  # the password is proved, the second factor not yet
    for path in ("/portal/", "/portal/requests/", "/portal/passkeys/", "/session/stay/"):
        assert client.get(path).headers["Location"] == "/portal/login/verify/", path
    # The staff's pages stay out of reach, their second-factor pages included.
    for path in ("/mfa/verify/", "/mfa/enrol/", "/clients/"):
        assert client.get(path).status_code == 404, path
    page = client.get("/portal/", follow=True)
    assert page.status_code == 200 and b'name="code"' in page.content
    assert client.post("/portal/login/verify/", {"code": "000000"}).status_code == 401
    # A failure throttles the device for a moment (django-otp); skip the wait.
    TOTPDevice.objects.filter(user=account.user).update(throttling_failure_timestamp=None)
    device = TOTPDevice.objects.get(user=account.user)
    response = client.post("/portal/login/verify/", {"code": code_for(device)})
    assert response.headers["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
    entry = AuditEntry.objects.filter(event=AuditEvent.MFA_VERIFIED).latest("seq")
    assert entry.actor_id == account.user_id and read_detail(entry) == {"factor": "totp"}
    # Verified, the code page sends the person home.
    assert client.get("/portal/login/verify/").headers["Location"] == "/portal/"


@pytest.mark.parametrize("kind", KINDS)
def test_an_account_without_a_factor_enrols_one_in_the_portal(client, cast, password_hash, kind):
    account = _account(cast, kind, password_hash)
    TOTPDevice.objects.filter(user=account.user).delete()  # made where none was required
    response = client.post("/portal/login/", {"email": EMAIL, "password": PASSWORD, "code": ""})
    assert response.headers["Location"] == "/portal/login/enrol/"
    assert client.get("/portal/messages/").headers["Location"] == "/portal/login/enrol/"
    assert client.get("/portal/login/verify/").headers["Location"] == "/portal/login/enrol/"
    assert client.get("/mfa/enrol/").status_code == 404
    assert b"totp-secret" in client.get("/portal/login/enrol/").content
    device = TOTPDevice.objects.get(user=account.user, confirmed=False)
    assert client.post("/portal/login/enrol/", {"code": "000000"}).status_code == 401
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    page = client.post("/portal/login/enrol/", {"code": code_for(device)})
    assert page.status_code == 200 and b"recovery-codes" in page.content
    assert client.get("/portal/").status_code == 200
    assert AuditEntry.objects.filter(
        event=AuditEvent.MFA_ENROLLED, actor_id=account.user_id
    ).exists()


def test_a_half_signed_in_portal_account_can_log_out(client, cast, password_hash):
    account = _account(cast, AccountKind.CLIENT, password_hash)
    client.force_login(account.user)
    assert client.post("/portal/logout/").headers["Location"] == "/portal/login/"
    assert client.get("/portal/").headers["Location"] == "/portal/login/"
