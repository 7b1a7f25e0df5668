"""Verifying the stored audit log, and exporting checkpoints to a witness.

Verification needs no secret: the public checkpoint key is kept in the clear
(in the database and, as the trusted copy, in SEALBOOK_HOME/keys/), so an
auditor can run `sealbook audit verify` on a sealed practice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing, contextmanager
from functools import partial
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from sealbook.audit import forked, rows
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import origin, record
from sealbook.audit.models import AuditCheckpoint, AuditHead
from sealbook.core.audit.checkpoint import (
    Checkpoint,
    CheckpointError,
    parse_signed_checkpoint,
    verifier_key,
)
from sealbook.core.audit.parts import split_bounds, verify_log_in_parts
from sealbook.core.audit.verify import (
    LogVerifier,
    SignedCheckpointRef,
    SignedHead,
    StoredEntry,
    VerifyReport,
    verify_log,
)
from sealbook.core.errors import SealbookError
from sealbook.vault import paths, runtime


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


# Tables outside the log whose rows the log seals (disclosures): each check
# raises AuditVerificationError when a row no longer matches its audit entry.
SEALED_TABLE_CHECKS: list[Callable[[], None]] = []


def register_sealed_table(check: Callable[[], None]) -> None:
    if check not in SEALED_TABLE_CHECKS:
        SEALED_TABLE_CHECKS.append(check)


def verify(witness_note: str | None = None, *, processes: int | None = 1) -> VerifyReport:
    """Verify the whole log (and, if given, that it still contains a witnessed checkpoint).

    `processes` above 1 checks runs of the log in that many processes side by
    side (`forked.py`; from the CLI only), None as many as pay off for the
    log's size. Inside a transaction the log is always read in this process:
    other processes could not see what the transaction wrote.
    """
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
    with _one_snapshot():
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
        end = rows.end(connection)
        if processes is None:
            processes = forked.processes_for(end)
        if processes > 1 and outermost:
            with ExitStack() as cleanup:
                runs = cleanup.enter_context(forked.ForkedRuns(forked.export_snapshot()))

                def read(low: int | None, high: int | None) -> Iterator[StoredEntry]:
                    return cleanup.enter_context(closing(rows.stream(connection, low, high)))

                new_verifier = partial(
                    LogVerifier,
                    checkpoints,
                    public_key,
                    origin=log_origin,
                    head=head,
                    witness=witness,
                )
                report = verify_log_in_parts(
                    split_bounds(end, processes), read, runs.check, new_verifier
                )
        else:
            with closing(rows.stream(connection)) as entries:
                report = verify_log(
                    entries, checkpoints, public_key, origin=log_origin, head=head, witness=witness
                )
        for check in SEALED_TABLE_CHECKS:
            check()
        return report


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """Read head, checkpoints and entries in one snapshot, without holding up writers.

    One snapshot, so that appends made while we read are not mistaken for
    tampering. On SQLite, Django's transactions begin IMMEDIATE (they take the
    write lock at once, `sealbook.conf`), which would make every writer of a
    live practice wait for the whole verification; a deferred transaction
    reads one WAL snapshot and takes no write lock. Verification writes
    nothing, so it ends with a rollback. Inside a caller's transaction, the
    log is read in that transaction.
    """
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
    else:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield


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
