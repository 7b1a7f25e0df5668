"""An unwrapped private key held across one web session, split in two halves.

The unwrapped private key is sealed under a fresh 256-bit key that goes only
into a cookie (HttpOnly, Secure, SameSite=Strict, session lifetime); the
sealed blob goes into the server-side session. A stolen session store, or a
stolen cookie, alone yields nothing. Delete the server half at logout and
idle timeout and the key is gone even if the cookie survives.

Wire format (AD = AES-GCM associated data)::

    session server half  0x31 | nonce 12 | sealed private key 32+16  (61 bytes)
        AD = domain label | every byte before the nonce
    cookie secret        the sealing key, base64url without padding (43 characters)
"""

from __future__ import annotations

import base64
import binascii
import re

from sealbook.core.crypto.user_keys.key_pair import (
    KEY_BYTES,
    NONCE_BYTES,
    SEALED_KEY_BYTES,
    UserKeyPair,
    open_private_key,
    seal_private_key,
)
from sealbook.core.crypto.user_keys.randomness import random_bytes
from sealbook.core.errors import InvalidCiphertext

SESSION_V1 = 0x31

_SESSION_BLOB_BYTES = 1 + NONCE_BYTES + SEALED_KEY_BYTES
_SESSION_LABEL = b"sealbook/user-key/session/v1"
_COOKIE_SECRET = re.compile(r"[A-Za-z0-9_-]{43}")


def split_for_session(key_pair: UserKeyPair) -> tuple[bytes, str]:
    """(server_blob for the server-side session, cookie_secret for a cookie).

    A fresh cookie secret each time: call it at login and after re-authentication.
    """
    cookie_key = random_bytes(KEY_BYTES)
    server_blob = seal_private_key(cookie_key, key_pair, _SESSION_LABEL, bytes([SESSION_V1]))
    return server_blob, base64.urlsafe_b64encode(cookie_key).rstrip(b"=").decode()


def join_from_session(server_blob: bytes, cookie_secret: str) -> UserKeyPair:
    """The key pair, or InvalidCiphertext if either half is missing, wrong or altered."""
    if len(server_blob) != _SESSION_BLOB_BYTES or server_blob[0] != SESSION_V1:
        raise InvalidCiphertext()
    if not _COOKIE_SECRET.fullmatch(cookie_secret):
        raise InvalidCiphertext()
    try:
        cookie_key = base64.urlsafe_b64decode(cookie_secret + "=")
    except (binascii.Error, ValueError):
        raise InvalidCiphertext() from None
    return open_private_key(cookie_key, server_blob, 1, _SESSION_LABEL, None)
