"""An initial and a surname that is also an ordinary word ("N. Martins", "B. King", "E. Long").

The name rules take the word after an initial when it is in no dictionary ("V. Thenmozhi");
a census surname that is a word too ("Martins", "King", "Long", "Cannon", "Gray") they leave,
as "vitamin D. Long walks" or an outline's "B. Young adults" have the same letters. Where a
person is listed or spoken of, the pair is a person:

- the initial opens the text or a line, or follows "(", a comma, a colon, a semicolon, "&",
  "and" (or "og", "och", "und", "et", "e", "y", "ve" of a list in another language), "or",
  "with", "to", "add", "cc" or "that";
- the word after it is capitalised, a census surname or in no dictionary, and no
  closed-class word, drug or species ("E. coli" is a genus's initial);
- what follows ends the name: a comma, a bracket, a full stop, the line's end, "and" (in
  those languages too), "&", or a verb a person takes ("will", "said", "joined", "is",
  "was", "declined").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.name_lexicon import NameLexicon
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import UPPER

# From the initial's full stop on: a literal start the regex engine skips to quickly; the
# initial itself, one capital alone, is checked before it.
_PAIR: Final = compiled(
    r"\. (?P<surname>" + UPPER + r"[\w'\u2019]+(?:-" + UPPER + r"[\w'\u2019]+)?)"
    r"(?=[ \t]*(?:[,;:)(\n]|\.(?:\s|$)|$|&|(?:and|og|och|und|et|e|y|ve)\b)|"
    r"[ \t]+(?:will|would|said|says|joined|is|was|has|had|called|asked|wrote|led|leads|"
    r"holds|declined|denied|reported|signed|bought|hates|told|took|gave)\b)"
)  # fmt: skip
_LISTED_BEFORE: Final = compiled(
    r"(?:^|[\n(]|[,:;&][ \t]|(?<!\w)(?:and|og|och|und|et|e|y|ve|or|with|to|add|cc|that)[ \t])$"
)


def initials_before_surname_words(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The initial and the surname, a word too, where a person is listed or spoken of."""
    for m in _pairs_after_initials(text):
        start = m.start() - 1
        if _LISTED_BEFORE.search(text, max(0, start - 6), start) is None:
            continue
        surname = m.group("surname").lower()
        if surname in lex.closed or surname in lex.drugs:
            continue
        if lex.namey_word(surname) or surname not in lex.common:
            yield start, m.end("surname")


def _pairs_after_initials(text: str) -> Iterator[re.Match[str]]:
    """`_PAIR.finditer(text)`, less the matches with no initial before them.

    Most full stops before a blank end a sentence after a word in lower case: the initial
    is checked at each first, and `_PAIR` (whose surname and look-ahead the regex engine
    read at each of them) matched only after one. A match holds no full stop after its
    first character, so matches tried one full stop after another do not overlap, as
    `finditer`'s do not."""
    at = text.find(". ")
    while at >= 0:
        start = at - 1
        if start >= 0 and text[start].isupper() and not (start and _glued(text[start - 1])):
            m = _PAIR.match(text, at)
            if m is not None:
                yield m
        at = text.find(". ", at + 2)


def _glued(char: str) -> bool:
    return char.isalnum() or char in "._"
