"""The authorization's printable copy and the accounting of disclosures."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from sealbook.disclosure import statements
from sealbook.disclosure.accounting import YEARS, AccountingEntry
from sealbook.disclosure.models import Authorization, Category
from sealbook.pdf.document import PdfDocument
from sealbook.records.models import Client


def legal_name(client: Client) -> str:
    return f"{client.legal_first_name or ''} {client.legal_last_name or ''}".strip()


def running_line(client: Client) -> str:
    """What the foot of every page says: whose record this is."""
    return f"{legal_name(client)} · record id {client.id}"


def accounting_section(doc: PdfDocument, entries: Sequence[AccountingEntry]) -> None:
    doc.paragraph(
        f"Disclosures of the last {YEARS} years that HIPAA 164.528 requires us to account for. "
        "Not listed, as the rule provides: disclosures for treatment, payment and health care "
        "operations, to the client, under the client's authorization, and the others "
        "164.528(a)(1) excludes."
    )
    if not entries:
        doc.paragraph("There were no such disclosures.")
    for number, e in enumerate(entries, start=1):
        doc.subheading(f"{number}. {e.disclosed_on:%Y-%m-%d}: disclosure to {e.recipient}")
        doc.field("Date", e.disclosed_on.isoformat())
        doc.field("Recipient", e.recipient)
        doc.field("Recipient's address", e.address or "Not known")
        doc.field("What was disclosed", e.description)
        doc.field("Purpose", e.purpose)
        doc.field("Legal basis", e.basis)
        for label, value in e.details:
            doc.field(label, value)
        doc.rule()


def accounting_pdf(
    client: Client,
    practice_name: str,
    entries: Sequence[AccountingEntry],
    on: datetime.date,
    *,
    created: datetime.datetime | None = None,
) -> bytes:
    doc = PdfDocument(
        "Accounting of disclosures",
        f"{practice_name} · for {legal_name(client)} (record id {client.id}) · "
        f"produced on {on.isoformat()}",
        running=running_line(client),
        created=created,
    )
    accounting_section(doc, entries)
    return doc.output()


def authorization_pdf(auth: Authorization, practice_name: str) -> bytes:
    """The client's printable copy of an authorization (164.508(c)(4)), with lines to sign."""
    client = auth.client
    doc = PdfDocument(
        "Authorization to disclose health information",
        practice_name,
        running=running_line(client),
    )
    doc.field("Client (full legal name)", legal_name(client))
    if client.preferred_name and client.preferred_name != client.legal_first_name:
        doc.field("Also known as", client.display_name)
    if client.date_of_birth:
        doc.field("Date of birth", client.date_of_birth.isoformat())
    doc.field("Information to be disclosed", auth.description)
    doc.field("Categories", ", ".join(str(Category(c).label) for c in auth.categories))
    if auth.information_from or auth.information_to:
        doc.field("Period", f"{auth.information_from or 'start'} to {auth.information_to or 'now'}")
    doc.field("Who may disclose it", auth.discloser)
    doc.field("Recipient", f"{auth.recipient_name}\n{auth.recipient_address}".strip())
    doc.field("Purpose", auth.purpose)
    doc.field(
        "This authorization expires",
        auth.expires_on.isoformat() if auth.expires_on else f"at this event: {auth.expiry_event}",
    )
    doc.heading("Your rights")
    for text in (
        statements.RIGHT_TO_REVOKE,
        statements.CONDITIONING,
        statements.REDISCLOSURE,
        statements.COPY,
    ):
        doc.paragraph(text)
    doc.heading("Signature")
    doc.field("Signed by (printed name)", auth.signer_name)
    doc.field("Date signed", auth.signed_on.isoformat())
    if auth.representative_authority:
        doc.field("Representative's authority to act for the client", auth.representative_authority)
    doc.signature_line("Signature of the client or the client's personal representative")
    doc.signature_line("Date")
    if auth.revoked_on:
        doc.heading(f"Revoked on {auth.revoked_on:%Y-%m-%d}")
    return doc.output()
