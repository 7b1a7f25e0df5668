"""Person names found by their neighbours: a name field, or a list with a name found.

The words after "Name:", "What's your last name?", "my name is" or "call me"
are a name; so are the capitalised (or, in a lower-case list, lower-case) words
listed with a name already found ("Monjeau, Graves and Reed", "silvana, adam,
chad and caleb").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sealbook.core.deid.detectors.name_lexicon import (
    NOT_AFTER_TITLE,
    NameLexicon,
    lower_surname,
    unknown_or_name,
)
from sealbook.core.deid.tokens import WORD, Token, cue_words, tokens_for

_JOIN_AFTER = re.compile(r", and |, | and | & ")
_JOIN_BEFORE = re.compile(r"(?:, and |, | and | & )$")
_WORD_BEFORE = re.compile(r"(?<![\w'\u2019])[^\W_]+(?:['\u2019][^\W_]+)*$")
_BLANKS = re.compile(r"[ \t]+")
_FIELD_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*\.?")


def more_in_list(
    lex: NameLexicon, spans: list[tuple[int, int]], text: str
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
                    other.lower in lex.given or lower_surname(lex, other)
                ):
                    continue
            elif other.shape != "C":
                continue
            if (
                other.lower in lex.only_common
                or other.lower in NOT_AFTER_TITLE
                or not unknown_or_name(lex, other)
            ):
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


def name_fields(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
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
                if low in lex.closed or low.split("-")[0] in lex.closed:
                    break  # "CLIENT: Yeah, ...", "Patient: I think": a turn, not a field
                if len(word) > 1 and (
                    low in lex.never
                    or low in NOT_AFTER_TITLE
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
