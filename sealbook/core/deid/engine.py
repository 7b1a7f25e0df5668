"""The analysis pass: run every registered detector, add later mentions, resolve overlaps."""

from __future__ import annotations

import bisect
import functools
import gc
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from sealbook.core.deid.detectors import REGISTRY, DetectionContext
from sealbook.core.deid.detectors.name_lexicon import NameLexicon
from sealbook.core.deid.detectors.name_rules import verb_like
from sealbook.core.deid.detectors.organisations import affiliations
from sealbook.core.deid.detectors.other_languages import in_another_language_line
from sealbook.core.deid.detectors.roster_hits import PERSON_VERBS_OF_STATE
from sealbook.core.deid.lexicon import (
    closed_class,
    closed_phrases,
    common_words,
    given_names,
    month_given_names,
    month_words,
    never_names,
)
from sealbook.core.deid.line_marks import quoting_blanked, without_invisible
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.roster import CompiledRoster
from sealbook.core.deid.spans import NAME_LABELS, Label, Span, resolve_overlaps
from sealbook.core.deid.tokens import Token, forget_texts, word_index, word_index_of, words_of


def detect(
    text: str, roster: CompiledRoster | None = None, detectors: Iterable[str] | None = None
) -> list[Span]:
    """Every span every selected detector proposes (overlapping), before propagation."""
    text = quoting_blanked(text)
    context = DetectionContext(roster)
    chosen = REGISTRY.values() if detectors is None else [REGISTRY[d] for d in detectors]
    found: list[Span] = []
    for detector in chosen:
        found.extend(detector.find(text, context))
    return found


# The least score of a name whose other mentions are followed: a name list, a title, a
# cue, a pair of names. A word taken for a name on weak evidence alone (a capitalised
# unknown word, a word before a colon or a comma) is not spread over the rest of the text
# nor carried to the next document or chunk: one wrong guess must not become hundreds.
STRONG: Final = 0.7


def _spreads(word: str, never: frozenset[str], closed: frozenset[str]) -> bool:
    return (
        len(word) > 1
        and word.isalpha()
        and word not in closed
        and word not in never
        and not (word[-1] == "s" and word[:-1] in never and word not in given_names())
    )


def name_words(text: str, spans: Iterable[Span]) -> dict[str, Label]:
    """The words of the names found on strong evidence among `spans`, lower-cased, with
    their label."""
    never, closed = never_names(), closed_class()
    words: dict[str, Label] = {}
    for span in spans:
        if span.label in NAME_LABELS and (span.score >= STRONG or span.client_refs):
            for word in words_of(text[span.start : span.end]):
                if _spreads(word, never, closed):
                    words.setdefault(word, span.label)
    return words


