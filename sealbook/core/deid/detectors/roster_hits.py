"""Identifiers of the practice's own clients, from the roster (names, nicknames, contacts...).

Matching is case-insensitive, over whole words, and allows a possessive
("Kate's"), every nickname variant of a given name, and one edit (a typo) in a
name of five letters or more. A roster name that is also an ordinary word
("Hope") matches only when capitalised, so the word in prose is left alone.
Each hit carries the opaque reference of the client it points to.
"""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz.distance import OSA

from sealbook.core.deid.datetext import dates_in
from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.detectors.email import near_at_signs
from sealbook.core.deid.detectors.phones import CANDIDATE as PHONE_CANDIDATE
from sealbook.core.deid.lexicon import common_words
from sealbook.core.deid.roster import TYPO_MIN_LENGTH, CompiledRoster, RosterEntry, digits
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import index_of, near_digits, tokenize, word_index

_MAX_GAP = 3


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
        words += (
            w for w in index.keys() - common
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
    common = common_words()
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
            if length == 1 and tok.lower in common and tok.is_lower():
                continue  # "hope" in prose is not the client Hope
            how = "'s" if window[-1].base != window[-1].text else ""
            yield _span(tok.start, window[-1].base_end, entries,
                        " (possessive)" if how else "")  # fmt: skip
            matched = length
            break
        if not matched and roster.typo_index and len(tok.lower) in roster.typo_lengths:
            low = tok.lower
            if low.isalpha() and low not in common and len(low) >= TYPO_MIN_LENGTH - 1:
                for candidate in sorted(roster.typo_candidates(low)):
                    if candidate != low and OSA.distance(candidate, low) <= 1:
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
