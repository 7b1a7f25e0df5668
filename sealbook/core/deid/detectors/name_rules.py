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

import bisect
import calendar
import functools
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Final, NamedTuple

from sealbook.core.deid.detectors.name_extent import (
    PARTICLES,
    SURNAME_PARTICLES,
    WHO_AFTER,
    can_follow,
    elided_article,
    extent,
    initial_between,
    is_particle,
    name_start,
    word_opening_a_name_line,
)
from sealbook.core.deid.detectors.name_lexicon import (
    ADDRESS_UNIT,
    BOUND_SUFFIXES,
    CAPS,
    KIN_WORDS,
    NOT_AFTER_TITLE,
    PERSON_NOUNS,
    TITLES,
    NameLexicon,
    a_made_word,
    agent_noun,
    british_spelling,
    folded,
    in_another_language,
    is_place,
    lower_case_writing,
    lower_surname,
    unknown_word,
)
from sealbook.core.deid.detectors.person_predicates import asked_trait, person_predicate
from sealbook.core.deid.lexicon import closed_phrases, month_words, word_set
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import (
    UPPER,
    Token,
    at_line_starts,
    index_of,
    per_text_cache,
    token_starts,
    tokenize,
    word_index,
)

_REPORTING_VERBS: Final = word_set(
    "is was has had said says began begins spent told asked wrote writes called came went left "
    "lives lived works worked reported reports wants wanted thinks thought felt feels will "
    "shouted yelled screamed whispered replied answered started can could would should does did"
)
_IRREGULAR_PAST: Final = word_set(
    "spoke said told went came saw took gave felt left kept made met ran wrote thought brought "
    "began got sat stood knew found heard lost paid sent spent won drove rode fell grew drew "
    "broke chose forgot swore threw wore woke sang rang"
)


def verb_like(lex: NameLexicon, tok: Token) -> bool:
    """A lower-case word shaped as a verb of the third person or the past: a reporting
    verb, an irregular past, or a dictionary word ending in "-ed" or in "-s" whose stem is a
    dictionary word ("showed", "keeps", "consents")."""
    low = tok.lower
    if tok.shape != "L" or low in lex.closed:
        return low in _REPORTING_VERBS
    if low in _REPORTING_VERBS or low in _IRREGULAR_PAST:
        return True
    if len(low) > 4 and low.endswith("ed") and low in lex.common:
        return True
    return (
        len(low) > 3
        and low.endswith("s")
        and not low.endswith(("ss", "us", "is", "ys"))
        and low in lex.common
        and (low[:-1] in lex.common or (low.endswith("es") and low[:-2] in lex.common))
    )


# After "Name," at the start of a sentence: the person is being addressed ("Aloisia, can I...").
# "Troy was seen for an individual session": what a note says of its client.
_NOTE_VERBS: Final = compiled(
    r" (?:was seen|presented|reported|attended|arrived|denied|endorsed|stated|"
    r"was late|missed|cancelled|canceled)\b"
)
_VOCATIVE_NEXT: Final = word_set(
    "can could would will please thank thanks how what are is do did i you we"
)
AFTER_TITLE: Final = "a name after a title"
# (Not "-based": "a Bihar Sharif-based charity" names a town, which `places` finds.)
_NAME_SUFFIX: Final = compiled(
    r"(?:,? (?:Jr\.?|Sr\.?|II|III|IV|PhD|MD|DDS))(?![\w])|-(?!based\b)[^\W\d_]+"
)


class Decision(NamedTuple):
    """A rule's finding: how sure, why, and how many words before the name's first word."""

    score: float
    reason: str
    skip: int = 0  # "Call J. Smith": the name starts one word after the candidate


@dataclass(slots=True)  # not frozen: a frozen one is built by name, a third dearer
class Candidate:
    """A word that may start a name, with what every rule reads around it (not changed)."""

    lex: NameLexicon
    tokens: tuple[Token, ...]
    text: str
    i: int
    tok: Token
    # An ordinary word opening a sentence before a capitalised word ("Call Kate Morrow").
    opener: bool

    def next_token(self) -> Token | None:
        k = self.i + 1
        return self.tokens[k] if k < len(self.tokens) else None


_GIVEN_MID: Final = "a capitalised given name mid-sentence"


# Two particles that open only a surname, Dutch and German ("van der Waal", "von der Heide"):
# a capitalised word after them mid-sentence is that surname, though a town too ("Waal").
# (Not the Romance "de la", "de los", which name streets and squares: "Plaza de la Paz".)
_DOUBLE_PARTICLES: Final = frozenset(
    {("van", "der"), ("van", "den"), ("van", "de"), ("von", "der"), ("von", "dem"),
     ("von", "den"), ("van", "het"), ("op", "de"), ("in", "het"), ("uit", "de")}
)  # fmt: skip
_DOUBLE_PARTICLE_REASON: Final = "a surname after its particles ('van der Waal')"


def _after_double_particle(lex: NameLexicon, tokens: tuple[Token, ...], i: int, text: str) -> bool:
    tok, first, second = tokens[i], tokens[i - 2], tokens[i - 1]
    return (
        tok.shape == "C"
        and not tok.sentence_start
        and len(tok.lower) > 1
        and (first.text, second.text) in _DOUBLE_PARTICLES
        and text[first.end : second.start] == " "
        and text[second.end : tok.start] == " "
        and tok.lower not in lex.never
    )


# One particle that opens only a Dutch or German surname ("Willemine ten Pas", "Gijsbrecht
# L van Hecke"): the capitalised word after it is that surname when a given name, or a word
# in no dictionary, stands before the particle (with a middle initial between them). "ten"
# alone is an English number too ("chapter ten Summary"): the given name before it says name.
_SINGLE_PARTICLES: Final = frozenset({"van", "von", "ten", "ter", "vom", "zu"})
_SINGLE_PARTICLE_REASON: Final = (
    "a surname after its particle and a given name or a speech verb ('Willemine ten Pas', "
    "'says van Beers')"
)


# Words after which a person is named: speech verbs, and "by", "with" ("says van Beers").
_NAMES_FOLLOW: Final = word_set("says said asks asked told tells writes wrote by with")


def _after_single_particle(lex: NameLexicon, tokens: tuple[Token, ...], i: int, text: str) -> bool:
    tok, particle = tokens[i], tokens[i - 1]
    if not (
        tok.shape == "C"
        and len(tok.lower) > 1
        and particle.text in _SINGLE_PARTICLES
        and text[particle.end : tok.start] == " "
        and tok.lower not in lex.never
    ):
        return False
    k = i - 2
    if (
        particle.text in ("van", "von")
        and tokens[k].lower in _NAMES_FOLLOW
        and text[tokens[k].end : particle.start] == " "
    ):
        return True  # "says van Beers", "with von Trotha": who says, or whom one is with
    initial = False
    if len(tokens[k].base) == 1 and tokens[k].base.isupper() and k > 0:
        if text[tokens[k].end : particle.start] not in (" ", ". "):
            return False
        k -= 1  # "Troy C. van Oene": the middle initial before the particle
        initial = True
    elif text[tokens[k].end : particle.start] != " ":
        return False
    given = tokens[k]
    return (
        given.shape == "C"
        and given.base == given.text
        and text[given.end : tokens[k + 1].start] == " "
        and (given.lower in lex.given or unknown_word(lex, given))
        and given.lower not in lex.never
        # (A town's name is a given name too before a middle initial or when frequent as
        # one: "Troy C van Oene", "Troy van Oene".)
        and (initial or not is_place(given.base) or given.lower in lex.frequent_given)
    )


# The short form of a month that is a frequent given name as well ("Jan": Dutch, Czech,
# Polish, German; not "Jun", a pinyin syllable beside a weekday's "Sun"): with no date near
# it, a person ("Why is Jan so impulsive?"); by a day, a year, a range, another month or a
# word of time, a month ("Jan 5", "3 Jan", "Jan-Mar", "since Jan", "end of Jan").
_SHORT_MONTH_NAMES: Final = frozenset({"Jan"})
_SHORT_MONTH_REASON: Final = "a given name that is a month's short form too, with no date near it"
_OTHER_MONTHS: Final = frozenset(
    m.lower()
    for m in calendar.month_name[1:]
    + calendar.month_abbr[1:]
    + list(calendar.day_name)
    + list(calendar.day_abbr)
)
_TIME_BEFORE: Final = word_set(
    "in on since until till by from before after during early late mid end start beginning "
    "middle through to of last next this every each per the a that our your their his her my"
)


def _date_near(tokens: tuple[Token, ...], i: int, text: str) -> bool:
    tok = tokens[i]
    after = text[tok.base_end : tok.base_end + 2]
    if after[:1] in (".", "-", "/", "\u2013") and not after.startswith(". "):
        return True  # "Jan.-Mar.", "Jan-Mar", "Jan/Feb"
    near = tokens[max(0, i - 2) : i] + tokens[i + 1 : i + 3]
    if any(t.text[:1].isdigit() or t.lower in _OTHER_MONTHS for t in near):
        return True  # "Jan 5", "3 Jan", "Jan 2027", "Jan to Mar", "Jan, Feb, Mar", "Mon Jan"
    prev = tokens[i - 1] if i > 0 else None
    if prev is None or prev.lower not in _TIME_BEFORE or text[prev.end : tok.start] != " ":
        return False
    # "The true gender of Jan": "of" says a month only after a part of time ("end of Jan").
    return prev.lower != "of" or (i > 1 and tokens[i - 2].lower in _PARTS_OF_TIME)


_PARTS_OF_TIME: Final = word_set("end start beginning middle rest first last half part month")


def _initials_before_surname(
    lex: NameLexicon, tokens: tuple[Token, ...], i: int, text: str
) -> bool:
    """Is `tokens[i]` an initial, with its full stop, before more initials and a surname
    ("Dr. A. B. Smith", "Dr. A. Brown"; not the role of "Dr A. Therapist, Clinical
    Psychologist")?"""
    j = i
    while j + 1 < len(tokens):
        tok, nxt = tokens[j], tokens[j + 1]
        if not (tok.shape == "C" and len(tok.base) == 1) or text[tok.end : nxt.start] not in (
            ". ",
            ".",
        ):
            return False
        if len(nxt.base) > 1:
            return nxt.shape == "C" and (nxt.lower in lex.surname or nxt.lower not in lex.common)
        j += 1
    return False