def later_mentions(
    text: str,
    spans: Sequence[Span],
    seeds: Mapping[str, Label] | None = None,
    scanned: bool = True,
) -> list[Span]:
    """Every other mention of a word of a name already found ("Dana" after "her sister Dana").

    `seeds` are name words found earlier (in other documents of a packet, or
    earlier chunks of a stream). A word that is also an ordinary English word
    is followed only where it is capitalised, so finding "Grace" as a name does
    not flag "grace" everywhere. `scanned`: the detectors read `text` in this process
    (its words are at hand); else only the words of names are looked for.
    """
    common = common_words()
    never, closed, month_given = never_names(), closed_class(), _month_names()
    if scanned:
        index = word_index(text)
    else:
        wanted = set(seeds or ())
        for span in spans:
            if span.label in NAME_LABELS:
                wanted.update(words_of(text[span.start : span.end]))
        index = word_index_of(text, wanted)
    # Only the seeds this text holds: a packet's seeds grow with every document, and
    # copying or walking all of them would make each short document dearer than the last.
    known: dict[str, tuple[Label, int]] = (
        {w: (seeds[w], -1) for w in seeds.keys() & index.keys()} if seeds else {}
    )
    weak: dict[str, tuple[Label, int]] = {}
    # The words of a full name found on weak evidence ("Chen Jun", "Maria Eduarda Lima"):
    # followed where capitalised when no ordinary word ("Jun will call back"; a month's
    # name outside a date), since a word of a person's whole name is that person's name
    # part, while "Park" of "Lee Park" stays.
    parts: set[str] = set()
    given = given_names()
    for span in spans:
        if span.label not in NAME_LABELS:
            continue
        strong = span.score >= STRONG or bool(span.client_refs)
        name = text[span.start : span.end]
        whole = not strong and " " in name
        for low in words_of(name):
            if low in known or not (_spreads(low, never, closed) or low in month_given):
                continue
            if strong:
                known[low] = (span.label, span.start)
            elif low not in weak:
                weak[low] = (span.label, span.start)
            elif weak[low][1] != span.start:
                # Found on weak evidence twice, by rules read in two places: corroborated.
                known[low] = weak[low]
            if (
                whole
                # (A given name that is also a word, only when a word of the name is none:
                # "Abbey" of "Abbey Marshall", not "Love" of "Love Island".)
                and (
                    low not in common
                    or low in month_given
                    or (low in given and any(w not in common for w in words_of(name)))
                )
                and low.isalpha()
            ):
                parts.add(low)
    parts -= known.keys()  # (a word found on better evidence is followed as such)
    for low in parts:
        known[low] = weak[low]
    if not known:
        return []
    found = []
    # A mention a detector found itself keeps that detector's reason.
    named = sorted((s.start, s.end) for s in spans if s.label in NAME_LABELS)
    named_starts = [a for a, _ in named]
    for tok in (t for word in known for t in index.get(word, ()) if t.lower == word):
        k = bisect.bisect_right(named_starts, tok.start) - 1
        if k >= 0 and named[k][1] >= tok.base_end and known[tok.lower][1] >= 0:
            continue  # (a name of an earlier document keeps its label here)
        if tok.lower in month_given and (not tok.is_capitalised() or _in_a_date(text, tok)):
            continue  # "June" the client, not "in June" or "June 5"
        hit = known[tok.lower]
        if tok.lower in common and tok.is_lower():
            continue
        if tok.is_lower() and in_another_language_line(text, tok.start):
            continue  # "le", "avec" in a French line, after "Le" was taken for a name
        if tok.lower in parts and not _a_persons_part(
            text, tok, tok.lower in common and tok.lower not in month_given
        ):
            continue
        if len(tok.base) > 1 and tok.base.isupper() and tok.lower in common:
            continue
        if tok.lower in common and tok.sentence_start and _opens_as_a_word(text, tok):
            continue
        if tok.lower in _greeting_words() and _in_a_greeting(text, tok):
            continue
        label, origin = hit
        where = f"at offset {origin}" if origin >= 0 else "earlier in the packet"
        found.append(
            Span(tok.start, tok.base_end, label, "later_mention",
                 f"another mention of a name found {where}", 0.8)
        )  # fmt: skip
    return found


def _a_persons_part(text: str, tok: Token, ordinary: bool) -> bool:
    """May `tok`, a word of a full name found on weak evidence, be that person here? It must
    be capitalised; an `ordinary` word too ("Maria", "Rose"; not a month's name, which the
    date test above has read) must be where a person stands: before a possessive or a verb
    of what one does ("Maria's mood", "Maria came in")."""
    if not tok.is_capitalised():
        return False
    if not ordinary:
        return True
    if tok.base_end < tok.end:
        return True  # "Maria's"
    after = _NEXT_WORD.match(text, tok.end)
    if after is None or not after.group(1).islower():
        return False
    nxt = Token(after.start(1), after.end(1), after.group(1), False)
    # A verb of the past only: not "is", "will" ("Hope is an important factor" after "the
    # Hope Street clinic"), nor a word in "-s", as likely a plural ("Rose petals fell").
    low = nxt.lower
    return low not in PERSON_VERBS_OF_STATE and low[-1] != "s" and verb_like(NameLexicon(), nxt)


