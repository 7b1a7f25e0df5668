"""Payment card numbers (Luhn check) and IBANs (mod-97 check), both via `python-stdnum`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import begins_with_digits, digit_matches, digit_starts, near_digits

CARD: Final = begins_with_digits(
    compiled(r"(?<![\w-])\d{4}(?:[ -]?\d{3,6}){2,4}(?![\w-])|(?<![\w-])\d{13,19}(?![\w-])"), 4
)
# `\b[A-Z]{2}\d{2}...`, begun with a character class, the boundary checked behind it: the
# regex engine skips to capitals instead of trying every character (see vehicles.VIN).
IBAN: Final = compiled(r"[A-Z](?<=\b[A-Z])[A-Z]\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")


@register(
    "payment_number", [Label.ACCOUNT], "payment card numbers and IBANs that pass their checksum"
)
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in digit_matches(CARD, text):
        digits = re.sub(r"\D", "", m.group())
        if not 13 <= len(digits) <= 19:
            continue
        from stdnum import luhn  # (imported when first needed: see phones)

        if luhn.is_valid(digits):
            yield Span(m.start(), m.end(), Label.ACCOUNT, "payment_number",
                       "a card number (passes the Luhn check)", 0.9)  # fmt: skip
    if not _may_hold_an_iban(text):
        return
    for m in near_digits(IBAN, text):
        from stdnum import iban

        if iban.is_valid(m.group()):
            yield Span(m.start(), m.end(), Label.ACCOUNT, "payment_number",
                       "an IBAN (passes the mod-97 check)", 0.95)  # fmt: skip


def _may_hold_an_iban(text: str) -> bool:
    """Does a run of two digits or more follow two capitals ("GB82"), as `IBAN` begins? Most
    texts have none, and the pattern is tried at every capital near a number."""
    for start in digit_starts(text):
        letters = text[start - 2 : start] if start >= 2 else ""
        if (
            letters.isascii()
            and letters.isalpha()
            and letters.isupper()
            and text[start + 1 : start + 2].isdecimal()
        ):
            return True
    return False
