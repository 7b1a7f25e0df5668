"""The word tables and building blocks shared by the street address patterns.

A street and the rest of its address are read by different modules
(`street_patterns`, `european_streets`, `address_tail`), but they speak one
grammar: the same letters of a name word, street suffixes, unit words ("Apt",
"Suite") and name particles ("de", "van", "l'"). They live here, so that a word
added to a table reaches every pattern that uses it, and so does `at_words`, the
matcher that tries a pattern only where one of its cue words occurs.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Final

from sealbook.core.deid.lexicon import street_suffixes, word_set
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import UPPER, digit_starts, per_text_cache, tokens_for

UP: Final = UPPER
# A letter of a name word ("O'Neil", "St."; U+2206 stands for a Greek delta in some data).
NAME_LETTER: Final = r"[\w'\u2019.\u2206-]"
# Street suffixes (data/street_suffixes.txt), longest first so "Streets" beats "Street".
SUFFIX: Final = "|".join(sorted(street_suffixes() | {"Str", "str"}, key=lambda w: (-len(w), w)))
UNIT_WORDS: Final = r"Apt|Apartment|Unit|Suite|Ste|Fl|Floor|Rm|Room|Bldg|Building|Flat|Box"
# A unit after a street ("Apt. 4B", "# 12"), which may be absent. The unit word is a word
# of its own: "Ste" is no unit in "12 Parker Lake\nStevenberg" (the town on the next line).
UNIT: Final = r"(?:,?\s*(?:(?:" + UNIT_WORDS + r")(?![a-z])|#)\.?\s*#?\s*[A-Za-z0-9-]{1,6})?"
UNIT_START: Final = compiled(r"(?i:(?:" + UNIT_WORDS + r")\b)")
# The particles of a name ("Rue de la Paix", "Maika van de Noort"), as a pattern and as words.
PARTICLE: Final = (
    r"(?:de|da|do|del|dei|della|delle|degli|di|dos|das|des|du|la|le|les|l['\u2019]|d['\u2019]|"
    r"e|y|i|a|à|au|aux|z|u|v|na|nad|pod|van|von|der|den|ten|ter|al|el|bin|ibn|am|an|im|zum|zur)"
)
PARTICLES: Final = word_set(
    """
    de da do del dei della delle degli di dos das des du la le les e y i a à au aux z u v na nad
    pod van von der den ten ter al el bin ibn am an im zum zur sur sous upon on of en
    """
)


# After a town: its district's number or letter ("Cheb 2", "københavn v", "Karlovy Vary 17
# for a business trip", "Frederiksberg C on Wednesday", "København Ø:", "København NV")
# belongs to its name, where the phrase ends or a preposition or a time goes on with the
# sentence ("arrived at Ceské Budejovice 6 this morning").
# (A letter and a full stop before another letter are a form's or initials': "Mexico S.A.")
_DISTRICT_AFTER: Final = compiled(
    r" (?:\d{1,2}|[NS][VØ]|[B-HJ-Zb-hj-zÆØæø](?!\.\w))"
    r"(?=[.,;:?!)]|[ \t]*(?:\n|$)|[ \t]+(?:for|on|in|at|by|this|last|yesterday|today)\b)"
)


# A Tunisian or Algerian district named "Cité" and its name or date ("Cite El Ouns 2",
# "Cite 7 Novembre", "Cite Des Martyrs"): a town of an address (`town_cues`, the tail).
CITE: Final = compiled(
    r"Cit[eé][ \t]+(?:\d{1,2}[ \t]+)?(?:(?:" + UPPER + r"[\w'\u2019-]*|de|des|du|el|d['\u2019])"
    r"[ \t]+){0,3}" + UPPER + r"[\w'\u2019-]*(?:[ \t]+\d{1,2}(?!\d))?"
)


def with_district(text: str, end: int) -> int:
    """The end of the town that ends at `end`, with its district after it if any."""
    m = _DISTRICT_AFTER.match(text, end)
    return end if m is None else m.end()


def at_words(text: str, words: Iterable[str], pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """`pattern.match` at each word of `text` in `words` (lower case), without overlaps."""
    last_end = -1
    for tok in tokens_for(text, words):
        if tok.start >= last_end:
            m = pattern.match(text, tok.start)
            if m is not None:
                last_end = m.end()
                yield m


# How every street pattern tried at runs of digits begins (`at_house_numbers`): a house
# number of one to six digits, perhaps a letter or a second number after "-" or "/",
# perhaps a comma, then blanks and more. Most runs of digits in a text are no such number
# ("10:30", "3/4/2025", "2.5", "140/90"): they are turned away once here, not once by
# each of the six patterns. Nor is a number before "of" a house's: it counts a part of a
# whole ("week 3 of the Summer Camp", "Article 50 of the Treaty on European Union"), though
# the words after it end in a street type ("Camp", "Union").
_HOUSE_NUMBER_START: Final = compiled(r"\d{1,6}[A-Za-z]?(?:[-/]\d{1,5})?,?\s+(?![Oo][Ff]\s)\S")


@per_text_cache
def _house_number_starts(text: str) -> tuple[int, ...]:
    """The runs of digits of `text` (their starts) that may begin a house number."""
    match = _HOUSE_NUMBER_START.match
    return tuple(start for start in digit_starts(text) if match(text, start))


def at_house_numbers(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`tokens.digit_matches(pattern, text)` for a pattern whose every match begins as
    `_HOUSE_NUMBER_START` does, at a run of digits: tried at the runs that begin so only
    (the others give no match), without overlaps, as `digit_matches` takes them."""
    last_end = -1
    starts = _house_number_starts(text)
    for found in filter(None, map(pattern.match, itertools.repeat(text), starts)):
        if found.start() >= last_end:
            last_end = found.end()
            yield found
