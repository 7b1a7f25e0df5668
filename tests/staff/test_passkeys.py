"""Passkeys (WebAuthn): enrolment, login, re-authentication, the policy, and every refusal.

`SoftAuthenticator` is a real authenticator in software: a P-256 key made by
`cryptography`, CBOR-encoded as an authenticator does, signing what the
browser would hand over. So the server's checks run on real signatures.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import time
from dataclasses import dataclass, field

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from sealbook.access.models import current_policy
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.conf import PublicURL
from sealbook.staff import passkeys
from sealbook.staff.models import Passkey
from tests.conftest import PASSWORD, sign_in

ORIGIN = "http://testserver"
RP_ID = "testserver"
UP, UV, AT = 0x01, 0x04, 0x40


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class SoftAuthenticator:
    """One credential: a P-256 key pair, its id and its signature counter."""

    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    credential_id: bytes = field(default_factory=lambda: os.urandom(32))
    sign_count: int = 0

    def cose_public_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"),
                            -3: numbers.y.to_bytes(32, "big")})  # fmt: skip

    def client_data(self, kind: str, challenge: str, origin: str) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": False}
        ).encode()

    def create(self, options: dict, *, origin: str = ORIGIN, rp_id: str = RP_ID) -> dict:
        """The browser's answer to navigator.credentials.create()."""
        client_data = self.client_data("webauthn.create", options["challenge"], origin)
        attested = (
            bytes(16)  # AAGUID: none, as with "attestation: none"
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + self.cose_public_key()
        )
        auth_data = (
            hashlib.sha256(rp_id.encode()).digest()
            + bytes([UP | UV | AT])
            + struct.pack(">I", self.sign_count)
            + attested
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": b64url(client_data),
                "attestationObject": b64url(attestation),
                "transports": ["internal"],
            },
        }

    def get(self, options: dict, *, origin: str = ORIGIN, rp_id: str = RP_ID,
            sign_count: int | None = None) -> dict:  # fmt: skip
        """The browser's answer to navigator.credentials.get(): a real ECDSA signature."""
        self.sign_count = self.sign_count + 1 if sign_count is None else sign_count
        client_data = self.client_data("webauthn.get", options["challenge"], origin)
        auth_data = (
            hashlib.sha256(rp_id.encode()).digest()
            + bytes([UP | UV])
            + struct.pack(">I", self.sign_count)
        )
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
            },
        }


