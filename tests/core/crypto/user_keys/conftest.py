"""The user_keys fixtures.

Argon2id at RFC 9106's second recommendation costs about 0.15 s, so one user
is enrolled per module and only the tests that must run Argon2 do.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sealbook.core.crypto.user_keys import randomness
from sealbook.core.crypto.user_keys.enrolment import Enrolment, enrol
from sealbook.core.crypto.user_keys.key_pair import UserKeyPair
from sealbook.core.crypto.user_keys.note_envelope import seal_for_recipients
from tests.core.crypto.user_keys.support import (
    CONTEXT,
    NOTE,
    PASSWORD,
    RECIPIENT_IDS,
    Cast,
    CountingRandomness,
)


@pytest.fixture
def counting_randomness(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the randomness module's own reference to `os` is replaced, not the os module.
    monkeypatch.setattr(randomness, "os", SimpleNamespace(urandom=CountingRandomness().urandom))


@pytest.fixture(scope="module")
def enrolment() -> Enrolment:
    return enrol(PASSWORD)


@pytest.fixture(scope="module")
def cast() -> Cast:
    return {rid: UserKeyPair.generate() for rid in (*RECIPIENT_IDS, "u-outsider")}


@pytest.fixture(scope="module")
def note(cast: Cast) -> bytes:
    return seal_for_recipients(NOTE, {rid: cast[rid].public_key for rid in RECIPIENT_IDS}, CONTEXT)
