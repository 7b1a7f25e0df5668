"""Whole-log verification: an untouched log passes, and every tampering is named."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import NamedTuple

import pytest

from sealbook.core.audit.checkpoint import Checkpoint, sign_checkpoint
from sealbook.core.audit.entry import GENESIS_CHAIN, AuditRecord, chain_hash
from sealbook.core.audit.merkle import CompactRange, root
from sealbook.core.audit.verify import (
    AuditVerificationError,
    Reason,
    SignedCheckpointRef,
    SignedHead,
    StoredEntry,
    VerifyReport,
    verify_log,
)
from sealbook.core.crypto.signing import SigningKey

ORIGIN = "sealbook.test/practice-log"
KEY = SigningKey(bytes(range(32)))
PUBLIC_KEY = KEY.public_key()
ATTACKER_KEY = SigningKey(bytes(32))
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
SIZE = 1200
CHECKPOINT_EVERY = 256


@dataclasses.dataclass
class Log:
    """What the database holds, plus what an attacker might have kept from earlier."""

    rows: list[StoredEntry]
    checkpoints: list[SignedCheckpointRef]
    head: SignedHead | None
    witness: Checkpoint | None
    old_heads: dict[int, SignedHead]

    def verify(self) -> VerifyReport:
        return verify_log(
            iter(self.rows),
            self.checkpoints,
            PUBLIC_KEY,
            origin=ORIGIN,
            head=self.head,
            witness=self.witness,
        )


def synthetic_record(seq: int) -> AuditRecord:
    return AuditRecord(
        seq=seq,
        occurred_at=START + timedelta(seconds=7 * seq, microseconds=seq),
        actor_id=None if seq % 10 == 0 else 1 + seq % 5,
        event=100 + seq % 7,
        client_id=None if seq % 3 == 0 else str(uuid.UUID(int=1 + seq % 40)),
        object_type="progress_note" if seq % 2 else "session",
        object_id=str(seq // 3),
        outcome="allowed" if seq % 11 else "denied",
        detail=bytes([seq % 256]) * (seq % 17),
    )


def write_log(size: int, signing_key: SigningKey = KEY) -> Log:
    """Append entries the way the Django side must: one transaction per entry.

    The frontier and last chain hash live in the head row as bytes; each append
    loads them, adds the entry, and re-signs the head. Every CHECKPOINT_EVERY
    entries the head's note is also kept as a checkpoint for the witness.
    """
    rows: list[StoredEntry] = []
    checkpoints: list[SignedCheckpointRef] = []
    old_heads: dict[int, SignedHead] = {}
    stored_frontier = CompactRange().to_bytes()
    last_chain = GENESIS_CHAIN
    head: SignedHead | None = None
    for seq in range(size):
        frontier = CompactRange.from_bytes(stored_frontier)
        record = synthetic_record(frontier.size)
        leaf = record.leaf_hash()
        chain = chain_hash(last_chain, leaf)
        frontier.append(leaf)
        tree_root = frontier.root()
        note = sign_checkpoint(Checkpoint(ORIGIN, frontier.size, tree_root), ORIGIN, signing_key)
        rows.append(StoredEntry(record, leaf, chain))
        head = SignedHead(frontier.size, tree_root, note)
        old_heads[seq + 1] = head
        if frontier.size % CHECKPOINT_EVERY == 0:
            checkpoints.append(SignedCheckpointRef(frontier.size, note))
        stored_frontier, last_chain = frontier.to_bytes(), chain
    return Log(rows, checkpoints, head, None, old_heads)


@cache
def pristine_log() -> Log:
    return write_log(SIZE)


def fresh_log() -> Log:
    log = pristine_log()
    return dataclasses.replace(log, rows=list(log.rows), checkpoints=list(log.checkpoints))


def with_content(entry: StoredEntry, **changes: object) -> StoredEntry:
    return entry._replace(record=entry.record._replace(**changes))  # type: ignore[arg-type]


def rehash(rows: list[StoredEntry], start: int, *, chains: bool = True) -> None:
    """Recompute the unkeyed hashes from `start` on, as an attacker with database access can."""
    previous = rows[start - 1].chain_hash if start else GENESIS_CHAIN
    for i in range(start, len(rows)):
        leaf = rows[i].record.leaf_hash()
        chain = chain_hash(previous, leaf) if chains else rows[i].chain_hash
        rows[i] = rows[i]._replace(leaf_hash=leaf, chain_hash=chain)
        previous = chain


def renumber(rows: list[StoredEntry], start: int) -> None:
    for i in range(start, len(rows)):
        rows[i] = with_content(rows[i], seq=i)


# Each tampering edits a fresh copy of the log in place.


def modify_content(log: Log) -> None:
    log.rows[57] = with_content(log.rows[57], outcome="tampered")


def modify_encrypted_detail(log: Log) -> None:
    log.rows[57] = with_content(log.rows[57], detail=b"\x00" * 16)


def modify_actor(log: Log) -> None:
    log.rows[57] = with_content(log.rows[57], actor_id=99)


def make_content_invalid(log: Log) -> None:
    log.rows[57] = with_content(log.rows[57], occurred_at=datetime(2026, 1, 5, 9, 0))  # noqa: DTZ001


def modify_stored_leaf_only(log: Log) -> None:
    log.rows[57] = log.rows[57]._replace(leaf_hash=bytes(32))


def modify_stored_chain_only(log: Log) -> None:
    log.rows[57] = log.rows[57]._replace(chain_hash=bytes(32))


def modify_content_and_its_hashes(log: Log) -> None:
    modify_content(log)
    log.rows[57] = log.rows[57]._replace(leaf_hash=log.rows[57].record.leaf_hash())
    log.rows[57] = log.rows[57]._replace(
        chain_hash=chain_hash(log.rows[56].chain_hash, log.rows[57].leaf_hash)
    )


def modify_content_and_every_later_hash(log: Log) -> None:
    modify_content(log)
    rehash(log.rows, 57)


def modify_content_after_the_last_checkpoint_and_every_later_hash(log: Log) -> None:
    log.rows[1100] = with_content(log.rows[1100], outcome="tampered")
    rehash(log.rows, 1100)


def modify_the_last_entry_and_its_hashes(log: Log) -> None:
    log.rows[-1] = with_content(log.rows[-1], outcome="tampered")
    rehash(log.rows, SIZE - 1)


def delete_a_row(log: Log) -> None:
    del log.rows[57]


def delete_three_rows(log: Log) -> None:
    del log.rows[57:60]


def delete_the_first_row(log: Log) -> None:
    del log.rows[0]


def delete_a_row_and_renumber(log: Log) -> None:
    del log.rows[57]
    renumber(log.rows, 57)


def delete_a_row_renumber_and_recompute_leaves(log: Log) -> None:
    delete_a_row_and_renumber(log)
    rehash(log.rows, 57, chains=False)


def swap_the_seq_of_two_rows(log: Log) -> None:
    a, b = log.rows[57], log.rows[90]
    log.rows[57] = with_content(b, seq=57)
    log.rows[90] = with_content(a, seq=90)


def swap_two_rows_with_recomputed_leaves(log: Log) -> None:
    swap_the_seq_of_two_rows(log)
    rehash(log.rows, 57, chains=False)


def deliver_rows_out_of_order(log: Log) -> None:
    log.rows.insert(60, log.rows.pop(50))


def insert_a_duplicate_seq(log: Log) -> None:
    forged = synthetic_record(57)
    forged = forged._replace(outcome="allowed", actor_id=4)
    log.rows.insert(58, StoredEntry(forged, forged.leaf_hash(), bytes(32)))


def insert_a_well_hashed_duplicate_before_the_original(log: Log) -> None:
    forged = synthetic_record(57)._replace(actor_id=4)
    leaf = forged.leaf_hash()
    log.rows.insert(57, StoredEntry(forged, leaf, chain_hash(log.rows[56].chain_hash, leaf)))


def insert_in_the_middle_and_renumber(log: Log) -> None:
    forged = synthetic_record(57)._replace(actor_id=4)
    leaf = forged.leaf_hash()
    log.rows.insert(57, StoredEntry(forged, leaf, chain_hash(log.rows[56].chain_hash, leaf)))
    renumber(log.rows, 58)
    rehash(log.rows, 58, chains=False)


def insert_at_the_end(log: Log) -> None:
    forged = synthetic_record(SIZE)
    leaf = forged.leaf_hash()
    log.rows.append(StoredEntry(forged, leaf, chain_hash(log.rows[-1].chain_hash, leaf)))


def truncate_the_tail(log: Log) -> None:
    del log.rows[1180:]


def truncate_below_a_checkpoint_and_drop_the_head(log: Log) -> None:
    del log.rows[1000:]
    log.head = None


def truncate_and_roll_back_the_head_with_a_witness(log: Log) -> None:
    log.witness = Checkpoint(ORIGIN, SIZE, root([row.leaf_hash for row in log.rows]))
    del log.rows[1180:]
    log.head = log.old_heads[1180]


def roll_back_the_head_but_keep_the_rows(log: Log) -> None:
    log.head = log.old_heads[1000]
    del log.rows[1000:]
    log.rows.extend(pristine_log().rows[1000:])


def forge_a_checkpoint_signature(log: Log) -> None:
    ref = log.checkpoints[1]
    body, _, signature = ref.note.rpartition(" ")
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    log.checkpoints[1] = SignedCheckpointRef(ref.size, f"{body} {flipped}")


def re_sign_everything_with_another_key(log: Log) -> None:
    modify_content(log)
    forged = write_log(SIZE, signing_key=ATTACKER_KEY)
    log.rows[:] = forged.rows
    log.checkpoints[:] = forged.checkpoints
    log.head = forged.head


def change_a_checkpoint_size_column(log: Log) -> None:
    log.checkpoints[1] = dataclasses.replace(log.checkpoints[1], size=500)


def change_the_head_root_column(log: Log) -> None:
    assert log.head is not None
    log.head = dataclasses.replace(log.head, root_hash=bytes(32))


def use_a_checkpoint_from_another_log(log: Log) -> None:
    other = Checkpoint("someone.else/log", 256, bytes(32))
    log.checkpoints[0] = SignedCheckpointRef(256, sign_checkpoint(other, ORIGIN, KEY))


class Case(NamedTuple):
    tamper: Callable[[Log], None]
    reason: Reason
    seq: int | None
    message: str


CASES = [
    Case(
        modify_content,
        Reason.MODIFIED,
        57,
        "entry 57 was modified (its content no longer matches its hash)",
    ),
    Case(modify_encrypted_detail, Reason.MODIFIED, 57, "entry 57 was modified"),
    Case(modify_actor, Reason.MODIFIED, 57, "entry 57 was modified"),
    Case(
        make_content_invalid,
        Reason.MODIFIED,
        57,
        "entry 57 was modified (it is no longer a valid entry)",
    ),
    Case(
        modify_stored_leaf_only,
        Reason.MODIFIED,
        57,
        "entry 57 was modified (its stored leaf hash was changed)",
    ),
    Case(
        modify_stored_chain_only, Reason.CHAIN_BROKEN, 57, "the hash chain breaks before entry 57"
    ),
    Case(
        modify_content_and_its_hashes,
        Reason.CHAIN_BROKEN,
        58,
        (
            "the hash chain breaks before entry 58: an entry was inserted "
            "there, or entry 57 or 58 was rewritten"
        ),
    ),
    Case(
        modify_content_and_every_later_hash,
        Reason.DIFFERS,
        None,
        (
            "the log differs from the signed checkpoint of size 256 (the change "
            "is among entries 0 to 255)"
        ),
    ),
    Case(
        modify_content_after_the_last_checkpoint_and_every_later_hash,
        Reason.DIFFERS,
        None,
        (
            "the log differs from the signed head of size 1200 (the change is "
            "among entries 1024 to 1199)"
        ),
    ),
    Case(
        modify_the_last_entry_and_its_hashes,
        Reason.DIFFERS,
        None,
        "the log differs from the signed head of size 1200",
    ),
    Case(delete_a_row, Reason.MISSING, 57, "entry 57 is missing (deleted)"),
    Case(delete_three_rows, Reason.MISSING, 57, "entries 57 to 59 are missing (deleted)"),
    Case(delete_the_first_row, Reason.MISSING, 0, "entry 0 is missing (deleted)"),
    Case(delete_a_row_and_renumber, Reason.OUT_OF_ORDER, 57, "entry 57 is out of order"),
    Case(
        delete_a_row_renumber_and_recompute_leaves,
        Reason.CHAIN_BROKEN,
        57,
        "the hash chain breaks before entry 57",
    ),
    Case(
        swap_the_seq_of_two_rows,
        Reason.OUT_OF_ORDER,
        57,
        "entry 57 is out of order (its stored hashes belong at another position)",
    ),
    Case(
        swap_two_rows_with_recomputed_leaves,
        Reason.CHAIN_BROKEN,
        57,
        "the hash chain breaks before entry 57",
    ),
    Case(deliver_rows_out_of_order, Reason.MISSING, 50, "entry 50 is missing"),
    Case(
        insert_a_duplicate_seq,
        Reason.INSERTED,
        57,
        "an entry was inserted at entry 57 (two entries have seq 57)",
    ),
    Case(
        insert_a_well_hashed_duplicate_before_the_original,
        Reason.INSERTED,
        57,
        "an entry was inserted at entry 57",
    ),
    Case(
        insert_in_the_middle_and_renumber,
        Reason.CHAIN_BROKEN,
        58,
        "the hash chain breaks before entry 58: an entry was inserted there",
    ),
    Case(
        insert_at_the_end,
        Reason.INSERTED,
        1200,
        "entry 1200 was added after the signed head of size 1200",
    ),
    Case(
        truncate_the_tail,
        Reason.TRUNCATED,
        1180,
        "the log is truncated: the signed head covers 1200 entries, the log has 1180",
    ),
    Case(
        truncate_below_a_checkpoint_and_drop_the_head,
        Reason.TRUNCATED,
        1000,
        "the log is truncated: the checkpoint covers 1024 entries, the log has 1000",
    ),
    Case(
        truncate_and_roll_back_the_head_with_a_witness,
        Reason.TRUNCATED,
        1180,
        "the log is truncated: the witness checkpoint covers 1200 entries, the log has 1180",
    ),
    Case(
        roll_back_the_head_but_keep_the_rows,
        Reason.ROLLED_BACK,
        None,
        (
            "the signed head of size 1000 is older than the checkpoint of size "
            "1024 (the head was rolled back)"
        ),
    ),
    Case(
        forge_a_checkpoint_signature,
        Reason.BAD_CHECKPOINT,
        None,
        "checkpoint signature does not verify",
    ),
    Case(
        re_sign_everything_with_another_key,
        Reason.BAD_CHECKPOINT,
        None,
        "the note has no signature from key sealbook.test/practice-log+",
    ),
    Case(
        change_a_checkpoint_size_column,
        Reason.BAD_CHECKPOINT,
        None,
        "the stored size 500 of a checkpoint does not match its signed note",
    ),
    Case(
        change_the_head_root_column,
        Reason.BAD_CHECKPOINT,
        None,
        "the signed head's stored size or root does not match its signed note",
    ),
    Case(
        use_a_checkpoint_from_another_log,
        Reason.BAD_CHECKPOINT,
        None,
        "a stored checkpoint is for another log",
    ),
]


@pytest.mark.parametrize(
    ("tamper", "reason", "seq", "message"),
    CASES,
    ids=[case.tamper.__name__.replace("_", " ") + " is detected" for case in CASES],
)
def test_tampering_is_detected_and_the_first_bad_entry_named(
    tamper: Callable[[Log], None], reason: Reason, seq: int | None, message: str
) -> None:
    log = fresh_log()
    tamper(log)
    assert log != pristine_log(), "the tampering changed nothing"
    with pytest.raises(AuditVerificationError) as raised:
        log.verify()
    error = raised.value
    assert (error.reason, error.seq) == (reason, seq), str(error)
    assert str(error).startswith(message)
    assert "\n" not in str(error)


def test_an_untouched_log_of_a_few_thousand_entries_verifies() -> None:
    log = write_log(3000)
    log.witness = Checkpoint(ORIGIN, 2000, root([row.leaf_hash for row in log.rows[:2000]]))
    report = verify_log(
        iter(log.rows),
        log.checkpoints,
        PUBLIC_KEY,
        origin=ORIGIN,
        head=log.head,
        witness=log.witness,
    )
    assert report.size == 3000
    assert report.root == root([row.leaf_hash for row in log.rows])
    assert report.checkpoints_verified == len(log.checkpoints) == 3000 // CHECKPOINT_EVERY


def test_an_empty_log_verifies_against_an_empty_signed_head() -> None:
    empty_root = CompactRange().root()
    note = sign_checkpoint(Checkpoint(ORIGIN, 0, empty_root), ORIGIN, KEY)
    report = verify_log([], [], PUBLIC_KEY, origin=ORIGIN, head=SignedHead(0, empty_root, note))
    assert (report.size, report.root, report.checkpoints_verified) == (0, empty_root, 0)


def test_without_a_witness_a_rolled_back_head_hides_truncation() -> None:
    # This is why checkpoints must be exported to a witness off the machine.
    log = fresh_log()
    del log.rows[1180:]
    log.head = log.old_heads[1180]
    log.verify()


def test_a_witness_for_another_log_is_refused() -> None:
    log = fresh_log()
    log.witness = Checkpoint("someone.else/log", 10, bytes(32))
    with pytest.raises(AuditVerificationError, match="witness checkpoint is for another log"):
        log.verify()


def test_a_witness_that_disagrees_with_the_log_is_reported() -> None:
    log = fresh_log()
    log.witness = Checkpoint(ORIGIN, 1100, bytes(32))
    with pytest.raises(AuditVerificationError) as raised:
        log.verify()
    assert raised.value.reason == Reason.DIFFERS
    assert str(raised.value).startswith("the log differs from the witness checkpoint of size 1100")


def test_verification_reads_the_entries_once_as_a_stream() -> None:
    log = fresh_log()
    consumed = 0

    def stream() -> Iterator[StoredEntry]:
        nonlocal consumed
        for row in log.rows:
            consumed += 1
            yield row

    report = verify_log(stream(), log.checkpoints, PUBLIC_KEY, origin=ORIGIN, head=log.head)
    assert consumed == report.size == SIZE
