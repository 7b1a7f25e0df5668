"""Streaming AEAD: known answers, round trips across chunk boundaries, and every tampering.

The writer writes format 2; streams stored before it are format 1 and must
still read back exactly, so every reading test runs on both (format 1 built
from the primitives, the way its old writer did, and checked against that
writer's known answers).
"""

from __future__ import annotations

import hashlib
import io
import os
import struct

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sealbook.core.crypto.stream import (
    DEFAULT_CHUNK,
    FORMAT_V1,
    FORMAT_V2,
    HEADER_BYTES,
    TAG_BYTES,
    StreamReader,
    StreamWriter,
    ciphertext_size,
    decrypt_stream,
    encrypt_stream,
    new_file_key,
)
from sealbook.core.errors import InvalidCiphertext

KEY = bytes(range(32))
SALT = bytes([7]) * 32
CONTEXT = b"kat"
C = DEFAULT_CHUNK

# Fixed vectors: a change of format shows up here first.
HELLO_VECTOR = (
    "53424b5302000100000707070707070707070707070707070707070707070707070707070707070707"
    "928f6a319ff1aca0baa56c8e99b33af8bc00bb009bc61ad4c0abb96f8f50bd"
)
TWO_CHUNK_SHA256 = "11c6c425bb49872cb65506ab865042f326a3e8e1c13539907a758e177fa861b1"
ALIGNED_SHA256 = "d38fe21eaf67802b1fe181556aa455dc6b2dce228be8559e2cf7a1433ef84b23"
# What the format 1 writer (until 2026-12-06) produced for the same inputs.
HELLO_VECTOR_V1 = (
    "53424b5301000100000707070707070707070707070707070707070707070707070707070707070707"
    "35640f20e784f4665445794a56a4bf58da108aa702be0a5163eba9ea95c943"
)
TWO_CHUNK_SHA256_V1 = "51556293e04ea4c1ac3401d26c4924b10a50e848f073b9748ea84a413c46912d"


def seal(plain: bytes, key: bytes = KEY, context: bytes = CONTEXT, chunk: int = C, **kw) -> bytes:
    out = io.BytesIO()
    writer = StreamWriter(key, context, out, chunk, **kw)
    writer.write(plain)
    writer.finish()
    return out.getvalue()


def seal_v1(
    plain: bytes, key: bytes = KEY, context: bytes = CONTEXT, chunk: int = C, salt: bytes = b""
) -> bytes:
    """A format 1 stream, from the primitives: full chunks, the last holding 1 to `chunk`."""
    salt = salt or os.urandom(32)
    header = b"SBKS" + bytes([FORMAT_V1]) + struct.pack(">I", chunk) + salt
    info = b"sealbook/stream/v1\0" + header[:-32] + struct.pack(">I", len(context)) + context
    aead = AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key))
    pieces = [plain[i : i + chunk] for i in range(0, len(plain), chunk)] or [b""]
    sealed = [
        aead.encrypt(n.to_bytes(11, "big") + bytes([n == len(pieces) - 1]), piece, None)
        for n, piece in enumerate(pieces)
    ]
    return header + b"".join(sealed)


SEALERS = {"format 2": seal, "format 1": seal_v1}


def unseal(blob: bytes, key: bytes = KEY, context: bytes = CONTEXT) -> bytes:
    out = io.BytesIO()
    decrypt_stream(key, context, io.BytesIO(blob), len(blob), out)
    return out.getvalue()


def chunks_of(blob: bytes, chunk: int = C) -> tuple[bytes, list[bytes]]:
    stride = chunk + TAG_BYTES
    body = blob[HEADER_BYTES:]
    return blob[:HEADER_BYTES], [body[i : i + stride] for i in range(0, len(body), stride)]


def test_a_short_stream_matches_its_known_answer():
    assert seal(b"hello, sealbook", salt=SALT).hex() == HELLO_VECTOR


def test_a_two_chunk_stream_matches_its_known_answer():
    blob = seal(bytes(C + 10), salt=SALT)
    assert hashlib.sha256(blob).hexdigest() == TWO_CHUNK_SHA256
    assert len(blob) == ciphertext_size(C + 10)


def test_a_stream_of_whole_chunks_ends_with_an_empty_last_chunk():
    blob = seal(bytes(2 * C), salt=SALT)
    assert hashlib.sha256(blob).hexdigest() == ALIGNED_SHA256
    assert len(blob) == HEADER_BYTES + 2 * (C + TAG_BYTES) + TAG_BYTES == ciphertext_size(2 * C)
    assert unseal(blob) == bytes(2 * C)


