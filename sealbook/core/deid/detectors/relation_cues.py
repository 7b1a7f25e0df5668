"""Names after relationship cues: "her sister Dana", "my boss, Ray,", "a friend named jo".

General NER misses these in therapy notes because the name is often short,
lower case or an ordinary word; the cue makes it a name. A name after a family
cue is labelled RELATIVE (Safe Harbor removes the names of relatives and
household members too), after any other cue NAME.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.detectors.name_lexicon import KIN_WORDS, lower_case_writing
from sealbook.core.deid.detectors.organisations import SCHOOL_WORDS
from sealbook.core.deid.detectors.services import is_service_word
from sealbook.core.deid.lexicon import (
    closed_class,
    common_words,
    frequent_given_names,
    given_names,
    month_given_names,
    never_a_name,
    surnames,
    word_set,
)
from sealbook.core.deid.patterns import by_first_letter, compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import cue_words, cued_matches

FAMILY: Final = (
    "mother|mom|mum|mommy|mama|father|dad|daddy|papa|stepmother|stepfather|stepmom|stepdad|"
    "brother|sister|stepbrother|stepsister|half-brother|half-sister|son|daughter|stepson|"
    "stepdaughter|husband|wife|spouse|partner|fianc[ée]e?|boyfriend|girlfriend|ex|ex-husband|"
    "ex-wife|ex-partner|ex-boyfriend|ex-girlfriend|grandmother|grandfather|grandma|grandpa|"
    "granny|nana|granddaughter|grandson|aunt|auntie|uncle|cousin|niece|nephew|twin|sibling|"
    # kin words of regions and of other languages ("nan", "koro"), longest first
    + "|".join(sorted(KIN_WORDS - {"nana", "granny"}, key=lambda w: (-len(w), w)))
    + "|"
    "child|baby|toddler|infant|kid|mother-in-law|father-in-law|sister-in-law|brother-in-law|"
    "son-in-law|daughter-in-law|godmother|godfather|foster mother|foster father|guardian"
)
OTHERS: Final = (
    "boss|manager|supervisor|coworker|co-worker|colleague|friend|best friend|roommate|neighbor|"
    "neighbour|teacher|coach|pastor|priest|rabbi|imam|therapist|psychiatrist|doctor|counselor|"
    "counsellor|lawyer|attorney|caseworker|case worker|probation officer|tutor|classmate|"
    "sponsor|landlord|mentor|principal|dealer|date|ex|lover|affair partner"
)
# "She named him Wit", "people call me Jan": a naming verb and its object before the name.
_NAMED_WHOM: Final = "|".join(
    f"{verb} {whom}"
    for verb in ("named", "nicknamed", "call", "calls", "called")
    for whom in ("him", "her", "them", "me", "us")
)
_NAMED: Final = _NAMED_WHOM + r"|named|called|nicknamed|goes by|known as|name is|name's|named as"
CUE: Final = compiled(
    r"\b(?:(?P<family>"
    + by_first_letter(FAMILY)
    + r")|(?P<other>"
    + by_first_letter(OTHERS)
    + r")|(?P<named>"
    + _NAMED
    + r"))(?:,[^\S\n]*|[^\S\n]+)(?:(?:"
    + _NAMED
    + r")[^\S\n]+)?"
    # (the name may be quoted: 'Her partner, "Dean", hits her')
    r"[\"\u201c]?(?P<name>[^\W\d_][\w'\u2019]*(?:-[^\W\d_][\w'\u2019]*)*(?:[^\S\n]+[A-Z][\w'\u2019-]*)?)",
    re.IGNORECASE,
)
_CUE_WORDS: Final = cue_words(
    {alt.split(" ")[0].split("-")[0] for alt in f"{FAMILY}|{OTHERS}|{_NAMED}".split("|")}
    | {"fiance", "fiancé", "fiancee", "fiancée"}
)
_NOT_NAMES: Final = word_set(
    """
    who whom whose which that this and or but is was has had will would said says told
    called named came went got gets did does do who's asked wanted
    """
)


# A verb that gives a name ("calls me", "named", "known as") between a cue and a word.
_NAMING: Final = compiled(r"(?i:\bcall(?:s|ed)?\b|\bnamed\b|\bknown as\b|\bgoes by\b)")
_AFTER_NAME: Final = compiled(
    r"(?:[,.;:!?)]|\s+(?:was|is|has|had|and|who|said|says|called|texted|came|left|died|"
    r"told|wants|wanted)\b)"
)


def _accept(word: str) -> bool:
    low = word.lower()
    if low.endswith(("'s", "\u2019s")):
        low = low[:-2]
    if low in _NOT_NAMES or len(low) < 2 or never_a_name(low):
        return False
    if any(c.isdigit() for c in low):
        return False  # "nan HG1 8UQ": a code (here a postcode), never a name
    if word[:1].isupper():
        # "her sister Dana", "my boss Ray": capitalised after a cue, even an ordinary word.
        return low not in {"i", "a"} and not (
            low in common_words()
            and low not in given_names()
            and low not in surnames()
            and word.islower()
        )
    # Lower case: any word that is not an ordinary English word ("her sister célina"),
    # or a given name that is one, checked again after the match ("her boss josh, ...").
    return low.replace("-", "").isalpha() and (low not in common_words() or low in given_names())


_DAY_AFTER: Final = compiled(r"[ \t]*,?[ \t]*\d")


def _a_title_after_a_comma(text: str, m: re.Match[str], words: list[str]) -> bool:
    """ "Dr A. Therapist, Clinical Psychologist", "the doctor, Senior Registrar": after a
    role's word and a comma, two capitalised ordinary words, neither a given name nor a
    surname, are a title in apposition, no person's name ("her daughter, Blessing Okafor"
    stays a name: a surname in no dictionary)."""
    if len(words) != 2 or "," not in text[m.start() : m.start("name")]:
        return False
    common, given, family = common_words(), given_names(), surnames()
    return all(
        w[:1].isupper() and w.lower() in common and w.lower() not in given
        and w.lower() not in family
        for w in words
    )  # fmt: skip


# A month's or a weekday's short form, also a given name ("his wife, Jun, who", "her brother
# Sun"): after a family word and with no day after it, the relative's name.
# ("Sat", "Wed" are verbs too: "her mother, Sat with me" is no name.)
_SHORT_CALENDAR_WORDS: Final = frozenset(
    w.lower() for w in (*calendar.month_abbr[1:], *calendar.day_abbr)
) - {"sat", "wed"}


def _a_month_named(text: str, word: str, end: int) -> bool:
    """ "her sister June", "my aunt April in Leeds", "his wife, Jun, who": a month (or a
    month's or weekday's short form) that is also a given name,
    capitalised after a cue and with no day after it, is the relative's name ("my mother
    May 3" would be a date)."""
    return (
        word[:1].isupper()
        and (word.lower() in month_given_names() or word.lower() in _SHORT_CALENDAR_WORDS)
        and word.lower() not in _NOT_NAMES
        and _DAY_AFTER.match(text, end) is None
    )


