"""Crockford's base32, for secrets a person reads off paper and types back.

Recovery codes, custodian kits and key fingerprints are spelt in it: no I, L,
O or U, so nothing is read two ways, and typing is forgiving (any case,
spaces and dashes anywhere, O for 0, I or L for 1). Values are handled as
integers so a code can carry a bit count that is not a multiple of 8.
"""

from __future__ import annotations

import re

# Crockford's base32: no I, L, O or U, so nothing is read two ways.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TYPED_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Spaces and dashes of any kind, as word processors and PDF viewers paste them.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


def typed_symbols(text: str) -> str | None:
    """Symbols typed by a person, normalised; None if a character is not one."""
    symbols = _SEPARATORS.sub("", text)
    if not symbols.isascii():
        return None  # before upper(), which would read "\u00df" as "SS"
    symbols = symbols.upper().translate(_TYPED_ALIASES)
    return symbols if all(c in ALPHABET for c in symbols) else None


def b32_encode(value: int, chars: int) -> str:
    return "".join(ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(chars)))


def b32_decode(symbols: str) -> int:
    value = 0
    for c in symbols:
        value = (value << 5) | ALPHABET.index(c)
    return value


def grouped(symbols: str, size: int, separator: str) -> str:
    return separator.join(symbols[i : i + size] for i in range(0, len(symbols), size))
