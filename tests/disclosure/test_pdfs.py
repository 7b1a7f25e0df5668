"""The authorization's printable copy and the accounting of disclosures as PDFs: whole names in
any script, labels not codes, the basis's details, lines to sign, and a refusal with one line."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.disclosure import actions
from sealbook.disclosure.gate import Produced, disclose
from sealbook.disclosure.models import LegalBasis
from sealbook.pdf import fonts
from sealbook.records import actions as record_actions
from tests.conftest import client_details, sign_in
from tests.disclosure.support import (
    BASIS_DETAILS,
    MULTI_SCRIPT_FIRST,
    MULTI_SCRIPT_LAST,
    basis_request,
    complete_draft,
    missing_words,
    pdf_text,
)

# A recipient named in the three scripts too: the accounting lists recipients.
RECIPIENT = "Judge 王芳 خالد वर्मा"
RECIPIENT_WORDS = ("王芳", "خالد", "वर्मा")


@pytest.fixture
def casey(client, cast):
    cast.casey.sudo_active = True
    return sign_in(client, cast.casey)


@pytest.fixture
def multi_script(cast):
    details = client_details(
        legal_first_name=MULTI_SCRIPT_FIRST, legal_last_name=MULTI_SCRIPT_LAST, preferred_name="Li"
    )
    return record_actions.create_client(cast.casey, details, care_team=[cast.morgan])


def disclosed(cast, client, basis, **overrides):
    cast.casey.sudo_active = True
    disclosure, _ = disclose(
        cast.casey,
        basis_request(client, basis, **overrides),
        channel="recorded",
        produce=lambda r: Produced(b"synthetic", "Dates and kinds of service"),
        at=timezone.now(),
    )
    return disclosure


def accounting_text(browser, client) -> str:
    response = browser.get(f"/clients/{client.pk}/accounting/?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


def test_the_authorization_pdf_keeps_a_name_in_chinese_arabic_and_devanagari_whole(
    casey, cast, multi_script
):
    auth = actions.record_authorization(
        cast.casey, multi_script, complete_draft(recipient_name=RECIPIENT)
    )
    response = casey.get(f"/authorizations/{auth.pk}/print/")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert missing_words(text) == []
    assert missing_words(text, RECIPIENT_WORDS) == []


def test_the_authorization_pdf_names_the_client_in_full_and_has_lines_to_sign(casey, cast):
    auth = actions.record_authorization(cast.casey, cast.riley, complete_draft())
    text = " ".join(pdf_text(casey.get(f"/authorizations/{auth.pk}/print/").content).split())
    assert "Client (full legal name) Riley Synthwood" in text
    assert "Also known as Ri Synthwood" in text and "Date of birth 1987-06-05" in text
    assert "Signature of the client or the client's personal representative" in text
    assert "personal representative Date" in text  # the line to date the signature
    assert f"Riley Synthwood · record id {cast.riley.pk} · Page 1 of" in text


def test_the_accounting_pdf_keeps_names_in_chinese_arabic_and_devanagari_whole(
    casey, cast, multi_script
):
    disclosed(cast, multi_script, LegalBasis.COURT_ORDER, recipient_name=RECIPIENT)
    text = accounting_text(casey, multi_script)
    assert missing_words(text) == []
    assert missing_words(text, RECIPIENT_WORDS) == []


def test_the_accounting_pdf_lays_out_each_entry_with_labels_and_the_basis_details(casey, cast):
    disclosed(cast, cast.riley, LegalBasis.COURT_ORDER, recipient_name="Clerk of the Court")
    disclosed(cast, cast.riley, LegalBasis.DUTY_TO_WARN, recipient_name="Fictionville police")
    text = " ".join(accounting_text(casey, cast.riley).split())
    court = BASIS_DETAILS[LegalBasis.COURT_ORDER]
    for expected in (
        "1. ", "2. ", "Recipient Clerk of the Court", "Legal basis Court order (164.512(e))",
        f"Court that issued the order {court['court']}",
        f"Case or docket number {court['case_number']}",
        f"Date of the order {court['order_date']}",
        "Purpose Synthetic purpose for court-order",
        "Legal basis Duty to warn or protect (164.512(j))",
    ):  # fmt: skip
        assert expected in text, expected
    assert "(Court order (164.512(e)))" not in text and "court-order)" not in text
    # Who was warned, and of what, stays out of the client's accounting.
    duty = BASIS_DETAILS[LegalBasis.DUTY_TO_WARN]
    assert duty["threat"] not in text and "Who is at risk" not in text


def test_an_authorization_pdf_that_would_lose_a_character_is_refused_with_one_line(casey, cast):
    auth = actions.record_authorization(
        cast.casey, cast.riley, complete_draft(recipient_name="Dr. \U0010fffd Synthetic")
    )
    response = casey.get(f"/authorizations/{auth.pk}/print/")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("text/html")
    assert b"U+10FFFD" in response.content and b"must not drop a character" in response.content
    assert not AuditEntry.objects.filter(event=AuditEvent.AUTHORIZATION_PRINTED).exists()


def test_without_the_noto_fonts_a_pdf_page_says_which_packages_to_install(
    casey, cast, tmp_path, monkeypatch
):
    monkeypatch.setattr(fonts, "NOTO_CORE", tmp_path)
    monkeypatch.setattr(fonts, "NOTO_CJK", tmp_path)
    response = casey.get(f"/clients/{cast.riley.pk}/accounting/?format=pdf")
    assert response.status_code == 503
    assert b"fonts-noto-core and fonts-noto-cjk" in response.content