def post_json(client, url: str, body: dict | None = None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def reauthenticated(client) -> None:
    """As after the password re-authentication (tested in test_second_factor)."""
    session = client.session
    session["sealbook_sudo_until"] = time.time() + 300
    session.save()


def enrol(client, authenticator: SoftAuthenticator, name: str = "Laptop") -> Passkey:
    reauthenticated(client)
    options = post_json(client, "/account/passkeys/options/").json()
    answer = authenticator.create(options)
    response = post_json(client, "/account/passkeys/enrol/", {"name": name, "credential": answer})
    assert response.status_code == 200, response.content
    assert response.json() == {"redirect": "/account/passkeys/"}
    return Passkey.objects.get(credential_id=authenticator.credential_id)


def failures(user) -> list[str]:
    entries = AuditEntry.objects.filter(event=AuditEvent.PASSKEY_FAILED, actor_id=user.pk)
    return [read_detail(entry)["reason"] for entry in entries.order_by("seq")]


def login_with_password(client, email: str) -> None:
    client.post("/logout/")
    response = client.post("/login/", {"email": email, "password": PASSWORD})
    assert response.headers["Location"] == "/mfa/verify/"


# Enrolment -----------------------------------------------------------------------


def test_enrolment_keeps_the_public_key_and_audits_it(client, cast):
    sign_in(client, cast.casey)
    authenticator = SoftAuthenticator()
    passkey = enrol(client, authenticator, name="Office laptop")
    assert passkey.user == cast.casey and passkey.name == "Office laptop"
    assert bytes(passkey.public_key) == authenticator.cose_public_key()
    entry = AuditEntry.objects.get(event=AuditEvent.PASSKEY_ENROLLED, actor_id=cast.casey.pk)
    # The audit entry names the row, never the credential id.
    assert read_detail(entry) == {"passkey": passkey.pk}
    page = client.get("/account/passkeys/").content.decode()
    assert "Office laptop" in page and 'src="/static/staff/passkeys.js"' in page


def test_the_passkey_pages_need_a_fresh_reauthentication(client, cast):
    sign_in(client, cast.casey)
    assert client.get("/account/passkeys/").headers["Location"].startswith("/reauthenticate/")
    assert post_json(client, "/account/passkeys/options/").status_code == 302
    assert not Passkey.objects.exists()


def test_enrolment_refuses_another_origin_and_a_reused_challenge(client, cast):
    sign_in(client, cast.casey)
    reauthenticated(client)
    authenticator = SoftAuthenticator()
    options = post_json(client, "/account/passkeys/options/").json()
    phished = authenticator.create(options, origin="https://sealbook.example.net")
    body = {"name": "Laptop", "credential": phished}
    refused = post_json(client, "/account/passkeys/enrol/", body)
    assert refused.status_code == 400 and "not accepted" in refused.json()["error"]
    # The challenge went with the refused answer: a good answer to it now fails too.
    body["credential"] = authenticator.create(options)
    assert post_json(client, "/account/passkeys/enrol/", body).status_code == 400
    assert not Passkey.objects.exists()
    assert failures(cast.casey) == ["origin", "challenge"]


def test_enrolment_refuses_an_empty_name_and_a_key_enrolled_twice(client, cast):
    sign_in(client, cast.casey)
    authenticator = SoftAuthenticator()
    enrol(client, authenticator)
    options = post_json(client, "/account/passkeys/options/").json()
    body = {"name": "  ", "credential": authenticator.create(options)}
    assert post_json(client, "/account/passkeys/enrol/", body).status_code == 400
    options = post_json(client, "/account/passkeys/options/").json()
    # The browser is told to skip the key it already has; a forged answer is refused anyway.
    assert options["excludeCredentials"][0]["id"] == b64url(authenticator.credential_id)
    body = {"name": "Again", "credential": authenticator.create(options)}
    assert post_json(client, "/account/passkeys/enrol/", body).status_code == 400
    assert Passkey.objects.count() == 1
    # A missing name is a form error, not a refused passkey: only the duplicate is audited.
    assert failures(cast.casey) == ["duplicate"]


def test_a_body_that_is_not_json_is_a_400(client, cast):
    sign_in(client, cast.casey)
    reauthenticated(client)
    response = client.post("/account/passkeys/enrol/", "{", content_type="application/json")
    assert response.status_code == 400


def test_removal_is_audited_and_only_of_your_own(client, cast):
    sign_in(client, cast.morgan)
    morgans = enrol(client, SoftAuthenticator())
    client.post("/logout/")
    sign_in(client, cast.casey)
    caseys = enrol(client, SoftAuthenticator())
    assert client.post(f"/account/passkeys/{morgans.pk}/remove/").status_code == 404
    assert client.post(f"/account/passkeys/{caseys.pk}/remove/").status_code == 302
    assert list(Passkey.objects.all()) == [morgans]
    entry = AuditEntry.objects.get(event=AuditEvent.PASSKEY_REMOVED)
    assert entry.actor_id == cast.casey.pk and read_detail(entry) == {"passkey": caseys.pk}


# Login -----------------------------------------------------------------------------


def test_password_then_passkey_opens_the_practice(client, cast):
    sign_in(client, cast.casey)
    authenticator = SoftAuthenticator()
    passkey = enrol(client, authenticator)
    login_with_password(client, cast.casey.email)
    assert "Use my passkey" in client.get("/mfa/verify/").content.decode()
    assert client.get("/clients/").headers["Location"] == "/mfa/verify/"

    options = post_json(client, "/mfa/passkey/options/").json()
    assert options["rpId"] == RP_ID and options["userVerification"] == "required"
    answer = authenticator.get(options)
    response = post_json(client, "/mfa/passkey/verify/", {"credential": answer})
    assert response.status_code == 200 and response.json()["redirect"]
    assert client.get("/clients/").status_code == 200
    passkey.refresh_from_db()
    assert passkey.sign_count == 1 and passkey.last_used_at is not None
    entry = AuditEntry.objects.filter(event=AuditEvent.MFA_VERIFIED).latest("seq")
    assert read_detail(entry) == {"factor": "passkey", "passkey": passkey.pk}


def test_a_replayed_login_answer_is_refused(client, cast):
    sign_in(client, cast.casey)
    authenticator = SoftAuthenticator()
    enrol(client, authenticator)
    login_with_password(client, cast.casey.email)
    options = post_json(client, "/mfa/passkey/options/").json()
    answer = authenticator.get(options)
    assert post_json(client, "/mfa/passkey/verify/", {"credential": answer}).status_code == 200
    login_with_password(client, cast.casey.email)
    post_json(client, "/mfa/passkey/options/")  # a new challenge; the old answer is for the old
    assert post_json(client, "/mfa/passkey/verify/", {"credential": answer}).status_code == 400
    assert client.get("/clients/").headers["Location"] == "/mfa/verify/"
    assert failures(cast.casey) == ["challenge"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"origin": "https://sealbook-login.example.net"}, "origin"),
        ({"rp_id": "example.net"}, "rp-id"),
        ({"sign_count": 3}, "sign-count"),  # lower than the 5 stored: a cloned key
        ({"unknown": True}, "unknown-credential"),
        ({"wrong_key": True}, "signature"),
    ],
    ids=[
        "wrong-origin",
        "wrong-rp-id",
        "sign-count-regression",
        "unknown-credential",
        "wrong-key",
    ],
)
def test_a_bad_login_answer_is_refused_and_audited(client, cast, change, reason):
    sign_in(client, cast.casey)
    authenticator = SoftAuthenticator()
    passkey = enrol(client, authenticator)
    Passkey.objects.filter(pk=passkey.pk).update(sign_count=5)
    login_with_password(client, cast.casey.email)
    options = post_json(client, "/mfa/passkey/options/").json()
    signer = authenticator
    if change.pop("unknown", False):
        signer = SoftAuthenticator()
    if change.pop("wrong_key", False):
        signer = SoftAuthenticator(credential_id=authenticator.credential_id)
    change.setdefault("sign_count", 6)
    answer = signer.get(options, **change)
    response = post_json(client, "/mfa/passkey/verify/", {"credential": answer})
    assert response.status_code == 400
    assert client.get("/clients/").headers["Location"] == "/mfa/verify/"
    assert failures(cast.casey) == [reason]
    passkey.refresh_from_db()
    assert passkey.sign_count == 5


