"""The recovery code shown once at enrolment, and the private key wrapped under it.

Recovery code: 128 random bits and a 12-bit typo check in Crockford's base32,
shown as 7 groups of 4 (XXXX-XXXX-...). It is never stored; a clinician who
forgets their password types it to unwrap the key and set a new password.

Wire format (AD = AES-GCM associated data)::

    recovery-wrapped key  0x12 | salt 16 | nonce 12 | sealed private key 32+16 (77 bytes)
        AD = domain label | every byte before the nonce
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sealbook.core.crypto.user_keys.base32 import b32_decode, b32_encode, grouped, typed_symbols
from sealbook.core.crypto.user_keys.key_pair import (
    KEY_BYTES,
    NONCE_BYTES,
    SALT_BYTES,
    SEALED_KEY_BYTES,
    UserKeyPair,
    WrongSecret,
    open_private_key,
    seal_private_key,
)
from sealbook.core.crypto.user_keys.randomness import random_bytes
from sealbook.core.errors import InvalidCiphertext

RECOVERY_WRAP_V1 = 0x12

_RECOVERY_BLOB_BYTES = 1 + SALT_BYTES + NONCE_BYTES + SEALED_KEY_BYTES
_RECOVERY_LABEL = b"sealbook/user-key/recovery-code/v1"
_NOT_UNLOCKED = "the recovery code does not unlock this key"
_BAD_RECOVERY_CODE = "this is not a recovery code; check it for a typo"
_RECOVERY_SECRET_BITS = 128
_RECOVERY_CHECK_BITS = 12
_RECOVERY_CHARS = (_RECOVERY_SECRET_BITS + _RECOVERY_CHECK_BITS) // 5  # 28, in 7 groups of 4


def new_recovery_code() -> str:
    """A code of 128 random bits and a 12-bit typo check, as 7 groups of 4 characters."""
    secret = random_bytes(_RECOVERY_SECRET_BITS // 8)
    value = (int.from_bytes(secret, "big") << _RECOVERY_CHECK_BITS) | _recovery_check(secret)
    return grouped(b32_encode(value, _RECOVERY_CHARS), 4, "-")


def normalize_recovery_code(text: str) -> str:
    """The canonical form of a typed recovery code: any case, spaces and dashes
    anywhere, O for 0 and I or L for 1. Raises WrongSecret for a mistyped code."""
    _, canonical = _parse_recovery_code(text)
    return canonical


def wrap_private_key_with_recovery_code(key_pair: UserKeyPair, code: str) -> bytes:
    secret, _ = _parse_recovery_code(code)
    header = bytes([RECOVERY_WRAP_V1]) + random_bytes(SALT_BYTES)
    return seal_private_key(_recovery_key(secret, header[1:]), key_pair, _RECOVERY_LABEL, header)


def unwrap_private_key_with_recovery_code(blob: bytes, code: str) -> UserKeyPair:
    if len(blob) != _RECOVERY_BLOB_BYTES or blob[0] != RECOVERY_WRAP_V1:
        raise InvalidCiphertext()
    secret, _ = _parse_recovery_code(code)
    wrapping_key = _recovery_key(secret, blob[1 : 1 + SALT_BYTES])
    return open_private_key(wrapping_key, blob, 1 + SALT_BYTES, _RECOVERY_LABEL, _NOT_UNLOCKED)


def _parse_recovery_code(text: str) -> tuple[bytes, str]:
    symbols = typed_symbols(text)
    if symbols is None or len(symbols) != _RECOVERY_CHARS:
        raise WrongSecret(_BAD_RECOVERY_CODE)
    value = b32_decode(symbols)
    secret = (value >> _RECOVERY_CHECK_BITS).to_bytes(_RECOVERY_SECRET_BITS // 8, "big")
    if value & ((1 << _RECOVERY_CHECK_BITS) - 1) != _recovery_check(secret):
        raise WrongSecret(_BAD_RECOVERY_CODE)
    return secret, grouped(symbols, 4, "-")


def _recovery_check(secret: bytes) -> int:
    digest = hashlib.sha256(b"sealbook/recovery-code-check/v1\0" + secret).digest()
    return int.from_bytes(digest[:2], "big") >> (16 - _RECOVERY_CHECK_BITS)


def _recovery_key(secret: bytes, salt: bytes) -> bytes:
    # HKDF, not Argon2: the code carries 128 uniformly random bits, so guessing
    # it costs 2^127 tries whatever each try costs. Stretching only helps
    # secrets that people choose; here it would only slow the honest user.
    return HKDF(hashes.SHA256(), KEY_BYTES, salt=salt, info=_RECOVERY_LABEL).derive(secret)
