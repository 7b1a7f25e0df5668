"""Portal passkeys: a portal account adds a passkey from its own session and then proves it at
login instead of a code; the ceremonies are the staff's (tests/staff/test_passkeys.py)."""

from __future__ import annotations

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.staff.models import Passkey
from tests.conftest import PASSWORD, sign_in
from tests.portal.support import portal_account
from tests.staff.test_passkeys import SoftAuthenticator, post_json

EMAIL = "riley@client.example.net"


def enrol(client, authenticator) -> Passkey:
    options = post_json(client, "/portal/passkeys/options/").json()
    body = {"name": "My phone", "credential": authenticator.create(options)}
    response = post_json(client, "/portal/passkeys/enrol/", body)
    assert response.json() == {"redirect": "/portal/passkeys/"}
    return Passkey.objects.get(credential_id=authenticator.credential_id)


def test_a_portal_account_logs_in_with_a_passkey_instead_of_a_code(client, cast, password_hash):
    riley = portal_account(cast, cast.riley, EMAIL, password_hash=password_hash)
    sign_in(client, riley.user)
    authenticator = SoftAuthenticator()
    passkey = enrol(client, authenticator)
    assert passkey.user == riley.user
    assert "My phone" in client.get("/portal/passkeys/").content.decode()
    client.post("/portal/logout/")
    response = client.post("/portal/login/", {"email": EMAIL, "password": PASSWORD, "code": ""})
    assert response.headers["Location"] == "/portal/login/passkey/"
    # The password alone opens no portal page: the portal's own code page comes first.
    assert client.get("/portal/").headers["Location"] == "/portal/login/verify/"
    assert b"/portal/login/passkey/" in client.get("/portal/login/verify/").content
    assert "Use my passkey" in client.get("/portal/login/passkey/").content.decode()
    # A look-alike site's answer is refused.
    options = post_json(client, "/portal/login/passkey/options/").json()
    phished = authenticator.get(options, origin="https://portal.example.net")
    refused = post_json(client, "/portal/login/passkey/verify/", {"credential": phished})
    assert refused.status_code == 400
    assert client.get("/portal/").headers["Location"] == "/portal/login/verify/"
    options = post_json(client, "/portal/login/passkey/options/").json()
    answer = authenticator.get(options)
    response = post_json(client, "/portal/login/passkey/verify/", {"credential": answer})
    assert response.json() == {"redirect": "/portal/"}
    assert client.get("/portal/").status_code == 200
    entry = AuditEntry.objects.filter(event=AuditEvent.MFA_VERIFIED).latest("seq")
    assert entry.actor_id == riley.user_id
    assert read_detail(entry) == {"factor": "passkey", "passkey": passkey.pk}
    # And the passkey can be removed again.
    assert client.post(f"/portal/passkeys/{passkey.pk}/remove/").status_code == 302
    assert not Passkey.objects.exists()


def test_without_a_passkey_an_empty_code_logs_nobody_in(client, cast, password_hash):
    portal_account(cast, cast.riley, EMAIL, password_hash=password_hash)
    response = client.post("/portal/login/", {"email": EMAIL, "password": PASSWORD, "code": ""})
    assert response.status_code == 401
    assert client.get("/portal/").headers["Location"] == "/portal/login/"
