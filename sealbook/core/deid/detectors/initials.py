"""Initials standing for a person: "J.M.", "J. M.", "client JM", "Ms. K."."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.lexicon import word_set
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import cue_words, cued_matches

_CAPITAL = "[A-Z\u00c0-\u00d6\u00d8-\u00de]"
# No leading look-behind, so the regex engine can skip quickly to capitals; the
# character before a match is checked in Python instead.
DOTTED = re.compile(rf"{_CAPITAL}\.\s?{_CAPITAL}\.(?:\s?{_CAPITAL}\.)?(?![\w])")
_CUE_WORDS = cue_words(
    word_set("client patient pt minor child youth student resident mr ms mrs call called")
)
CUED = re.compile(
    r"\b(?:client|patient|pt\.?|minor|child|youth|student|resident|mr\.?|ms\.?|mrs\.?|"
    r"Client|Patient|Pt\.?|Mr\.?|Ms\.?|Mrs\.?|(?P<call>call (?:her|him|them)|"
    r"called (?:her|him|them)))\s+(?P<initials>[^\W\d_]{1,3}\.?)(?![\w])"
)
# Dotted abbreviations that are not people.
NOT_INITIALS = frozenset(
    [
        "U.S.",
        "U.K.",
        "A.M.",
        "P.M.",
        "E.G.",
        "I.E.",
        "M.D.",
        "B.A.",
        "M.A.",
        "B.S.",
        "M.S.",
        "D.C.",
        "L.A.",
        "N.Y.",
        "P.O.",
        "R.N.",
        "O.T.",
        "P.T.",
        "U.N.",
        "E.U.",
        "D.O.",
        "N.P.",
        "P.A.",
        "L.P.",
        "A.D.",
        "B.C.",
        "S.F.",
        "N.J.",
        "T.V.",
        "U.S.A.",
        "Ph.D.",
        "D.A.",
        "O.K.",
        "I.Q.",
        "E.R.",
        "A.A.",
        "N.A.",
        "G.P.",
        "C.E.O.",
    ]
)


@register("initials", [Label.NAME], "dotted initials (J.M.) and initials after 'client' or a title")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in DOTTED.finditer(text):
        before = text[m.start() - 1 : m.start()]
        if before and (before.isalnum() or before in "._"):
            continue
        if m.group().replace(" ", "") not in NOT_INITIALS:
            yield Span(m.start(), m.end(), Label.NAME, "initials", "initials of a person", 0.8)
    for m in cued_matches(text, _CUE_WORDS, CUED):
        value = m.group("initials")
        if not value.rstrip(".").isupper() or value in {"OK", "ER", "IQ", "TV", "AM", "PM"}:
            continue
        if value.rstrip(".") in {"I", "A"} and not m.group("call"):
            continue  # "client I saw", "patient A" is a letter, unless "I'll call her A"
        yield Span(m.start("initials"), m.end("initials"), Label.NAME, "initials",
                   "initials after 'client' or a title", 0.85)  # fmt: skip
