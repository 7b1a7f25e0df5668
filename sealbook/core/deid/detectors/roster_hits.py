"""Identifiers of the practice's own clients, from the roster (names, nicknames, contacts...).

Matching is case-insensitive, over whole words, and allows a possessive
("Kate's"), every nickname variant of a given name, and one edit (a typo) in a
name of five letters or more. A roster name that is also an ordinary word
("Hope") matches only when capitalised, so the word in prose is left alone.
Each hit carries the opaque reference of the client it points to.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.datetext import dates_in
from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.detectors.email import near_at_signs
from sealbook.core.deid.detectors.name_lexicon import NameLexicon, lower_case_writing
from sealbook.core.deid.detectors.name_rules import verb_like
from sealbook.core.deid.detectors.phones import CANDIDATE as PHONE_CANDIDATE
from sealbook.core.deid.lexicon import closed_class, common_words, commoner_name
from sealbook.core.deid.roster import (
    TYPO_MIN_LENGTH,
    CompiledRoster,
    RosterEntry,
    digits,
    typo_distance,
)
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import Token, index_of, near_digits, tokenize, word_index

_MAX_GAP: Final = 3
# Verbs that say nothing of who the subject is ("Hope is an important factor", "Will you"),
# though a person may be it ("Hope is better"): enough after a name the text has named.
PERSON_VERBS_OF_STATE = _NOT_ENOUGH = frozenset(
    [
        "is",
        "was",
        "are",
        "were",
        "be",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "shall",
        "may",
        "might",
        "must",
        "does",
        "do",
        "did",
    ]
)


# The particles of surnames ("de Souza", "van Dijk", "bin Salleh"): part of a roster name,
# never one alone.
_PARTICLES: Final = frozenset(
    {"de", "da", "di", "del", "della", "van", "von", "der", "den", "le", "la", "du", "dos",
     "das", "bin", "binti", "ibn", "al", "el", "ben", "ter", "ten"}
)  # fmt: skip
_TELLING_VERBS: Final = frozenset(["says", "tells", "asks", "thinks", "feels", "wants", "reports"])


def _named_here(
    tokens: tuple[Token, ...], i: int, text: str, common: frozenset[str], surname: bool = False
) -> bool:
    """Is the roster name `tokens[i]`, an ordinary word too ("Hope", "Will", "Bill", "Kit",
    "skip"), used as a name here? Capitalised mid-sentence, yes. Opening a sentence (where
    every word has a capital) or in lower case, only with more: a possessive ("Hope's"), a
    comma after it at a sentence start (addressed), or a verb that tells of a person after it
    ("Hope said", "skip texted me"), not "is", "will" or a noun ("Grace period", "Kit
    contents", "Bill the insurer"), nor a verb in "-s" that a thing may do ("Autumn tends
    to"), unless the text names the word elsewhere. A `surname` alone ("Hardy", "Stone")
    opening a sentence is more often the adjective or noun, so a word in "-s" after it,
    which may be a plural ("Hardy perennials in ..."), is not enough; "Stone says", "Hardy
    called" are."""
    tok = tokens[i]
    if not tok.sentence_start:
        return not tok.is_lower()  # "met Hope today", "HOPE"; not "hope" in prose
    if tok.base != tok.text:
        return True  # "Hope's mother"
    if text[tok.end : tok.end + 2] == ", ":
        return tok.is_capitalised()  # "Hope, can you..."
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if (
        nxt is None
        or text[tok.end : nxt.start] != " "
        or nxt.lower in _NOT_ENOUGH
        or not verb_like(_LEX.get(), nxt)
    ):
        return False
    # A verb in "-s" may be a plural noun ("Kit contents: ...", "Kit contents are listed"):
    # a word must follow it, and not a verb of its own.
    if not nxt.lower.endswith("s") or nxt.lower in _TELLING_VERBS:
        return True
    if surname:
        return False
    after = tokens[i + 2] if i + 2 < len(tokens) else None
    # Any thing can be the subject of most verbs in the present ("Autumn tends to", "Grace
    # helps"): the verb says nothing of a person, so the text must, by using the word as a
    # name elsewhere.
    return (
        after is not None
        and text[nxt.end : after.start] == " "
        and after.lower not in _NOT_ENOUGH
        and after.lower not in ("are", "were")
        and _named_elsewhere(tokens, i, text)
    )


def _named_elsewhere(tokens: tuple[Token, ...], i: int, text: str) -> bool:
    """Does the text use the word of `tokens[i]` as a name somewhere else: capitalised inside
    a sentence ("saw Autumn today"), as a possessive ("Autumn's"), or addressed ("Autumn, ...")?"""
    low = tokens[i].lower
    return any(
        t.lower == low
        and j != i
        and t.is_capitalised()
        and (not t.sentence_start or t.base != t.text or text[t.end : t.end + 2] == ", ")
        for j, t in enumerate(tokens)
    )


class _Lexicon:
    """The name lexicon, made once, on first use."""

    def __init__(self) -> None:
        self._lex: NameLexicon | None = None

    def get(self) -> NameLexicon:
        if self._lex is None:
            self._lex = NameLexicon()
        return self._lex


_LEX: Final = _Lexicon()


def _span(start: int, end: int, entries: list[RosterEntry], how: str) -> Span:
    first = entries[0]
    refs = tuple(dict.fromkeys(e.client_ref for e in entries))
    whose = "a client" if len(refs) == 1 else f"{len(refs)} clients"
    return Span(
        start, end, first.label, "roster", f"the {first.what} of {whose} on the roster{how}", 1.0,
        client_refs=refs, entity=first.entity,
    )  # fmt: skip


def _possible_starts(text: str, roster: CompiledRoster, common: frozenset[str]) -> list[int]:
    """The positions of the words that can begin a roster hit, in text order: those that
    begin a roster phrase, and those that may be a one-letter typo of a roster name (not
    ordinary words). Found from the text's distinct words: most of its words are neither."""
    index = word_index(text)
    words = list(roster.first_words.keys() & index.keys())
    if roster.typo_index:
        # (`set(index).difference` walks the text's words; `index.keys() - common` would
        # walk the whole dictionary, a view's difference walking the other side.)
        words += (
            w for w in set(index).difference(common)
            if len(w) in roster.typo_lengths and w.isalpha() and len(w) >= TYPO_MIN_LENGTH - 1
        )  # fmt: skip
    return sorted({index_of(text, tok) for word in words for tok in index[word]})


@register(
    "roster",
    [Label.NAME, Label.RELATIVE, Label.ADDRESS, Label.PHONE, Label.EMAIL, Label.DATE,
     Label.EMPLOYER, Label.SCHOOL],
    "the practice's known client identifiers, with nicknames, possessives and one-letter typos",
)  # fmt: skip
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    roster = context.roster
    if roster is None or roster.client_count == 0:
        return
    common, closed = common_words(), closed_class()
    tokens = tokenize(text)
    n = len(tokens)
    next_free = 0
    for i in _possible_starts(text, roster, common):
        if i < next_free:
            continue  # inside the hit before it
        tok = tokens[i]
        lengths = roster.first_words.get(tok.text.lower()) or roster.first_words.get(tok.lower)
        matched = 0
        for length in sorted(lengths or (), reverse=True):
            if i + length > n:
                continue
            window = tokens[i : i + length]
            if any(window[k + 1].start - window[k].end > _MAX_GAP for k in range(length - 1)):
                continue
            key = (*(t.text.lower() for t in window[:-1]), window[-1].lower)
            entries = roster.phrases.get(key)
            if not entries:
                continue
            if length == 1 and (tok.lower in closed or tok.lower in _PARTICLES):
                continue  # "Ah, grand.", "Do Not Disturb", "de-escalate": a word, no name
            if length > 1 and any(len(t.text) == 1 and t.text.islower() for t in window):
                continue  # "2 a.m.", "a B.Com": initials are written in capitals
            surname = all(":family:" in e.entity for e in entries)
            if (
                length == 1
                and tok.lower in common
                and not _named_here(tokens, i, text, common, surname)
            ):
                continue  # "hope" in prose, "Hope is an important factor": not the client Hope
            how = "'s" if window[-1].base != window[-1].text else ""
            yield _span(tok.start, window[-1].base_end, entries,
                        " (possessive)" if how else "")  # fmt: skip
            matched = length
            break
        if not matched and roster.typo_index and len(tok.lower) in roster.typo_lengths:
            low = tok.lower
            if (
                low.isalpha()
                and low not in common
                and len(low) >= TYPO_MIN_LENGTH - 1
                # A name misspelt is still capitalised, unless the writing is all in lower
                # case ("back in yonks" is no "Yonas").
                and (not tok.is_lower() or lower_case_writing(text, tok.start))
            ):
                for candidate in sorted(roster.typo_candidates(low)):
                    if (
                        candidate != low
                        and typo_distance(candidate, low) <= 1
                        and not commoner_name(low, candidate)  # "Kelly", not "Kelley" misspelt
                    ):
                        yield _span(tok.start, tok.base_end, roster.phrases[(candidate,)],
                                    " (one letter off)")  # fmt: skip
                        break
        next_free = i + (matched or 1)
    if roster.phones:
        for m in near_digits(PHONE_CANDIDATE, text):
            number = digits(m.group())[-10:]
            if number in roster.phones:
                yield _span(m.start(), m.end(), roster.phones[number], "")
    if roster.emails:
        for m in near_at_signs(text):
            if m.group().lower() in roster.emails:
                yield _span(m.start(), m.end(), roster.emails[m.group().lower()], "")
    if roster.dates_of_birth:
        for found in dates_in(text):
            value = found.as_date()
            if value is not None and value in roster.dates_of_birth:
                yield _span(found.start, found.end, roster.dates_of_birth[value], "")