def test_format_1_streams_stored_before_still_read_back_exactly():
    # The helper reproduces the old writer's known answers, so it builds real format 1 streams.
    assert seal_v1(b"hello, sealbook", salt=SALT).hex() == HELLO_VECTOR_V1
    assert hashlib.sha256(seal_v1(bytes(C + 10), salt=SALT)).digest().hex() == TWO_CHUNK_SHA256_V1
    assert unseal(bytes.fromhex(HELLO_VECTOR_V1)) == b"hello, sealbook"
    for size in (0, 1, C - 1, C, C + 1, 2 * C, 3 * C + 12345):
        plain = os.urandom(size)
        blob = seal_v1(plain)
        assert len(blob) == ciphertext_size(size, fmt=FORMAT_V1)
        reader = StreamReader(KEY, CONTEXT, io.BytesIO(blob), len(blob))
        assert reader.format == FORMAT_V1 and reader.size == size
        assert unseal(blob) == plain


def test_a_stream_relabelled_with_the_other_format_is_refused():
    for blob, other in ((seal(PLAIN), FORMAT_V1), (seal_v1(PLAIN), FORMAT_V2)):
        with pytest.raises(InvalidCiphertext):
            unseal(blob[:4] + bytes([other]) + blob[5:])
    aligned = seal_v1(bytes(2 * C))  # a length that is also a valid format 2 layout
    with pytest.raises(InvalidCiphertext):
        unseal(aligned[:4] + bytes([FORMAT_V2]) + aligned[5:])


def test_the_format_is_what_the_module_docstring_says():
    """Rebuild the stream from the primitives alone, as a second implementation would."""
    plain = os.urandom(C + 100)
    blob = seal(plain, salt=SALT)
    header = b"SBKS" + bytes([FORMAT_V2]) + struct.pack(">I", C) + SALT
    info = b"sealbook/stream/v1\0" + header[:-32] + struct.pack(">I", len(CONTEXT)) + CONTEXT
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=SALT, info=info).derive(KEY)
    aead = AESGCM(key)
    expected = (
        header
        + aead.encrypt((0).to_bytes(11, "big") + b"\0", plain[:C], None)
        + aead.encrypt((1).to_bytes(11, "big") + b"\1", plain[C:], None)
    )
    assert blob == expected
    # A whole number of chunks: all sealed as not the last, then an empty last chunk.
    blob = seal(plain[:C], salt=SALT)
    assert blob == (
        header
        + aead.encrypt((0).to_bytes(11, "big") + b"\0", plain[:C], None)
        + aead.encrypt((1).to_bytes(11, "big") + b"\1", b"", None)
    )


@pytest.mark.parametrize(
    "size", [0, 1, C - 1, C, C + 1, 2 * C - 1, 2 * C, 2 * C + 1, 3 * C + 12345]
)
def test_files_round_trip_from_empty_across_chunk_boundaries(size):
    plain = os.urandom(size)
    blob = seal(plain)
    assert len(blob) == ciphertext_size(size)
    assert unseal(blob) == plain


@pytest.mark.parametrize("piece", [1, 1000, C - 1, C, C + 7])
def test_the_writer_accepts_pieces_of_any_size(piece):
    plain = os.urandom(3 * C + 5)
    out = io.BytesIO()
    writer = StreamWriter(KEY, CONTEXT, out)
    for i in range(0, len(plain), piece):
        writer.write(plain[i : i + piece])
    writer.finish()
    assert unseal(out.getvalue()) == plain


def test_encrypting_from_a_file_object_matches_pushing():
    plain = os.urandom(2 * C + 3)
    out = io.BytesIO()
    assert encrypt_stream(KEY, CONTEXT, io.BytesIO(plain), out) == len(plain)
    assert unseal(out.getvalue()) == plain


@pytest.mark.parametrize("chunk", [64 * 1024, 256 * 1024, 1024 * 1024])
def test_every_allowed_chunk_size_round_trips(chunk):
    plain = os.urandom(chunk * 2 + 1)
    assert unseal(seal(plain, chunk=chunk)) == plain


@pytest.mark.parametrize("chunk", [1024, 2 * 1024 * 1024])
def test_chunk_sizes_outside_64k_to_1m_are_refused(chunk):
    with pytest.raises(ValueError):
        StreamWriter(KEY, CONTEXT, io.BytesIO(), chunk)


def test_two_encryptions_of_the_same_file_differ():
    assert seal(b"same") != seal(b"same")


