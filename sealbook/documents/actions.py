"""Adding, reading and recovering attached documents and recordings.

Each action authorises, saves and audits in one transaction. The encrypted
file is written to storage's `incoming/` area before the action runs (by the
upload handler, or by `encrypt_upload` for files the CLI or the demo adds)
and moved into place only once the row holding its key has committed.
"""

from __future__ import annotations

import base64
import contextlib
import re
import uuid
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.apps import apps
from django.db import transaction

from sealbook.access.policy import Action, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.crypto.stream import StreamReader, StreamWriter, new_file_key
from sealbook.core.errors import InvalidCiphertext, SealbookError
from sealbook.documents import fingerprint
from sealbook.documents.models import Document, DocumentKind
from sealbook.documents.storage import storage
from sealbook.records.models import Client

MAX_TITLE = 200


class DocumentError(SealbookError):
    """A document could not be added or read (the message says why, never what it holds)."""


class RecordingConsentMissing(DocumentError):
    pass


def stream_context(document_id: uuid.UUID) -> bytes:
    """Binds a stored file's chunks to the one document row that holds its key."""
    return b"sealbook/document/v1/" + document_id.bytes


@dataclass
class EncryptedUpload:
    """A file already encrypted into storage's incoming area, not yet attached."""

    document_id: uuid.UUID
    file_key: bytes
    filename: str
    content_type: str
    size: int
    stored_size: int
    stored_digest: str
    digest_algorithm: str = fingerprint.CURRENT

    def discard(self) -> None:
        storage().discard(self.document_id.hex)


class UploadEncryptor:
    """Encrypts one incoming file as its pieces arrive (used by the web upload handler)."""

    def __init__(self, filename: str, content_type: str) -> None:
        self.document_id = uuid.uuid4()
        self.file_key = new_file_key()
        self.filename = filename
        self.content_type = content_type
        self._sink = storage().incoming(self.document_id.hex)
        try:
            self._writer = StreamWriter(self.file_key, stream_context(self.document_id), self._sink)
        except BaseException:
            self._sink.discard()
            raise

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self._writer.write(data)

    def finish(self) -> EncryptedUpload:
        self._writer.finish()
        digest = self._sink.close()
        return EncryptedUpload(
            document_id=self.document_id,
            file_key=self.file_key,
            filename=self.filename,
            content_type=self.content_type,
            size=self._writer.plaintext_size,
            stored_size=self._sink.size,
            stored_digest=digest,
        )

    def discard(self) -> None:
        self._sink.discard()


def encrypt_upload(source: BinaryIO, *, filename: str, content_type: str) -> EncryptedUpload:
    """Encrypt a local file object into storage (for the CLI, the demo and tests)."""
    encryptor = UploadEncryptor(filename, content_type)
    buffer = memoryview(bytearray(1024 * 1024))
    try:
        # typing.BinaryIO lacks readinto, which every binary file object has.
        while size := source.readinto(buffer):  # type: ignore[attr-defined]
            encryptor.write(buffer[:size])
        return encryptor.finish()
    except BaseException:
        encryptor.discard()
        raise


def require_recording_consent(client: Client) -> None:
    """APA 4.03: no recording is attached to a chart without the client's recording consent.

    Asks the consent app (`sealbook.consent`) when it is installed. Without it
    no recording consent can exist, so recordings are refused (fail closed).
    """
    if not apps.is_installed("sealbook.consent"):
        raise RecordingConsentMissing(
            "recordings need the client's recording consent (APA 4.03), and consents are "
            "not available in this installation"
        )
    from sealbook.consent.status import ConsentMissing, require_consent

    try:
        require_consent(client, "recording")
    except ConsentMissing as exc:
        raise RecordingConsentMissing(f"a recording needs consent (APA 4.03): {exc}") from None


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise DocumentError("a document needs a title")
    if len(title) > MAX_TITLE:
        raise DocumentError(f"a title is at most {MAX_TITLE} characters")
    return title


def _safe_content_type(content_type: str) -> str:
    content_type = content_type.split(";")[0].strip().lower()
    if re.fullmatch(r"[a-z0-9.+-]+/[a-z0-9.+-]+", content_type):
        return content_type
    return "application/octet-stream"


def add_document(
    actor: Any, client: Client, upload: EncryptedUpload, *, title: str, kind: str
) -> Document:
    """Attach an encrypted upload to a chart; on any refusal the incoming file is discarded."""
    try:
        authorize(actor, Action.ADD_DOCUMENT, client)
    except BaseException:
        upload.discard()
        raise
    return store_document(actor, client, upload, title=title, kind=kind)


