"""What the user_keys tests share: a synthetic password, note and cast, fixed keys, helpers."""

from __future__ import annotations

import pytest

from sealbook.core.crypto.aead import field_context
from sealbook.core.crypto.user_keys.key_pair import UserKeyPair, WrongSecret

# "café" is precomposed here; a test types it decomposed.
PASSWORD = "synthetic caf\u00e9 password: herons ferry lanterns"
CONTEXT = field_context("psychotherapy_notes", "body", "n-0001")
NOTE = b"Synthetic psychotherapy note: dreamt of the lighthouse again."
RECIPIENT_IDS = ("u-author", "u-supervisor", "u-custodian")

# Fixed keys for known answers (RFC 7748 accepts any 32 bytes as a private key).
AUTHOR = UserKeyPair(bytes(range(32)))
SUPERVISOR = UserKeyPair(bytes(range(32, 64)))

Cast = dict[str, UserKeyPair]

# A Crockford base32 symbol, as recovery codes and kits print them.
CROCKFORD = "[0-9A-HJKMNP-TV-Z]"


class CountingRandomness:
    """Stands in for os.urandom: returns bytes 0, 1, 2, ... (mod 256) in order."""

    def __init__(self) -> None:
        self.position = 0

    def urandom(self, n: int) -> bytes:
        out = bytes((self.position + i) % 256 for i in range(n))
        self.position += n
        return out


def flipped(blob: bytes, bit: int) -> bytes:
    out = bytearray(blob)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


def assert_one_line(error: pytest.ExceptionInfo[WrongSecret]) -> str:
    message = str(error.value)
    assert message and "\n" not in message
    assert PASSWORD not in message
    return message
