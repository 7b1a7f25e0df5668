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

from django.db import models, transaction
from django.utils import timezone

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
        head = AuditHead.objects.select_for_update().get(pk=1)
        seq = head.size  # entries are numbered from 0, as leaves of the Merkle tree
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
        chain = chain_hash(bytes(head.chain_hash), leaf)
        frontier = merkle.CompactRange.from_bytes(bytes(head.frontier))
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
        head.size = seq + 1
        head.root_hash = root_hash
        head.chain_hash = chain
        head.frontier = frontier.to_bytes()
        head.signed_note = note
        head.save()
        if head.size % CHECKPOINT_INTERVAL == 0:
            AuditCheckpoint.objects.create(size=head.size, signed_note=note, created_at=now)
    return entry


def read_detail(entry: AuditEntry) -> dict[str, Any]:
    """Decrypt an entry's detail (needs the practice unsealed)."""
    raw = bytes(entry.detail)
    if not raw:
        return {}
    plain = runtime.audit_detail_key().open(raw, detail_context(entry.seq))
    result: dict[str, Any] = json.loads(plain)
    return result
