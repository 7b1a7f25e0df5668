"""A street with no street word after a place cue: step one of `street_address`.

Many European streets have no word that says street ("Unter den Linden 13", "Alter Wall
79", "Republica de Chile 7715", "Pavlou Drandaki 86"), so neither the street-word patterns
nor the European ones read them (issue 13, eleventh session). After a cue that says a place
follows ("is on", "lives at", "the north side of", "meet me at"), one to four capitalised
words (particles between them) and a house number that ends the phrase, or a house number
and then the words, are a street when a word of the name is in no English dictionary and no
drug list: "He is on Sertraline 50.", "The session is on Monday 3." are left, and so are
ordinary words alone ("She is on Level 3"), unless the cue is one of living or meeting
somewhere ("lives on Alter Wall 79", "the north side of Alter Wall 79").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.address_grammar import PARTICLE, UP
from sealbook.core.deid.detectors.suffix_number_streets import ADDRESS_CUE, PHRASE_ENDS
from sealbook.core.deid.lexicon import common_words, drug_names, month_words
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import cue_words, tokens_for

# The cue's last word, "on", "at" or "of", and what stands before it.
_CUE: Final = compiled(
    r"(?i:(?:is|are|was|lives?|living|located|station|office|offices|restaurant|side|"
    r"meet[ \t]+(?:me|you|us))[ \t]+(?:on|at)|(?:north|south|east|west)[ \t]+side[ \t]+of)"
    r"[ \t]+$"
)
_SIDE_OF: Final = compiled(r"(?i:side[ \t]+of)[ \t]+$")
_WORD: Final = UP + r"[\w'\u2019-]*"
_NAME: Final = _WORD + r"(?:[ \t]+(?:" + PARTICLE + r"[ \t]+)*" + _WORD + r"){0,3}"
_NUMBER: Final = r"\d{1,5}[A-Za-z]?\b(?![.,/:-]\d)"
_STREET: Final = compiled(
    r"(?:(?P<name>" + _NAME + r")[ \t]+" + _NUMBER + r"|" + _NUMBER + r"(?:[ \t]+\d{1,5})?[ \t]+"
    r"(?P<after>" + _NAME + r"))\.?"
)
_CUE_WORDS: Final = cue_words({"on", "at", "of"})
_REASON: Final = "a street with no street word after a place cue ('is on Alter Wall 79')"


def cued_streets(text: str) -> Iterator[tuple[int, int, str, float, bool]]:
    """(start, end, reason, score, number_last) of every such street."""
    common = None
    for tok in tokens_for(text, _CUE_WORDS):
        at = tok.end + 1
        if (
            at >= len(text)
            or text[tok.end] != " "
            or not (text[at].isupper() or text[at].isdigit())
        ):
            continue  # (most "of"s and "on"s go on in lower case: one test, no pattern)
        m = _STREET.match(text, at)
        if m is None or not PHRASE_ENDS.match(text, m.end()):
            continue
        if _CUE.search(text, max(0, tok.start - 30), tok.end + 1) is None:
            continue
        if common is None:
            common, drugs, months = common_words(), drug_names(), month_words()
        name = m.group("name") or m.group("after")
        if len(name.split()[-1]) == 1 and text[m.end() - 1] == ".":
            continue  # "at 585 Leoforos V. Alexandrou 189": an initial; the name goes on
        words = [w.lower() for w in name.split() if w[:1].isupper()]
        if any(w in drugs or w in months for w in words):
            continue  # "is on Sertraline 50", "is on May 3"
        strong = ADDRESS_CUE.search(text, max(0, tok.start - 30), tok.end + 1) or _SIDE_OF.search(
            text, max(0, tok.start - 30), tok.end + 1
        )
        if all(w in common for w in words) and not (strong and len(words) > 1):
            continue  # "is on Level 3", "lives on Floor 2"; but "lives on Alter Wall 79"
        yield m.start(), m.end(), _REASON, 0.85, m.group("name") is not None
