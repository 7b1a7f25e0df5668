"""Verifying the audit log in runs checked side by side, with the same findings as in order.

Each entry's own checks (its seq, leaf hash and chain hash) depend only on
its stored row and the stored chain hash of the entry before it, so runs of
the log can be checked in other processes (`check_segment`) while this one
checks the first run; `verify_log_in_parts` then adds their confirmed leaves
to the Merkle tree in order (`LogVerifier.join`) and compares every signed
root. A run that is not intact is never diagnosed on its own: the whole log
is then verified once more in order, so the finding is always the one
`verify_log` gives. The processes themselves are the caller's
(`sealbook/audit/forked.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from sealbook.core.audit.verify import (
    AuditVerificationError,
    LogVerifier,
    Segment,
    StoredEntry,
    VerifyReport,
    check_entries,
)


def split_bounds(end: int, parts: int) -> list[int]:
    """Bounds [0, ..., end] that cut seqs [0, end) into `parts` runs of about equal size.

    Fewer runs when the log has fewer entries than `parts`, so none is empty.
    """
    parts = max(1, min(parts, end))
    return [end * k // parts for k in range(parts + 1)]


Reader = Callable[[int | None, int | None], Iterable[StoredEntry]]
"""Reads the entries with `low <= seq < high` in seq order; None leaves that side open."""

SegmentChecker = Callable[[Sequence[tuple[int, int]], int], Iterator["Segment | None"]]
"""Starts `check_segment` on each (low, high) run elsewhere, given `unsigned_from`, and
yields each run's Segment in order as it is done (None if that check could not run)."""


def verify_log_in_parts(
    bounds: Sequence[int],
    read: Reader,
    check_elsewhere: SegmentChecker,
    new_verifier: Callable[[], LogVerifier],
) -> VerifyReport:
    """`verify_log`, with the runs of the log after the first checked elsewhere at the same time.

    `bounds` are ascending seqs [0, b1, ..., end]: this process checks the
    entries below b1 while `check_elsewhere` checks [b1, b2), ..., [.., end).
    `new_verifier` makes a `LogVerifier` for the log's checkpoints and head.
    The result, report or error, is exactly `verify_log`'s over `read(None,
    None)`: a fault in this process's run is raised as found, in order; a
    later run that is not intact or does not join (rows missing at a bound,
    rows changed between reads) sends the whole log through a new verifier
    once more, in order, so that it names the first bad entry.
    """
    verifier = new_verifier()
    later = [(bounds[i], bounds[i + 1]) for i in range(1, len(bounds) - 1)]
    segments = check_elsewhere(later, verifier.unsigned_from)
    verifier.check(read(None, bounds[1]))
    joined = verifier.expected == bounds[1]
    if joined:
        for segment in segments:
            if segment is None or not verifier.join(segment):
                joined = False
                break
    if not joined:
        verifier = new_verifier()
        verifier.check(read(None, None))
        return verifier.finish()
    return verifier.finish(processes=len(bounds) - 1)


def check_segment(
    entries: Iterable[StoredEntry], *, first_seq: int, previous_chain: bytes, unsigned_from: int
) -> Segment:
    """The local checks of `verify_log` (seq, leaf and chain hashes) on a run of entries.

    Each entry's checks depend only on its stored row and the stored chain
    hash of the entry before it, so separate runs of the log can be checked
    in parallel; `LogVerifier.join` then adds their leaves to the Merkle tree
    in order and compares the signed roots. `unsigned_from` is the verifier's.
    """
    leaves = bytearray()
    last_chain = previous_chain
    try:
        _, last_chain = check_entries(
            entries,
            expected=first_seq,
            previous=previous_chain,
            unsigned_from=unsigned_from,
            append=leaves.extend,
        )
        intact = True
    except AuditVerificationError:
        intact = False
    return Segment(first_seq, previous_chain, bytes(leaves), last_chain, intact)
