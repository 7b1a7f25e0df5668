"""The surname before "et al." ("Walia et al. (1976)", "de Graaf et al. reported").

A citation names its first author by surname alone, so the name rules see one capitalised
word, often sentence-initial, often a word too ("Long", "Young"). "et al." says the word
before it is a person's name: with its particles ("van der Berg et al."), capitalised,
and no closed-class word ("The et al." is no citation).
"""

from __future__ import annotations

from collections.abc import Iterator

from sealbook.core.deid.detectors.name_lexicon import NameLexicon
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import UPPER

_PARTICLES = r"(?:van|von|de|der|den|da|di|del|du|dos|das|ten|ter|le|la)"
_AUTHOR = compiled(
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