# "Mariam Beridze (daughter of Davit)": the relative a family word is "of", capitalised.
_RELATIVE_OF: Final = compiled(
    r"\b(?i:" + by_first_letter(FAMILY) + r")[^\S\n]+of[^\S\n]+(?P<name>[A-Z][\w'\u2019-]*)\b"
)


# "her aunt D. Bat-Erdene": an initial and a capitalised surname (hyphenated or not) after a
# family word; the initial's full stop ends `CUE`'s name, so it is read here.
_INITIAL_AFTER_FAMILY: Final = compiled(
    r"\b(?i:" + by_first_letter(FAMILY) + r")[^\S\n]+"
    r"(?P<name>[A-Z]\.[^\S\n]?[A-Z][\w'\u2019]*(?:-[A-Z][\w'\u2019]*)*)"
)


def _rest_of_name(first: str, second: str, text: str, end: int) -> bool:
    """ "his daughter Liu Jun", "her brother Yan Sun", "her son Min Park": after a name-list
    word, a capitalised syllable of two to four letters is the rest of the name, though an
    ordinary word or a month's short form ("Her sister Dana Church": a church)."""
    low, first_low = second.lower(), first.lower()
    return (
        (first_low in surnames() or first_low in given_names())
        and second.isalpha()
        and second[1:].islower()
        and low not in closed_class()
        and low not in _NOT_NAMES
        and 2 <= len(low) <= 4  # (a longer word is the rest only if in no dictionary)
        and _DAY_AFTER.match(text, end) is None
    )


