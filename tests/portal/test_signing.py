"""Remote signing of a consent: the exact text's SHA-256, the time, the account, the factor."""

from __future__ import annotations

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.consent.models import ConsentSignature, SignatureMethod
from sealbook.portal.models import SigningRequest
from sealbook.sharing.roster import practice_roster
from sealbook.staff.models import TOTPDevice
from tests.conftest import sign_in
from tests.mail.support import assert_reveals_nothing
from tests.portal.support import code_for, portal_account

EMAIL = "riley.synthwood@client.example.net"


def send(client, cast, kind="informed-consent"):
    sign_in(client, cast.casey)
    return client.post(f"/clients/{cast.riley.pk}/portal/sign/", {"kind": kind})


def test_a_consent_sent_from_the_chart_is_signed_in_the_portal(client, cast, smtp_server):
    account = portal_account(cast, cast.riley, EMAIL)
    assert send(client, cast).status_code == 302
    (told,) = smtp_server.messages
    assert told["To"] == EMAIL
    assert_reveals_nothing(told, practice_roster())
    signing = SigningRequest.objects.get()

    sign_in(client, account.user)
    assert signing.document.title in client.get("/portal/sign/").content.decode()
    page = client.get(f"/portal/sign/{signing.pk}/").content.decode()
    assert signing.document.text_sha256 in page
    device = TOTPDevice.objects.get(user=account.user)
    data = {"signer_name": "Riley Synthwood", "agree": "yes", "code": code_for(device, 1),
            "text_sha256": signing.document.text_sha256}  # fmt: skip
    assert client.post(f"/portal/sign/{signing.pk}/", data).status_code == 302
    signature = ConsentSignature.objects.get()
    assert signature.method == SignatureMethod.PORTAL
    assert signature.text_sha256 == signing.document.text_sha256
    assert signature.recorded_by == account.user
    entry = AuditEntry.objects.get(event=AuditEvent.CONSENT_SIGNED)
    detail = read_detail(entry)
    assert detail["factor"] == "totp" and detail["method"] == "portal"
    # Signed once: the link now opens nothing, and the chart says where it was signed.
    assert client.get(f"/portal/sign/{signing.pk}/").status_code == 404
    sign_in(client, cast.casey)
    assert "signed in the portal" in client.get(f"/clients/{cast.riley.pk}/").content.decode()


def test_a_changed_text_or_a_wrong_code_signs_nothing(client, cast):
    account = portal_account(cast, cast.riley, EMAIL)
    send(client, cast)
    signing = SigningRequest.objects.get()
    sign_in(client, account.user)
    device = TOTPDevice.objects.get(user=account.user)
    data = {"signer_name": "Riley Synthwood", "agree": "yes", "code": code_for(device),
            "text_sha256": "0" * 64}  # fmt: skip
    assert client.post(f"/portal/sign/{signing.pk}/", data).status_code == 400
    data.update(text_sha256=signing.document.text_sha256, code="000000")
    assert client.post(f"/portal/sign/{signing.pk}/", data).status_code == 400
    assert not ConsentSignature.objects.exists()


def test_nothing_is_sent_to_a_client_without_an_account(client, cast):
    assert send(client, cast).status_code == 400
    assert not SigningRequest.objects.exists()


def test_staff_cannot_record_a_portal_signature_themselves(client, cast):
    sign_in(client, cast.casey)
    page = client.get(f"/clients/{cast.riley.pk}/consents/informed-consent/sign/")
    assert b'value="portal"' not in page.content
