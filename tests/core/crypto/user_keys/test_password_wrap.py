"""The private key wrapped under the clinician's password (Argon2id)."""

from __future__ import annotations

import struct
from collections.abc import Callable

import pytest

from sealbook.core.crypto.sealing import Argon2Parameters
from sealbook.core.crypto.user_keys.enrolment import Enrolment
from sealbook.core.crypto.user_keys.key_pair import WrongSecret
from sealbook.core.crypto.user_keys.password_wrap import (
    password_wrap_parameters,
    rewrap_private_key_with_password,
    unwrap_private_key_with_password,
    wrap_private_key_with_password,
)
from sealbook.core.crypto.user_keys.recovery_code import unwrap_private_key_with_recovery_code
from sealbook.core.errors import InvalidCiphertext
from tests.core.crypto.user_keys.support import (
    AUTHOR,
    PASSWORD,
    assert_one_line,
    flipped,
)

# A known answer for the counting randomness (support.CountingRandomness),
# fixed when the format was defined: a change here breaks every one already stored.
KNOWN_PASSWORD_WRAPPED = (
    "11000100000000000300000004000102030405060708090a0b0c0d0e0f101112131415161718191a"
    "1bc54909e4bd60ec27712b951e6363797b37f9b1923a78325d9a7770a97c9b0ea95ed5f594b6a1a1"
    "f7fd790bffe469d66e"
)


def test_a_wrong_password_does_not_unlock(enrolment: Enrolment) -> None:
    with pytest.raises(WrongSecret) as error:
        unwrap_private_key_with_password(enrolment.password_wrapped, PASSWORD + " ")
    assert assert_one_line(error) == "the password does not unlock this key"


def test_an_empty_password_does_not_unlock(enrolment: Enrolment) -> None:
    with pytest.raises(WrongSecret):
        unwrap_private_key_with_password(enrolment.password_wrapped, "")


def test_an_empty_password_cannot_wrap_a_key() -> None:
    with pytest.raises(ValueError, match="password is required"):
        wrap_private_key_with_password(AUTHOR, "")


def test_the_password_unlocks_however_its_accents_were_typed(enrolment: Enrolment) -> None:
    decomposed = PASSWORD.replace("\u00e9", "e\u0301")
    assert decomposed != PASSWORD
    assert unwrap_private_key_with_password(enrolment.password_wrapped, decomposed) == (
        enrolment.key_pair
    )


def test_changing_the_password_rewraps_the_same_key(enrolment: Enrolment) -> None:
    new_password = "synthetic new password: otters mend nets"
    rewrapped = rewrap_private_key_with_password(enrolment.password_wrapped, PASSWORD, new_password)
    assert unwrap_private_key_with_password(rewrapped, new_password) == enrolment.key_pair
    with pytest.raises(WrongSecret):
        unwrap_private_key_with_password(rewrapped, PASSWORD)


def test_changing_the_password_needs_the_old_one(enrolment: Enrolment) -> None:
    with pytest.raises(WrongSecret):
        rewrap_private_key_with_password(enrolment.password_wrapped, "not it", "anything new")


WEAK_OR_ABSURD_PARAMETERS = [
    Argon2Parameters(memory_kib=19 * 1024, iterations=2, lanes=1),  # OWASP minimum
    Argon2Parameters(memory_kib=32 * 1024, iterations=3, lanes=4),
    Argon2Parameters(memory_kib=64 * 1024, iterations=2, lanes=4),
    Argon2Parameters(memory_kib=64 * 1024, iterations=3, lanes=0),
    Argon2Parameters(memory_kib=4 * 1024 * 1024, iterations=3, lanes=4),
    Argon2Parameters(memory_kib=64 * 1024, iterations=1000, lanes=4),
    Argon2Parameters(memory_kib=64 * 1024, iterations=3, lanes=255),
]


@pytest.mark.parametrize("params", WEAK_OR_ABSURD_PARAMETERS)
def test_wrapping_refuses_parameters_below_rfc_9106_second_or_absurdly_high(
    params: Argon2Parameters,
) -> None:
    with pytest.raises(ValueError, match="Argon2id parameters"):
        wrap_private_key_with_password(AUTHOR, PASSWORD, params=params)


@pytest.mark.parametrize("params", WEAK_OR_ABSURD_PARAMETERS)
def test_unwrapping_refuses_a_blob_whose_parameters_were_weakened_or_inflated(
    enrolment: Enrolment, params: Argon2Parameters
) -> None:
    header = struct.pack(">BIII", 0x11, params.memory_kib, params.iterations, params.lanes)
    edited = header + enrolment.password_wrapped[len(header) :]
    with pytest.raises(InvalidCiphertext):
        password_wrap_parameters(edited)
    with pytest.raises(InvalidCiphertext):
        unwrap_private_key_with_password(edited, PASSWORD)


def test_stronger_parameters_are_kept_in_the_blob_and_authenticated() -> None:
    stronger = Argon2Parameters(memory_kib=64 * 1024, iterations=4, lanes=4)
    blob = wrap_private_key_with_password(AUTHOR, PASSWORD, params=stronger)
    assert password_wrap_parameters(blob) == stronger
    # Lowered back to the floor, the parameters are still acceptable, but
    # they are associated data: the key no longer unwraps.
    lowered = struct.pack(">BIII", 0x11, 64 * 1024, 3, 4) + blob[13:]
    with pytest.raises(WrongSecret):
        unwrap_private_key_with_password(lowered, PASSWORD)


@pytest.mark.parametrize(
    ("region", "byte"), [("salt", 13), ("nonce", 29), ("sealed key", 41), ("tag", 88)]
)
def test_a_password_wrapped_key_altered_anywhere_does_not_unlock(
    enrolment: Enrolment, region: str, byte: int
) -> None:
    with pytest.raises(WrongSecret):
        unwrap_private_key_with_password(flipped(enrolment.password_wrapped, 8 * byte), PASSWORD)


@pytest.mark.parametrize(
    "edit",
    [
        lambda blob: b"",
        lambda blob: blob[:-1],
        lambda blob: blob + b"\0",
        lambda blob: b"\x12" + blob[1:],
        lambda blob: b"\x01" + blob[1:],
    ],
    ids=["empty", "truncated", "extended", "recovery version byte", "other version byte"],
)
def test_a_password_wrapped_key_of_the_wrong_shape_is_refused_before_argon2(
    enrolment: Enrolment, edit: Callable[[bytes], bytes]
) -> None:
    with pytest.raises(InvalidCiphertext):
        unwrap_private_key_with_password(edit(enrolment.password_wrapped), PASSWORD)


def test_a_recovery_wrapped_key_is_not_taken_for_a_password_wrapped_one(
    enrolment: Enrolment,
) -> None:
    with pytest.raises(InvalidCiphertext):
        unwrap_private_key_with_password(enrolment.recovery_wrapped, PASSWORD)
    with pytest.raises(InvalidCiphertext):
        unwrap_private_key_with_recovery_code(enrolment.password_wrapped, enrolment.recovery_code)


@pytest.mark.usefixtures("counting_randomness")
def test_a_password_wrapped_key_is_as_pinned_for_fixed_randomness() -> None:
    blob = wrap_private_key_with_password(AUTHOR, PASSWORD)
    assert blob.hex() == KNOWN_PASSWORD_WRAPPED
    assert blob[:13] == bytes.fromhex("11" "00010000" "00000003" "00000004")  # fmt: skip
    assert blob[13:29] == bytes(range(16))  # the salt
    assert blob[29:41] == bytes(range(16, 28))  # the nonce
    assert len(blob) == 89
