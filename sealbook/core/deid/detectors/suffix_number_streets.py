"""Streets with an English type word and the house number after it: step one of `street_address`.

Generators of addresses that mix conventions write a street named the English way
("Kelly Cove", "Hill Ports", "Marshall Avenue") with its house number in the European
place, after the type word, and sometimes a building number before it as well ("44184
Kelly Cove 66", "please return to Hill Ports 26"). The US pattern stops at the type word
and the European ones look for a type word of their own languages, so the number after
the street, or the whole street, was left. Here a street type word (data/street_suffixes.txt)
and a house number that ends the street's phrase (a line end, a comma, a unit, the end of
a sentence) vouch for the capitalised words before them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.address_grammar import SUFFIX, UNIT_WORDS, UP
from sealbook.core.deid.lexicon import (
    closed_class,
    common_words,
    frequent_surnames,
    given_names,
    month_words,
    street_suffixes,
)
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import cue_words, digit_between, tokens_for

SUFFIX_NUMBER: Final = compiled(
    r"(?<![\w.-])(?P<building>\d{1,6}[ \t]+)?(?P<names>(?:"
    + UP
    + r"[\w'\u2019-]*[ \t]+){1,3})(?P<type>"
    + SUFFIX
    + r")\b[ \t]+\d{1,5}[A-Za-z]?\b(?![.,/:-]\d)\.?"
)
# What may follow the house number: the street's phrase must end there, so that "Main
# Street 5 times" or "Grade Point 4 average" is no street (after an address cue, anything).
PHRASE_ENDS: Final = compiled(r"[ \t]*(?:[,;?!)\n]|$|(?<=\.)(?:\s|$)|(?:" + UNIT_WORDS + r")\b)")
_REASON: Final = "capitalised words, a street type word and the house number after it"
# Words that begin a sentence or a title, not a street's name ("The Street 5", "Our Lane 2").
_NOT_NAME: Final = frozenset({"the", "a", "an", "our", "my", "your", "his", "her", "their", "its"})


# A verb of sending or living and its preposition, or "address:", just before the street:
# then the street's words may be ordinary words too ("please return to Ants Wells 11",
# "send it to ...").
ADDRESS_CUE: Final = compiled(
    r"(?i:(?:return(?:ed)?|sen[dt]|deliver(?:ed)?|ship(?:ped)?|mail(?:ed)?|forward(?:ed)?|"
    r"move[ds]?|moving)(?:[ \t]+(?:it|them|this|these|that))?[ \t]+to|"
    r"(?:lives?|living|resides?|residing|located|meet(?:[ \t]+(?:me|"
    r"you|us))?|stop|off)[ \t]+(?:at|on)|address(?:[ \t]+is)?:?)[ \t]+$"
)


def _name_word(word: str, cued: bool) -> bool:
    """May `word` be part of a street's name: a proper name or a word in no dictionary, or,
    after an address cue, any word but a small one or a month?"""
    low = word.lower()
    if low in _NOT_NAME or low in closed_class() or low in month_words():
        return False
    return cued or low not in common_words() or low in frequent_surnames() or low in given_names()


def _name_start(words: list[str], cued: bool) -> int | None:
    """The index of the first word of the street's name at the end of `words` (a sentence's
    first words may stand before it: "Meet Kelly Cove 66"), or None when the word before the
    type word is no name."""
    first = len(words)
    while first > 0 and _name_word(words[first - 1], cued):
        first -= 1
    return first if first < len(words) else None


def suffix_number_streets(text: str) -> Iterator[tuple[int, int, str, float, bool]]:
    """(start, end, reason, score, number_last) of every such street.

    The score outranks the US pattern's (0.9) so that the street with its number replaces
    the one without it, and a person's name read over its words ("Ants Wells 11").
    """
    seen = -1
    for tok in tokens_for(text, _TYPE_WORDS):
        if tok.start < seen or not tok.text[:1].isupper():
            continue
        # A match beginning its type word here has a house number after it, inside the
        # window searched: most type words ("Park", "Hill", "Way") have no digit near them,
        # and the pattern, which begins with a look-behind, was tried at every character of
        # the window before each.
        if not digit_between(text, tok.start, tok.end + 16):
            continue
        for m in SUFFIX_NUMBER.finditer(text, max(0, tok.start - 80), tok.end + 16):
            if m.start("type") != tok.start:
                continue
            start = m.start()
            cued = ADDRESS_CUE.search(text, max(0, m.start() - 40), m.start()) is not None
            if not cued and not PHRASE_ENDS.match(text, m.end()):
                break
            if m.group("building") is None:
                # Without a building number, the words must be names ("Kelly Cove 66"), not
                # ordinary words ("Grade Point 4").
                words = m.group("names").split()
                first = _name_start(words, cued)
                if first is None:
                    break
                start = m.start("names") + m.group("names").index(words[first])
            seen = m.end()
            yield start, m.end(), _REASON, 0.92, True
            break


_TYPE_WORDS: Final = cue_words(w.lower() for w in street_suffixes())
