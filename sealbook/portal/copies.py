"""A copy of the record asked for in the portal (HIPAA 164.524), delivered as a download.

The request opens an access request with the export app's 30-day clock. A
member of the care team who may export answers it: the export goes through
the disclosure gate (basis: the client's own request) as any copy does, and
its ZIP is streamed from the export's encrypted spool into storage, sealed by
the stream AEAD under a fresh file key that is itself encrypted under the
client's key. It stays there until `DOWNLOAD_DAYS` after delivery; the client
downloads it after giving their password and second factor again. When the
window ends the file is deleted (`remove_expired`: every ten minutes in
`sealbook serve`, and first in every copy action, so an expired copy can
never be opened).

Delivering writes the sealed ZIP under `portal-copies/incoming/` and moves it
into place only once the delivery's transaction has committed. A delivery that
fails leaves neither a file nor a change; one whose process dies (kill -9, a
power cut) may leave an incoming file, which `sweep_incoming` finishes or
clears: at `sealbook serve`'s start and with every run of the expiry job.

The files live beside the attachments, in `portal-copies/`, out of the
documents app's reach: they are no document of the chart (a later export must
not carry the earlier ones), and its recovery would delete a file without a
document row.
"""

from __future__ import annotations

import base64
import copy as shallow
import datetime
import logging
import uuid
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from sealbook.access.policy import Action, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.crypto.stream import StreamReader, StreamWriter, new_file_key
from sealbook.core.errors import InvalidCiphertext
from sealbook.documents.storage import LocalStorage, storage
from sealbook.export.actions import fulfil_access_request, open_access_request_in_portal
from sealbook.export.package import SpooledExport
from sealbook.mail import MailError, Notice
from sealbook.portal.actions import PortalError
from sealbook.portal.contact import notify
from sealbook.portal.models import PortalAccount
from sealbook.portal.proof import reauthenticate
from sealbook.portal.rights_models import RecordCopy

log = logging.getLogger(__name__)

DOWNLOAD_DAYS = 14
# An incoming file this old is no delivery in progress: a delivery builds the export and
# writes it within one database transaction, which no server holds for hours.
STALE_INCOMING = datetime.timedelta(hours=6)
_BLOCK = 1024 * 1024


def copy_store() -> LocalStorage:
    """The attachments' storage (local or shared volume), rooted at its `portal-copies/`."""
    store = shallow.copy(storage())
    store.root = store.root / "portal-copies"
    return store


def _context(copy: RecordCopy) -> bytes:
    return b"sealbook/portal-copy/v1/" + copy.id.bytes


def request_copy(account: PortalAccount) -> RecordCopy:
    """The client asks for a copy; the 30-day clock starts today."""
    waiting = RecordCopy.objects.filter(
        account=account, delivered_at__isnull=True, access_request__fulfilled_at__isnull=True
    )
    if waiting.exists():
        raise PortalError("your earlier request for a copy is still being prepared")
    with transaction.atomic():
        access_request = open_access_request_in_portal(account.user, account.client)
        copy = RecordCopy(client=account.client, account=account, access_request=access_request)
        copy.save()
        record(
            AuditEvent.PORTAL_COPY_REQUESTED,
            actor=account.user,
            client_id=account.client_id,
            obj=copy,
            detail={"due_on": access_request.due_on},
        )
    return copy


def _seal_into(store: LocalStorage, copy: RecordCopy, export: SpooledExport, key: bytes) -> int:
    """Stream the spooled ZIP into storage's incoming area, encrypted; returns the stored size."""
    sink = store.incoming(copy.storage_name)
    try:
        writer = StreamWriter(key, _context(copy), sink)
        buffer = memoryview(bytearray(_BLOCK))
        export.file.seek(0)
        while count := export.file.readinto(buffer):
            writer.write(buffer[:count])
        writer.finish()
        sink.close()
    except BaseException:
        sink.discard()
        raise
    return writer.ciphertext_size


