"""Words of a text with their offsets, computed once per text and shared by detectors."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator

WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def _char_class(keep: Callable[[str], bool], last: int = 0x2FFF) -> str:
    """A regex character class of the characters up to `last` for which `keep` is true."""
    ranges: list[list[int]] = []
    for code in range(last + 1):
        if keep(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    parts = (re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)
    return "[" + "".join(parts) + "]"


# Capital letters of every cased script (Latin, Greek, Cyrillic...), for regular
# expressions: "[A-Z]" misses "Ó", "Λ" and "Ж".
UPPER = _char_class(lambda c: c.isupper() or c.istitle())
_BREAK = re.compile(r"[.!?:;\n\u2022*\"\u201c(-]")


class Token:
    """A word: `text[start:end]`; `base` drops a possessive "'s" ("Kate's" -> "Kate").

    A plain slotted class rather than a dataclass: a long text has hundreds of
    thousands of tokens, and construction cost dominates.
    """

    __slots__ = ("base", "base_end", "end", "lower", "sentence_start", "shape", "start", "text")

    def __init__(self, start: int, end: int, text: str, sentence_start: bool) -> None:
        self.start = start
        self.end = end
        self.text = self.base = text
        self.base_end = end
        if text[-1] in "sS" and text[-2:] in _POSSESSIVES and len(text) > 2:
            self.base = text = text[:-2]
            self.base_end = end - 2
        self.lower = lower = text.lower()
        self.sentence_start = sentence_start
        # "L" lower case, "U" all capitals (two letters or more), "C" capitalised, "" other.
        if lower == text:
            self.shape = "L" if text.islower() else ""
        elif text[0].isupper():
            self.shape = "U" if len(text) > 1 and text.isupper() else "C"
        else:
            self.shape = ""

    def is_capitalised(self) -> bool:
        return self.shape == "C"

    def is_upper(self) -> bool:
        return self.shape == "U"

    def is_lower(self) -> bool:
        return self.shape == "L"

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.text!r})"


_POSSESSIVES = frozenset({"'s", "\u2019s", "'S", "\u2019S"})


@functools.lru_cache(maxsize=2)
def tokenize(text: str) -> tuple[Token, ...]:
    """Every word of `text`, and whether it starts a sentence or line.

    Cached for the last two texts, so the detectors of one analysis share it;
    detectors must not call it on fragments (that would evict the document).
    """
    tokens: list[Token] = []
    previous_end = 0
    search = _BREAK.search
    append = tokens.append
    starts = True
    for m in WORD.finditer(text):
        start, end = m.span()
        if tokens:
            # Most gaps are one space: skip the regex for them.
            starts = start - previous_end != 1 and search(text, previous_end, start) is not None
            if start - previous_end == 1 and text[previous_end] != " ":
                starts = search(text, previous_end, start) is not None
        append(Token(start, end, m.group(), starts))
        previous_end = end
    return tuple(tokens)


def words_of(fragment: str) -> Iterator[str]:
    """The lower-cased words of a short fragment, possessives dropped (no caching)."""
    for m in WORD.finditer(fragment):
        word = m.group()
        if len(word) > 2 and word[-2:] in _POSSESSIVES:
            word = word[:-2]
        yield word.lower()


@functools.lru_cache(maxsize=2)
def word_index(text: str) -> dict[str, list[Token]]:
    """The tokens of `text` grouped by lower-case word (with and without a possessive)."""
    index: dict[str, list[Token]] = {}
    for tok in tokenize(text):
        index.setdefault(tok.lower, []).append(tok)
        if tok.base is not tok.text:
            index.setdefault(tok.text.lower(), []).append(tok)
    return index


def tokens_for(text: str, words: Iterable[str]) -> list[Token]:
    """The tokens of `text` that are one of `words` (lower case), in text order."""
    index = word_index(text)
    found = [tok for word in words for tok in index.get(word, ())]
    found.sort(key=lambda t: t.start)
    return found


def cued_matches(
    text: str, cues: frozenset[str], pattern: re.Pattern[str]
) -> Iterator[re.Match[str]]:
    """`pattern.match` at every word whose lower-case form is in `cues`.

    Much faster than `pattern.finditer` for patterns that begin with a long
    alternation of cue words, which the regex engine would try at every position.
    """
    seen = -1
    for tok in tokens_for(text, cues):
        if tok.start == seen:
            continue
        seen = tok.start
        m = pattern.match(text, tok.start)
        if m is not None:
            yield m


_DIGITS = re.compile(r"\d+")
BEFORE_DIGITS = 40
AFTER_DIGITS = 64


@functools.lru_cache(maxsize=2)
def digit_windows(text: str) -> tuple[tuple[int, int], ...]:
    """Stretches of `text` around its digits, merged: where number-shaped identifiers can be."""
    windows: list[tuple[int, int]] = []
    for m in _DIGITS.finditer(text):
        lo, hi = max(0, m.start() - BEFORE_DIGITS), m.end() + AFTER_DIGITS
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return tuple(windows)


def near_digits(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern that must contain a digit, searched only near
    digits (look-behinds still see the whole text). A match must lie within
    BEFORE_DIGITS characters before and AFTER_DIGITS after a digit."""
    last_end = -1
    for lo, hi in digit_windows(text):
        for m in pattern.finditer(text, lo, min(hi, len(text))):
            if m.start() >= last_end:
                last_end = m.end()
                yield m