@functools.cache
def _month_names() -> frozenset[str]:
    """Given names that are months ("June") and the months' short forms ("Jun", found as a
    name after "Session with"): followed only where capitalised and outside a date."""
    return month_given_names() | month_words()


# The word after a sentence's first word, when only a space parts them.
_NEXT_WORD: Final = compiled(r" ([^\W\d_]+)\b")
_WORD_BEFORE: Final = compiled(r"([^\W\d_]+)[ \t]+$")


@functools.cache
def _greeting_words() -> frozenset[str]:
    return frozenset(word for phrase in closed_phrases() for word in phrase)


def _in_a_greeting(text: str, tok: Token) -> bool:
    """Is `tok` a word of a two-word greeting ("Kia ora", "Ni hao")? The name rules never
    take one; nor may a name found elsewhere spread into it ("Whānau Ora" signed below a
    letter that opens "Kia ora koutou")."""
    phrases = closed_phrases()
    before = _WORD_BEFORE.search(text, max(0, tok.start - 24), tok.start)
    if before is not None and (before.group(1).lower(), tok.lower) in phrases:
        return True
    after = _NEXT_WORD.match(text, tok.end)
    return after is not None and (tok.lower, after.group(1).lower()) in phrases


def _opens_as_a_word(text: str, tok: Token) -> bool:
    """Is `tok`, a name found elsewhere that is also an ordinary word, used here as the word
    ("Best contact is ...", "Grace period", "Will you ...")? At a sentence's start its capital
    says nothing, so the word after it must: a lower-case word that no person does (neither
    a verb nor one of "is", "has", "will"...) makes it the word. A possessive, a comma
    ("Hope, ..."), or a verb ("Hope said", "Hope is better") keep it the name."""
    if tok.base != tok.text:
        return False
    after = _NEXT_WORD.match(text, tok.end)
    if after is None or not after.group(1).islower():
        return False
    nxt = Token(after.start(1), after.end(1), after.group(1), False)
    # (The name rules' word lists are gathered only here, for the few words that get this far:
    # gathering them for every text was a twentieth of the cost of finding later mentions.)
    return nxt.lower not in PERSON_VERBS_OF_STATE and not verb_like(NameLexicon(), nxt)


_DATE_BEFORE: Final = compiled(
    r"(?i:\b(?:in|on|of|since|until|till|by|from|to|through|last|next|this|early|late|mid|"
    r"during|before|after|every|each)[ \t]+)$"
)
_DATE_AFTER: Final = compiled(r"[ \t]*(?:\d|,[ \t]*\d|(?i:the )?\d)")


def _in_a_date(text: str, tok: Token) -> bool:
    """Does month word `tok` stand in a date ("in June", "June 5", "June, 2024")?"""
    return bool(
        _DATE_AFTER.match(text, tok.end)
        or _DATE_BEFORE.search(text, max(0, tok.start - 12), tok.start)
    )


def _onto(span: Span, offsets: list[int]) -> Span:
    """`span`, found in a text read without its invisible characters, on the text as written
    (`offsets[i]` is where that text's character i stands)."""
    start, end = offsets[span.start], offsets[span.end - 1] + 1
    return Span(start, end, span.label, span.detector, span.reason, span.score,
                span.client_refs, span.entity)  # fmt: skip


def detect_all(text: str, roster: CompiledRoster | None = None) -> list[Span]:
    """`detect` with every detector: the part of `analyse` that needs nothing from other
    texts (no seeds), so it can run ahead, in another process; give its result to
    `analyse(..., detected=...)`, which then does only the rest."""
    if not text or without_invisible(text) is not None:
        return []  # (`analyse` reads a text with invisible characters whole, itself)
    with _collector_paused():
        return detect(text, roster)


