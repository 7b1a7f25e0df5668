"""Organisations told by what the sentence says of them, not by their own words.

A company's name may be ordinary words ("Mint", "Compliance And Risks") or an invented one
no rule knows ("Ostrelle"); what gives it away is the sentence around it: only an
organisation is the subject of "is headquartered in", "was founded in", "is the brainchild
of", owns "headquarters", "shareholders" or "its employees", has "an office at" an address,
is "his biggest client" or "her employer", employs "a line cook at" it, or heads a
letter above "Re:". These clues are read after the other detectors (a helper of
`organisations.affiliations`, which gives each organisation they point at the lowest
score, so a name or place found inside it keeps its words and label, and Safe Harbor,
which keeps organisations, loses no name to one).

Every clue is looked for only near its cue words (`tokens.cue_words`), never by a scan of
the whole text. A name the clue points at is kept only when it can be one: capitalised
words, not a title or a word for a relative opening it, not one ordinary word opening a
sentence ("Management announced"), and not a generic department ("Human Resources hired").
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import before_full_stop
from sealbook.core.deid.lexicon import closed_class, common_words, never_a_name, word_set
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import UPPER, cue_words, index_of, tokenize, tokens_for

Clue = tuple[tuple[int, int] | None, str, Label]

# A name: capitalised words (or a number first, "3 Round Stones") on one line, with the
# small words and signs inside names ("Bank of Nowhere", "Compliance And Risks", "B & Q").
_WORD: Final = UPPER + r"[\w'\u2019.&-]*"
RUN_REST: Final = r"(?:[ \t]+(?:" + _WORD + r"|&|of|de|for)){0,4}"
RUN: Final = r"(?:" + _WORD + r"|[0-9][\w]*)" + RUN_REST
_RUN_BEFORE: Final = r"(?<![\w'\u2019.&-])(?P<org>" + RUN + r")"

# Words that open a person's name or stand for one, not a firm's: titles and relatives.
_PERSON_FIRST: Final = word_set(
    """
    mr mrs ms miss mx dr prof professor sir lady lord dame rev fr father mother mom mum dad
    brother sister son daughter husband wife partner aunt auntie uncle cousin grandma grandpa
    grandmother grandfather nana granny niece nephew baby client patient doctor nurse
    """
)
PERSON_WORDS: Final = _PERSON_FIRST
"""Titles and words for relatives that stand for a person ("Mum", "Dr"): no firm's name."""

# Where a list of surnames stands for a workplace: after "at", "for", "from", "by", "with"
# ("works at Brown, Turner and Ward") or before a possessive ("transfer to Mills, Cooper
# and Baker's account"); not in brackets ("Colours (Black, White and Green)").
_FIRM_PLACE_BEFORE: Final = compiled(r"(?i:(?<![\w'\u2019-])(?:at|for|from|by|with))[ \t]+$")
_FIRM_PLACE_AFTER: Final = compiled(r"['\u2019]s\b")


