"""Web addresses: full URLs, www. addresses and bare domain names."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span

_TLDS = (
    "com|org|net|edu|gov|mil|int|io|co|us|uk|ca|au|de|fr|nl|info|biz|me|health|app|dev|ly|tv|"
    "ai|ch|it|es|se|no|dk|fi|is|hu|pl|cz|at|be|jp|cn|in|br|mx|nz|ie|ru|eu|online|site|xyz"
)
URL = compiled(
    r"\b(?:(?:https?|ftp)://|www\.)[^\s<>\"'()\[\]]+"
    r"|(?<![@\w.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?\.)+(?:" + _TLDS + r")\b"
    r"(?:/[^\s<>\"'()\[\]]*)?(?![@\w-])",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?"


# URLs are only looked for near a hint: "://", "www." or a dot before a common TLD.
# (Written so that the regex engine can skip to ":", ".", "w" or "W" quickly.)
_HINT = compiled(r"[:.wW](?:(?<=:)//|(?<=[wW])[wW]{2}\.|(?<=\.)(?i:" + _TLDS + r")\b)")
# How far before a hint a web address may begin: "https://", a domain name before ".com".
_BEFORE = {":": 8, ".": 100}


# No web address holds a blank, a quote or a bracket (see URL), so one that holds a hint
# begins after the last of them before it.
_NOT_IN_URL = compiled(r"[\s<>\"'()\[\]]")


def _run_start(text: str, lo: int, hi: int) -> int:
    """Where the run of characters a web address may hold that ends at `hi` begins (>= `lo`)."""
    start = max(lo, text.rfind(" ", lo, hi) + 1)
    for stop in _NOT_IN_URL.finditer(text, start, hi):  # rarely: a tab, a quote, a bracket
        start = stop.end()
    return start


def _candidates(text: str) -> list[re.Match[str]]:
    found: list[re.Match[str]] = []
    last_end = -1
    for hint in _HINT.finditer(text):
        if hint.start() < last_end:
            continue
        before = _BEFORE.get(hint.group()[0], 0)
        start = _run_start(text, max(0, hint.start() - before), hint.start())
        for m in URL.finditer(text, start, hint.end() + 200):
            if m.start() > hint.start():
                break  # no later match can hold the hint
            if m.start() >= last_end and hint.start() < m.end():
                found.append(m)
                last_end = m.end()
                break
    return found


@register("url", [Label.URL], "URLs, www. addresses and domain names with a common TLD")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in _candidates(text):
        end = m.end()
        while end > m.start() and text[end - 1] in _TRAILING:
            end -= 1
        if end > m.start():
            yield Span(m.start(), end, Label.URL, "url", "looks like a web address", 0.9)
