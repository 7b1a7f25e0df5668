"""Initials standing for a person: "J.M.", "J. M.", "client JM", "Ms. K."."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.spans import Label, Span

DOTTED = re.compile(r"(?<![\w.])[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.)?(?![\w])")
CUED = re.compile(
    r"\b(?:client|patient|pt\.?|minor|child|youth|student|resident|mr\.?|ms\.?|mrs\.?|"
    r"Client|Patient|Pt\.?|Mr\.?|Ms\.?|Mrs\.?|call (?:her|him|them)|called (?:her|him|them))"
    r"\s+(?P<initials>[A-Z]{2,3}|[A-Z]\.?)(?![\w])"
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
        "J.D.",
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
        if m.group().replace(" ", "") not in NOT_INITIALS:
            yield Span(m.start(), m.end(), Label.NAME, "initials", "initials of a person", 0.8)
    for m in CUED.finditer(text):
        value = m.group("initials")
        if value.rstrip(".") in {"I", "A"} or value in {"OK", "ER", "IQ", "TV", "AM", "PM"}:
            continue
        yield Span(m.start("initials"), m.end("initials"), Label.NAME, "initials",
                   "initials after 'client' or a title", 0.85)  # fmt: skip
