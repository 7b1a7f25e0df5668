"""The surname before "et al." ("Walia et al. (1976)", "de Graaf et al. reported"), and the
owner of a song, novel or film ("though Brenner's song was ...").

A citation names its first author by surname alone, so the name rules see one capitalised
word, often sentence-initial, often a word too ("Long", "Young"). "et al." says the word
before it is a person's name: with its particles ("van der Berg et al."), capitalised,
and no closed-class word ("The et al." is no citation).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.name_lexicon import NameLexicon
from sealbook.core.deid.lexicon import word_set
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import UPPER, cue_words, tokens_for

_PARTICLES: Final = r"(?:van|von|de|der|den|da|di|del|du|dos|das|ten|ter|le|la)"
_AUTHOR: Final = compiled(
    r"(?<![\w'\u2019-])(?P<name>(?:(?i:" + _PARTICLES + r")[ \t]+){0,3}"
    + UPPER + r"[\w'\u2019]+(?:-" + UPPER + r"[\w'\u2019]+)?)[ \t]+et[ \t]+al\b"
)  # fmt: skip


def cited_authors(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The first author's surname, with its particles, before "et al."."""
    if "et al" not in text:
        return
    for m in _AUTHOR.finditer(text):
        name = m.group("name")
        if name.split()[-1].lower() not in lex.closed:
            yield m.span("name")


# A creative work owned by a capitalised word: "though Brenner's song was about a boat",
# "Okafor's novel", "Tamsen's latest album" (issue 13, fifteenth round). The owner of a
# song, a novel or a film is its author, a person: the word is a name when it is no
# ordinary word, or a surname that is one too ("Parks's song"). "the children's book",
# "Today's song", "Mother's poem" stay (ordinary words, no surnames).
_WORKS: Final = (
    r"song|songs|novel|novels|album|albums|poem|poems|memoir|film|films|movie|movies|"
    r"painting|paintings|sonata|symphony|opera|lyrics|ballad|novella"
)
_WORK_WORDS: Final = cue_words(word_set(_WORKS.replace("|", " ")))
_OWNER: Final = compiled(
    r"(?<![\w'\u2019-])(?P<name>" + UPPER + r"[\w-]+)['\u2019]s[ \t]+"
    r"(?:(?:new|latest|first|last|famous|best|own|early|late|debut|hit|final)[ \t]+)?$"
)


def authors_of_works(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The owner of a song, novel, album or film, written as a possessive before it."""
    for tok in tokens_for(text, _WORK_WORDS):
        m = _OWNER.search(text, max(0, tok.start - 40), tok.start)
        if m is None:
            continue
        low = m.group("name").lower()
        if low in lex.closed or low in lex.never or (low in lex.common and low not in lex.surname):
            continue
        yield m.span("name")
