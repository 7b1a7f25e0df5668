"""What the record holds as DocumentReferences, and who signed and amended it as Provenance.

Every note, amendment, attached document, session recording and released
psychotherapy note becomes a DocumentReference of the same shape; a
`Document` holds only what differs between them.
"""

from __future__ import annotations

import base64
import datetime
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sealbook.disclosure.models import Category
from sealbook.export.content import RecordContent
from sealbook.export.fhir.terms import (
    LOINC,
    NAMESPACE,
    PSYCHOTHERAPY_SECURITY,
    SECURITY,
    b64,
    instant,
    ref,
)

PROGRESS_NOTE = {"coding": [{"system": LOINC, "code": "11506-3", "display": "Progress note"}]}
PLAIN_TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Document:
    """One DocumentReference, as far as it differs from the others."""

    id: Any
    type: dict[str, Any]
    date: datetime.datetime
    author: str
    attachment: dict[str, Any]
    security: list[dict[str, str]] | None = None  # None: the record's usual labels
    doc_status: str | None = None
    description: str | None = None
    appends: Any = None  # the id of the note an amendment appends to
    encounter: Any = None  # the id of the session a note belongs to


def text_attachment(
    text: str, title: str | None = None, creation: datetime.datetime | None = None
) -> dict[str, Any]:
    attachment: dict[str, Any] = {"contentType": PLAIN_TEXT, "data": b64(text)}
    if title is not None:
        attachment["title"] = title
    if creation is not None:
        attachment["creation"] = instant(creation)
    return attachment


def document_reference(doc: Document, content: RecordContent) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "id": str(doc.id),
        "meta": {"security": SECURITY if doc.security is None else doc.security},
        "status": "current",
        "type": doc.type,
        "subject": ref("Patient", content.client.id),
        "date": instant(doc.date),
        "author": [{"display": doc.author}],
        "content": [{"attachment": doc.attachment}],
    }
    if doc.doc_status is not None:
        resource["docStatus"] = doc.doc_status
    if doc.description is not None:
        resource["description"] = doc.description
    if doc.appends is not None:
        resource["relatesTo"] = [
            {"code": "appends", "target": ref("DocumentReference", doc.appends)}
        ]
    if doc.encounter is not None:
        resource["context"] = {"encounter": [ref("Encounter", doc.encounter)]}
    return resource


def notes_and_amendments(content: RecordContent) -> Iterator[Document]:
    for note in content.notes:
        title = f"{note.get_format_display()} progress note"
        in_session = note.session_id and content.has(Category.SERVICE_DATES)
        yield Document(
            note.id,
            PROGRESS_NOTE,
            note.signed_at or note.created_at,
            str(note.author),
            text_attachment(note.as_text(), title, note.created_at),
            doc_status="final",
            description=title,
            encounter=note.session_id if in_session else None,
        )
        for amendment in note.amendments.all():
            amendment.client = content.client
            yield Document(
                amendment.id,
                PROGRESS_NOTE,
                amendment.created_at,
                str(amendment.author),
                text_attachment(amendment.text, "Amendment"),
                doc_status="amended",
                description="Amendment (HIPAA 164.526); reason: " + amendment.reason,
                appends=note.id,
            )


def attached_files(content: RecordContent) -> Iterator[Document]:
    """Documents and recordings: each file lies beside the bundle, named by `attachment.url`."""
    for attached in [*content.documents, *content.recordings]:
        document = attached.document
        kind = "Session recording" if attached.is_recording else "Document attached to the record"
        attachment = {
            "contentType": document.content_type or "application/octet-stream",
            "url": attached.path,
            "size": attached.size,
            "title": document.title,
            "creation": instant(document.created_at),
        }
        yield Document(
            document.id,
            {"text": kind},
            document.created_at,
            str(document.uploaded_by),
            attachment,
            description=document.title,
        )


def released_psychotherapy_notes(content: RecordContent) -> Iterator[Document]:
    for pn in content.psychotherapy_notes:
        yield Document(
            pn.id,
            {"text": "Psychotherapy note, released by its author"},
            pn.written_at,
            pn.author,
            text_attachment(pn.text),
            security=PSYCHOTHERAPY_SECURITY,
        )


def documents(content: RecordContent) -> list[dict[str, Any]]:
    every = [
        *notes_and_amendments(content),
        *attached_files(content),
        *released_psychotherapy_notes(content),
    ]
    return [document_reference(doc, content) for doc in every]


def provenances(content: RecordContent) -> list[dict[str, Any]]:
    result = []
    for note in content.notes:
        if note.signed_at is None:
            continue
        result.append(
            {
                "resourceType": "Provenance",
                "id": str(uuid.uuid5(NAMESPACE, f"signed:{note.id}")),
                "target": [ref("DocumentReference", note.id)],
                "recorded": instant(note.signed_at),
                "activity": {"text": "signed and locked"},
                "agent": [
                    {
                        "type": {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/"
                                    "provenance-participant-type",
                                    "code": "author",
                                }
                            ]
                        },
                        "who": {"display": str(note.author)},
                    }
                ],
                "signature": [
                    {
                        "type": [
                            {
                                "system": "urn:iso-astm:E1762-95:2013",
                                "code": "1.2.840.10065.1.12.1.1",
                                "display": "Author's Signature",
                            }
                        ],
                        "when": instant(note.signed_at),
                        "who": {"display": str(note.author)},
                        "data": base64.b64encode(bytes.fromhex(note.signed_digest)).decode(),
                        "sigFormat": "application/vnd.sealbook.sha256-of-ciphertext",
                    }
                ],
            }
        )
        for amendment in note.amendments.all():
            result.append(
                {
                    "resourceType": "Provenance",
                    "id": str(uuid.uuid5(NAMESPACE, f"amended:{amendment.id}")),
                    "target": [ref("DocumentReference", amendment.id)],
                    "recorded": instant(amendment.created_at),
                    "activity": {"text": "amendment appended (HIPAA 164.526)"},
                    "agent": [{"who": {"display": str(amendment.author)}}],
                }
            )
    return result