def _first_decision(
    lex: NameLexicon, tokens: tuple[Token, ...], i: int, text: str
) -> Decision | None:
    """A decision when `tokens[i]` is a name by itself or after a title, else None."""
    tok = tokens[i]
    low = tok.lower
    if not tok.base[:1].isalpha() or tok.base[:1].isdigit():
        return None
    prev = tokens[i - 1] if i > 0 else None
    if (
        prev is not None
        and prev.lower in TITLES
        and tok.start - prev.end <= 2
        # "Dr: So before you go": a speaker's label, the title's colon before the turn.
        and ":" not in text[prev.end : tok.start]
        and ";" not in text[prev.end : tok.start]
        # "Dear Sir, Thank you": a letter's address to no one by name, before a comma.
        and (prev.lower not in _ADDRESS_TITLES or text[prev.end : tok.start] == " ")
        # (An initial's letter may be a word in that list: "Dr. A. B. Smith".)
        and (low not in NOT_AFTER_TITLE or _initials_before_surname(lex, tokens, i, text))
        and ADDRESS_UNIT.match(text, tok.start) is None
        and (
            tok.shape in CAPS
            or _particles_then_name(tokens, i, text)
            or _lower_case_titled(lex, tokens, i)
        )
    ):
        return Decision(0.95, AFTER_TITLE)
    if i >= 2 and _after_double_particle(lex, tokens, i, text):
        return Decision(0.92, _DOUBLE_PARTICLE_REASON)  # (over a town of that name: "Waal")
    if (
        i >= 2
        and tokens[i - 1].text in _SINGLE_PARTICLES
        and _after_single_particle(lex, tokens, i, text)
    ):
        return Decision(0.9, _SINGLE_PARTICLE_REASON)
    if tok.base in _SHORT_MONTH_NAMES and not _date_near(tokens, i, text):
        return Decision(0.65, _SHORT_MONTH_REASON)  # (below STRONG: not spread)
    if len(low) < 2:
        return None
    if tok.shape in CAPS:
        if tok.shape == "U" and len(low) <= 3 and not _caps_line(tokens, i, text):
            return None  # "IP", "OT", "ER": an acronym's shape, unless the line is in capitals
        if lex.plain(tok):
            if low in lex.given:
                return Decision(0.85, "a given name (name lists of many countries)")
            return Decision(0.6 if tok.sentence_start else 0.7, "a surname (census list)")
        if not low.isascii() and low.isalpha() and (bare := folded(low)) not in lex.common:
            # "Siobhán", "Joaquín", "Müller": a listed name written with its accents.
            if bare in lex.given:
                return Decision(0.85, "a given name written with diacritics (name lists)")
            if bare in lex.surname:
                return Decision(0.6 if tok.sentence_start else 0.7,
                                "a surname written with diacritics (census list)")  # fmt: skip
        if low in lex.given and not tok.sentence_start and tok.shape == "C" and len(low) > 2:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if (
                low in lex.common
                and nxt is not None
                and nxt.shape == "C"
                and nxt.lower in lex.only_common
                and nxt.start - tok.end == 1
                and not _after_person_verb(tokens, i)
            ):
                return None  # "Early Start", "Grace Notes": a title of ordinary words
            if low in lex.common and _ordinary_words_name_it(lex, tokens, i, text):
                return None  # "Mother's Day", "Major depressive disorder"
            if low in _DAY_NAME_ENDS and _names_a_day(lex, tokens, i, text):
                return None  # "Labor Day", "Christmas Eve", "Valentine's Day", "Day Care"
            return Decision(0.6, _GIVEN_MID)
        return None
    if (
        tok.shape == "L"
        and len(low) > 2
        and low in lex.given
        and low not in lex.common
        and not _after_a_possessive(prev, tok)
        # A kin word in lower case ("my 95-yr-old nan") is the relative; only after a
        # capitalised word is it taken as a name ("OSLO nan", a data export's empty field).
        and (low not in KIN_WORDS or (prev is not None and prev.shape in CAPS))
        # (In writing that capitalises, only a frequent given name: "Session with kate", not
        # "she cooked dal", "at the telly", "very sian".)
        and (low in lex.frequent_given or lower_case_writing(text, tok.start))
        and not in_another_language(lex, text, tok.start, tok.end)
    ):
        return Decision(0.6, "a given name written in lower case")
    return None


def _after_a_possessive(prev: Token | None, tok: Token) -> bool:
    """ "my bestie said", "our neighbour", "her nan": a noun after a possessive, no name."""
    return (
        prev is not None
        and tok.start - prev.end == 1
        and (prev.lower in _POSSESSIVES or (prev.lower == "her" and tok.lower in KIN_WORDS))
    )


# A word after a possessive is a noun, as no one writes a person's name after "my" ("i told
# sally", not "my sally"). "Her" is an object too ("I told her jess was coming"): after it,
# only a kin word is ("her nan"). A kin word alone may still be a name in lower case ("nan"
# is a given name in some lists, and the "nan" of a data export's empty field).
_POSSESSIVES: Final = frozenset({"my", "your", "our", "their", "his"})


def _ordinary_words_name_it(lex: NameLexicon, tokens: tuple[Token, ...], i: int, text: str) -> bool:
    """Is `tokens[i]`, a given name that is an ordinary word too, mid-sentence, part of a
    day's or a condition's name: after an ordinary word's possessive ("Mother's Day",
    "Father's Day"), or before an adjective in lower case ("Major depressive disorder")?"""
    prev = tokens[i - 1] if i > 0 else None
    if (
        prev is not None
        and prev.base_end < prev.end
        and text[prev.end : tokens[i].start] == " "
        and prev.lower in lex.common
        and prev.lower not in lex.given
    ):
        return True
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return (
        nxt is not None
        and nxt.shape == "L"
        and text[tokens[i].end : nxt.start] == " "
        and len(nxt.lower) > 5
        and nxt.lower.endswith(_ADJECTIVE_ENDINGS)
        and nxt.lower in lex.common
    )


# Words that close the name of a day ("Labor Day", "Christmas Eve") and are given names too.
_DAY_NAME_ENDS: Final = frozenset({"day", "eve"})


def _names_a_day(lex: NameLexicon, tokens: tuple[Token, ...], i: int, text: str) -> bool:
    """Is `tokens[i]` ("Day", "Eve") the end of a day's name: after a possessive ("Valentine's
    Day", "New Year's Eve"), or after a capitalised word that is no given name ("Labor Day",
    "Christmas Eve", "Anzac Day"; not "Doris Day"), one opening a sentence only if it is
    no ordinary word ("Christmas Eve was hard"; not "Call Day about it")?"""
    prev = tokens[i - 1] if i > 0 else None
    if prev is None or text[prev.end : tokens[i].start] != " " or prev.shape not in CAPS:
        return False
    if prev.base_end < prev.end:
        return True
    return (
        prev.lower not in lex.given
        and prev.lower not in TITLES
        # "Auntie Eve", "Nurse Day": a relative or a role before a name.
        and prev.lower not in PERSON_NOUNS
        and prev.lower not in ROLES_BEFORE_A_NAME
        and not (prev.sentence_start and prev.lower in lex.common)
    )


ROLES_BEFORE_A_NAME: Final = word_set(
    "nurse doctor sister brother father pastor reverend captain officer sergeant constable "
    "judge mayor sheriff coach nanny"
)


# Adjectives' endings: an ordinary word before one modifies it ("Major depressive", "Grace
# notes" aside); a name is seldom followed by an adjective in lower case.
_ADJECTIVE_ENDINGS: Final = ("ive", "al", "ic", "ous", "ary", "ory")


def _particles_then_name(tokens: tuple[Token, ...], i: int, text: str) -> bool:
    """ "Dr. de Jong", "Ms. dos Santos", "Mr. van 't Hof": lower-case particles, then a
    capitalised surname."""
    k = i
    while k < len(tokens) and k - i < 3 and is_particle(tokens, k, text) and tokens[k].shape == "L":
        k += 1
    return (
        i < k < len(tokens) and tokens[k].shape == "C" and tokens[k].start - tokens[k - 1].end == 1
    )


def _caps_line(tokens: tuple[Token, ...], i: int, text: str) -> bool:
    """Is the word beside `tokens[i]` in capitals too ("KATE MOORE", "MOORE, JO")? A
    placeholder ("[NAME]") is no word in capitals."""
    return any(
        0 <= k < len(tokens)
        and tokens[k].shape == "U"
        and len(tokens[k].base) > 1
        and text[tokens[k].start - 1 : tokens[k].start] != "["
        for k in (i - 1, i + 1)
    )


def _sentence_opener(lex: NameLexicon, tokens: tuple[Token, ...], i: int, text: str) -> bool:
    """ "Call Kate Morrow", "Ask Okafor", "See Kate Morrow": the candidate opens the sentence.

    An ordinary word that opens a sentence before a capitalised word, and is
    no frequent given name, is the first word of the sentence (often a verb),
    not of the name after it. It may still be a name with other evidence: a
    title before it ("Dr. Call", decided first), a roster hit, a name list
    ("Call, Kate") or another mention of it as a name.
    """
    tok = tokens[i]
    return (
        tok.sentence_start
        and tok.shape in CAPS
        and i + 1 < len(tokens)
        and tokens[i + 1].shape in CAPS
        and lex.ordinary_opener(tok)
        and text[tok.end : tokens[i + 1].start] == " "
    )


# Prefixes written with a hyphen before an ordinary word ("Re-eval", "Pre-op", "Non-verbal").
_PREFIXES: Final = word_set(
    "re pre post co non anti self ex sub semi multi inter over under un de mid bi"
)


def hyphenated_given_name(lex: NameLexicon, tokens: tuple[Token, ...], k: int, text: str) -> bool:
    """ "Do-yoon", "Sung-min", "Ha-eun": a capitalised syllable joined by a hyphen to a
    lower-case one that is no ordinary word (or is a given name), the shape of many Korean,
    Chinese and Vietnamese given names; its first part may be a function word ("Do", "So")
    or an ordinary one ("Sung"), so neither part alone tells it is a name. English compounds
    ("Check-in", "Follow-up", "Self-care", "Re-eval") end in an ordinary word or start with
    a prefix."""
    tok = tokens[k]
    if tok.shape != "C" or k + 1 >= len(tokens) or not 2 <= len(tok.lower) <= 6:
        return False
    tail = tokens[k + 1]
    low = tail.lower
    return (
        tail.start == tok.end + 1
        and text[tok.end] == "-"
        and tail.shape == "L"
        and 2 <= len(low) <= 6
        and low.isalpha()
        and tok.lower.isalpha()
        and tok.lower not in _PREFIXES
        and text[tail.end : tail.end + 1] != "-"
        and low not in lex.closed
        and low not in lex.drugs
        and (
            (low not in lex.never and (low not in lex.common or low in lex.given))
            # "Min-jun", "Hye-jun": a month's or a day's abbreviation after a given name's
            # syllable ("Mon-fri" is two days).
            or (len(low) == 3 and low in lex.never and _given_syllable(lex, tok.lower))
        )
        and (len(low) > 2 or low in lex.given)  # not "Hi-fi", "Ah-ha"
        and low not in BOUND_SUFFIXES  # "Good-ish", "Lincoln-esque"
        and not _echoes(tok.lower, low)
        # "Ah-ha", "Oh-kay": an interjection's head ("ah", "oh", "uh", "yeah").
        and not (tok.lower in lex.closed and tok.lower.endswith("h"))
    )


def _given_syllable(lex: NameLexicon, head: str) -> bool:
    return head in lex.given and head not in lex.never


def _echoes(head: str, tail: str) -> bool:
    """A reduplication, a rhyme or an ablaut ("Tsk-tsk", "Okie-dokie", "Hip-hop",
    "Ping-pong"): the shape of interjections and playful words, not of given names."""
    return (
        head == tail
        or (len(head) > 2 and head[-3:] == tail[-3:])
        or (head[0] == tail[0] and len(head) == len(tail) and head[-1] == tail[-1])
    )


def _hyphenated(c: Candidate) -> Decision | None:
    if hyphenated_given_name(c.lex, c.tokens, c.i, c.text):
        return Decision(0.7, "a hyphenated given name whose second part is no ordinary word")
    return None


