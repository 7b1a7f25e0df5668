"""The practice key-encryption key (KEK) and what it does: wrap and unwrap keys.

A KEK never encrypts data itself. It wraps the per-client data keys and the
practice's own secrets (blind-index key, audit keys), so rotating it re-wraps
a few hundred 40-byte blobs and never touches the data (DESIGN.md, capability 2).

Two implementations share one protocol: `LocalKek` holds the key in process
memory after a passphrase or key file unsealed it; `sealbook.core.crypto.hsm`
keeps it inside a PKCS#11 token and wraps there.
"""

from __future__ import annotations

from typing import Protocol

from cryptography.hazmat.primitives.keywrap import (
    InvalidUnwrap,
    aes_key_unwrap,
    aes_key_wrap,
)

from sealbook.core.errors import InvalidCiphertext

KEK_BYTES = 32


class KeyEncryptionKey(Protocol):
    """What the rest of Sealbook may do with the practice key."""

    @property
    def version(self) -> int: ...

    def wrap(self, key: bytes) -> bytes:
        """Wrap a 16..64-byte key (a multiple of 8 bytes) with RFC 3394 AES key wrap."""
        ...

    def unwrap(self, wrapped: bytes) -> bytes:
        """Unwrap a key; raises InvalidCiphertext on any failure."""
        ...


class LocalKek:
    """A KEK held in memory, wrapping with AES-256 key wrap (RFC 3394).

    RFC 3394 carries its own integrity check, so a tampered wrapped key is
    refused; it is also the mechanism a PKCS#11 token offers, so both
    backends produce the same kind of blob.
    """

    __slots__ = ("_secret", "_version")

    def __init__(self, secret: bytes, version: int) -> None:
        if len(secret) != KEK_BYTES:
            raise ValueError("a KEK is 32 bytes")
        self._secret = secret
        self._version = version

    @property
    def version(self) -> int:
        return self._version

    def wrap(self, key: bytes) -> bytes:
        return aes_key_wrap(self._secret, key)

    def unwrap(self, wrapped: bytes) -> bytes:
        try:
            return aes_key_unwrap(self._secret, wrapped)
        except (InvalidUnwrap, ValueError):
            raise InvalidCiphertext() from None

    def __repr__(self) -> str:
        return f"<LocalKek version={self._version}>"
