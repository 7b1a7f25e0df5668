"""Errors raised by the core.

Every message is safe to show to a user and to write to a log: it never
contains key material, plaintext or identifying text.
"""


class SealbookError(Exception):
    """Base of every error Sealbook reports to a user as a one-line message."""


class InvalidCiphertext(SealbookError):
    """A ciphertext failed to authenticate, for whatever reason.

    Deliberately opaque: a wrong key, a wrong context, a flipped bit and a
    truncated token all look the same, so the error tells an attacker nothing.
    """

    def __init__(self) -> None:
        super().__init__("encrypted data could not be authenticated")


class UnsealError(SealbookError):
    """The practice key could not be unsealed (wrong secret, missing or corrupt key)."""


class KeyStoreError(SealbookError):
    """A key is missing, destroyed or of the wrong kind."""
