"""Where a person's name begins and ends, once a word of it has been found.

A name extends over the surname, middle initial or unknown capitalised word
that follows it ("Teresa Kreutzmann", "John Q. Public", "Maika van de Noort",
"eric g. samoylova"), and back over an initial, or a given name and an initial
or particles, before it ("Ken N. Fukuda"). The rules that decide that a word
begins a name are in `name_rules`.
"""

from __future__ import annotations

import calendar
import functools
from typing import Final

from sealbook.core.deid.detectors.colour_surnames import colour_surname
from sealbook.core.deid.detectors.name_lexicon import (
    ADDRESS_UNIT,
    CAPS,
    NOT_AFTER_TITLE,
    PERSON_NOUNS,
    TITLES,
    NameLexicon,
    is_place,
    lower_surname,
    unknown_word,
)
from sealbook.core.deid.lexicon import word_set
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import UPPER, Token

# The gaps between the words of a name: a blank or hyphen, and after an initial a blank or
# ". " (each may end a line, as the `$` of the regular expressions these replace allowed).
# Two blanks too: a slip of typing ("Calliope  Romani"), not a table's columns (three or more).
_JOINERS: Final = frozenset({" ", "  ", "-", " \n", "-\n"})
_AFTER_INITIAL: Final = frozenset({" ", ". ", " \n", ". \n"})
_INITIAL_END: Final = compiled(r"\.(?:\s|[,;:)]|$)")
# After an initial: its full stop, more initials, and a capitalised word, the surname
# ("J. R. Smith", "L.P. Jones", "J. R. R. Tolkien"; not "Plan A. B." at a sentence's end).
_INITIALS_THEN_SURNAME: Final = compiled(
    r"(?:\.[ \t]?" + UPPER + r"){0,2}\.[ \t]?" + UPPER + r"[\w'\u2019-]*[^\W\d_A-Z]"
)
_INITIAL_BEFORE: Final = compiled(r"(?:^|[\s(])([A-Z]\.\s?)$")
PARTICLES: Final = word_set(
    "van von de der den da di del della dela la le du dos das do los las ter ten bin bint ibn "
    "al el y zu"
)
# Dutch surnames write the article "het" as "'t" and "des" as "'s" after a particle
# ("van 't Hof", "van 's Gravesande"): the tokens "t" and "s", an apostrophe before them.
_ELIDED_ARTICLES: Final = frozenset({"t", "s"})
# The Arabic article joined to the surname by a hyphen ("al-Haddad", "el-Amin").
_HYPHENED_ARTICLES: Final = frozenset({"al", "el"})


# Particles that begin a surname wherever it stands ("de Vries", "ten Brink", "dos Santos");
# not "la", "le", "y", "el", "al", which are words of other uses before a capital too.
SURNAME_PARTICLES: Final = word_set(
    "van von de der den ten ter dos das du da di del della dela los las"
)


_WEEKDAYS: Final = word_set("monday tuesday wednesday thursday friday saturday sunday")


# The words before a name after which "do" is a verb ("Did Kofi do", "Let Kofi do").
_DO_BEFORE: Final = word_set(
    "did does will would can could should shall may might must let make help"
)


def _verb_do(tokens: tuple[Token, ...], first: int, k: int) -> bool:
    """Is `tokens[k]`, after the name that begins at `first`, the verb "do" ("Did Kofi do
    Pilates?"), not the particle of "Leonor do Carmo"?"""
    return tokens[k].lower == "do" and first > 0 and tokens[first - 1].lower in _DO_BEFORE


def _and_before_a_person(
    lex: NameLexicon, tokens: tuple[Token, ...], p: int, k: int, text: str
) -> bool:
    """Is `tokens[p]`, the Spanish "y" that joins two surnames ("Sánchez y Herrero"), the
    "and" of a list instead, a given name and another capitalised word after it ("Luis
    Pavón y Amaya Montserrat": two people)?"""
    return (
        k == p + 1
        and tokens[p].lower == "y"
        and tokens[k].lower in lex.given
        and k + 1 < len(tokens)
        and tokens[k + 1].shape == "C"
        and text[tokens[k].end : tokens[k + 1].start] == " "
    )


def is_particle(tokens: tuple[Token, ...], k: int, text: str) -> bool:
    """Is `tokens[k]` a particle of a surname: "van", "de", "los", or the "'t" of "van 't"?"""
    tok = tokens[k]
    return tok.lower in PARTICLES or elided_article(tokens, k, text)