_MONTH_PAIR: Final = "a given name never a name alone (a month, a kin word), before a surname"


def _month_name_pair(c: Candidate) -> Decision | None:
    """ "June Marsh", "April Cox": a given name that is also a month, before a surname (a
    date has a number or nothing capitalised after the month)."""
    tok, nxt, lex, text = c.tok, c.next_token(), c.lex, c.text
    if tok.lower not in lex.month_given:
        return None
    if (
        nxt is not None
        and nxt.shape == "C"
        and text[tok.end : nxt.start] == " "
        and tok.lower not in lex.closed  # ("My Uber driver", "In Sunday's": no name)
        # A listed surname, or one written with its diacritics ("Jan Jílek", "June Nováková"
        # as "jilek" is listed), or a word in no dictionary and no town ("CEO Jan
        # Huuskonen"), where no day's number stands before the month ("on 3 Jan Huuskonen").
        and (
            nxt.lower in lex.surname
            or folded(nxt.lower) in lex.surname
            or (unknown_word(lex, nxt) and not is_place(nxt.base) and not _day_before(c))
        )
        and nxt.lower not in lex.never
        and nxt.lower not in lex.closed
        and not text[nxt.end : nxt.end + 3].lstrip(" ,")[:1].isdigit()
    ):
        return Decision(0.75, _MONTH_PAIR)
    if _month_initial_surname(c):
        return Decision(0.75, _MONTH_INITIAL)
    if tok.sentence_start and tok.lower not in lex.closed and _SAYS_OF.match(text, tok.end):
        # "Jan said she would call back": a month says nothing.
        return Decision(0.7, "a given name that is also a month, saying what a person says")
    if tok.sentence_start and person_predicate(text, tok.end):
        # "Jun is very reliable", "April lives on Via Tasso": no month is or does that.
        return Decision(0.7, _PREDICATE_REASON)
    return None


_MONTH_INITIAL: Final = "a given name that is also a month, before a middle initial and a surname"


def _month_initial_surname(c: Candidate) -> bool:
    """ "Jan P. Martens", "May R. Jorgensen": a month's given name, an initial with its full
    stop and a capitalised word, though a word too ("martens"): no date is written so, and
    a modal verb is followed by "I" and no full stop ("May I ask")."""
    tokens, i, text, lex = c.tokens, c.i, c.text, c.lex
    if not (c.tok.shape == "C" and initial_between(tokens, i, text) and not _day_before(c)):
        return False
    mid, last = tokens[i + 1], tokens[i + 2]
    return (
        mid.shape == "C"
        and mid.text != "I"  # "May I. Ask": the pronoun, and no initial
        and text[mid.end : last.start] == ". "
        and last.shape == "C"
        and last.base == last.text
        and last.lower not in lex.never
        and last.lower not in lex.closed
    )


_ADDRESS_TITLES: Final = frozenset({"sir", "dame", "madam"})
# Titles that are no other word in lower case ("mr", "mrs"), and those that are ("dr" a
# drive, "miss" a verb): these only after a letter's "dear".
_LOWER_TITLES: Final = frozenset({"mr", "mrs", "ms", "mx"})
_LOWER_TITLES_AFTER_DEAR: Final = frozenset({"dr", "miss", "prof", "professor"})


def _lower_case_titled(lex: NameLexicon, tokens: tuple[Token, ...], i: int) -> bool:
    """ "dear miss necci,", "i told mr. waraksa": in lower case, the word after a title
    (its candidate is a given name or a word in no dictionary)."""
    title, tok = tokens[i - 1], tokens[i]
    return (
        tok.shape == "L"
        and title.shape == "L"
        and tok.lower not in lex.closed
        and tok.lower not in lex.never
        and (
            title.lower in _LOWER_TITLES
            or (title.lower in _LOWER_TITLES_AFTER_DEAR and i > 1 and tokens[i - 2].lower == "dear")
        )
    )


def _day_before(c: Candidate) -> bool:
    """Does a number stand just before the word at `c` ("3 Jan", "3rd Jan")?"""
    return c.i > 0 and c.tokens[c.i - 1].text[:1].isdigit()


def _capitalised_pair(c: Candidate) -> Decision | None:
    """ "Grace Brown", "Xochitl Moore": two capitalised words, one of them a name."""
    tok, nxt, lex = c.tok, c.next_token(), c.lex
    if c.opener or nxt is None or tok.shape not in CAPS or not can_follow(lex, tok, nxt, c.text):
        return None
    if not tok.lower.isalpha() or (tok.shape == "U" and len(tok.lower) <= 3 and nxt.shape != "U"):
        return None  # "A0 Jeff", "CY Jeff": a code or an acronym before a name is no given name
    if (
        (lex.namey(tok) or tok.lower not in lex.common)
        and lex.namey(nxt)
        and (lex.plain(tok) or lex.plain(nxt) or tok.lower in lex.given)
        and tok.lower not in lex.only_common
    ):
        return Decision(0.75, "a capitalised given name and surname")
    if tok.shape == "C" and nxt.shape == "C" and unknown_word(lex, tok) and unknown_word(lex, nxt):
        return Decision(0.55, "two capitalised words that are not ordinary words")
    if _frequent_given_before_unknown(lex, tok, nxt, c.text):
        return Decision(0.7, _GIVEN_UNKNOWN)
    return None


_GIVEN_UNKNOWN: Final = "a frequent given name, though a word, before a word in no dictionary"


def _frequent_given_before_unknown(lex: NameLexicon, tok: Token, nxt: Token, text: str) -> bool:
    """ "Martin Bodart" opening an address's lines, "Will Ozturk called": a frequent given
    name that is an ordinary word too, one blank before a capitalised word in no dictionary,
    drug list or gazetteer (not "Will Ozempic help?", "Hope Kaiserslautern wins")."""
    return (
        tok.shape == nxt.shape == "C"
        and tok.lower in lex.frequent_given
        and text[tok.end : nxt.start] == " "
        and nxt.base == nxt.text
        and len(nxt.lower) > 2
        and unknown_word(lex, nxt)
        and nxt.lower not in lex.never
        and not is_place(nxt.base)
    )


def _pair_before_verb(c: Candidate) -> Decision | None:
    """ "Isla Mackintosh has attended", "Conceição de Sousa said": two capitalised words
    opening a sentence before a verb, the second a surname (even one that is an ordinary
    word) or in no dictionary, after particles if any: a person, though the first word is
    also a town's name or an ordinary word. A town of two words ("Santa Cruz has") stays a
    town."""
    tok, tokens, lex, text, i = c.tok, c.tokens, c.lex, c.text, c.i
    if not (tok.shape == "C" and tok.sentence_start and tok.lower not in lex.only_common):
        return None
    k = _surname_after(tokens, i)
    if k + 1 >= len(tokens) or not _single_spaced(tokens, i, k):
        return None
    # The first word: a given name, a town, a word in no dictionary, or a surname before a
    # plain surname (a name written surname first, "Fang Liu").
    plain_after = tokens[k].lower not in lex.common
    if not (
        tok.lower in lex.given
        or is_place(tok.base)
        or unknown_word(lex, tok)
        or _surname_pair(lex, tok, tokens[k])
    ):
        return None
    surname, after = tokens[k], tokens[k + 1]
    if lex.ordinary_opener(tok) and not (
        (tok.lower in lex.given and (plain_after or _attends(lex, text, surname)))
        or _surname_pair(lex, tok, tokens[k])
    ):
        return None  # "Early Start began", "Salt Lake is"; but "Dieter Vossberg said"
    if (
        surname.shape != "C"
        or surname.base != surname.text
        or not (
            (
                (surname.lower in lex.surname or unknown_word(lex, surname))
                and surname.lower not in lex.never
            )
            # "Joy Christian has attended": a word never a name alone ("Christian") is the
            # surname after a given name when the verb is one only a person takes.
            or (tok.lower in lex.given and _attends(lex, text, surname))
        )
        or is_place(text[tok.start : surname.end])
        or (text[surname.end : after.start] != " " and not _ATTENDS.match(text, surname.end))
    ):
        return None
    if (
        _NOTE_VERBS.match(text, surname.end)
        or (after.lower in ("has", "had") and _NOTE_VERBS.match(text, after.end))
        or after.lower in _PERSON_VERBS
        or _ATTENDS.match(text, surname.end)  # "Bill Christian has an interview"
    ):
        return Decision(_PAIR_SCORE, _PAIR_BEFORE_VERB)
    if plain_after and (after.lower in _REPORTING_VERBS or verb_like(lex, after)):
        # Any verb after a surname in no dictionary; after one that is a word ("Rose Garden
        # is lovely"), only a verb that tells of a person.
        return Decision(_PAIR_SCORE, _PAIR_BEFORE_VERB)
    return None


_PERSON_VERBS: Final = word_set(
    "said says told asked wrote writes reported reports shouted yelled whispered replied "
    "answered texted called emailed phoned cried laughed admitted denied explained"
)


_PAIR_SCORE: Final = 0.7
_PAIR_BEFORE_VERB: Final = "two capitalised words opening a sentence before a verb, a surname last"


# What only a person does, of the note verbs: a programme or a firm may report or cancel.
_ATTENDS: Final = compiled(
    r" (?:(?:ha[sd] )?(?:attended|was seen|was late|arrived)|"
    r"ha[sd] an? (?:interview|appointment|assessment)|"
    # What only a person does with words: "Kit Woods read out a message", "told me".
    r"read out|(?:keeps|kept) telling|(?:said|told|texted|phoned|emailed) (?:me|us))\b|"
    # An apposition naming a job ("Re: Kit Fields, sales assistant"): a person's.
    r", (?:an? )?(?:[a-z]+ ){0,2}(?:assistant|worker|manager|analyst|nurse|teacher|officer|"
    r"engineer|driver|cleaner|clerk|technician|consultant|coordinator|administrator|"
    r"developer|designer|carer|receptionist|supervisor|student|apprentice|labourer)\b"
    r"(?! (?:team|office|department|service|unit|role|post|job))"
)


# (For the rules of other modules: what only a person does, after a name.)
PERSON_ONLY_AFTER: Final = _ATTENDS


def _attends(lex: NameLexicon, text: str, surname: Token) -> bool:
    """ "Kit Booth has attended", "Sky Woods was seen": after a listed surname (or a word never
    a name alone: "Joy Christian"), a verb only a person takes makes a given name that is
    also a word ("Kit", "Sky") opening the sentence the name's first word, not the
    sentence's."""
    return (surname.lower in lex.surname or surname.lower in lex.never) and bool(
        _ATTENDS.match(text, surname.end)
    )


def _surname_after(tokens: tuple[Token, ...], i: int) -> int:
    """The index of the word after `tokens[i]` and the lower-case particles after it."""
    k = i + 1
    while (
        k < len(tokens) and k - i <= 3 and tokens[k].lower in PARTICLES and tokens[k].shape == "L"
    ):
        k += 1
    return k


def _surname_pair(lex: NameLexicon, tok: Token, nxt: Token) -> bool:
    """ "Fang Zhao": a surname-list word before a surname that is in no dictionary and no
    given-name list ("Later Kate" is a word and a given name)."""
    low = nxt.lower
    return (
        tok.lower in lex.surname
        and low in lex.surname
        and low not in lex.common
        and (low not in lex.given)
    )


