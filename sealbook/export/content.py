"""What goes into a records export: the designated record set, read once.

The designated record set (HIPAA 164.501) is the client's demographics,
sessions, signed progress notes with their amendments, the documents and
session recordings attached to the chart, consents and authorizations, the
accounting of disclosures and the access log. Attached files are only named
here: `package.py` decrypts each one chunk by chunk as it writes it into the
archive, so a recording of any size is never held in memory. Draft notes
are not yet part of the record. Psychotherapy notes are not part of it at all
(164.524(a)(1)(i)); they are included only when their author releases
them (`sealbook.export.release`), and then only in a disclosure that asks for
them.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from sealbook.accounts.models import User
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.consent.models import ConsentSignature
from sealbook.disclosure.accounting import AccountingEntry, accounting_entries
from sealbook.disclosure.gate import DisclosureRequest
from sealbook.disclosure.models import Authorization, Category
from sealbook.documents.models import Document, DocumentKind
from sealbook.records.getters import owned_by
from sealbook.records.models import Client, NoteStatus, ProgressNote, Session


@dataclass(frozen=True)
class ReleasedPsychotherapyNote:
    """A psychotherapy note its author has chosen to release into an export."""

    id: str
    author: str
    written_at: datetime.datetime
    text: str


@dataclass(frozen=True)
class AccessLogEntry:
    seq: int
    at: datetime.datetime
    who: str
    what: str
    outcome: str


@dataclass(frozen=True)
class AttachedDocument:
    """A document or recording of the chart and the name it has inside the export."""

    document: Document

    @property
    def is_recording(self) -> bool:
        return bool(self.document.kind == DocumentKind.RECORDING)

    @property
    def size(self) -> int:
        return int(self.document.size)

    @property
    def path(self) -> str:
        """`documents/<id>.<extension>` (or `recordings/`): the title and file name stay inside."""
        name = self.document.filename or ""
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if not (suffix.isalnum() and len(suffix) <= 8):
            suffix = "bin"
        folder = "recordings" if self.is_recording else "documents"
        return f"{folder}/{self.document.id}.{suffix}"


@dataclass
class RecordContent:
    client: Client
    categories: frozenset[str]
    generated_at: datetime.datetime
    information_from: datetime.date | None = None
    information_to: datetime.date | None = None
    sessions: list[Session] = field(default_factory=list)
    notes: list[ProgressNote] = field(default_factory=list)
    documents: list[AttachedDocument] = field(default_factory=list)
    recordings: list[AttachedDocument] = field(default_factory=list)
    consents: list[ConsentSignature] = field(default_factory=list)
    authorizations: list[Authorization] = field(default_factory=list)
    accounting: list[AccountingEntry] = field(default_factory=list)
    access_log: list[AccessLogEntry] = field(default_factory=list)
    psychotherapy_notes: list[ReleasedPsychotherapyNote] = field(default_factory=list)
    # Why, and to whom, the record goes: the PDF's title and cover say it.
    request: DisclosureRequest | None = None

    def has(self, category: str) -> bool:
        return category in self.categories


def in_period(day: datetime.date, start: datetime.date | None, end: datetime.date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


# What the access log shows the client: every read and change, not the policy's
# own grant entries (except emergency access, which always shows).
_HIDDEN_EVENTS = {AuditEvent.ACCESS_GRANTED}


def access_log(client: Client) -> list[AccessLogEntry]:
    entries = AuditEntry.objects.filter(client_id=client.id).order_by("seq")
    names = dict(User.objects.values_list("pk", "display_name"))
    result = []
    for entry in entries.iterator():
        if entry.event in _HIDDEN_EVENTS and entry.outcome != "break-glass":
            continue
        try:
            what = AuditEvent(entry.event).name.replace("_", " ").lower()
        except ValueError:
            what = f"event {entry.event}"
        who = names.get(entry.actor_id, "Sealbook") if entry.actor_id else "Sealbook"
        result.append(AccessLogEntry(entry.seq, entry.occurred_at, who, what, entry.outcome))
    return result


def attached_files(client: Client, kind: str, content: RecordContent) -> list[AttachedDocument]:
    """The chart's files of `kind` attached within the export's period, oldest first."""
    result = []
    for document in owned_by(client, Document.objects.filter(kind=kind).order_by("created_at")):
        if in_period(document.created_at.date(), content.information_from, content.information_to):
            result.append(AttachedDocument(document))
    return result


def gather(
    client: Client,
    categories: frozenset[str],
    *,
    information_from: datetime.date | None = None,
    information_to: datetime.date | None = None,
    now: datetime.datetime,
    released: Sequence[ReleasedPsychotherapyNote] = (),
    request: DisclosureRequest | None = None,
) -> RecordContent:
    """Read what `categories` cover; psychotherapy notes only as `released` by their author."""
    content = RecordContent(client, categories, now, information_from, information_to)
    content.request = request
    if content.has(Category.SERVICE_DATES):
        content.sessions = list(
            Session.objects.filter(client=client).select_related("clinician").order_by("date")
        )
    if content.has(Category.PROGRESS_NOTES):
        notes = owned_by(
            client,
            ProgressNote.objects.filter(status=NoteStatus.SIGNED)
            .select_related("author", "session")
            .prefetch_related("amendments__author")
            .order_by("created_at"),
        )
        for note in notes:
            day = note.session.date if note.session else note.created_at.date()
            if in_period(day, information_from, information_to):
                content.notes.append(note)
    if content.has(Category.DOCUMENTS):
        content.documents = attached_files(client, DocumentKind.DOCUMENT, content)
    if content.has(Category.RECORDINGS):
        content.recordings = attached_files(client, DocumentKind.RECORDING, content)
    if content.has(Category.CONSENTS):
        content.consents = owned_by(client, ConsentSignature.objects.select_related("document"))
        content.authorizations = owned_by(client, Authorization.objects.all())
    if content.has(Category.ACCOUNTING):
        content.accounting = accounting_entries(client, now.date())
    if content.has(Category.ACCESS_LOG):
        content.access_log = access_log(client)
    if content.has(Category.PSYCHOTHERAPY_NOTES):
        content.psychotherapy_notes = list(released)
    return content
