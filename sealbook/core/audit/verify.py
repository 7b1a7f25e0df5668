"""Verification of the whole audit log, streamed in seq order.

What the database holds, and what `verify_log` checks:

- each row: the `AuditRecord`, its stored leaf hash and its stored chain hash
  (see `entry.py`); the verifier recomputes both from the content and never
  trusts the stored columns for anything but naming the row that broke;
- signed checkpoints (C2SP notes) at some sizes, and one signed head, the
  checkpoint of the latest size, re-signed with every append; both are checked
  against the Merkle root recomputed from the content when the stream reaches
  their size;
- optionally a witness checkpoint: one that was exported off the machine and
  comes back from there, already verified, so the database cannot roll it back.

How each kind of tampering is caught, and what the error says (`reason`, `seq`):

- Change a row's content: its recomputed leaf differs from the stored leaf,
  while the stored hashes still chain from the row before. -> modified, that row.
- Change a row's content and recompute its leaf and chain hashes: the next
  row's stored chain hash no longer follows. -> chain-broken, the next row.
  If that was the last row, or every later chain hash was recomputed too, the
  Merkle root at the next signed checkpoint or the signed head differs, and the
  attacker cannot re-sign it. -> differs, None (the message gives the range of
  entries after the last checkpoint that matched).
- Delete a row: a gap in seq. -> missing, the deleted seq.
  Delete and renumber the rest: seq is hashed, so the leaf no longer matches
  and the stored hashes belong elsewhere (-> out-of-order), or, with the leaves
  recomputed, the chain breaks (-> chain-broken), or, with everything
  recomputed, a signed root differs (-> differs).
- Swap the seq of two rows: at the lower seq the recomputed leaf differs and
  the stored hashes do not chain at that position either. -> out-of-order, the
  lower seq.
- Insert a row with a seq already in use: a duplicate seq. -> inserted, that seq.
  Insert in the middle and renumber: the chain breaks at the row after the new
  one. -> chain-broken, the row after it (out-of-order if the leaves are stale).
- Append a row at the end: the signed head covers fewer rows than the log.
  -> inserted, the first row past the head.
- Truncate the tail: a checkpoint or the signed head covers more rows than the
  log. -> truncated, the first missing seq.
- Truncate and roll the head back to an older signed note: the witness
  checkpoint, kept off the machine, covers more rows than the log.
  -> truncated, the first missing seq.
- Roll the head back but keep the rows: a stored checkpoint is larger than
  the head. -> rolled-back, None.
- Replace a checkpoint or the head by a forged one: its signature does not
  verify under the log key. -> bad-checkpoint, None.

Local checks run row by row before the roots are compared, so the most
specific finding wins. The chain cannot tell a rewritten row from a rewritten
row before it; for "chain-broken" the change is in the named row or the one
before it, or an entry was inserted between them, and the message says so.

Streaming keeps only the Merkle frontier (O(log n) hashes) and the last chain
hash in memory, so a million entries verify in a few seconds; `parts.py`
checks runs of the log in other processes at the same time and joins them
here (`LogVerifier.join`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from hashlib import sha256
from typing import NamedTuple

from sealbook.core.audit.checkpoint import Checkpoint
from sealbook.core.audit.entry import CHAIN_DOMAIN, GENESIS_CHAIN, AuditRecord
from sealbook.core.audit.faults import (
    AuditVerificationError,
    Reason,
    entry_count,
    row_error,
    sequence_error,
)
from sealbook.core.audit.merkle import HASH_SIZE, CompactRange
from sealbook.core.audit.signed_roots import (
    SignedCheckpointRef,
    SignedHead,
    check_roots,
    signed_roots,
)

# Callers import the faults and the stored checkpoints from here, beside verify_log.
__all__ = [
    "AuditVerificationError",
    "LogVerifier",
    "Reason",
    "Segment",
    "SignedCheckpointRef",
    "SignedHead",
    "StoredEntry",
    "VerifyReport",
    "check_entries",
    "verify_log",
]

_LEAF_PREFIX = b"\x00"


class StoredEntry(NamedTuple):
    """One row of the log as read from the database.

    A named tuple rather than a dataclass because a million of them are built
    for every verification, and tuples are the cheapest to build and unpack.
    """

    record: AuditRecord
    leaf_hash: bytes
    chain_hash: bytes


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """A log that verified: its size, its Merkle root, and how many checkpoints matched.

    `processes` is how many processes checked runs of it side by side (1 when
    one pass read it all, as after a run that did not join).
    """

    size: int
    root: bytes
    checkpoints_verified: int
    processes: int = 1


def verify_log(
    entries: Iterable[StoredEntry],
    checkpoints: Sequence[SignedCheckpointRef],
    public_key: bytes,
    *,
    origin: str,
    head: SignedHead | None = None,
    witness: Checkpoint | None = None,
) -> VerifyReport:
    """Verify every entry, checkpoint and the head; raise AuditVerificationError on the first fault.

    `entries` must come in ascending seq order (ORDER BY seq) and be read in
    the same database snapshot as `checkpoints` and `head`. Checkpoints and the
    head must be signed with `public_key` under the key name `origin`.
    """
    verifier = LogVerifier(checkpoints, public_key, origin=origin, head=head, witness=witness)
    verifier.check(entries)
    return verifier.finish()


@dataclass(frozen=True, slots=True)
class Segment:
    """What `check_segment` confirmed of a run of entries checked on its own, in another process.

    `leaves` holds the recomputed leaf hashes (32 bytes each, in seq order) of
    the entries from `first_seq` on whose leaf and chain hashes matched the
    stored ones, starting from the stored chain hash `previous_chain` of the
    entry before. `intact` is False when the run stopped at a bad entry; its
    fault is not named here: the caller verifies the whole log in order
    instead, which names it exactly as `verify_log` would.
    """

    first_seq: int
    previous_chain: bytes
    leaves: bytes
    last_chain: bytes
    intact: bool


class LogVerifier:
    """Walks the log in seq order: each entry's hashes, and each signed root at its size.

    `verify_log` feeds it the whole log; `parts.verify_log_in_parts`, which
    has later runs of the log checked in other processes, feeds it the first
    run with `check` and the others, in order, with `join`.
    """

    def __init__(
        self,
        checkpoints: Sequence[SignedCheckpointRef],
        public_key: bytes,
        *,
        origin: str,
        head: SignedHead | None = None,
        witness: Checkpoint | None = None,
    ) -> None:
        self._signed_roots = signed_roots(checkpoints, public_key, origin, head, witness)
        self._head = head
        self._checkpoints = len(checkpoints)
        self._compact = CompactRange()
        self._pending = 0
        self._verified_size = 0
        self._largest_size = self._signed_roots[-1].size if self._signed_roots else -1
        # Rows past the signed head were never signed; but if a larger checkpoint
        # exists the head itself is stale, which `finish` reports instead.
        self.unsigned_from = (
            head.size if head is not None and head.size == self._largest_size else -1
        )
        self.expected = 0
        self.previous = GENESIS_CHAIN
        self._next_size = self._reach()

    def check(self, entries: Iterable[StoredEntry]) -> None:
        """Check the next entries, which must continue the log from `expected`."""
        self.expected, self.previous = check_entries(
            entries,
            expected=self.expected,
            previous=self.previous,
            unsigned_from=self.unsigned_from,
            append=self._compact.append,
            stop=self._next_size,
            at_stop=self._reach,
        )

    def join(self, segment: Segment) -> bool:
        """Add a segment checked elsewhere; False if it is not intact or does not continue the log.

        On False nothing is known about where the fault is, and the caller
        must verify the whole log with a new verifier.
        """
        if (
            not segment.intact
            or segment.first_seq != self.expected
            or segment.previous_chain != self.previous
        ):
            return False
        append = self._compact.append
        leaves = segment.leaves
        expected = self.expected
        stop = self._next_size
        for offset in range(0, len(leaves), HASH_SIZE):
            append(leaves[offset : offset + HASH_SIZE])
            expected += 1
            if expected == stop:
                stop = self._reach()
        self.expected = expected
        self.previous = segment.last_chain
        return True

    def finish(self, processes: int = 1) -> VerifyReport:
        """Check that the log reached every signed size; return the report."""
        roots = self._signed_roots
        if self._pending < len(roots):
            largest = roots[-1]
            raise AuditVerificationError(
                Reason.TRUNCATED,
                f"the log is truncated: {largest.name} covers {entry_count(largest.size)}, "
                f"the log has {self.expected}",
                self.expected,
            )
        if self._head is not None and self._head.size < self._largest_size:
            raise AuditVerificationError(
                Reason.ROLLED_BACK,
                f"the signed head of size {self._head.size} is older than "
                f"{roots[-1].name} of size {self._largest_size} (the head was rolled back)",
            )
        return VerifyReport(
            size=self.expected,
            root=self._compact.root(),
            checkpoints_verified=self._checkpoints,
            processes=processes,
        )

    def _reach(self) -> int:
        """Compare the signed roots of the tree's current size; return the next size with one."""
        self._pending, self._verified_size = check_roots(
            self._signed_roots, self._pending, self._compact, self._verified_size
        )
        pending = self._pending
        self._next_size = (
            self._signed_roots[pending].size if pending < len(self._signed_roots) else -1
        )
        return self._next_size


