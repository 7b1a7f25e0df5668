"""The consent, authorization, disclosure and access-request pages, and their bad input."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.utils.html import escape
from pypdf import PdfReader

from sealbook.consent.models import ConfidentialityEvent, ConsentDocument, ConsentSignature
from sealbook.disclosure import actions, statements
from sealbook.disclosure.elements import ELEMENTS
from sealbook.disclosure.models import Authorization, AuthorizationStatus, Disclosure
from sealbook.export.models import AccessRequest
from sealbook.staff.sudo import SESSION_KEY
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


def consent_badge(page, kind: str) -> str:
    """The status badge of one kind of consent in the chart's consent table."""
    row = re.search(rf'<tr class="consent-{kind}">(.*?)</tr>', page.content.decode(), re.S)
    assert row is not None
    return re.search(r'<span class="badge[^"]*">([^<]+)</span>', row.group(1)).group(1)


def test_the_chart_shows_consented_then_re_consent_after_a_change(casey, cast):
    url = f"/clients/{cast.riley.pk}/consents/informed-consent/sign/"
    digest = casey.get(url).context["document"].text_sha256
    casey.post(url, {"signer_name": "Riley Synthwood", "method": "typed", "text_sha256": digest,
                     "agreed": "on"})  # fmt: skip
    chart = f"/clients/{cast.riley.pk}/"
    assert consent_badge(casey.get(chart), "informed-consent") == "Consented"
    assert consent_badge(casey.get(chart), "telehealth") == "Not consented"
    assert consent_badge(casey.get(chart), "recording") == "Not consented"
    changed = casey.post(
        f"/clients/{cast.riley.pk}/consents/",
        {"kind": "couples-family", "occurred_on": today().isoformat(), "description": ""},
    )
    assert changed.status_code == 302
    page = casey.get(chart)
    assert consent_badge(page, "informed-consent") == "Re-consent needed"
    assert b"Couples or family work begins" in page.content


def test_a_confidentiality_event_in_the_future_or_unknown_saves_nothing(casey, cast):
    url = f"/clients/{cast.riley.pk}/consents/"
    future = (today() + datetime.timedelta(days=3)).isoformat()
    later = casey.post(url, {"kind": "court", "occurred_on": future})
    assert later.status_code == 400 and b"once it has happened" in later.content
    unknown = casey.post(url, {"kind": "lottery-win", "occurred_on": today().isoformat()})
    assert unknown.status_code == 400 and b"Select a valid choice" in unknown.content
    assert not ConfidentialityEvent.objects.exists()


def test_signing_informed_consent_through_the_form(casey, cast):
    url = f"/clients/{cast.riley.pk}/consents/informed-consent/sign/"
    page = casey.get(url)
    digest = page.context["document"].text_sha256
    data = {"signer_name": "Riley Synthwood", "method": "typed", "text_sha256": digest,
            "agreed": "on"}  # fmt: skip
    assert casey.post(url, data).status_code == 302
    assert ConsentSignature.objects.count() == 1


def test_signing_without_agreeing_or_with_a_bad_date_saves_nothing(casey, cast):
    url = f"/clients/{cast.riley.pk}/consents/informed-consent/sign/"
    digest = casey.get(url).context["document"].text_sha256
    for bad in (
        {"agreed": ""},
        {"method": "paper", "paper_signed_on": "2026-02-31"},
        {"signer_name": ""},
    ):
        data = {"signer_name": "R S", "method": "typed", "text_sha256": digest, "agreed": "on",
                **bad}  # fmt: skip
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
    for content in (b"", b"text with a \x00 byte", b"   \n"):
        upload = SimpleUploadedFile("consent.txt", content, "text/plain")
        response = owner.post(
            "/consent-documents/recording/edit/",
            {"title": "Recording", "text": "", "upload": upload},
        )
        assert response.status_code == 400
        assert b"nothing was saved" in response.content or b"file is empty" in response.content
    assert list(ConsentDocument.objects.filter(kind="recording").values_list("version")) == [(1,)]


def test_the_authorization_form_says_which_element_is_missing(casey, cast):
    response = casey.post(
        f"/clients/{cast.riley.pk}/authorizations/new/",
        form_data(statement_redisclosure=None, purpose=""),
    )
    assert response.status_code == 400
    assert b"164.508(c)(2)(iii)" in response.content and b"164.508(c)(1)(iv)" in response.content
    assert not Authorization.objects.exists()


