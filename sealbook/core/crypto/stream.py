"""Streaming authenticated encryption for large files (attachments, recordings, backups).

A stream is a header followed by chunks (all integers big-endian)::

    header: b"SBKS" | format (1 byte) | chunk size (4 bytes) | salt (32 bytes)
    chunk:  AES-256-GCM(chunk key, nonce = counter (11 bytes) | last flag (1 byte)) + tag

The chunk key is HKDF-SHA256 of the caller's file key, with the header's random
salt and the caller's context (which record, which file) as info, so a stream
cannot be moved to another record and two streams never share a key even if a
file key were reused. The info holds the whole header but the salt, format
byte included, so a stream relabelled with another format decrypts under a
different key and fails. This is the STREAM construction (Hoang,
Reyhanitabar, Rogaway and Vizár, 2015) that age uses: exactly one chunk, the
last, is sealed with the last flag set, so a dropped, reordered, duplicated,
modified or truncated chunk, a flipped header bit or a stream cut at a chunk
boundary all fail with one opaque `InvalidCiphertext`. The two formats differ
only in where the last chunk falls:

- Format 2 (written since 2026-12-06): every full chunk is sealed as soon as
  it is complete, as not the last; the last chunk holds what is left, 0 to
  `chunk size - 1` bytes, so a stream whose size is a multiple of the chunk
  size ends with an empty last chunk (a tag alone). The writer never needs
  to know whether more data follows, so it holds nothing back and seals
  straight from the caller's buffer.
- Format 1 (streams written before): every chunk but the last holds exactly
  `chunk size` bytes and the last holds 1 to `chunk size` (0 only when the
  whole stream is empty). Its writer had to hold each full chunk back, copied,
  until the next write showed it was not the last, which cost about as much
  as the encryption (bench/RESULTS.md, "Attachment stream against bare
  AESGCM"). It is still read, never written.

The file key itself is never stored in the file: the caller keeps it wrapped
by the client's data key in the database, so rotating or destroying that key
never rewrites the file (CRYPTO-NOTES.md, section 5).

Because chunk sizes are fixed, chunk N starts at a known offset and can be
decrypted alone: `StreamReader` serves HTTP range requests without reading
the file from the beginning. `encrypt_into`/`decrypt_into` reuse one buffer per
stream, which keeps pyca at the raw AES-GCM limit (CRYPTO-NOTES.md, table B).
"""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO, Protocol, runtime_checkable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sealbook.core.errors import InvalidCiphertext

MAGIC = b"SBKS"
FORMAT_V1 = 0x01
FORMAT_V2 = 0x02
FORMATS = (FORMAT_V1, FORMAT_V2)
FILE_KEY_BYTES = 32
SALT_BYTES = 32
TAG_BYTES = 16
MIN_CHUNK = 64 * 1024
MAX_CHUNK = 1024 * 1024
DEFAULT_CHUNK = 64 * 1024
_HEADER = struct.Struct(">4sBI32s")
HEADER_BYTES = _HEADER.size
_MAX_CHUNKS = 2**88  # the counter is 11 bytes


class Sink(Protocol):
    """Where sealed bytes go. `write` must consume its argument before returning:
    the writer reuses the buffer."""

    def write(self, data: bytes | bytearray | memoryview, /) -> object: ...


@runtime_checkable
class HandOverSink(Sink, Protocol):
    """A sink that can take a buffer over instead of copying it (attachment storage)."""

    def swap(self, buffer: bytearray, size: int, /) -> bytearray:
        """Consume `buffer[:size]` later, keeping `buffer`; return another buffer as long."""
        ...


def new_file_key() -> bytes:
    return os.urandom(FILE_KEY_BYTES)


