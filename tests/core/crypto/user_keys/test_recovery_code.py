"""The one-time recovery code, how it is typed, and the key wrapped under it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sealbook.core.crypto.user_keys.enrolment import Enrolment
from sealbook.core.crypto.user_keys.key_pair import WrongSecret
from sealbook.core.crypto.user_keys.recovery_code import (
    new_recovery_code,
    normalize_recovery_code,
    unwrap_private_key_with_recovery_code,
    wrap_private_key_with_recovery_code,
)
from sealbook.core.errors import InvalidCiphertext
from tests.core.crypto.user_keys.support import (
    AUTHOR,
    CROCKFORD,
    assert_one_line,
    flipped,
)

# A known answer for the counting randomness (support.CountingRandomness),
# fixed when the format was defined: a change here breaks every one already stored.
KNOWN_RECOVERY_CODE = "000G-40R4-0M30-E209-185G-R38E-1XZK"
KNOWN_RECOVERY_WRAPPED = (
    "12000102030405060708090a0b0c0d0e0f101112131415161718191a1b120d2841ee222bdee87652"
    "4be0f6103aa69711dd019d072f0fc4a9c2af0745b5e5e830c2c5729755b90d73d57b87d5db"
)


def test_a_new_recovery_code_is_seven_groups_of_four_crockford_symbols() -> None:
    codes = {new_recovery_code() for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert re.fullmatch(rf"({CROCKFORD}{{4}}-){{6}}{CROCKFORD}{{4}}", code)
        assert normalize_recovery_code(code) == code


@pytest.mark.usefixtures("counting_randomness")
def test_a_recovery_code_is_as_pinned_for_fixed_randomness() -> None:
    assert new_recovery_code() == KNOWN_RECOVERY_CODE


def _typed(transform: Callable[[str], str]) -> str:
    return transform(KNOWN_RECOVERY_CODE)


MUST_PARSE = [
    ("as printed", lambda c: c),
    ("lower case", str.lower),
    ("spaces for dashes", lambda c: c.replace("-", " ")),
    ("no separators", lambda c: c.replace("-", "")),
    ("padded with whitespace", lambda c: f"  \t{c}\n"),
    ("separators anywhere", lambda c: " - ".join(c.replace("-", ""))),
    ("pasted with en dashes and no-break spaces", lambda c: c.replace("-", "\u00a0\u2013 ")),
    ("letter O for zero", lambda c: c.replace("0", "O")),
    ("l and I for one", lambda c: c.replace("1", "l", 1).replace("1", "I")),
]


@pytest.mark.parametrize(("case", "transform"), MUST_PARSE, ids=[c for c, _ in MUST_PARSE])
def test_a_typed_recovery_code_is_read_as_printed(
    case: str, transform: Callable[[str], str]
) -> None:
    assert normalize_recovery_code(_typed(transform)) == KNOWN_RECOVERY_CODE


def _swap_first_two_distinct(code: str) -> str:
    symbols = code.replace("-", "")
    i = next(i for i in range(len(symbols) - 1) if symbols[i] != symbols[i + 1])
    return symbols[:i] + symbols[i + 1] + symbols[i] + symbols[i + 2 :]


MUST_NOT_PARSE = [
    ("empty", lambda c: ""),
    ("separators only", lambda c: "---- ----"),
    ("one symbol short", lambda c: c[:-1]),
    ("one symbol too many", lambda c: c + "0"),
    ("the letter U", lambda c: "U" + c[1:]),
    ("punctuation", lambda c: c.replace("-", ".")),
    ("the last symbol changed", lambda c: c[:-1] + ("0" if c[-1] != "0" else "1")),
    ("two neighbours swapped", _swap_first_two_distinct),
    ("pasted twice", lambda c: c + c),
    ("a full-width digit", lambda c: c[:-1] + "\uff10"),
]


@pytest.mark.parametrize(("case", "transform"), MUST_NOT_PARSE, ids=[c for c, _ in MUST_NOT_PARSE])
def test_a_mistyped_recovery_code_is_reported_as_a_typo(
    case: str, transform: Callable[[str], str]
) -> None:
    with pytest.raises(WrongSecret) as error:
        normalize_recovery_code(_typed(transform))
    assert "typo" in assert_one_line(error)


def test_the_typos_of_the_table_are_refused_by_the_check_not_the_alphabet() -> None:
    # Guards the table: these cases only mean something if the check, and not
    # the length or the alphabet, is what refuses them.
    for case, transform in MUST_NOT_PARSE:
        if case in ("the last symbol changed", "two neighbours swapped"):
            assert re.fullmatch(f"{CROCKFORD}{{28}}", _typed(transform).replace("-", ""))


def test_a_sharp_s_is_not_read_as_ss() -> None:
    # str.upper() turns "\u00df" into "SS"; a code that really ends in SS shows
    # that the parser refuses the letter instead.
    code = next(c for c in iter(new_recovery_code, None) if c.endswith("SS"))
    assert normalize_recovery_code(code[:-2].lower() + "ss") == code
    with pytest.raises(WrongSecret):
        normalize_recovery_code(code[:-2] + "\u00df")


def test_another_valid_recovery_code_does_not_unlock(enrolment: Enrolment) -> None:
    with pytest.raises(WrongSecret) as error:
        unwrap_private_key_with_recovery_code(enrolment.recovery_wrapped, new_recovery_code())
    assert assert_one_line(error) == "the recovery code does not unlock this key"


def test_a_recovery_code_typed_loosely_still_unlocks(enrolment: Enrolment) -> None:
    typed = enrolment.recovery_code.lower().replace("-", " ")
    assert unwrap_private_key_with_recovery_code(enrolment.recovery_wrapped, typed) == (
        enrolment.key_pair
    )


def test_every_bit_flip_in_a_recovery_wrapped_key_is_refused(enrolment: Enrolment) -> None:
    blob = enrolment.recovery_wrapped
    for bit in range(len(blob) * 8):
        # The version byte is read before any key is derived; the rest is the
        # salt, nonce or sealed key, where an alteration cannot be told from
        # another code.
        expected = InvalidCiphertext if bit < 8 else WrongSecret
        with pytest.raises(expected):
            unwrap_private_key_with_recovery_code(flipped(blob, bit), enrolment.recovery_code)


def test_every_truncation_of_a_recovery_wrapped_key_is_refused(enrolment: Enrolment) -> None:
    blob = enrolment.recovery_wrapped
    for length in range(len(blob)):
        with pytest.raises(InvalidCiphertext):
            unwrap_private_key_with_recovery_code(blob[:length], enrolment.recovery_code)


@pytest.mark.usefixtures("counting_randomness")
def test_a_recovery_wrapped_key_is_built_as_documented() -> None:
    blob = wrap_private_key_with_recovery_code(AUTHOR, KNOWN_RECOVERY_CODE)
    assert blob.hex() == KNOWN_RECOVERY_WRAPPED
    # 0x12 | salt 16 | nonce 12 | sealed key, the key derived by HKDF-SHA256
    # from the code's 128 secret bits, the AD the label and the header.
    secret = (int.from_bytes(base32_symbols(KNOWN_RECOVERY_CODE), "big") >> 12).to_bytes(16, "big")
    salt, nonce = blob[1:17], blob[17:29]
    key = HKDF(hashes.SHA256(), 32, salt=salt, info=b"sealbook/user-key/recovery-code/v1").derive(
        secret
    )
    aad = b"sealbook/user-key/recovery-code/v1" + blob[:17]
    assert AESGCM(key).decrypt(nonce, blob[29:], aad) == bytes(range(32))


def base32_symbols(code: str) -> bytes:
    """The integer a Crockford base32 code spells, as bytes (test-side decoder)."""
    value = 0
    for symbol in code.replace("-", ""):
        value = value * 32 + "0123456789ABCDEFGHJKMNPQRSTVWXYZ".index(symbol)
    return value.to_bytes((5 * len(code.replace("-", "")) + 7) // 8, "big")
