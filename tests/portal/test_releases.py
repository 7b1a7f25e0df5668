"""Releases of information signed in the portal, and revoked there (164.508(b)(5))."""

from __future__ import annotations

import pytest

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.disclosure.gate import DisclosureRefused, DisclosureRequest, clear
from sealbook.disclosure.models import Authorization, LegalBasis
from sealbook.portal.rights_models import ReleaseRequest
from sealbook.sharing.roster import practice_roster
from sealbook.staff.models import TOTPDevice
from tests.conftest import sign_in
from tests.disclosure.support import PHYSICIAN, complete_draft, today
from tests.mail.support import assert_reveals_nothing
from tests.portal.support import code_for, portal_account

EMAIL = "riley.synthwood@client.example.net"
FORM = {
    "kind": "general", "categories": ["progress-notes", "service-dates"],
    "description": "Progress notes since intake", "discloser": "Casey Clinician",
    "recipient_name": PHYSICIAN, "purpose": "Coordination of care",
    "expires_on": "2099-01-01",
}  # fmt: skip


def test_a_release_sent_from_the_chart_is_signed_then_revoked_in_the_portal(
    client, cast, smtp_server
):
    account = portal_account(cast, cast.riley, EMAIL)
    sign_in(client, cast.casey)
    response = client.post(f"/clients/{cast.riley.pk}/portal/release/", FORM)
    assert response.status_code == 302, response.content
    (told,) = smtp_server.messages
    assert_reveals_nothing(told, practice_roster())
    release = ReleaseRequest.objects.get()

    sign_in(client, account.user)
    page = client.get(f"/portal/releases/{release.pk}/").content.decode()
    assert release.text_sha256 in page and PHYSICIAN in page and "revoke" in page
    device = TOTPDevice.objects.get(user=account.user)
    data = {"signer_name": "Riley Synthwood", "agree": "yes", "code": code_for(device, 1),
            "text_sha256": release.text_sha256}  # fmt: skip
    assert client.post(f"/portal/releases/{release.pk}/", data).status_code == 302
    auth = Authorization.objects.get()
    assert auth.signed_in_portal and auth.portal_text_sha256 == release.text_sha256
    assert auth.signer_name == "Riley Synthwood" and auth.recorded_by == account.user
    detail = read_detail(AuditEntry.objects.get(event=AuditEvent.AUTHORIZATION_RECORDED))
    assert detail["method"] == "portal" and detail["factor"] == "totp"
    assert detail["sha256"] == release.text_sha256
    # Signed once: the link opens nothing; the chart's authorizations say where it was signed.
    assert client.get(f"/portal/releases/{release.pk}/").status_code == 404
    sign_in(client, cast.casey)
    page = client.get(f"/clients/{cast.riley.pk}/authorizations/").content.decode()
    assert "signed in the portal" in page
    request = DisclosureRequest(
        client=cast.riley, basis=LegalBasis.AUTHORIZATION, authorization=auth,
        recipient_name=PHYSICIAN, purpose="", categories=frozenset({"service-dates"}),
    )  # fmt: skip
    clear(request, today())

    sign_in(client, account.user)
    assert PHYSICIAN in client.get("/portal/releases/").content.decode()
    assert client.post(f"/portal/releases/{auth.pk}/revoke/").status_code == 302
    auth.refresh_from_db()
    assert auth.revoked_on == today()
    assert read_detail(AuditEntry.objects.get(event=AuditEvent.AUTHORIZATION_REVOKED))["portal"]
    # The gate enforces it as it does any revocation.
    with pytest.raises(DisclosureRefused) as refused:
        clear(request, today())
    assert refused.value.code == "revoked"
    assert client.post(f"/portal/releases/{auth.pk}/revoke/").status_code == 404


def test_a_changed_text_or_a_wrong_code_signs_nothing(client, cast):
    account = portal_account(cast, cast.riley, EMAIL)
    sign_in(client, cast.casey)
    client.post(f"/clients/{cast.riley.pk}/portal/release/", FORM)
    release = ReleaseRequest.objects.get()
    sign_in(client, account.user)
    device = TOTPDevice.objects.get(user=account.user)
    data = {"signer_name": "Riley Synthwood", "agree": "yes", "code": code_for(device),
            "text_sha256": "0" * 64}  # fmt: skip
    assert client.post(f"/portal/releases/{release.pk}/", data).status_code == 400
    data.update(text_sha256=release.text_sha256, code="000000")
    assert client.post(f"/portal/releases/{release.pk}/", data).status_code == 400
    assert not Authorization.objects.exists()


def test_a_release_missing_an_element_is_not_sent(client, cast):
    portal_account(cast, cast.riley, EMAIL)
    sign_in(client, cast.casey)
    response = client.post(f"/clients/{cast.riley.pk}/portal/release/", {**FORM, "purpose": ""})
    assert response.status_code == 400
    assert "164.508(c)(1)(iv)" in response.content.decode()
    assert not ReleaseRequest.objects.exists()


def test_a_guardian_revokes_only_what_they_signed(client, cast):
    from sealbook.disclosure.actions import record_authorization

    guardian = portal_account(cast, cast.riley, "guardian@client.example.net", "guardian")
    recorded = record_authorization(cast.casey, cast.riley, complete_draft())
    sign_in(client, guardian.user)
    assert client.post(f"/portal/releases/{recorded.pk}/revoke/").status_code == 404
    recorded.refresh_from_db()
    assert recorded.revoked_on is None
