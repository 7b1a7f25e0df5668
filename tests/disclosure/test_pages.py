"""The consent, authorization, disclosure and access-request pages, and their bad input."""

from __future__ import annotations

import datetime

import pytest

from sealbook.accounts.sudo import SESSION_KEY
from sealbook.consent.models import ConsentSignature
from sealbook.disclosure import actions
from sealbook.disclosure.models import Authorization, Disclosure
from sealbook.export.models import AccessRequest
from tests.conftest import sign_in
from tests.disclosure.support import PHYSICIAN, complete_draft, today


def form_data(**overrides):
    data = {
        "kind": "general",
        "categories": ["progress-notes", "service-dates"],
        "description": "Progress notes since intake",
        "discloser": "Test practice",
        "recipient_name": PHYSICIAN,
        "recipient_address": "400 Placeholder Ave",
        "purpose": "Coordination of care",
        "expires_on": (today() + datetime.timedelta(days=90)).isoformat(),
        "signer_name": "Riley Synthwood",
        "signed_on": today().isoformat(),
        "statement_right_to_revoke": "on",
        "statement_conditioning": "on",
        "statement_redisclosure": "on",
        "copy_given_to_client": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def casey(client, cast):
    return sign_in(client, cast.casey)


def reauthenticated(client):
    session = client.session
    session[SESSION_KEY] = 4102444800  # far in the future
    session.save()
    return client


def test_the_chart_shows_what_is_consented_and_what_not(casey, cast):
    page = casey.get(f"/clients/{cast.riley.pk}/")
    assert page.status_code == 200
    assert b'id="consents"' in page.content and b"Not consented" in page.content
    assert b"Authorizations and disclosures" in page.content


def test_signing_informed_consent_through_the_form(casey, cast):
    url = f"/clients/{cast.riley.pk}/consents/informed-consent/sign/"
    page = casey.get(url)
    digest = page.context["document"].text_sha256
    data = {"signer_name": "Riley Synthwood", "signed_on": today().isoformat(), "method": "typed",
            "text_sha256": digest, "agreed": "on"}  # fmt: skip
    assert casey.post(url, data).status_code == 302
    assert ConsentSignature.objects.count() == 1


def test_signing_without_agreeing_or_with_a_bad_date_saves_nothing(casey, cast):
    url = f"/clients/{cast.riley.pk}/consents/informed-consent/sign/"
    digest = casey.get(url).context["document"].text_sha256
    for bad in ({"agreed": ""}, {"signed_on": "2026-02-31"}, {"signer_name": ""}):
        data = {"signer_name": "R S", "signed_on": today().isoformat(), "method": "typed",
                "text_sha256": digest, "agreed": "on", **bad}  # fmt: skip
        assert casey.post(url, data).status_code == 400
    assert not ConsentSignature.objects.exists()


def test_an_unreadable_template_file_is_refused(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    owner = reauthenticated(sign_in(client, cast.owner))
    upload = SimpleUploadedFile("consent.txt", b"\xff\xfe\x00binary\x00", "text/plain")
    response = owner.post(
        "/consent-documents/recording/edit/", {"title": "Recording", "text": "", "upload": upload}
    )
    assert response.status_code == 400 and b"not readable plain text" in response.content


def test_the_authorization_form_says_which_element_is_missing(casey, cast):
    response = casey.post(
        f"/clients/{cast.riley.pk}/authorizations/new/",
        form_data(statement_redisclosure=None, purpose=""),
    )
    assert response.status_code == 400
    assert b"164.508(c)(2)(iii)" in response.content and b"164.508(c)(1)(iv)" in response.content
    assert not Authorization.objects.exists()


def test_an_expiry_in_the_past_is_refused_by_the_form(casey, cast):
    past = (today() - datetime.timedelta(days=1)).isoformat()
    response = casey.post(
        f"/clients/{cast.riley.pk}/authorizations/new/", form_data(expires_on=past)
    )
    assert response.status_code == 400 and b"in the past" in response.content
    assert not Authorization.objects.exists()


def test_a_complete_authorization_is_saved_and_printable(casey, cast):
    response = casey.post(f"/clients/{cast.riley.pk}/authorizations/new/", form_data())
    assert response.status_code == 302
    auth = Authorization.objects.get()
    pdf = casey.get(f"/authorizations/{auth.pk}/print/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_sending_needs_reauthentication_first(casey, cast):
    auth = actions.record_authorization(cast.casey, cast.riley, complete_draft())
    response = casey.get(f"/authorizations/{auth.pk}/send/")
    assert response.status_code == 302 and response["Location"].startswith("/reauthenticate/")


def test_sending_to_an_unknown_recipient_is_refused_with_the_reason(casey, cast):
    auth = actions.record_authorization(cast.casey, cast.riley, complete_draft())
    reauthenticated(casey)
    response = casey.post(
        f"/authorizations/{auth.pk}/send/",
        {"recipient_name": "Unknown Person", "purpose": "x", "categories": ["progress-notes"]},
    )
    assert response.status_code == 409
    assert b"not the one the authorization names" in response.content
    assert not Disclosure.objects.exists()


def test_a_legal_basis_without_its_details_is_refused_and_saves_nothing(casey, cast):
    reauthenticated(casey)
    response = casey.post(
        f"/clients/{cast.riley.pk}/disclose/",
        {
            "basis": "court-order",
            "recipient_name": "Circuit Court",
            "purpose": "Order",
            "categories": ["service-dates"],
            "court-order__court": "Circuit Court",
        },
    )
    assert response.status_code == 409 and b"Case or docket number" in response.content
    assert not Disclosure.objects.exists()


def test_outsiders_get_a_404_on_every_page(client, cast):
    auth = actions.record_authorization(cast.casey, cast.riley, complete_draft())
    sign_in(client, cast.quinn)
    for url in (
        f"/clients/{cast.riley.pk}/consents/",
        f"/clients/{cast.riley.pk}/authorizations/",
        f"/clients/{cast.riley.pk}/accounting/",
        f"/authorizations/{auth.pk}/",
        f"/clients/{cast.riley.pk}/access-requests/",
    ):
        assert client.get(url).status_code == 404, url


def test_access_requests_are_tracked_with_due_dates(casey, cast):
    url = f"/clients/{cast.riley.pk}/access-requests/"
    future = (today() + datetime.timedelta(days=1)).isoformat()
    bad = casey.post(url, {"received_on": future, "requested_by": "Riley Synthwood"})
    assert bad.status_code == 400 and not AccessRequest.objects.exists()
    received = (today() - datetime.timedelta(days=3)).isoformat()
    assert casey.post(url, {"received_on": received, "requested_by": "Riley"}).status_code == 302
    request = AccessRequest.objects.get()
    assert request.due_on == today() + datetime.timedelta(days=27)
    dashboard = casey.get("/access-requests/")
    assert b"27" in dashboard.content and b"Synthwood" in dashboard.content
    assert (
        casey.post(f"/access-requests/{request.pk}/extend/", {"reason": "Archive"}).status_code
        == 302
    )
    again = casey.post(f"/access-requests/{request.pk}/extend/", {"reason": "Again"})
    assert again.status_code == 409 and b"only once" in again.content
    request.refresh_from_db()
    assert request.extended_due_on == request.due_on + datetime.timedelta(days=30)


def test_fulfilling_an_access_request_sends_the_zip_to_the_client(casey, cast):
    from sealbook.export.actions import open_access_request

    request = open_access_request(cast.casey, cast.riley, received_on=today(), requested_by="R")
    reauthenticated(casey)
    response = casey.post(f"/access-requests/{request.pk}/fulfil/", {"identity_verified": "on"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    request.refresh_from_db()
    assert request.fulfilled_at is not None and request.disclosure.to_client
