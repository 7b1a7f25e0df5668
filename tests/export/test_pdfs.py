"""The PDFs of a records export: whole names in any script, a cover that says what the copy is
for, whose record every page belongs to, and a refusal rather than a lost character."""

from __future__ import annotations

import io
import zipfile

import pytest

from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.disclosure.models import Category, Disclosure, LegalBasis
from sealbook.export import actions
from sealbook.export import record_pdf as records
from sealbook.pdf.fonts import GlyphMissing
from sealbook.records import actions as record_actions
from tests.conftest import client_details, sign_in
from tests.disclosure.support import (
    BASIS_DETAILS,
    MULTI_SCRIPT_FIRST,
    MULTI_SCRIPT_LAST,
    basis_request,
    missing_words,
    pdf_text,
)

# Plane 16 private use: no font has it, and nothing ever will.
UNCOVERED = "\U0010fffd"


@pytest.fixture
def casey(cast):
    cast.casey.sudo_active = True
    return cast.casey


@pytest.fixture
def multi_script(cast, casey):
    """A client whose legal name is in Chinese, Arabic and Devanagari characters."""
    details = client_details(legal_first_name=MULTI_SCRIPT_FIRST, legal_last_name=MULTI_SCRIPT_LAST)
    return record_actions.create_client(casey, details, care_team=[cast.morgan])


def signed_note(casey, client, text):
    note = record_actions.create_note(
        casey, client, note_format="dap", sections={"data": text, "assessment": "", "plan": ""}
    )
    return record_actions.sign_note(casey, note)


def export_pdfs(actor, request) -> dict[str, bytes]:
    _, export = actions.export_record(actor, request)
    with export:
        archive = zipfile.ZipFile(io.BytesIO(export.file.read()))
    return {n: archive.read(n) for n in archive.namelist() if n.endswith(".pdf")}


def court_order(client, **overrides):
    values = {
        "recipient_name": "Clerk of the Circuit Court",
        "categories": frozenset({Category.PROGRESS_NOTES, Category.ACCOUNTING}),
    }
    values.update(overrides)
    return basis_request(client, LegalBasis.COURT_ORDER, **values)


def test_a_name_in_chinese_arabic_and_devanagari_comes_out_whole_in_every_export_pdf(
    casey, multi_script
):
    signed_note(casey, multi_script, f"Met {MULTI_SCRIPT_FIRST} {MULTI_SCRIPT_LAST} today.")
    request = basis_request(
        multi_script,
        LegalBasis.CLIENT_REQUEST,
        to_client=True,
        recipient_name=multi_script.display_name,
        categories=frozenset({Category.DEMOGRAPHICS, Category.PROGRESS_NOTES, Category.ACCOUNTING}),
    )
    pdfs = export_pdfs(casey, request)
    assert set(pdfs) == {"record.pdf", "accounting-of-disclosures.pdf"}
    for name, data in pdfs.items():
        assert missing_words(pdf_text(data)) == [], name


def test_a_court_order_release_names_its_basis_recipient_and_case(casey, cast):
    signed_note(casey, cast.riley, "Synthetic session content 7310.")
    text = pdf_text(export_pdfs(casey, court_order(cast.riley))["record.pdf"])
    squashed = " ".join(text.split())
    court = BASIS_DETAILS[LegalBasis.COURT_ORDER]
    assert squashed.startswith(records.title_for(court_order(cast.riley)))
    assert "Records produced under a court order" in squashed
    assert "Your copy" not in squashed and "Copy of your record" not in squashed
    for expected in (
        "Court order (164.512(e))", "Clerk of the Circuit Court", "1 Nowhere Plaza",
        f"Court that issued the order {court['court']}",
        f"Case or docket number {court['case_number']}",
        f"Date of the order {court['order_date']}",
        "Synthetic purpose for court-order", "Progress notes and their amendments",
    ):  # fmt: skip
        assert expected in squashed, expected


def test_every_page_says_whose_record_it_is_even_without_identifying_information(casey, cast):
    for number in range(12):
        signed_note(casey, cast.riley, f"Synthetic session {number}. " + "Long content. " * 60)
    request = court_order(cast.riley, categories=frozenset({Category.PROGRESS_NOTES}))
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(export_pdfs(casey, request)["record.pdf"])).pages
    assert len(pages) > 2
    for number, page in enumerate(pages, start=1):
        text = " ".join(page.extract_text().split())
        assert f"Riley Synthwood · record id {cast.riley.id}" in text, number
        assert f"Page {number} of {len(pages)}" in text, number
    first = " ".join(pages[0].extract_text().split())
    # The name and record id, but not what identifying information would add.
    assert "Date of birth" not in first and "1987-06-05" not in first


def test_the_client_copy_is_titled_for_the_client_with_local_times_and_their_zone(casey, cast):
    request = basis_request(
        cast.riley,
        LegalBasis.CLIENT_REQUEST,
        to_client=True,
        recipient_name=cast.riley.display_name,
        categories=frozenset({Category.DEMOGRAPHICS, Category.SERVICE_DATES}),
    )
    text = " ".join(pdf_text(export_pdfs(casey, request)["record.pdf"]).split())
    assert text.startswith("Your copy of your record")
    assert "Prepared for You, the client, at your request" in text
    assert "Date of birth 1987-06-05" in text
    # tests.settings keeps Django's TIME_ZONE: the zone's name follows every time.
    assert "UTC" in text.split("Produced", 1)[1].split("\n", 1)[0]


def test_an_export_whose_pdf_would_lose_a_character_is_refused_and_not_recorded(casey, cast):
    signed_note(casey, cast.riley, f"Synthetic note with an unprintable {UNCOVERED} character.")
    exported = AuditEntry.objects.filter(event=AuditEvent.RECORD_EXPORTED).count()
    with pytest.raises(GlyphMissing, match="U\\+10FFFD"):
        actions.export_record(casey, court_order(cast.riley))
    assert not Disclosure.objects.exists()
    assert AuditEntry.objects.filter(event=AuditEvent.RECORD_EXPORTED).count() == exported


def test_the_disclose_page_answers_a_refused_pdf_with_one_line(client, casey, cast):
    from tests.disclosure.test_pages import reauthenticated

    signed_note(casey, cast.riley, f"Synthetic note {UNCOVERED}.")
    browser = reauthenticated(sign_in(client, casey))
    court = BASIS_DETAILS[LegalBasis.COURT_ORDER]
    response = browser.post(
        f"/clients/{cast.riley.pk}/disclose/",
        {
            "basis": LegalBasis.COURT_ORDER,
            "recipient_name": "Clerk of the Circuit Court",
            "recipient_address": "1 Nowhere Plaza",
            "purpose": "Response to the court's order",
            "categories": [Category.PROGRESS_NOTES],
            **{f"{LegalBasis.COURT_ORDER}__{key}": value for key, value in court.items()},
        },
    )
    assert response.status_code == 409, response.content[:2000]
    assert b"U+10FFFD" in response.content and b"was not made" in response.content
    assert response["Content-Type"].startswith("text/html")
    assert not Disclosure.objects.exists()
