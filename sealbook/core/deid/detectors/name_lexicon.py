"""The word lists a person-name decision reads, and the word classes built on them.

Census given names and surnames, the dictionary of ordinary words, the words never
taken as names, titles, and the words that never follow a title; with the
questions every name rule asks of one word: is it in a name list, in no
dictionary, a surname in lower case, a place? The rules themselves are in
`name_rules`, `name_extent` and `name_neighbours`.
"""

from __future__ import annotations

import calendar
import functools
import unicodedata
from typing import Final

from sealbook.core.deid.detectors.services import is_service_word
from sealbook.core.deid.lexicon import (
    all_given_names,
    cities,
    closed_class,
    common_words,
    countries,
    drug_names,
    frequent_given_names,
    month_given_names,
    never_names,
    surnames,
    us_states,
    word_set,
)
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import UPPER, Token

_MONTH_SHORT: Final = frozenset(m.lower() for m in calendar.month_abbr[1:])
NOT_AFTER_TITLE: Final = word_set(
    "the a an and or my your his her our their is was in on at to of for said says will"
)
CAPS: Final = frozenset({"C", "U"})
# An address's unit word and its number ("Apt. 905", "Suite 12"): no word of a name, after a
# title either ("Cheriton Dr Suite 470": the street's "Dr", no doctor).
ADDRESS_UNIT: Final = compiled(r"(?:Apt|Apartment|Suite|Ste|Unit|Flat)\.?[ \t]*#?\d")
# Titles before a name, in English and in the languages of Europe's other naming traditions
# ("Herr Jan Weber", "Sra. Maria Vitória Caldeira", "Dott. Ronaldo Armellini", "dhr. De Vries").
# Not "Sr", which is "Senior" too ("Sr. Software Engineer"), nor "Pan" ("Pan American").
TITLES: Final = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "mister", "madam", "sir", "dame",
    "herr", "frau", "mme", "mlle", "sig", "sigra", "dott", "avv", "sra", "srta", "dra", "dhr",
    "mevr", "pani", "mgr",
})  # fmt: skip


class NameLexicon:
    """The word lists of the name rules, read once per text (each list is loaded once)."""

    __slots__ = (
        "closed", "common", "drugs", "frequent_given", "given", "month_given", "never",
        "only_common", "surname",
    )  # fmt: skip

    def __init__(self) -> None:
        self.never = never_names()
        self.closed = closed_class()
        self.drugs = drug_names()
        # A month's short form is a given name too ("Jun", "Mar"): before a surname with no
        # day or year after it ("Jun Guo's application"), it is no month.
        self.month_given = month_given_names() | _MONTH_SHORT
        self.common = common_words()
        self.given = all_given_names()
        self.frequent_given = frequent_given_names()
        self.surname = surnames()
        self.only_common = _only_common()

    def namey(self, tok: Token) -> bool:
        return tok.lower in self.given or tok.lower in self.surname

    def namey_word(self, low: str) -> bool:
        return low in self.given or low in self.surname

    def plain(self, tok: Token) -> bool:
        """A name-list word that is not an ordinary English word."""
        low = tok.lower
        return (low in self.given or low in self.surname) and low not in self.common

    def ordinary_opener(self, tok: Token) -> bool:
        """An ordinary word opening a sentence that is no frequent given name ("Call", "Ask",
        "See"): its capital letter is the sentence's, so it is no evidence of a name."""
        low = tok.lower
        return tok.sentence_start and low in self.common and low not in self.frequent_given


