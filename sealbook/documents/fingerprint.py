"""The fingerprint of a stored file: a 256-bit hash of its ciphertext, named by its algorithm.

A document's fingerprint is kept with its row, pinned in its DOCUMENT_ADDED
audit entry and checked by every backup. New files are fingerprinted with
BLAKE3 (256-bit output), which costs about a fifth of SHA-256's CPU, so
hashing no longer bounds how fast an attachment is stored (issue 6;
bench/RESULTS.md, "Attachments"). Files stored before 2026-11-26 keep the
SHA-256 they were stored with: it is still correct for their bytes, and it is
the value their audit entry pins, so it is checked as SHA-256, never
recomputed under the new algorithm.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Protocol

import blake3

BLAKE3 = "blake3"
SHA256 = "sha256"
CURRENT = BLAKE3
ALGORITHMS = (BLAKE3, SHA256)

_PIECE = 1024 * 1024


class Hasher(Protocol):
    def update(self, data: bytes | bytearray | memoryview, /) -> object: ...
    def hexdigest(self) -> str: ...


def new_hasher(algorithm: str = CURRENT) -> Hasher:
    if algorithm == BLAKE3:
        return blake3.blake3()
    if algorithm == SHA256:
        return hashlib.sha256()
    raise ValueError(f"unknown fingerprint algorithm {algorithm!r}")


def fingerprint_file(path: Path, algorithm: str) -> tuple[int, str]:
    """The size of the file at `path` and its hex digest under `algorithm`."""
    digest = new_hasher(algorithm)
    size = 0
    with open(path, "rb") as f:
        while piece := f.read(_PIECE):
            digest.update(piece)
            size += len(piece)
    return size, digest.hexdigest()
