"""Words the name rules take for a person that name a role, a service or a test instead.

A clinical record writes roles and services in capitals ("the Case Aide", "Veterans Crisis
Line", "Staff Nurse", "the Dean"), tests and scales by their authors' names or acronyms
with an edition ("DASS-21", "WAIS-IV", "Conners 3", "the Vanderbilt Assessment Scales"),
and other acronyms inside running prose ("On the PAI, NIM was raised", "a short NICU
stay"). Each is a word of a name list in a place a person could stand, so a list alone
cannot tell; what stands around it can. (Issue 13, fifteenth session: hand-written
clinical documents, `bench/deid/README.md`, source "clinical-notes".)
"""

from __future__ import annotations

import re
from typing import Final

from sealbook.core.deid.detectors.name_lexicon import PERSON_NOUNS, TITLES, NameLexicon
from sealbook.core.deid.detectors.name_neighbours import role_word
from sealbook.core.deid.detectors.name_rules import ROLES_BEFORE_A_NAME
from sealbook.core.deid.detectors.services import is_service_word
from sealbook.core.deid.lexicon import (
    common_words,
    frequent_given_names,
    given_names,
    month_given_names,
    word_set,
)
from sealbook.core.deid.patterns import compiled

# A capitalised word on the same line just before or after a span, one blank apart.
_WORD_BEFORE: Final = compiled(r"(?<![\w'\u2019-])([^\W\d_][\w'\u2019-]*)[ \t]$")
_WORD_AFTER: Final = compiled(r"[ \t]([^\W\d_][\w'\u2019-]*)")


def speaker_by_role(text: str, start: int, end: int) -> bool:
    """Is `text[start:end]` a transcript's speaker named by role before its colon: a word of
    services or the agent noun of a verb ("Texter:", "Caller:", "Counsellor:")?"""
    if not text.startswith(":", end) or " " in text[start:end]:
        return False
    return role_word(NameLexicon(), text[start:end].lower())


def service_role(text: str, start: int, end: int) -> bool:
    """Is `text[start:end]` a role or a service: every word of it a word of services, and
    the phrase more than one such word or beside a capitalised one ("Case Aide", "Staff
    Nurse", "Veterans Crisis Line", "Crisis Line")?"""
    words = text[start:end].split()
    if not words or not all(is_service_word(w) for w in words):
        return False
    if len(words) > 1:
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before is not None and (
        before.group(1).lower() in TITLES or before.group(1).lower() in ROLES_BEFORE_A_NAME
    ):
        return False  # "Nurse Day", "Sister Grace": a title before a name
    after = _WORD_AFTER.match(text, end)
    return any(
        m is not None and m.group(1)[0].isupper() and is_service_word(m.group(1))
        for m in (before, after)
    )


# A test's edition or form after its name: "DASS-21", "WAIS-IV", "Vineland-3", "Conners 3",
# "BASC-3", "PCL-5" (a person's name takes no number after a hyphen, nor one digit alone
# before a dash, a bracket or a line's end).
_EDITION: Final = compiled(
    r"(?m:-(?:\d{1,3}|[IVX]{1,4})(?!\w)|[ \t]\d(?=[ \t]*(?:[-\u2013\u2014(:]|$)))"
)
# A test's name written with its edition, as one word ("WAIS-IV", "PCL-5").
_WITH_EDITION: Final = compiled(r"[^\W\d_]-(?:\d{1,3}|[IVX]{1,4})$")
_OPENS_WITH_EDITION: Final = compiled(r"[^\W\d_]+-(?:\d{1,3}|[IVX]{1,4})(?![\w-])")
# The last word of a test's, a scale's or a method's name ("the Vanderbilt Assessment
# Scales", "the Gottman Method", "Beck Depression Inventory"), after one to four capitalised
# words.
_INSTRUMENT_NOUNS: Final = word_set(
    """
    scale scales inventory inventories questionnaire questionnaires test tests assessment
    assessments checklist checklists interview battery index method model intervention
    schedule survey screener screen rating ratings measure measures protocol approach
    """
)
# What may follow a test's name: its edition, its approach's "-informed", its title's words.
_EDITION_OPENERS: Final = frozenset(" \t-\u2013")
# An approach named after its maker or its model: "Gottman-informed", "IFS-based".
_APPROACH_AFTER: Final = compiled(
    r"[-\u2013](?i:informed|based|focused|oriented|inspired|guided|style)\b"
)
_TITLE_RUN: Final = compiled(r"(?:[ \t]+[A-Z][\w'\u2019-]*){1,4}")


def instrument(text: str, start: int, end: int) -> bool:
    """Is `text[start:end]` the name of a test, scale or method: before its edition or form
    ("DASS-21", "Conners 3 -"), or opening a title-case phrase that ends with a test's or
    method's noun ("Vanderbilt Assessment Scales", "Gottman Method")?"""
    after = text[end : end + 1]
    if after not in _EDITION_OPENERS and "-" not in text[start:end]:
        return False  # (most names: before a comma, a full stop or a line's end)
    if (
        _EDITION.match(text, end) is not None
        or _WITH_EDITION.search(text, start, end)
        or _OPENS_WITH_EDITION.match(text, start, end)
        or _APPROACH_AFTER.match(text, end) is not None
    ):
        return True
    run = _TITLE_RUN.match(text, end) if after in " \t" else None
    if run is None:
        return False
    words = run.group().split()
    for word in words:
        low = word.lower()
        approach = _APPROACH_AFTER.search(low)
        if approach is not None:
            return True  # "Gottman Method-informed", "Internal Family Systems-informed"
        if low in _INSTRUMENT_NOUNS:
            return True
        if low not in common_words() and not is_service_word(low):
            return False
    return False