# Words for the people in a client's life, after a possessive name ("Dawit's mother") or
# "and her" ("Tsion and her brother"): what makes an unknown word opening a sentence a person.
# Kin words of regions and of other languages, as English speakers write them ("my nan",
# "her koro", "their babcia"): some are given names in some name lists, but written in
# lower case they are the relative, never a name.
# Words for one's grandparents, parents, aunts, uncles and elder siblings in the languages
# clients speak at home (English, Spanish, Tagalog, Hindi and Urdu, Tamil, Malayalam,
# Kannada, Korean, Japanese, Arabic, Yiddish, Polish, Russian, Greek, Portuguese, French,
# Afrikaans, Zulu, Hawaiian, Māori, Welsh, Irish, Swedish, German): said as names ("her
# Paati", "my Lola's cooking"), they are the relative, not a name of one.
KIN_WORDS: Final = word_set(
    """
    nan nana nanna gran granny grannie grandad granddad grampa gramps aunty mam mammy nonna
    nonno abuela abuelo abuelita abuelito oma opa bubbe zayde babcia dziadek babushka yiayia
    papou koro kuia mormor morfar farmor farfar dadi
    pops poppa paati thatha ammamma appachan ajji ajja nani nanaji naniji dadaji dadiji lola
    lolo dedushka halmeoni halmoni harabeoji haraboji obaachan ojiichan zaide bobe teta
    jiddo sitti sittu avó avô vovó vovô mémé pépé ouma oupa gogo mkhulu kupuna tupuna
    tipuna nain taid mamó daideó tía tío tita tito tante onkel chacha chachi mausi bua kaka
    kaki mami mamu khala khalu phuppo phupho amma appa ammi abbu ammu achan kuya manong
    manang bhaiya akka thambi unnie oppa noona hyung maame abah abang tatay nanay mémère
    pépère kookum tūtū nne umma
    """
)
PERSON_NOUNS: Final = KIN_WORDS | word_set(
    """
    mother mom mum father dad parents brother sister son daughter husband wife partner
    boyfriend girlfriend fiance fiancee grandmother grandfather grandma grandpa aunt auntie
    uncle cousin niece nephew twin family friend friends boss teacher coach children kids
    baby stepmother stepfather stepdad stepmom roommate
    """
)


def folded(low: str) -> str:
    """`low` without its diacritics ("siobhán" -> "siobhan", "müller" -> "muller"), to find a
    name written with accents in lists that hold it without them."""
    if low.isascii():
        return low
    return "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))


@functools.cache
def _only_common() -> frozenset[str]:
    """Ordinary words that are in no name list."""
    return common_words() - all_given_names() - surnames()


def lower_surname(lex: NameLexicon, tok: Token) -> bool:
    """A lower-case word that may be a surname: in the census list, or in no dictionary."""
    low = tok.lower
    return tok.shape == "L" and len(low) > 2 and low.isalpha() and low not in lex.common


_CONTRACTION_ENDS: Final = ("'s", "'t", "'ll", "'re", "'ve", "'d", "'m")


def apostrophe_name(lex: NameLexicon, low: str) -> bool:
    """A word of five letters or more with an apostrophe inside it, no possessive nor
    contraction ("salave'a", "o'neill", "ngā'io"; not "don't", "ma'am"), whose letters are no
    ordinary word: the glottal stop of Polynesian names, the "O'" and "D'" of Irish and
    Italian ones."""
    if "'" not in low and "\u2019" not in low:
        return False
    plain = low.replace("\u2019", "'")
    bare = plain.replace("'", "")
    return (
        len(bare) >= 5
        and bare.isalpha()
        and not plain.startswith("'")
        and not plain.endswith(("'", *_CONTRACTION_ENDS))
        and bare not in lex.common
    )


def unknown_word(lex: NameLexicon, tok: Token) -> bool:
    """A word in no dictionary, no never-a-name list and no list of drug names (so probably
    a proper noun)."""
    low = tok.lower
    unknown = _UNKNOWN.get(low)
    if unknown is None:
        unknown = _in_no_list(lex, low)
        if len(_UNKNOWN) < _UNKNOWN_SIZE:
            _UNKNOWN[low] = unknown
    return unknown


# `unknown_word`'s answer by lower-case word, for the words of the texts read before: the
# rules ask it of one word many times (a test per rule, then the rules themselves), and its
# British spellings cost a dozen searches. The lists it reads are fixed. Bounded; it holds
# single words, never a text (as `name_rules._VERDICTS`).
_UNKNOWN: Final[dict[str, bool]] = {}
_UNKNOWN_SIZE: Final = 40_000


def _in_no_list(lex: NameLexicon, low: str) -> bool:
    return (
        low not in lex.common
        and not british_spelling(lex, low)
        and (low.isalpha() or apostrophe_name(lex, low))
        and low not in lex.drugs
        and low not in lex.closed
        and not (low[-1:] == "s" and low[:-1] in lex.never and low not in lex.given)
    )


def a_made_word(lex: NameLexicon, low: str) -> bool:
    """Is `low`, a word in no dictionary, one the language made with a prefix or a suffix
    (`derived_word`) or a word of services ("perinatal", "hotline", "camhs")? No person's
    name. (Two words written as one are not read so here: companies are named that way,
    "Datamarket", "Greatschools", and the organisation rules lean on the name rules' guess
    for them, which Safe Harbor's names and the disguise policy's organisations both cover.)"""
    made = _MADE.get(low)
    if made is None:
        made = derived_word(lex, low, compounds=False) or is_service_word(low)
        if len(_MADE) < _UNKNOWN_SIZE:
            _MADE[low] = made
    return made


