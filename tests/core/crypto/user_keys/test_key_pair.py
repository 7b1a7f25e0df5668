"""A clinician's X25519 key pair and its fingerprint."""

from __future__ import annotations

import pickle
import re

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from sealbook.core.crypto.user_keys.key_pair import UserKeyPair, key_fingerprint
from tests.core.crypto.user_keys.support import (
    AUTHOR,
    SUPERVISOR,
)

# A known answer for the counting randomness (support.CountingRandomness),
# fixed when the format was defined: a change here breaks every one already stored.
KNOWN_AUTHOR_FINGERPRINT = "1ZMW-FX7P-304W-NW0A"


def test_a_generated_key_pair_has_a_32_byte_public_key_and_differs_from_the_next() -> None:
    one, other = UserKeyPair.generate(), UserKeyPair.generate()
    assert len(one.public_key) == 32
    assert one != other


def test_a_key_pair_shows_its_fingerprint_and_nothing_secret() -> None:
    assert repr(AUTHOR) == f"<UserKeyPair {key_fingerprint(AUTHOR.public_key)}>"
    assert bytes(range(32)).hex() not in repr(AUTHOR)


def test_key_pairs_from_the_same_private_key_are_equal() -> None:
    assert UserKeyPair(bytes(range(32))) == AUTHOR
    assert hash(UserKeyPair(bytes(range(32)))) == hash(AUTHOR)
    assert AUTHOR != SUPERVISOR


def test_the_public_key_is_x25519_of_the_private_key() -> None:
    expected = X25519PrivateKey.from_private_bytes(bytes(range(32))).public_key()
    assert AUTHOR.public_key == expected.public_bytes_raw()


def test_a_key_pair_cannot_be_pickled_into_a_session_or_cache() -> None:
    with pytest.raises(TypeError, match="split_for_session"):
        pickle.dumps(AUTHOR)


@pytest.mark.parametrize("length", [0, 31, 33])
def test_a_private_key_must_be_32_bytes(length: int) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        UserKeyPair(bytes(length))


def test_a_fingerprint_is_four_groups_of_four_and_pinned() -> None:
    assert re.fullmatch(
        r"([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}", KNOWN_AUTHOR_FINGERPRINT
    )
    assert key_fingerprint(AUTHOR.public_key) == KNOWN_AUTHOR_FINGERPRINT
    assert key_fingerprint(SUPERVISOR.public_key) != KNOWN_AUTHOR_FINGERPRINT
