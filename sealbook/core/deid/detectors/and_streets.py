"""A street given as "A and B 12": step one of `street_address`.

A meeting point or a street given with the name of the one it meets ("Ilse and Vrangstien
14", "Moreno and C. Polderweg 7", "Tove and Μικρή Άμμος 23") has no street word at all, so
neither the European patterns nor the cued ones read it (issue 13, fifteenth round). Here
one capitalised word opening its phrase (after a line's start, a colon, a comma, a
question's or an exclamation's mark, or "to", "at", "on", "is", "and"), "and", one to three
capitalised words (particles between them) and a house number of two to five digits that
ends the phrase are a street when neither side is an ordinary English word nor a drug:
"Sertraline and Fluoxetine 20.", "Smith and Jones 2019" (a year) and "Patel and Okafor 2."
are left. The word before "and" is taken in by `street_addresses._extend_left`.

After a preposition of place ("to", "at", "in", "with" the address; eleventh session), or
on a line of its own, the house number may have one digit ("a taxi to Dagmar and Pieter
Calandlaan 6.") and, of two digits or more, a word of the sentence may follow it
("arrived at Jordanka and Καστελλόκαμπος 43 last night").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.address_grammar import PARTICLE, UP
from sealbook.core.deid.detectors.suffix_number_streets import PHRASE_ENDS
from sealbook.core.deid.lexicon import common_words, drug_names, given_names
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import cue_words, tokens_for

_WORD: Final = UP + r"[\w'\u2019-]*(?:\.[A-Z])*\.?"  # (initials too: "P.G. Otterweg")
AND_STREET: Final = compiled(
    r"and[ \t]+(?P<street>(?P<words>"
    + _WORD
    + r"(?:[ \t]+(?:"
    + PARTICLE
    + r"[ \t]+)?"
    + _WORD
    + r"){0,2})"
    r"[ \t]+(?P<number>\d{1,5})[A-Za-z]?\b(?![.,/:-]\d)\.?)"
)
# The one word before "and", opening its phrase.
_FIRST: Final = compiled(
    r"(?:(?P<line>^|\n)|[:>,?!]|(?<![\w'])(?:(?P<place>to|at|in|with)|on|is|and))[ \t]*"
    r"(?P<first>" + UP + r"[\w'\u2019-]*)[ \t]+$"
)
_WORD_AFTER: Final = compiled(r"[ \t]+[a-z]")
_LINE_ENDS: Final = compiled(r"[ \t]*(?:\n|$)")
_AND: Final = cue_words({"and"})
_FOR: Final = compiled(r"[ \t]+for\b")
_ADDRESS_BEFORE: Final = compiled(r"(?i:address(?:es)?)\b")
_REASON: Final = "a street given with the one it meets ('A and B 12'), and its house number"


def _year(number: str) -> bool:
    return len(number) == 4 and number[:2] in ("19", "20")


def and_streets(text: str) -> Iterator[tuple[int, int, str, float, bool]]:
    """(start, end, reason, score, number_last) of every such street, from its first word
    after "and" (the word before "and" is left to `_extend_left`)."""
    common = None
    for tok in tokens_for(text, _AND):
        if tok.text != "and":
            continue
        m = AND_STREET.match(text, tok.start)
        if m is None or _year(m.group("number")):
            continue
        ends = PHRASE_ENDS.match(text, m.end()) or _FOR.match(text, m.end())
        if not ends and not _WORD_AFTER.match(text, m.end()):
            continue
        first = _FIRST.search(text, max(0, tok.start - 40), tok.start)
        if first is None:
            continue
        short = len(m.group("number")) == 1
        # A line of its own: an address's street line ("Tamila and Ctra. Hornos 3").
        own_line = first.group("line") is not None and _LINE_ENDS.match(text, m.end())
        # An address asked for or given just before vouches as a place's preposition does
        # ("What is your address? it is Carla and Hunsrødsletta 7").
        placed = first.group("place") is not None or bool(
            _ADDRESS_BEFORE.search(text, max(0, first.start() - 40), first.start())
        )
        if not placed and not own_line and (short or not ends):
            continue  # "Reviewed: Patel and Okafor 2.": a number one digit long, no place
        if short and not ends:
            continue
        if common is None:
            common, drugs = common_words(), drug_names()
        words = [w.rstrip(".").lower() for w in m.group("words").split()]
        named = [w for w in words if len(w) > 1 and w not in common and w not in drugs]
        lead = first.group("first").lower()
        given = lead in given_names()
        if not named or lead in drugs or (lead in common and not own_line and not given):
            # (a line of its own vouches for an ordinary word: "Quarto and X 97"; a given
            # name that is a word too opens the phrase as any name: "to Tom and Letališka 34")
            continue
        yield m.start("street"), m.end("street"), _REASON, 0.85, True
