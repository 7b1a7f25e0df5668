"""Words of a text with their offsets, computed once per text and shared by detectors."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_SENTENCE_END = frozenset('.!?:;\n•*-"“(')


@dataclass(frozen=True, slots=True)
class Token:
    """A word: `text[start:end]`; `base` drops a possessive "'s" ("Kate's" -> "Kate")."""

    start: int
    end: int
    text: str
    base: str
    sentence_start: bool

    @property
    def base_end(self) -> int:
        return self.start + len(self.base)

    @property
    def lower(self) -> str:
        return self.base.lower()

    def is_capitalised(self) -> bool:
        return self.base[:1].isupper() and (len(self.base) == 1 or not self.base[1:].isupper())

    def is_upper(self) -> bool:
        return len(self.base) > 1 and self.base.isupper()

    def is_lower(self) -> bool:
        return self.base.islower()


def _base(word: str) -> str:
    if len(word) > 2 and word[-2:] in ("'s", "\u2019s", "'S", "\u2019S"):
        return word[:-2]
    return word


@functools.lru_cache(maxsize=4)
def tokenize(text: str) -> tuple[Token, ...]:
    """Every word of `text`, and whether it starts a sentence or line."""
    tokens: list[Token] = []
    previous_end = 0
    for m in WORD.finditer(text):
        gap = text[previous_end : m.start()]
        starts = not tokens or any(c in _SENTENCE_END for c in gap)
        tokens.append(Token(m.start(), m.end(), m.group(), _base(m.group()), starts))
        previous_end = m.end()
    return tuple(tokens)


def phrase_key(words: list[str] | tuple[str, ...]) -> str:
    return " ".join(words)
