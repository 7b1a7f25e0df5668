"""IPv4 and IPv6 addresses, checked with the standard library's parser."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import holding, near_digits

# Each address holds ".1." (IPv4) or two colons with hex digits between ("::", IPv6): looked
# for first, as the pattern, which begins with a look-behind, is tried at every character.
CANDIDATE: Final = holding(
    compiled(
        r"(?<![\w.:])(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\w:]|\.\w)"
    ),
    r"\.\d{1,3}\.|:[0-9A-Fa-f]{0,4}:",
)


@register("ip_address", [Label.IP], "IPv4 and IPv6 addresses")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in near_digits(CANDIDATE, text):
        try:
            ipaddress.ip_address(m.group())
        except ValueError:
            continue
        if m.group().count(":") >= 2 and not any(c.isdigit() for c in m.group()):
            continue  # "::" alone, or a bit of punctuation, is not an address
        yield Span(m.start(), m.end(), Label.IP, "ip_address", "a valid IP address", 0.9)
