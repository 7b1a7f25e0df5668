"""Vehicle identification numbers: 17 characters, North American check digit (ISO 3779)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import longest_word, near_digits, word_index

# `\b[A-HJ-NPR-Z0-9]{17}\b`, written to begin with a character class (the boundary checked
# behind the first character), so the regex engine skips to the capitals and digits instead
# of trying the pattern at every character of a window.
VIN: Final = compiled(r"[A-HJ-NPR-Z0-9](?<=\b[A-HJ-NPR-Z0-9])[A-HJ-NPR-Z0-9]{16}\b")
VIN_LENGTH: Final = 17
_VIN_CHARACTERS: Final = compiled(r"[A-HJ-NPR-Z0-9]{17}")
_VALUES: Final = {c: i % 10 or 10 for i, c in enumerate("ABCDEFGH", start=1)} | {
    c: v
    for c, v in zip("JKLMNPRSTUVWXYZ", [1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9], strict=True)
}
_WEIGHTS: Final = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def has_valid_check_digit(value: str) -> bool:
    """The ninth character is the weighted sum mod 11 (10 written "X"), as in 49 CFR 565."""
    total = sum(
        (int(c) if c.isdigit() else _VALUES[c]) * w for c, w in zip(value, _WEIGHTS, strict=True)
    )
    check = total % 11
    return value[8] == ("X" if check == 10 else str(check))


@register(
    "vehicle",
    [Label.VEHICLE],
    "17-character VINs (check digit verified, or letters and digits mixed)",
)
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    if not _may_hold_a_vin(text):
        return
    for m in near_digits(VIN, text):
        value = m.group()
        if not (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)):
            continue
        score = 0.95 if has_valid_check_digit(value) else 0.6
        yield Span(m.start(), m.end(), Label.VEHICLE, "vehicle", "shaped like a VIN", score)


def _may_hold_a_vin(text: str) -> bool:
    """Does a word of `text` hold seventeen capitals and digits in a row? A match of `VIN` is
    a whole run of word characters so made, inside one word. Most texts have none, and the
    pattern, begun with a class of capitals and digits, is tried at most characters near
    numbers."""
    if longest_word(text) < VIN_LENGTH:
        return False
    index = word_index(text)
    # (The words long enough picked out in C: most words of a text are short.)
    long_words = itertools.compress(index, map(VIN_LENGTH.__le__, map(len, index)))
    return any(_VIN_CHARACTERS.search(tok.text) for word in long_words for tok in index[word])