def _single_spaced(tokens: tuple[Token, ...], first: int, last: int) -> bool:
    return all(tokens[k + 1].start - tokens[k].end == 1 for k in range(first, last))


def _group_word(lex: NameLexicon, t: Token) -> bool:
    """A capitalised word of the never-a-name list that the census lists as a given name too,
    a nation's or a faith's ("German", "Christian"; not "Spanish", "Muslim"): before a middle
    initial and a surname, the given name ("German M Kauzar"); never a month or a weekday
    ("in May J. Smith said")."""
    return (
        t.shape == "C"
        and t.lower in lex.never
        and t.lower in lex.month_given  # (a census given name: "German", not "Spanish")
        and t.lower not in _WEEKDAYS
        and t.lower not in month_words()
        and t.lower not in lex.closed
        and len(t.lower) > 2
    )


_WEEKDAYS: Final = word_set("monday tuesday wednesday thursday friday saturday sunday")


def _middle_initial(c: Candidate) -> Decision | None:
    """ "Sari J. Koski"; after a sentence opener, "Call J. Smith" is the initial and surname."""
    tok, tokens, lex = c.tok, c.tokens, c.lex
    if not (
        tok.shape in CAPS
        # ("Jan K Kristiansen": a month's short form that is a frequent given name too)
        and (
            tok.lower not in lex.only_common
            or _group_word(lex, tok)
            or tok.text in _SHORT_MONTH_NAMES
        )
        and initial_between(tokens, c.i, c.text)
    ):
        return None
    last = c.i + 2
    # The surname after the initial may open with its particles ("Troy C van Oene").
    while (
        last + 1 < len(tokens)
        and tokens[last].shape == "L"
        and tokens[last].lower in SURNAME_PARTICLES
        and c.text[tokens[last].end : tokens[last + 1].start] == " "
    ):
        last += 1
    surname = tokens[last]
    if _group_word(lex, tok) and tok.lower not in lex.given and surname.lower in lex.common:
        return None  # ("English A Level", "Spanish B Coursework": a subject and a grade)
    if not (
        surname.shape in CAPS
        and (
            surname.lower not in lex.only_common
            # After a frequent given name and an initial, an ordinary word is the surname
            # ("add Savannah S. Beet as guardian"; "Will B. Done" needs a capital to read so).
            or (
                tok.lower in lex.frequent_given
                and tok.lower not in TO_VERBS
                and surname.shape == "C"
                and surname.lower not in lex.never
                and surname.lower not in lex.closed
                and len(surname.lower) > 2
            )
        )
    ):
        return None
    if (
        c.opener
        and tok.lower not in lex.given
        and tokens[c.i + 1].text != "I"
        # (but a line of the three words alone is a name's: "Novel M. Ermakov" on a card)
        and not word_opening_a_name_line(lex, tokens, c.i + 1, c.i + 2, c.text)
    ):
        # Any given name before an initial is still the name's first word ("Sari J. Koski").
        return Decision(0.7, "an initial and a surname", skip=1)
    return Decision(0.8, "a given name, a middle initial and a surname")


def _lower_case_middle_initial(c: Candidate) -> Decision | None:
    tok, lex = c.tok, c.lex
    if (
        tok.shape == "L"
        and len(tok.lower) > 2
        and tok.lower not in lex.common
        and tok.lower.isalpha()
        and initial_between(c.tokens, c.i, c.text)
        and lower_surname(lex, c.tokens[c.i + 2])
    ):
        return Decision(0.7, "a lower-case name with a middle initial")
    return None


def _lower_case_pair(c: Candidate) -> Decision | None:
    tok, nxt, lex = c.tok, c.next_token(), c.lex
    if (
        tok.shape == "L"
        and nxt is not None
        and lower_surname(lex, tok)
        and lower_surname(lex, nxt)
        and c.text[tok.end : nxt.start] == " "
        and (lex.namey(tok) or lex.namey(nxt))
        and lower_case_writing(c.text, tok.start)
        and not in_another_language(lex, c.text, tok.start, nxt.end)
    ):
        return Decision(0.6, "two lower-case words that are names, not ordinary words")
    return None


def _addressed(c: Candidate) -> Decision | None:
    """ "Aloisia, can I...": a person addressed at the start of a sentence, or between
    commas after a first word ("Right, Ryō, can I ask you")."""
    tok, nxt, lex = c.tok, c.next_token(), c.lex
    if (
        tok.shape == "C"
        and (
            tok.sentence_start
            or (c.text[tok.start - 2 : tok.start] == ", " and not is_place(tok.base))
        )
        and (tok.lower in lex.given or unknown_word(lex, tok))
        and c.text[tok.end : tok.end + 2] == ", "
        and nxt is not None
        and nxt.lower in _VOCATIVE_NEXT
    ):
        return Decision(0.6, "a name addressed at the start of a sentence")
    return None


def _before_note_verb(c: Candidate) -> Decision | None:
    """ "Troy was seen for an individual session": what a note says of its client."""
    tok, nxt, lex, text = c.tok, c.next_token(), c.lex, c.text
    if (
        tok.sentence_start
        and tok.lower not in lex.only_common
        and tok.lower not in lex.never
        and len(tok.lower) > 1
        and (tok.shape in CAPS or (tok.shape == "L" and tok.lower not in lex.common))
        and tok.lower.isalpha()
        and (
            _NOTE_VERBS.match(text, tok.end)
            or (
                nxt is not None
                and not c.opener
                and nxt.shape in CAPS
                and _NOTE_VERBS.match(text, c.tokens[extent(lex, c.tokens, c.i, text)].end)
            )
        )
    ):
        return Decision(0.6, "a name before 'was seen' or 'reported', at a sentence start")
    return None


# "Maria to review the risk plan", "Pita to contact the school": who takes a task, in a
# note's or minutes' action item. A team, a service or a relative takes tasks too ("GP to
# review", "Staff to call", "Mum to ring"): capitals, surnames that are ordinary words, or
# words for people, so only a given name or a word in no dictionary counts.
ACTION: Final = compiled(
    r" to (?:review|contact|call|phone|ring|email|e-mail|text|send|book|arrange|check|"
    r"update|liaise|complete|speak|discuss|refer|write|share|confirm|follow|chase|"
    r"circulate|draft|invite|visit|attend|bring|ask|find|look|meet|prepare)\b"
)
# Verbs that take "to" ("Hope to review", "Will to call"): given names too, but verbs first.
TO_VERBS: Final = word_set("hope will may need want wish plan aim intend try promise agree")


def _action_owner(c: Candidate) -> Decision | None:
    if _action_word(c.lex, c.tok) and ACTION.match(c.text, c.tok.end):
        return Decision(0.6, "a given name opening an action item ('Maria to review')")
    return None


# "Walker began writing as a teenager": what only a person begins or gives up doing (rain
# begins falling, work begins; neither begins writing nor quits drinking).
_TAKES_UP: Final = compiled(
    r" (?:began|begins|started|starts|stopped|stops|quit|quits) (?:writing|painting|singing|"
    r"acting|drawing|studying|teaching|drinking|smoking|dating|performing|composing|"
    r"recording|playing|working)\b"
)
# "Autumn keeps telling me": a season, a virtue or a plant tells no one anything.
_TELLS_ME: Final = compiled(
    r" (?:keeps|kept) (?:telling|texting|calling|asking) (?:me|us)\b|"
    r" (?:told|tells|texted|texts|asked|asks|messaged) (?:me|us)\b|"
    r" (?:says|said|thinks|thought) (?:I|I'm|I've|I'd|I\u2019m|you're|you\u2019re)\b"
)


# "Rusty phoned this morning", "Summer cried in session": what only a person does, with no
# object needed (a bell rings, rain falls; no season phones or cries).
_ONLY_A_PERSON: Final = compiled(
    r" (?:phoned|texted|emailed|e-mailed|messaged|cried|sobbed|wept|apologi[sz]ed)\b"
)


# "Harry said she would call back", "Grace told them": what a person says of someone.
_SAYS_OF: Final = compiled(
    r" (?:said|says|told|asked|replied|wrote|texted) (?:she|he|they|we|that|them|him|her)\b"
)


# "Maria is from Urban Tea Inc.", "Jan came from Leiden": where a person comes from, a firm
# or a town, after a given name that is no ordinary word or a frequent given name; not a
# virtue's, which comes from God or Scripture ("Hope is from God", "Grace came from Him").
_IS_FROM: Final = compiled(r" (?:is|was|comes|came) from (?:" + UPPER + r"|\d+[A-Z])")
_NOT_FROM_A_FIRM: Final = word_set(
    "hope grace faith joy peace love mercy charity patience honor honour"
)


def _takes_up(c: Candidate) -> Decision | None:
    """A name-list word opening a sentence that begins or gives up what only a person does,
    though also an ordinary word ("Walker", "Young"), or, a given name, tells the writer
    something ("Autumn keeps telling me")."""
    if not _name_list_opener(c.lex, c.tok):
        return None
    if _TAKES_UP.match(c.text, c.tok.end):
        return Decision(0.7, "a name-list word opening a sentence, taking up what a person does")
    if c.tok.lower in c.lex.given and _TELLS_ME.match(c.text, c.tok.end):
        return Decision(0.7, "a given-name word opening a sentence, telling the writer")
    if c.tok.lower in c.lex.given and _SAYS_OF.match(c.text, c.tok.end):
        return Decision(0.7, "a given-name word opening a sentence, saying what a person says")
    if c.tok.lower in c.lex.given and _ONLY_A_PERSON.match(c.text, c.tok.end):
        return Decision(0.7, "a given-name word opening a sentence, doing what only a person does")
    if person_predicate(c.text, c.tok.end):
        return Decision(0.7, _PREDICATE_REASON)
    if (
        c.tok.lower in c.lex.given
        and (c.tok.lower not in c.lex.common or c.tok.lower in c.lex.frequent_given)
        and c.tok.lower not in _NOT_FROM_A_FIRM
        and _IS_FROM.match(c.text, c.tok.end)
    ):
        return Decision(0.7, "a given name opening a sentence, coming from a firm or a town")
    return None


_PREDICATE_REASON: Final = (
    "a name-list word opening a sentence, before what only a person is or does"
)
_ASKED_REASON: Final = (
    "a name-list word asked about with a person's trait ('Why is Cooper so shy?')"
)
_ASKED_OPENING: Final = compiled(r"(?:^|[.!?][ \t]+)(?:Why|How come) (?:is|was) $", re.MULTILINE)


def _asked_of_person(c: Candidate) -> Decision | None:
    """ "Why is Brewer so impulsive?": a name-list word after a question's "why is" and
    before a trait only a person has (`person_predicates`)."""
    if asked_trait(c.text, c.tok.end) and _ASKED_OPENING.search(
        c.text, max(0, c.tok.start - 20), c.tok.start
    ):
        return Decision(0.7, _ASKED_REASON)
    return None


# "Grace from Ruiz Inc said", "German from Lynch-Johnson said": one capitalised word, then
# "from" and a capitalised name of up to six words (a firm, a town), then what a person
# says. A word that is a name only now and then ("Grace", "German", "Hope") is a person
# there: no virtue, nationality or month comes from a firm and speaks.
_FROM_SAYS: Final = compiled(
    r" from (?:the )?[^\W\d_a-z][\w'\u2019.&-]*,?(?: (?:and|&|[^\W\d_a-z][\w'\u2019.&-]*,?)){0,5}"
    r" (?:said|says|told|asked|wrote|called|phoned|emailed|confirmed|explained|replied|"
    r"mentioned|reported|rang|texted)\b"
)


