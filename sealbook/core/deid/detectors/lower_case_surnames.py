"""Surnames alone in a text written all in lower case.

With no capital anywhere ("the true gender of bertram has been under debate", "early
samoylova?", "i'm tuma's daughter"), the name rules take a given name in lower case but
no surname alone, since most words of a text in capitals are capitalised where they are
names. In a text with no capital letter at all, a census surname that is no word of the
dictionary, of the closed classes, of the clinical or drug lists, and never a name alone
("monday"), of four letters or more, is a surname; so is one written with diacritics
whose bare letters are listed ("tůma"). Its evidence is weak: the score is below the
engine's STRONG, so it is not spread to other mentions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.name_lexicon import NameLexicon, folded
from sealbook.core.deid.lexicon import clinical_words, drug_names
from sealbook.core.deid.patterns import compiled

_LOWER_WORD: Final = compiled(r"(?<![\w'\u2019-])[^\W\d_]{4,}(?![\w-])")


def lower_case_surnames(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each census surname alone in a text with no capital letter."""
    if any(map(str.isupper, text)):
        return
    clinical, drugs = clinical_words(), drug_names()
    for m in _LOWER_WORD.finditer(text):
        word = m.group()
        bare = folded(word)
        if (
            (word in lex.surname or bare in lex.surname)
            and word not in lex.common
            and bare not in lex.common
            and word not in lex.closed
            and word not in lex.never
            and word not in clinical
            and word not in drugs
        ):
            yield m.span()
