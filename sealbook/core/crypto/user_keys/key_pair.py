"""A clinician's X25519 key pair, and its private half sealed under a symmetric key.

Every other module of the package starts from `UserKeyPair`: the password,
recovery-code and session wraps seal its private half here (one AES-256-GCM
recipe, so the three cannot drift apart), HPKE opens note keys with it, and
the custodian kit prints it. The private half leaves the object only in
those modules. `WrongSecret` is the one error a user sees for a secret that
does not unlock.
"""

from __future__ import annotations

import hashlib
from typing import NoReturn

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sealbook.core.crypto.user_keys.base32 import b32_encode, grouped
from sealbook.core.crypto.user_keys.randomness import random_bytes
from sealbook.core.errors import InvalidCiphertext, SealbookError

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
SALT_BYTES = 16
SEALED_KEY_BYTES = KEY_BYTES + TAG_BYTES


class WrongSecret(SealbookError):
    """A password, recovery code or custodian kit that is wrong, mistyped or damaged."""


class UserKeyPair:
    """A user's X25519 key pair. The private half never leaves this object unsealed.

    Equal when the public keys are equal: the public key determines the key.
    Only this package reads `_private`: to seal it (below), for HPKE's key
    exchange (`hpke`) and to print it in the custodian kit (`custodian_kit`).
    """

    __slots__ = ("_private", "public_key")

    def __init__(self, private_bytes: bytes) -> None:
        if len(private_bytes) != KEY_BYTES:
            raise ValueError("an X25519 private key is 32 bytes")
        self._private = X25519PrivateKey.from_private_bytes(private_bytes)
        self.public_key: bytes = self._private.public_key().public_bytes_raw()

    @classmethod
    def generate(cls) -> UserKeyPair:
        # Any 32 random bytes are a valid X25519 key (RFC 7748 clamps them).
        return cls(random_bytes(KEY_BYTES))

    def _private_bytes(self) -> bytes:
        return self._private.private_bytes_raw()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UserKeyPair):
            return NotImplemented
        return self.public_key == other.public_key

    def __hash__(self) -> int:
        return hash(self.public_key)

    def __repr__(self) -> str:
        return f"<UserKeyPair {key_fingerprint(self.public_key)}>"

    def __reduce__(self) -> NoReturn:
        # A session, cache or task queue that pickles would store the key in the clear.
        raise TypeError("a UserKeyPair is never pickled; hold it with split_for_session")


def key_fingerprint(public_key: bytes) -> str:
    """A short, typable name for a public key, to compare a kit or key by eye."""
    digest = hashlib.sha256(b"sealbook/key-fingerprint/v1\0" + public_key).digest()
    return grouped(b32_encode(int.from_bytes(digest[:10], "big"), 16), 4, "-")


def seal_private_key(
    wrapping_key: bytes, key_pair: UserKeyPair, label: bytes, header: bytes
) -> bytes:
    """header | nonce 12 | private key sealed with AES-256-GCM, AD = label | header."""
    nonce = random_bytes(NONCE_BYTES)
    sealed = AESGCM(wrapping_key).encrypt(nonce, key_pair._private_bytes(), label + header)
    return header + nonce + sealed


def open_private_key(
    wrapping_key: bytes, blob: bytes, header_end: int, label: bytes, wrong_secret: str | None
) -> UserKeyPair:
    """The key pair sealed by `seal_private_key` after the first `header_end` bytes.

    A failed tag raises WrongSecret(wrong_secret), or InvalidCiphertext when
    `wrong_secret` is None (the key came from a cookie, not from a person).
    """
    nonce = blob[header_end : header_end + NONCE_BYTES]
    try:
        raw = AESGCM(wrapping_key).decrypt(
            nonce, blob[header_end + NONCE_BYTES :], label + blob[:header_end]
        )
    except InvalidTag:
        if wrong_secret is None:
            raise InvalidCiphertext() from None
        raise WrongSecret(wrong_secret) from None
    if len(raw) != KEY_BYTES:
        raise InvalidCiphertext()
    return UserKeyPair(raw)