def _from_firm_says(c: Candidate) -> Decision | None:
    """A given name opening a sentence, "from" a firm or town, before a person's verb."""
    if _FROM_SAYS.match(c.text, c.tok.end):
        return Decision(0.7, "a given name opening a sentence, from a firm, before 'said'")
    return None


def _speaker(c: Candidate) -> Decision | None:
    tok, lex = c.tok, c.lex
    if (
        tok.shape == "C"
        and (tok.lower in lex.given or unknown_word(lex, tok))
        and c.text[tok.end : tok.end + 1] == ":"
        and tok.sentence_start
        and not agent_noun(lex, tok.lower)  # "Supervisee:", "Facilitator:": a form's label
        and not _form_label(lex, tok, c.text)
        and not (tok.lower not in lex.given and names_after_label(lex, c.text, tok.end))
        # A word in no name list speaks on two lines or more, or beside a speaker of the
        # name lists ("Fruzsina: What a wife.\nCharles: ..."); else it heads a section of a
        # note ("Psychosocial: ...", "CBTp: ...").
        and (tok.lower in lex.given or speaks_in_a_dialogue(lex, c.text, tok.text))
    ):
        return Decision(0.6, "a name before a colon, as a speaker in a transcript")
    return None


def speaks_in_a_dialogue(lex: NameLexicon, text: str, label: str) -> bool:
    """Does `label` open two lines of `text` or more, or another line open with a given name
    of the lists that is no ordinary word ("Charles:")? Then it is a speaker's name."""
    labels = line_labels(text)
    if labels.get(label, 0) >= 2:
        return True
    return any(
        other != label and other.lower() in lex.given and other.lower() not in lex.common
        for other in labels
    )


@per_text_cache
def line_labels(text: str) -> dict[str, int]:
    """How many lines of `text` each one-word label before a colon opens ("Client:" twice),
    read once per text (speakers' labels are asked about again and again in a transcript)."""
    counts: dict[str, int] = {}
    for m in at_line_starts(_LINE_LABEL, text):
        label = m.group(1)
        counts[label] = counts.get(label, 0) + 1
    return counts


# A person's name just after the colon: a capitalised given name or an initial, then a
# capitalised word ("Soci: Angelo Bajardi, ...", "Socios: B. Donoso y ..."), or the
# placeholder a redacted name left ("Soci: [NAME], ..."), so the label stays a label when
# the output is read again.
_NAME_AFTER_COLON: Final = compiled(
    r":[ \t]*(?:\[NAME\w*\]|(?P<first>[^\W\d_a-z][\w'\u2019-]*|[^\W\d_a-z]\.)[ \t]+[^\W\d_a-z])"
)


def names_after_label(lex: NameLexicon, text: str, colon: int) -> bool:
    """Does a person's name follow the colon at `colon`? Then the word before it, in no
    name list, labels a field that names people ("Partnere:", "Gesellschafter:") in a
    language the dictionary lacks: a speaker's turn seldom opens with a full name."""
    m = _NAME_AFTER_COLON.match(text, colon)
    if m is None:
        return False
    first = m.group("first")
    return first is None or first.endswith(".") or first.lower() in lex.given


# The one-word labels at the start of a line, before a colon ("Experience:", "Matthew:").
_LINE_LABEL: Final = compiled(r"(?m)^[ \t]*([^\W\d_][\w'\u2019-]*)[ \t]*:")


def _form_label(lex: NameLexicon, tok: Token, text: str) -> bool:
    """Is `tok`, a given name that is an ordinary word too ("Experience", "Hope"), a form's
    label ("Experience: Velaloop (1989-2002)")? A speaker when the label opens two lines, or
    another line's label is a word of no dictionary ("Hope: no\nMatthew: yes")."""
    if tok.lower not in lex.common:
        return False
    labels = line_labels(text)
    opens = sum(n for label, n in labels.items() if label.lower() == tok.lower)
    return opens < 2 and all(label.lower() in lex.common for label in labels)


def _before_reporting_verb(c: Candidate) -> Decision | None:
    """An unknown capitalised word opening a sentence before a verb, or in a list of names."""
    tok, tokens, lex, text, i = c.tok, c.tokens, c.lex, c.text, c.i
    n = len(tokens)
    if not (
        tok.shape == "C"
        and tok.sentence_start
        and i + 1 < n
        and unknown_word(lex, tok)
        and not is_place(tok.base)
    ):
        return None
    nxt = tokens[i + 1]
    if nxt.lower in PERSON_NOUNS and text[tok.base_end : nxt.start] in ("'s ", "\u2019s "):
        # "Dawit's mother called": an unknown word that has a mother is a person.
        return Decision(0.7, "an unknown capitalised word with a possessive before a relative")
    if (
        nxt.lower == "and"
        and i + 3 < n
        and tokens[i + 2].lower in _POSSESSIVE_PRONOUNS
        and tokens[i + 3].lower in PERSON_NOUNS
    ):
        return Decision(0.7, "an unknown capitalised word before 'and her' and a relative")
    if text[tok.end : nxt.start] == " " and verb_like(lex, nxt):
        # "Abebe showed me", "Chidinma keeps telling me": a word in no dictionary, name
        # list or list of drugs, opening a sentence before a verb, is who did it.
        return Decision(0.7, "an unknown capitalised word before a verb, at a sentence start")
    if (
        nxt.lower in _REPORTING_VERBS
        or ((e := extent(lex, tokens, i, text)) + 1 < n and tokens[e + 1].lower in _REPORTING_VERBS)
        or (
            # "Šušulić, Bowman and White": before another name in a list.
            text[tok.end : tok.end + 2] in (", ", " a")
            and nxt.lower != "and"
            and nxt.shape == "C"
            and lex.namey(nxt)
            and nxt.lower not in lex.only_common
            and text[tok.end : nxt.start] == ", "
        )
        or (
            nxt.lower == "and"
            and i + 3 < n
            and tokens[i + 2].shape == "C"
            and lex.namey(tokens[i + 2])
            and tokens[i + 3].lower in _REPORTING_VERBS | {"were", "are", "have"}
        )
    ):
        return Decision(0.55, "an unknown capitalised word before a verb, at a sentence start")
    return None


_POSSESSIVE_PRONOUNS: Final = word_set("her his their my our your")


def _unknown_mid_sentence(c: Candidate) -> Decision | None:
    tok, lex = c.tok, c.lex
    if _unknown_mid_word(lex, tok):
        if len(tok.lower) > 3:
            if _a_things_word(c):
                return None
            return Decision(0.5, "a capitalised word that is not an ordinary word, mid-sentence")
        # "You said Yui called": a syllable of three letters in no dictionary is a name only
        # before what a person does (an abbreviation's capital is no name's).
        nxt = c.next_token()
        if (
            nxt is not None
            and text_gap(c.text, tok, nxt) == " "
            and nxt.lower in _PERSON_VERBS
            and (c.i == 0 or c.tokens[c.i - 1].lower != "the")  # "the Nhs said": a body
        ):
            return Decision(0.5, "a short word in no dictionary before a person's verb")
    return None


def _a_things_word(c: Candidate) -> bool:
    """Is `c.tok`, a capitalised word in no dictionary, a thing's name by the word before it:
    a determiner ("the Headspace app", "turn down the Xbox", "a Telecare detector") or a
    verb
    whose object is a thing ("played Minecraft", "uses Duolingo", "bought Nutella")? A person
    after a determiner is a family ("the Smiths"), written in the plural, which stays."""
    if c.i == 0 or c.tok.lower.endswith("s"):
        return False
    prev = c.tokens[c.i - 1]
    nxt = c.next_token()
    if text_gap(c.text, prev, c.tok) != " ":
        return False
    if nxt is not None and nxt.shape in CAPS and text_gap(c.text, c.tok, nxt) == " ":
        return False  # "the Keiran White version": a name goes on
    if prev.lower in _THING_VERBS:
        return True
    # "the Arsanukayev family", "the Kowalski case", "the Brenner novel": a surname's.
    return prev.lower in _ARTICLES and not (
        nxt is not None and nxt.lower in A_SURNAMES_NOUNS and text_gap(c.text, c.tok, nxt) == " "
    )


# (Not "that", "this": conjunctions too, "to hear that Greenland is".)
_ARTICLES: Final = frozenset({"the", "a", "an"})


A_SURNAMES_NOUNS: Final = word_set(
    "family families household home house residence case children kids parents siblings "
    "twins boys girls brothers sisters couple estate novel book books song songs film album "
    "report study trial paper method model"
)
_THING_VERBS: Final = word_set(
    "play plays played playing use uses used using download downloads downloaded "
    "downloading install installed buy buys bought buying order orders ordered ordering "
    "stream streams streamed streaming scroll scrolls scrolled scrolling via during "
    "throughout"
)  # (Prepositions too: "via Zoom", "during Pongal"; a person is met through, not during.)


def text_gap(text: str, tok: Token, nxt: Token) -> str:
    return text[tok.end : nxt.start]


# What only a person has: an address, a telephone, a birthday, a family.
_PERSONAL_NOUNS: Final = word_set(
    "address phone email e-mail mobile birthday husband wife partner boyfriend girlfriend "
    "mother father mum mom dad son daughter kid kids children brother sister"
)
_DETERMINERS: Final = word_set("the a an this that these those our your their its")
# A topic's preposition before a possessive: "writing about June's return to class".
_TOPIC: Final = word_set("about regarding concerning")


def _possessive_person(c: Candidate) -> Decision | None:
    """ "writing about Yui's return", "about June's progress": a capitalised word in the
    possessive before a lower-case noun, mid-sentence, that is in no dictionary (of any
    length, written with its diacritics: "İlker's") or, after "about", a given name that is
    also a month (a month's possessive is rare in a note; a person's is its topic)."""
    tok, nxt, lex, text = c.tok, c.next_token(), c.lex, c.text
    if not (
        tok.shape == "C"
        and nxt is not None
        and nxt.shape == "L"
        and text[tok.base_end : nxt.start] in ("'s ", "\u2019s ")
    ):
        return None
    low = folded(tok.lower)
    prev = c.tokens[c.i - 1] if c.i > 0 else None
    if (
        nxt.lower in _PERSONAL_NOUNS
        and (low in lex.given or low in lex.month_given)
        and not (prev is not None and prev.lower in _DETERMINERS)
    ):
        # "here's Martin's address", "Jan's husband": a given name, though a town or a
        # month too, owning what only a person has.
        return Decision(0.7, "a given name in the possessive before a person's address or kin")
    if is_place(tok.base) or tok.sentence_start:
        return None
    if low in lex.month_given:
        prev = c.tokens[c.i - 1] if c.i > 0 else None
        if prev is not None and prev.lower in _TOPIC and text[prev.end : tok.start] == " ":
            return Decision(0.7, "a month's given name in the possessive after 'about'")
        return None
    if _in_no_dictionary(lex, low):
        return Decision(0.6, "a capitalised word in no dictionary in the possessive, before a noun")
    return None