def _no_stop() -> int:
    return -1


def check_entries(
    entries: Iterable[StoredEntry],
    *,
    expected: int,
    previous: bytes,
    unsigned_from: int,
    append: Callable[[bytes], object],
    stop: int = -1,
    at_stop: Callable[[], int] = _no_stop,
) -> tuple[int, bytes]:
    """Check consecutive entries from seq `expected`; return the next seq and the last chain hash.

    The row checks of `verify_log`, shared with `parts.check_segment`.

    Each confirmed leaf goes to `append`; when the count of entries reaches
    `stop`, `at_stop` is called and returns the next stop (-1 for none). This
    loop runs once per entry of a million-entry log, so it keeps to locals.
    """
    for record, stored_leaf, stored_chain in entries:
        seq = record.seq
        if seq != expected:
            raise sequence_error(seq, expected)
        if expected == unsigned_from:
            raise AuditVerificationError(
                Reason.INSERTED,
                f"entry {expected} was added after the signed head of size {unsigned_from}",
                expected,
            )
        try:
            leaf = sha256(_LEAF_PREFIX + record.canonical_bytes()).digest()
        except (ValueError, TypeError, AttributeError):
            raise AuditVerificationError(
                Reason.MODIFIED,
                f"entry {expected} was modified (it is no longer a valid entry)",
                expected,
            ) from None
        chain = sha256(CHAIN_DOMAIN + previous + leaf).digest()
        if leaf != stored_leaf or chain != stored_chain:
            raise row_error(expected, previous, leaf, chain, stored_leaf, stored_chain)
        append(leaf)
        previous = chain
        expected += 1
        if expected == stop:
            stop = at_stop()
    return expected, previous
