"""Field encryption: the token layout, known answers, and one opaque error for every failure."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sealbook.core.crypto import aead
from sealbook.core.crypto.aead import (
    MIN_TOKEN_BYTES,
    DataKey,
    field_context,
    token_key_version,
)
from sealbook.core.errors import InvalidCiphertext

KEY = bytes(range(32))
NONCE = bytes.fromhex("cafebabefacedbaddecaf888")
PLAINTEXT = b"Synthetic note: slept better this week."
CONTEXT = field_context("clients", "given_name", "c-0001")

# Known answers, fixed when the format was defined; a change here breaks every
# ciphertext already stored.
CONTEXT_BYTES = bytes.fromhex(
    "0011" + b"sealbook/field/v1".hex()
    + "0007" + b"clients".hex()
    + "000a" + b"given_name".hex()
    + "0006" + b"c-0001".hex()
)  # fmt: skip
TOKEN_V1 = bytes.fromhex(
    "01" "00000001" "cafebabefacedbaddecaf888"
    "d9dace52c21f3b72252b33b20f78b31f7e4ca521ab3908113aab61039efd0d96de70b623a4bf67"
    "6bdd0e457c71c21dbcba4f457180381d"
)  # fmt: skip
EMPTY_TOKEN_KEY_VERSION_0X01020304 = bytes.fromhex(
    "01" "01020304" "cafebabefacedbaddecaf888" "b4a6df5691781e7bc47345d7620ceb6c"
)  # fmt: skip


@pytest.fixture
def key() -> DataKey:
    return DataKey(KEY, version=1)


@pytest.fixture
def token(key: DataKey) -> bytes:
    return key.seal(PLAINTEXT, CONTEXT)


@pytest.fixture
def fixed_nonce(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only aead's own reference to `os` is replaced, not the os module.
    monkeypatch.setattr(aead, "os", SimpleNamespace(urandom=lambda n: NONCE[:n]))


# Known answers.


def test_the_field_context_is_length_prefixed_parts() -> None:
    assert CONTEXT == CONTEXT_BYTES


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("ab", "c", "1"), ("a", "bc", "1")),
        (("a", "b", "c1"), ("a", "bc", "1")),
        (("clients", "name", "1"), ("clients", "name", "10")),
        (("clients", "name", ""), ("clients", "", "name")),
    ],
)
def test_field_contexts_that_only_move_a_boundary_differ(
    one: tuple[str, str, str], other: tuple[str, str, str]
) -> None:
    assert field_context(*one) != field_context(*other)


@pytest.mark.usefixtures("fixed_nonce")
def test_sealing_with_a_fixed_key_and_nonce_gives_the_known_token(key: DataKey) -> None:
    assert key.seal(PLAINTEXT, CONTEXT) == TOKEN_V1


@pytest.mark.usefixtures("fixed_nonce")
def test_the_key_version_is_written_big_endian_after_the_format_byte() -> None:
    key = DataKey(KEY, version=0x01020304)
    assert (
        key.seal(b"", field_context("notes", "body", "n-9")) == EMPTY_TOKEN_KEY_VERSION_0X01020304
    )


def test_the_known_token_is_plain_aes_gcm_over_header_and_context() -> None:
    header = TOKEN_V1[:5]
    body = AESGCM(KEY).encrypt(NONCE, PLAINTEXT, header + CONTEXT)
    assert header + NONCE + body == TOKEN_V1
    assert len(TOKEN_V1) == MIN_TOKEN_BYTES + len(PLAINTEXT)


def test_the_known_token_opens_to_its_plaintext(key: DataKey) -> None:
    assert key.open(TOKEN_V1, CONTEXT) == PLAINTEXT


@pytest.mark.parametrize("plaintext", [b"", b"x", PLAINTEXT, bytes(range(256)) * 300])
def test_a_sealed_field_opens_to_the_same_bytes(key: DataKey, plaintext: bytes) -> None:
    assert key.open(key.seal(plaintext, CONTEXT), CONTEXT) == plaintext


def test_sealing_twice_uses_fresh_nonces(key: DataKey) -> None:
    first, second = key.seal(PLAINTEXT, CONTEXT), key.seal(PLAINTEXT, CONTEXT)
    assert first != second
    assert first[5:17] != second[5:17]


@pytest.mark.parametrize(
    ("token", "version"),
    [
        (TOKEN_V1, 1),
        (EMPTY_TOKEN_KEY_VERSION_0X01020304, 0x01020304),
        (b"\x01\xff\xff\xff\xff" + bytes(28), 2**32 - 1),
    ],
)
def test_the_key_version_is_read_from_the_token_header(token: bytes, version: int) -> None:
    assert token_key_version(token) == version


@pytest.mark.parametrize(
    "token",
    [b"", b"\x01", bytes(32), b"\x02" + TOKEN_V1[1:], b"\x00" + TOKEN_V1[1:], TOKEN_V1[:32]],
    ids=["empty", "one byte", "zeros", "format 2", "format 0", "one byte short"],
)
def test_reading_the_key_version_of_a_non_token_is_refused(token: bytes) -> None:
    with pytest.raises(InvalidCiphertext):
        token_key_version(token)


# Every failure looks the same.


def test_every_single_bit_flip_is_rejected(key: DataKey, token: bytes) -> None:
    for position in range(len(token) * 8):
        tampered = bytearray(token)
        tampered[position // 8] ^= 1 << (position % 8)
        with pytest.raises(InvalidCiphertext):
            key.open(bytes(tampered), CONTEXT)


def test_every_truncation_and_any_extension_is_rejected(key: DataKey, token: bytes) -> None:
    for length in range(len(token)):
        with pytest.raises(InvalidCiphertext):
            key.open(token[:length], CONTEXT)
    for extended in (token + b"\0", token + token[-16:], token[:5] + token):
        with pytest.raises(InvalidCiphertext):
            key.open(extended, CONTEXT)


@pytest.mark.parametrize(
    "context",
    [
        field_context("contacts", "given_name", "c-0001"),
        field_context("clients", "family_name", "c-0001"),
        field_context("clients", "given_name", "c-0002"),
        field_context("clients", "given_name", "c-00010"),
        b"",
        CONTEXT + b"\0",
    ],
    ids=["other table", "other field", "other record", "longer record id", "none", "extended"],
)
def test_a_token_moved_to_another_place_is_rejected(
    key: DataKey, token: bytes, context: bytes
) -> None:
    with pytest.raises(InvalidCiphertext):
        key.open(token, context)


def test_a_token_opened_under_another_key_version_is_rejected(token: bytes) -> None:
    # Same secret, other version: the header check refuses it.
    with pytest.raises(InvalidCiphertext):
        DataKey(KEY, version=2).open(token, CONTEXT)


def test_a_token_whose_key_version_was_edited_is_rejected(token: bytes) -> None:
    # The header is authenticated, so rewriting the version to match the key
    # does not help either.
    edited = token[:1] + (2).to_bytes(4, "big") + token[5:]
    with pytest.raises(InvalidCiphertext):
        DataKey(KEY, version=2).open(edited, CONTEXT)


def test_a_token_under_another_key_is_rejected(token: bytes) -> None:
    with pytest.raises(InvalidCiphertext):
        DataKey(bytes(32), version=1).open(token, CONTEXT)


@pytest.mark.parametrize("format_byte", [0x00, 0x02, 0x81, 0xFF])
def test_a_token_with_another_format_byte_is_rejected(
    key: DataKey, token: bytes, format_byte: int
) -> None:
    with pytest.raises(InvalidCiphertext):
        key.open(bytes([format_byte]) + token[1:], CONTEXT)


def test_every_failure_gives_the_same_message(key: DataKey, token: bytes) -> None:
    messages = set()
    for bad_token, context in [
        (token[:-1], CONTEXT),
        (token, b""),
        (b"\x02" + token[1:], CONTEXT),
        (b"", CONTEXT),
    ]:
        with pytest.raises(InvalidCiphertext) as error:
            key.open(bad_token, context)
        messages.add(str(error.value))
    assert messages == {"encrypted data could not be authenticated"}


# Keys.


@pytest.mark.parametrize(
    ("secret", "version"),
    [(bytes(31), 1), (bytes(33), 1), (b"", 1), (KEY, 0), (KEY, -1), (KEY, 2**32)],
)
def test_a_data_key_refuses_a_bad_secret_or_version(secret: bytes, version: int) -> None:
    with pytest.raises(ValueError):
        DataKey(secret, version)


def test_a_data_key_never_shows_its_secret() -> None:
    key = DataKey(KEY, version=5)
    assert repr(key) == "<DataKey version=5>"
    assert KEY.hex() not in repr(key)


def test_generated_secrets_are_32_random_bytes() -> None:
    secrets = {DataKey.generate_secret() for _ in range(16)}
    assert len(secrets) == 16
    assert {len(s) for s in secrets} == {32}