def deliver_copy(actor: Any, copy: RecordCopy) -> RecordCopy:
    """Answer the request: export through the gate, keep the ZIP encrypted for the client.

    One transaction holds the disclosure, the answered access request and the
    delivered copy: a failure anywhere leaves the request open and no file.
    """
    authorize(actor, Action.EXPORT_RECORD, copy.client)
    remove_expired()
    if copy.delivered_at is not None:
        raise PortalError("this copy was already delivered")
    store = copy_store()
    key = new_file_key()
    try:
        with transaction.atomic():
            # Portal accounts prove a password and a second factor at every login.
            _disclosure, export = fulfil_access_request(
                actor, copy.access_request, identity_verified=True
            )
            with export:
                stored_size = _seal_into(store, copy, export, key)
            now = timezone.now()
            copy.file_key = base64.b64encode(key).decode()
            copy.size, copy.stored_size, copy.zip_sha256 = export.size, stored_size, export.sha256
            copy.delivered_at, copy.delivered_by = now, actor
            copy.available_until = now + datetime.timedelta(days=DOWNLOAD_DAYS)
            copy.save()
            record(
                AuditEvent.PORTAL_COPY_DELIVERED,
                actor=actor,
                client_id=copy.client_id,
                obj=copy,
                detail={"zip_sha256": export.sha256, "until": copy.available_until.date()},
            )
    except BaseException:
        store.discard(copy.storage_name)
        raise
    store.commit(copy.storage_name)
    try:
        notify(copy.account, Notice.DOWNLOAD_READY)
    except MailError as exc:
        log.warning("download notice to portal account %s not sent: %s", copy.account_id, exc)
    return copy


def open_copy(
    account: PortalAccount, copy: RecordCopy, *, password: str, code: str
) -> Iterator[bytes]:
    """The decrypted ZIP, piece by piece, once the person has proved who they are again."""
    remove_expired()
    copy.refresh_from_db()
    if copy.account_id != account.pk or copy.state(timezone.now()) != "ready":
        raise PortalError("this copy is no longer available: ask for a new one")
    factor = reauthenticate(account, password, code)
    store = copy_store()
    source = store.open(copy.storage_name)
    try:
        if store.size(copy.storage_name) != copy.stored_size:
            raise InvalidCiphertext()
        reader = StreamReader(
            base64.b64decode(str(copy.file_key)), _context(copy), source, copy.stored_size
        )
        with transaction.atomic():
            copy.downloaded_at = copy.downloaded_at or timezone.now()
            copy.save(update_fields=["downloaded_at"])
            record(
                AuditEvent.PORTAL_COPY_DOWNLOADED,
                actor=account.user,
                client_id=copy.client_id,
                obj=copy,
                detail={"factor": factor},
            )
    except BaseException:
        source.close()
        raise

    def pieces() -> Iterator[bytes]:
        # Closed by the response when it is done (or abandoned): the file is closed with it.
        with source:
            yield from reader

    return pieces()


def remove_expired(now: datetime.datetime | None = None) -> int:
    """Delete the files of copies whose download window has ended; returns how many."""
    now = now or timezone.now()
    store = copy_store()
    removed = 0
    due = RecordCopy.objects.filter(available_until__lte=now, removed_at__isnull=True)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            # Several processes may run this at once: each copy is removed by one of them.
            copy = RecordCopy.objects.select_for_update().filter(pk=pk, removed_at__isnull=True)
            found = copy.first()
            if found is None:
                continue
            found.removed_at = now
            found.file_key = ""
            found.save(update_fields=["removed_at", "file_key"])
            record(AuditEvent.PORTAL_COPY_REMOVED, client_id=found.client_id, obj=found)
        store.delete(found.storage_name)
        removed += 1
    return removed


def sweep_incoming(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Finish or clear what crashed deliveries left in `portal-copies/incoming/`; returns
    (moved into place, removed).

    A file is left alone while a delivery may still be writing it: unless its
    process (on this machine) has died, until it is `STALE_INCOMING` old. A stale
    file whose copy committed as delivered (the process died between the commit and
    the move) is moved into place; any other is deleted: its delivery never
    committed, and its key died with the process, so it could never be read.
    """
    now = now or timezone.now()
    store = copy_store()
    moved = removed = 0
    for name, path, writer_dead in list(store.incoming_files()):
        try:
            age = now.timestamp() - path.stat().st_mtime
        except FileNotFoundError:
            continue  # moved or removed meanwhile
        if not writer_dead and age < STALE_INCOMING.total_seconds():
            continue
        delivered = RecordCopy.objects.filter(
            pk=uuid.UUID(hex=name), delivered_at__isnull=False, removed_at__isnull=True
        ).exists()
        if delivered and not store.path(name).exists():
            store.adopt(name, path)
            moved += 1
        else:
            path.unlink(missing_ok=True)
            removed += 1
    if moved or removed:
        log.info("portal copies: %d incoming file(s) moved into place, %d removed", moved, removed)
    return moved, removed