# `a_made_word`'s answer by word, for the words of the texts read before (bounded, as
# `_UNKNOWN`).
_MADE: Final[dict[str, bool]] = {}


# Prefixes and suffixes of the language's word-building: a word in no dictionary made of one
# and a dictionary word of four letters or more is a word, no proper noun ("Posttraumatic",
# "Pseudoword", "Externalizing", "Half-Smiling"); so is one made of two such words. (Not
# "over", "under", "out", "re", "co", "dis", "ex": surnames are built so, "Overstreet",
# "Underwood", "Outlaw", "Rehart", "Codell", "Dismore", "Exford".)
_WORD_PREFIXES: Final = (
    "pseudo", "post", "pre", "non", "anti", "hyper", "hypo", "inter", "intra", "trans",
    "multi", "neuro", "psycho", "para", "peri", "sub", "super", "semi", "counter", "self",
    "micro", "mini", "tele", "cyber",
)  # fmt: skip
# Each suffix with the endings its stem may have had ("externaliz|ing" -> "external",
# "smil|ing" -> "smile").
# (Not "-s", "-es", "-ly", "-ed", "-ness": surnames end so, "Gaines", "Greenly", "Harkness".)
_WORD_SUFFIXES: Final = (
    ("izing", ("",)), ("ising", ("",)), ("ization", ("",)), ("isation", ("",)),
    ("ized", ("",)), ("ised", ("",)), ("ing", ("", "e")), ("ish", ("", "e")),
)  # fmt: skip


BOUND_SUFFIXES: Final = frozenset({"ish", "esque", "like", "ness", "wise"})


def derived_word(lex: NameLexicon, low: str, compounds: bool = True) -> bool:
    """Is `low` (lower case, in no dictionary) built of a dictionary word of four letters or
    more and a prefix or a suffix of the language, or of two such words? A name is in a
    name list or built otherwise."""
    common = lex.common
    for part in low.split("-") if "-" in low else (low,):
        if part in common or part in BOUND_SUFFIXES:
            continue
        if not any(
            part.startswith(prefix)
            and part[len(prefix) :].lstrip("-") in common
            and len(part) - len(prefix) >= 4
            for prefix in _WORD_PREFIXES
        ) and not _suffixed(common, part) and not (compounds and _compound(common, part)):
            return False
    return True


def _compound(common: frozenset[str], word: str) -> bool:
    """Is `word` two dictionary words of four letters or more written as one ("headspace",
    "minecraft", "chromebook")? A name so made is in a name list ("Blackwood", "Newman")."""
    return any(
        word[:k] in common and word[k:] in common for k in range(4, len(word) - 3)
    )


def _suffixed(common: frozenset[str], word: str) -> bool:
    for suffix, endings in _WORD_SUFFIXES:
        if not word.endswith(suffix):
            continue
        stem = word[: -len(suffix)]
        if len(stem) < 4:
            continue
        if any(stem + e in common for e in endings):
            return True
        if (
            suffix in ("ing", "ed")
            and len(stem) > 4
            and stem[-1] == stem[-2]
            and stem[:-1] in common
        ):
            return True  # "stopp|ing"
    return False


def is_place(word: str) -> bool:
    return word in cities() or word.lower() in us_states() or word in countries()


# ", France", ", United Kingdom": a country after a town's comma.
_COUNTRY_NEXT: Final = compiled(
    r"[ \t]*,[ \t]*(?P<country>" + UPPER + r"[\w'\u2019-]+(?: [\w'\u2019-]+){0,3})"
)


def country_follows(text: str, end: int) -> bool:
    """Does a comma and a country follow `end`, a town's end ("Paris, France")?"""
    after = _COUNTRY_NEXT.match(text, end)
    if after is None:
        return False
    words, names = after.group("country").split(" "), countries()
    return any(" ".join(words[:n]) in names for n in range(len(words), 0, -1))


def unknown_or_name(lex: NameLexicon, tok: Token) -> bool:
    """A word in a name list or in no dictionary, and never a name by its class or shape:
    not a closed-class word, a drug, the plural of a weekday, nor "PsyD"."""
    low = tok.lower
    if low in lex.closed or (low[-1:] == "s" and low[:-1] in lex.never and low not in lex.given):
        return False
    base = tok.base
    if len(base) > 2 and base[-1].isupper() and base[-2].islower():
        return False
    return low in lex.given or low in lex.surname or unknown_word(lex, tok)