def elided_article(tokens: tuple[Token, ...], k: int, text: str) -> bool:
    """Is `tokens[k]` the "'t" of "van 't Hof" (an article after a particle)?"""
    tok = tokens[k]
    return (
        tok.lower in _ELIDED_ARTICLES
        and k > 0
        and tokens[k - 1].lower in PARTICLES
        and text[tokens[k - 1].end : tok.start] in (" '", " \u2019")
    )


def _single_spaced(
    tokens: tuple[Token, ...], first: int, last: int, text: str | None = None
) -> bool:
    """Are the words `first`..`last` one blank apart (or, given `text`, a blank and the
    apostrophe of an elided article: "van 't")?"""
    return all(
        tokens[k + 1].start - tokens[k].end == 1
        or (text is not None and elided_article(tokens, k + 1, text))
        for k in range(first, last)
    )


def _initial_then_spaced(tokens: tuple[Token, ...], first: int, last: int, text: str) -> bool:
    """Is `tokens[first]` an initial with its full stop ("S. van der Steen"), the words after
    it to `last` one blank apart?"""
    tok = tokens[first]
    return (
        len(tok.base) == 1
        and tok.base.isupper()
        and text[tok.end : tokens[first + 1].start] == ". "
        and _single_spaced(tokens, first + 1, last, text)
    )


@functools.cache
def _school_words() -> frozenset[str]:
    """Words that end a school's name and never a person's ("Washington Elementary",
    "Lincoln High")."""
    # Imported here, not at the top, so that the person-name detector stays registered
    # before the organisation detector: of two equal spans, the first registered is tried
    # first.
    from sealbook.core.deid.detectors.organisations import SCHOOL_WORDS

    return SCHOOL_WORDS


def can_follow(lex: NameLexicon, first: Token, nxt: Token, text: str) -> bool:
    """May `nxt` continue the name that ends with `first` (a surname or middle name)?"""
    if nxt.lower in _school_words():
        return False
    gap = text[first.end : nxt.start]
    if first.base != first.text:
        return False
    if (
        len(first.base) == len(nxt.base) == 1
        and first.base.isupper()
        and nxt.base.isupper()
        and gap in (". ", ".")
        and _INITIALS_THEN_SURNAME.match(text, nxt.end)
    ):
        # Two initials before a surname, the second one's full stop too ("Dr. J. R. Smith":
        # without it, the name ended at "J." when the surname is a word too).
        return True
    if len(first.base) == 1 and first.base.isupper():
        if gap not in _AFTER_INITIAL:
            return False
    elif gap not in _JOINERS:
        return False
    low = nxt.lower
    if len(nxt.base) == 1 and nxt.base.isupper() and first.shape == "C":
        # "Jordan P. said", "Present: Jordan P., Kwame", "(with Maria S.)": a surname's
        # initial, its full stop before a blank or the punctuation that ends a list's item.
        return (gap == " " and _INITIAL_END.match(text, nxt.end) is not None) or text[
            nxt.end : nxt.end + 1
        ] == " "
    if first.shape == "L":
        return lower_surname(lex, nxt) or _lower_listed_surname(lex, first, nxt, text)
    if nxt.shape not in CAPS or len(low) < 2:
        return False
    after_initial = len(first.base) == 1
    if (
        nxt.shape == first.shape
        and not nxt.sentence_start
        and first.lower in lex.given
        and first.lower not in lex.common
        and (
            low not in lex.never
            or _calendar_surname(lex, nxt, text)
            or colour_surname(nxt, text)  # "Brian White", not "Amara Black British"
        )
        and low not in NOT_AFTER_TITLE
    ):
        return True  # "Naomi Courtier", "NAOMI COURTIER": a surname after a plain given name
    if (
        low in _CALENDAR_SHORT
        and nxt.shape == first.shape == "C"
        and not nxt.sentence_start
        and (unknown_word(lex, first) or lex.plain(first))
        and not is_place(first.base)
        and _calendar_surname(lex, nxt, text)
    ):
        # "Yuxuan Sun's application", "Hao Sun read": the short form after a word in no
        # dictionary or a surname-list word that is no ordinary word.
        return True
    if after_initial and nxt.shape == "C" and (low not in lex.never or colour_surname(nxt, text)):
        return low not in NOT_AFTER_TITLE  # "Jildau S Bouts": a surname after an initial
    if (
        first.shape == "C"
        and not nxt.sentence_start
        and colour_surname(nxt, text)
        and unknown_word(lex, first)
        and not is_place(first.base)
    ):
        return True  # "Keiran White": after a given name in no list, as after a listed one
    return low not in lex.common or (
        low in lex.surname
        and (
            first.lower in lex.given
            or after_initial
            # "Ruaridh Mackintosh": a surname after a given name in no list or dictionary.
            or (
                first.shape == nxt.shape == "C"
                and not nxt.sentence_start
                and unknown_word(lex, first)
                and not is_place(first.base)
            )
            # "see Ruaridh Mackintosh, whom I have treated": a word in no dictionary and a
            # listed surname, followed by a person's relative pronoun.
            or (unknown_word(lex, first) and bool(WHO_AFTER.match(text, nxt.end)))
        )
    )


