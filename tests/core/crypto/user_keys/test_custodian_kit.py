"""The successor custodian's printed offline kit."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest

from sealbook.core.crypto.user_keys import custodian_kit
from sealbook.core.crypto.user_keys.base32 import b32_encode
from sealbook.core.crypto.user_keys.custodian_kit import new_custodian_kit, parse_custodian_kit
from sealbook.core.crypto.user_keys.key_pair import WrongSecret, key_fingerprint
from tests.core.crypto.user_keys.support import (
    AUTHOR,
    CROCKFORD,
    assert_one_line,
)

# A known answer for the counting randomness (support.CountingRandomness),
# fixed when the format was defined: a change here breaks every one already stored.
KNOWN_KIT_BLOCK = """\
00800 41061 050R3 GG28A 2
1C60T 3GF20 8H44R M2MB1 V
E60S3 8DHR7 8Y3YS 4HGRC 7"""


CREATED = date(2025, 3, 14)


@pytest.fixture(scope="module")
def kit() -> tuple[bytes, str]:
    return new_custodian_kit("Harbour Lane Psychology", today=CREATED)


def _key_block(text: str) -> list[str]:
    lines = text.splitlines()
    begin = lines.index("-----BEGIN SEALBOOK CUSTODIAN KEY-----")
    return lines[begin + 1 : begin + 4]


def _with_block(text: str, block: list[str]) -> str:
    return text.replace("\n".join(_key_block(text)), "\n".join(block))


def test_a_custodian_kit_gives_back_its_key(kit: tuple[bytes, str]) -> None:
    public_key, text = kit
    assert parse_custodian_kit(text).public_key == public_key


def test_a_kit_is_plain_ascii_that_fits_a_printed_page(kit: tuple[bytes, str]) -> None:
    public_key, text = kit
    assert text.isascii()
    assert all(len(line) <= 72 and line.isprintable() for line in text.splitlines())
    assert "Practice:         Harbour Lane Psychology" in text
    assert "Created:          2025-03-14" in text
    assert f"Key fingerprint:  {key_fingerprint(public_key)}" in text
    assert "practice passphrase" in text


def test_the_key_block_is_three_lines_of_four_groups_and_a_check_symbol(
    kit: tuple[bytes, str],
) -> None:
    for line in _key_block(kit[1]):
        assert re.fullmatch(rf"({CROCKFORD}{{5}} ){{4}}{CROCKFORD}", line)


@pytest.mark.parametrize(
    ("name", "printed"),
    [
        ("Praxis Gro\u00dfe & Partner", "Praxis Grosse & Partner"),
        ("Cabinet H\u00e9l\u00e8ne Lef\u00e8vre", "Cabinet Helene Lefevre"),
        ("Two\nLines\tand  tabs", "Two Lines and tabs"),
        ("   ", "(unnamed practice)"),
        ("\u6771\u4eac", "(unnamed practice)"),
    ],
)
def test_the_practice_name_is_printed_as_one_ascii_line(name: str, printed: str) -> None:
    _, text = new_custodian_kit(name, today=CREATED)
    assert f"Practice:         {printed}\n" in text


def test_a_retyped_key_block_is_read_despite_case_separators_and_lookalikes(
    kit: tuple[bytes, str],
) -> None:
    public_key, text = kit
    retyped = [
        line.lower().replace(" ", "-").replace("0", "o").replace("1", "l")
        for line in _key_block(text)
    ]
    typed_kit = "\n".join(
        [
            "-----BEGIN SEALBOOK CUSTODIAN KEY-----",
            *retyped,
            "",
            "-----END SEALBOOK CUSTODIAN KEY-----",
        ]
    )
    assert parse_custodian_kit(typed_kit).public_key == public_key


def _changed_symbol(line: str, at: int) -> str:
    symbol = line[at]
    return line[:at] + ("A" if symbol != "A" else "B") + line[at + 1 :]


DAMAGED_KITS: list[tuple[str, Callable[[str], str], str]] = [
    ("no key block", lambda t: t.replace("BEGIN", "START"), "exactly one key block"),
    ("two key blocks", lambda t: t + t, "exactly one key block"),
    ("a line missing", lambda t: _with_block(t, _key_block(t)[:2]), "3 lines; 2 were found"),
    ("a symbol changed on line 2", lambda t: _with_block(
        t, [_key_block(t)[0], _changed_symbol(_key_block(t)[1], 7), _key_block(t)[2]]
    ), "line 2 of the kit's key block has a typo"),
    ("lines 1 and 2 swapped", lambda t: _with_block(
        t, [_key_block(t)[1], _key_block(t)[0], _key_block(t)[2]]
    ), "line 1 of the kit's key block has a typo"),
    ("a letter U on line 3", lambda t: _with_block(
        t, [*_key_block(t)[:2], "U" + _key_block(t)[2][1:]]
    ), "line 3 of the kit's key block is mistyped or damaged"),
    ("a symbol missing on line 1", lambda t: _with_block(
        t, [_key_block(t)[0][1:], *_key_block(t)[1:]]
    ), "line 1 of the kit's key block is mistyped or damaged"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "damage", "message"), DAMAGED_KITS, ids=[c for c, _, _ in DAMAGED_KITS]
)
def test_a_damaged_kit_is_refused_with_a_clear_message(
    kit: tuple[bytes, str], case: str, damage: Callable[[str], str], message: str
) -> None:
    with pytest.raises(WrongSecret) as error:
        parse_custodian_kit(damage(kit[1]))
    text = assert_one_line(error)
    assert message in text
    assert not any(line[:5] in text for line in _key_block(kit[1]))


def test_every_single_typo_and_swap_of_neighbours_names_its_line(kit: tuple[bytes, str]) -> None:
    block = _key_block(kit[1])
    for n, printed in enumerate(block):
        line = printed.replace(" ", "")
        symbols, check = line[:-1], line[-1]
        typos = [
            symbols[:i] + other + symbols[i + 1 :]
            for i in range(len(symbols))
            for other in "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
            if other != symbols[i]
        ]
        swaps = [
            symbols[:i] + symbols[i + 1] + symbols[i] + symbols[i + 2 :]
            for i in range(len(symbols) - 1)
            if symbols[i] != symbols[i + 1]
        ]
        for typed in typos + swaps:
            damaged = [*block[:n], typed + check, *block[n + 1 :]]
            with pytest.raises(
                WrongSecret, match=f"line {n + 1} of the kit's key block has a typo"
            ):
                parse_custodian_kit(_with_block(kit[1], damaged))


def test_a_typo_that_slips_past_the_line_check_is_caught_by_the_block_checksum(
    kit: tuple[bytes, str],
) -> None:
    block = _key_block(kit[1])
    changed = _changed_symbol(block[1], 0)[:-1]
    messages = set()
    for check in "0123456789ABCDEFGHJKMNPQRSTVWXYZ":
        with pytest.raises(WrongSecret) as error:
            parse_custodian_kit(_with_block(kit[1], [block[0], changed + check, block[2]]))
        messages.add(str(error.value))
    assert messages == {
        "line 2 of the kit's key block has a typo (check failed)",
        "the kit's key block is damaged (checksum failed)",
    }


def test_a_kit_from_a_newer_version_is_refused(kit: tuple[bytes, str]) -> None:
    payload = b"\x02" + bytes(32)
    value = int.from_bytes(payload + custodian_kit._kit_checksum(payload), "big")
    symbols = b32_encode(value, 60)
    lines = [symbols[i : i + 20] for i in range(0, 60, 20)]
    block = [line + custodian_kit._kit_line_check(n, line) for n, line in enumerate(lines)]
    with pytest.raises(WrongSecret, match="newer version of Sealbook"):
        parse_custodian_kit(_with_block(kit[1], block))


@pytest.mark.usefixtures("counting_randomness")
def test_a_kit_is_as_pinned_for_fixed_randomness() -> None:
    public_key, text = new_custodian_kit("Harbour Lane Psychology", today=CREATED)
    assert "\n".join(_key_block(text)) == KNOWN_KIT_BLOCK
    assert public_key == AUTHOR.public_key  # the kit's key is bytes 0..31 here
