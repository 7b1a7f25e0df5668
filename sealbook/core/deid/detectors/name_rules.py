"""Where a person's name starts: the rules that take a word for the first word of a name.

The rules, in order of confidence:

- a capitalised word after a title ("Dr. Okafor", "Ms. K") is a name, in a list or not;
- a word in the given-name or surname list that is not an ordinary English word
  is a name whether written "Kate", "KATE" or "kate" (lower case only for given names);
- a name that is also an ordinary word ("Grace", "Will", "Brown") counts when it
  stands beside another name ("Grace Brown") or, for given names, when it is
  capitalised in the middle of a sentence;
- cues around the word: a middle initial after it ("Sari J. Koski"), a note's verb
  ("Troy was seen"), a reporting verb after a word in no dictionary, a colon (a
  speaker in a transcript), a comma and "can", "please"... (a person addressed:
  "Aloisia, can I..."), or a capitalised word in no dictionary mid-sentence;
- but an ordinary word opening a sentence ("Call", "Ask", "See") is not the first word
  of the name after it, unless it is a frequent given name ("Rose Kate Morrow").

Each name found is then extended by `name_extent`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sealbook.core.deid.detectors.name_extent import (
    can_follow,
    extent,
    initial_between,
    name_start,
)
from sealbook.core.deid.detectors.name_lexicon import (
    CAPS,
    NOT_AFTER_TITLE,
    TITLES,
    NameLexicon,
    is_place,
    lower_surname,
    unknown_word,
)
from sealbook.core.deid.lexicon import word_set
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import Token, tokenize

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


def _first_decision(
    lex: NameLexicon, tokens: tuple[Token, ...], i: int
) -> tuple[float, str] | None:
    """(score, reason) when `tokens[i]` is a name by itself or after a title, else None."""
    tok = tokens[i]
    low = tok.lower
    if not tok.base[:1].isalpha() or tok.base[:1].isdigit():
        return None
    prev = tokens[i - 1] if i > 0 else None
    if (
        prev is not None
        and prev.lower in TITLES
        and tok.shape in CAPS
        and tok.start - prev.end <= 2
        and low not in NOT_AFTER_TITLE
    ):
        return 0.95, "a name after a title"
    if len(low) < 2:
        return None
    if tok.shape in CAPS:
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


def names_by_rule(text: str) -> Iterator[Span]:
    """The names in `text` that a rule finds, each over its whole extent, in text order."""
    lex = NameLexicon()
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
        if (t.shape in CAPS or (t.shape == "L" and (t.lower in given or t.lower not in common)))
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
            and tok.shape in CAPS
            and i + 1 < n
            and tokens[i + 1].shape in CAPS
            and lex.ordinary_opener(tok)
            and text[tok.end : tokens[i + 1].start] == " "
        )
        begin = i
        if decision is None and not opener and i + 1 < n and tok.shape in CAPS:
            # "Grace Brown", "Xochitl Moore": two capitalised words, one of them a name.
            nxt = tokens[i + 1]
            if can_follow(lex, tok, nxt, text):
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
                    and unknown_word(lex, tok)
                    and unknown_word(lex, nxt)
                ):
                    decision = (0.55, "two capitalised words that are not ordinary words")
        if (
            decision is None
            and tok.shape in CAPS
            and tok.lower not in lex.only_common
            and initial_between(tokens, i, text)
            and tokens[i + 2].shape in CAPS
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
            and initial_between(tokens, i, text)
            and lower_surname(lex, tokens[i + 2])
        ):
            decision = (0.7, "a lower-case name with a middle initial")
        if (
            decision is None
            and tok.shape == "L"
            and i + 1 < n
            and lower_surname(lex, tok)
            and lower_surname(lex, tokens[i + 1])
            and text[tok.end : tokens[i + 1].start] == " "
            and (lex.namey(tok) or lex.namey(tokens[i + 1]))
        ):
            decision = (0.6, "two lower-case words that are names, not ordinary words")
        if (
            decision is None
            and tok.shape == "C"
            and tok.sentence_start
            and (tok.lower in lex.given or unknown_word(lex, tok))
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
            and (tok.shape in CAPS or (tok.shape == "L" and tok.lower not in lex.common))
            and tok.lower.isalpha()
            and (
                _NOTE_VERBS.match(text, tok.end)
                or (
                    i + 1 < n
                    and not opener
                    and tokens[i + 1].shape in CAPS
                    and _NOTE_VERBS.match(text, tokens[extent(lex, tokens, i, text)].end)
                )
            )
        ):
            decision = (0.6, "a name before 'was seen' or 'reported', at a sentence start")
        if (
            decision is None
            and tok.shape == "C"
            and (tok.lower in lex.given or unknown_word(lex, tok))
            and text[tok.end : tok.end + 1] == ":"
            and tok.sentence_start
        ):
            decision = (0.6, "a name before a colon, as a speaker in a transcript")
        if (
            decision is None
            and tok.shape == "C"
            and tok.sentence_start
            and i + 1 < n
            and unknown_word(lex, tok)
            and not is_place(tok.base)
            and (
                tokens[i + 1].lower in _REPORTING_VERBS
                or (
                    (e := extent(lex, tokens, i, text)) + 1 < n
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
            and unknown_word(lex, tok)
            and tok.lower not in lex.surname
            and not is_place(tok.base)
        ):
            decision = (0.5, "a capitalised word that is not an ordinary word, mid-sentence")
        if decision is None:
            # no decision: not a name
            continue
        score, reason = decision
        j = extent(lex, tokens, begin, text, loose=reason == "a name after a title")
        start = name_start(lex, tokens, i, text) if begin == i else tokens[begin].start
        end = tokens[j].base_end
        suffix = _NAME_SUFFIX.match(text, end) if end == tokens[j].end else None
        if suffix:
            end = suffix.end()  # "Kevin Veitonen II", "Hauta-aho"
        yield Span(start, end, Label.NAME, "person_name", reason, score)
        next_i = j + 1