# Where a name in lower case may end: a stop, a bracket, a line's end, or a word that
# closes a name in a sentence ("who is ernest miller?", "paul mason, c/o ..."); not "and"
# ("i gave ernest bread and milk").
_NAME_CLOSES: Final = compiled(r"[ \t]*(?:[.,;:!?)\n]|$|(?:from|at|who|here)\b)")


def _lower_listed_surname(lex: NameLexicon, first: Token, nxt: Token, text: str) -> bool:
    """ "who is ernest miller?", "regards, davi luiz martins": in lower case, a census
    surname that is also a word ("miller", "mason", "martins") after a given name that is
    none, where a name may end (or before a surname in no dictionary: "joseph billy briggs")."""
    if not (
        nxt.shape == "L"
        and first.lower in lex.given
        and first.lower not in lex.common
        and (nxt.lower in lex.surname or nxt.lower in lex.given)
        and nxt.lower not in lex.never
        and nxt.lower not in lex.closed
        and nxt.lower.isalpha()
    ):
        return False
    if _NAME_CLOSES.match(text, nxt.end):
        return True
    after = _WORD_AFTER.match(text, nxt.end)
    return (
        after is not None and after.group(1) not in lex.common and (after.group(1) in lex.surname)
    )


# A person's relative pronoun after a name: "Bill Cox, whom I have treated".
WHO_AFTER: Final = compiled(r",? (?:who|whom|whose)\b")
# The short forms of the weekdays and months ("Sun", "Mon", "Jun"): surnames too ("Yan Sun").
_CALENDAR_SHORT: Final = frozenset(d.lower() for d in calendar.day_abbr) | frozenset(
    m.lower() for m in calendar.month_abbr[1:]
)
_WORD_AFTER: Final = compiled(r" ([a-z]+)\b")


def _calendar_surname(lex: NameLexicon, nxt: Token, text: str) -> bool:
    """ "Yan Sun cancelled": a weekday's or month's short form after a plain given name, and
    before a word of the sentence (not "and", "to" of a list or a range of days, nor a
    number of a date), is the surname."""
    if nxt.lower not in _CALENDAR_SHORT:
        return False
    after = _WORD_AFTER.match(text, nxt.end)
    # "Discussed Yan Sun, who is": a person's relative pronoun after it.
    return (after is not None and after.group(1) not in lex.closed) or bool(
        WHO_AFTER.match(text, nxt.end)
    )


def _extend_back(lex: NameLexicon, tokens: tuple[Token, ...], i: int, text: str) -> int:
    """Index of the first word of a name found at `i`: "Ken" in "Ken N. Fukuda"."""
    while i > 0:
        prev = tokens[i - 1]
        if (
            prev.shape == "C"
            and prev.base == prev.text
            and text[prev.end : tokens[i].start] == " "
            and (prev.lower in lex.given or unknown_word(lex, prev))
            and prev.lower not in NOT_AFTER_TITLE
            and not is_place(prev.base)
        ):
            i -= 1
            continue
        return i
    return i


# Words that make a street of the name before them, never a surname after a given name.
_STREET_TYPES: Final = frozenset(
    {"street", "streets", "avenue", "avenues", "road", "roads", "boulevard", "highway"}
)