def test_an_enrolment_challenge_does_not_answer_a_login(client, cast):
    sign_in(client, cast.casey)
    authenticator = SoftAuthenticator()
    enrol(client, authenticator)
    options = post_json(client, "/account/passkeys/options/").json()
    answer = authenticator.get(options)
    login_with_password(client, cast.casey.email)
    assert post_json(client, "/mfa/passkey/verify/", {"credential": answer}).status_code == 400


def test_someone_without_a_passkey_gets_no_login_options(client, cast):
    client.post("/login/", {"email": cast.casey.email, "password": PASSWORD})
    response = post_json(client, "/mfa/passkey/options/")
    assert response.status_code == 400 and "no passkey" in response.json()["error"]


# Re-authentication and the practice policy ---------------------------------------


def break_glass_status(client, cast) -> int:
    return client.get(f"/clients/{cast.riley.pk}/break-glass/").status_code


def reauthenticate_with_passkey(client, authenticator: SoftAuthenticator, next_url: str) -> str:
    options = post_json(client, "/reauthenticate/passkey/options/").json()
    body = {"credential": authenticator.get(options), "next": next_url}
    response = post_json(client, "/reauthenticate/passkey/verify/", body)
    assert response.status_code == 200, response.content
    return response.json()["redirect"]


def test_a_passkey_reauthenticates_and_returns_to_the_page(client, cast):
    sign_in(client, cast.quinn)
    authenticator = SoftAuthenticator()
    enrol(client, authenticator)
    session = client.session
    del session["sealbook_sudo_until"]
    session.save()
    target = f"/clients/{cast.riley.pk}/break-glass/"
    assert break_glass_status(client, cast) == 302
    page = client.get("/reauthenticate/?next=" + target).content.decode()
    assert "Confirm with my passkey" in page
    assert reauthenticate_with_passkey(client, authenticator, target) == target
    assert break_glass_status(client, cast) == 200
    entry = AuditEntry.objects.filter(event=AuditEvent.REAUTHENTICATED).latest("seq")
    assert read_detail(entry)["factor"] == "passkey"


def test_the_policy_can_require_a_passkey_for_key_operations(client, cast):
    policy = current_policy()
    policy.passkey_required_for_key_operations = True
    policy.save()
    sign_in(client, cast.quinn)
    authenticator = SoftAuthenticator()
    # Adding a first passkey needs only the ordinary re-authentication.
    enrol(client, authenticator)
    # A password re-authentication is no longer enough for break-glass...
    assert break_glass_status(client, cast) == 302
    assert "requires a passkey" in client.get("/reauthenticate/").content.decode()
    # ...a passkey one is.
    reauthenticate_with_passkey(client, authenticator, "")
    assert break_glass_status(client, cast) == 200


def test_without_the_policy_a_password_reauthentication_is_enough(client, cast):
    sign_in(client, cast.quinn)
    reauthenticated(client)
    assert break_glass_status(client, cast) == 200


