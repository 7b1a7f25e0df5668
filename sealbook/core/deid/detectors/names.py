"""Person names: census given names and surnames, in any case, with titles and pairs.

The rules, in order of confidence:

- a capitalised word after a title ("Dr. Okafor", "Ms. K") is a name, in a list or not;
- a word in the given-name or surname list that is not an ordinary English word
  is a name whether written "Kate", "KATE" or "kate" (lower case only for given names);
- a name that is also an ordinary word ("Grace", "Will", "Brown") counts when it
  stands beside another name ("Grace Brown") or, for given names, when it is
  capitalised in the middle of a sentence;
- a name extends over the surname, middle initial or unknown capitalised word that
  follows it ("Teresa Kreutzmann", "John Q. Public"), and over an initial before it;
- but an ordinary word opening a sentence ("Call", "Ask", "See") is not the first word
  of the name after it, unless it is a frequent given name ("Rose Kate Morrow").

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
    frequent_given_names,
    given_names,
    never_names,
    surnames,
    us_states,
    word_set,
)
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import WORD, Token, cue_words, tokenize, tokens_for

_NOT_AFTER_TITLE = word_set(
    "the a an and or my your his her our their is was in on at to of for said says will"
)
_CAPS = frozenset({"C", "U"})
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "mister", "madam"})
# The gaps between the words of a name: a blank or hyphen, and after an initial a blank or
# ". " (each may end a line, as the `$` of the regular expressions these replace allowed).
_JOINERS = frozenset({" ", "-", " \n", "-\n"})
_AFTER_INITIAL = frozenset({" ", ". ", " \n", ". \n"})
_INITIAL_BEFORE = re.compile(r"(?:^|[\s(])([A-Z]\.\s?)$")


class _Lexicon:
    __slots__ = ("common", "frequent_given", "given", "never", "only_common", "surname")

    def __init__(self) -> None:
        self.never = never_names()
        self.common = common_words()
        self.given = given_names()
        self.frequent_given = frequent_given_names()
        self.surname = surnames()
        self.only_common = _only_common()

    def namey(self, tok: Token) -> bool:
        return tok.lower in self.given or tok.lower in self.surname

    def plain(self, tok: Token) -> bool:
        """A name-list word that is not an ordinary English word."""
        low = tok.lower
        return (low in self.given or low in self.surname) and low not in self.common

    def ordinary_opener(self, tok: Token) -> bool:
        """An ordinary word opening a sentence that is no frequent given name ("Call", "Ask",
        "See"): its capital letter is the sentence's, so it is no evidence of a name."""
        low = tok.lower
        return tok.sentence_start and low in self.common and low not in self.frequent_given


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
    "lives lived works worked reported reports wants wanted thinks thought felt feels will "
    "shouted yelled screamed whispered replied answered started can could would should does did"
)
# After "Name," at the start of a sentence: the person is being addressed ("Aloisia, can I...").
# "Troy was seen for an individual session": what a note says of its client.
_NOTE_VERBS = re.compile(
    r" (?:was seen|presented|reported|attended|arrived|denied|endorsed|stated|"
    r"was late|missed|cancelled|canceled)\b"
)
_VOCATIVE_NEXT = word_set(
    "can could would will please thank thanks how what are is do did i you we"
)
_NAME_SUFFIX = re.compile(r"(?:,? (?:Jr\.?|Sr\.?|II|III|IV|PhD|MD|DDS))(?![\w])|-[^\W\d_]+")
_JOIN_AFTER = re.compile(r", and |, | and | & ")
_JOIN_BEFORE = re.compile(r"(?:, and |, | and | & )$")
_WORD_BEFORE = re.compile(r"(?<![\w'\u2019])[^\W_]+(?:['\u2019][^\W_]+)*$")
_BLANKS = re.compile(r"[ \t]+")
_FIELD_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*\.?")


def _single_spaced(tokens: tuple[Token, ...], first: int, last: int) -> bool:
    return all(tokens[k + 1].start - tokens[k].end == 1 for k in range(first, last))


def _unknown(lex: _Lexicon, tok: Token) -> bool:
    """A word in no dictionary and no never-a-name list (so probably a proper noun)."""
    return tok.lower not in lex.common and tok.lower.isalpha()


def _is_place(word: str) -> bool:
    return word in cities() or word.lower() in us_states() or word in countries()


@functools.cache
def _school_words() -> frozenset[str]:
    """Words that end a school's name and never a person's ("Washington Elementary",
    "Lincoln High")."""
    # Imported here, not at the top, so that this detector stays registered before the
    # organisation detector: of two equal spans, the first registered is tried first.
    from sealbook.core.deid.detectors.organisations import SCHOOL_WORDS

    return SCHOOL_WORDS