def extent(
    lex: NameLexicon, tokens: tuple[Token, ...], i: int, text: str, loose: bool = False
) -> int:
    """Index of the last word of the name that begins at `i`; `loose` (after a title) takes
    any capitalised word as the surname after a given name ("Dr. Justin Beet")."""
    n = len(tokens)
    j = i
    while j + 1 < n and j - i < 4:
        if ADDRESS_UNIT.match(text, tokens[j + 1].start):
            break  # "Ms. Szabina Gelencsér Apt. 905 400 Acesso F": an address's unit follows
        if tokens[j + 1].lower in _STREET_TYPES:
            break  # "the corner of Höhenweg 34 and Ross Streets": a street's name, no surname
        if can_follow(lex, tokens[j], tokens[j + 1], text):
            j += 1
            continue
        nxt = tokens[j + 1]
        if (
            loose
            and j == i
            # A word never a name alone is a given name after a title ("Dr. German Wright"),
            # but for a weekday, which names a clinic or a session ("Dr. Monday Clinic").
            and (
                tokens[j].lower in lex.given
                or (tokens[j].lower in lex.never and tokens[j].lower not in _WEEKDAYS)
            )
            and tokens[j].base == tokens[j].text
            and nxt.shape == "C"
            and text[tokens[j].end : nxt.start] == " "
            and nxt.lower not in lex.never
            and nxt.lower not in NOT_AFTER_TITLE
        ):
            j += 1
            continue
        # "Maika van de Noort": particles between capitalised parts of a name.
        k = j + 1
        while k < n and k - j <= 2 and is_particle(tokens, k, text):
            k += 1
        if (
            k > j + 1
            and k < n
            and tokens[k].shape == "C"
            and (_single_spaced(tokens, j, k, text) or _initial_then_spaced(tokens, j, k, text))
            # "do" is a verb too: after an auxiliary ("Did Kofi do Pilates?", "Let Kofi do
            # Yoga") the name ends at "Kofi".
            and not _verb_do(tokens, i, j + 1)
            and not _and_before_a_person(lex, tokens, j + 1, k, text)
        ):
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
            and (lower_surname(lex, tokens[j + 2]) or _lower_listed_word(lex, tokens[j + 2]))
        ):
            j += 2
            continue
        break
    return j


def _lower_listed_word(lex: NameLexicon, tok: Token) -> bool:
    """ "theresa m. brown", "rhiannon e. warren": after a given name and a middle initial, a
    census surname in lower case, though also a word (the initial says a name goes on)."""
    low = tok.lower
    return (
        tok.shape == "L"
        and low in lex.surname
        and low not in lex.closed
        and low not in lex.never
        and low.isalpha()
    )


def name_start(lex: NameLexicon, tokens: tuple[Token, ...], i: int, text: str) -> int:
    """Where the name found at `tokens[i]` begins: at an initial, or a given name and
    initial or particles, before it."""
    tok = tokens[i]
    start = tok.start
    if (
        i > 0
        and tok.shape == "C"
        and tokens[i - 1].lower in _HYPHENED_ARTICLES
        and text[tokens[i - 1].end : start] == "-"
    ):
        start = tokens[i - 1].start  # "D. al-Haddad": the article, then the initial before it
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
        elif word_opening_a_name_line(lex, tokens, i - 1, i, text):
            start = tokens[i - 2].start  # "Vignette S. Gladu" alone on its line
        elif _word_before_initial(lex, tokens, i - 1, text):
            start = tokens[i - 2].start  # "Quarto M. Angelo lives at", "heard Wit A. Rutkowski"
    k = i
    while k > 0 and i - k < 2 and is_particle(tokens, k - 1, text) and tok.shape == "C":
        k -= 1
    if (
        k < i
        and k > 0
        and _single_spaced(tokens, k - 1, i, text)
        and not _and_before_a_person(lex, tokens, k, i, text)
    ):
        # "Maika van de Noort": a given name before the particles of a surname.
        first = _extend_back(lex, tokens, k, text)
        before = tokens[k - 1]
        if first < k and not _verb_do(tokens, first, k):
            start = tokens[first].start
        elif (
            before.shape == "C"
            and before.lower in lex.frequent_given
            and before.base == before.text
            and before.lower not in lex.never
        ):
            start = before.start  # "Troy van Oene": a frequent given name, a town's too
        elif (first := _given_then_initial(lex, tokens, k, text)) < k:
            start = tokens[first].start  # "Gijsbrecht L van Hecke", "Troy C. van Oene"
        elif all(
            tokens[m].lower in SURNAME_PARTICLES or elided_article(tokens, m, text)
            for m in range(k, i)
        ):
            start = tokens[k].start  # "Referral for de Vries": the particles of the surname
    elif k < i and (first := _given_then_initial(lex, tokens, k, text)) < k:
        start = tokens[first].start  # "Malon K. van den Bogaert": the initial's full stop
    elif k < i and _surname_particles(tokens, k, i, text) and _opens_item(tokens, k, text):
        start = tokens[k].start  # "van Voorhout began writing", "Söding, van Bentheim"
    elif start == tok.start and _given_name_opens(lex, tokens, i, text):
        start = tokens[i - 1].start  # "Martin Beckenbauer's killers", "name? Even Olsen"
    elif start == tok.start and _word_as_given_name(lex, tokens, i, text):
        start = tokens[i - 1].start  # "we need to add Calliope Romani as guardian"
    elif start == tok.start and word_opening_a_name_line(lex, tokens, i, i, text):
        start = tokens[i - 1].start  # "Said Gairbekov" alone on the line above an address
    return start