def where_a_firm_is(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` stands where a workplace does (a list of surnames, two
    joined by a hyphen: "works at Brown, Turner and Ward", "i start at butler-rogers")."""
    return (
        _FIRM_PLACE_BEFORE.search(text, max(0, start - 6), start) is not None
        or _FIRM_PLACE_AFTER.match(text, end) is not None
    )


# The departments and services every employer or hospital has: a run of ordinary words
# ending in one names no one firm ("Human Resources", "Social Services"), and one such
# word alone is never taken ("the Finance office").
DEPARTMENTS: Final = word_set(
    """
    services service health resources department dept team unit ward staff management
    administration admissions finance accounts accounting payroll billing records reception
    security maintenance marketing sales legal compliance hr it research support benefits
    education training welfare wellbeing intake crisis outreach operations personnel
    purchasing procurement facilities emergency pharmacy housing nursing admin
    """
)
# Words that say which of an organisation's sites or parts, not whose: "the Main office",
# "the Regional office", "the Box office" (one such word alone is never taken either).
_WHICH: Final = word_set(
    """
    main head home front back box post central regional local field district county city
    state national federal public private general medical human social occupational student
    new old north south east west northern southern eastern western upper lower
    """
)


def plausible_name(
    text: str,
    start: int,
    end: int,
    *,
    one_ordinary_word: bool = False,
    before: bool = False,
    opening_word: bool = False,
) -> tuple[int, int] | None:
    """`text[start:end]` as an organisation's name, within one sentence and without a
    function word opening it ("The") or small words ending it; None when it cannot be one
    (see the module's doc). The sentence is the first of the words, or the last when they
    stand `before` their cue ("... Recruitment. Ostrelle, his biggest client"). One
    ordinary word is taken only when `one_ordinary_word` and it is capitalised inside its
    sentence ("The Mint office": a name, capitalised where a word would not be), or, with
    `opening_word`, opening it too (what follows is said of a firm alone: "Mint is the
    brainchild of")."""
    if before:
        start = _last_sentence_start(text, start, end)
    end = _sentence_end(text, start, end)
    words = list(_NAME_WORD.finditer(text, start, end))
    closed = closed_class()
    while words and words[0].group().lower().strip(".") in closed:
        words.pop(0)
    while words and words[-1].group().lower() in _SMALL:
        words.pop()
    if not words:
        return None
    first = _bare(words[0].group())
    if first in _PERSON_FIRST or first in closed:
        return None
    common = common_words()
    lows = [_bare(w.group()) for w in words if w.group().lower() not in _SMALL]
    if len(lows) == 1:
        low = lows[0]
        if never_a_name(low) or low in DEPARTMENTS or low in _WHICH:
            return None
        capitalised_inside = opening_word or not _starts_sentence(text, words[0].start())
        if low in common and not (one_ordinary_word and capitalised_inside):
            return None
    elif all(w in common for w in lows) and lows[-1] in DEPARTMENTS:
        return None  # "Human Resources", "Occupational Health"
    return words[0].start(), words[-1].end()


_NAME_WORD: Final = compiled(r"[\w'\u2019.&-]+")
_POSSESSIVE: Final = compiled(r"['\u2019]s$")


def _bare(word: str) -> str:
    """`word` in lower case, without a possessive or the stops and quotes around it."""
    return _POSSESSIVE.sub("", word.lower().strip(".")).strip("'\u2019")


_SMALL: Final = frozenset({"&", "of", "de", "for", "and"})


def _starts_sentence(text: str, at: int) -> bool:
    i = at
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i == 0 or text[i - 1] in '.!?:;\n"\u201c('


def _last_sentence_start(text: str, start: int, end: int) -> int:
    """`start`, or where the last sentence that begins in `text[start:end]` begins."""
    stop = text.rfind(". ", start, end)
    while stop > start:
        if before_full_stop(text, start, stop + 1) == stop:
            return stop + 2
        stop = text.rfind(". ", start, stop)
    return start


def _sentence_end(text: str, start: int, end: int) -> int:
    """`end`, or the full stop before it that ends a sentence ("Civic Insight. Next")."""
    stop = text.find(". ", start, end)
    return before_full_stop(text, start, stop if stop > start else end)


# --- the subject of what only an organisation does ----------------------------------------
# The cue word, and what must stand between the name and it: "X is the brainchild of",
# "X is headquartered in", "X was founded in", "X's shareholders", "X has its headquarters",
# "X announced", "X invested heavily". A person founds, announces and hires too, but is
# found by the name detector, whose span outranks this one.
# (An adjective of time or rank may stand between: "X's new headquarters", "X's former CEO".)
_OWNS: Final = (
    r"['\u2019]s(?:[ \t]+(?:new|former|old|current|main|first|global|european|regional))?"
    r"|[ \t]+(?:has|had|have|moved|opened|relocated|closed)[ \t]+its"
)
_PASSIVE: Final = (
    r"[ \t]+(?:is|was|were|are|has[ \t]+been|had[ \t]+been)"
    r"(?:[ \t]+(?:first|originally|officially))?"
)
# "X said in a statement", "X announced in a press release".
_STATED: Final = r"[ \t]+(?:said|says|announced|confirmed|added|wrote)[ \t]+in[ \t]+a"
_ACTIVE: Final = (
    r"(?:[ \t]+(?:has|have|had|recently|just|also|then|later|officially|publicly|today))?"
)
_LINKS: Final = {
    "brainchild": r"[ \t]+(?:is|was)[ \t]+(?:the|a)",
    "headquartered": _PASSIVE,
    "located": _PASSIVE,
    "established": _PASSIVE,
    "incorporated": _PASSIVE,
    "founded": _PASSIVE + r"|,",
    "headquarters": _OWNS,
    "shareholders": _OWNS,
    "stockholders": _OWNS,
    "subsidiary": _OWNS,
    "subsidiaries": _OWNS,
    "workforce": _OWNS,
    "ceo": _OWNS,
    "cfo": _OWNS,
    "employees": _OWNS,
    "announced": _ACTIVE,
    "acquired": _ACTIVE + r"|" + _PASSIVE,
    "merged": _ACTIVE,
    "invested": _ACTIVE,
    "employs": _ACTIVE,
    "hired": _ACTIVE,
    "launched": _ACTIVE,
    "laid": _ACTIVE,
    "filed": _ACTIVE,
    "went": _ACTIVE,
    "partnered": _ACTIVE,
    # "X is an American multinational": what only a firm is.
    "multinational": r"[ \t]+(?:is|was)[ \t]+an?(?:[ \t]+" + UPPER + r"[\w-]*){0,2}",
    "hiring": r"[ \t]+(?:is|are|was|were)(?:[ \t]+(?:now|currently|still))?",
    "offices": _OWNS + r"|[ \t]+(?:has|have|had)",
    "founder": _OWNS,
    "stock": _OWNS,
    "shares": _OWNS,
    "founders": _OWNS,
    "spokesperson": _OWNS,
    "spokesman": _OWNS,
    "spokeswoman": _OWNS,
    "chairman": _OWNS,
    "board": _OWNS,
    "statement": _STATED,
    "release": _STATED + r"[ \t]+press",
}
# What must follow some cues: "laid off", "filed for bankruptcy", "went public".
_THEN: Final = {"laid": " off", "filed": " for bankruptcy", "went": " public"}
# The link is found first, then the name that ends where it begins: one pattern of names
# for every link (a name's pattern holds the class of every script's capitals, and
# compiling fewer is a faster start), and one short pattern per link, not per cue.
_PATTERN_OF_LINK: Final = {
    link: compiled(r"(?:" + link + r")[ \t]+$") for link in set(_LINKS.values())
}
_LINK_BEFORE: Final = {cue: _PATTERN_OF_LINK[link] for cue, link in _LINKS.items()}
_NAME_ENDING: Final = compiled(_RUN_BEFORE + r"$")
# A name beginning where a cue's words end, a number first or not. (The clues' patterns
# find their cue's words only, and these find the name: patterns of names hold the class
# of every script's capitals, and a few of them load faster than one in each pattern.)
_NAME_AT: Final = compiled(r"(?P<org>" + RUN + r")")


def _name_after(
    text: str, cue: re.Match[str] | None, numbered: bool = False
) -> re.Match[str] | None:
    """The name that begins where `cue` ends (with a number first when `numbered`)."""
    if cue is None:
        return None
    m = _NAME_AT.match(text, cue.end())
    if m is None or (not numbered and text[m.start()].isdigit()):
        return None
    return m
def _name_ending(text: str, end: int, width: int = 90) -> re.Match[str] | None:
    """The name that ends at `end`, of up to five words within `width` characters."""
    return _NAME_ENDING.search(text, max(0, end - width), end)


_SUBJECT_CUES: Final = cue_words(_LINKS)
# The cues that say "organisation" of one ordinary word capitalised inside its sentence.
_STRONG_SUBJECT_CUES: Final = frozenset(
    {"brainchild", "headquartered", "headquarters", "shareholders", "stockholders",
     "subsidiary", "subsidiaries", "incorporated", "invested", "multinational"}
)  # fmt: skip
# The cues that say "organisation" of one ordinary word opening its sentence too: no
# person, thing or department is the brainchild of founders or a multinational.
_DEFINING_CUES: Final = frozenset({"brainchild", "multinational"})
SUBJECT_REASON: Final = "an organisation doing what only one does ('X is headquartered in')"


def _subjects(text: str) -> Iterator[Clue]:
    for tok in tokens_for(text, _SUBJECT_CUES):
        if not text.startswith(_THEN.get(tok.lower, ""), tok.end):
            continue
        link = _LINK_BEFORE[tok.lower].search(text, max(0, tok.start - 40), tok.start)
        if link is None:
            continue
        m = _name_ending(text, link.start())
        if m is not None:
            strong = tok.lower in _STRONG_SUBJECT_CUES
            org = plausible_name(
                text,
                m.start("org"),
                m.end("org"),
                one_ordinary_word=strong,
                before=True,
                opening_word=tok.lower in _DEFINING_CUES,
            )
            yield org, SUBJECT_REASON, Label.ORGANIZATION


# --- an organisation's site and people ---------------------------------------------------
# "The Mint office is at ...", "the Harlow website", "the address of Compliance And Risks
# is", "the headquarters of Velmorra". A place or person there is found by its detector.
_SITES: Final = word_set(
    """
    office offices headquarters hq branch website store plant factory warehouse campus
    account subscription membership
    """
)  # (Not "app": "the Calm app", "my Notes app" name a product one uses, not a firm.)
# The people of an organisation ("the Glass Door team"): a department's too ("the Crisis
# team"), so one ordinary word before them is not taken.
_PEOPLE: Final = word_set(
    """
    team staff board employees workforce management employee spokesperson spokesman
    spokeswoman representative executive shareholders customers
    """
)
# "the Mint office", "a Velmorra spokesperson", "at Tarrowby headquarters".
_DETERMINERS: Final = word_set(
    "the a an at to from near outside inside visited my your our his her their"
)
_DETERMINER_BEFORE: Final = compiled(
    r"(?<![\w'\u2019-])(?i:the|a|an|at|to|from|near|outside|inside|visited|my|your|our|his|"
    r"her|their)[ \t]+$"
)
_BLANKS_BEFORE: Final = compiled(r"[ \t]+$")
# "Contact Mint customer service": a firm's customer service needs no article.
_SERVICE_AFTER: Final = compiled(r"[ \t]+(?i:service|services|support|care)\b")
_SERVICE: Final = cue_words({"customer"})
# "the address of X is", "the president of X", "shares of X".
_OF_SITE: Final = compiled(
    r"(?i:address|headquarters|offices|website|founders?|co-founders?|cofounder|shareholders|"
    r"employees|staff|ceo|cfo|cto|coo|president|chairman|chairwoman|chair|director|manager|"
    r"head|owner|shares|stock)[ \t]+of[ \t]+"
)
_OF_SITE_WORDS: Final = cue_words(
    word_set(
        """
        address headquarters offices website founder founders co-founder co-founders cofounder
        shareholders employees staff ceo cfo cto coo president chairman chairwoman chair
        director manager head owner shares stock
        """
    )
)
_SITE_WORDS: Final = cue_words(_SITES | _PEOPLE)
# Days a worker is "at" or a site visited "at": not a firm ("a teacher at Christmas").
HOLIDAYS: Final = word_set(
    "christmas easter thanksgiving halloween xmas hanukkah diwali eid ramadan passover new year"
)
SITE_REASON: Final = "an organisation's site or people ('the Mint office', 'the address of X')"


def _sites(text: str) -> Iterator[Clue]:
    words = tokenize(text)
    for tok in tokens_for(text, _SITE_WORDS):
        if not tok.text.islower():
            continue  # "the Head Office", "Post Office": a name of its own, or a heading
        at = index_of(text, tok)
        if at == 0 or not _name_like(words[at - 1].text):
            continue  # most of them: "the staff", "her team" (checked before any pattern)
        name = _after_determiner(text, tok.start)
        if name is not None:
            place = tok.lower in _SITES
            org = plausible_name(text, *name, one_ordinary_word=place, before=True)
            yield _not_holiday(text, org), SITE_REASON, Label.ORGANIZATION
    for tok in tokens_for(text, _OF_SITE_WORDS):
        m = _name_after(text, _OF_SITE.match(text, tok.start), numbered=True)
        if m is not None:
            # One ordinary word only after "the address of", "the CEO of" (not "head of
            # Year 9", "shares of Stock").
            one = text[max(0, tok.start - 4) : tok.start].lower().strip() == "the"
            org = plausible_name(text, m.start("org"), m.end("org"), one_ordinary_word=one)
            yield _not_holiday(text, org), SITE_REASON, Label.ORGANIZATION
    for tok in tokens_for(text, _SERVICE):
        if _SERVICE_AFTER.match(text, tok.end) is None:
            continue
        blanks = _BLANKS_BEFORE.search(text, max(0, tok.start - 8), tok.start)
        m = None if blanks is None else _name_ending(text, blanks.start(), 70)
        if m is not None:
            org = plausible_name(text, m.start("org"), m.end("org"), before=True)
            yield org, SITE_REASON, Label.ORGANIZATION


def _name_like(word: str) -> bool:
    """Can `word` end a name: capitalised, or a number?"""
    return word[0].isupper() or word[0].isdigit()


def _after_determiner(text: str, end: int) -> tuple[int, int] | None:
    """The name between a determiner ("the", "a", "at", "your") and the blanks before
    `end`: "the Mint| office", "The Mint| office" (the name found begins with "The")."""
    blanks = _BLANKS_BEFORE.search(text, max(0, end - 8), end)
    m = None if blanks is None else _name_ending(text, blanks.start(), 70)
    if m is None:
        return None
    start = m.start("org")
    first = _NAME_WORD.match(text, start)
    if first is not None and first.group().lower() in _DETERMINERS:
        rest = _NAME_AT.match(text, first.end() + 1) if first.end() < m.end("org") else None
        return (rest.start(), m.end("org")) if rest is not None else None
    if _DETERMINER_BEFORE.search(text, max(0, start - 12), start) is None:
        return None
    return start, m.end("org")


def _not_holiday(text: str, org: tuple[int, int] | None) -> tuple[int, int] | None:
    if org is None or text[org[0] : org[1]].lower() in HOLIDAYS:
        return None
    return org


# --- what only an organisation is the object of -------------------------------------------
# A bank, an insurer, a shop, a charity: "an account with X", "insured with X", "a loan
# from X", "shopping at X", "ordered it from X", "donated to X", "customers of X".
_OBJECT: Final = compiled(
    r"(?i:accounts?[ \t]+(?:with|at)|insured[ \t]+(?:with|by)|polic(?:y|ies)[ \t]+(?:with|from)|"
    r"loans?[ \t]+from|mortgage[ \t]+(?:with|from)|shopping[ \t]+at|shops[ \t]+at|"
    r"shopped[ \t]+at|(?:ordered|bought)[ \t]+(?:it[ \t]+|them[ \t]+)?from|"
    r"donated[ \t]+to|donations?[ \t]+to|grant[ \t]+from|funding[ \t]+from|"
    r"customers?[ \t]+of|clients[ \t]+of|subscribers[ \t]+of|users[ \t]+of|employee[ \t]+of|"
    r"banks?[ \t]+with|banking[ \t]+with|calling[ \t]+from|representing|welcome[ \t]+to|"
    r"choosing|partnership[ \t]+with|partnered[ \t]+with|collaboration[ \t]+with|"
    r"division[ \t]+of|powered[ \t]+by)"
    r"[ \t]+(?:the[ \t]+)?"
)
_OBJECT_WORDS: Final = cue_words(
    word_set(
        """
        account accounts insured policy policies loan loans mortgage shopping shops shopped
        ordered bought donated donation donations grant funding customer customers clients
        subscribers users employee bank banks banking calling representing welcome choosing
        partnership partnered collaboration division powered
        """
    )
)
OBJECT_REASON: Final = "an organisation after 'an account with', 'insured by', 'donated to'"


def _objects(text: str) -> Iterator[Clue]:
    for tok in tokens_for(text, _OBJECT_WORDS):
        m = _name_after(text, _OBJECT.match(text, tok.start))
        if m is not None:
            org = plausible_name(text, m.start("org"), m.end("org"))
            yield _not_holiday(text, org), OBJECT_REASON, Label.ORGANIZATION


# --- a firm in apposition: "Ostrelle, his biggest client, has cancelled" -------------------
_RELATIONS: Final = word_set(
    """
    client customer employer supplier competitor rival sponsor funder contractor
    subcontractor distributor vendor
    """
)
# (In brackets too: "Striebitz (her employer) has agreed".)
_APPOSITION: Final = compiled(
    r"(?:,[ \t]+|[ \t]\()(?i:his|her|their|our|my|your|the|a|an)[ \t]+(?:[a-z][\w-]*[ \t]+){0,2}$"
)
_RELATION_WORDS: Final = cue_words(_RELATIONS)
_KIND_WORDS: Final = cue_words(
    word_set("firm company agency consultancy insurer manufacturer retailer publisher startup")
)
APPOSITION_REASON: Final = "a firm named beside its relation to someone ('X, his biggest client,')"
KIND_REASON: Final = "a firm named beside its kind ('X, the accounting firm.')"


def _appositions(text: str) -> Iterator[Clue]:
    for tok in tokens_for(text, _RELATION_WORDS):
        if not text.startswith((",", ")"), tok.end):
            continue  # the clause closes after the noun: "X, his biggest client, has"
        clause = _APPOSITION.search(text, max(0, tok.start - 40), tok.start)
        if clause is not None and (text[tok.end] == ")") != ("(" in clause.group()):
            continue  # a bracket closes what a bracket opened, a comma what a comma did
        m = None if clause is None else _name_ending(text, clause.start())
        if m is None:
            continue
        org = plausible_name(text, m.start("org"), m.end("org"), before=True)
        label = Label.EMPLOYER if tok.lower == "employer" else Label.ORGANIZATION
        yield org, APPOSITION_REASON, label
    # A firm's own kind in apposition, the clause closing at a comma or the sentence's end:
    # "done by Morrow, the accounting firm." (a kind no person is).
    for tok in tokens_for(text, _KIND_WORDS):
        if not text.startswith((",", ")", "."), tok.end):
            continue
        clause = _APPOSITION.search(text, max(0, tok.start - 40), tok.start)
        if clause is None or "(" in clause.group():
            continue
        m = _name_ending(text, clause.start())
        if m is not None:
            org = plausible_name(text, m.start("org"), m.end("org"), one_ordinary_word=True)
            yield org, KIND_REASON, Label.ORGANIZATION
    # The other order: "my bank, Mint,", "her insurer, Blue Shield".
    for tok in tokens_for(text, _OWN_FIRM_WORDS):
        m = _name_after(text, _OWN_FIRM.match(text, tok.end))
        if m is None or not _OWNER_BEFORE.search(text, max(0, tok.start - 30), tok.start):
            continue
        org = plausible_name(text, m.start("org"), m.end("org"), one_ordinary_word=True)
        yield _not_holiday(text, org), APPOSITION_REASON, Label.ORGANIZATION


# A workplace named before the clause that says someone works there: "Techer, where she
# has worked for six years, is supportive", "Lumo, where he works nights".
_WORKED_WHERE: Final = compiled(
    r"(?i:where)[ \t]+(?:she|he|they|i|we|you)[ \t]+(?:has[ \t]+|have[ \t]+|had[ \t]+)?"
    r"(?:been[ \t]+|now[ \t]+|still[ \t]+)?(?:works?|worked|working|employed|volunteers?)\b"
)
_WHERE_WORDS: Final = cue_words({"where"})
WORKED_WHERE_REASON: Final = "a workplace before ', where she has worked'"


def _worked_where(text: str) -> Iterator[Clue]:
    for tok in tokens_for(text, _WHERE_WORDS):
        if text[max(0, tok.start - 2) : tok.start] != ", " or not _WORKED_WHERE.match(
            text, tok.start
        ):
            continue
        m = _name_ending(text, tok.start - 2)
        if m is not None:
            org = plausible_name(text, m.start("org"), m.end("org"), before=True)
            yield org, WORKED_WHERE_REASON, Label.EMPLOYER


# A business one has, then its name: "my bank, Mint", "his insurer, Blue Shield".
_OWN_FIRMS: Final = word_set(
    "bank insurer lender broker supplier provider landlord carrier sponsor"
)
_OWN_FIRM_WORDS: Final = cue_words(_OWN_FIRMS)
_OWN_FIRM: Final = compiled(r",?[ \t]+")
_OWNER_BEFORE: Final = compiled(
    r"(?i:my|our|his|her|their|your)[ \t]+(?:[a-z][\w-]*[ \t]+){0,2}$"
)

# --- a worker "at" a firm: "line cook at CT Technologies", "a nurse with Quillory" ---------
_JOBS: Final = word_set(
    """
    assistant cook chef driver nurse teacher engineer developer designer analyst manager
    director consultant accountant clerk cashier receptionist technician operative officer
    administrator coordinator intern apprentice employee worker staffer trainee cleaner
    porter labourer laborer mechanic electrician plumber carpenter waiter waitress bartender
    barista guard representative rep agent adviser advisor scientist researcher
    lecturer secretary executive associate programmer architect editor writer reporter
    journalist producer pharmacist paralegal solicitor banker trader broker auditor buyer
    planner specialist courier packer picker fitter welder machinist baker butcher
    hairdresser stylist housekeeper caretaker carer salesperson cashier storeman foreman
    role career stint tenure post ceo cto cfo coo vp founder co-founder president partner
    """
)
_JOB_AT: Final = compiled(r"(?i:[a-z-]+)[ \t]+(?:at|for|(?P<with>with))[ \t]+(?:the[ \t]+)?")
_JOB_WORDS: Final = cue_words(_JOBS)
_AT_FOR_WITH: Final = (" at ", " for ", " with ", "\tat", "\tfor", "\twith")
JOB_REASON: Final = "an employer after a job and 'at' ('line cook at X', 'a role with X')"


def _workplaces(text: str) -> Iterator[Clue]:
    for tok in tokens_for(text, _JOB_WORDS):
        if not text.startswith(_AT_FOR_WITH, tok.end):
            continue  # most of them: no "at", "for" or "with" next
        cue = _JOB_AT.match(text, tok.start)
        m = _name_after(text, cue)
        if cue is not None and m is not None:
            # One ordinary word capitalised inside a sentence will do ("a cook at Mint"),
            # but not a holiday ("a teacher at Christmas").
            org = plausible_name(text, m.start("org"), m.end("org"), one_ordinary_word=True)
            if org is not None and cue.group("with") and text[org[0] : org[1]].isupper():
                continue  # "a worker with SIGTERM": an acronym after "with" is a thing
            yield _not_holiday(text, org), JOB_REASON, Label.EMPLOYER


# --- a person "from" a firm: "Stefanie Schneider from Quorvane is the keynote speaker" -----
# After a person's name found, "from" names where they come from: a firm or a town (a town
# is found by its detector, whose span outranks this one). One ordinary word is not taken
# ("Kate from Work").
_FROM: Final = compiled(r"[ \t]+from[ \t]+(?:the[ \t]+)?")
FROM_REASON: Final = "an organisation a person found is from ('Ana Holm from Quorvane')"


def _from_after_names(text: str, found: list[Span]) -> Iterator[Clue]:
    for span in found:
        if span.label is not Label.NAME or not text.startswith(" from ", span.end):
            continue
        m = _name_after(text, _FROM.match(text, span.end))
        if m is not None:
            yield plausible_name(text, m.start("org"), m.end("org")), FROM_REASON, (
                Label.ORGANIZATION
            )


# --- a letter's head: the lines above "Re:" or "Dear" ---------------------------------------
# "Payroll\nPellacourt\n\nRe: ...": a letter opens with its sender's name, a line of its
# own. A line there of one to four capitalised words, one of them in no dictionary, is the
# sender (a person there is found by the name detector, whose span outranks this one).
_LETTER_OPENERS: Final = cue_words({"re", "dear"})
_HEAD_LINE: Final = compiled(
    r"[ \t]*(?P<org>" + UPPER + r"[\w'\u2019.&-]*(?:[ \t]+[\w'\u2019.&-]+){0,3})[ \t]*$"
)
HEAD_REASON: Final = "a line of a letter's head above 'Re:' or 'Dear'"


def _letter_heads(text: str) -> Iterator[Clue]:
    common = common_words()
    for tok in tokens_for(text, _LETTER_OPENERS):
        line_start = text.rfind("\n", 0, tok.start) + 1
        if text[line_start : tok.start].strip() or (
            tok.lower == "re" and not text.startswith(":", tok.end)
        ):
            continue
        # The head: the block of lines just above, after at most one blank line.
        end = line_start - 1
        for _ in range(2):
            if end > 0 and not text[text.rfind("\n", 0, end) + 1 : end].strip():
                end = text.rfind("\n", 0, end)
        for _ in range(4):
            if end <= 0:
                break
            start = text.rfind("\n", 0, end) + 1
            m = _HEAD_LINE.fullmatch(text, start, end)
            if m is None:
                break
            words = m.group("org").split()
            if any(w[0].isupper() and w.lower().strip(".,") not in common for w in words):
                org = plausible_name(text, m.start("org"), m.end("org"))
                yield org, HEAD_REASON, Label.ORGANIZATION
            end = start - 1


# --- a list of names, one of them cut short ------------------------------------------------
# "Demystdata, Reed Elsevier and T Rowe Price": the items of a list are of one kind; where
# two of three are found, the words of the third no span covers ("T") are found with it.
_JOIN: Final = r"(?:,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+)"
_JOIN_AFTER: Final = compiled(_JOIN)
LIST_REASON: Final = "an item of a list of names found ('A, B and C')"


_NUMBER_AFTER: Final = compiled(r"[ \t]*\d")
_JOIN_BEFORE: Final = compiled(_JOIN + r"$")


def _list_items(text: str, spans: list[Span], found: list[Span]) -> Iterator[Clue]:
    """The items next to a name found in a list of three or more, one before it and one
    after it. An item joined to the name by "and", or listed with an organisation, may be
    one ordinary word capitalised inside the sentence ("Tovantis, Glimmer and Sable Works");
    an item of a list of words ("a device, URL, IP") or figures ("2007, 2008") is none, and
    so is a part of an address ("12 Elm Street, Fifth Floor, Boston")."""
    places: _Places | None = None
    for span in found:
        joined = text.endswith((", ", " and "), 0, span.start)
        after = None
        if text.startswith((",", " and"), span.end):
            after = _name_after(text, _JOIN_AFTER.match(text, span.end), numbered=True)
        if not joined and after is None:
            continue  # most names: in no list
        if after is not None and _NUMBER_AFTER.match(text, after.end()):
            continue  # an address's town and region: "Pughshire, NH 06886"
        firm = span.label in (Label.ORGANIZATION, Label.EMPLOYER)
        items: list[tuple[int, int] | None] = []
        if joined and after is not None:
            one = firm or text.startswith(" and ", span.end)
            items.append(_item(text, after.start("org"), after.end("org"), one, firm, before=False))
        if joined:
            # The item before begins after the comma before it, if any ("A, B and C"): the
            # search starts there, not at each of the 60 characters before.
            join_at = _JOIN_BEFORE.search(text, max(0, span.start - 8), span.start)
            before = None
            if join_at is not None:
                join, lo = join_at.start(), max(0, span.start - 60)
                lo = max(lo, text.rfind(",", lo, join) + 1, text.rfind("\n", lo, join) + 1)
                before = _NAME_ENDING.search(text, lo, join)
            if before is not None and (
                after is not None or text.endswith(", ", 0, before.start())
            ):
                one = firm or text.endswith(" and ", 0, span.start)
                start, end = before.start("org"), before.end("org")
                items.append(_item(text, start, end, one, firm, before=True))
        if not any(items):
            continue
        if places is None:
            places = _Places([s for s in spans if s.label in _PLACES])
        if places.overlap(span.start, span.end):
            continue  # a town or street in a list: an address
        for item in items:
            yield item, LIST_REASON, Label.ORGANIZATION


class _Places:
    """The places found in a text, asked whether any overlaps a stretch of it.

    Each name in a list was compared with every place of the text: in a long text, with
    thousands of each, a sixth of the analysis. Sorted by start, with the furthest end
    reached so far: a place overlaps [start, end) when one that begins before `end` ends
    after `start`, that is when the furthest end of those is after `start`."""

    __slots__ = ("furthest_ends", "starts")

    def __init__(self, places: list[Span]) -> None:
        ordered = sorted((p.start, p.end) for p in places)
        self.starts = [start for start, _ in ordered]
        self.furthest_ends = list(itertools.accumulate((end for _, end in ordered), max))

    def overlap(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self.starts, end)  # the places that begin before `end`
        return k > 0 and self.furthest_ends[k - 1] > start


def _item(
    text: str, start: int, end: int, one: bool, firm: bool, *, before: bool
) -> tuple[int, int] | None:
    """A list's item as a name: with a letter, and no acronym alone unless listed with a firm."""
    item = text[start:end]
    if not any(c.isalpha() for c in item) or (not firm and item.isupper() and " " not in item):
        return None
    org = plausible_name(text, start, end, one_ordinary_word=one, before=before)
    if org is not None and _starts_sentence(text, org[0]):
        first = text[org[0] : org[1]].split()[0]
        if first.lower() in common_words():
            return None  # "Dropped Redis, Arrow and Blessed": the sentence's verb first
    return org


_PLACES: Final = frozenset({Label.ADDRESS, Label.CITY, Label.ZIP, Label.COUNTY, Label.PLACE})


# --- what "its" points back to: "Velmorra cut its workforce", "support X in Y in its mission"
# An organisation's "its": its staff, offices, customers, mission. What it points back to
# is the nearest name before it in its sentence that is not a place or a person found.
_ITS_NOUNS: Final = word_set(
    """
    ceo employees staff workforce headquarters offices office shareholders customers clients
    founders founder board products stores branches factories brand mission subsidiary
    website app shares stock profits revenue
    """
)
_ITS: Final = cue_words({"its"})


def _names_in(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The names in `text[start:end]`, each beginning a word, in order."""
    while True:
        m = _NAME_AT.search(text, start, end)
        if m is None:
            return
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in _INSIDE):
            start = m.start() + 1  # inside a word ("macOS")
            continue
        yield m
        start = m.end()


_INSIDE: Final = "_'\u2019.&-"
_SENTENCE_STOP: Final = compiled(r"[.!?\n]")
ITS_REASON: Final = "the organisation 'its staff', 'its mission' points back to"


def _its_owners(text: str, spans: list[Span]) -> Iterator[Clue]:
    for tok in tokens_for(text, _ITS):
        then = _NAME_WORD.match(text, tok.end + 1)
        if then is None or then.group().lower() not in _ITS_NOUNS:
            continue
        start = _sentence_start(text, tok.start)
        others = [s for s in spans if s.label in _NOT_OWNERS and s.end > start]
        names = list(_names_in(text, start, tok.start))
        for m in reversed(names):
            if any(s.start <= m.start("org") and m.end("org") <= s.end for s in others):
                continue  # a place or person found whole: the name before it is the owner
            yield (
                plausible_name(text, m.start("org"), m.end("org")),
                ITS_REASON,
                (Label.ORGANIZATION),
            )
            break


_NOT_OWNERS: Final = frozenset(
    {Label.CITY, Label.COUNTY, Label.PLACE, Label.ADDRESS, Label.ZIP, Label.NAME, Label.RELATIVE}
)


# --- the same clues in a text written all in lower case ------------------------------------
# Without capitals a name has no edges but the clue's own words: the subject between the
# sentence's start and "is the brainchild of", the words between "the address of" and "is",
# between "the" and "office". And no capital tells a name from words ("the whole plan is
# the brainchild of"): a word of it must be in no dictionary ("collective ip").
_LOWER_RUN: Final = r"(?P<org>[^\W\d_][\w'\u2019.&-]*(?:[ \t]+[^\W\d_][\w'\u2019.&-]*){0,3})"
# (The link is found first, as for capitalised names, then the words from the sentence's
# start to it.)
_LOWER_SUBJECT: Final = compiled(r"[ \t\"\u201c(]*" + _LOWER_RUN + r"$")
_LOWER_SITE: Final = compiled(r"the[ \t]+" + _LOWER_RUN + r"[ \t]+$")
_LOWER_OF_SITE: Final = compiled(
    r"(?:address|headquarters|offices|website|founders?|ceo|president|owner)[ \t]+of[ \t]+"
    + _LOWER_RUN
    + r"(?=[ \t]+(?:is|was|has|are|were)\b|,)"
)


def _lower_case(text: str) -> Iterator[Clue]:
    for tok in tokens_for(text, _SUBJECT_CUES):
        if not text.startswith(_THEN.get(tok.lower, ""), tok.end):
            continue
        start = _sentence_start(text, tok.start)
        link = _LINK_BEFORE[tok.lower].search(text, max(start, tok.start - 40), tok.start)
        m = None if link is None else _LOWER_SUBJECT.match(text, start, link.start())
        if m is not None:
            yield (
                _lower_name(text, m.start("org"), m.end("org")),
                SUBJECT_REASON,
                (Label.ORGANIZATION),
            )
    for tok in tokens_for(text, _SITE_WORDS):
        m = _LOWER_SITE.search(text, max(0, tok.start - 50), tok.start)
        if m is not None and tok.lower in _SITES:
            yield _lower_name(text, m.start("org"), m.end("org")), SITE_REASON, (Label.ORGANIZATION)
    for tok in tokens_for(text, _OF_SITE_WORDS):
        m = _LOWER_OF_SITE.match(text, tok.start)
        if m is not None:
            yield _lower_name(text, m.start("org"), m.end("org")), SITE_REASON, (Label.ORGANIZATION)


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence (or line) that `at` is in begins, looking back 90 characters."""
    start = max(0, at - 90)
    for stop in _SENTENCE_STOP.finditer(text, start, at):
        if stop.group() != "." or before_full_stop(text, start, stop.end()) == stop.start():
            start = stop.end()
    return start


def _lower_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The words `text[start:end]` as a name in lower-case text: no function word, title or
    relative first, and a word in no dictionary among them."""
    words = text[start:end].split()
    common, closed = common_words(), closed_class()
    if words[0] in closed or words[0] in _PERSON_FIRST:
        return None
    if not any(w.strip(".'\u2019") not in common and w not in closed for w in words):
        return None
    return start, end


def clues(text: str, spans: list[Span], found: list[Span]) -> Iterator[Clue]:
    """Every organisation a clue above points at, with its reason and label (None where the
    words pointed at cannot be a name); `spans` are all the spans found, `found` the names
    and organisations among them."""
    yield from _subjects(text)
    yield from _sites(text)
    yield from _appositions(text)
    yield from _worked_where(text)
    yield from _objects(text)
    yield from _workplaces(text)
    yield from _letter_heads(text)
    yield from _list_items(text, spans, found)
    yield from _from_after_names(text, found)
    yield from _its_owners(text, spans)
    if text.islower():
        yield from _lower_case(text)


CLUE_WORDS: Final = cue_words(
    _SUBJECT_CUES
    | _SITE_WORDS
    | _OF_SITE_WORDS
    | _SERVICE
    | _OBJECT_WORDS
    | _RELATION_WORDS
    | _KIND_WORDS
    | _WHERE_WORDS
    | _OWN_FIRM_WORDS
    | _JOB_WORDS
    | _LETTER_OPENERS
    | _ITS
)
"""Every cue word of the clues: a text with none of them and no name found has no clue."""
