"""Ed25519 checkpoint signatures: RFC 8032 known answers and every way a signature fails."""

from __future__ import annotations

import pytest

from sealbook.core.crypto.signing import BadSignature, SigningKey, verify_signature

# RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte).
RFC8032_VECTORS = [
    (
        "test 1",
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "test 2",
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
        "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
]
SEED, PUBLIC, MESSAGE, SIGNATURE = (bytes.fromhex(v) for v in RFC8032_VECTORS[0][1:])


@pytest.mark.parametrize(("name", "seed", "public", "message", "signature"), RFC8032_VECTORS)
def test_signing_matches_rfc_8032(
    name: str, seed: str, public: str, message: str, signature: str
) -> None:
    key = SigningKey(bytes.fromhex(seed))
    assert key.public_key() == bytes.fromhex(public)
    assert key.sign(bytes.fromhex(message)) == bytes.fromhex(signature)
    verify_signature(bytes.fromhex(public), bytes.fromhex(signature), bytes.fromhex(message))


def test_a_fresh_key_signs_what_its_public_key_verifies() -> None:
    key = SigningKey(SigningKey.generate_seed())
    message = b"checkpoint\n42\nroot hash\n"
    verify_signature(key.public_key(), key.sign(message), message)


def test_generated_seeds_are_32_random_bytes() -> None:
    seeds = {SigningKey.generate_seed() for _ in range(8)}
    assert len(seeds) == 8
    assert {len(s) for s in seeds} == {32}


@pytest.mark.parametrize("length", [0, 31, 33, 64])
def test_a_seed_of_the_wrong_length_is_refused(length: int) -> None:
    with pytest.raises(ValueError):
        SigningKey(bytes(length))


def test_every_single_bit_flip_of_a_signature_is_rejected() -> None:
    for position in range(len(SIGNATURE) * 8):
        tampered = bytearray(SIGNATURE)
        tampered[position // 8] ^= 1 << (position % 8)
        with pytest.raises(BadSignature):
            verify_signature(PUBLIC, bytes(tampered), MESSAGE)


def _flip_first_bit(raw: bytes) -> bytes:
    return bytes([raw[0] ^ 1]) + raw[1:]


@pytest.mark.parametrize(
    ("public_key", "signature", "message"),
    [
        (PUBLIC, SIGNATURE, b"\x00"),
        (PUBLIC, SIGNATURE, b"an entirely different checkpoint"),
        (SigningKey(bytes(32)).public_key(), SIGNATURE, MESSAGE),
        (_flip_first_bit(PUBLIC), SIGNATURE, MESSAGE),
        (PUBLIC, SIGNATURE[:-1], MESSAGE),
        (PUBLIC, SIGNATURE + b"\x00", MESSAGE),
        (PUBLIC, b"", MESSAGE),
        (PUBLIC[:-1], SIGNATURE, MESSAGE),
        (PUBLIC + b"\x00", SIGNATURE, MESSAGE),
        (b"", SIGNATURE, MESSAGE),
    ],
    ids=[
        "another message", "a longer message", "another key", "a damaged key",
        "a short signature", "a long signature", "no signature", "a short key", "a long key",
        "no key",
    ],
)  # fmt: skip
def test_a_signature_that_does_not_fit_raises_bad_signature(
    public_key: bytes, signature: bytes, message: bytes
) -> None:
    with pytest.raises(BadSignature) as error:
        verify_signature(public_key, signature, message)
    assert str(error.value) == "signature does not verify"
