"""A key held across one web session: half in the cookie, half in the session store."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sealbook.core.crypto.user_keys.session_split import join_from_session, split_for_session
from sealbook.core.errors import InvalidCiphertext
from tests.core.crypto.user_keys.support import (
    AUTHOR,
    flipped,
)

# A known answer for the counting randomness (support.CountingRandomness),
# fixed when the format was defined: a change here breaks every one already stored.
KNOWN_SESSION_BLOB = (
    "31202122232425262728292a2bd23ba473689d1c09127548c5cd15faf6c058fe8f939575f974ef76"
    "0955974016ffbe1c1443703165db7da2228248c5f2"
)
KNOWN_COOKIE_SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"


def test_the_two_session_halves_together_give_back_the_key() -> None:
    server_blob, cookie_secret = split_for_session(AUTHOR)
    assert join_from_session(server_blob, cookie_secret) == AUTHOR


def test_the_cookie_half_is_43_url_safe_characters_and_the_server_half_61_bytes() -> None:
    server_blob, cookie_secret = split_for_session(AUTHOR)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", cookie_secret)
    assert len(server_blob) == 61


def test_the_server_half_alone_is_useless() -> None:
    server_blob, _ = split_for_session(AUTHOR)
    assert bytes(range(32)) not in server_blob
    _, another_cookie = split_for_session(AUTHOR)
    with pytest.raises(InvalidCiphertext):
        join_from_session(server_blob, another_cookie)
    with pytest.raises(InvalidCiphertext):
        join_from_session(server_blob, "")


def test_the_cookie_half_alone_is_useless() -> None:
    _, cookie_secret = split_for_session(AUTHOR)
    another_blob, _ = split_for_session(AUTHOR)
    with pytest.raises(InvalidCiphertext):
        join_from_session(another_blob, cookie_secret)
    with pytest.raises(InvalidCiphertext):
        join_from_session(b"", cookie_secret)


def test_each_split_is_fresh() -> None:
    first, second = split_for_session(AUTHOR), split_for_session(AUTHOR)
    assert first[0] != second[0]
    assert first[1] != second[1]


@pytest.mark.parametrize(
    "edit",
    [
        lambda c: c[:-1],
        lambda c: c + "A",
        lambda c: c + "=",
        lambda c: "+" + c[1:],
        lambda c: "/" + c[1:],
        lambda c: " " + c[1:],
        lambda c: c[:-1] + "\u00e9",
    ],
    ids=["short", "long", "padded", "plus", "slash", "space", "non-ascii"],
)
def test_a_malformed_cookie_half_is_refused(edit: Callable[[str], str]) -> None:
    server_blob, cookie_secret = split_for_session(AUTHOR)
    with pytest.raises(InvalidCiphertext):
        join_from_session(server_blob, edit(cookie_secret))


def test_every_bit_flip_or_truncation_of_the_server_half_is_refused() -> None:
    server_blob, cookie_secret = split_for_session(AUTHOR)
    for bit in range(len(server_blob) * 8):
        with pytest.raises(InvalidCiphertext):
            join_from_session(flipped(server_blob, bit), cookie_secret)
    for length in range(len(server_blob)):
        with pytest.raises(InvalidCiphertext):
            join_from_session(server_blob[:length], cookie_secret)


def test_the_cookie_secret_is_the_base64url_sealing_key() -> None:
    server_blob, cookie_secret = split_for_session(AUTHOR)
    key = base64.urlsafe_b64decode(cookie_secret + "=")
    aad = b"sealbook/user-key/session/v1" + b"\x31"
    assert AESGCM(key).decrypt(server_blob[1:13], server_blob[13:], aad) == bytes(range(32))


@pytest.mark.usefixtures("counting_randomness")
def test_a_session_split_is_as_pinned_for_fixed_randomness() -> None:
    server_blob, cookie_secret = split_for_session(AUTHOR)
    assert cookie_secret == KNOWN_COOKIE_SECRET
    assert server_blob.hex() == KNOWN_SESSION_BLOB
