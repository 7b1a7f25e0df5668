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


def test_buffers_handed_over_are_written_uncopied_and_come_back_for_reuse(tmp_path):
    store = LocalStorage(tmp_path)
    incoming = store.incoming(NAME)
    pieces = [os.urandom(n) for n in (1000, 4096, 1, 4096, 3000) * 5]
    buffer = bytearray(4096)
    handed = set()
    for piece in pieces:
        buffer[: len(piece)] = piece
        handed.add(id(buffer))
        buffer = incoming.swap(buffer, len(piece))
        assert len(buffer) == 4096
        buffer[:] = b"\xff" * 4096  # the caller fills what it got back: never a buffer in flight
    digest = incoming.close()
    store.commit(NAME)
    stored = store.path(NAME).read_bytes()
    assert stored == b"".join(pieces) and incoming.size == len(stored)
    assert digest == blake3.blake3(stored).hexdigest()
    # Written buffers were given back, so a long file does not allocate one per batch.
    assert len(handed) < len(pieces)


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