def test_the_policy_can_hold_the_owner_to_a_passkey_login(client, cast):
    policy = current_policy()
    policy.passkey_required_for_owner = True
    policy.save()
    owner = cast.owner
    sign_in(client, owner)  # verified with the TOTP app
    assert client.get("/clients/").headers["Location"] == "/account/passkeys/"
    reauthenticated(client)
    assert (
        "requires you to sign in with a passkey"
        in client.get("/account/passkeys/").content.decode()
    )
    authenticator = SoftAuthenticator()
    enrol(client, authenticator)
    assert client.get("/clients/").headers["Location"] == "/mfa/passkey/"
    options = post_json(client, "/mfa/passkey/options/").json()
    answer = authenticator.get(options)
    assert post_json(client, "/mfa/passkey/verify/", {"credential": answer}).status_code == 200
    assert client.get("/clients/").status_code == 200
    # At the next login the code form is skipped: only the passkey will do.
    client.post("/logout/")
    client.post("/login/", {"email": owner.email, "password": PASSWORD})
    assert client.get("/mfa/verify/").headers["Location"] == "/mfa/passkey/"
    # A clinician is not held to it.
    client.post("/logout/")
    sign_in(client, cast.casey)
    assert client.get("/clients/").status_code == 200


# The relying party -------------------------------------------------------------------


def test_the_relying_party_comes_from_the_request_host(rf):
    request = rf.get("/", HTTP_HOST="localhost:8123")
    assert passkeys.relying_party(request) == passkeys.RelyingParty(
        "localhost", "http://localhost:8123"
    )


def test_the_public_url_setting_wins_over_the_request(rf, settings):
    settings.SEALBOOK_PUBLIC_URL = PublicURL("https", "notes.example.org", None)
    request = rf.get("/", HTTP_HOST="localhost:8123")
    assert passkeys.relying_party(request) == passkeys.RelyingParty(
        "notes.example.org", "https://notes.example.org"
    )


def test_a_first_passkey_verifies_the_session_that_made_it(client, cast):
    policy = current_policy()
    policy.mfa_required = False
    policy.save()
    client.post("/login/", {"email": cast.casey.email, "password": PASSWORD})
    assert client.get("/clients/").status_code == 200
    enrol(client, SoftAuthenticator())
    # Without this the gate would at once ask for the passkey just made.
    assert client.get("/clients/").status_code == 200
    client.post("/logout/")
    client.post("/login/", {"email": cast.casey.email, "password": PASSWORD})
    assert client.get("/clients/").headers["Location"] == "/mfa/verify/"


# The owner's policy page -------------------------------------------------------------


def test_the_owner_sets_the_passkey_policy_once_they_have_a_passkey(client, cast):
    sign_in(client, cast.owner)
    reauthenticated(client)
    body = {"owner": "on", "key_operations": "on"}
    refused = client.post("/practice/passkeys/", body)
    assert refused.status_code == 400 and "add a passkey" in refused.content.decode()
    assert not current_policy().passkey_required_for_key_operations
    authenticator = SoftAuthenticator()
    enrol(client, authenticator)
    assert client.post("/practice/passkeys/", body).headers["Location"] == "/practice/passkeys/"
    policy = current_policy()
    assert policy.passkey_required_for_owner and policy.passkey_required_for_key_operations
    entry = AuditEntry.objects.get(event=AuditEvent.PRACTICE_POLICY_CHANGED)
    assert entry.actor_id == cast.owner.pk
    assert read_detail(entry) == {
        "passkey_required_for_owner": True,
        "passkey_required_for_key_operations": True,
    }
    # Turning it off again is itself a key operation: a password re-authentication is not
    # enough. (The owner rule alone would send the owner to the passkey login first.)
    policy.passkey_required_for_owner = False
    policy.save()
    response = client.post("/practice/passkeys/", {})
    assert response.headers["Location"].startswith("/reauthenticate/")
    assert current_policy().passkey_required_for_key_operations


def test_only_the_owner_sees_the_passkey_policy(client, cast):
    sign_in(client, cast.casey)
    reauthenticated(client)
    assert client.get("/practice/passkeys/").status_code == 404


def require_passkeys_for_the_owner(mfa_required: bool) -> None:
    policy = current_policy()
    policy.passkey_required_for_owner = True
    policy.mfa_required = mfa_required
    policy.save()


def test_an_owner_with_no_second_factor_is_sent_to_add_a_passkey(client, cast):
    require_passkeys_for_the_owner(mfa_required=False)
    client.post("/login/", {"email": cast.owner.email, "password": PASSWORD})
    assert client.get("/clients/").headers["Location"] == "/account/passkeys/"
    assert client.get("/account/passkeys/").headers["Location"].startswith("/reauthenticate/")
    assert client.get("/reauthenticate/").status_code == 200


def test_a_password_alone_does_not_let_a_totp_owner_add_a_passkey(client, cast):
    require_passkeys_for_the_owner(mfa_required=True)
    sign_in(client, cast.owner)  # makes the TOTP device
    client.post("/logout/")
    client.post("/login/", {"email": cast.owner.email, "password": PASSWORD})
    assert client.get("/clients/").headers["Location"] == "/mfa/verify/"
    assert client.get("/account/passkeys/").headers["Location"] == "/mfa/verify/"
    assert client.get("/mfa/verify/").status_code == 200
