"""Appending to the audit log: `record()` is the only writer.

Actions call `record()` inside the same transaction as the change they make,
so an action and its audit entry commit or roll back together. Each append
locks the head row, so entries get gapless sequence numbers even with several
server processes on PostgreSQL (on SQLite the IMMEDIATE transaction already
serialises writers).

A read writes nothing but its audit entry, outside any transaction; there
concurrent requests of one process share a transaction (group commit): one
lock of the head, one INSERT, one signature and one commit for all of them,
and each request continues only once that commit is done, so an access is
never answered before it is durably logged (docs/scale.md, bench/RESULTS.md
"Audit append").
"""

from __future__ import annotations

import contextlib
import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from sealbook.audit import hooks
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from sealbook.core.audit import merkle
from sealbook.core.audit.checkpoint import Checkpoint, sign_checkpoint
from sealbook.core.audit.entry import GENESIS_CHAIN, AuditRecord, chain_hash
from sealbook.core.crypto.aead import field_context
from sealbook.core.crypto.signing import SigningKey
from sealbook.vault import runtime

# A signed checkpoint is kept every this many entries, so verification can say
# between which two checkpoints a rewritten history diverges.
CHECKPOINT_INTERVAL = 1024


def origin(practice_id: uuid.UUID) -> str:
    """The checkpoint origin line: names this practice's log, and nothing about a client."""
    return f"sealbook.local/practice/{practice_id}"


def detail_context(seq: int) -> bytes:
    return field_context("audit_auditentry", "detail", str(seq))


# The head row's two statements on every append are written out: compiling
# them through the ORM took about ten times the CPU the database spent running
# them, on the path every chart view takes (bench/RESULTS.md, "Access").
_LOCK_HEAD = "SELECT size, chain_hash, frontier FROM audit_audithead WHERE id = 1"
_LOCK_HEAD_FOR_UPDATE = (
    "SELECT size, chain_hash, frontier FROM audit_audithead WHERE id = 1 FOR UPDATE"
)
_UPDATE_HEAD = (
    "UPDATE audit_audithead SET size = %s, root_hash = %s, chain_hash = %s,"
    " frontier = %s, signed_note = %s WHERE id = 1"
)


def _lock_head() -> tuple[int, bytes, bytes]:
    """(size, chain hash, frontier) of the head, locked until the transaction ends.

    SQLite has no row locks; there the IMMEDIATE transaction holds the write lock.
    """
    sql = _LOCK_HEAD_FOR_UPDATE if connection.features.has_select_for_update else _LOCK_HEAD
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    if row is None:
        raise AuditHead.DoesNotExist("the audit log has no head; was the practice created?")
    return int(row[0]), bytes(row[1]), bytes(row[2])


def start_log() -> None:
    """Create the empty head row (at practice creation)."""
    empty = merkle.CompactRange()
    AuditHead.objects.create(
        id=1, size=0, chain_hash=GENESIS_CHAIN, root_hash=empty.root(), frontier=empty.to_bytes()
    )


@dataclass(eq=False)  # each request's entry is itself, however alike two are
class _Pending:
    """One entry asked for, before it has a place in the log (everything but seq)."""

    actor_id: Any
    event: int
    client_id: uuid.UUID | None
    object_type: str
    object_id: str
    outcome: str
    detail_plain: bytes
    entry: AuditEntry | None = None
    error: BaseException | None = None
    done: bool = False


def record(
    event: AuditEvent,
    *,
    actor: Any = None,
    client_id: uuid.UUID | None = None,
    obj: models.Model | None = None,
    outcome: str = "success",
    detail: dict[str, Any] | None = None,
    object_id: str | None = None,
) -> AuditEntry:
    """Append one entry. `detail` is encrypted; keep identifying text out of it anyway.

    `object_id` names the object by something other than its primary key: a
    disclosure is named by the hash of its stored row, so the log seals the row.

    Inside a transaction the entry is written in it, so it commits or rolls
    back with the change it records. Outside one (a read: the entry is the
    only write) concurrent callers of this process are group-committed: one
    of them writes every waiting entry in one transaction, and each caller
    returns only once that transaction has committed.
    """
    pending = _Pending(
        actor_id=getattr(actor, "pk", actor),
        event=int(event),
        client_id=client_id,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        outcome=outcome,
        detail_plain=json.dumps(detail, sort_keys=True, default=str).encode() if detail else b"",
    )
    if connection.in_atomic_block:
        return _write_batch([pending])[0]
    return _group_commit(pending)


# Group commit: callers outside a transaction queue their entry; the first of
# them finding no batch being written writes the whole queue, the others wait.
_queue: list[_Pending] = []
_queue_changed = threading.Condition(threading.Lock())
_writing = False


def _group_commit(pending: _Pending) -> AuditEntry:
    global _writing
    with _queue_changed:
        _queue.append(pending)
        while _writing and not pending.done:
            _queue_changed.wait()
        if pending.done:  # another caller's batch carried it
            return _written(pending)
        _writing = True
        batch = _queue[:]
        _queue.clear()
    try:
        for other, entry in zip(batch, _write_batch(batch), strict=True):
            other.entry = entry
    except BaseException as exc:
        for other in batch:
            other.error = exc
        raise
    finally:
        with _queue_changed:
            for other in batch:
                other.done = True
            _writing = False
            _queue_changed.notify_all()
    return _written(pending)