PLAIN = bytes(range(256)) * (3 * C // 256) + b"tail"


def tampered_streams(sealer, plain):
    blob = sealer(plain)
    header, chunks = chunks_of(blob)
    assert len(chunks) == 4

    def flip(data: bytes, at: int) -> bytes:
        return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]

    yield "flip a header bit", flip(blob, 5)
    yield "flip a salt bit", flip(blob, HEADER_BYTES - 1)
    yield "flip a ciphertext bit", flip(blob, HEADER_BYTES + 10)
    yield "flip a tag bit", flip(blob, HEADER_BYTES + C + TAG_BYTES - 1)
    yield "flip the last bit", flip(blob, len(blob) - 1)
    yield "drop a chunk", header + chunks[0] + chunks[2] + chunks[3]
    yield "drop the last chunk", header + b"".join(chunks[:3])
    yield "reorder chunks", header + chunks[1] + chunks[0] + chunks[2] + chunks[3]
    yield "duplicate a chunk", header + chunks[0] + chunks[0] + chunks[1] + chunks[2] + chunks[3]
    yield "duplicate the last chunk", blob + chunks[3]
    yield "truncate inside a chunk", blob[:-3]
    yield "truncate to the header", header
    yield "truncate inside the header", blob[:10]
    yield "empty file", b""
    yield "append a byte", blob + b"\0"
    yield "swap the magic", b"XBKS" + blob[4:]
    yield "change the chunk size", blob[:5] + struct.pack(">I", 2 * C) + blob[9:]


# Format 2 with a partial last chunk and with an empty one; format 1 as stored before.
TAMPERED = [
    (f"{label}: {name}", blob)
    for label, sealer, plain in (
        ("format 2", seal, PLAIN),
        ("format 2, empty last chunk", seal, PLAIN[: 3 * C]),
        ("format 1", seal_v1, PLAIN),
    )
    for name, blob in tampered_streams(sealer, plain)
]


@pytest.mark.parametrize("name,blob", TAMPERED, ids=lambda v: v if isinstance(v, str) else "")
def test_every_kind_of_tampering_is_one_opaque_error(name, blob):
    with pytest.raises(InvalidCiphertext) as info:
        unseal(blob)
    assert str(info.value) == "encrypted data could not be authenticated"


@pytest.mark.parametrize("sealer", SEALERS.values(), ids=SEALERS.keys())
def test_a_chunk_from_another_stream_under_the_same_key_is_refused(sealer):
    first = chunks_of(sealer(PLAIN))
    second = chunks_of(sealer(PLAIN))
    with pytest.raises(InvalidCiphertext):
        unseal(first[0] + second[1][0] + b"".join(first[1][1:]))


def test_a_wrong_key_or_context_is_refused():
    blob = seal(b"private")
    with pytest.raises(InvalidCiphertext):
        unseal(blob, key=new_file_key())
    with pytest.raises(InvalidCiphertext):
        unseal(blob, context=b"another record")


@pytest.mark.parametrize(
    "start,end",
    [(0, 1), (0, C), (C - 5, C + 5), (C, 2 * C), (1, 3 * C + 4), (3 * C, 3 * C + 4), (5, 5)],
)
@pytest.mark.parametrize("sealer", SEALERS.values(), ids=SEALERS.keys())
def test_any_range_decrypts_to_exactly_those_bytes(sealer, start, end):
    blob = sealer(PLAIN)
    reader = StreamReader(KEY, CONTEXT, io.BytesIO(blob), len(blob))
    assert reader.size == len(PLAIN)
    assert b"".join(reader.iter_range(start, end)) == PLAIN[start:end]


def test_a_range_read_reaching_a_tampered_chunk_fails():
    blob = bytearray(seal(PLAIN))
    blob[HEADER_BYTES + 2 * (C + TAG_BYTES) + 3] ^= 1
    reader = StreamReader(KEY, CONTEXT, io.BytesIO(bytes(blob)), len(blob))
    assert b"".join(reader.iter_range(0, C)) == PLAIN[:C]
    with pytest.raises(InvalidCiphertext):
        b"".join(reader.iter_range(C, 3 * C))


@pytest.mark.parametrize("sealer", SEALERS.values(), ids=SEALERS.keys())
def test_an_empty_stream_is_still_authenticated(sealer):
    blob = sealer(b"")
    assert len(blob) == HEADER_BYTES + TAG_BYTES
    reader = StreamReader(KEY, CONTEXT, io.BytesIO(blob), len(blob))
    assert reader.size == 0 and list(reader) == []
    with pytest.raises(InvalidCiphertext):
        unseal(blob, context=b"other")


def test_the_writer_seals_whole_chunks_from_the_callers_buffer_without_keeping_it():
    """A caller reuses one buffer: later bytes in it must never reach an earlier chunk."""
    plain = os.urandom(3 * C + 5)
    out = io.BytesIO()
    writer = StreamWriter(KEY, CONTEXT, out)
    buffer = bytearray(C + 3)
    for i in range(0, len(plain), len(buffer)):
        piece = plain[i : i + len(buffer)]
        buffer[: len(piece)] = piece
        writer.write(memoryview(buffer)[: len(piece)])
        buffer[:] = b"\xff" * len(buffer)
    writer.finish()
    assert unseal(out.getvalue()) == plain
