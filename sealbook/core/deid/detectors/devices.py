"""Device identifiers that carry their own shape: IMEIs (Luhn) and MAC addresses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, preceding, register
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import begins_with_digits, digit_matches, holding, near_digits

# `\b[0-9A-Fa-f]{2}...`, begun with a character class, the boundary checked behind it: the
# regex engine skips to hex digits instead of trying every character (see vehicles.VIN).
# Each holds two hex digits between two of its separators (":3a:"), looked for first: most
# words hold a hex digit ("a" to "f"), where the pattern is tried.
MAC: Final = holding(
    compiled(
        r"[0-9A-Fa-f](?<=\b[0-9A-Fa-f])[0-9A-Fa-f](?:([:-])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2}){4}\b"
    ),
    r":[0-9A-Fa-f]{2}:|-[0-9A-Fa-f]{2}-",
)
IMEI: Final = begins_with_digits(
    compiled(r"(?<![\w-])\d{2}[- ]?\d{6}[- ]?\d{6}[- ]?\d(?![\w-])"), 2
)


@register("device", [Label.DEVICE], "MAC addresses and IMEIs (after 'IMEI', or valid by Luhn)")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in near_digits(MAC, text):
        yield Span(m.start(), m.end(), Label.DEVICE, "device", "a hardware (MAC) address", 0.9)
    for m in digit_matches(IMEI, text):
        if "imei" not in preceding(text, m.start(), 20):
            continue
        from stdnum import imei  # (imported when first needed: see phones)

        if imei.is_valid(m.group()):
            yield Span(m.start(), m.end(), Label.DEVICE, "device", "an IMEI after 'IMEI'", 0.95)
