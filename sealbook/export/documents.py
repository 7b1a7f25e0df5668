"""The readable PDFs of an export: the record itself and the accounting of disclosures."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from sealbook.disclosure import statements
from sealbook.disclosure.accounting import YEARS, AccountingEntry
from sealbook.disclosure.models import Authorization, Category
from sealbook.export.content import AttachedDocument, RecordContent
from sealbook.export.pdf import PdfDocument


def record_pdf(content: RecordContent, practice_name: str) -> bytes:
    client = content.client
    doc = PdfDocument(
        "Copy of your record",
        f"{practice_name} · produced {content.generated_at:%Y-%m-%d %H:%M} UTC · "
        "psychotherapy notes are not part of the record unless their author released them",
        created=content.generated_at,
    )
    if content.has(Category.DEMOGRAPHICS):
        doc.heading("Identifying and contact information")
        doc.field("Name", f"{client.legal_first_name} {client.legal_last_name}")
        doc.field("Date of birth", client.date_of_birth.isoformat() if client.date_of_birth else "")
        doc.field("Phone / e-mail", f"{client.phone or '-'} / {client.email or '-'}")
        doc.field(
            "Address",
            " ".join(
                p for p in (client.street, client.city, client.state, client.postal_code) if p
            ),
        )
    if content.has(Category.SERVICE_DATES):
        doc.heading("Sessions")
        for s in content.sessions:
            doc.paragraph(
                f"{s.date:%Y-%m-%d} {s.start_time:%H:%M}, {s.duration_minutes} min, "
                f"{s.get_service_display()}, {s.get_modality_display()}, with {s.clinician}"
            )
    if content.has(Category.PROGRESS_NOTES):
        doc.heading("Progress notes")
        if not content.notes:
            doc.paragraph("No signed notes in this period.")
        for note in content.notes:
            when = note.session.date if note.session else note.created_at.date()
            doc.subheading(f"{note.get_format_display()} note of {when:%Y-%m-%d} by {note.author}")
            doc.paragraph(note.as_text())
            if note.signed_at:
                doc.paragraph(f"Signed {note.signed_at:%Y-%m-%d %H:%M} UTC.")
            for amendment in note.amendments.all():
                doc.paragraph(
                    f"Amendment of {amendment.created_at:%Y-%m-%d} by {amendment.author} "
                    f"(reason: {amendment.reason}):\n{amendment.text}"
                )
            doc.rule()
    if content.has(Category.DOCUMENTS):
        doc.heading("Documents attached to the record")
        if not content.documents:
            doc.paragraph("No documents in this period.")
        _attached_files(doc, content.documents)
    if content.has(Category.RECORDINGS):
        doc.heading("Session recordings")
        if not content.recordings:
            doc.paragraph("No session recordings in this period.")
        _attached_files(doc, content.recordings)
    if content.psychotherapy_notes:
        doc.heading("Psychotherapy notes released by their author")
        for pn in content.psychotherapy_notes:
            doc.subheading(f"{pn.written_at:%Y-%m-%d} by {pn.author}")
            doc.paragraph(pn.text)
    if content.has(Category.CONSENTS):
        doc.heading("Consents")
        for sig in content.consents:
            doc.paragraph(
                f"{sig.document.title}, version {sig.document.version}: signed "
                f"{sig.signed_on:%Y-%m-%d} by {sig.signer_name} "
                f"({sig.get_method_display().lower()}); SHA-256 of the text {sig.text_sha256}"
            )
        doc.heading("Authorizations (releases of information)")
        for auth in content.authorizations:
            _authorization_summary(doc, auth, content)
    if content.has(Category.ACCOUNTING):
        doc.heading("Accounting of disclosures")
        accounting_section(doc, content.accounting)
    if content.has(Category.ACCESS_LOG):
        doc.heading("Who accessed the record")
        for entry in content.access_log:
            doc.paragraph(f"{entry.at:%Y-%m-%d %H:%M} {entry.who}: {entry.what} ({entry.outcome})")
    return doc.output()


def _attached_files(doc: PdfDocument, files: Sequence[AttachedDocument]) -> None:
    for attached in files:
        d = attached.document
        doc.paragraph(
            f"{d.created_at:%Y-%m-%d} {d.title} ({d.filename}, {attached.size} bytes): "
            f"file {attached.path} in this archive"
        )


def _authorization_summary(doc: PdfDocument, auth: Authorization, content: RecordContent) -> None:
    doc.paragraph(
        f"To {auth.recipient_name}, signed {auth.signed_on:%Y-%m-%d}: {auth.description} "
        f"({auth.status_label(content.generated_at.date()).lower()})"
    )


def accounting_section(doc: PdfDocument, entries: Sequence[AccountingEntry]) -> None:
    doc.paragraph(
        f"Disclosures of the last {YEARS} years that HIPAA 164.528 requires us to account for. "
        "Not listed, as the rule provides: disclosures for treatment, payment and health care "
        "operations, to you, under your authorization, and the others 164.528(a)(1) excludes."
    )
    if not entries:
        doc.paragraph("There were no such disclosures.")
    for e in entries:
        doc.subheading(f"{e.disclosed_on:%Y-%m-%d} to {e.recipient}")
        doc.field("Recipient's address", e.address)
        doc.field("What was disclosed", e.description)
        doc.field("Purpose", f"{e.purpose} ({e.basis})")


def accounting_pdf(
    client_label: str,
    practice_name: str,
    entries: Sequence[AccountingEntry],
    on: str,
    *,
    created: datetime.datetime | None = None,
) -> bytes:
    doc = PdfDocument(
        "Accounting of disclosures", f"{practice_name} · {client_label} · {on}", created=created
    )
    accounting_section(doc, entries)
    return doc.output()


def authorization_pdf(auth: Authorization, practice_name: str) -> bytes:
    """The client's printable copy of an authorization (164.508(c)(4))."""
    doc = PdfDocument("Authorization to disclose health information", practice_name)
    doc.field("Client", auth.client.display_name)
    doc.field("Information to be disclosed", auth.description)
    doc.field("Categories", ", ".join(Category(c).label for c in auth.categories))
    if auth.information_from or auth.information_to:
        doc.field("Period", f"{auth.information_from or 'start'} to {auth.information_to or 'now'}")
    doc.field("Who may disclose it", auth.discloser)
    doc.field("Recipient", f"{auth.recipient_name}\n{auth.recipient_address}".strip())
    doc.field("Purpose", auth.purpose)
    doc.field(
        "This authorization expires",
        auth.expires_on.isoformat() if auth.expires_on else f"at this event: {auth.expiry_event}",
    )
    doc.field("Signed by", auth.signer_name)
    doc.field("Date signed", auth.signed_on.isoformat())
    if auth.representative_authority:
        doc.field("Representative's authority", auth.representative_authority)
    doc.heading("Your rights")
    for text in (
        statements.RIGHT_TO_REVOKE,
        statements.CONDITIONING,
        statements.REDISCLOSURE,
        statements.COPY,
    ):
        doc.paragraph(text)
    if auth.revoked_on:
        doc.heading(f"Revoked on {auth.revoked_on:%Y-%m-%d}")
    return doc.output()