def word_opening_a_name_line(
    lex: NameLexicon, tokens: tuple[Token, ...], k: int, i: int, text: str
) -> bool:
    """Is the capitalised word before `tokens[k]` the given name of a name that is its line's
    only words (after a label, if any), the surname `tokens[i]` last ("Said Gairbekov",
    "Vignette S. Gladu" above a card's firm or address, "User: Quarto Angelo")? A line of a
    name alone is a card's or a letter's, where a given name that is an ordinary word too
    ("Said", "Vignette", "Peer") is still a given name; not a title, a kin word or a small
    word ("Dr Gladu", "Mother Gladu", "The Gladu")."""
    if k < 1 or tokens[i].shape != "C":
        return False
    prev = tokens[k - 1]
    low = prev.lower
    if not (
        prev.shape == "C"
        and prev.base == prev.text
        and len(low) > 1
        and text[prev.end : tokens[k].start] in (" ", "  ")
        and low not in lex.closed
        and (low not in lex.never or low in lex.month_given)  # "Jan H Geisler"
        and low not in TITLES
        and low not in PERSON_NOUNS
    ):
        return False
    line_start = text.rfind("\n", 0, prev.start) + 1
    line_end = text.find("\n", tokens[i].end)
    rest = text[tokens[i].end : len(text) if line_end < 0 else line_end]
    before = text[line_start : prev.start]
    # A speaker's or a field's label may open the line or follow a sentence's end ("...
    # account? User: Quarto Angelo", "Name: Said Gairbekov").
    return (not before.strip() or _LINE_LABEL.search(before) is not None) and not rest.strip()


# A word or three and a colon opening a line or after a sentence: a speaker's or a field's
# label.
_LINE_LABEL: Final = compiled(
    r"(?:^|[.?!][ \t]+)[ \t]*(?:[^\W\d_]{1,12}[ \t]+){0,2}[^\W\d_]{1,12}:[ \t]+$"
)  # (of up to three words: "Billing address: Peer Villareal")


def _word_before_initial(lex: NameLexicon, tokens: tuple[Token, ...], k: int, text: str) -> bool:
    """Is the capitalised word before the middle initial `tokens[k]` (its full stop written)
    of a found surname a given name, though an ordinary word too ("Quarto M. Angelo", "Wit A.
    Rutkowski")? A word, an initial and a surname so written inside a sentence are a
    person's three names; not a title, kin word, small word, weekday or month, nor a place
    ("Dr A. Smith", "Mother T. Jones", "Monday J. Smith", "Paris A. Smith")."""
    if k < 1 or text[tokens[k].end : tokens[k].end + 2] != ". ":
        return False
    prev = tokens[k - 1]
    low = prev.lower
    return (
        prev.shape == "C"
        and not prev.sentence_start  # ("Contact S. Bonerova on ...": a verb's imperative)
        and prev.base == prev.text
        and len(low) > 2
        and text[prev.end : tokens[k].start] in (" ", "  ")
        and low not in lex.closed
        and low not in lex.never
        and low not in TITLES
        and low not in PERSON_NOUNS
        and low not in NOT_AFTER_TITLE
        and not is_place(prev.base)
    )


# Words before a capitalised word that make it a thing's name, not a person's ("the Harp
# Kowalczyk prize", "a Calliope Romani record").
_ARTICLES: Final = word_set("the a an this that these those")