def _can_follow(lex: _Lexicon, first: Token, nxt: Token, text: str) -> bool:
    """May `nxt` continue the name that ends with `first` (a surname or middle name)?"""
    if nxt.lower in _school_words():
        return False
    gap = text[first.end : nxt.start]
    if first.base != first.text:
        return False
    if len(first.base) == 1 and first.base.isupper():
        if gap not in _AFTER_INITIAL:
            return False
    elif gap not in _JOINERS:
        return False
    low = nxt.lower
    if len(nxt.base) == 1 and nxt.base.isupper() and first.shape == "C":
        return (gap == " " and text[nxt.end : nxt.end + 2] in (". ", ".\n")) or text[
            nxt.end : nxt.end + 1
        ] == " "
    if first.shape == "L":
        return _lower_surname(lex, nxt)
    if nxt.shape not in _CAPS or len(low) < 2:
        return False
    after_initial = len(first.base) == 1
    if (
        nxt.shape == first.shape
        and not nxt.sentence_start
        and first.lower in lex.given
        and first.lower not in lex.common
        and low not in lex.never
        and low not in _NOT_AFTER_TITLE
    ):
        return True  # "Naomi Courtier", "NAOMI COURTIER": a surname after a plain given name
    if after_initial and nxt.shape == "C" and low not in lex.never:
        return low not in _NOT_AFTER_TITLE  # "Jildau S Bouts": a surname after an initial
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


def _extent(
    lex: _Lexicon, tokens: tuple[Token, ...], i: int, text: str, loose: bool = False
) -> int:
    """Index of the last word of the name that begins at `i`; `loose` (after a title) takes
    any capitalised word as the surname after a given name ("Dr. Justin Beet")."""
    n = len(tokens)
    j = i
    while j + 1 < n and j - i < 4:
        if _can_follow(lex, tokens[j], tokens[j + 1], text):
            j += 1
            continue
        nxt = tokens[j + 1]
        if (
            loose
            and j == i
            and tokens[j].lower in lex.given
            and tokens[j].base == tokens[j].text
            and nxt.shape == "C"
            and text[tokens[j].end : nxt.start] == " "
            and nxt.lower not in lex.never
            and nxt.lower not in _NOT_AFTER_TITLE
        ):
            j += 1
            continue
        # "Maika van de Noort": particles between capitalised parts of a name.
        k = j + 1
        while k < n and k - j <= 2 and tokens[k].lower in _PARTICLES:
            k += 1
        if k > j + 1 and k < n and tokens[k].shape == "C" and _single_spaced(tokens, j, k):
            j = k
            continue
        # "eric g. samoylova", "codey m ross": a lower-case middle initial and surname.
        if (
            tokens[j].shape == "L"
            and j + 2 < n
            and len(tokens[j + 1].text) == 1
            and tokens[j + 1].shape == "L"
            and text[tokens[j].end : tokens[j + 1].start] == " "
            and text[tokens[j + 1].end : tokens[j + 2].start] in (" ", ". ")
            and _lower_surname(lex, tokens[j + 2])
        ):
            j += 2
            continue
        break
    return j


def _start(lex: _Lexicon, tokens: tuple[Token, ...], i: int, text: str) -> int:
    """Where the name found at `tokens[i]` begins: at an initial, or a given name and
    initial or particles, before it."""
    tok = tokens[i]
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
    return start


def _lower_surname(lex: _Lexicon, tok: Token) -> bool:
    """A lower-case word that may be a surname: in the census list, or in no dictionary."""
    low = tok.lower
    return tok.shape == "L" and len(low) > 2 and low.isalpha() and low not in lex.common


def _initial_between(tokens: tuple[Token, ...], i: int, text: str) -> bool:
    """Is `tokens[i]` followed by a one-letter initial and another word ("Hanne I. Kreutzmann")?"""
    if i + 2 >= len(tokens):
        return False
    mid, last = tokens[i + 1], tokens[i + 2]
    return (
        len(mid.text) == 1
        and mid.shape in ("C", "L" if tokens[i].shape == "L" else "C")
        and text[tokens[i].end : mid.start] == " "
        and text[mid.end : last.start] in (" ", ". ")
    )


