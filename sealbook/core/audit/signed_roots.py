"""The signed roots a log must match: its checkpoints, its signed head and a witness.

Each is opened and checked against the log key before any entry is read;
`check_roots` compares them with the recomputed Merkle root as the stream of
entries reaches each one's size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sealbook.core.audit.checkpoint import (
    Checkpoint,
    CheckpointError,
    parse_signed_checkpoint,
    verifier_key,
)
from sealbook.core.audit.faults import AuditVerificationError, Reason
from sealbook.core.audit.merkle import CompactRange


@dataclass(frozen=True, slots=True)
class SignedCheckpointRef:
    """A stored checkpoint: its size column and its signed note."""

    size: int
    note: str


@dataclass(frozen=True, slots=True)
class SignedHead:
    """The stored head of the log: size and root columns and their signed note."""

    size: int
    root_hash: bytes
    note: str


@dataclass(frozen=True, slots=True)
class SignedRoot:
    """A root the recomputed tree must have at `size`, and how to name it in a message."""

    size: int
    root_hash: bytes
    name: str


def signed_roots(
    checkpoints: Sequence[SignedCheckpointRef],
    public_key: bytes,
    origin: str,
    head: SignedHead | None,
    witness: Checkpoint | None,
) -> list[SignedRoot]:
    try:
        verifier = verifier_key(origin, public_key)
    except CheckpointError as error:
        raise AuditVerificationError(Reason.BAD_CHECKPOINT, str(error)) from None
    roots = []
    for ref in checkpoints:
        checkpoint = _open(ref.note, verifier, origin, "")
        if checkpoint.size != ref.size:
            raise AuditVerificationError(
                Reason.BAD_CHECKPOINT,
                f"the stored size {ref.size} of a checkpoint does not match its signed note",
            )
        roots.append(SignedRoot(checkpoint.size, checkpoint.root_hash, "the checkpoint"))
    if head is not None:
        checkpoint = _open(head.note, verifier, origin, "the signed head is invalid: ")
        if checkpoint.size != head.size or checkpoint.root_hash != head.root_hash:
            raise AuditVerificationError(
                Reason.BAD_CHECKPOINT,
                "the signed head's stored size or root does not match its signed note",
            )
        roots.append(SignedRoot(head.size, head.root_hash, "the signed head"))
    if witness is not None:
        if witness.origin != origin:
            raise AuditVerificationError(
                Reason.BAD_CHECKPOINT, "the witness checkpoint is for another log"
            )
        roots.append(SignedRoot(witness.size, witness.root_hash, "the witness checkpoint"))
    roots.sort(key=lambda signed: signed.size)
    return roots


def _open(note: str, verifier: str, origin: str, context: str) -> Checkpoint:
    try:
        checkpoint = parse_signed_checkpoint(note, verifier)
    except CheckpointError as error:
        raise AuditVerificationError(Reason.BAD_CHECKPOINT, f"{context}{error}") from None
    if checkpoint.origin != origin:
        raise AuditVerificationError(
            Reason.BAD_CHECKPOINT, f"{context}a stored checkpoint is for another log"
        )
    return checkpoint


def check_roots(
    signed_roots: list[SignedRoot], pending: int, compact: CompactRange, verified_size: int
) -> tuple[int, int]:
    """Compare every signed root at the current size; return the new (pending, verified_size)."""
    current: bytes | None = None
    while pending < len(signed_roots) and signed_roots[pending].size == compact.size:
        signed = signed_roots[pending]
        if current is None:
            current = compact.root()
        if signed.root_hash != current:
            first, last = verified_size, signed.size - 1
            where = f"entry {first}" if first == last else f"entries {first} to {last}"
            raise AuditVerificationError(
                Reason.DIFFERS,
                f"the log differs from {_differs_name(signed)} of size {signed.size} "
                f"(the change is among {where})",
                first if first == last else None,
            )
        verified_size = signed.size
        pending += 1
    return pending, verified_size


def _differs_name(signed: SignedRoot) -> str:
    return "the signed checkpoint" if signed.name == "the checkpoint" else signed.name
