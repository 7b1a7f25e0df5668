"""Enrolment: a clinician's new key pair, wrapped under a password and a recovery code.

It is its own module because it is the one step that uses both wraps: the
password wrap for every login, the recovery-code wrap for a forgotten
password. The caller stores the two wrapped keys and the public key, and
shows the recovery code once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sealbook.core.crypto.sealing import RFC9106_SECOND, Argon2Parameters
from sealbook.core.crypto.user_keys.key_pair import UserKeyPair
from sealbook.core.crypto.user_keys.password_wrap import wrap_private_key_with_password
from sealbook.core.crypto.user_keys.recovery_code import (
    new_recovery_code,
    wrap_private_key_with_recovery_code,
)


@dataclass(frozen=True)
class Enrolment:
    """Everything enrolment produces. Store the two wrapped keys and the public
    key; show `recovery_code` once and keep it nowhere."""

    key_pair: UserKeyPair
    password_wrapped: bytes
    recovery_wrapped: bytes
    recovery_code: str = field(repr=False)

    @property
    def public_key(self) -> bytes:
        return self.key_pair.public_key


def enrol(password: str, *, params: Argon2Parameters = RFC9106_SECOND) -> Enrolment:
    """A new key pair wrapped under `password` and under a new recovery code."""
    key_pair = UserKeyPair.generate()
    code = new_recovery_code()
    return Enrolment(
        key_pair=key_pair,
        password_wrapped=wrap_private_key_with_password(key_pair, password, params=params),
        recovery_wrapped=wrap_private_key_with_recovery_code(key_pair, code),
        recovery_code=code,
    )
