"""Appending to the audit log: `record()` is the only writer.

Actions call `record()` inside the same transaction as the change they make,
so an action and its audit entry commit or roll back together. Each append
locks the head row, so entries get gapless sequence numbers even with several
server processes on PostgreSQL (on SQLite the IMMEDIATE transaction already
serialises writers).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from sealbook.audit import hooks
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from sealbook.core.audit import merkle
from sealbook.core.audit.checkpoint import Checkpoint, sign_checkpoint
from sealbook.core.audit.entry import GENESIS_CHAIN, AuditRecord, chain_hash
from sealbook.core.crypto.aead import field_context
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
    """
    signing_key = runtime.audit_signing_key()
    practice_id = runtime.practice_id()
    with transaction.atomic():
        # Entries are numbered from 0, as leaves of the Merkle tree.
        seq, head_chain, head_frontier = _lock_head()
        now = timezone.now()
        sealed_detail = b""
        if detail:
            plain = json.dumps(detail, sort_keys=True, default=str).encode()
            sealed_detail = runtime.audit_detail_key().seal(plain, detail_context(seq))
        entry_record = AuditRecord(
            seq=seq,
            occurred_at=now,
            actor_id=getattr(actor, "pk", actor),
            event=int(event),
            client_id=str(client_id) if client_id else None,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=object_id or (str(obj.pk) if obj is not None else ""),
            outcome=outcome,
            detail=sealed_detail,
        )
        leaf = merkle.leaf_hash(entry_record.canonical_bytes())
        chain = chain_hash(head_chain, leaf)
        frontier = merkle.CompactRange.from_bytes(head_frontier)
        frontier.append(leaf)
        root_hash = frontier.root()
        log_origin = origin(practice_id)
        note = sign_checkpoint(
            Checkpoint(origin=log_origin, size=seq + 1, root_hash=root_hash),
            log_origin,
            signing_key,
        )
        entry = AuditEntry.objects.create(
            seq=seq,
            occurred_at=now,
            actor_id=entry_record.actor_id,
            event=entry_record.event,
            client_id=client_id,
            object_type=entry_record.object_type,
            object_id=entry_record.object_id,
            outcome=outcome,
            detail=sealed_detail,
            leaf_hash=leaf,
            chain_hash=chain,
        )
        with connection.cursor() as cursor:
            cursor.execute(_UPDATE_HEAD, [seq + 1, root_hash, chain, frontier.to_bytes(), note])
        if (seq + 1) % CHECKPOINT_INTERVAL == 0:
            AuditCheckpoint.objects.create(size=seq + 1, signed_note=note, created_at=now)
        # The one point where other apps see each new entry (audit.hooks).
        hooks.appended(entry)
    return entry


def read_detail(entry: AuditEntry) -> dict[str, Any]:
    """Decrypt an entry's detail (needs the practice unsealed)."""
    raw = bytes(entry.detail)
    if not raw:
        return {}
    plain = runtime.audit_detail_key().open(raw, detail_context(entry.seq))
    result: dict[str, Any] = json.loads(plain)
    return result
