"""Web addresses: full URLs, www. addresses and bare domain names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.patterns import compiled, first_character_guard
from sealbook.core.deid.spans import Label, Span

_TLDS: Final = (
    "com|org|net|edu|gov|mil|int|io|co|us|uk|ca|au|de|fr|nl|info|biz|me|health|app|dev|ly|tv|"
    "ai|ch|it|es|se|no|dk|fi|is|hu|pl|cz|at|be|jp|cn|in|br|mx|nz|ie|ru|eu|online|site|xyz"
)
URL: Final = compiled(
    r"\b(?:(?:https?|ftp)://|www\.)[^\s<>\"'()\[\]]+"
    r"|(?<![@\w.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?\.)+(?:" + _TLDS + r")\b"
    r"(?:/[^\s<>\"'()\[\]]*)?(?![@\w-])",
    re.IGNORECASE,
)
_TRAILING: Final = ".,;:!?"
# One letter and a capitalised "TLD" is an abbreviation, no domain: "H.No." (a house number),
# "S.No", "A.Co", a degree "B.Com"; "x.com" stays.
_ABBREVIATION: Final = compiled(r"[A-Za-z]\.[A-Z][a-z]{0,2}")


# URLs are only looked for near a hint: "://", "www." or a dot before a common TLD.
# (Written so that the regex engine can skip to ":", ".", "w" or "W" quickly.)
_HINT: Final = compiled(r"[:.wW](?:(?<=:)//|(?<=[wW])[wW]{2}\.|(?<=\.)(?i:" + _TLDS + r")\b)")
# How far before a hint a web address may begin: "https://", a domain name before ".com".
_BEFORE: Final = {":": 8, ".": 100}


# No web address holds a blank, a quote or a bracket (see URL), so one that holds a hint
# begins after the last of them before it.
_NOT_IN_URL: Final = compiled(r"[\s<>\"'()\[\]]")


def _run_start(text: str, lo: int, hi: int) -> int:
    """Where the run of characters a web address may hold that ends at `hi` begins (>= `lo`)."""
    start = max(lo, text.rfind(" ", lo, hi) + 1)
    for stop in _NOT_IN_URL.finditer(text, start, hi):  # rarely: a tab, a quote, a bracket
        start = stop.end()
    return start


# `_HINT`'s third branch alone, after a full stop (most of which end a sentence: the guard
# turns them away at the blank after them); and its second, before one.
_TLD_AFTER: Final = compiled(first_character_guard(r"(?i:" + _TLDS + r")\b"))
_WWW: Final = frozenset(a + b + c for a in "wW" for b in "wW" for c in "wW")


def _hints(text: str) -> list[tuple[int, int]]:
    """The (start, end) of what `_HINT.finditer(text)` finds: "://", "www." and a dot
    before a TLD, from the full stops and "://" that `str.find` finds (the regex engine
    tested every character of the text against the hint's first characters, "w" among
    them: a twentieth of a text's cost)."""
    found = []
    at = text.find(".")
    while at >= 0:
        if at >= 3 and text[at - 3 : at] in _WWW:
            found.append((at - 3, at + 1))
        # Every TLD begins with a letter: most full stops, before a blank, are not tried.
        tld = _TLD_AFTER.match(text, at + 1) if text[at + 1 : at + 2].isalpha() else None
        if tld is not None:
            found.append((at, tld.end()))
        at = text.find(".", at + 1)
    at = text.find("://")
    while at >= 0:
        found.append((at, at + 3))
        at = text.find("://", at + 3)
    found.sort()
    # Leftmost first, then none that overlaps it, as `finditer` takes them.
    hints: list[tuple[int, int]] = []
    for start, end in found:
        if not hints or start >= hints[-1][1]:
            hints.append((start, end))
    return hints


def _run_end(text: str, start: int, hi: int) -> int:
    """Where the run of characters a web address may hold that holds `start` ends (<= `hi`).

    A web address that holds a hint lies inside the hint's run, and the characters that end
    the run satisfy every look-ahead the address ends with, as the end of the text does: so
    the addresses inside the run are the same searched up to its end, and a hint without one
    (the domain of an e-mail address, "name@mail.com.") is not searched 200 characters on.
    """
    stop = _NOT_IN_URL.search(text, start, hi)
    return hi if stop is None else stop.start()


def _candidates(text: str) -> list[re.Match[str]]:
    found: list[re.Match[str]] = []
    last_end = -1
    for hint_start, hint_end in _hints(text):
        if hint_start < last_end:
            continue
        before = _BEFORE.get(text[hint_start], 0)
        start = _run_start(text, max(0, hint_start - before), hint_start)
        for m in URL.finditer(text, start, _run_end(text, hint_start, hint_end + 200)):
            if m.start() > hint_start:
                break  # no later match can hold the hint
            if m.start() >= last_end and hint_start < m.end():
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
        if end > m.start() and not _ABBREVIATION.fullmatch(text, m.start(), end):
            yield Span(m.start(), end, Label.URL, "url", "looks like a web address", 0.9)