def _in_no_dictionary(lex: NameLexicon, low: str) -> bool:
    """Is `low` (folded) a word of three letters or more in no dictionary, drug or closed
    list, nor a British spelling of a dictionary word?"""
    return (
        len(low) > 2
        and low.isalpha()
        and low not in lex.common
        and low not in lex.drugs
        and low not in lex.closed
        and not british_spelling(lex, low)
    )


def _after_initial(c: Candidate) -> Decision | None:
    """ "V. Thenmozhi", "B. Ganbaatar": a capitalised word in no dictionary after an initial
    (a family name's initial before the given name, as Tamil and Mongolian names are
    written), though the initial's full stop makes it look like a sentence's start."""
    tok, tokens, lex, text, i = c.tok, c.tokens, c.lex, c.text, c.i
    if not (tok.shape == "C" and i > 0 and len(tok.lower) > 2 and unknown_word(lex, tok)):
        return None
    initial = tokens[i - 1]
    if (
        len(initial.text) == 1
        and initial.text.isupper()
        and text[initial.end : tok.start] == ". "
        and (initial.start == 0 or text[initial.start - 1] in " \n(")
        and not is_place(tok.base)
    ):
        return Decision(0.7, "a word in no dictionary after an initial")
    return None


def _caps_surname_first(c: Candidate) -> Decision | None:
    """ "RE: LYIMO, Imani": a word in capitals in no dictionary, a comma, and a capitalised
    given name or word in no dictionary: a surname written first, as headers write it."""
    tok, nxt, lex, text = c.tok, c.next_token(), c.lex, c.text
    if (
        tok.shape == "U"
        and nxt is not None
        and len(tok.lower) > 2
        and (unknown_word(lex, tok) or tok.lower in lex.surname)
        and tok.lower not in lex.never
        and text[tok.end : nxt.start] == ", "
        and nxt.shape == "C"
        and nxt.lower not in lex.only_common
        and (nxt.lower in lex.given or unknown_word(lex, nxt))
    ):
        return Decision(0.7, "a surname in capitals before a comma and a given name")
    return None


# A surname's particles as headers write them in capitals ("VAN WYK", "LO PRESTI", "DE LA
# CRUZ"): the Italian "lo" and "li" too, which no English text writes in capitals.
_CAPS_PARTICLES: Final = PARTICLES | {"lo", "li"}


def _caps_particles_before(tokens: tuple[Token, ...], i: int, text: str) -> int:
    """The index of the first of the particles in capitals before the name in capitals found
    at `tokens[i]` ("RE: VAN WYK, Pieter"), or `i` (a particle alone is no name, so no rule
    starts the name at it)."""
    k = i
    while (
        k > 0
        and i - k < 3
        and tokens[k - 1].shape == "U"
        and tokens[k - 1].lower in _CAPS_PARTICLES
        and text[tokens[k - 1].end : tokens[k].start] == " "
    ):
        k -= 1
    return k


# Tried in this order after `_first_decision`; the first that decides wins.
_RULES: Final[tuple[Callable[[Candidate], Decision | None], ...]] = (
    _hyphenated,
    _month_name_pair,
    _pair_before_verb,
    _capitalised_pair,
    _middle_initial,
    _lower_case_middle_initial,
    _lower_case_pair,
    _addressed,
    _before_note_verb,
    _action_owner,
    _takes_up,
    _asked_of_person,
    _from_firm_says,
    _speaker,
    _before_reporting_verb,
    _possessive_person,
    _after_initial,
    _caps_surname_first,
    _unknown_mid_sentence,
)


# What a rule asks of the word itself before anything around it: its letters (shape, lower
# case, base) and whether it opens a sentence. A rule is tried only on the words that pass
# its test: most words reach every rule and none decides, and a call per rule was most of
# `_decide`'s cost. Every rule has a test, which must hold of every word the rule decides:
# a rule whose tests of the word change needs its test changed with it
# (tests/core/deid/test_properties.py tries every rule on every word).
def _pair_word(lex: NameLexicon, t: Token) -> bool:
    return t.shape in CAPS and t.lower.isalpha()


def _initial_word(lex: NameLexicon, t: Token) -> bool:
    return t.shape in CAPS and (
        t.lower not in lex.only_common or _group_word(lex, t) or t.text in _SHORT_MONTH_NAMES
    )


def _hyphen_head(lex: NameLexicon, t: Token) -> bool:
    low = t.lower
    return (
        t.shape == "C"
        and 2 <= len(low) <= 6
        and low.isalpha()
        and low not in _PREFIXES
        and not (low in lex.closed and low.endswith("h"))
    )


def _month_word(lex: NameLexicon, t: Token) -> bool:
    return t.lower in lex.month_given


def _opening_pair_word(lex: NameLexicon, t: Token) -> bool:
    return t.shape == "C" and t.sentence_start and t.lower not in lex.only_common


def _opening_name_or_unknown(lex: NameLexicon, t: Token) -> bool:
    return t.shape == "C" and t.sentence_start and (t.lower in lex.given or unknown_word(lex, t))


def _capitalised_name_or_unknown(lex: NameLexicon, t: Token) -> bool:
    return t.shape == "C" and (t.lower in lex.given or unknown_word(lex, t))


def _note_verb_word(lex: NameLexicon, t: Token) -> bool:
    low = t.lower
    return (
        t.sentence_start
        and low not in lex.only_common
        and low not in lex.never
        and len(low) > 1
        and (t.shape in CAPS or (t.shape == "L" and low not in lex.common))
        and low.isalpha()
    )


def _action_word(lex: NameLexicon, t: Token) -> bool:
    """A given name, a surname in no dictionary or a word in no dictionary opening a clause,
    no verb that takes "to", word for a person or agent noun (see `ACTION`)."""
    return (
        t.shape == "C"
        and t.sentence_start
        and t.base == t.text
        and (t.lower in lex.given or lex.plain(t) or unknown_word(lex, t))
        and t.lower not in TO_VERBS
        and t.lower not in PERSON_NOUNS
        and t.lower not in lex.never
        and not agent_noun(lex, t.lower)
    )


def _opening_given_word(lex: NameLexicon, t: Token) -> bool:
    # A census given name never a name alone too ("German", "Christian"): only "from" a
    # firm and a verb decide (`month_given` holds them, not "He", "Mum").
    low = t.lower
    return (
        t.shape == "C"
        and t.sentence_start
        and (low in lex.given or low in lex.month_given)
        and low not in lex.closed
    )


def _name_list_opener(lex: NameLexicon, t: Token) -> bool:
    return (
        t.shape == "C"
        and t.sentence_start
        and t.base == t.text
        and lex.namey(t)
        and t.lower not in lex.never
        and t.lower not in PERSON_NOUNS
    )


def _asked_word(lex: NameLexicon, t: Token) -> bool:
    return (
        t.shape == "C"
        and not t.sentence_start
        and t.base == t.text
        and lex.namey(t)
        and t.lower not in lex.never
        and t.lower not in PERSON_NOUNS
    )


def _speaker_word(lex: NameLexicon, t: Token) -> bool:
    return _opening_name_or_unknown(lex, t) and not agent_noun(lex, t.lower)


def _opening_unknown(lex: NameLexicon, t: Token) -> bool:
    return t.shape == "C" and t.sentence_start and unknown_word(lex, t) and not is_place(t.base)


def _possessive_word(lex: NameLexicon, t: Token) -> bool:
    # (A possessive's "'s" is part of the word: text[base_end:] starts with it.)
    if not (t.shape == "C" and t.base != t.text):
        return False
    low = folded(t.lower)
    if low in lex.given or low in lex.month_given:
        return True  # (a personal noun after it decides: "Martin's address", "Jan's address")
    if t.sentence_start:
        return False
    return not is_place(t.base) and _in_no_dictionary(lex, low)


def _unknown_after_initial(lex: NameLexicon, t: Token) -> bool:
    return t.shape == "C" and len(t.lower) > 2 and unknown_word(lex, t) and not is_place(t.base)


def _caps_surname_word(lex: NameLexicon, t: Token) -> bool:
    low = t.lower
    return (
        t.shape == "U"
        and len(low) > 2
        and (unknown_word(lex, t) or low in lex.surname)
        and low not in lex.never
    )


def _unknown_mid_word(lex: NameLexicon, t: Token) -> bool:
    return (
        t.shape == "C"
        and not t.sentence_start
        and len(t.lower) > 2
        and unknown_word(lex, t)
        and t.lower not in lex.surname
        and not is_place(t.base)
        and not a_made_word(lex, t.lower)
    )


_WORD_TESTS: Final[
    dict[Callable[[Candidate], Decision | None], Callable[[NameLexicon, Token], bool]]
] = {
    _hyphenated: _hyphen_head,
    _month_name_pair: _month_word,
    _pair_before_verb: _opening_pair_word,
    _capitalised_pair: _pair_word,
    _middle_initial: _initial_word,
    _lower_case_middle_initial: lower_surname,
    _lower_case_pair: lower_surname,
    _addressed: _capitalised_name_or_unknown,
    _before_note_verb: _note_verb_word,
    _action_owner: _action_word,
    _takes_up: _name_list_opener,
    _asked_of_person: _asked_word,
    _from_firm_says: _opening_given_word,
    _speaker: _speaker_word,
    _before_reporting_verb: _opening_unknown,
    _possessive_person: _possessive_word,
    _after_initial: _unknown_after_initial,
    _caps_surname_first: _caps_surname_word,
    _unknown_mid_sentence: _unknown_mid_word,
}


def _rules_for(lex: NameLexicon, t: Token) -> tuple[Callable[[Candidate], Decision | None], ...]:
    """The rules, in order, that may decide `t` by its letters and place (see `_WORD_TESTS`):
    kept by word for the words of the texts before, as `_VERDICTS`. Bounded."""
    key = (t.text, t.sentence_start)
    rules = _RULES_BY_WORD.get(key)
    if rules is None:
        rules = tuple(rule for rule in _RULES if _WORD_TESTS[rule](lex, t))
        if len(_RULES_BY_WORD) < _VERDICTS_SIZE:
            _RULES_BY_WORD[key] = rules
    return rules


_RULES_BY_WORD: Final[
    dict[tuple[str, bool], tuple[Callable[[Candidate], Decision | None], ...]]
] = {}


