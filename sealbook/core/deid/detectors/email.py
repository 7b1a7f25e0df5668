"""E-mail addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span

EMAIL: Final = compiled(
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


# An address spelled out so that no program reads it ("jane dot doe at gmail dot com",
# "kit [at] harbour [dot] org"): a local part, "at", a domain of words and "dot"s that ends
# in a common top-level domain. With a bare " at " the local part must look made (a "dot",
# a digit or "_" in it), as "meet at Starbucks dot com" is a sentence. Tried only where
# " dot ", "[dot]" or "(dot)" is written.
_SPOKEN_DOT: Final = r"(?:[ \t]+(?:dot|\(dot\)|\[dot\])[ \t]+|[ \t]*(?:\(dot\)|\[dot\])[ \t]*|\.)"
_LOCAL_WORD: Final = r"[a-z0-9_+-]+"
_TLD: Final = (
    r"(?:com|org|net|edu|gov|info|io|co|uk|ie|au|nz|ca|de|fr|es|it|nl|be|ch|se|no|dk|fi|in)"
)
SPOKEN_EMAIL: Final = compiled(
    r"(?i)(?<![\w.+-])(?:"
    # "kit [at] harbour [dot] org": any local part before a bracketed "at"
    + _LOCAL_WORD + r"(?:" + _SPOKEN_DOT + _LOCAL_WORD + r")*"
    r"[ \t]*(?:\(at\)|\[at\])[ \t]*"
    # "jane dot doe at gmail dot com", "kit_22 at mail dot com": a made local part
    r"|(?:" + _LOCAL_WORD + r"(?:" + _SPOKEN_DOT + _LOCAL_WORD + r")+|[a-z]*[0-9_][a-z0-9_+-]*)"
    r"[ \t]+at[ \t]+)"
    r"[a-z0-9-]+(?:" + _SPOKEN_DOT + r"[a-z0-9-]+)*" + _SPOKEN_DOT + _TLD + r"\b"
)
_SPOKEN_HINT: Final = compiled(r"(?i)[ \t]dot[ \t]|\[dot\]|\(dot\)")


@register("email", [Label.EMAIL], "local@domain.tld addresses, and spelled out ('at', 'dot')")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in near_at_signs(text):
        yield Span(m.start(), m.end(), Label.EMAIL, "email", "looks like an e-mail address", 0.95)
    # (Searched only when "dot" is written at all: the hint's pattern, with no first
    # character to skip to, is tried at every character.)
    hint = _SPOKEN_HINT.search(text) if "dot" in text or "DOT" in text or "Dot" in text else None
    if hint is not None:
        for m in SPOKEN_EMAIL.finditer(text, max(0, hint.start() - 80)):
            yield Span(m.start(), m.end(), Label.EMAIL, "email",
                       "an e-mail address spelled out ('at', 'dot')", 0.9)  # fmt: skip