def store_document(
    actor: Any, client: Client, upload: EncryptedUpload, *, title: str, kind: str
) -> Document:
    """`add_document` for a caller that has decided access itself: the client portal,
    which keeps a client's message attachment in the same encrypted store (the
    person is the client, who appears in no rule of the staff policy)."""
    try:
        if kind not in DocumentKind.values:
            raise DocumentError("a document is a document or a session recording")
        if kind == DocumentKind.RECORDING:
            require_recording_consent(client)
        with transaction.atomic():
            document = Document(
                id=upload.document_id,
                client=client,
                kind=kind,
                title=_clean_title(title),
                filename=upload.filename[:255],
                content_type=_safe_content_type(upload.content_type),
                file_key=base64.b64encode(upload.file_key).decode(),
                size=upload.size,
                stored_size=upload.stored_size,
                stored_digest=upload.stored_digest,
                digest_algorithm=upload.digest_algorithm,
                uploaded_by=actor,
            )
            document.save()
            record(
                AuditEvent.DOCUMENT_ADDED,
                actor=actor,
                client_id=client.id,
                obj=document,
                # The digest is keyed by its algorithm's name, as in the backup
                # manifest: entries written before BLAKE3 carry "sha256".
                detail={
                    "kind": kind,
                    "size": upload.size,
                    upload.digest_algorithm: upload.stored_digest,
                },
            )
    except BaseException:
        upload.discard()
        raise
    storage().commit(document.storage_name)
    return document


def view_document(actor: Any, document: Document, *, byte_range: tuple[int, int] | None) -> None:
    authorize(actor, Action.VIEW_DOCUMENTS, document.client)
    detail = {"range": list(byte_range)} if byte_range else {}
    record(
        AuditEvent.DOCUMENT_VIEWED,
        actor=actor,
        client_id=document.client_id,
        obj=document,
        detail=detail,
    )


def open_document(document: Document) -> tuple[StreamReader, BinaryIO]:
    """A reader over the decrypted file; refuses a stored file whose size changed."""
    store = storage()
    try:
        source = store.open(document.storage_name)
    except FileNotFoundError:
        source = _finish_interrupted_commit(document)
    try:
        if store.size(document.storage_name) != document.stored_size:
            raise InvalidCiphertext()
        file_key = base64.b64decode(document.file_key)
        reader = StreamReader(file_key, stream_context(document.id), source, document.stored_size)
    except BaseException:
        source.close()
        raise
    return reader, source


def _finish_interrupted_commit(document: Document) -> BinaryIO:
    """Open a file whose process died after committing its row but before moving it in.

    The row is committed, so the file in incoming/ is the document's: finish
    the move now, as the next start's `recover_storage` would, rather than
    call a committed document missing until then. Only files of dead
    processes are taken, so a live upload's own move is never raced.
    """
    store = storage()
    for name, pid in list(store.stale_incoming()):
        if name == document.storage_name:
            with contextlib.suppress(FileNotFoundError):  # another reader moved it first
                store.commit(name, pid)
    try:
        return store.open(document.storage_name)
    except FileNotFoundError:
        raise DocumentError("the stored file of this document is missing") from None


def read_document(document: Document) -> bytes:
    """The whole decrypted file in memory (small files and tests only)."""
    reader, source = open_document(document)
    with source:
        return b"".join(reader)


def recover_storage() -> tuple[int, int]:
    """Finish or clear what a crashed process left in incoming/; returns (moved, removed).

    An incoming file whose row committed is moved into place; one whose row
    never committed is deleted (its key died with the process, so it could
    never be read). Stored files with no row (a destruction interrupted after
    its commit) are deleted too.
    """
    store = storage()
    moved = removed = 0
    for name, pid in list(store.stale_incoming()):
        if Document.objects.filter(pk=uuid.UUID(hex=name)).exists():
            store.commit(name, pid)
            moved += 1
        else:
            store.remove_incoming(name, pid)
            removed += 1
    # List the files before asking for their rows: a file is moved into place
    # only after its row committed, so a file listed first always finds its row.
    stored = list(store.names())
    ids = [uuid.UUID(hex=name) for name in stored]
    known = {d.hex for d in Document.objects.filter(pk__in=ids).values_list("id", flat=True)}
    for name in stored:
        if name not in known:
            store.delete(name)
            removed += 1
    return moved, removed