def _candidates(lex: NameLexicon, tokens: tuple[Token, ...], text: str) -> list[int]:
    """The indexes of the words that may start a name.

    Only capitalised words, given names and words in no dictionary can; an
    ordinary word in no name list ("The", "She") only after a title ("Dr.
    Good"), since every other rule needs a word from a name list or from no
    dictionary.
    """
    index = word_index(text)
    words = index.keys()
    found: set[int] = set()
    # (The verdicts kept and the tokens' starts read here, not through `_verdict` and
    # `index_of`: two calls per token judged, most of this loop's cost.)
    verdicts = _VERDICTS
    starts = token_starts(text)
    # A word may start a name by itself only if it is no ordinary word outside the name
    # lists, or a month's given name (see `_word_verdict`): those words of the text are
    # found with set operations (in C), and only their tokens, a third of a text's, judged.
    for word in (words - lex.only_common) | (words & lex.month_given):
        for t in index[word]:  # (a possessive's tokens twice: under "kate" and "kate's")
            verdict = verdicts.get(t.text) or _verdict(lex, t)
            if verdict[0]:
                found.add(bisect.bisect_left(starts, t.start))
    # The few words that may start a name only where they stand: after a title, by their
    # looser verdict ("Dr. Good"), or a syllable before a hyphen ("Sung-min").
    for title in words & TITLES:
        for t in index[title]:
            k = index_of(text, t) + 1
            if k < len(tokens) and _verdict(lex, tokens[k])[1]:
                found.add(k)
    # After a surname's particle, an ordinary word is the surname ("Willemine ten Pas").
    for particle in words & _SINGLE_PARTICLES:
        for t in index[particle]:
            k = index_of(text, t) + 1
            if k < len(tokens) and k not in found and _after_single_particle(lex, tokens, k, text):
                found.add(k)
    # After two ("van der Rest"), an ordinary word too (`_after_double_particle`).
    for particle in words & _SINGLE_PARTICLES:
        for t in index[particle]:
            k = index_of(text, t) + 2
            if k < len(tokens) and k not in found and _after_double_particle(lex, tokens, k, text):
                found.add(k)
    for at in _hyphen_offsets(text):
        k = bisect.bisect_left(tokens, at, key=_END_OF)
        if (
            k < len(tokens)
            and tokens[k].end == at
            and k not in found
            and hyphenated_given_name(lex, tokens, k, text)
        ):
            found.add(k)
    return sorted(found.difference(_in_closed_phrases(tokens, text)))


_END_OF: Final = operator.attrgetter("end")


def _verdict(lex: NameLexicon, t: Token) -> tuple[bool, bool, bool]:
    """`_word_verdict` of `t`, kept by word in `_VERDICTS`."""
    verdict = _VERDICTS.get(t.text)
    if verdict is None:
        verdict = _word_verdict(lex, t)
        if len(_VERDICTS) < _VERDICTS_SIZE:
            _VERDICTS[t.text] = verdict
    return verdict


# What a word's own letters decide (see `_word_verdict`), by word, for the words of the
# texts read before: most words of a text are words of the texts before it. The word lists
# it reads are fixed. Bounded; it holds single words, never a text (as `tokens._WORD_INFO`).
_VERDICTS: Final[dict[str, tuple[bool, bool, bool]]] = {}
_VERDICTS_SIZE: Final = 40_000


def _word_verdict(lex: NameLexicon, t: Token) -> tuple[bool, bool, bool]:
    """May `t` start a name (not after a title, after one), and is it a title? Its own
    letters decide (shape, lower case, base), so one verdict serves every mention."""
    low, shape = t.lower, t.shape
    may_be = shape in CAPS or (shape == "L" and (low in lex.given or low not in lex.common))
    plain = may_be and (
        (low not in lex.only_common and not _never_by_class(lex, t))
        or (shape == "C" and low in lex.month_given)
    )
    return plain, may_be or low in PARTICLES, low in TITLES


def _hyphen_offsets(text: str) -> frozenset[int]:
    """Where the hyphens of `text` are (few texts have many)."""
    offsets = []
    at = text.find("-")
    while at >= 0:
        offsets.append(at)
        at = text.find("-", at + 1)
    return frozenset(offsets)


def _in_closed_phrases(tokens: tuple[Token, ...], text: str) -> frozenset[int]:
    """The indexes of the words of two-word greetings ("Kia ora", "Ni hao")."""
    phrases = closed_phrases()
    index = word_index(text)
    blocked: list[int] = []
    for word in index.keys() & _phrase_firsts():
        for t in index[word]:
            if t.lower != word:
                continue  # (a possessive's whole word)
            i = index_of(text, t)
            if i + 1 < len(tokens) and (word, tokens[i + 1].lower) in phrases:
                blocked += (i, i + 1)
    return frozenset(blocked)


@functools.cache
def _phrase_firsts() -> frozenset[str]:
    return frozenset(a for a, _ in closed_phrases())


def _never_by_class(lex: NameLexicon, tok: Token) -> bool:
    """A word that is never a name by its class or shape: a closed-class word ("So",
    "Mm-hmm", "Hola"), the plural of a month or weekday ("Saturdays"), a contraction
    ("I'll"), or a credential's shape, a capital after small letters at the end ("PsyD")."""
    low = tok.lower
    if low in lex.closed or (low[-1:] == "s" and low[:-1] in lex.never and low not in lex.given):
        return True
    base = tok.base
    if "'" in base or "\u2019" in base:
        return base.split("'")[0].split("\u2019")[0].lower() in lex.closed
    if len(base) > 2 and base[-1].isupper() and base[-2].islower():
        return True
    return not base[1:].islower() and _joined_words(lex, base)


# The part before a name's inner capital that is no prefix of a name's form ("MacLeod").
_NAME_PREFIXES: Final = frozenset(
    {"mac", "fitz", "van", "von", "del", "della", "san", "saint", "ste"}
)


def _joined_words(lex: NameLexicon, base: str) -> bool:
    """ "WhatsApp", "YouTube", "PowerPoint": a word written as two with a capital between,
    the second an ordinary word, is a brand's or a product's shape. A name's inner capital
    follows a short prefix ("DeShawn", "LaToya", "McKenzie"), "Mac" or "Fitz", or joins two
    names ("MaryKate", "LeeAnn")."""
    for k in range(3, len(base) - 2):
        if base[k].isupper() and base[k - 1].islower():
            first, second = base[:k].lower(), base[k:].lower()
            return (
                second.isalpha()
                and second in lex.common
                and first not in _NAME_PREFIXES
                and first not in lex.given
                and first not in lex.surname
            )
    return False


# "Parkinson's disease", "Bell's palsy": a condition or a method named after its finder.
_EPONYM_AFTER: Final = compiled(
    r"['\u2019]s[ \t]+(?:disease|syndrome|disorder|palsy|phenomenon|sign|test|law|"
    r"triad|ulcer|dementia|chorea|contracture|lymphoma|thyroiditis|neuralgia|anomaly)\b",
    re.IGNORECASE,
)


# Verbs whose object is a person seen in care: "agreeing to see Bill Cox", "I referred Joy
# Fields". "Hope Street", "Rose Garden", "Summer Camp" are places, not after these.
_CARE_VERBS: Final = word_set(
    "see seeing saw seen treat treated treating refer referred referring assess assessed "
    "met meet meeting dear"
)


# Verbs whose object is a person one speaks to: "I told Autumn Christian", "texted Joy Fields".
# A title of ordinary words ("Early Start", "Grace Notes") is read, not told.
_TELL_VERBS: Final = word_set("told tell tells asked ask texted text phoned rang emailed messaged")


def _after_person_verb(tokens: tuple[Token, ...], i: int) -> bool:
    """Is `tokens[i]` the object, one space after it, of a verb of care or of telling?"""
    if i == 0 or tokens[i].start - tokens[i - 1].end != 1:
        return False
    low = tokens[i - 1].lower
    return low in _CARE_VERBS or low in _TELL_VERBS


_TOLD_PAIR: Final = "a given name and a surname-list word told or seen ('I told Autumn Christian')"


def _told_surname(lex: NameLexicon, tokens: tuple[Token, ...], i: int) -> bool:
    """After a verb of telling or care, is the word after the given name `tokens[i]` a
    capitalised surname-list word or a word never a name alone ("Christian"), one space
    after it? Told to a person, the pair is the person's name."""
    if i + 1 >= len(tokens) or not _after_person_verb(tokens, i):
        return False
    nxt = tokens[i + 1]
    return (
        nxt.shape == "C"
        and nxt.start - tokens[i].end == 1
        and nxt.base == nxt.text
        and nxt.lower not in lex.closed
        and (nxt.lower in lex.surname or nxt.lower in lex.never)
    )


def _seen_person(tokens: tuple[Token, ...], i: int, text: str) -> bool:
    """Is the pair at `tokens[i]` a person by what is said around it: the object of a verb of
    care or telling before it, or "who"/"whom" after it ("Bill Cox, whom I have treated")?"""
    if _after_person_verb(tokens, i):
        return True
    return i + 1 < len(tokens) and bool(WHO_AFTER.match(text, tokens[i + 1].end))


def _decide(lex: NameLexicon, tokens: tuple[Token, ...], i: int, text: str) -> Decision | None:
    # (Only a word with a possessive can be an eponym's: that cheap test first.)
    if tokens[i].base_end != tokens[i].end and _EPONYM_AFTER.match(text, tokens[i].base_end):
        return None
    decision = _first_decision(lex, tokens, i, text)
    if decision is not None and (decision.score >= _PAIR_SCORE or not tokens[i].sentence_start):
        if decision.reason == _GIVEN_MID and _seen_person(tokens, i, text):
            # "see Bill Cox, whom": a given name that is a word, before a surname, is a pair
            # of names (strong evidence, followed elsewhere), not a capital alone.
            pair = _capitalised_pair(Candidate(lex, tokens, text, i, tokens[i], False))
            if pair is None and _told_surname(lex, tokens, i):
                return Decision(0.75, _TOLD_PAIR)
            return pair if pair is not None and pair.score > decision.score else decision
        return decision
    if decision is not None:
        # "Isla Mackintosh has attended": a town's name or a surname alone opening the
        # sentence, but a given name and surname by the verb after them.
        opener = _sentence_opener(lex, tokens, i, text)
        return _pair_before_verb(Candidate(lex, tokens, text, i, tokens[i], opener)) or decision
    rules = _rules_for(lex, tokens[i])
    if not rules:
        return None  # (a quarter of the words: no candidate to build)
    candidate = Candidate(lex, tokens, text, i, tokens[i], _sentence_opener(lex, tokens, i, text))
    for rule in rules:
        decision = rule(candidate)
        if decision is not None:
            return decision
    return None


def _surname_before_given(lex: NameLexicon, tokens: tuple[Token, ...], i: int, text: str) -> bool:
    """ "Shin Min-jun", "Park Sung-min": a surname-list word before a hyphenated given name,
    the family name first as Korean and Chinese names are written, though the surname is
    also an ordinary word ("shin", "park")."""
    if i == 0:
        return False
    prev = tokens[i - 1]
    return (
        prev.shape == "C"
        and prev.base == prev.text
        and text[prev.end : tokens[i].start] == " "
        and prev.lower in lex.surname
        and prev.lower not in lex.never
        and prev.lower not in lex.closed
        and hyphenated_given_name(lex, tokens, i, text)
    )


_HYPHENATED_AND_SURNAME: Final = "a hyphenated given name and a surname-list word after it"


def _surname_after_hyphenated(
    lex: NameLexicon, tokens: tuple[Token, ...], j: int, text: str
) -> bool:
    """ "see Sung-min Park": a surname-list word after a hyphenated given name, though the
    surname is also an ordinary word ("park")."""
    if j + 2 >= len(tokens):
        return False
    surname = tokens[j + 2]
    return (
        surname.shape == "C"
        and not surname.sentence_start
        and text[tokens[j + 1].end : surname.start] == " "
        and surname.lower in lex.surname
        and surname.lower not in lex.never
        and surname.lower not in lex.closed
        and (
            hyphenated_given_name(lex, tokens, j, text)
            # "Hyun-woo Park": a given name in no dictionary, whatever its second syllable
            # ("woo" is a word).
            or (tokens[j].lower in lex.given and tokens[j].lower not in lex.common)
        )
    )


