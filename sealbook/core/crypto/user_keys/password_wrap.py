"""A clinician's private key wrapped under their password, with Argon2id.

Wire format (integers big-endian; AD = AES-GCM associated data)::

    password-wrapped key  0x11 | memory KiB u32 | passes u32 | lanes u32 | salt 16
                          | nonce 12 | sealed private key 32+16           (89 bytes)
        AD = domain label | every byte before the nonce

The Argon2id parameters travel in the blob and are authenticated, so they can
be raised later (`password_wrap_parameters` tells a caller when to re-wrap);
they are read before anything is authenticated, so they are held between
RFC 9106's second recommendation and a ceiling.
"""

from __future__ import annotations

import struct
import unicodedata

from argon2.exceptions import HashingError

from sealbook.core.crypto.sealing import RFC9106_SECOND, Argon2Parameters
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

PASSWORD_WRAP_V1 = 0x11


# Argon2 parameters are read from a blob before anything is authenticated, so
# a damaged or hostile blob must not make the server spend minutes or gigabytes.
ARGON2_CEILING = Argon2Parameters(memory_kib=2 * 1024 * 1024, iterations=16, lanes=16)

_PASSWORD_HEADER = struct.Struct(">BIII")
_PASSWORD_BLOB_BYTES = _PASSWORD_HEADER.size + SALT_BYTES + NONCE_BYTES + SEALED_KEY_BYTES
_PASSWORD_LABEL = b"sealbook/user-key/password/v1"
_NOT_UNLOCKED = "the password does not unlock this key"


def wrap_private_key_with_password(
    key_pair: UserKeyPair, password: str, *, params: Argon2Parameters = RFC9106_SECOND
) -> bytes:
    if not _argon2_acceptable(params):
        raise ValueError("Argon2id parameters below RFC 9106's second recommendation or too high")
    if not password:
        raise ValueError("a password is required to wrap a key")
    header = _PASSWORD_HEADER.pack(
        PASSWORD_WRAP_V1, params.memory_kib, params.iterations, params.lanes
    ) + random_bytes(SALT_BYTES)
    wrapping_key = _argon2(_password_bytes(password), header[-SALT_BYTES:], params)
    return seal_private_key(wrapping_key, key_pair, _PASSWORD_LABEL, header)


def unwrap_private_key_with_password(blob: bytes, password: str) -> UserKeyPair:
    params = password_wrap_parameters(blob)
    if not password:
        raise WrongSecret(_NOT_UNLOCKED)
    header_end = _PASSWORD_HEADER.size + SALT_BYTES
    wrapping_key = _argon2(
        _password_bytes(password), blob[_PASSWORD_HEADER.size : header_end], params
    )
    return open_private_key(wrapping_key, blob, header_end, _PASSWORD_LABEL, _NOT_UNLOCKED)


def rewrap_private_key_with_password(
    blob: bytes,
    old_password: str,
    new_password: str,
    *,
    params: Argon2Parameters = RFC9106_SECOND,
) -> bytes:
    """The key in `blob`, unwrapped with the old password and wrapped with the new one."""
    key_pair = unwrap_private_key_with_password(blob, old_password)
    return wrap_private_key_with_password(key_pair, new_password, params=params)


def password_wrap_parameters(blob: bytes) -> Argon2Parameters:
    """The Argon2id parameters of a password-wrapped key, so a caller can decide
    to re-wrap under stronger ones at the next login. Raises InvalidCiphertext
    for a malformed blob or parameters outside the accepted range."""
    if len(blob) != _PASSWORD_BLOB_BYTES:
        raise InvalidCiphertext()
    fmt, memory_kib, iterations, lanes = _PASSWORD_HEADER.unpack_from(blob)
    params = Argon2Parameters(memory_kib, iterations, lanes)
    if fmt != PASSWORD_WRAP_V1 or not _argon2_acceptable(params):
        raise InvalidCiphertext()
    return params


def _argon2_acceptable(params: Argon2Parameters) -> bool:
    ceiling = ARGON2_CEILING
    return (
        params.at_least(RFC9106_SECOND)
        and params.memory_kib <= ceiling.memory_kib
        and params.iterations <= ceiling.iterations
        and params.lanes <= ceiling.lanes
    )


def _password_bytes(password: str) -> bytes:
    # NIST SP 800-63B 5.1.1.2: normalise, so the same password typed on another
    # keyboard or system (composed or decomposed accents) still unlocks.
    return unicodedata.normalize("NFKC", password).encode()


def _argon2(secret: bytes, salt: bytes, params: Argon2Parameters) -> bytes:
    try:
        return params.derive_key(secret, salt, KEY_BYTES)
    except HashingError:
        # Argon2 refuses the parameters (lanes against memory) or cannot allocate.
        raise InvalidCiphertext() from None
