"""Rare or public occupations that single a person out (APA 4.07 disguise)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import Token, cue_words, index_of, tokenize, tokens_for

_SPORTS: Final = ("nfl", "nba", "mlb", "nhl", "wnba", "mls")
RARE_OCCUPATIONS: Final[tuple[str, ...]] = (
    "astronaut", "senator", "state senator", "us senator", "congressman", "congresswoman",
    "congressperson", "state representative", "mayor", "governor", "lieutenant governor",
    "city councillor", "city councilor", "councilman", "councilwoman", "judge", "justice",
    "district attorney", "sheriff", "police chief", "fire chief", "bishop", "archbishop",
    "cardinal", "rabbi", "imam", "cantor", "nun", "monk", "professional athlete",
    "professional football player", "professional basketball player",
    "professional baseball player", "professional hockey player", "professional soccer player",
    "professional golfer", "professional boxer", "professional wrestler", "professional dancer",
    *(f"{league} {role}" for league in _SPORTS for role in ("player", "coach")),
    "olympian", "olympic athlete", "olympic medalist", "olympic swimmer", "olympic gymnast",
    "news anchor", "anchorwoman", "anchorman", "meteorologist", "talk show host", "radio host",
    "actor", "actress", "film director", "movie star", "rock star", "pop star", "rapper",
    "country singer", "opera singer", "concert pianist", "conductor", "ballerina",
    "best-selling author", "bestselling author", "novelist", "poet laureate",
    "chief executive", "ceo", "cfo", "university president", "college president",
    "superintendent", "school principal", "ambassador", "diplomat", "surgeon general",
    "astronomer", "zookeeper", "lighthouse keeper", "sommelier", "taxidermist", "puppeteer",
    "stuntman", "stuntwoman", "circus performer", "magician", "funeral director", "coroner",
    "air traffic controller", "fighter pilot", "submarine officer", "navy seal", "green beret",
    "secret service agent", "fbi agent", "cia officer", "forensic pathologist",
    "tv personality", "influencer", "youtuber", "streamer", "celebrity chef", "supermodel",
)  # fmt: skip


# An occupation of one word is the person's own only after an indefinite article, "as" or a
# qualifier ("a justice of the peace", "works as a streamer", "a retired judge"): the word
# alone may be an idea or a thing ("justice", "cardinal signs"), a verb ("will judge"), or a
# role the person meets ("the judge", "the unit's Imam").
_BEFORE_A_ROLE: Final = frozenset(
    {"a", "an", "as", "former", "retired", "chief", "head", "assistant", "deputy", "senior",
     "professional", "famous", "local", "celebrity", "district", "state", "county", "federal"}
)  # fmt: skip


def _ones_own(tokens: tuple[Token, ...], i: int) -> bool:
    """Is the occupation at `tokens[i]` said as someone's own: one of `_BEFORE_A_ROLE` before
    it, with at most three words in lower case between ("a well-known rabbi", "as a local
    mayor")?"""
    for k in range(i - 1, max(-1, i - 5), -1):
        tok = tokens[k]
        if tok.lower in _BEFORE_A_ROLE:
            return True
        if not tok.is_lower() or tok.lower in _BETWEEN_NOUNS:
            return False  # ("a sense of justice": the article is the sense's)
    return False


_BETWEEN_NOUNS: Final = frozenset(
    {"of", "in", "on", "at", "for", "with", "the", "and", "or", "to", "from", "by", "about"}
)


@functools.cache
def _phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the occupation phrases (as word tuples) that start with it, longest first."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for phrase in RARE_OCCUPATIONS:
        words = tuple(phrase.replace("-", " - ").split())
        table.setdefault(words[0], []).append(words)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in table.items()}


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


# The words an occupation can begin with: the first word of a phrase, or its plural (every
# word whose `_singular` begins a phrase).
_FIRST_WORDS: Final = cue_words([*_phrases(), *(w + "s" for w in _phrases() if len(w) > 2)])


@register("occupation", [Label.OCCUPATION], "rare or public occupations (a curated list)")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    phrases = _phrases()
    tokens = tokenize(text)
    previous = -1
    for tok in tokens_for(text, _FIRST_WORDS):
        if tok.start == previous:
            continue
        previous = tok.start
        i = index_of(text, tok)
        candidates = phrases.get(tok.lower)
        if not candidates and tok.lower[-1:] == "s":
            candidates = phrases.get(_singular(tok.lower))
        if not candidates:
            continue
        for phrase in candidates:
            plain = [w for w in phrase if w != "-"]
            window = tokens[i : i + len(plain)]
            got = [t.lower for t in window]
            if len(window) == len(plain) and (
                got == list(plain) or [*got[:-1], _singular(got[-1])] == list(plain)
            ):
                if len(plain) == 1 and not _ones_own(tokens, i):
                    # "a sense of justice", "Allah will judge me", "the unit's Imam", "the
                    # roles of the judge": an idea, a verb, a role met; one's own occupation
                    # is "a judge", "as an imam", "her job as".
                    break
                end = window[-1].end
                yield Span(tok.start, end, Label.OCCUPATION, "occupation",
                           "a rare or public occupation", 0.6)  # fmt: skip
                break
