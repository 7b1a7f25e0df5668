"""Verifying the stored audit log, and exporting checkpoints to a witness.

Verification needs no secret: the public checkpoint key is kept in the clear
(in the database and, as the trusted copy, in SEALBOOK_HOME/keys/), so an
auditor can run `sealbook audit verify` on a sealed practice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Generator
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import origin, record
from sealbook.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from sealbook.core.audit.checkpoint import (
    Checkpoint,
    CheckpointError,
    parse_signed_checkpoint,
    verifier_key,
)
from sealbook.core.audit.entry import AuditRecord
from sealbook.core.audit.verify import (
    SignedCheckpointRef,
    SignedHead,
    StoredEntry,
    VerifyReport,
    verify_log,
)
from sealbook.core.errors import SealbookError
from sealbook.vault import paths, runtime

_COLUMNS = (
    "seq", "occurred_at", "actor_id", "event", "client_id", "object_type", "object_id",
    "outcome", "detail", "leaf_hash", "chain_hash",
)  # fmt: skip


def trusted_public_key() -> bytes:
    """The checkpoint key from the keys folder, checked against the database's copy."""
    ring = runtime.keyring()
    path = paths.audit_public_key_path()
    try:
        key = bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        raise SealbookError("the audit public key file is missing from the keys folder") from None
    except ValueError:
        raise SealbookError("the audit public key file is damaged") from None
    if key != bytes(ring.audit_public_key):
        raise SealbookError("the audit public key in the database differs from the keys folder")
    return key


def log_verifier_key() -> str:
    ring = runtime.keyring()
    return verifier_key(origin(ring.practice_id), trusted_public_key())


def _stream() -> Generator[StoredEntry, None, None]:
    """Every entry in seq order, straight from a cursor.

    A raw cursor rather than the ORM: Django's per-row converters cost about as
    much as all the hashing (bench/RESULTS.md), and verify must stay fast at a
    million entries. The two backends differ only in how they return times
    and UUIDs, which `_row_converter` irons out.
    """
    table = AuditEntry._meta.db_table
    columns = list(_COLUMNS)
    if connection.vendor == "sqlite":
        # An expression has no declared type, so Django's timestamp converter
        # (a regex parse per row) stays out of it; `when` parses the text in C.
        columns[1] = "occurred_at || ''"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY seq")  # noqa: S608
        convert = _row_converter()
        while rows := cursor.fetchmany(5000):
            for row in rows:
                yield convert(row)


def _row_converter() -> Callable[[tuple[Any, ...]], StoredEntry]:
    sqlite = connection.vendor == "sqlite"
    parse = datetime.datetime.fromisoformat

    def when(value: Any) -> datetime.datetime:
        # SQLite hands back naive UTC as text; PostgreSQL an aware datetime.
        if isinstance(value, str):
            return parse(value + "+00:00")
        if value.tzinfo is None:
            return value.replace(tzinfo=datetime.UTC)  # type: ignore[no-any-return]
        return value.astimezone(datetime.UTC)  # type: ignore[no-any-return]

    def client(value: Any) -> str | None:
        if value is None:
            return None
        if sqlite:  # 32 hex digits
            return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
        return str(value)

    def convert(row: tuple[Any, ...]) -> StoredEntry:
        seq, at, actor, event, client_id, otype, oid, outcome, detail, leaf, chain = row
        record = AuditRecord(
            seq=seq,
            occurred_at=when(at),
            actor_id=actor,
            event=event,
            client_id=client(client_id),
            object_type=otype,
            object_id=oid,
            outcome=outcome,
            detail=bytes(detail),
        )
        return StoredEntry(record, bytes(leaf), bytes(chain))

    return convert


# Tables outside the log whose rows the log seals (disclosures): each check
# raises AuditVerificationError when a row no longer matches its audit entry.
SEALED_TABLE_CHECKS: list[Callable[[], None]] = []


def register_sealed_table(check: Callable[[], None]) -> None:
    if check not in SEALED_TABLE_CHECKS:
        SEALED_TABLE_CHECKS.append(check)


def verify(witness_note: str | None = None) -> VerifyReport:
    """Verify the whole log (and, if given, that it still contains a witnessed checkpoint)."""
    ring = runtime.keyring()
    public_key = trusted_public_key()
    log_origin = origin(ring.practice_id)
    witness = None
    if witness_note is not None:
        try:
            witness = parse_signed_checkpoint(witness_note, verifier_key(log_origin, public_key))
        except CheckpointError as exc:
            raise SealbookError(f"the checkpoint file does not verify: {exc}") from None
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for head, checkpoints and entries, so appends made
            # while we read are not mistaken for tampering.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        head_row = AuditHead.objects.filter(pk=1).first()
        head = None
        if head_row is not None and head_row.signed_note:
            head = SignedHead(head_row.size, bytes(head_row.root_hash), head_row.signed_note)
        checkpoints = [
            SignedCheckpointRef(size, note)
            for size, note in AuditCheckpoint.objects.order_by("size").values_list(
                "size", "signed_note"
            )
        ]
        with closing(_stream()) as entries:
            report = verify_log(
                entries, checkpoints, public_key, origin=log_origin, head=head, witness=witness
            )
        for check in SEALED_TABLE_CHECKS:
            check()
        return report


def export_checkpoint(path: Path) -> Checkpoint:
    """Write the current signed head to `path` for an outside witness; record the export."""
    runtime.audit_signing_key()  # the export is audited, which needs the practice unsealed
    head = AuditHead.objects.get(pk=1)
    checkpoint = parse_signed_checkpoint(head.signed_note, log_verifier_key())
    record(AuditEvent.CHECKPOINT_EXPORTED, detail={"size": checkpoint.size})
    # The export itself is now the newest entry; export the head that includes it.
    head = AuditHead.objects.get(pk=1)
    checkpoint = parse_signed_checkpoint(head.signed_note, log_verifier_key())
    paths.write_private_file(path, head.signed_note.encode())
    AuditCheckpoint.objects.get_or_create(
        size=checkpoint.size,
        defaults={"signed_note": head.signed_note, "created_at": timezone.now()},
    )
    return checkpoint