def _more_in_list(
    lex: _Lexicon, spans: list[tuple[int, int]], text: str
) -> Iterator[tuple[int, int]]:
    """Capitalised words listed with a name found ("Monjeau, Graves and Reed")."""
    seen = set(spans)
    todo = list(spans)
    while todo:
        start, end = todo.pop()
        after = _JOIN_AFTER.match(text, end)
        before = _JOIN_BEFORE.search(text, max(0, start - 6), start)
        neighbours = []
        if before is not None:
            m = _WORD_BEFORE.search(text, max(0, before.start() - 40), before.start())
            if m is not None:
                neighbours.append((-1, Token(m.start(), m.end(), m.group(), False)))
        if after is not None:
            m = WORD.match(text, after.end())
            if m is not None:
                neighbours.append((1, Token(m.start(), m.end(), m.group(), False)))
        for step, other in neighbours:
            if len(other.lower) < 3:
                continue
            if other.shape == "L":
                # "silvana, adam, chad and caleb": lower-case names listed with one found.
                if not text[start:end].islower() or not (
                    other.lower in lex.given or _lower_surname(lex, other)
                ):
                    continue
            elif other.shape != "C":
                continue
            if other.lower in lex.only_common or other.lower in _NOT_AFTER_TITLE:
                continue
            if other.base != other.text and step < 0:
                continue
            found = (other.start, other.base_end)
            if found not in seen:
                seen.add(found)
                todo.append(found)
                yield found


_FIELD_CUE = re.compile(
    r"(?i:(?:(?:first|last|full|given|family|my|your|her|his) )?name(?:\s*[:?]|\s+is)|"
    r"calls? me|call him|call her|client:|patient:|(?:mutual |our )client,|the case of)[ \t]+"
)
_FIELD_CUE_WORDS = cue_words({"name", "call", "calls", "client", "patient", "case"})
# What must follow a cue word for `_FIELD_CUE` to have a chance: ":", "?", ",", " is",
# " me", " him", " her", " of".
_FIELD_NEXT = re.compile(r"\s*[:?,]|\s+(?i:is|me|him|her|of)\b")


def _name_fields(lex: _Lexicon, text: str) -> Iterator[tuple[int, int]]:
    """The words after "Name:", "What's your last name?", "my name is", "call me"."""
    for tok in tokens_for(text, _FIELD_CUE_WORDS):
        if not _FIELD_NEXT.match(text, tok.end):
            continue  # most mentions of "client" or "case" are not a field (checked cheaply)
        window_start = max(0, tok.start - 12)
        for cue in _FIELD_CUE.finditer(text, window_start, tok.end + 6):
            if cue.end() < tok.end:
                continue
            pos, end = cue.end(), -1
            for _ in range(4):
                m = _FIELD_WORD.match(text, pos)
                if m is None:
                    break
                word = m.group().rstrip(".")
                low = word.lower()
                if len(word) > 1 and (
                    low in lex.never
                    or low in _NOT_AFTER_TITLE
                    or (word.islower() and low in lex.common)
                    or (end < 0 and low in lex.only_common)
                ):
                    break
                end = m.end() if not m.group().endswith(".") or len(word) == 1 else m.end() - 1
                gap = _BLANKS.match(text, m.end())
                if gap is None:
                    break
                pos = gap.end()
            if end > cue.end():
                yield cue.end(), end
            break


@register("person_name", [Label.NAME], "given names and surnames (census lists), titles, pairs")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    found: list[tuple[int, int]] = []
    for span in _find(text):
        found.append((span.start, span.end))
        yield span
    lex = _Lexicon()
    for start, end in _name_fields(lex, text):
        yield Span(start, end, Label.NAME, "person_name", "a name after 'name:' or 'call me'", 0.8)
    for start, end in _more_in_list(lex, found, text):
        yield Span(start, end, Label.NAME, "person_name", "listed with a name found", 0.6)


