"""Any other unique identifying number or code (Safe Harbor item R).

Long digit runs and codes mixing letters and digits are almost never clinical
content; short ones are ("PHQ-9", "F41.1", "DSM-5"), so the thresholds sit
between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import near_digits

LONG_DIGITS = re.compile(r"(?<![\w.,])\d(?:[\d-]*\d)?(?![\w]|[.,]\d)")
MIXED = re.compile(
    r"\b(?=[A-Za-z0-9-]*[A-Za-z])(?=(?:[A-Za-z-]*\d){5})[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\b"
)


@register("unique_code", [Label.ID], "digit runs of 7+ and letter-digit codes with 5+ digits")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in near_digits(LONG_DIGITS, text):
        if sum(c.isdigit() for c in m.group()) >= 7:
            yield Span(m.start(), m.end(), Label.ID, "unique_code", "a long number", 0.5)
    for m in near_digits(MIXED, text):
        yield Span(m.start(), m.end(), Label.ID, "unique_code", "a code of letters and digits", 0.5)
