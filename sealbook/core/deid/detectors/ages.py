"""Ages over 89 (Safe Harbor item C): "93-year-old", "aged 91", "92 y/o", "in her 90s"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.spans import Label, Span

_AGE = re.compile(
    r"\b(?P<n>\d{2,3})(?=(?:[- ]|\s*)(?:years?|yrs?|yo\b|y/o|y\.o\.)[- ]?(?:old|of age)?)"
    r"|(?<=\bage )(?P<n2>\d{2,3})\b|(?<=\baged )(?P<n3>\d{2,3})\b|(?<=\bage: )(?P<n4>\d{2,3})\b"
    r"|(?<=\bturned )(?P<n5>\d{2,3})\b|(?<=\bturn )(?P<n6>\d{2,3})\b",
    re.IGNORECASE,
)
_DECADE = re.compile(
    r"\b(?:in (?:his|her|their|my) )?(?:late |early |mid-)?(?P<d>9\d|1\d\d)'?s\b|"
    r"\b(?:nonagenarian|centenarian)\b|"
    r"\bninety[- ](?:one|two|three|four|five|six|seven|eight|nine)\b|"
    r"\b(?:ninety|one hundred)(?=[- ]years?)",
    re.IGNORECASE,
)


@register("age", [Label.AGE_OVER_89], "ages of 90 and over, in figures or words")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in _AGE.finditer(text):
        value = next(v for v in m.groups() if v is not None)
        if 90 <= int(value) <= 130:
            start, end = m.span()
            yield Span(start, end, Label.AGE_OVER_89, "age", "an age over 89", 0.9)
    for m in _DECADE.finditer(text):
        decade = m.group("d")
        if decade is None or 90 <= int(decade) <= 120:
            yield Span(m.start(), m.end(), Label.AGE_OVER_89, "age", "an age over 89", 0.8)
