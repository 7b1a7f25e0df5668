"""Sealed practice keys, and LocalKek, the KEK they unseal to.

Sealing with a passphrase runs Argon2id at RFC 9106's second recommendation
(about 0.15 s), so the document is sealed once per module and each test
edits a copy.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
from collections.abc import Callable
from typing import Any

import pytest

from sealbook.core.crypto import sealing
from sealbook.core.crypto.kek import LocalKek
from sealbook.core.crypto.sealing import (
    RFC9106_SECOND,
    Argon2Parameters,
    UnsealSecrets,
)
from sealbook.core.errors import InvalidCiphertext, UnsealError

PASSPHRASE = b"synthetic passphrase: seven otters ferry lanterns"
KEK_SECRET = bytes(range(100, 132))
Doc = dict[str, Any]

# RFC 3394 section 4: a 256-bit KEK wrapping 128, 192 and 256 bits of key data.
RFC3394_KEK = bytes.fromhex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")
RFC3394_VECTORS = [
    (
        "4.3",
        "00112233445566778899AABBCCDDEEFF",
        "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7",
    ),
    (
        "4.5",
        "00112233445566778899AABBCCDDEEFF0001020304050607",
        "A8F9BC1612C68B3FF6E6F4FBE30E71E4769C8B80A32CB8958CD5D17D6B254DA1",
    ),
    (
        "4.6",
        "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F",
        "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21",
    ),
]


@pytest.fixture(scope="module")
def passphrase_doc() -> Doc:
    return sealing.seal_with_passphrase(KEK_SECRET, PASSPHRASE, version=3)


@pytest.fixture(scope="module")
def key_file() -> bytes:
    return sealing.new_key_file()


@pytest.fixture(scope="module")
def key_file_doc(key_file: bytes) -> Doc:
    return sealing.seal_with_key_file(KEK_SECRET, key_file, version=4)


def _rechecksummed(doc: Doc) -> Doc:
    """The document as an editor who also fixes the checksum would leave it."""
    body = {k: v for k, v in doc.items() if k != "checksum"}
    body["checksum"] = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    return body


def _edited(doc: Doc, edit: Callable[[Doc], None], *, fix_checksum: bool) -> bytes:
    edited = copy.deepcopy(doc)
    edit(edited)
    return sealing.dumps(_rechecksummed(edited) if fix_checksum else edited)


def _unseal_error(raw: bytes, secrets: UnsealSecrets) -> str:
    with pytest.raises(UnsealError) as error:
        sealing.unseal(sealing.loads(raw), secrets)
    message = str(error.value)
    assert message and "\n" not in message
    assert PASSPHRASE.decode() not in message
    return message


def _kek_secret(kek: object) -> bytes:
    # LocalKek keeps its secret private; a known wrap identifies it instead.
    assert isinstance(kek, LocalKek)
    return kek.wrap(bytes(16))


# LocalKek.


@pytest.mark.parametrize(("section", "key", "wrapped"), RFC3394_VECTORS)
def test_local_kek_wraps_as_rfc_3394_says(section: str, key: str, wrapped: str) -> None:
    kek = LocalKek(RFC3394_KEK, version=1)
    assert kek.wrap(bytes.fromhex(key)) == bytes.fromhex(wrapped)
    assert kek.unwrap(bytes.fromhex(wrapped)) == bytes.fromhex(key)


def test_local_kek_rejects_every_single_bit_flip() -> None:
    kek = LocalKek(RFC3394_KEK, version=1)
    wrapped = bytes.fromhex(RFC3394_VECTORS[2][2])
    for position in range(len(wrapped) * 8):
        tampered = bytearray(wrapped)
        tampered[position // 8] ^= 1 << (position % 8)
        with pytest.raises(InvalidCiphertext):
            kek.unwrap(bytes(tampered))


@pytest.mark.parametrize("length", [0, 8, 16, 23, 39, 41])
def test_local_kek_rejects_wrapped_keys_of_a_bad_length(length: int) -> None:
    with pytest.raises(InvalidCiphertext):
        LocalKek(RFC3394_KEK, version=1).unwrap(bytes(length))


def test_local_kek_rejects_a_key_wrapped_by_another_kek() -> None:
    wrapped = LocalKek(bytes(32), version=1).wrap(bytes(32))
    with pytest.raises(InvalidCiphertext):
        LocalKek(RFC3394_KEK, version=1).unwrap(wrapped)


@pytest.mark.parametrize("length", [0, 16, 31, 33])
def test_local_kek_refuses_a_secret_of_the_wrong_length(length: int) -> None:
    with pytest.raises(ValueError):
        LocalKek(bytes(length), version=1)


def test_local_kek_never_shows_its_secret() -> None:
    assert repr(LocalKek(RFC3394_KEK, version=9)) == "<LocalKek version=9>"


# Argon2 parameters.


@pytest.mark.parametrize(
    ("params", "acceptable"),
    [
        (RFC9106_SECOND, True),
        (Argon2Parameters(memory_kib=256 * 1024, iterations=3, lanes=1), True),
        (Argon2Parameters(memory_kib=2 * 1024 * 1024, iterations=1, lanes=4), True),
        (Argon2Parameters(memory_kib=96 * 1024, iterations=2, lanes=4), True),
        (Argon2Parameters(memory_kib=64 * 1024 - 1, iterations=3, lanes=4), False),
        (Argon2Parameters(memory_kib=64 * 1024, iterations=2, lanes=4), False),
        (Argon2Parameters(memory_kib=128 * 1024, iterations=1, lanes=4), False),
        (Argon2Parameters(memory_kib=32 * 1024, iterations=6, lanes=4), False),
        (Argon2Parameters(memory_kib=64 * 1024, iterations=0, lanes=4), False),
        (Argon2Parameters(memory_kib=64 * 1024, iterations=3, lanes=0), False),
        (Argon2Parameters(memory_kib=19 * 1024, iterations=2, lanes=1), False),
    ],
    ids=["rfc9106 second", "more memory", "rfc9106 first", "more memory fewer passes",
         "less memory", "fewer passes", "too few passes for the memory",
         "less memory more passes", "no passes", "no lanes", "owasp"],
)  # fmt: skip
def test_only_parameters_at_least_rfc_9106_second_are_acceptable(
    params: Argon2Parameters, acceptable: bool
) -> None:
    assert params.at_least(RFC9106_SECOND) is acceptable


def test_sealing_refuses_parameters_weaker_than_rfc_9106_second() -> None:
    with pytest.raises(ValueError):
        sealing.seal_with_passphrase(
            KEK_SECRET, PASSPHRASE, 1, Argon2Parameters(memory_kib=19 * 1024, iterations=2, lanes=1)
        )


def test_sealing_refuses_an_empty_passphrase() -> None:
    with pytest.raises(UnsealError):
        sealing.seal_with_passphrase(KEK_SECRET, b"", 1)


# Passphrase-sealed documents.


def test_a_passphrase_document_stores_its_parameters_and_never_the_secrets(
    passphrase_doc: Doc,
) -> None:
    raw = sealing.dumps(passphrase_doc)
    assert passphrase_doc["backend"] == "passphrase"
    assert passphrase_doc["kek_version"] == 3
    assert {k: passphrase_doc["kdf"][k] for k in ("name", "memory_kib", "iterations", "lanes")} == {
        "name": "argon2id",
        "memory_kib": 65536,
        "iterations": 3,
        "lanes": 4,
    }
    assert PASSPHRASE not in raw and KEK_SECRET.hex().encode() not in raw
    assert sealing.loads(raw) == passphrase_doc


def test_the_right_passphrase_unseals_the_kek(passphrase_doc: Doc) -> None:
    kek = sealing.unseal(sealing.loads(sealing.dumps(passphrase_doc)), UnsealSecrets(PASSPHRASE))
    assert kek.version == 3
    assert _kek_secret(kek) == LocalKek(KEK_SECRET, 3).wrap(bytes(16))


def test_sealing_one_kek_twice_gives_different_blobs(key_file: bytes) -> None:
    first = sealing.seal_with_key_file(KEK_SECRET, key_file, version=4)
    second = sealing.seal_with_key_file(KEK_SECRET, key_file, version=4)
    assert first["sealed_kek"] != second["sealed_kek"]


@pytest.mark.parametrize(
    ("secrets", "expected"),
    [
        (UnsealSecrets(passphrase=b"synthetic passphrase: seven otters ferry lantern"),
         "the passphrase does not unseal the practice key"),
        (UnsealSecrets(), "this practice key is sealed with a passphrase; none was given"),
        (UnsealSecrets(passphrase=b""),
         "this practice key is sealed with a passphrase; none was given"),
        (UnsealSecrets(key_file=sealing.new_key_file()),
         "this practice key is sealed with a passphrase; none was given"),
    ],
    ids=["wrong passphrase", "none", "empty", "a key file instead"],
)  # fmt: skip
def test_a_passphrase_document_needs_its_passphrase(
    passphrase_doc: Doc, secrets: UnsealSecrets, expected: str
) -> None:
    assert _unseal_error(sealing.dumps(passphrase_doc), secrets) == expected


def _set_kdf(name: str, value: object) -> Callable[[Doc], None]:
    def edit(doc: Doc) -> None:
        doc["kdf"][name] = value

    return edit


def _set(name: str, value: object) -> Callable[[Doc], None]:
    def edit(doc: Doc) -> None:
        doc[name] = value

    return edit


def _drop(name: str) -> Callable[[Doc], None]:
    def edit(doc: Doc) -> None:
        del doc[name]

    return edit


CHECKSUM_MISMATCH = "the sealed practice key is corrupted (checksum mismatch)"
UNACCEPTABLE_KDF = "the sealed practice key uses unacceptable KDF parameters"
MALFORMED_KDF = "the sealed practice key is corrupted (malformed KDF parameters)"
WRONG_PASSPHRASE = "the passphrase does not unseal the practice key"
UNKNOWN_FORMAT = "the sealed practice key is corrupted or of an unknown format"
NOT_JSON = "the sealed practice key is corrupted (not valid JSON)"


@pytest.mark.parametrize(
    ("edit", "fix_checksum", "expected"),
    [
        # Damage that leaves the checksum stale is reported as damage.
        (_set_kdf("memory_kib", 128 * 1024), False, CHECKSUM_MISMATCH),
        (_set("kek_version", 4), False, CHECKSUM_MISMATCH),
        (_set("sealed_kek", "AAAA"), False, CHECKSUM_MISMATCH),
        (_drop("checksum"), False, CHECKSUM_MISMATCH),
        # Weakening the KDF is refused before any work is done.
        (_set_kdf("memory_kib", 19 * 1024), True, UNACCEPTABLE_KDF),
        (_set_kdf("iterations", 1), True, UNACCEPTABLE_KDF),
        (_set_kdf("lanes", 0), True, UNACCEPTABLE_KDF),
        (_set_kdf("name", "argon2i"), True, UNACCEPTABLE_KDF),
        (_set_kdf("lanes", 2**25), True, UNACCEPTABLE_KDF),
        # A document of the wrong shape is refused with a reason, not a traceback.
        (_drop("kdf"), True, MALFORMED_KDF),
        (_set("kdf", ["argon2id"]), True, MALFORMED_KDF),
        (_set_kdf("memory_kib", "65536"), True, MALFORMED_KDF),
        (_set_kdf("iterations", 3.0), True, MALFORMED_KDF),
        (_set_kdf("salt", None), True, MALFORMED_KDF),
        (_set_kdf("salt", "not base64!"), True, "the sealed practice key is corrupted"),
        (_set("backend", "tpm"), True, UNKNOWN_FORMAT),
        (_set("sealbook_sealed_key", 2), True, UNKNOWN_FORMAT),
        (_set("kek_version", "3"), True, UNKNOWN_FORMAT),
        # Edits that keep a well-formed document with a fixed checksum fail
        # authentication: they cannot be told from a wrong passphrase.
        (_set("kek_version", 4), True, WRONG_PASSPHRASE),
        (_set_kdf("memory_kib", 64 * 1024 + 8), True, WRONG_PASSPHRASE),
    ],
    ids=[
        "stale checksum: memory", "stale checksum: version", "stale checksum: sealed key",
        "no checksum", "weakened memory", "weakened passes", "no lanes", "other argon2 variant",
        "lanes argon2 refuses", "no kdf", "kdf not an object", "memory as text",
        "passes as float", "no salt", "salt not base64", "unknown backend", "unknown format",
        "version as text", "edited version", "edited memory",
    ],
)  # fmt: skip
def test_an_edited_passphrase_document_is_refused_with_its_reason(
    passphrase_doc: Doc, edit: Callable[[Doc], None], fix_checksum: bool, expected: str
) -> None:
    raw = _edited(passphrase_doc, edit, fix_checksum=fix_checksum)
    assert _unseal_error(raw, UnsealSecrets(PASSPHRASE)) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", NOT_JSON),
        (b'{"sealbook_sealed_key": 1, "backend": ', NOT_JSON),
        (b"\xff\xfe{}", NOT_JSON),
        (b"[1, 2]", UNKNOWN_FORMAT),
        (b"{}", UNKNOWN_FORMAT),
        (b"null", UNKNOWN_FORMAT),
    ],
    ids=["empty", "truncated", "not utf-8", "a list", "an empty object", "null"],
)  # fmt: skip
def test_a_document_that_is_not_a_sealed_key_is_refused(raw: bytes, expected: str) -> None:
    with pytest.raises(UnsealError) as error:
        sealing.loads(raw)
    assert str(error.value) == expected


def test_a_truncated_passphrase_document_is_corrupt_json(passphrase_doc: Doc) -> None:
    raw = sealing.dumps(passphrase_doc)
    with pytest.raises(UnsealError) as error:
        sealing.loads(raw[: len(raw) // 2])
    assert str(error.value) == NOT_JSON


def test_every_refusal_reason_is_distinct() -> None:
    reasons = [
        CHECKSUM_MISMATCH,
        UNACCEPTABLE_KDF,
        MALFORMED_KDF,
        WRONG_PASSPHRASE,
        UNKNOWN_FORMAT,
        NOT_JSON,
        "the key file does not unseal the practice key",
        "the key file is not a Sealbook key file",
    ]
    assert len(set(reasons)) == len(reasons)


# Key-file documents.


def test_a_new_key_file_is_a_header_and_32_bytes_in_base64() -> None:
    contents = sealing.new_key_file()
    header, secret, end = contents.split(b"\n")
    assert header == b"sealbook-key-file-v1" and end == b""
    assert sealing.parse_key_file(contents) == base64.b64decode(secret)
    assert len(base64.b64decode(secret)) == 32
    assert sealing.new_key_file() != contents


def test_the_right_key_file_unseals_the_kek(key_file_doc: Doc, key_file: bytes) -> None:
    raw = sealing.dumps(key_file_doc)
    assert key_file not in raw and sealing.parse_key_file(key_file).hex().encode() not in raw
    kek = sealing.unseal(sealing.loads(raw), UnsealSecrets(key_file=key_file))
    assert kek.version == 4
    assert _kek_secret(kek) == LocalKek(KEK_SECRET, 4).wrap(bytes(16))


@pytest.mark.parametrize(
    ("secrets", "expected"),
    [
        (UnsealSecrets(key_file=sealing.new_key_file()),
         "the key file does not unseal the practice key"),
        (UnsealSecrets(), "this practice key is sealed with a key file; none was given"),
        (UnsealSecrets(passphrase=PASSPHRASE),
         "this practice key is sealed with a key file; none was given"),
    ],
    ids=["another key file", "none", "a passphrase instead"],
)  # fmt: skip
def test_a_key_file_document_needs_its_key_file(
    key_file_doc: Doc, secrets: UnsealSecrets, expected: str
) -> None:
    assert _unseal_error(sealing.dumps(key_file_doc), secrets) == expected


def test_an_edited_key_file_document_fails_authentication(
    key_file_doc: Doc, key_file: bytes
) -> None:
    raw = _edited(key_file_doc, _set("kek_version", 5), fix_checksum=True)
    message = _unseal_error(raw, UnsealSecrets(key_file=key_file))
    assert message == "the key file does not unseal the practice key"


def _key_file(header: bytes = b"sealbook-key-file-v1", secret: bytes = bytes(32)) -> bytes:
    return header + b"\n" + base64.b64encode(secret) + b"\n"


@pytest.mark.parametrize(
    "contents",
    [
        b"",
        b"sealbook-key-file-v1",
        b"sealbook-key-file-v1\n",
        _key_file(header=b"sealbook-key-file-v2"),
        _key_file(secret=bytes(31)),
        _key_file(secret=bytes(33)),
        _key_file() + b"extra line\n",
        b"sealbook-key-file-v1\n!!!not base64!!!\n",
        b"\xff\xfe\x00",
        os.urandom(32),
    ],
    ids=["empty", "header only", "header and newline", "other version", "31 bytes", "33 bytes",
         "extra line", "not base64", "not ascii", "raw bytes"],
)  # fmt: skip
def test_a_malformed_key_file_is_refused(key_file_doc: Doc, contents: bytes) -> None:
    expected = "the key file is not a Sealbook key file"
    with pytest.raises(UnsealError) as error:
        sealing.parse_key_file(contents)
    assert str(error.value) == expected
    assert _unseal_error(sealing.dumps(key_file_doc), UnsealSecrets(key_file=contents)) == expected


def test_sealing_with_a_malformed_key_file_is_refused() -> None:
    with pytest.raises(UnsealError):
        sealing.seal_with_key_file(KEK_SECRET, b"not a key file", version=1)


def test_a_kek_of_the_wrong_length_cannot_be_sealed(key_file: bytes) -> None:
    with pytest.raises(ValueError):
        sealing.seal_with_key_file(bytes(31), key_file, version=1)


# PKCS#11 documents (the token itself is exercised in test_hsm.py).


def test_a_pkcs11_document_names_the_token_and_key() -> None:
    doc = sealing.describe_pkcs11("/usr/lib/softhsm/libsofthsm2.so", "practice", "kek-1", 2)
    loaded = sealing.loads(sealing.dumps(doc))
    assert {k: loaded[k] for k in ("backend", "module", "token_label", "key_label")} == {
        "backend": "pkcs11",
        "module": "/usr/lib/softhsm/libsofthsm2.so",
        "token_label": "practice",
        "key_label": "kek-1",
    }


@pytest.mark.parametrize("field", ["module", "token_label", "key_label"])
def test_a_pkcs11_document_with_a_malformed_field_is_refused(field: str) -> None:
    doc = sealing.describe_pkcs11("/usr/lib/softhsm/libsofthsm2.so", "practice", "kek-1", 2)
    for edit in (_drop(field), _set(field, 7)):
        raw = _edited(doc, edit, fix_checksum=True)
        message = _unseal_error(raw, UnsealSecrets(hsm_pin="1234"))
        assert message == "the sealed practice key is corrupted (malformed HSM fields)"
