"""Person names: census given names and surnames, in any case, with titles and pairs.

The rules, in order of confidence:

- a capitalised word after a title ("Dr. Okafor", "Ms. K") is a name, in a list or not;
- a word in the given-name or surname list that is not an ordinary English word
  is a name whether written "Kate", "KATE" or "kate" (lower case only for given names);
- a name that is also an ordinary word ("Grace", "Will", "Brown") counts when it
  stands beside another name ("Grace Brown") or, for given names, when it is
  capitalised in the middle of a sentence;
- a name extends over the surname, middle initial or unknown capitalised word that
  follows it ("Teresa Kreutzmann", "John Q. Public"), and over an initial before it.

Names after relationship cues and initials have their own detectors; every later
mention of a name found anywhere is added by the engine.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.lexicon import (
    cities,
    common_words,
    countries,
    given_names,
    surnames,
    us_states,
    word_set,
)
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import Token, tokenize

_NOT_AFTER_TITLE = word_set(
    "the a an and or my your his her our their is was in on at to of for said says will"
)
_CAPS = frozenset({"C", "U"})
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "mister", "madam"})
_JOINER = re.compile(r"^(?: |-)$")
_AFTER_INITIAL = re.compile(r"^\.? $")
_INITIAL_BEFORE = re.compile(r"(?:^|[\s(])([A-Z]\.\s?)$")


class _Lexicon:
    __slots__ = ("common", "given", "only_common", "surname")

    def __init__(self) -> None:
        self.common = common_words()
        self.given = given_names()
        self.surname = surnames()
        self.only_common = _only_common()

    def namey(self, tok: Token) -> bool:
        return tok.lower in self.given or tok.lower in self.surname

    def plain(self, tok: Token) -> bool:
        """A name-list word that is not an ordinary English word."""
        low = tok.lower
        return (low in self.given or low in self.surname) and low not in self.common


@functools.cache
def _only_common() -> frozenset[str]:
    """Ordinary words that are in no name list."""
    return common_words() - given_names() - surnames()


def _first_decision(lex: _Lexicon, tokens: tuple[Token, ...], i: int) -> tuple[float, str] | None:
    tok = tokens[i]
    low = tok.lower
    if not tok.base[:1].isalpha() or tok.base[:1].isdigit():
        return None
    prev = tokens[i - 1] if i > 0 else None
    if (
        prev is not None
        and prev.lower in TITLES
        and tok.shape in _CAPS
        and tok.start - prev.end <= 2
        and low not in _NOT_AFTER_TITLE
    ):
        return 0.95, "a name after a title"
    if len(low) < 2:
        return None
    if tok.shape in _CAPS:
        if lex.plain(tok):
            if low in lex.given:
                return 0.85, "a given name (census list)"
            return (0.6 if tok.sentence_start else 0.7), "a surname (census list)"
        if low in lex.given and not tok.sentence_start and tok.shape == "C" and len(low) > 2:
            return 0.6, "a capitalised given name mid-sentence"
        return None
    if tok.shape == "L" and len(low) > 2 and low in lex.given and low not in lex.common:
        return 0.6, "a given name written in lower case"
    return None


_PARTICLES = word_set("van von de der den da di del della la le du dos das ter ten bin ibn al el")
_REPORTING_VERBS = word_set(
    "is was has had said says began begins spent told asked wrote writes called came went left "
    "lives lived works worked reported reports wants wanted thinks thought felt feels"
)


def _single_spaced(tokens: tuple[Token, ...], first: int, last: int) -> bool:
    return all(tokens[k + 1].start - tokens[k].end == 1 for k in range(first, last))


def _unknown(lex: _Lexicon, tok: Token) -> bool:
    """A word in no dictionary and no never-a-name list (so probably a proper noun)."""
    return tok.lower not in lex.common and tok.lower.isalpha()


def _is_place(word: str) -> bool:
    return word in cities() or word.lower() in us_states() or word in countries()


def _can_follow(lex: _Lexicon, first: Token, nxt: Token, text: str) -> bool:
    """May `nxt` continue the name that ends with `first` (a surname or middle name)?"""
    gap = text[first.end : nxt.start]
    if first.base != first.text:
        return False
    if len(first.base) == 1 and first.base.isupper():
        if not _AFTER_INITIAL.match(gap):
            return False
    elif not _JOINER.match(gap):
        return False
    low = nxt.lower
    if len(nxt.base) == 1 and nxt.base.isupper() and first.shape == "C":
        return (gap == " " and text[nxt.end : nxt.end + 2] in (". ", ".\n")) or text[
            nxt.end : nxt.end + 1
        ] == " "
    if first.shape == "L":
        return nxt.shape == "L" and low in lex.surname and low not in lex.common
    if nxt.shape not in _CAPS or len(low) < 2:
        return False
    after_initial = len(first.base) == 1
    return low not in lex.common or (
        low in lex.surname and (first.lower in lex.given or after_initial)
    )


def _extend_back(lex: _Lexicon, tokens: tuple[Token, ...], i: int, text: str) -> int:
    """Index of the first word of a name found at `i`: "Ken" in "Ken N. Fukuda"."""
    while i > 0:
        prev = tokens[i - 1]
        if (
            prev.shape == "C"
            and prev.base == prev.text
            and text[prev.end : tokens[i].start] == " "
            and (prev.lower in lex.given or _unknown(lex, prev))
            and prev.lower not in _NOT_AFTER_TITLE
            and not _is_place(prev.base)
        ):
            i -= 1
            continue
        return i
    return i


@register("person_name", [Label.NAME], "given names and surnames (census lists), titles, pairs")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    lex = _Lexicon()
    tokens = tokenize(text)
    i = 0
    n = len(tokens)
    given = lex.given
    while i < n:
        tok = tokens[i]
        shape = tok.shape
        if shape == "" or (shape == "L" and tok.lower not in given):
            i += 1  # the common case, decided without a call: not a name
            continue
        decision = _first_decision(lex, tokens, i)
        if decision is None and i + 1 < n and tok.shape in _CAPS:
            # "Grace Brown", "Xochitl Moore": two capitalised words, one of them a name.
            nxt = tokens[i + 1]
            if (
                _can_follow(lex, tok, nxt, text)
                and (lex.namey(tok) or tok.lower not in lex.common)
                and lex.namey(nxt)
                and (lex.plain(tok) or lex.plain(nxt) or tok.lower in lex.given)
                and tok.lower not in lex.only_common
            ):
                decision = (0.75, "a capitalised given name and surname")
            elif (
                _can_follow(lex, tok, nxt, text)
                and tok.shape == "C"
                and nxt.shape == "C"
                and _unknown(lex, tok)
                and _unknown(lex, nxt)
            ):
                decision = (0.55, "two capitalised words that are not ordinary words")
        if (
            decision is None
            and tok.shape == "C"
            and (tok.lower in lex.given or _unknown(lex, tok))
            and text[tok.end : tok.end + 1] == ":"
            and tok.sentence_start
        ):
            decision = (0.6, "a name before a colon, as a speaker in a transcript")
        if (
            decision is None
            and tok.shape == "C"
            and tok.sentence_start
            and i + 1 < n
            and tokens[i + 1].lower in _REPORTING_VERBS
            and _unknown(lex, tok)
            and not _is_place(tok.base)
        ):
            decision = (0.55, "an unknown capitalised word before a verb, at a sentence start")
        if (
            decision is None
            and tok.shape == "C"
            and not tok.sentence_start
            and len(tok.lower) > 3
            and _unknown(lex, tok)
            and tok.lower not in lex.surname
            and not _is_place(tok.base)
        ):
            decision = (0.5, "a capitalised word that is not an ordinary word, mid-sentence")
        if decision is None:
            i += 1
            continue
        score, reason = decision
        j = i
        while j + 1 < n and j - i < 4:
            if _can_follow(lex, tokens[j], tokens[j + 1], text):
                j += 1
                continue
            # "Maika van de Noort": particles between capitalised parts of a name.
            k = j + 1
            while k < n and k - j <= 2 and tokens[k].lower in _PARTICLES:
                k += 1
            if k > j + 1 and k < n and tokens[k].shape == "C" and _single_spaced(tokens, j, k):
                j = k
                continue
            break
        start = tok.start
        initial = _INITIAL_BEFORE.search(text[max(0, start - 4) : start])
        if initial and tok.shape == "C":
            start -= len(initial.group(1))
        prev = tokens[i - 1] if i > 0 else None
        if (
            prev is not None
            and tok.shape == "C"
            and len(prev.text) == 1
            and prev.text.isupper()
            and text[prev.end : tok.start] in (" ", ". ")
        ):
            # "Ken N. Fukuda", "Lóa F Sigmundsdóttir": the given name before a middle initial.
            first = _extend_back(lex, tokens, i - 1, text)
            if first < i - 1:
                start = tokens[first].start
        k = i
        while k > 0 and i - k < 2 and tokens[k - 1].lower in _PARTICLES and tok.shape == "C":
            k -= 1
        if k < i and k > 0 and _single_spaced(tokens, k - 1, i):
            # "Maika van de Noort": a given name before the particles of a surname.
            first = _extend_back(lex, tokens, k, text)
            if first < k:
                start = tokens[first].start
        yield Span(start, tokens[j].base_end, Label.NAME, "person_name", reason, score)
        i = j + 1