def analyse(
    text: str,
    roster: CompiledRoster | None = None,
    detectors: Iterable[str] | None = None,
    seeds: Mapping[str, Label] | None = None,
    detected: Iterable[Span] | None = None,
    scanned: bool | None = None,
) -> list[Span]:
    """Find the identifiers in `text`: non-overlapping spans sorted by start, each with a reason.

    Every label is reported; a `Policy` decides which of them an operator acts on.
    `seeds` are name words already found elsewhere (see `later_mentions`). `detected`, when
    given, is `detect_all(text, roster)` made beforehand, and the detectors do not run again.
    `scanned`: whether the detectors read `text` in this process and its words are still at
    hand (`later_mentions`); by default, only when `detected` is not given.
    """
    if not text:
        return []
    shown = without_invisible(text)
    if shown is not None:
        # Read without the invisible characters ("Jan \ufeffKučera"); the spans are mapped
        # back onto the text as written (a span takes the characters inside it). Spans
        # `detected` beforehand were made on the text as written: they are made again.
        visible, offsets = shown
        found_visible = analyse(visible, roster, detectors, seeds, None, None)
        return [_onto(span, offsets) for span in found_visible]
    text = quoting_blanked(text)
    with _collector_paused():
        found = list(detected) if detected is not None else detect(text, roster, detectors)
        read_here = detected is None if scanned is None else scanned
        found.extend(later_mentions(text, found, seeds, scanned=read_here))
        if detectors is None or "organisation" in detectors:
            found.extend(affiliations(text, found))
        if "[" in text:
            found = _outside_placeholders(text, found)
        return resolve_overlaps(found, text)


# The placeholders the redact operator writes ("[NAME]", "[DATE]"): already de-identified,
# so nothing inside one is an identifier, and de-identified text analysed again is clean.
_PLACEHOLDER: Final = compiled(r"\[(?:" + "|".join(label.value for label in Label) + r")\]")


def _outside_placeholders(text: str, spans: list[Span]) -> list[Span]:
    holes = [m.span() for m in _PLACEHOLDER.finditer(text)]
    if not holes:
        return spans
    starts = [a for a, _ in holes]
    kept = []
    for span in spans:
        k = bisect.bisect_right(starts, span.start) - 1
        if k >= 0 and span.start >= holes[k][0] and span.end <= holes[k][1]:
            continue
        kept.append(span)
    return kept


# An analysis makes a token for every word and a span for every finding: hundreds of
# thousands of objects that live until it ends and form no reference cycles. CPython's
# cycle collector would walk them again and again as they pile up (a third of the time of
# a long text), to free nothing, so it waits until the analysis ends. Analyses in several
# threads share one pause; when the last of them ends, the cached tokens are dropped
# first (nothing reads them after an analysis, and the collector would walk them once
# more), then the collector runs again.
_pause_lock: Final = threading.Lock()
_paused_analyses = 0
_collector_was_enabled = False


class _CollectorPause:
    """The context of an analysis that pauses the collector (see above). A class rather than
    a `contextmanager`, whose generator and wrapper were a fixed cost of every text."""

    __slots__ = ()

    def __enter__(self) -> None:
        global _paused_analyses, _collector_was_enabled
        with _pause_lock:
            if _paused_analyses == 0:
                _collector_was_enabled = gc.isenabled()
                gc.disable()
            _paused_analyses += 1

    def __exit__(self, *exc_info: object) -> None:
        global _paused_analyses
        with _pause_lock:
            _paused_analyses -= 1
            if _paused_analyses == 0:
                forget_texts()
                if _collector_was_enabled:
                    gc.enable()


_COLLECTOR_PAUSE: Final = _CollectorPause()


def _collector_paused() -> _CollectorPause:
    return _COLLECTOR_PAUSE


def preload() -> None:
    """Load every word list and warm the detectors, so the first text pays nothing extra."""
    analyse("Preload: Dr. Kate Morrow, 12 Elm St, Springfield, IL 62701, on 3/4/2025.")