@register(
    "relation_cue", [Label.RELATIVE, Label.NAME], "names after 'her sister', 'my boss', 'named'"
)
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in cued_matches(text, _CUE_WORDS, CUE):
        words = m.group("name").split()
        first = words[0]
        if not (_accept(first) or _a_month_named(text, first, m.end("name"))):
            continue
        if first.lower() in SCHOOL_WORDS:
            continue  # "Tall Pines Infant School": a school's name, no infant named School
        if _a_title_after_a_comma(text, m, words):
            continue  # "Dr A. Therapist, Clinical Psychologist": a job's title
        bare = first[:-2] if first.endswith(("'s", "\u2019s")) else first
        if is_service_word(bare) and (bare.isupper() or bare.lower() in common_words()):
            continue  # "Program Therapist, LMFT", "Occupational Therapist, Social Worker"
        if first.lower() in KIN_WORDS and _NAMING.search(text, m.start(), m.start("name")):
            continue  # "she calls me Pops": what a grandchild calls one, no name
        if first.isupper() and m.group().isupper():
            continue  # "CHILD CUSTODY EVALUATION": a heading in capitals, no name in it
        if "-" in first and first.islower() and all(
            part in common_words() for part in first.split("-")
        ):
            continue  # "mother high-normal": a compound of the language
        start = m.start("name")
        end = start + len(first)
        if first.endswith(("'s", "\u2019s")):
            end -= 2
        elif (
            len(words) > 1
            and words[1][:1].isupper()
            and (
                words[1].lower() not in common_words()
                # "her partner August Moss": a month's name needs its surname to be a name.
                or (first.lower() in month_given_names() and words[1].lower() in surnames())
                or _rest_of_name(first, words[1], text, m.end("name"))
            )
        ):
            end = m.end("name")
            if words[1].endswith(("'s", "\u2019s")):
                end -= 2
        # "her boss josh, ..." : a lower-case ordinary word after a cue is a name only
        # when it is a given name followed by punctuation or a verb of reporting.
        low = first.lower()
        if (
            not first[:1].isupper()
            and low in common_words()
            and (
                low not in given_names()
                or not _AFTER_NAME.match(text, start + len(first))
                # ("after the daughter left.": a word, in writing that capitalises names)
                or not (low in frequent_given_names() or lower_case_writing(text, start))
            )
        ):
            continue
        cue = (m.group("family") or m.group("other") or m.group("named")).lower()
        label = Label.RELATIVE if m.group("family") else Label.NAME
        yield Span(start, end, label, "relation_cue", f"a name after '{cue}'", 0.9)
    for m in cued_matches(text, _CUE_WORDS, _INITIAL_AFTER_FAMILY):
        name = m.group("name")
        end = m.end("name") - (2 if name.endswith(("'s", "\u2019s")) else 0)
        surname = text[m.start("name") + 2 : end].strip().lower()
        if not never_a_name(surname) and surname not in closed_class():
            yield Span(m.start("name"), end, Label.RELATIVE, "relation_cue",
                       "an initial and a surname after a family word", 0.85)  # fmt: skip
    for m in cued_matches(text, _CUE_WORDS, _RELATIVE_OF):
        word = m.group("name")
        low = word.lower()
        if word[1:].islower() and low not in closed_class() and not never_a_name(low):
            yield Span(m.start("name"), m.end("name"), Label.RELATIVE, "relation_cue",
                       "the person a family word is 'of' ('daughter of Davit')", 0.75)  # fmt: skip
