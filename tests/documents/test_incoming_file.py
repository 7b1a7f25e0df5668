"""A stored file's fingerprint covers exactly the bytes written, whatever threads do the work."""

from __future__ import annotations

import os
import threading

import blake3

from sealbook.documents.storage import IncomingFile, LocalStorage

NAME = "ab" * 16


def _helper_threads() -> set[str]:
    return {t.name for t in threading.enumerate() if t.name.startswith("sealbook-")}


def test_the_digest_is_the_blake3_of_the_stored_bytes_across_many_writebacks(tmp_path):
    store = LocalStorage(tmp_path)
    incoming = store.incoming(NAME)
    pieces = [os.urandom(n) for n in (37, 1, 1024 * 1024 + 16, 65_552, 3 * IncomingFile.WRITEBACK)]
    buffer = bytearray(max(len(p) for p in pieces))
    for piece in pieces:
        # The caller reuses one buffer, as StreamWriter does: the file must not see later bytes.
        buffer[: len(piece)] = piece
        incoming.write(memoryview(buffer)[: len(piece)])
        buffer[:] = bytes(len(buffer))
    digest = incoming.close()
    store.commit(NAME)
    stored = store.path(NAME).read_bytes()
    assert stored == b"".join(pieces)
    assert incoming.size == len(stored)
    assert digest == blake3.blake3(stored).hexdigest()
    assert len(digest) == 64


def test_an_empty_file_has_the_digest_of_nothing(tmp_path):
    incoming = LocalStorage(tmp_path).incoming(NAME)
    assert incoming.close() == blake3.blake3(b"").hexdigest()
    assert incoming.path.read_bytes() == b""


def test_discarding_removes_the_file_and_stops_the_helpers(tmp_path):
    before = _helper_threads()
    incoming = LocalStorage(tmp_path).incoming(NAME)
    incoming.write(os.urandom(100_000))
    incoming.discard()
    assert not incoming.path.exists()
    assert _helper_threads() == before
