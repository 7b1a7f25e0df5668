"""E-mail addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span

EMAIL = compiled(
    r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b"
)


def near_at_signs(text: str) -> Iterator[re.Match[str]]:
    """EMAIL matches, searched only around "@" (most text has none)."""
    last_end = -1
    at = text.find("@")
    while at >= 0:
        if at >= last_end:
            for m in EMAIL.finditer(text, max(last_end, at - 70), at + 260):
                if m.start() >= at:
                    break  # (nor does any later match hold this "@")
                if at < m.end() and m.start() >= last_end:
                    last_end = m.end()
                    yield m
                    break  # (the next match begins after this one: not around this "@")
        at = text.find("@", at + 1)


@register("email", [Label.EMAIL], "local@domain.tld addresses")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in near_at_signs(text):
        yield Span(m.start(), m.end(), Label.EMAIL, "email", "looks like an e-mail address", 0.95)
