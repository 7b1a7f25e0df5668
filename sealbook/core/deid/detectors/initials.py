"""Initials standing for a person: "J.M.", "J. M.", "client JM", "Ms. K."."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.lexicon import word_set
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import UPPER, cue_words, cued_matches

_CAPITAL: Final = UPPER  # "S.Ş.", "Ł.W.", "Þ.K." too
# No leading look-behind, so the regex engine can skip quickly to capitals; the
# character before a match is checked in Python instead.
# Not glued to a word, nor to a placeholder: "A.B.[NAME]" is what redacting the name in
# "A.B.Ka" leaves, where the letters were no initials (a word followed them).
# "E.j.Y.": the initials of a hyphenated given name ("Eun-ji Yoon") keep the second syllable's
# letter in lower case, between two capitals.
DOTTED: Final = compiled(
    rf"(?:{_CAPITAL}\.\s?{_CAPITAL}\.(?:\s?{_CAPITAL}\.)?|{_CAPITAL}\.[a-z]\.{_CAPITAL}\.)(?![\w\[])"
)
# What every match of `DOTTED` holds: a full stop, a letter (perhaps after a blank) and a full
# stop (". K.", ".j."), looked for first: the regex engine skips to full stops, where
# `DOTTED` is tried at every capital of the text, and most texts have none.
_DOTS: Final = compiled(rf"\.\s?(?:{_CAPITAL}|[a-z])\.")
_CUE_WORDS: Final = cue_words(
    word_set("client patient pt minor child youth student resident mr ms mrs call called")
)
CUED: Final = compiled(
    r"\b(?:client|patient|pt\.?|minor|child|youth|student|resident|mr\.?|ms\.?|mrs\.?|"
    r"Client|Patient|Pt\.?|Mr\.?|Ms\.?|Mrs\.?|(?P<call>call (?:her|him|them)|"
    r"called (?:her|him|them)))\s+(?P<initials>[^\W\d_]{1,3}\.?)(?![\w])"
)
# Dotted abbreviations that are not people.
NOT_INITIALS: Final = frozenset(
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


_LIST_JOIN: Final = compiled(r"[ \t]*(?:,|and|&|;)[ \t]*(?:and[ \t]+)?")


def _listed(text: str, matches: list[re.Match[str]], k: int) -> bool:
    """Is `matches[k]` in a list of initials joined by commas or "and" ("K.W., N.A., A.D.")
    where some other member is no abbreviation? Then all of them are people's initials,
    though "N.A." and "A.D." stand beside each other."""
    ends = []
    for step in (-1, 1):
        j = k
        while 0 <= j + step < len(matches):
            a, b = (matches[j + step], matches[j]) if step < 0 else (matches[j], matches[j + 1])
            if not _LIST_JOIN.fullmatch(text, a.end(), b.start()):
                break
            j += step
            other = matches[j].group().replace(" ", "")
            if len(other) > 2 and other not in NOT_INITIALS:
                return True
        ends.append(j)
    # "Present: B.A., B.C., M.S. and Caoimhe": a list after an attendance label names people.
    first = matches[ends[0]].start()
    return ends[0] < ends[1] and _ATTENDANCE.search(text, max(0, first - 16), first) is not None


_ATTENDANCE: Final = compiled(r"(?i:present|attendees|attending|participants|attendance):[ \t]*$")


# One initial alone ("L."), a member of a list only when dotted initials of people are in it:
# "Present: G.V., L., S.T. and Konstantinos".
_SINGLE: Final = compiled(rf"(?<![\w.]){_CAPITAL}\.(?![\w\[])")


# "1. A.M. (referred by his brother)": a case list in supervision notes opens each item with
# the client's initials and a remark in brackets; a time ("10 A.M.") opens no list item and a
# degree in a CV's list is followed by its subject or a year ("M.A. (2010)"), not by words.
_LIST_ITEM_OPENING: Final = compiled(r"[ \t]*(?:\d{1,2}[.)]|[-*\u2022])?[ \t]*")
_ABOUT_A_PERSON: Final = compiled(r"[ \t]+\((?=[a-z])")

_LABELLED: Final = compiled(r"(?::|'s\b|\u2019s\b)")

_DETERMINERS: Final = frozenset(
    ["the", "a", "an", "his", "her", "my", "your", "our", "their", "its"]
)
# The abbreviations that label a number in a form ("Client ID:", "Patient DOB:"), and what
# follows them there: a colon or "#", then a digit.
_NUMBER_LABELS: Final = frozenset({"ID", "DOB", "MRN", "SSN", "NHS", "NHI", "PPS", "NI"})
_NUMBER_NEXT: Final = compiled(r"[ \t]*(?:[:#]|no\.?)[ \t]*[A-Z]{0,3}-?\d")


def _a_persons(text: str, m: re.Match[str]) -> str:
    """Why letters that also abbreviate a degree or a role ("P.T.", "M.S.", "A.A.") stand for
    a person here, or "": signed alone on the line after a sentence (a degree's line
    follows a name), or with a possessive and no article ("M.S.'s family", not "the
    P.T.'s notes")."""
    if text[m.end() : m.end() + 2] in ("'s", "\u2019s"):
        before = text[max(0, m.start() - 8) : m.start()].split()
        if not before or before[-1].lower() not in _DETERMINERS:
            return "initials with a possessive, no article before them"
        return ""
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    line_end = len(text) if line_end < 0 else line_end
    if _LIST_ITEM_OPENING.fullmatch(text, line_start, m.start()) and _ABOUT_A_PERSON.match(
        text, m.end()
    ):
        return "initials opening a list item, with a remark about them in brackets"
    if text[line_start : m.start()].strip() or text[m.end() : line_end].strip():
        return ""
    previous = text[: line_start].rstrip()
    if previous.endswith((".", "!", "?")):
        return "initials alone on a line after a sentence, signing a note"
    return ""


@register("initials", [Label.NAME], "dotted initials (J.M.) and initials after 'client' or a title")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    matches = [
        m for m in DOTTED.finditer(text)
        if not ((b := text[m.start() - 1 : m.start()]) and (b.isalnum() or b in "._"))
    ] if _DOTS.search(text) else []  # fmt: skip
    if matches:
        # A single initial joins a list only beside dotted initials: looked for only there.
        singles = {
            single.start(): single
            for m in matches
            for single in _SINGLE.finditer(text, max(0, m.start() - 12), m.end() + 12)
        }
        matches = sorted(matches + list(singles.values()), key=lambda m: m.start())
    for k, m in enumerate(matches):
        if len(m.group()) == 2:
            if _listed(text, matches, k):
                yield Span(m.start(), m.end(), Label.NAME, "initials",
                           "an initial in a list of people's initials", 0.8)  # fmt: skip
        elif m.group().replace(" ", "") not in NOT_INITIALS:
            yield Span(m.start(), m.end(), Label.NAME, "initials", "initials of a person", 0.8)
        elif _listed(text, matches, k):
            # "Present: K.W., B.L., M.S. and Mekdes": in a list of people's initials,
            # "M.S." and "A.D." are initials too, not a degree or an era.
            yield Span(m.start(), m.end(), Label.NAME, "initials",
                       "initials in a list of people's initials", 0.8)  # fmt: skip
        elif reason := _a_persons(text, m):
            yield Span(m.start(), m.end(), Label.NAME, "initials", reason, 0.75)
    for m in cued_matches(text, _CUE_WORDS, CUED):
        value = m.group("initials")
        if not value.rstrip(".").isupper():
            continue
        if value in {"OK", "ER", "IQ", "TV", "AM", "PM"} and not _LABELLED.match(text, m.end()):
            continue  # "saw the client AM", unless it heads a case: "Client AM: missed two"
        if value.rstrip(".") in _NUMBER_LABELS and _NUMBER_NEXT.match(text, m.end()):
            continue  # "Client ID: 1043", "Patient DOB: 3/4/80": a field's label, its number next
        if value.rstrip(".") in {"I", "A"} and not m.group("call"):
            continue  # "client I saw", "patient A" is a letter, unless "I'll call her A"
        yield Span(m.start("initials"), m.end("initials"), Label.NAME, "initials",
                   "initials after 'client' or a title", 0.85)  # fmt: skip