def _find(text: str) -> Iterator[Span]:
    lex = _Lexicon()
    tokens = tokenize(text)
    n = len(tokens)
    given = lex.given
    common = lex.common
    only_common = lex.only_common
    # Only capitalised words, given names and words in no dictionary can start a name; an
    # ordinary word in no name list ("The", "She") only after a title ("Dr. Good"), since
    # every other rule below needs a word from a name list or from no dictionary.
    candidates = [
        k
        for k, t in enumerate(tokens)
        if (t.shape in _CAPS or (t.shape == "L" and (t.lower in given or t.lower not in common)))
        and (t.lower not in only_common or (k > 0 and tokens[k - 1].lower in TITLES))
    ]
    next_i = 0
    for i in candidates:
        if i < next_i:
            continue
        tok = tokens[i]
        decision = _first_decision(lex, tokens, i)
        # "Call Kate Morrow", "Ask Okafor", "See Kate Morrow": an ordinary word that opens a
        # sentence before a capitalised word, and is no frequent given name, is the first
        # word of the sentence (often a verb), not of the name after it. It may still be a
        # name with other evidence: a title before it ("Dr. Call", decided above), a roster
        # hit, a name list ("Call, Kate") or another mention of it as a name.
        opener = (
            decision is None
            and tok.sentence_start
            and tok.shape in _CAPS
            and i + 1 < n
            and tokens[i + 1].shape in _CAPS
            and lex.ordinary_opener(tok)
            and text[tok.end : tokens[i + 1].start] == " "
        )
        begin = i
        if decision is None and not opener and i + 1 < n and tok.shape in _CAPS:
            # "Grace Brown", "Xochitl Moore": two capitalised words, one of them a name.
            nxt = tokens[i + 1]
            if _can_follow(lex, tok, nxt, text):
                if (
                    (lex.namey(tok) or tok.lower not in lex.common)
                    and lex.namey(nxt)
                    and (lex.plain(tok) or lex.plain(nxt) or tok.lower in lex.given)
                    and tok.lower not in lex.only_common
                ):
                    decision = (0.75, "a capitalised given name and surname")
                elif (
                    tok.shape == "C"
                    and nxt.shape == "C"
                    and _unknown(lex, tok)
                    and _unknown(lex, nxt)
                ):
                    decision = (0.55, "two capitalised words that are not ordinary words")
        if (
            decision is None
            and tok.shape in _CAPS
            and tok.lower not in lex.only_common
            and _initial_between(tokens, i, text)
            and tokens[i + 2].shape in _CAPS
            and (tokens[i + 2].lower not in lex.only_common)
        ):
            if opener and tok.lower not in lex.given and tokens[i + 1].text != "I":
                # "Call J. Smith": the name is the initial and the surname. But any given
                # name before an initial is taken for the name's first word ("Sari J. Koski").
                decision, begin = (0.7, "an initial and a surname"), i + 1
            else:
                decision = (0.8, "a given name, a middle initial and a surname")
        if (
            decision is None
            and tok.shape == "L"
            and len(tok.lower) > 2
            and tok.lower not in lex.common
            and tok.lower.isalpha()
            and _initial_between(tokens, i, text)
            and _lower_surname(lex, tokens[i + 2])
        ):
            decision = (0.7, "a lower-case name with a middle initial")
        if (
            decision is None
            and tok.shape == "L"
            and i + 1 < n
            and _lower_surname(lex, tok)
            and _lower_surname(lex, tokens[i + 1])
            and text[tok.end : tokens[i + 1].start] == " "
            and (lex.namey(tok) or lex.namey(tokens[i + 1]))
        ):
            decision = (0.6, "two lower-case words that are names, not ordinary words")
        if (
            decision is None
            and tok.shape == "C"
            and tok.sentence_start
            and (tok.lower in lex.given or _unknown(lex, tok))
            and text[tok.end : tok.end + 2] == ", "
            and i + 1 < n
            and tokens[i + 1].lower in _VOCATIVE_NEXT
        ):
            decision = (0.6, "a name addressed at the start of a sentence")
        if (
            decision is None
            and tok.sentence_start
            and tok.lower not in lex.only_common
            and tok.lower not in lex.never
            and len(tok.lower) > 1
            and (tok.shape in _CAPS or (tok.shape == "L" and tok.lower not in lex.common))
            and tok.lower.isalpha()
            and (
                _NOTE_VERBS.match(text, tok.end)
                or (
                    i + 1 < n
                    and not opener
                    and tokens[i + 1].shape in _CAPS
                    and _NOTE_VERBS.match(text, tokens[_extent(lex, tokens, i, text)].end)
                )
            )
        ):
            decision = (0.6, "a name before 'was seen' or 'reported', at a sentence start")
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
            and _unknown(lex, tok)
            and not _is_place(tok.base)
            and (
                tokens[i + 1].lower in _REPORTING_VERBS
                or (
                    (e := _extent(lex, tokens, i, text)) + 1 < n
                    and tokens[e + 1].lower in _REPORTING_VERBS
                )
                or (
                    # "Šušulić, Bowman and White": before another name in a list.
                    text[tok.end : tok.end + 2] in (", ", " a")
                    and tokens[i + 1].lower != "and"
                    and tokens[i + 1].shape == "C"
                    and lex.namey(tokens[i + 1])
                    and tokens[i + 1].lower not in lex.only_common
                    and text[tok.end : tokens[i + 1].start] == ", "
                )
                or (
                    tokens[i + 1].lower == "and"
                    and i + 3 < n
                    and tokens[i + 2].shape == "C"
                    and lex.namey(tokens[i + 2])
                    and tokens[i + 3].lower in _REPORTING_VERBS | {"were", "are", "have"}
                )
            )
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
            # no decision: not a name
            continue
        score, reason = decision
        j = _extent(lex, tokens, begin, text, loose=reason == "a name after a title")
        start = _start(lex, tokens, i, text) if begin == i else tokens[begin].start
        end = tokens[j].base_end
        suffix = _NAME_SUFFIX.match(text, end) if end == tokens[j].end else None
        if suffix:
            end = suffix.end()  # "Kevin Veitonen II", "Hauta-aho"
        yield Span(start, end, Label.NAME, "person_name", reason, score)
        next_i = j + 1
