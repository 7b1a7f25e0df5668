"""E-mail addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.spans import Label, Span

EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b"
)


@register("email", [Label.EMAIL], "local@domain.tld addresses")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in EMAIL.finditer(text):
        yield Span(m.start(), m.end(), Label.EMAIL, "email", "looks like an e-mail address", 0.95)