def derive_key(secret: bytes, info: bytes, salt: bytes | None = None) -> bytes:
    """A 32-byte sub-key of `secret` for one named purpose (HKDF-SHA256)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


def _nonce(counter: int, last: bool) -> bytes:
    if counter >= _MAX_CHUNKS:
        raise InvalidCiphertext()
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _chunk_aead(file_key: bytes, header: bytes, context: bytes) -> AESGCM:
    if len(file_key) != FILE_KEY_BYTES:
        raise ValueError("a file key is 32 bytes")
    salt = header[-SALT_BYTES:]
    info = b"sealbook/stream/v1\0" + header[:-SALT_BYTES] + struct.pack(">I", len(context))
    return AESGCM(derive_key(file_key, info + context, salt))


def ciphertext_size(
    plaintext_size: int, chunk_size: int = DEFAULT_CHUNK, fmt: int = FORMAT_V2
) -> int:
    """How many bytes a stream of `plaintext_size` bytes takes on disk."""
    if fmt == FORMAT_V1:
        chunks = max(1, -(-plaintext_size // chunk_size))
    else:
        chunks = plaintext_size // chunk_size + 1
    return HEADER_BYTES + plaintext_size + chunks * TAG_BYTES


class StreamWriter:
    """Encrypts a stream pushed to it in pieces of any size, writing chunks to `sink` (format 2).

    Each full chunk is sealed as soon as it is complete, straight from the
    caller's buffer; only a piece shorter than a chunk is copied, into one
    partial-chunk buffer, until the chunk fills or `finish` seals it as the
    last. So a caller that writes whole chunks (the upload handler, the file
    loop in `encrypt_upload`) costs no copy at all, and memory stays at about
    one batch whatever the file's size. The sealed chunks go to the sink in
    batches of about 1 MiB, so a 64 KiB chunk size costs no more system calls
    than a 1 MiB one; a sink that can take a batch over (`HandOverSink`, the
    attachment storage's incoming file) gets the batch itself, uncopied, and
    gives back a free one.
    """

    def __init__(
        self,
        file_key: bytes,
        context: bytes,
        sink: Sink,
        chunk_size: int = DEFAULT_CHUNK,
        *,
        salt: bytes | None = None,
    ) -> None:
        # `salt` is for known-answer tests only; every real stream draws a fresh one.
        if not MIN_CHUNK <= chunk_size <= MAX_CHUNK:
            raise ValueError("a chunk is 64 KiB to 1 MiB")
        salt = os.urandom(SALT_BYTES) if salt is None else salt
        if len(salt) != SALT_BYTES:
            raise ValueError("a stream salt is 32 bytes")
        self._chunk = chunk_size
        self._header = _HEADER.pack(MAGIC, FORMAT_V2, chunk_size, salt)
        self._aead = _chunk_aead(file_key, self._header, context)
        self._sink = sink
        self._partial = bytearray(chunk_size)
        self._partial_size = 0
        self._hand_over = sink if isinstance(sink, HandOverSink) else None
        self._batch_buffer = bytearray(max(1, MAX_CHUNK // chunk_size) * (chunk_size + TAG_BYTES))
        self._batch = memoryview(self._batch_buffer)
        self._batched = 0
        self._counter = 0
        self._finished = False
        self.plaintext_size = 0
        self.ciphertext_size = HEADER_BYTES
        sink.write(self._header)

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._finished:
            raise ValueError("the stream is finished")
        with memoryview(data) as whole:
            view = whole if whole.format == "B" and whole.ndim == 1 else whole.cast("B")
            self.plaintext_size += len(view)
            chunk = self._chunk
            if self._partial_size:
                take = min(chunk - self._partial_size, len(view))
                self._partial[self._partial_size : self._partial_size + take] = view[:take]
                self._partial_size += take
                view = view[take:]
                if self._partial_size < chunk:
                    return
                with memoryview(self._partial) as partial:
                    self._seal(partial, last=False)
                self._partial_size = 0
            while len(view) >= chunk:
                self._seal(view[:chunk], last=False)
                view = view[chunk:]
            if view:
                self._partial[: len(view)] = view
                self._partial_size = len(view)

    def finish(self) -> None:
        """Seal the last chunk: what is left, possibly nothing."""
        if self._finished:
            return
        with memoryview(self._partial) as partial:
            self._seal(partial[: self._partial_size], last=True)
        self._flush()
        self._partial = bytearray()
        self._partial_size = 0
        self._finished = True

    def _seal(self, plain: memoryview, *, last: bool) -> None:
        # Sealed chunks wait in the batch until it is full (or `finish`), whatever the size
        # of the caller's pieces: the sink sees about 1 MiB at a time.
        size = len(plain) + TAG_BYTES
        if self._batched + size > len(self._batch):
            self._flush()
        out = self._batch[self._batched : self._batched + size]
        self._aead.encrypt_into(_nonce(self._counter, last), plain, None, out)
        self._batched += size
        self._counter += 1
        self.ciphertext_size += size

    def _flush(self) -> None:
        if not self._batched:
            return
        if self._hand_over is None:
            self._sink.write(self._batch[: self._batched])
        else:
            self._batch.release()
            self._batch_buffer = self._hand_over.swap(self._batch_buffer, self._batched)
            self._batch = memoryview(self._batch_buffer)
        self._batched = 0


def encrypt_stream(
    file_key: bytes,
    context: bytes,
    source: BinaryIO,
    sink: Sink,
    chunk_size: int = DEFAULT_CHUNK,
) -> int:
    """Encrypt everything `source` yields into `sink`; returns the plaintext size."""
    writer = StreamWriter(file_key, context, sink, chunk_size)
    buf = bytearray(chunk_size)
    view = memoryview(buf)
    while True:
        n = source.readinto(view)  # type: ignore[attr-defined]
        if not n:
            break
        writer.write(view[:n])
    writer.finish()
    return writer.plaintext_size


class StreamReader:
    """Decrypts a stream stored in a seekable file of known size, chunk by chunk.

    `total_size` is the stored (ciphertext) size; callers that also stored it
    elsewhere should compare first, so a file cut short is refused before any
    byte is served.
    """

    def __init__(self, file_key: bytes, context: bytes, source: BinaryIO, total_size: int) -> None:
        source.seek(0)
        header = source.read(HEADER_BYTES)
        if len(header) != HEADER_BYTES:
            raise InvalidCiphertext()
        magic, fmt, chunk_size, _salt = _HEADER.unpack(header)
        if magic != MAGIC or fmt not in FORMATS or not MIN_CHUNK <= chunk_size <= MAX_CHUNK:
            raise InvalidCiphertext()
        body = total_size - HEADER_BYTES
        stride = chunk_size + TAG_BYTES
        if fmt == FORMAT_V1:
            chunks = max(1, -(-body // stride))
            last_size = body - (chunks - 1) * stride
            # The last chunk holds at least a tag, and some plaintext unless it is the only one.
            last_ok = last_size >= TAG_BYTES + (1 if chunks > 1 else 0)
        else:
            # Full chunks, then a last chunk shorter than a full one: a tag and 0 or more bytes.
            chunks = body // stride + 1
            last_size = body % stride
            last_ok = last_size >= TAG_BYTES
        if body < TAG_BYTES or not last_ok:
            raise InvalidCiphertext()
        self._aead = _chunk_aead(file_key, header, context)
        self._source = source
        self._stride = stride
        self.chunk_size: int = chunk_size
        self.chunks = chunks
        self.size: int = body - chunks * TAG_BYTES
        self.format: int = fmt
        self._buf = bytearray(stride)

    def read_chunk(self, index: int) -> bytes:
        """The plaintext of chunk `index` (0-based), authenticated."""
        if not 0 <= index < self.chunks:
            raise IndexError("no such chunk")
        last = index == self.chunks - 1
        want = self.size - index * self.chunk_size + TAG_BYTES if last else self._stride
        self._source.seek(HEADER_BYTES + index * self._stride)
        view = memoryview(self._buf)[:want]
        got = self._source.readinto(view)  # type: ignore[attr-defined]
        if got != want:
            raise InvalidCiphertext()
        out = bytearray(want - TAG_BYTES)
        try:
            self._aead.decrypt_into(_nonce(index, last), view, None, out)
        except InvalidTag:
            raise InvalidCiphertext() from None
        finally:
            view.release()
        return bytes(out)

    def iter_range(self, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """Plaintext bytes [start, end) as a sequence of pieces of at most one chunk."""
        end = self.size if end is None else min(end, self.size)
        if start < 0 or start > end:
            raise ValueError("bad range")
        if self.size == 0:
            self.read_chunk(0)  # an empty stream still has one authenticated chunk
            return
        index = start // self.chunk_size
        while start < end:
            plain = self.read_chunk(index)
            offset = start - index * self.chunk_size
            piece = plain[offset : offset + (end - start)]
            yield piece
            start += len(piece)
            index += 1

    def __iter__(self) -> Iterator[bytes]:
        return self.iter_range()


def decrypt_stream(
    file_key: bytes, context: bytes, source: BinaryIO, total_size: int, sink: Sink
) -> int:
    """Decrypt and authenticate a whole stream into `sink`; returns the plaintext size."""
    reader = StreamReader(file_key, context, source, total_size)
    for index in range(reader.chunks):
        sink.write(reader.read_chunk(index))
    return reader.size


class EphemeralSpool(io.RawIOBase):
    """A read-write, seekable temporary file whose bytes on disk are encrypted.

    For buffers that a library spools to disk (the WSGI server's copy of a
    request or response body too big for memory): the key is drawn when the
    spool is made and exists only in this object, so the bytes left on disk
    are unreadable once the process lets go of it, crash or not.

    AES-256-CTR keyed by file offset, without authentication, because the
    library reads and writes at arbitrary offsets in arbitrary sizes, and
    because a spool is not stored data: it lives only while its request
    does, and what it holds is sealed by the stream AEAD as soon as it is
    read. Never use it for anything kept.
    """

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self._key = os.urandom(32)
        self._base = int.from_bytes(os.urandom(16), "big")

    def _xor(self, offset: int, data: bytes | bytearray | memoryview) -> bytes:
        block, skip = divmod(offset, 16)
        counter = ((self._base + block) % 2**128).to_bytes(16, "big")
        cipher = Cipher(algorithms.AES(self._key), modes.CTR(counter)).encryptor()
        if skip:
            cipher.update(bytes(skip))
        return cipher.update(data)

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        offset = self._raw.tell()
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = self._xor(offset, data)
        return len(data)

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        return self._raw.write(self._xor(self._raw.tell(), data))

    def truncate(self, size: int | None = None) -> int:
        return self._raw.truncate(size)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
            self._key = b""
        super().close()
