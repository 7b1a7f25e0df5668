"""US Social Security numbers, checked with `python-stdnum`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, preceding, register
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import begins_with_digits, digit_matches

FORMATTED: Final = begins_with_digits(compiled(r"(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w-])"), 3)
BARE: Final = begins_with_digits(compiled(r"(?<![\w-])\d{9}(?![\w-])"), 9)
# A number shown with all but its last four digits masked ("xxx-xx-1234", "***-**-1234"),
# and the last four alone after the cue ("last four of SSN 4821", "SSN ending in 4821"):
# part of the number, still an identifier.
MASKED: Final = compiled(
    r"(?<![\w*#-])(?:[xX]{3}|\*{3}|#{3})([- ]?)(?:[xX]{2}|\*{2}|#{2})\1\d{4}(?![\w-])"
)
LAST_FOUR: Final = begins_with_digits(compiled(r"(?<![\w-])\d{4}(?![\w-])"), 4)
_LAST_FOUR_CUE: Final = compiled(
    r"\b(?:last (?:four|4)(?: digits)? of (?:(?:her|his|their|the|my|your) )?"
    r"(?:ssn|social security(?: number)?|ss#)|(?:ssn|social security(?: number)?|ss#) "
    r"(?:ending|ends|that ends)(?: in| with)?)\W{0,5}$"
)
_CUE: Final = compiled(
    r"\b(?:ssn|ss#|ss #|social security(?: number| no\.?| #)?|soc\. sec\.)\W{0,5}$"
)


@register("ssn", [Label.SSN], "social security numbers: 123-45-6789, or nine digits after a cue")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in digit_matches(FORMATTED, text):
        from stdnum.us import ssn as stdnum_ssn  # (imported when first needed: see phones)

        valid = stdnum_ssn.is_valid(m.group())
        yield Span(
            m.start(), m.end(), Label.SSN, "ssn",
            "formatted like a social security number", 0.9 if valid else 0.7,
        )  # fmt: skip
    for m in digit_matches(BARE, text):
        if _CUE.search(preceding(text, m.start(), 30)):
            yield Span(m.start(), m.end(), Label.SSN, "ssn", "nine digits after 'SSN'", 0.95)
    # (The regex engine would try the masked pattern at every character: most texts hold
    # no run of three mask characters at all, found by the string search instead.)
    if any(mask in text for mask in ("xxx", "XXX", "***", "###")):
        for m in MASKED.finditer(text):
            yield Span(m.start(), m.end(), Label.SSN, "ssn", "a masked social security number", 0.9)
    for m in digit_matches(LAST_FOUR, text):
        if _LAST_FOUR_CUE.search(preceding(text, m.start(), 48)):
            yield Span(m.start(), m.end(), Label.SSN, "ssn",
                       "the last four digits of a social security number", 0.9)  # fmt: skip