def _word_as_given_name(lex: NameLexicon, tokens: tuple[Token, ...], i: int, text: str) -> bool:
    """Is the capitalised ordinary word before the surname found at `tokens[i]` its given
    name ("add Calliope Romani as guardian", "Innocent Kowalczyk")? Inside a sentence, a
    word's capital is a name's; before a surname in no dictionary, that of the person's
    first name, unless an article makes the two a thing's name, or they are a place's."""
    if i < 2 or tokens[i].shape != "C" or not lex.plain(tokens[i]):
        return False
    prev = tokens[i - 1]
    return (
        prev.shape == "C"
        and not prev.sentence_start
        and prev.base == prev.text
        and len(prev.lower) > 2
        and text[prev.end : tokens[i].start] in (" ", "  ")
        and prev.lower in lex.common
        and prev.lower not in lex.never
        and prev.lower not in lex.closed
        and prev.lower not in NOT_AFTER_TITLE
        and tokens[i - 2].lower not in _ARTICLES
        and not is_place(prev.base)
        and not is_place(text[prev.start : tokens[i].end])
    )


def _given_then_initial(lex: NameLexicon, tokens: tuple[Token, ...], k: int, text: str) -> int:
    """Index of the given name before a middle initial before the particles at `tokens[k]`
    ("Gijsbrecht L van Hecke", "Troy C. van Oene"), or `k` when there is none."""
    if k < 2:
        return k
    initial = tokens[k - 1]
    if not (
        len(initial.base) == 1
        and initial.base.isupper()
        and text[initial.end : tokens[k].start] in (" ", ". ")
        and tokens[k].lower in SURNAME_PARTICLES
    ):
        return k
    first = _extend_back(lex, tokens, k - 1, text)
    return first if first < k - 1 else k


def _given_name_opens(lex: NameLexicon, tokens: tuple[Token, ...], i: int, text: str) -> bool:
    """Is the word before the name found at `tokens[i]` its given name, opening the text, a
    line or a sentence ("Martin Beckenbauer's killers...", "Your name? Even Olsen")? A
    capitalised word there may be any word, so the rules that find a name do not start one
    at it; before a surname found on its own, a listed given name or a word in no dictionary
    one blank before it is the name's first word (issue 13, thirteenth round)."""
    if i == 0 or tokens[i].shape != "C":
        return False
    prev = tokens[i - 1]
    if not (
        prev.shape == "C"
        and prev.base == prev.text
        and text[prev.end : tokens[i].start] == " "
        and prev.lower not in NOT_AFTER_TITLE
        and prev.lower not in _WEEKDAYS
        # (Never a small word: "So Olsen said", a discourse marker before a name.)
        and prev.lower not in lex.closed
    ):
        return False
    # A listed given name though also a month's short form or a town ("Jan", "Martin");
    # otherwise a word in no dictionary.
    if prev.lower not in lex.given and not (
        unknown_word(lex, prev) and prev.lower not in lex.never and not is_place(prev.base)
    ):
        return False
    if i == 1:
        return text[: prev.start].strip() == ""
    gap = text[tokens[i - 2].end : prev.start]
    return "\n" in gap or gap.strip() in (".", "?", "!", ":", '."', '?"', '!"')


def _surname_particles(tokens: tuple[Token, ...], k: int, i: int, text: str) -> bool:
    """Are `tokens[k:i]` the particles of a surname, one blank apart ("van den")?"""
    return all(
        (
            tokens[m].shape == "L"
            and tokens[m].lower in SURNAME_PARTICLES
            and text[tokens[m].end : tokens[m + 1].start] in (" ", " '", " \u2019")
        )
        or elided_article(tokens, m, text)
        for m in range(k, i)
    )


def _opens_item(tokens: tuple[Token, ...], k: int, text: str) -> bool:
    """Does `tokens[k]` open the text, a line or a sentence, or an item after a comma or a
    colon? There, a surname's particles in lower case are the name's first words."""
    if k == 0:
        return text[: tokens[0].start].strip() == ""
    gap = text[tokens[k - 1].end : tokens[k].start]
    return gap.strip() in ("", ",", ":", ";", ".", "?", "!", ">") and gap != " "


def initial_between(tokens: tuple[Token, ...], i: int, text: str) -> bool:
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
