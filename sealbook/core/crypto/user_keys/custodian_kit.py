"""The successor custodian's offline recovery kit, printed on paper.

The practice escrows notes (by the author's choice) to a custodian key whose
private half exists only in this kit: plain ASCII instructions and a key
block of 3 lines, each 20 Crockford base32 symbols and 1 check symbol,
spelling version 0x01 | private key 32 | SHA-256 checksum 4. The per-line
check names the line a person mistyped; the block checksum catches the rest.
"""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import UTC, date, datetime

from sealbook.core.crypto.user_keys.base32 import (
    ALPHABET,
    b32_decode,
    b32_encode,
    grouped,
    typed_symbols,
)
from sealbook.core.crypto.user_keys.key_pair import (
    KEY_BYTES,
    UserKeyPair,
    WrongSecret,
    key_fingerprint,
)

_KIT_BEGIN = "-----BEGIN SEALBOOK CUSTODIAN KEY-----"
_KIT_END = "-----END SEALBOOK CUSTODIAN KEY-----"
_KIT_VERSION = 0x01
_KIT_LINES = 3
_KIT_LINE_CHARS = 20  # each followed by one check character
_KIT_BYTES = 1 + KEY_BYTES + 4  # version, private key, checksum: 296 bits in 60 symbols
_KIT_LABEL = b"sealbook/custodian-kit/v1"
# Letters that NFKD does not decompose into ASCII.
_KIT_FOLD = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L"}
)

_KIT_TEXT = """\
SEALBOOK SUCCESSOR CUSTODIAN RECOVERY KIT

Practice:         {practice}
Created:          {created}
Key fingerprint:  {fingerprint}

You have been named the successor custodian of this practice's client
records. If the psychologist who keeps them dies or can no longer work,
this kit lets you open the records and the psychotherapy notes kept for
you, so that clients' care can continue and their records can be handed
on or kept as the law requires.

KEEP IT SAFE
- Print this page, seal it in an envelope and keep it with your most
  important papers (a safe, or with your will). Then delete every
  electronic copy, including downloads and email.
- Anyone with this kit and a copy of the practice's data can read
  confidential notes. Never photograph it, email it or store it online.
- The kit alone does not open the practice. You will also need the
  practice passphrase, which is kept apart from this kit.

WHEN YOU NEED IT
1. Open Sealbook's custodian recovery page, or ask the practice's
   technical support to run the custodian recovery for you.
2. Give it the key block below: upload this file, or type the three
   lines exactly as printed. Upper or lower case both work; O and 0,
   and I, L and 1, count as the same. The last character of each line
   is a check: if a line is mistyped, Sealbook says which one.
3. Every use of this kit is recorded in the practice's audit log.

If you stop being the custodian or lose this kit, tell the practice
owner at once so a new kit can be made, and shred this one.

{begin}
{key_lines}
{end}
"""


def new_custodian_kit(practice_name: str, *, today: date | None = None) -> tuple[bytes, str]:
    """(public key to store and escrow notes to, printable ASCII kit text)."""
    key_pair = UserKeyPair.generate()
    payload = bytes([_KIT_VERSION]) + key_pair._private_bytes()
    symbols = b32_encode(
        int.from_bytes(payload + _kit_checksum(payload), "big"), _KIT_LINES * _KIT_LINE_CHARS
    )
    lines = [symbols[i : i + _KIT_LINE_CHARS] for i in range(0, len(symbols), _KIT_LINE_CHARS)]
    created = today or datetime.now(UTC).date()
    text = _KIT_TEXT.format(
        practice=_ascii_line(practice_name),
        created=created.isoformat(),
        fingerprint=key_fingerprint(key_pair.public_key),
        begin=_KIT_BEGIN,
        key_lines="\n".join(
            grouped(line, 5, " ") + " " + _kit_line_check(n, line) for n, line in enumerate(lines)
        ),
        end=_KIT_END,
    )
    return key_pair.public_key, text


def parse_custodian_kit(text: str) -> UserKeyPair:
    """The custodian's key pair from a kit's text; WrongSecret says what is wrong.

    Compare `.public_key` with the custodian key the practice registered.
    """
    lines = [line.strip() for line in text.splitlines()]
    if lines.count(_KIT_BEGIN) != 1 or lines.count(_KIT_END) != 1:
        raise WrongSecret("this is not a custodian kit: it needs exactly one key block")
    block = [line for line in lines[lines.index(_KIT_BEGIN) + 1 : lines.index(_KIT_END)] if line]
    if len(block) != _KIT_LINES:
        raise WrongSecret(
            f"the kit's key block should have {_KIT_LINES} lines; {len(block)} were found"
        )
    symbols = ""
    for n, line in enumerate(block):
        typed = typed_symbols(line)
        if typed is None or len(typed) != _KIT_LINE_CHARS + 1:
            raise WrongSecret(f"line {n + 1} of the kit's key block is mistyped or damaged")
        if _kit_line_check(n, typed[:-1]) != typed[-1]:
            raise WrongSecret(f"line {n + 1} of the kit's key block has a typo (check failed)")
        symbols += typed[:-1]
    value = b32_decode(symbols)
    if value >> (_KIT_BYTES * 8):
        raise WrongSecret("the kit's key block is damaged (checksum failed)")
    raw = value.to_bytes(_KIT_BYTES, "big")
    payload, checksum = raw[:-4], raw[-4:]
    if checksum != _kit_checksum(payload):
        raise WrongSecret("the kit's key block is damaged (checksum failed)")
    if payload[0] != _KIT_VERSION:
        raise WrongSecret("this kit was made by a newer version of Sealbook")
    return UserKeyPair(payload[1:])


def _kit_checksum(payload: bytes) -> bytes:
    return hashlib.sha256(_KIT_LABEL + b"\0" + payload).digest()[:4]


def _gf32_times(a: int, b: int) -> int:
    """Multiplication in GF(32) modulo the primitive polynomial x^5 + x^2 + 1."""
    product = 0
    while b:
        if b & 1:
            product ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= 0b100101
    return product


def _kit_line_check(index: int, line: str) -> str:
    """A check symbol that catches every single mistyped symbol, for sure.

    The check is sum(alpha^(i+1) * symbol_i) over GF(32), alpha a primitive
    element: a substitution at position i changes it by alpha^(i+1) * e, never
    zero, and swapping two different neighbours changes it by
    (alpha^(i+1) - alpha^(i+2)) * (a - b), never zero either. The line number
    is added in, so two whole lines typed in the wrong order fail too. (A
    hash mod 32 let one typo in 32 through to the block checksum, which could
    only say the block was damaged, not which line.)
    """
    check, weight = index + 1, 1
    for symbol in line:
        weight = _gf32_times(weight, 0b00010)  # alpha = x
        check ^= _gf32_times(weight, ALPHABET.index(symbol))
    return ALPHABET[check]


def _ascii_line(text: str) -> str:
    # The kit is plain ASCII on one line per field: fold accents, drop the rest,
    # and flatten newlines so a name cannot forge a line of instructions.
    folded = unicodedata.normalize("NFKD", text.translate(_KIT_FOLD))
    ascii_only = folded.encode("ascii", "ignore").decode()
    flattened = " ".join("".join(c if c.isprintable() else " " for c in ascii_only).split())
    return flattened[:60] or "(unnamed practice)"