# Each 164.508(c) element: the form fields that blank it, and the field the message sits on.
FORM_ELEMENTS = [
    ("categories", {"categories": None}, "categories"),
    ("description", {"description": ""}, "description"),
    ("discloser", {"discloser": ""}, "discloser"),
    ("recipient_name", {"recipient_name": " "}, "recipient_name"),
    ("purpose", {"purpose": ""}, "purpose"),
    ("expiry", {"expires_on": None, "expiry_event": ""}, "expires_on"),
    ("signer_name", {"signer_name": ""}, "signer_name"),
    ("signed_on", {"signed_on": None}, "signed_on"),
    ("representative_authority", {"signed_by_representative": "on"}, "representative_authority"),
    ("statement_right_to_revoke", {"statement_right_to_revoke": None}, "statement_right_to_revoke"),
    ("statement_conditioning", {"statement_conditioning": None}, "statement_conditioning"),
    ("statement_redisclosure", {"statement_redisclosure": None}, "statement_redisclosure"),
    ("copy_given_to_client", {"copy_given_to_client": None}, "copy_given_to_client"),
]


def test_the_table_names_every_element():
    assert {row[0] for row in FORM_ELEMENTS} == set(ELEMENTS)


@pytest.mark.parametrize(("element", "blank", "field"), FORM_ELEMENTS, ids=lambda v: str(v))
def test_the_form_names_each_missing_element_and_saves_nothing(casey, cast, element, blank, field):
    response = casey.post(f"/clients/{cast.riley.pk}/authorizations/new/", form_data(**blank))
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [ELEMENTS[element]]
    assert escape(ELEMENTS[element]).encode() in response.content
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
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    for expected in (
        PHYSICIAN, "Coordination of care", "Progress notes since intake", "Riley Synthwood",
        (today() + datetime.timedelta(days=90)).isoformat(), statements.RIGHT_TO_REVOKE,
        statements.CONDITIONING, statements.REDISCLOSURE, statements.COPY,
    ):  # fmt: skip
        assert expected in text, expected


def test_a_revocation_dated_in_the_future_or_garbled_is_refused(casey, cast):
    auth = actions.record_authorization(cast.casey, cast.riley, complete_draft())
    url = f"/authorizations/{auth.pk}/revoke/"
    future = (today() + datetime.timedelta(days=1)).isoformat()
    later = casey.post(url, {"revoked_on": future})
    assert later.status_code == 400 and b"when it is received" in later.content
    assert casey.post(url, {"revoked_on": "yesterday"}).status_code == 400
    auth.refresh_from_db()
    assert auth.revoked_on is None and auth.status(today()) == AuthorizationStatus.ACTIVE


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


@pytest.mark.parametrize(
    "bad",
    [
        {"basis": "because-i-said-so"},
        {"court-order__order_date": "31/02/2026"},
        {"recipient_name": ""},
        {"categories": ["everything"]},
        {"categories": None},
    ],
    ids=["unknown basis", "garbled date", "no recipient", "unknown category", "nothing chosen"],
)
def test_bad_legal_basis_input_says_what_is_wrong_and_saves_nothing(casey, cast, bad):
    reauthenticated(casey)
    data = {
        "basis": "court-order",
        "recipient_name": "Circuit Court",
        "purpose": "Order",
        "categories": ["service-dates"],
        "court-order__court": "Circuit Court",
        "court-order__case_number": "26-CV-1",
        "court-order__order_date": today().isoformat(),
        **bad,
    }
    response = casey.post(
        f"/clients/{cast.riley.pk}/disclose/", {k: v for k, v in data.items() if v is not None}
    )
    assert response.status_code in (400, 409)
    assert b'class="errorlist' in response.content or b'id="refusal"' in response.content
    assert not Disclosure.objects.exists()


def test_an_access_request_without_verified_identity_sends_nothing(casey, cast):
    from sealbook.export.actions import open_access_request

    request = open_access_request(cast.casey, cast.riley, received_on=today(), requested_by="R")
    reauthenticated(casey)
    response = casey.post(f"/access-requests/{request.pk}/fulfil/", {})
    assert response.status_code == 409 and b"identity was verified" in response.content
    assert not Disclosure.objects.exists()
    request.refresh_from_db()
    assert request.fulfilled_at is None


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


def test_a_copy_at_the_clients_request_is_not_sent_from_the_legal_basis_form(casey, cast):
    reauthenticated(casey)
    response = casey.post(
        f"/clients/{cast.riley.pk}/disclose/",
        {
            "basis": "client-request",
            "recipient_name": "Someone",
            "purpose": "Copy",
            "categories": ["service-dates"],
            "client-request__request_received_on": today().isoformat(),
            "client-request__identity_verified": "on",
        },
    )
    assert response.status_code == 400 and b"Access requests" in response.content
    assert not Disclosure.objects.exists()
