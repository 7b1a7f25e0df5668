"""Field encryption with per-client data keys (AES-256-GCM).

Token layout (all integers big-endian)::

    version (1 byte, 0x01) | key version (4 bytes) | nonce (12 bytes) | ciphertext | tag (16 bytes)

The first five bytes are also fed to GCM as associated data together with the
caller's context, so a token cannot be moved to another table, field, record or
key version, and a downgrade of the format byte is detected.
"""

from __future__ import annotations

import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sealbook.core.errors import InvalidCiphertext

FORMAT_V1 = 0x01
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
_HEADER = struct.Struct(">BI")
HEADER_BYTES = _HEADER.size
MIN_TOKEN_BYTES = HEADER_BYTES + NONCE_BYTES + TAG_BYTES


def field_context(table: str, field: str, record_id: str) -> bytes:
    """Associated data naming where a ciphertext lives.

    Each part is length-prefixed so that ("ab", "c") and ("a", "bc") differ.
    """
    parts = [b"sealbook/field/v1", table.encode(), field.encode(), record_id.encode()]
    return b"".join(struct.pack(">H", len(p)) + p for p in parts)


def token_key_version(token: bytes) -> int:
    """The key version a token was sealed under, read from its header.

    Raises InvalidCiphertext for anything that is not a version-1 token.
    """
    if len(token) < MIN_TOKEN_BYTES:
        raise InvalidCiphertext()
    fmt, version = _HEADER.unpack_from(token)
    if fmt != FORMAT_V1:
        raise InvalidCiphertext()
    return int(version)


class DataKey:
    """A 256-bit AES-GCM key with a version, used for one client's fields.

    The AESGCM object is built once per key: building it costs about as much
    as encrypting a short field (CRYPTO-NOTES.md, table C).
    """

    __slots__ = ("_aead", "version")

    def __init__(self, secret: bytes, version: int) -> None:
        if len(secret) != KEY_BYTES:
            raise ValueError("a data key is 32 bytes")
        if not 0 < version < 2**32:
            raise ValueError("a key version is a positive 32-bit integer")
        self._aead = AESGCM(secret)
        self.version = version

    @staticmethod
    def generate_secret() -> bytes:
        return os.urandom(KEY_BYTES)

    def seal(self, plaintext: bytes, context: bytes) -> bytes:
        header = _HEADER.pack(FORMAT_V1, self.version)
        nonce = os.urandom(NONCE_BYTES)
        return header + nonce + self._aead.encrypt(nonce, plaintext, header + context)

    def open(self, token: bytes, context: bytes) -> bytes:
        if token_key_version(token) != self.version:
            raise InvalidCiphertext()
        header = token[:HEADER_BYTES]
        nonce = token[HEADER_BYTES : HEADER_BYTES + NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, token[HEADER_BYTES + NONCE_BYTES :], header + context)
        except InvalidTag:
            raise InvalidCiphertext() from None

    def __repr__(self) -> str:
        return f"<DataKey version={self.version}>"