def _short_given_after(lex: NameLexicon, tokens: tuple[Token, ...], j: int, text: str) -> bool:
    """ "Huang Jun cancelled", "Yan Sun cancelled": after a name-list word, a capitalised
    syllable of one to four letters, and a note's verb after it, is the rest of the name,
    though the syllable is also an ordinary word or a month's abbreviation ("Jun", "Sun")."""
    if j + 1 >= len(tokens):
        return False
    tok, nxt = tokens[j], tokens[j + 1]
    if j + 2 >= len(tokens) or text.startswith("\n", nxt.end):
        # "EMPLOYMENT HISTORY - Hao Sun": the pair alone after a heading's dash or a label's
        # colon, ending its line, is a name; a syllable can end no heading's sentence.
        return _short_syllable(lex, tok, nxt, text) and _after_heading(text, tok.start, nxt.end)
    after = tokens[j + 2]
    return (
        _short_syllable(lex, tok, nxt, text)
        and text[nxt.end : after.start] == " "
        and (
            _NOTE_VERBS.match(text, nxt.end) is not None
            or after.lower in _PERSON_VERBS
            or (after.lower in ("has", "had") and _NOTE_VERBS.match(text, after.end) is not None)
        )
    )


# A heading's dash or a label's colon before a name ending its line ("HISTORY - Hao Sun").
_HEADING_CUE: Final = compiled(r"[A-Z]{2,}[ \t]*(?:[-\u2013\u2014:])[ \t]*$")


def _after_heading(text: str, start: int, end: int) -> bool:
    """Is `text[start:end]` the rest of its line after a word in capitals and a dash or colon,
    with nothing after it on the line?"""
    if end < len(text) and text[end] != "\n":
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return _HEADING_CUE.search(text, line_start, start) is not None


def _short_syllable(lex: NameLexicon, tok: Token, nxt: Token, text: str) -> bool:
    """Is `nxt` a capitalised syllable of two to four letters one space after the name-list
    word `tok` ("Huang Jun", "Yan Sun")?"""
    return (
        tok.shape == "C"
        and (tok.lower in lex.surname or tok.lower in lex.given)
        and nxt.shape == "C"
        and nxt.base == nxt.text
        and 2 <= len(nxt.lower) <= 4
        and nxt.lower.isalpha()
        and nxt.lower not in lex.closed
        and text[tok.end : nxt.start] == " "
    )


def _given_word_before(
    lex: NameLexicon, tokens: tuple[Token, ...], i: int, j: int, text: str
) -> bool:
    """Is the word before the name `tokens[i..j]` a listed given name, though an ordinary
    word too ("Victor", "Marine", "Will"), one space before a surname in no dictionary
    ("Riou") or one joined by a hyphen to another ("Marchand-Marceron")?"""
    if i == 0 or tokens[i - 1].shape != "C" or tokens[i - 1].lower not in lex.given:
        return False  # (most names: no given-name word before them)
    if any(text[tokens[k].end : tokens[k + 1].start] != "-" for k in range(i, j)):
        return False  # (one word, or a double-barrelled surname: "Humbert-Valette")
    prev, tok = tokens[i - 1], tokens[i]
    low = prev.lower
    return (
        tok.shape == "C"
        and prev.base == prev.text
        and text[prev.end : tok.start] == " "
        and low not in lex.closed
        and low not in lex.never
        and low not in lex.drugs
        and low not in PERSON_NOUNS
        and low not in _DAY_WORDS
        and low not in NOT_AFTER_TITLE
        and not agent_noun(lex, low)
        and not is_place(prev.base)
        and (
            unknown_word(lex, tok)
            or lex.plain(tok)  # "Saga Blom": a census surname that is no word
            or j > i
            or (text[tok.end : tok.end + 1] == "-" and text[tok.end + 1 : tok.end + 2].isupper())
        )
    )


def _ordinary_given_before(
    lex: NameLexicon, tokens: tuple[Token, ...], i: int, j: int, text: str
) -> bool:
    """Is the word before the name `tokens[i..j]`, a word in no dictionary ("Rangihau"), an
    ordinary capitalised word opening the sentence ("Mere", "Davit": words too), one space
    before it, and a note's verb after the name ("cancelled", "has attended")? An ordinary
    word's capital is the sentence's, so without the verb it tells nothing ("Ask Okafor")."""
    if i == 0 or j != i:
        return False
    prev, tok = tokens[i - 1], tokens[i]
    return (
        prev.sentence_start
        and prev.shape == "C"
        and prev.base == prev.text
        and prev.lower.isalpha()
        and text[prev.end : tok.start] == " "
        and tok.shape == "C"
        and unknown_word(lex, tok)
        and prev.lower not in lex.closed
        and prev.lower not in lex.never
        and prev.lower not in PERSON_NOUNS
        and prev.lower not in _DAY_WORDS
        and not verb_like(lex, prev)
        and not _verb_stem(lex, prev.lower)
        and not agent_noun(lex, prev.lower)
        and (
            _NOTE_VERBS.match(text, tok.end) is not None
            or (
                text.startswith((" has ", " had "), tok.end)
                and _NOTE_VERBS.match(text, tok.end + 4) is not None
            )
        )
    )


# The first words of places' names, which are surnames too ("Lake Taupo", "Mount Ruapehu").
_PLACE_FIRST: Final = word_set(
    "port fort mount mt saint st lake cape point glen new upper lower bay"
)


def _listed_word_before(
    lex: NameLexicon, tokens: tuple[Token, ...], i: int, j: int, text: str
) -> bool:
    """Is the name `tokens[i..j]` one word in no dictionary, mid-sentence, after a capitalised
    given-name or surname-list word mid-sentence, one space before it ("Pita Salave'a")?"""
    if i == 0 or j != i:
        return False
    prev, tok = tokens[i - 1], tokens[i]
    return (
        not prev.sentence_start
        and not tok.sentence_start
        and prev.shape == "C"
        and tok.shape == "C"
        and prev.base == prev.text
        and text[prev.end : tok.start] == " "
        # A name-list word, or any capitalised word when "who" follows the pair ("Discussed
        # Mere Rangihau, who is the owner": a given name that is also a word, "mere").
        and (lex.namey(prev) or WHO_AFTER.match(text, tok.end) is not None)
        and prev.lower not in lex.never
        and prev.lower not in lex.closed
        and prev.lower not in PERSON_NOUNS
        and prev.lower not in _PLACE_FIRST
        and prev.lower not in NOT_AFTER_TITLE
        and unknown_word(lex, tok)
        # (not the first word alone: a town's name is a surname too, "Pita", "Paris")
        and not is_place(text[prev.start : tok.end])
    )


# Adverbs of time that open a note's sentence ("Yesterday Okafor cancelled").
_DAY_WORDS: Final = word_set("today yesterday tomorrow tonight earlier later recently")


def _verb_stem(lex: NameLexicon, low: str) -> bool:
    """A verb's stem, by its forms in the dictionary ("call": "called"; "see": "seeing"): an
    imperative opening a sentence ("Call Okafor", "Ask Okafor"), no given name."""
    stem = low[:-1] if low.endswith("e") else low
    return any(form in lex.common for form in (low + "ed", low + "d", stem + "ing", low + "ing"))


def _compound_prefix(lex: NameLexicon, suffix: str, start: int, last: int) -> bool:
    """Is the one word of a name found at `last`, with `suffix` after it, the prefix of a
    compound: a past participle of the dictionary after its hyphen ("Co-authored",
    "Co-founded")? Not a hyphenated name's lower-case part ("Hauta-aho", "Hye-won")."""
    part = suffix[1:]
    return (
        start == last
        and suffix[:1] == "-"
        and part.islower()
        and part.endswith("ed")
        and part in lex.common
    )


def names_by_rule(text: str) -> Iterator[Span]:
    """The names in `text` that a rule finds, each over its whole extent, in text order."""
    lex = NameLexicon()
    tokens = tokenize(text)
    next_i = 0
    for i in _candidates(lex, tokens, text):
        if i < next_i:
            continue
        decision = _decide(lex, tokens, i, text)
        if decision is None:
            continue
        begin = i + decision.skip
        first = begin
        # "Dr. de Jong": the particles, then the surname (checked by the rule). A particle
        # not followed by a space and a word is the name itself: "CLIENT: della" (the last
        # word), "della:CLIENT" (a label after it).
        while (
            begin + 1 < len(tokens)
            and tokens[begin].shape == "L"
            and is_particle(tokens, begin, text)
            and (
                text[tokens[begin].end : tokens[begin + 1].start] == " "
                or elided_article(tokens, begin + 1, text)
            )
        ):
            begin += 1
        j = extent(lex, tokens, begin, text, loose=decision.reason == AFTER_TITLE)
        if decision.reason == _MONTH_PAIR:
            j = max(j, extent(lex, tokens, begin + 1, text))  # "June Marsh": the surname too
        elif decision.reason in (_PAIR_BEFORE_VERB, _TOLD_PAIR):
            j = max(j, _surname_after(tokens, begin))
        if j == begin and _short_given_after(lex, tokens, j, text):
            j += 1  # "Huang Jun cancelled", "Yan Sun cancelled"
        if first != begin:
            start = tokens[first].start
        elif begin == i and _surname_before_given(lex, tokens, i, text):
            start = tokens[i - 1].start  # "Shin Min-jun has attended"
        elif begin == i and _listed_word_before(lex, tokens, i, j, text):
            # "update on Pita Salave'a": a name-list word capitalised mid-sentence before a
            # word in no dictionary is its given name, though also a word ("pita").
            start = tokens[i - 1].start
            decision = Decision(_PAIR_SCORE, "a name-list word before a word in no dictionary")
        elif begin == i and _ordinary_given_before(lex, tokens, i, j, text):
            # "Memo: Mere Rangihau cancelled": the ordinary word opening the sentence is the
            # given name of the surname after it, by the note's verb after both.
            start = tokens[i - 1].start
            decision = Decision(_PAIR_SCORE, _PAIR_BEFORE_VERB)
        elif begin == i and _given_word_before(lex, tokens, i, j, text):
            # "Victor Riou - Senior Engineer", "Senna Marchand-Marceron hates Mondays": a
            # listed given name, though also a word, before a surname in no dictionary or a
            # double-barrelled one.
            start = tokens[i - 1].start
        elif tokens[i].shape == "U" and (k := _caps_particles_before(tokens, i, text)) < i:
            start = tokens[k].start  # "RE: VAN WYK, Pieter", "LO PRESTI, Rosaria"
        else:
            start = name_start(lex, tokens, i, text) if begin == i else tokens[begin].start
        end = tokens[j].base_end
        suffix = _NAME_SUFFIX.match(text, end) if end == tokens[j].end else None
        if suffix and _compound_prefix(lex, suffix.group(), start, tokens[j].start):
            next_i = j + 1
            continue  # "Co-authored with", "Co-founded by": a prefix, no surname
        if suffix:
            end = suffix.end()  # "Kevin Veitonen II", "Hauta-aho"
            if _surname_after_hyphenated(lex, tokens, j, text):
                # "Sung-min Park": a given name and a surname, not a park named after a person.
                end = tokens[j + 2].base_end
                decision = Decision(0.85, _HYPHENATED_AND_SURNAME)
        yield Span(start, end, Label.NAME, "person_name", decision.reason, decision.score)
        next_i = j + 1
