"""Any other unique identifying number or code (Safe Harbor item R).

Long digit runs and codes mixing letters and digits are almost never clinical
content; short ones are ("PHQ-9", "F41.1", "DSM-5"), so the thresholds sit
between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import digit_matches, digit_starts

LONG_DIGITS: Final = compiled(r"(?<![\w.,])\d(?:[\d-]*\d)?(?![\w]|[.,]\d)")
MIXED: Final = compiled(
    r"\b(?=[A-Za-z0-9-]*[A-Za-z])(?=(?:[A-Za-z-]*\d){5})[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\b"
)


@register("unique_code", [Label.ID], "digit runs of 7+ and letter-digit codes with 5+ digits")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in digit_matches(LONG_DIGITS, text):
        code = m.group()  # digits and hyphens only: its digits are all but its hyphens
        if len(code) - code.count("-") >= 7 and not _year_range(code):
            yield Span(m.start(), m.end(), Label.ID, "unique_code", "a long number", 0.5)
    for m in mixed_codes(text):
        yield Span(m.start(), m.end(), Label.ID, "unique_code", "a code of letters and digits", 0.5)


def _year_range(digits: str) -> bool:
    """Is `digits` a range of years ("2009-2013", an employment history's dates)? Safe
    Harbor keeps years, and a range of them identifies no one."""
    years = digits.split("-")
    return (
        len(years) == 2
        and all(len(y) == 4 and y[:2] in ("19", "20") for y in years)
        and years[0] <= years[1]
    )


_CODE_CHARS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")


def mixed_codes(text: str) -> Iterator[re.Match[str]]:
    """What `MIXED.finditer(text)` finds, tried only where it can begin: at the start of
    the letters, digits and hyphens around a run of digits, or just after a hyphen."""
    last_end = -1
    for start in digit_starts(text):
        if start < last_end:
            continue
        i = start
        while i > 0 and text[i - 1] in _CODE_CHARS:
            i -= 1
        positions = [i]
        hyphen = text.find("-", i, start)  # (the hyphens found in C, not a step per letter)
        while hyphen >= 0:
            positions.append(hyphen + 1)
            hyphen = text.find("-", hyphen + 1, start)
        for pos in positions:
            if pos < last_end:
                continue
            m = MIXED.match(text, pos)
            if m is not None:
                last_end = m.end()
                yield m
