"""Shared makers for the consent, disclosure and export tests (all data synthetic)."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any

from django.utils import timezone

from sealbook.disclosure.elements import AuthorizationDraft
from sealbook.disclosure.gate import DisclosureRequest
from sealbook.disclosure.models import Category, LegalBasis

PHYSICIAN = "Dr. Avery Synthetic-Internist"
PHYSICIAN_ADDRESS = "400 Placeholder Ave, Fictionville OR 97000"


def today() -> datetime.date:
    return timezone.localdate()


def complete_draft(**overrides: Any) -> AuthorizationDraft:
    draft = AuthorizationDraft(
        kind="general",
        categories=[Category.PROGRESS_NOTES, Category.SERVICE_DATES, Category.DEMOGRAPHICS],
        description="Progress notes and dates of service since intake",
        discloser="Casey Clinician, Test practice",
        recipient_name=PHYSICIAN,
        recipient_address=PHYSICIAN_ADDRESS,
        purpose="Coordination of care with the primary care physician",
        expires_on=today() + datetime.timedelta(days=180),
        signer_name="Riley Synthwood",
        signed_on=today(),
        statement_right_to_revoke=True,
        statement_conditioning=True,
        statement_redisclosure=True,
        copy_given_to_client=True,
    )
    return replace(draft, **overrides)


def authorization_request(client: Any, auth: Any, **overrides: Any) -> DisclosureRequest:
    values: dict[str, Any] = {
        "client": client,
        "basis": LegalBasis.AUTHORIZATION,
        "authorization": auth,
        "recipient_name": auth.recipient_name,
        "recipient_address": auth.recipient_address,
        "purpose": auth.purpose,
        "categories": frozenset({Category.PROGRESS_NOTES}),
    }
    values.update(overrides)
    return DisclosureRequest(**values)


# A complete set of details for each legal basis.
BASIS_DETAILS: dict[str, dict[str, str]] = {
    LegalBasis.CLIENT_REQUEST: {"request_received_on": "2026-01-05", "identity_verified": "yes"},
    LegalBasis.TREATMENT: {"recipient_role": "Psychiatrist prescribing for the client"},
    LegalBasis.PAYMENT: {"payer_reference": "Claim 0000-SYNTH", "minimum_necessary": "yes"},
    LegalBasis.OPERATIONS: {"activity": "Annual quality review", "minimum_necessary": "yes"},
    LegalBasis.COURT_ORDER: {
        "court": "Circuit Court of Fictionville County",
        "case_number": "26-CV-00000",
        "order_date": "2026-01-10",
    },
    LegalBasis.DUTY_TO_WARN: {
        "threat": "Stated intent to harm a named coworker",
        "person_at_risk_or_able_to_help": "Fictionville police",
        "good_faith": "yes",
    },
    LegalBasis.MANDATED_REPORT: {"law": "ORS 419B.010", "agency_reference": "CPS-SYNTH-1"},
    LegalBasis.HEALTH_OVERSIGHT: {
        "oversight_activity": "Licensing board audit under state law",
        "request_reference": "Board letter SYNTH-7",
    },
    LegalBasis.SUBPOENA: {
        "requesting_party": "Synthetic & Placeholder LLP for the plaintiff",
        "case_number": "26-CV-00001",
        "served_on": "2026-01-12",
        "protective_order": "Qualified protective order, Circuit Court, 2026-01-20",
    },
    LegalBasis.LAW_ENFORCEMENT: {
        "le_purpose": "judicial-process",
        "agency": "Fictionville police, Detective Synthetic",
        "request_reference": "Warrant SYNTH-42",
    },
}
# Legal demands release only a stated period (minimum necessary).
LEGAL_DEMAND_PERIOD = {
    "information_from": datetime.date(2026, 1, 1),
    "information_to": datetime.date(2026, 3, 31),
}


def basis_request(client: Any, basis: str, **overrides: Any) -> DisclosureRequest:
    values: dict[str, Any] = {
        "client": client,
        "basis": basis,
        "recipient_name": "Synthetic Recipient Office",
        "recipient_address": "1 Nowhere Plaza",
        "purpose": f"Synthetic purpose for {basis}",
        "categories": frozenset({Category.SERVICE_DATES}),
        "details": dict(BASIS_DETAILS.get(basis, {})),
        "to_client": False,
    }
    if basis in (LegalBasis.SUBPOENA, LegalBasis.LAW_ENFORCEMENT):
        values.update(LEGAL_DEMAND_PERIOD)
    values.update(overrides)
    return DisclosureRequest(**values)


# A synthetic name in three scripts: Chinese (Han), Arabic and Devanagari.
MULTI_SCRIPT_FIRST = "李明"
MULTI_SCRIPT_LAST = "سمير शर्मा"
MULTI_SCRIPT_WORDS = ("李明", "سمير", "शर्मा")


def pdf_text(data: bytes) -> str:
    """The text of every page, as pypdf extracts it through the fonts' ToUnicode maps.

    pypdf 7 reads a CFF font's embedded CMap encoding (how fpdf2 embeds Noto
    Sans CJK) as one byte per code, so each CJK character comes out after a
    U+0000 that is not in the PDF; it is dropped here. A PDF never contains
    U+0000 of its own: `sealbook.pdf.fonts` refuses control characters.
    """
    import io

    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    return "\n".join(page.extract_text() for page in pages).replace("\x00", "")


def missing_words(text: str, words: tuple[str, ...] = MULTI_SCRIPT_WORDS) -> list[str]:
    """The words of `words` that `text` does not contain whole.

    Whitespace is ignored: pypdf puts a space inside a shaped Devanagari
    cluster where glyphs overlap (कृष्ण comes out as "कृ ष्ण"). Each word is
    compared, not the phrase: a line mixing right-to-left Arabic words is
    drawn in visual order, and its words come back right to left (each word
    in logical order, since the shaped glyphs map back to their characters).
    """
    squashed = "".join(text.split())
    return [word for word in words if "".join(word.split()) not in squashed]