def agent_noun(lex: NameLexicon, low: str) -> bool:
    """Is `low` the agent or patient noun of a dictionary verb, missing from the dictionary
    itself ("supervisee", "facilitator", "referrer", "assessor")? Such a word labels a
    role in a form ("Supervisee: ..."), not a person; a name-list word ("Heather",
    "Fletcher") is no such noun."""
    if low.endswith(("ers", "ors", "ees")):
        low = low[:-1]  # "Attendees:", "Supervisors:"
    if len(low) < 7 or not low.endswith(("er", "or", "ee")) or lex.namey_word(low):
        return False
    stem = low[:-2]
    return any(
        len(verb) >= 4 and verb in lex.common
        for verb in (stem, stem + "e", low[:-1], stem[:-1] if stem[-1:] == stem[-2:-1] else "")
    )


_BRITISH: Final = (
    ("our", "or"), ("ise", "ize"), ("isation", "ization"), ("yse", "yze"), ("tre", "ter"),
    ("ogue", "og"), ("ence", "ense"), ("lled", "led"), ("lling", "ling"), ("aem", "em"),
    ("oe", "e"),
)  # fmt: skip


def british_spelling(lex: NameLexicon, low: str) -> bool:
    """Is `low` the British spelling of a dictionary word ("behavioural", "organise")? The
    "oe" of "foetus" and "oestrogen" only in a word of six letters or more: in a short one
    it is the Dutch "oe" of a name ("Koen", "Roefs", "Maloe"; not "ken", "refs", "male")."""
    return any(
        a in low and (a != "oe" or len(low) >= 6) and low.replace(a, b) in lex.common
        for a, b in _BRITISH
    )


# Where a line's own words begin: after a bullet or a number, and a speaker's label
# ("C: ...", "Mum: ...").
_LINE_LEAD: Final = compiled(
    r"[ \t]*(?:[-*\u2022\u2013>]+[ \t]*|\d{1,3}[.)][ \t]*)?"
    r"(?:[^\W\d_][\w .'\u2019-]{0,24}:[ \t]+)?"
)
_LOWER_I: Final = compiled(r"(?<![\w'\u2019])i(?![\w'\u2019])")


_WORD_BEFORE_ON_LINE: Final = compiled(r"([^\W\d_][\w'\u2019-]*)[^\w\n]{1,3}$")
_WORD_AFTER_ON_LINE: Final = compiled(r"[^\w\n]{1,3}([^\W\d_][\w'\u2019-]*)")


def in_another_language(lex: NameLexicon, text: str, start: int, end: int) -> bool:
    """Does the word at `text[start:end]` stand among words of another language: the word
    before or after it on its line in lower case and in no English dictionary ("makan nasi,
    jangan", "mujhe sabr hai, lekin", "toutes les sphères")? A name in lower case is read
    in English writing only."""
    for m in (
        _WORD_BEFORE_ON_LINE.search(text, max(0, start - 30), start),
        _WORD_AFTER_ON_LINE.match(text, end),
    ):
        if m is not None:
            word = m.group(1)
            low = word.lower()
            if (
                word.islower()
                and len(low) > 1
                and low not in lex.common
                and low not in lex.closed
                and low not in lex.given  # ("silvana, adam and chad": names listed)
                and low not in lex.surname
            ):
                return True
    return False


def lower_case_writing(text: str, start: int) -> bool:
    """Is the word at `start` in lower-case writing (a text message, a chat typed in haste),
    where a name in lower case is still a name? The quotation holding it, or else its line,
    opens with a lower-case letter or says "i" ("one read: \"dervla here. tell mum i said
    sorry\""); a line written with capitals ("She cooked dal and rice", "very sian. Tuesday")
    keeps its names capitalised, and a word in lower case there is a word."""
    line = text.rfind("\n", 0, start) + 1
    straight = text.rfind('"', line, start)
    curly = text.rfind("\u201c", line, start)
    if straight >= 0 and text.count('"', line, start) % 2 == 1:
        begin = straight + 1  # (inside a quotation: an odd number of quote marks before)
    elif curly > text.rfind("\u201d", line, start):
        begin = curly + 1
    else:
        lead = _LINE_LEAD.match(text, line)
        begin = lead.end() if lead is not None else line
    end = text.find("\n", start)
    segment = text[begin : end if end >= 0 else len(text)]
    first = next((c for c in segment if c.isalpha()), "")
    return first.islower() or _LOWER_I.search(segment) is not None
