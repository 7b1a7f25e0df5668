"""The readable copy of a client's record (`record.pdf` in every records export).

The title and the cover say what the copy is for: the client's own copy, a
copy sent at the client's request, a release under an authorization, a
court order or another legal basis, with the recipient, the basis and its
details (court, case number, order date), the purpose and what is included.
Whoever receives it needs to know whose record it is even when identifying
information was not asked for, so the client's legal name and record id are
on the cover and at the foot of every page; the date of birth, address and
contact details only when identifying information is included.
"""

from __future__ import annotations

from collections.abc import Sequence

from sealbook.disclosure.bases import labelled_details
from sealbook.disclosure.gate import DisclosureRequest
from sealbook.disclosure.models import Category, LegalBasis
from sealbook.disclosure.pdfs import accounting_section, legal_name, running_line
from sealbook.export.content import AttachedDocument, RecordContent
from sealbook.pdf.document import PdfDocument, local_time

_TITLES: dict[str, str] = {
    LegalBasis.AUTHORIZATION: "Records released under the client's authorization",
    LegalBasis.CLIENT_REQUEST: "Copy of the record sent at the client's request",
    LegalBasis.TREATMENT: "Records disclosed for the client's treatment",
    LegalBasis.PAYMENT: "Records disclosed for payment",
    LegalBasis.OPERATIONS: "Records disclosed for health care operations",
    LegalBasis.COURT_ORDER: "Records produced under a court order",
    LegalBasis.DUTY_TO_WARN: "Records disclosed under the duty to warn or protect",
    LegalBasis.MANDATED_REPORT: "Records disclosed in a mandated report",
    LegalBasis.HEALTH_OVERSIGHT: "Records disclosed to a health oversight agency",
    LegalBasis.SUBPOENA: "Records produced in answer to a subpoena or discovery request",
    LegalBasis.LAW_ENFORCEMENT: "Records disclosed for a law-enforcement purpose",
}
CLIENT_COPY = "Your copy of your record"
UNSPECIFIED = "Copy of the record"


def title_for(request: DisclosureRequest | None) -> str:
    if request is None:
        return UNSPECIFIED
    if request.to_client:
        return CLIENT_COPY
    return _TITLES.get(request.basis, UNSPECIFIED)


def _cover(doc: PdfDocument, content: RecordContent) -> None:
    client, request = content.client, content.request
    doc.field("Client (legal name)", legal_name(client))
    doc.field("Record id", str(client.id))
    if content.has(Category.DEMOGRAPHICS) and client.date_of_birth:
        doc.field("Date of birth", client.date_of_birth.isoformat())
    if request is not None:
        if request.to_client:
            doc.field("Prepared for", "You, the client, at your request (HIPAA 164.524)")
        else:
            recipient = f"{request.recipient_name}\n{request.recipient_address}".strip()
            doc.field("Sent to", recipient)
        doc.field("Legal basis", str(LegalBasis(request.basis).label))
        auth = request.authorization
        if auth is not None:
            expires = auth.expires_on.isoformat() if auth.expires_on else auth.expiry_event
            doc.field(
                "Authorization",
                f"signed {auth.signed_on.isoformat()} by {auth.signer_name}; expires {expires}",
            )
        for label, value in labelled_details(request.basis, request.details):
            doc.field(label, value)
        purpose = request.purpose or (auth.purpose if auth is not None else "")
        doc.field("Purpose", purpose)
    included = [str(Category(c).label) for c in Category.values if content.has(c)]
    doc.field("Information included", "; ".join(included))
    if content.information_from or content.information_to:
        start = content.information_from.isoformat() if content.information_from else "start"
        end = content.information_to.isoformat() if content.information_to else "now"
        doc.field("Period", f"{start} to {end}")
    doc.field("Produced", local_time(content.generated_at))
    doc.paragraph(
        "Psychotherapy notes are not part of the record unless their author released them."
    )
    doc.rule()


def record_pdf(content: RecordContent, practice_name: str) -> bytes:
    client = content.client
    doc = PdfDocument(
        title_for(content.request),
        practice_name,
        running=running_line(client),
        created=content.generated_at,
    )
    _cover(doc, content)
    if content.has(Category.DEMOGRAPHICS):
        doc.heading("Identifying and contact information")
        doc.field("Name", legal_name(client))
        if client.preferred_name and client.preferred_name != client.legal_first_name:
            doc.field("Preferred name", client.preferred_name)
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
                doc.paragraph(f"Signed {local_time(note.signed_at)}.")
            for amendment in note.amendments.all():
                doc.paragraph(
                    f"Amendment of {local_time(amendment.created_at)} by {amendment.author} "
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
            doc.subheading(f"{local_time(pn.written_at)} by {pn.author}")
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
            doc.paragraph(
                f"To {auth.recipient_name}, signed {auth.signed_on:%Y-%m-%d}: {auth.description} "
                f"({auth.status_label(content.generated_at.date()).lower()})"
            )
    if content.has(Category.ACCOUNTING):
        doc.heading("Accounting of disclosures")
        accounting_section(doc, content.accounting)
    if content.has(Category.ACCESS_LOG):
        doc.heading("Who accessed the record")
        for entry in content.access_log:
            doc.paragraph(f"{local_time(entry.at)} {entry.who}: {entry.what} ({entry.outcome})")
    return doc.output()


def _attached_files(doc: PdfDocument, files: Sequence[AttachedDocument]) -> None:
    for attached in files:
        d = attached.document
        doc.paragraph(
            f"{d.created_at:%Y-%m-%d} {d.title} ({d.filename}, {attached.size} bytes): "
            f"file {attached.path} in this archive"
        )
