"""The one source of random bytes for clinicians' keys, notes, codes and kits.

Every key, salt, nonce, recovery code and kit in this package is drawn through
`random_bytes`, which calls this module's `os.urandom`. Known-answer tests
replace that one reference (`monkeypatch.setattr(randomness, "os", ...)`) and
get every draw, in order, from one fixed stream, which pins the stored
formats byte for byte.
"""

from __future__ import annotations

import os


def random_bytes(n: int) -> bytes:
    """`n` bytes from the operating system's CSPRNG."""
    return os.urandom(n)
