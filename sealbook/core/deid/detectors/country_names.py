"""Countries and US states where the name rules see a person ("grew up in Brazil").

Many countries and states are given names or surnames too ("Georgia", "Jordan", "Chad",
"Brazil", "Florida"), so the name rules take them for people. A country or a state is no
identifier (Safe Harbor keeps the state), and where it stands tells it from a person:

- a name of two words or more, written whole ("El Salvador", "New Hampshire", "Solomon
  Islands"), is the place, whatever stands before it;
- a name of one word is the place after a place's preposition ("in", "from", "across",
  "visited"), after "to" when a journey's verb leads up to it ("flew from Ohio to India"),
  or listed after another country or state ("Chad and Kiribati").

"I spoke to Georgia" and "Jordan called" keep their person.
"""

from __future__ import annotations

import functools
from typing import Final

from sealbook.core.deid.lexicon import countries, us_states
from sealbook.core.deid.patterns import compiled


@functools.cache
def _one_word_places() -> frozenset[str]:
    names = {c.lower() for c in countries()} | {v.lower() for v in us_states().values()}
    return frozenset(n for n in names if " " not in n)


@functools.cache
def _long_places() -> dict[str, tuple[str, ...]]:
    """Each word of the countries and states of several words (in lower case) -> those
    names, as written and all in lower case as a message writes them ("saint vincent and
    the grenadines")."""
    names = {n for n in set(countries()) | set(us_states().values()) if " " in n}
    table: dict[str, set[str]] = {}
    for name in names:
        for word in name.lower().split():
            table.setdefault(word, set()).update((name, name.lower()))
    return {word: tuple(sorted(found)) for word, found in table.items()}


def _inside_long_place(text: str, start: int, end: int) -> bool:
    """Does a country or state of several words, written whole, hold `text[start:end]`?
    Matched case-sensitively: "the Netherlands" is not geonames' "The Netherlands" (the
    article belongs to the sentence), and that one word keeps the rules for one word."""
    table = _long_places()
    for word in text[start:end].lower().split():
        for name in table.get(word, ()):
            at = text.find(name, max(0, end - len(name)), start + len(name))
            while 0 <= at <= start:
                if at + len(name) >= end and _whole_words(text, at, at + len(name)):
                    return True
                at = text.find(name, at + 1, start + len(name))
    return False


def _whole_words(text: str, start: int, end: int) -> bool:
    return not (start and text[start - 1].isalnum()) and not text[end : end + 1].isalnum()


# Where one is, comes from or goes through: the words before a place's name.
_PLACE_BEFORE: Final = compiled(
    r"(?i)(?<!\w)(?:in|from|across|throughout|visited|visiting|toured|near|via|into|inside|"
    r"outside)[ \t]+$"
)
# "to" after a journey's verb in the same clause ("flew from Ohio to India").
_JOURNEY_TO: Final = compiled(
    r"(?i)(?<!\w)(?:flew|fly|flying|moved|moving|travel+ed|travel+ing|went|going|returned|"
    r"emigrated|relocated|drove|sailed|fled|headed|trip|journey|flight)\b[^.;:!?\n]{0,60}"
    r"(?<!\w)to[ \t]+$"
)
# A place before "and", "or", "&" or a comma: "Chad and Kiribati", "Texas, Ohio".
_LISTED_AFTER: Final = compiled(r"(?P<prev>[^\W\d_][\w'\u2019()-]*(?:[ \t][\w'\u2019()-]+){0,4})"
                                r"(?:,|[ \t]+(?:and|or|&))[ \t]+$")  # fmt: skip


def country_or_state(text: str, start: int, end: int) -> bool:
    """Is `text[start:end]`, a span the name rules took for a person, a country or a US
    state by its words and where it stands?"""
    if _inside_long_place(text, start, end):
        return True
    if text[start:end].lower() not in _one_word_places():
        return False
    window = max(0, start - 80)
    if _PLACE_BEFORE.search(text, max(0, start - 20), start) is not None:
        return True
    if _JOURNEY_TO.search(text, window, start) is not None:
        return True
    listed = _LISTED_AFTER.search(text, window, start)
    return listed is not None and _ends_with_place(listed.group("prev"))


def _ends_with_place(words: str) -> bool:
    """Do the last words of `words` name a country or a US state ("visited Papua New
    Guinea")?"""
    parts = words.split()
    for n in range(1, len(parts) + 1):
        tail = " ".join(parts[-n:])
        if tail.lower() in _one_word_places() or tail in _long_places().get(parts[-1].lower(), ()):
            return True
    return False
