"""The faults `verify_log` reports: a stable reason, the first bad entry, and a message.

The messages say what a reader of the report needs to find the change; the
module docstring of `verify.py` lists which tampering leads to which reason.
"""

from __future__ import annotations

from enum import StrEnum
from hashlib import sha256

from sealbook.core.audit.entry import CHAIN_DOMAIN
from sealbook.core.errors import SealbookError


class Reason(StrEnum):
    """What kind of tampering `verify_log` found; stable values for reports."""

    MODIFIED = "modified"
    MISSING = "missing"
    OUT_OF_ORDER = "out-of-order"
    INSERTED = "inserted"
    CHAIN_BROKEN = "chain-broken"
    TRUNCATED = "truncated"
    DIFFERS = "differs"
    ROLLED_BACK = "rolled-back"
    BAD_CHECKPOINT = "bad-checkpoint"


class AuditVerificationError(SealbookError):
    """The audit log does not verify; `seq` is the first bad entry when it is known."""

    def __init__(self, reason: Reason, message: str, seq: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.seq = seq


def sequence_error(seq: int, expected: int) -> AuditVerificationError:
    if seq > expected:
        if seq == expected + 1:
            message = f"entry {expected} is missing (deleted)"
        else:
            message = f"entries {expected} to {seq - 1} are missing (deleted)"
        return AuditVerificationError(Reason.MISSING, message, expected)
    if seq == expected - 1:
        return AuditVerificationError(
            Reason.INSERTED,
            f"an entry was inserted at entry {seq} (two entries have seq {seq})",
            seq,
        )
    return AuditVerificationError(
        Reason.OUT_OF_ORDER,
        f"entry {seq} is out of order (it comes after entry {expected - 1})",
        seq,
    )


def row_error(
    seq: int, previous: bytes, leaf: bytes, chain: bytes, stored_leaf: bytes, stored_chain: bytes
) -> AuditVerificationError:
    """Say why a row's recomputed hashes differ from its stored ones."""
    if leaf != stored_leaf:
        if chain == stored_chain:
            return AuditVerificationError(
                Reason.MODIFIED, f"entry {seq} was modified (its stored leaf hash was changed)", seq
            )
        # If the stored hashes still chain from the previous row, they were
        # written here and only the content changed; otherwise they were
        # written for another position and the row moved.
        try:
            chained = sha256(CHAIN_DOMAIN + previous + stored_leaf).digest() == stored_chain
        except TypeError:  # the stored leaf is not even bytes
            chained = True
        if chained:
            return AuditVerificationError(
                Reason.MODIFIED,
                f"entry {seq} was modified (its content no longer matches its hash)",
                seq,
            )
        return AuditVerificationError(
            Reason.OUT_OF_ORDER,
            f"entry {seq} is out of order (its stored hashes belong at another position)",
            seq,
        )
    if seq == 0:
        return AuditVerificationError(
            Reason.CHAIN_BROKEN,
            "the hash chain does not start at entry 0 (it was rewritten, or entries "
            "before it were deleted)",
            seq,
        )
    return AuditVerificationError(
        Reason.CHAIN_BROKEN,
        f"the hash chain breaks before entry {seq}: an entry was inserted there, "
        f"or entry {seq - 1} or {seq} was rewritten",
        seq,
    )


def entry_count(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"