def _written(pending: _Pending) -> AuditEntry:
    if pending.entry is None:
        raise pending.error or RuntimeError("the audit entry was not written")
    return pending.entry


def _write_batch(batch: list[_Pending]) -> list[AuditEntry]:
    """Give each entry the next place in the log and write them in one transaction.

    The head row is locked from reading it to the commit (SQLite: the
    IMMEDIATE transaction's write lock), so across processes the log grows one
    batch at a time, gap-free. Inside the lock: numbering, sealing the detail
    (its associated data names the entry's place), the leaf and chain hashes,
    the Merkle frontier, one INSERT and one signature over the new head.
    """
    signing_key = runtime.audit_signing_key()
    detail_key = runtime.audit_detail_key()
    log_origin = origin(runtime.practice_id())
    with transaction.atomic():
        # Entries are numbered from 0, as leaves of the Merkle tree.
        size, chain, head_frontier = _lock_head()
        frontier = merkle.CompactRange.from_bytes(head_frontier)
        now = timezone.now()
        entries: list[AuditEntry] = []
        checkpoints: list[AuditCheckpoint] = []
        for pending in batch:
            seq = size
            sealed_detail = (
                detail_key.seal(pending.detail_plain, detail_context(seq))
                if pending.detail_plain
                else b""
            )
            entry_record = AuditRecord(
                seq=seq,
                occurred_at=now,
                actor_id=pending.actor_id,
                event=pending.event,
                client_id=str(pending.client_id) if pending.client_id else None,
                object_type=pending.object_type,
                object_id=pending.object_id,
                outcome=pending.outcome,
                detail=sealed_detail,
            )
            leaf = merkle.leaf_hash(entry_record.canonical_bytes())
            chain = chain_hash(chain, leaf)
            frontier.append(leaf)
            size += 1
            entries.append(
                AuditEntry(
                    seq=seq,
                    occurred_at=now,
                    actor_id=pending.actor_id,
                    event=pending.event,
                    client_id=pending.client_id,
                    object_type=pending.object_type,
                    object_id=pending.object_id,
                    outcome=pending.outcome,
                    detail=sealed_detail,
                    leaf_hash=leaf,
                    chain_hash=chain,
                )
            )
            if size % CHECKPOINT_INTERVAL == 0:
                note = _signed_head(log_origin, size, frontier.root(), signing_key)
                checkpoints.append(AuditCheckpoint(size=size, signed_note=note, created_at=now))
        root_hash = frontier.root()
        note = (
            checkpoints[-1].signed_note
            if checkpoints and checkpoints[-1].size == size
            else _signed_head(log_origin, size, root_hash, signing_key)
        )
        with _one_round_trip():
            AuditEntry.objects.bulk_create(entries)
            with connection.cursor() as cursor:
                cursor.execute(_UPDATE_HEAD, [size, root_hash, chain, frontier.to_bytes(), note])
            if checkpoints:
                AuditCheckpoint.objects.bulk_create(checkpoints)
            # The one point where other apps see each new entry (audit.hooks): after
            # the head moved, so a hook that records an entry itself gets the next place.
            left = [then for entry in entries for then in hooks.appended(entry)]
        # The pipeline is synced: the hooks' answers are in, their alerts go in this transaction.
        hooks.finish(left)
        _refuse_failed_transaction()
    return entries


@contextlib.contextmanager
def _one_round_trip() -> Iterator[None]:
    """On PostgreSQL, send the INSERT, the head's UPDATE and the hooks' statements
    together (psycopg's pipeline mode): none of them waits for the one before, and the
    hooks read their answers after the block (`hooks.finish`), so an append with the
    alert rules' one statement per chart view costs one round trip to the server
    instead of three (bench/RESULTS.md, "The alert rules"). The statements still run
    in order, in the append's transaction; an error of any of them is raised as
    Django's database errors are, and the append fails."""
    if connection.vendor != "postgresql" or not _has_pipeline():
        yield
        return
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield


def _has_pipeline() -> bool:
    """Pipeline mode needs libpq 14 or later (psycopg's binary build brings its own)."""
    import psycopg

    return bool(psycopg.capabilities.has_pipeline())


def _refuse_failed_transaction() -> None:
    """Raise if a statement of the append failed unseen (PostgreSQL).

    In a pipeline an error may be reported to a later statement, a hook's, and
    hooks swallow their errors; and after any failed statement PostgreSQL turns the
    COMMIT into a rollback without an error. Either way the entry would be lost
    while `record()` returned it: the append fails instead.
    """
    if connection.vendor != "postgresql":
        return
    from psycopg.pq import TransactionStatus

    if connection.connection.info.transaction_status == TransactionStatus.INERROR:
        raise DatabaseError("a statement of the audit append failed; the entry is not written")


def _signed_head(log_origin: str, size: int, root_hash: bytes, signing_key: SigningKey) -> str:
    return sign_checkpoint(
        Checkpoint(origin=log_origin, size=size, root_hash=root_hash), log_origin, signing_key
    )


def read_detail(entry: AuditEntry) -> dict[str, Any]:
    """Decrypt an entry's detail (needs the practice unsealed)."""
    raw = bytes(entry.detail)
    if not raw:
        return {}
    plain = runtime.audit_detail_key().open(raw, detail_context(entry.seq))
    result: dict[str, Any] = json.loads(plain)
    return result