_LOWER_BEFORE: Final = compiled(r"(?<![\w'\u2019-])(?:[a-z][a-z'\u2019-]*)[ \t]$")
_LOWER_AFTER: Final = compiled(r"(?:'s|\u2019s)?[ \t][a-z]")
_VOWELS: Final = frozenset("AEIOUY")
_MID_SENTENCE: Final = compiled(r"[\w,][ \t]+$")


def acronym_in_prose(text: str, start: int, end: int) -> bool:
    """Is `text[start:end]` an acronym inside running prose: one word in capitals of three
    letters or more with a vowel ("PAI", "NICU", "ASHA"; initials such as "JMK" seldom hold
    one), with a word in lower case just before or after it on its line ("On the PAI",
    "ASHA training")? A name in capitals stands in a heading, a field or a signature."""
    word = text[start:end]
    if len(word) < 3 or not word.isupper() or not word.isalpha() or " " in word:
        return False
    if not any(c in _VOWELS for c in word):
        return False
    if _LOWER_BEFORE.search(text, max(0, start - 30), start) is not None:
        return True  # "On the PAI", "a short NICU stay"
    if _expanded_before(text, start, word):
        return True  # "Personality Assessment Inventory (PAI)"
    if _LOWER_AFTER.match(text, end) is None:
        return False
    # A lower-case word after it: mid-sentence, or opening one when the word is no frequent
    # given name ("- ASHA training on ..."; "KATE arrived late" is a name in capitals).
    return (
        _MID_SENTENCE.search(text, max(0, start - 8), start) is not None
        or word.lower() not in frequent_given_names()
    )


_BRACKETED_AFTER: Final = compiled(
    r"((?:[A-Z][\w'\u2019-]*[ \t]+(?:(?:of|and|for|the)[ \t]+)?){2,8})\($"
)


def _expanded_before(text: str, start: int, word: str) -> bool:
    """Is `word`, in brackets at `start`, the initials of the capitalised words before the
    bracket ("Personality Assessment Inventory (PAI)", "Child and Adolescent Mental Health
    Service (CAMHS)")? An acronym defined so is no name."""
    m = _BRACKETED_AFTER.search(text, max(0, start - 120), start)
    if m is None:
        return False
    initials = "".join(w[0] for w in m.group(1).split() if w[0].isupper())
    return word in initials or (initials.startswith(word[:2]) and len(word) <= len(initials))


# A word in capitals with a plural "s" ("RTCs", "GPs") or capitals after a lower-case letter
# ("MoCA", "iOS"): an acronym's or a brand's shape, never a name's ("McDonald" has one).
_ACRONYM_SHAPE: Final = compiled(r"[A-Z]{2,}s|[A-Za-z]*[a-z][A-Z]{2}[A-Za-z]*")


def acronym_shaped(text: str, start: int, end: int) -> bool:
    tail = text[start + 1 : end]
    return tail != tail.lower() and _ACRONYM_SHAPE.fullmatch(text, start, end) is not None


# A letter's or a message's greeting, before the one it is to.
_GREETING_BEFORE: Final = compiled(r"(?<![\w'\u2019])(?i:dear|hi|hello|hey)[ \t]+$")
_SENTENCE_OPEN: Final = compiled(r"(?:^|[.!?:;][ \t]+|\n[ \t]*(?:[-*\u2022][ \t]*)?)$")


def role_noun(text: str, start: int, end: int) -> bool:
    """Is `text[start:end]` one ordinary word naming a role, greeted ("Dear Principal,",
    "Dear Client,") or, a word of services or of kin, opening a sentence ("Student arrived
    calm", "Members reported", "Mother in person")? A word of the dictionary that no name
    list gives as a given name: a person is greeted and spoken of by name, not so."""
    word = text[start:end]
    low = word.lower()
    if " " in word or low not in common_words() or low in given_names():
        return False
    if low in month_given_names() or not (
        is_service_word(low) or low in PERSON_NOUNS or low in _ADDRESSEES
    ):
        return False
    return (
        start == 0
        or _GREETING_BEFORE.search(text, max(0, start - 8), start) is not None
        or _SENTENCE_OPEN.search(text, max(0, start - 4), start) is not None
    )


# Whom a letter or a message is written to when not to one person by name.
_ADDRESSEES: Final = word_set(
    """
    principal headteacher colleague colleagues sir madam all everyone everybody team friend
    friends reader applicant candidate customer neighbour neighbor sirs madams
    """
)


_THE_BEFORE: Final = compiled(r"(?<![\w'\u2019-])(?i:the)[ \t]+$")
_CLAUSE_END_AFTER: Final = compiled(r"[,.;:)]|[ \t]*$", re.MULTILINE)


def thing_after_the(text: str, start: int, end: int) -> bool:
    """Is `text[start:end]`, one word of a name list that is no given name, a thing named
    after its maker: after "the" and before a clause's end ("On the Vanderbilt, parents
    endorsed ...", "scored on the Conners.")? A person takes no article; a family does, in
    the plural ("the Smiths"), and a surname before a noun names that person's thing
    ("the Smith case"), which other rules read."""
    if text[max(0, start - 4) : start].lower() != "the ":
        return False
    word = text[start:end]
    if " " in word or word.endswith("s") or word.lower() in given_names():
        return False
    return (
        _THE_BEFORE.search(text, max(0, start - 5), start) is not None
        and _CLAUSE_END_AFTER.match(text, end) is not None
    )
