"""Employers, schools, and named organisations and places (quasi-identifiers, APA 4.07).

A run of capitalised words that ends in a kind word ("Lincoln Middle School",
"St. Mark's Church", "Acme Logistics", "Planet Fitness") is a SCHOOL, PLACE or
ORGANIZATION; a capitalised name after an employment cue ("works at Dunkin'")
is an EMPLOYER, after a study cue ("attends Northfield") a SCHOOL.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, before_full_stop, register
from sealbook.core.deid.detectors.capital_letter_companies import capital_letter_companies
from sealbook.core.deid.detectors.colour_surnames import COLOUR_SURNAMES
from sealbook.core.deid.detectors.company_forms import (
    foreign_form_companies,
    hyphenated_partners,
    is_brand_in_camel_case,
    lower_case_family_firms,
    particle_partners,
)
from sealbook.core.deid.detectors.listed_securities import listing_names
from sealbook.core.deid.detectors.not_persons import instrument
from sealbook.core.deid.detectors.organisation_clues import (
    CLUE_WORDS,
    HOLIDAYS,
    PERSON_WORDS,
    clues,
    where_a_firm_is,
)
from sealbook.core.deid.detectors.services import generic_service, generic_service_text
from sealbook.core.deid.detectors.southeast_asian_forms import southeast_asian_companies
from sealbook.core.deid.lexicon import (
    SETTLEMENT_WORDS,
    all_given_names,
    cities,
    cities_lower,
    closed_class,
    common_words,
    countries,
    drug_names,
    frequent_surnames,
    given_names,
    is_country,
    month_given_names,
    never_a_name,
    surnames,
    us_states,
    word_set,
)
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import NAME_LABELS, WEAK_INSTITUTION, Label, Span
from sealbook.core.deid.tokens import UPPER, cue_words, cued_matches, tokens_for

# The words of a name: capitalised words and the few small words inside names ("Bank of
# America", "Boys and Girls Club"). Not "at" or "on": "Session at Lincoln Middle School"
# and "Kate at Acme Logistics" are two things, not one name.
# (A capital of any alphabet: "Ásgeirsson Security", "Ólafsson Dental Care".)
_CAP: Final = r"(?:" + UPPER + r"[\w'\u2019.&-]*|&|of|the|and|for|de)"
# Kind words that also name a department or a generic service ("Social Services",
# "Occupational Health", "Private Practice"), and industry words ("Catering", "Freight"):
# they end a name only when it has two words before them, or a word in no dictionary
# ("Quorvane Catering", "Old Mill Joinery"; not "Student Services").
_WEAK_KINDS: Final = (
    r"Services|Service|Health|Healthcare|Medical|Insurance|Finance|Financial|Research|Law|"
    r"Practice|Surgery|Network|Security|Catering|Freight|Haulage|Interiors|Print|Printing|"
    r"Recruitment|Joinery|Engineering|Cleaning|Design|Publishing|Transport|Shipping|Removals|"
    r"Roofing|Plumbing|Builders|Architects|Surveyors|Consultancy|Partnership|Collective|"
    r"Cooperative|Pharmaceuticals|Robotics|Electronics|Communications|Marketing|Advertising|"
    r"Textiles|Dynamics|Innovations|Dental|Travel|Pharma|Optics|Tours|Imports|Exports"
)
_KINDS: Final[tuple[tuple[Label, str], ...]] = (
    (Label.SCHOOL, r"School|Academy|College|University|Institute|Elementary|Preschool|"
                   r"Kindergarten|Seminary|Conservatory|High|Montessori"),
    (Label.PLACE, r"Church|Chapel|Cathedral|Temple|Synagogue|Mosque|Gym|Fitness|YMCA|YWCA|Park|"
                  r"Stadium|Arena|Mall|Library|Museum|Cafe|Café|Bar|Pub|Restaurant|Diner|Grill|"
                  r"Bakery|Club|Center|Centre|Hospital|Clinic|Shelter|Prison|Jail|Camp|Studio|Salon|"
                  r"Lodge|Hotel|Motel|Farm|Ranch|Marina|Golf Course|Country Club|Rink|Pool|"
                  r"Ministries|Parish|Congregation|Dojo|CrossFit|Brewery|Tavern|Plaza"),
    (Label.ORGANIZATION, r"Inc|LLC|Ltd|Corp|Corporation|Company|Co|Group|Bank|Foundation|"
                         r"Associates|"
                         r"Partners|Industries|Technologies|Tech|Systems|Solutions|Agency|"
                         r"Department|Dept|Bureau|Council|Association|Society|League|Union|Team|"
                         r"Market|Motors|Pharmacy|Stores?|Airlines|Labs?|Media|Consulting|"
                         r"Enterprises|Holdings|Logistics|Construction|Realty|Firm|"
                         r"Bakeries|Foods|Brewing|Manufacturing|Energy|Airways|"
                         r"Trust|Capital|Ventures|Studios|Press|Records|Academy|Police|Fire|"
                         r"Incorporated|Software|Investments|Insights|"
                         r"Markets|Transit|Lines|Movers|Analytics|Networks|Orchestra|Sons|"
                         r"Brothers|International|Unlimited|PLC|LLP|PLLC|GmbH|Limited|"
                         # A bank's holding company ("Northeast Bancorp").
                         r"Bancorp|Bancshares|Bankshares|"
                         + _WEAK_KINDS),
)  # fmt: skip
_CAPITALS_REASON: Final = (
    "a company written in capitals with its legal form ('NICCA CHEMICAL CO.LTD.')"
)
_LISTING_REASON: Final = (
    "a company or fund named as a stock list writes it ('ACME CORP/ADR', 'X Fund')"
)
# The number of a company in a series, after its form or its last kind word: "Dragoneer
# Growth Opportunities Corp. III", "Apollo Strategic Capital II" (issue 13, twelfth round);
# "I" only before a comma or a semicolon ("... Acquisition Corp. I, CITIC ..."), never the
# pronoun ("Acme Corp. I think"); "V" and "X" never before a full stop (an initial: "Acme
# Group V. Smith").
_SERIES: Final = (
    r"(?:[^\S\n]+(?:(?:II|III|IV|VI|VII|VIII|IX)\b(?![\w'\u2019-])|(?:V|X)(?![\w.'\u2019-])"
    r"|I(?=[,;])))?"
)
# What an organisation is of, after its kind word: "Royal Bank of Canada", "Oriental Bank of
# Commerce" (issue 13, thirteenth round); a given name there begins a person ("the Trust
# of Kate Moore" keeps Kate out of it).
_OF_WHAT: Final = (
    r"(?P<of>[^\S\n]+of(?:[^\S\n]+" + UPPER + r"[\w'\u2019-]*(?![\w.'\u2019-])){1,2})?"
)
# A name ends at its last kind word: "Kennedy High School", not "Kennedy High"; a legal
# form after it may follow its stop unspaced ("Pharma Foods International Co.Ltd.").
_NAMED: Final = tuple(
    (label, compiled(
        r"\b(?:" + UPPER + r"[\w'\u2019.&-]*[^\S\n]+)"
        r"(?:" + _CAP + r"[^\S\n]+){0,4}?(?:" + kinds + r")\b"
        r"(?:[^\S\n]+(?:" + kinds + r")\b)*\.?"
        + (_OF_WHAT if label is Label.ORGANIZATION else "")
        + r"(?:(?:,?[^\S\n]+|(?<=\.))(?:Inc|LLC|Ltd|PLC|Corp|Co|Company|Group|LLP|LP|L\.P)\b\.?)?"
        r"(?:(?:[^\S\n]+|(?<=\.))Limited\b)?"
        + (_SERIES if label is Label.ORGANIZATION else "")))
    for label, kinds in _KINDS
)  # fmt: skip
_UNIVERSITY_OF: Final = compiled(
    r"\b(?:University|College|Institute) of(?:\s+" + UPPER + r"[\w'\u2019.-]*){1,4}"
)
_UNIVERSITY_WORDS: Final = cue_words({"university", "college", "institute"})
_PROPER: Final = (
    r"(?P<org>(?:[A-Z0-9][\w'\u2019.&-]*)(?:\s+(?:[A-Z0-9][\w'\u2019.&-]*|&|of|and|the|de)){0,4})"
)
# A run of capitalised words (or a number) on one line, with the small words inside names.
_NAME_RUN_CUE: Final = (
    r"(?:" + UPPER + r"|[0-9])[\w'\u2019.&-]*"
    r"(?:[ \t]+(?:(?:" + UPPER + r"|[0-9])[\w'\u2019.&-]*|&|of|and|the|de)){0,4}"
)
# Each pattern with the words it can begin with: it is tried only at those, not at every
# word of `_ORG_CUE_WORDS` (a pattern cannot match at another pattern's first word).
_CUES: Final[tuple[tuple[Label, frozenset[str], re.Pattern[str]], ...]] = (
    # The cue words in either case: a form's field ("Employer: Acme") and a sentence's
    # first word ("Works at Acme") are capitalised.
    (Label.EMPLOYER, cue_words(word_set(
        "works work working worked employed job hired fired laid interns intern interning "
        "interned shifts shift position manager supervisor boss promoted volunteers volunteer "
        "volunteering")), compiled(
        r"\b(?i:works?|working|worked|employed|job|hired|fired|laid off|interns?|interning|"
        r"interned|shifts?|position|manager|supervisor|boss|promoted|volunteers?|volunteering)"
        r"\s+(?:at|for|by|with|from)\s+(?:the\s+)?" + _PROPER)),
    (Label.EMPLOYER, cue_words(word_set("current previous former employer workplace company")),
     compiled(
        r"\b(?i:(?:current |previous |former )?employer|workplace|company)\s*(?:is|was|,|:)\s*"
        r"(?:the\s+)?" + _PROPER)),
    (Label.SCHOOL, cue_words(word_set(
        "attends attend attending attended enrolled student graduated studies studying dropped "
        "transferred grade classes")), compiled(
        r"\b(?:attends?|attending|attended|enrolled at|enrolled in|student at|graduated from|"
        r"studies at|studying at|dropped out of|transferred to|grade at|classes at)\s+(?:the\s+)?"
        + _PROPER)),
    (Label.ORGANIZATION, cue_words(word_set("plays play member joined coaches sings serves goes")),
     compiled(
        r"\b(?:plays? for|plays? on|member of|joined|coaches|sings in|serves at|goes to church at)"
        r"\s+(?:the\s+)?" + _PROPER)),
)  # fmt: skip


_A_TIME: Final = compiled(r"\d{1,2}(?:[:.]\d\d)?(?:[ \t]?(?:am|pm|a\.m|p\.m))?\.?")


def _last_words(kinds: str) -> frozenset[str]:
    """The words a kind can end with: "Golf Course" ends with "Course", "Stores?" with
    "Store" or "Stores"."""
    words = set()
    for kind in kinds.split("|"):
        last = kind.split(" ")[-1]
        words |= {last[:-2], last[:-1]} if last.endswith("s?") else {last}
    return frozenset(words)


_KIND_WORDS: Final = {label: _last_words(kinds) for label, kinds in _KINDS}
_KIND_LOWER: Final = {
    label: cue_words(w.lower() for w in words) for label, words in _KIND_WORDS.items()
}
KIND_WORDS: Final[frozenset[str]] = frozenset().union(*_KIND_LOWER.values())
"""Every word a named school, place or organisation can end with, lower-cased."""
SCHOOL_WORDS: Final[frozenset[str]] = _KIND_LOWER[Label.SCHOOL]
"""The words a named school can end with ("High", "Elementary"), lower-cased: a person's
name never ends with one, so the person detector stops before them."""
_ORG_CUE_WORDS: Final = cue_words(frozenset().union(*(cues for _, cues, _ in _CUES)))
_LOOKBACK: Final = 120


_WEAK_KIND_WORDS: Final = frozenset(w.lower() for w in _WEAK_KINDS.split("|"))


def _named_enough(words: list[str]) -> bool:
    """Whether a name ending in a weak kind word ("Services") names one organisation: two
    words before its kind words, or one in no dictionary ("Quorvane Catering")."""
    kinds = [w.strip(".,").lower() for w in words]
    if kinds[-1] not in _WEAK_KIND_WORDS:
        return True
    while kinds and kinds[-1] in KIND_WORDS:
        kinds.pop()
    closed, common = closed_class(), common_words()
    name = [w for w in kinds if w not in closed]
    return len(name) >= 2 or any(w.strip("'\u2019") not in common for w in name)


def _article(phrase: str) -> str:
    return ("an " if phrase[0] in "aeiou" else "a ") + phrase


_TRAILING_WORDS: Final = compiled(r"(?:\s+(?:of|and|the|de|&))+$")


# A full stop inside the words after a cue, before a blank or a line break. (The stop first,
# the character before it checked behind: a pattern that begins with a literal lets the
# regex engine skip to the stops, instead of trying a look-behind at every character.)
_STOP_INSIDE: Final = compiled(r"\.(?<=\S\.)(?=\s)")


def _within_sentence(org: str) -> str:
    """`org` up to the full stop that ends its sentence, if any ("Blue Harbor Church.\nNext")."""
    for stop in _STOP_INSIDE.finditer(org):
        if before_full_stop(org, 0, stop.end()) == stop.start():
            return org[: stop.start()]
    return org


# A first word joined to the rest by "of" or "for" ("Parents of Lincoln Middle School"),
# and a first word that owns the rest ("Kate's Lincoln Middle School friends").
_JOINED_FIRST: Final = compiled(r"(\S+)\s+(?:(?:of|for|the)\s+)+")
_LEAD_AND_THE: Final = compiled(r"(?:(\w+)\s+)?and\s+the\s+")
_CALENDAR_DAYS: Final = word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday weekend january february
    march april may june july august september october november december
    """
)
_OWNER_FIRST: Final = compiled(r"([A-Z][\w-]*)['\u2019]s\s+([\w'\u2019.&-]+)")


def _starts_sentence(text: str, at: int) -> bool:
    i = at
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i == 0 or text[i - 1] in '.!?:;\n"\u201c('


# Words that open an organisation's name joined to the rest by "of" ("Friends of the Park
# Association", "Church of Christ Ministries").
_OF_OPENERS: Final = word_set(
    "friends sisters brothers daughters sons knights order church house people"
)


def _name_start(text: str, start: int, end: int) -> int:
    """Where the name in ``text[start:end]`` begins, after the words before it that the
    pattern took with it: an ordinary word that is capitalised only because it begins a
    sentence ("Parents of ..."), or a person who owns the place ("Kate's Lincoln Middle
    School", but not "St. Mary's Hospital" or "Joe's Grill", whose kind word follows)."""
    # "Dobrosław Tomaszewski of Fernandez Inc.": a person of the organisation before "of",
    # when no kind word stands before it (as in "Bank of Montreal Group").
    # The first "of" that has no kind word before it: "Duqyaha Karataev of Bank of Hawaii
    # Corporation" is a person of the Bank of Hawaii Corporation.
    # "on Fridays and the Hearing Voices Group", "Kate and the Recovery Group": a day or a
    # person, then "and the" before the name, are no words of it.
    lead = _LEAD_AND_THE.match(text, start, end)
    if lead is not None and (
        lead.group(1) is None
        or lead.group(1).lower().removesuffix("s") in _CALENDAR_DAYS
        or lead.group(1).lower() in all_given_names()
    ):
        return lead.end()
    of_at = text.find(" of ", start, end)
    while of_at > start:
        before = text[start:of_at].split()
        if any(w.strip(".,").lower() in KIND_WORDS for w in before):
            break
        if before[0].lower() not in KIND_WORDS and before[0].lower() not in _OF_OPENERS:
            return of_at + 4
        of_at = text.find(" of ", of_at + 4, end)
    joined = _JOINED_FIRST.match(text, start, end)
    if joined is not None and _starts_sentence(text, start):
        first = joined.group(1).lower()
        if first in common_words() and first not in KIND_WORDS:
            return joined.end()
    owner = _OWNER_FIRST.match(text, start, end)
    if owner is not None:
        person, then = owner.group(1).lower(), owner.group(2).lower()
        if (
            (person in given_names() or person in surnames())
            and person not in common_words()
            and then not in KIND_WORDS
        ):
            return owner.start(2)
    # "Is Albuquerque Bakery still open?": a question's verb opens the sentence, not the name.
    verb = _FIRST_VERB.match(text, start, end)
    if (
        verb is not None
        and verb.group(1).lower() in _QUESTION_VERBS
        and _starts_sentence(text, start)
    ):
        return verb.end()
    return start


_FIRST_VERB: Final = compiled(r"([A-Za-z]+)[ \t]+")
_QUESTION_VERBS: Final = word_set(
    "is are was were does did do has have had can could will would should may might must"
)


# A firm named after its partners: "Webb, Bowen and Ruiz", "Hill & Stone LLP", after
# "solicitors", "attorneys", "the law firm"... It is one identifier, not three names.
_PARTNER = r"(?:" + UPPER + r"[\w'\u2019-]*)"
FIRM: Final = compiled(
    r"(?i:solicitors?|attorneys?|lawyers?|law firm|law offices? of|firm|accountants?|"
    r"represented by|counsel)[,:]?[ \t]+(?:(?i:of|at|from)[ \t]+)?(?:the[ \t]+)?"
    r"(?P<firm>"
    + _PARTNER
    + r"(?:,[ \t]+"
    + _PARTNER
    + r"){0,3},?[ \t]+(?:and|&)[ \t]+"
    + _PARTNER
    + r"(?:,?[ \t]+(?:LLP|LLC|PLLC|PC|P\.C\.|Ltd|PLC|Solicitors|Attorneys|Law))?)"
)
_FIRM_REASON: Final = "a firm named after its partners, after 'solicitors' or 'attorneys'"
_FIRM_CUES: Final = cue_words(
    word_set(
        "solicitor solicitors attorney attorneys lawyer lawyers law firm accountant "
        "accountants represented counsel"
    )
)
# Clubs and societies whose name begins with their town ("the Bath Rowing Club"): the
# town is a city under Safe Harbor even inside the club's name.
_TOWN_CLUB_KINDS: Final = frozenset(
    {"club", "society", "league", "association", "council", "team", "union", "orchestra"}
)


_WORD: Final = compiled(r"[^\W\d_][\w'\u2019-]*")


def _town_first(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The town that begins the club `text[start:end]`, if any: a gazetteer town, or the
    words in no dictionary before the ordinary words of the club's kind ("the Kisumu Rowing
    Club", "UPTON SCUDAMORE Country Club"), which name a place more often than not."""
    words = list(_WORD.finditer(text, start, end))
    if len(words) < 2 or words[-1].group().lower() not in _TOWN_CLUB_KINDS:
        return None
    gazetteer = cities()
    for n in range(min(3, len(words) - 1), 0, -1):
        name = text[words[0].start() : words[n - 1].end()]
        if name in gazetteer:
            # A part of the town named after it ("Bielefeld Gräfinghagen Country Club").
            rest = _unknown_words_first(words[n:-1])
            if rest is not None and text[words[n - 1].end() : rest[0]] == " ":
                return words[0].start(), rest[1]
            return words[0].start(), words[n - 1].end()
    return _unknown_words_first(words[:-1])


def _generic_after(text: str, start: int, end: int) -> bool:
    """Whether the words of a club's name after its town are all ordinary words ("Rowing
    Club" in "the Pécs Rowing Club"): such a place is named by its town alone, so the town
    is the identifier and its ordinary words are left as they are. (Not an organisation's:
    "Ibadan Credit Union" is an organisation of its own, a quasi-identifier whole.)"""
    common = common_words()
    return all(w.group().lower() in common for w in _WORD.finditer(text, start, end))


def _unknown_words_first(words: list[re.Match[str]]) -> tuple[int, int] | None:
    """The leading words in no dictionary, name list of places' states or countries, when
    every word after them is an ordinary word ("Beerze" in "Beerze Country Club")."""
    common = common_words()
    n = 0
    # A town's article before it and particles inside it ("El Marja", "Las Torres de
    # Cotillas", "Arneiro de Cima Country Club"), each before a word in no dictionary.
    while n < len(words) and n < 5:
        word = words[n].group()
        # (A given name after a particle is the town's too: "Pedraza de Alba Country Club".)
        after_particle = n > 0 and words[n - 1].group() in _TOWN_PARTICLES
        if (
            ((n == 0 and word in _TOWN_ARTICLES) or (n > 0 and word in _TOWN_PARTICLES))
            and n + 1 < len(words)
            and _proper(words[n + 1].group(), common, given=frozenset())
        ):
            n += 1
            continue
        if not _proper(word, common, given=frozenset() if after_particle else None):
            break
        n += 1
    if (
        n == 0
        and len(words) > 1
        and _proper(words[0].group(), common, given=frozenset())
        and words[1].group().lower() not in surnames()
    ):
        # "the Larissa Rowing Club": a given name alone before the club's ordinary words is
        # its town; a club named after a person has the surname too ("the Larissa Grey
        # Society").
        n = 1
    if n == 0 or any(w.group().lower() not in common for w in words[n:]):
        return None
    return words[0].start(), words[n - 1].end()


_TOWN_ARTICLES: Final = frozenset({"El", "La", "Las", "Los", "Le", "Les", "Il", "O", "A", "Al"})
_TOWN_PARTICLES: Final = frozenset(
    {"de", "del", "do", "da", "dos", "das", "di", "la", "sur", "am", "an"}
)


def _proper(word: str, common: frozenset[str], given: frozenset[str] | None = None) -> bool:
    low = word.lower()
    return (
        word[:1].isupper()
        and low not in common
        and low not in us_states()
        and word not in countries()
        and low not in (given_names() if given is None else given)
        # (A short word with a letter of another alphabet is no English word: "Đà Lạt".)
        and (len(word) > 2 or not word.isascii())
    )


def _town_of(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    """The town in "University of Nicosia", "College of KVALØYSLETTA": a gazetteer town, or
    words in no dictionary (not a state or country: "University of Michigan" stays whole)."""
    words = list(_WORD.finditer(text, match.start(), match.end()))[2:]
    if not words:
        return None
    name = text[words[0].start() : words[-1].end()]
    # A town's district number after it, closing the phrase: "University of Varnsdorf 1."
    district = _DISTRICT.match(text, words[-1].end())
    last = district.end() if district else words[-1].end()
    if name in cities():
        return words[0].start(), last
    common = common_words()
    if len(words) > 1 and words[-1].group().lower() in SETTLEMENT_WORDS:
        words = words[:-1]  # "University of BASHALL TOWN"
    if all(_proper(w.group(), common) for w in words):
        return words[0].start(), last
    kind = text[match.start() : words[0].start()]
    if (
        name.isupper()
        and len(name) > 3
        and not kind.isupper()
        and not is_country(name)
        and name.lower() not in us_states()
    ):
        # "the University of TARN BAY": a name in capitals after the school's words in
        # title case is a town written as an address writes it (fifteenth round).
        return words[0].start(), last
    return None


_DISTRICT: Final = compiled(r" [1-9](?=[.,;:!?)]|[ \t]*(?:\n|$))")


def _before_a_person(text: str, m: re.Match[str]) -> int:
    """The end of a named organisation `m`, before "of" when a given name follows it."""
    of = m.groupdict().get("of")
    if of is None:
        return m.end()
    words = of.split()[1:]
    given = given_names()
    if any(w.lower() in given and not is_country(w) for w in words):
        return m.start("of")
    return m.end()


def named_schools(text: str) -> Iterator[re.Match[str]]:
    """`_UNIVERSITY_OF.finditer(text)`, tried only at the words it begins with."""
    last_end = -1
    for m in cued_matches(text, _UNIVERSITY_WORDS, _UNIVERSITY_OF):
        if m.start() >= last_end:  # as `finditer`: "College" inside a match begins no other
            last_end = m.end()
            yield m


# A company named by its legal form alone, with no kind word or cue: "3 Round Stones Inc",
# "stillwater supercomputing inc." (a name may begin with a number, and lower-case text
# writes the form in lower case too). The words before the form that are function words
# ("from", "at", "the") are not part of the name.
# ("p" for a limited partnership's "L.P.", whose "L." is read before it; "LP" alone is a
# lumbar puncture too, and is a form only after a kind word, as "Partners LP".)
_LEGAL_FORMS: Final = cue_words(
    word_set("inc llc ltd plc llp pllc gmbh corp corporation limited p")
)
_LEGAL_REASON: Final = "a company named with its legal form ('Inc', 'Ltd', 'GmbH')"


def legal_form_companies(text: str) -> Iterator[tuple[int, int]]:
    """The companies written with a legal form: up to four words (and an "&" or "And") before
    the form on its line, back to the nearest function word or punctuation, each capitalised
    or a number (or, when the form is in lower case, in lower case)."""
    closed = closed_class()
    for tok in tokens_for(text, _LEGAL_FORMS):
        if tok.text in ("limited", "corporation"):
            continue  # "a limited supply": only "Limited" is a form
        form_start = tok.start
        if tok.lower == "p":
            # Only the "P" of "L.P." ("Ferrellgas Partners L.P."), a limited partnership;
            # not a person's initials before their surname ("Mr L.P. Jones").
            if (
                tok.text != "P"
                or tok.start < 3
                or text[tok.start - 2 : tok.start] != "L."
                or not text.startswith(".", tok.end)
                or _CAPITAL_AFTER.match(text, tok.end + 1)
            ):
                continue
            form_start = tok.start - 2
        line_start = text.rfind("\n", 0, form_start) + 1
        words = list(_WORD_OR_NUMBER.finditer(text, max(line_start, form_start - 80), form_start))
        # A form in lower case after a capitalised name ("who chairs Gibson plc") is read as
        # the name is written: in lower case, only after a name in lower case.
        lower_form = tok.text.islower() and not (words and words[-1].group()[:1].isupper())
        start, edge = -1, form_start
        # Four words of the name, and an "&" between two of them besides ("Network 18 Media
        # & Investments Ltd").
        joined = text[max(0, form_start - 60) : form_start]
        taken = words[-5:] if "&" in joined or " And " in joined else words[-4:]
        for w in reversed(taken):
            # A word in brackets inside the name: "Quorvex (Holdings) Limited".
            word, gap = w.group().strip("()"), text[w.end() : edge]
            # Words joined by one blank; a comma only before the form ("Acme, Inc.").
            if gap != " " and not (gap == ", " and edge == form_start):
                break
            if word in ("&", "And") and start >= 0:
                # partners joined by "&" ("Mitchells & Butlers plc"), or an "And" written
                # in the title case of the name ("Conroy Gold And Natural Resources Plc")
                edge = w.start()
                continue
            bracketed = w.group().startswith("(") and w.group().endswith(")")
            if (not bracketed and word.lower() in closed) or not (
                bracketed  # "Bottomline Technologies (de) Inc."
                or word[0].isdigit()
                or word[0].isupper()
                or (lower_form and word.islower())
                or is_brand_in_camel_case(word)
            ):
                break
            start, edge = w.start(), w.start()
        if start < 0 or not any(c.isalpha() for c in text[start:form_start]):
            continue
        if form_start != tok.start and _only_a_title_before(text[start:form_start].split()):
            continue  # "Dr L.P."
        if (
            tok.text == "Limited"
            and _LEGAL_WORD.match(text, start)
            and all(
                w.lower() in common_words() for w in _LEGAL_WORD.findall(text, start, form_start)
            )
        ):
            continue  # "Range Of Motion Limited": a heading's ordinary words, no company
        if text[start] == "(":
            continue
        end = tok.end + (text.startswith(".", tok.end))
        if text[end - 2 : end] in ("'s", "\u2019s"):
            end -= 2  # "QUORVANE LIMITED's Ana Lind": the possessive is no part of the name
        yield start, before_full_stop(text, start, end)


# A legal form written onto the name's last word, its blank lost ("loglyInc.", "The Bank of
# IwateLtd.", "THE SHIZUOKA BANKLTD."; eleventh session): the form's capital says where it
# begins ("distinc." is a typo), the word before it is no English word, and the capitalised
# words and "of" before it go with it.
_GLUED_FORM: Final = compiled(
    r"(?<![\w'\u2019.-])(?P<word>[^\W\d_][\w&-]{2,}?)(?P<form>Inc|INC|Ltd|LTD)\."
)
_GLUED_REASON: Final = (
    "a company named with its legal form written onto its last word ('loglyInc.')"
)


def glued_form_companies(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each company whose legal form has lost its blank (`_GLUED_FORM`)."""
    if "nc." not in text and "td." not in text and "NC." not in text and "TD." not in text:
        return
    common = common_words()
    for m in _glued_matches(text):
        if m.group().rstrip(".").lower() in common:
            continue
        start = m.start()
        words = list(_WORD_OR_NUMBER.finditer(text, max(0, start - 60), start))[-4:]
        for k in range(len(words) - 1, -1, -1):
            w = words[k]
            if text[w.end() : start] != " ":
                break
            if w.group() in ("of", "&"):
                # "The Bank of IwateLtd.", but "Jared Bisliev of loglyInc.": "of" joins an
                # institution's word to the name, not a person to the firm they work for.
                if k == 0 or words[k - 1].group().lower() not in _INSTITUTION_WORDS:
                    break
            elif not w.group()[:1].isupper():
                break
            start = w.start()
        yield start, m.end()


def _glued_matches(text: str) -> Iterator[re.Match[str]]:
    """`_GLUED_FORM`'s matches, read back from each "Inc." or "Ltd." (a pattern tried at
    every character of a long text cost more than the rest of this detector)."""
    for form in ("Inc.", "INC.", "Ltd.", "LTD."):
        at = text.find(form)
        while at >= 0:
            if at > 0 and (text[at - 1].isalnum()):
                word = _GLUED_WORD_BEFORE.search(text, max(0, at - 60), at)
                if word is not None:
                    m = _GLUED_FORM.match(text, word.start())
                    if m is not None and m.end() == at + 4:
                        yield m
            at = text.find(form, at + 4)


_GLUED_WORD_BEFORE: Final = compiled(r"(?<![\w'\u2019.-])[^\W\d_][\w&-]*$")
_INSTITUTION_WORDS: Final = word_set(
    "bank university college institute institution society association council board museum "
    "ministry department office"
)


_CAPITAL_AFTER: Final = compiled(r"[ \t]+" + UPPER)
# A word of a name, or one in brackets inside it ("(Holdings)", "(Cayman)").
_WORD_OR_NUMBER: Final = compiled(r"[\w'\u2019&-]+|\([\w-]+\)")
_LEGAL_WORD: Final = compiled(r"[^\W\d_]+")
_JOINING_WORDS: Final = frozenset({"of", "and", "&", "de", "for", "the"})

# A firm named after its partners with no cue before it: three or more surnames in a list
# ("White, Willis and Hoffman", "owens, duran and oneal") or two joined by "&" ("Baker &
# Hale"). The whole name is one organisation under the disguise policy; each surname is
# still found by the name detector, whose spans outrank this one (its score is the lowest
# of any detector), so under Safe Harbor, which keeps organisations, no surname of the
# list is left in the text because it was read as a firm.
# A partner's name: a word, with an apostrophe inside it ("O'Neal") but not a possessive.
_PARTNER_WORD: Final = r"[\w-]+(?:['\u2019](?!s\b)[\w-]+)*"
# A partner's surname may open with its particles ("van der Linden", "Dos Santos", "Mac an
# Ridire", "Ó Ruadhainn", "van 't Riet"): they are part of the list, but no item of it.
_SURNAME_PARTICLES: Final = (
    "van", "von", "de", "der", "den", "ten", "ter", "da", "dos", "das", "du", "di", "del",
    "della", "mac", "an", "ó", "ní", "nic", "ua", "'t",
)  # fmt: skip
_PARTICLE_WORDS: Final = frozenset(_SURNAME_PARTICLES) | {
    p.title() for p in _SURNAME_PARTICLES[:-1]
}
_PARTNER = (
    r"(?:(?:" + "|".join(sorted(_PARTICLE_WORDS, key=lambda p: (-len(p), p))) + r")[ \t]+){0,3}"
    + _PARTNER_WORD
)  # fmt: skip
_PARTNER_LIST: Final = compiled(
    r"(?<![\w'\u2019-])(?P<firm>" + _PARTNER + r"(?:,[ \t]+" + _PARTNER + r"){1,3},?"
    r"[ \t]+(?:and|og|och|und|et|e|y)[ \t]+"
    + _PARTNER
    + r"|"
    + _PARTNER_WORD
    + r"[ \t]+&[ \t]+"
    + _PARTNER_WORD
    + r")$"
)
_PARTNER_WORDS: Final = compiled(_PARTNER_WORD)
_PARTNER_AFTER: Final = compiled(_PARTNER)
# What a list joined by a word ("and", "og") holds just before its join: a comma, a partner,
# perhaps a comma, blanks. Searched first, from its comma (a literal, which the regex engine
# skips to), it turns away most joins that `_PARTNER_LIST` would be tried at and fail.
_BEFORE_LAST_PARTNER: Final = compiled(r",[ \t]+" + _PARTNER + r",?[ \t]+$")
# "and", and its translations in the firms' names of other countries ("Birkeland, Olsen og
# Andersen", "Borroni, Soranzo e Marconi", "Almansa, Pujadas y Águila").
_AND_WORDS: Final = frozenset({"and", "og", "och", "und", "et", "e", "y"})
_LIST_JOINS: Final = cue_words(_AND_WORDS)
_AMPERSAND: Final = compiled(r"(?<=[\w'\u2019-] )&(?= )")


def _ampersands(text: str) -> Iterator[int]:
    """Where `_AMPERSAND` matches in `text`: each match is one "&"."""
    at = text.find("&")
    while at >= 0:
        if _AMPERSAND.match(text, at) is not None:
            yield at
        at = text.find("&", at + 1)


_LIST_REASON: Final = "a firm named after its partners (surnames joined by 'and' or '&')"
_KIN: Final = PERSON_WORDS
# A town's ending that no census surname has ("Samuelmouth", "Shauntown", "Cookshire").
_TOWN_ENDS: Final = ("mouth", "town", "shire", "chester", "ville", "haven", "furt", "burgh", "view")
LIST_FIRM_SCORE: Final = WEAK_INSTITUTION
# Where one lives, was born, moved or travelled: a list after it is of places, no firm
# ("has lived in Smiřice, Meziboří and Veltrusy"; "a partner in Webb, Bowen and Ruiz" stays).
_WHERE_ONE_LIVES: Final = compiled(
    r"\b(?i:lived|lives|live|living|moved|born|raised|grew[ \t]+up|settled|stayed|"
    r"travell?ed|visited|holidayed)(?:[ \t]+(?i:in|to|from|near|around))?[ \t]+$"
)


def _all_surnames(
    names: list[str],
    lows: list[str],
    family: frozenset[str],
    given: frozenset[str],
    common: frozenset[str],
) -> bool:
    """Every word one of the commonest surnames or in no dictionary, none a given name
    alone, written as a name ("Brown", not "MRI"), one a surname at least in lower case:
    such a list where a firm stands is a firm, though its words are ordinary ("wade, smith
    and hill"); "at home, work and school" has words that are rare surnames only."""
    if any((low in given and low not in family) or low in _KIN for low in lows):
        return False
    frequent = frequent_surnames()
    if not all(low in frequent or low not in common for low in lows):
        return False
    if names[0][0].isupper():
        return all(n[1:].islower() or not n[1:].isalpha() for n in names)
    return any(low in family for low in lows)


def _foreign_partners(lows: list[str]) -> bool:
    """Are all the words of a list of partners words in no dictionary, list of drugs or
    gazetteer ("yorulmaz, sezer, gül"; not "sertraline, fluoxetine", "oslo, bergen")?"""
    common, drugs, towns = common_words(), drug_names(), cities_lower()
    return all(
        low.replace("-", "").isalpha()
        and low not in common
        and low not in drugs
        and low not in towns
        and low.title() not in countries()
        for low in lows
    )


def partner_firms(text: str) -> Iterator[tuple[int, int]]:
    """Lists of surnames that name a firm, all capitalised or all in lower case: in lower
    case every word a surname in no dictionary; capitalised, every word a surname or a
    word, at least half of them surnames in no dictionary ("White, Willis and Hoffman")."""
    family, given, common = surnames(), given_names(), common_words()
    frequent = frequent_surnames()
    joins = [(t.start, t.text) for t in tokens_for(text, _LIST_JOINS) if t.text in _AND_WORDS]
    if "&" in text:
        # (Tried at each "&" only: the pattern begins with a look-behind, which the regex
        # engine tried at every character of the text.)
        joins += [(at, "&") for at in _ampersands(text)]
    for at, join in joins:
        width = len(join)
        if text[at + width : at + width + 1] != " ":
            continue  # ("e-mail", "e.g.": no join between names)
        after = (_PARTNER_AFTER if join != "&" else _PARTNER_WORDS).match(text, at + width + 1)
        if after is None or after.start() != at + width + 1:
            continue
        last_word = after.group().split()[-1]
        # Most "and"s end here: no comma before them, or no surname after them.
        if join != "&" and text.find(",", max(0, at - 100), at) < 0:
            continue
        last = last_word.lower().replace("'", "").replace("\u2019", "")
        if last not in family and (last_word.islower() or (last in given and last not in common)):
            continue
        if join != "&" and _BEFORE_LAST_PARTNER.search(text, max(0, at - 100), at) is None:
            continue  # (no ", Partner " before the join: no list of partners ends at it)
        m = _PARTNER_LIST.search(text, max(0, at - 100), after.end())
        if m is None:
            continue
        items = [w for w in _PARTNER_WORDS.finditer(text, m.start("firm"), m.end("firm"))
                 if w.group() not in _AND_WORDS and w.group() != "&"
                 and w.group() not in _PARTICLE_WORDS and w.group() != "t"]  # fmt: skip
        # The list may begin with words of the sentence before its names ("During 1971,
        # Gonzalez, Rice and Lang"): the firm is the names written as its last one is.
        # (In lower case, words of the sentence before are told by a digit: "during 1971,
        # perry, galvan and green".)
        upper = after.group()[0].isupper()
        # (Or an ordinary word after "of", no common surname: a department, "Head of
        # Compliance, Patel, Watkins and Hoffman"; "White, Willis and Hoffman" stays.)
        while len(items) > 2 and (
            items[0].group()[0].isupper() != upper
            or any(c.isdigit() for c in items[0].group())
            or (
                items[0].group().lower() in common
                and items[0].group().lower() not in frequent
                and text.endswith(" of ", 0, items[0].start())
            )
        ):
            items.pop(0)
        names = [w.group() for w in items]
        if join != "&" and len(names) < 3:
            continue
        if not (all(n[0].isupper() for n in names) or all(n.islower() for n in names)):
            continue
        lows = [n.lower().replace("'", "").replace("\u2019", "") for n in names]
        if 2 * sum(low in given and low not in family for low in lows) > len(lows):
            continue  # "Priyanka, Siobhan and Aoife": people
        if any(low in _KIN for low in lows):
            continue  # "Dana, Tom and Mum": people
        towns = cities_lower()
        if any(low not in family and (low in towns or low.endswith(_TOWN_ENDS)) for low in lows):
            continue  # "Sevilla, Zaragoza and Jaén", "Shauntown and Samuelmouth": places
        before = text[max(0, items[0].start() - 9) : items[0].start()]
        if before.rstrip(" \t").lower().endswith(" between") and before[-1:] in " \t":
            # "his childhood between Årre, Barrit and Hellebæk": what lies between things is
            # places, times or people, no firm.
            continue
        if _WHERE_ONE_LIVES.search(text, max(0, items[0].start() - 30), items[0].start()):
            continue  # "has lived in Eurajoki, Kankaanpää and Kruunupyy": places
        rare = sum(low in family and low not in common for low in lows)
        if where_a_firm_is(text, items[0].start(), m.end("firm")) and _all_surnames(
            names, lows, family, given, common
        ):
            pass  # "works at Brown, Turner and Ward": ordinary words, but a firm's place
        elif names[0][0].isupper():
            # "White" is a surname the name lists leave out as a word: a capitalised list
            # may hold such words, but most of it must be surnames that are no words, or
            # words in no list at all ("Gibney, Barron and Kerville"), with a surname.
            # Or surnames that are also words, all but one of them ("Thompson, Smith and
            # Brooks", "Harris, West and White"), with one that is no word.
            unknown = sum(low not in family and low not in common and low not in given
                          for low in lows)  # fmt: skip
            listed = sum(low in family for low in lows)
            # (With no census surname, partners of other countries' names: every word in no
            # dictionary and no list of drugs or towns, "Yorulmaz, Sezer and Gül".)
            if (listed == 0 and not _foreign_partners(lows)) or rare + unknown == 0:
                continue
            if not all(low in family or low in common or low not in given for low in lows):
                continue
            if 2 * (rare + unknown) < len(lows) and listed < len(lows) - 1:
                continue
        elif rare < len(lows) and (rare == 0 or not all(low in family for low in lows)):
            continue  # in lower case: all surnames, one at least no word ("gordon, brown and bell")
        if items[0].start() != m.start("firm"):
            yield _particles_before(text, m.start("firm"), items[0].start()), m.end("firm")
            continue
        yield m.start("firm"), m.end("firm")


_PARTICLE_BEFORE: Final = compiled(r"(?:^|(?<=[ \t]))([\w'\u2019]+)[ \t]+$")


def _particles_before(text: str, floor: int, start: int) -> int:
    """`start`, moved back over the particles of the first partner's surname ("van der
    Linden, Boer and Sitters"), not before `floor`."""
    while start > floor:
        m = _PARTICLE_BEFORE.search(text, max(floor, start - 8), start)
        if m is None or m.group(1) not in _PARTICLE_WORDS:
            return start
        start = m.start(1)
    return start


# Verbs and nouns of employment and affiliation whose object is, more often than not, an
# organisation: "was let go by X", "quit X", "a contract with X", "placed with X", "the
# owner of X", "founded X", "sponsored by X", "on behalf of X". The object may also be a
# person or a place ("joined Priya", "left Leeds"), so it is taken only when a word of it
# is in no dictionary and no given name, and at the lowest score: the name or place
# another detector finds there keeps its words and its label.
_AFFILIATION_VERBS: Final = compiled(
    r"(?i:(?<=let )go[ \t]+by|dismissed[ \t]+by|sacked[ \t]+by|redundant[ \t]+(?:by|from)|"
    r"resigned[ \t]+from|retired[ \t]+from|seconded[ \t]+to|transferred[ \t]+from|"
    r"quit|quits|quitting|left|leaving|joined|joining|"
    r"contracts?[ \t]+with|contracted[ \t]+(?:to|by)|placed[ \t]+with|"
    r"placements?[ \t]+(?:with|at)|apprenticeship[ \t]+(?:with|at)|"
    r"internship[ \t]+(?:with|at)|interview[ \t]+(?:with|at)|interviewed[ \t]+(?:with|at|by)|"
    r"offer[ \t]+from|(?<=to )found|set[ \t]+up|"
    r"founded|co-founded|founder[ \t]+of|owner[ \t]+of|owns|runs|director[ \t]+of|CEO[ \t]+of|"
    r"client[ \t]+of|customer[ \t]+of|sponsored[ \t]+by|funded[ \t]+by|behalf[ \t]+of)"
    r"[ \t]+(?:the[ \t]+)?(?P<org>" + _NAME_RUN_CUE + r")"
)
# The words the verbs begin with, as the pattern starts at them: not "on" of "on behalf
# of", nor "to" of "to found", words too frequent to try the pattern at each.
_AFFILIATION_VERB_WORDS: Final = cue_words(
    word_set(
        """
        go dismissed sacked redundant resigned retired seconded transferred quit quits quitting
        left leaving joined joining contract contracts contracted placed placement placements
        apprenticeship internship interview interviewed offer found set founded co-founded
        founder owner owns runs director ceo client customer sponsored funded behalf
        """
    )
)
# Verbs of working for someone: their object is the employer.
_EMPLOYMENT_VERBS: Final = frozenset(
    {"go", "dismissed", "sacked", "redundant", "resigned", "retired", "seconded", "transferred",
     "quit", "quits", "quitting", "contract", "contracts", "contracted", "placed", "placement",
     "placements", "apprenticeship", "internship", "interview", "interviewed", "offer"}
)  # fmt: skip
_AFFILIATION_CUE_REASON: Final = (
    "an organisation after an employment or affiliation verb ('quit', 'owner of')"
)
_TITLES: Final = word_set("mr mrs ms miss dr prof sir lady lord dame rev fr")


def _rare_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """`text[start:end]` up to its sentence's end, without small words at its end, when a
    word of it is an acronym ("KRT") or in no dictionary and no given name, and it does
    not begin with a title ("Dr Okafor" is a person)."""
    end = _sentence_end(text, start, end)
    trailing = _TRAILING_WORDS.search(text, start, end)  # "quit Acme and felt ..."
    end = trailing.start() if trailing is not None else end
    words = [w.strip(".,'\u2019") for w in text[start:end].split()]
    if not words or _titled(words[0]) or words[0].lower() in closed_class():
        return None
    if not any(map(_rare_word, words)):
        return None
    return start, end


def _rare_word(word: str) -> bool:
    low = word.lower()
    if len(word) > 1 and word.isupper() and word.isalpha():
        return True  # an acronym
    return word.isalpha() and low not in common_words() and low not in given_names()


_GREETINGS: Final = word_set("dear hi hello hey")
_GREETING_WORD: Final = compiled(r"(?i:dear|hi|hello|hey)\b[,!]?\s+")


def _past_greetings(text: str, start: int, kind_start: int) -> int:
    """`start`, moved past the greetings that open a letter or a message before a name's
    kind word: "Hi Team", "Dear Committee" address a group and name none, and "Dear Acme
    Team" names "Acme Team" only. (A greeting word is never a word of a name.)"""
    while (m := _GREETING_WORD.match(text, start)) is not None and m.end() <= kind_start:
        start = m.end()
    return start


def _only_a_title_before(words: list[str]) -> bool:
    """Whether the words before a name's kind words are titles only, or a greeting and a
    title ("Dr. Park", "Dear Dr. Park", "Mrs Temple"): a surname that is a kind word."""
    before = [w.strip(".,").lower() for w in words]
    while before and before[-1] in KIND_WORDS:
        before.pop()
    while before and before[0] in _GREETINGS:
        before.pop(0)
    return bool(before) and all(w in _TITLES for w in before)


def _titled(name: str) -> bool:
    """Does `name` begin with a title ("Dr Okafor", "Mrs. Hale"): a person, not a firm?"""
    return name.split()[0].strip(".").lower() in _TITLES


def affiliation_objects(text: str) -> Iterator[Span]:
    """Organisations after employment and affiliation verbs (`_AFFILIATION_VERBS`)."""
    for m in cued_matches(text, _AFFILIATION_VERB_WORDS, _AFFILIATION_VERBS):
        org = _rare_name(text, m.start("org"), m.end("org"))
        if org is None:
            continue
        verb = m.group().split()[0].lower()
        if verb in _EMPLOYMENT_VERBS:
            # An employer goes under Safe Harbor: it outranks the organisation its shape
            # names ("let go by Quarnwick Haulage"), as the employer after "works for" does.
            yield Span(*org, Label.EMPLOYER, "organisation", _AFFILIATION_CUE_REASON, 0.85)
        else:
            yield Span(*org, Label.ORGANIZATION, "organisation", _AFFILIATION_CUE_REASON,
                       WEAK_INSTITUTION)  # fmt: skip


# A form's field that names an organisation: "Referring agency: X", "GP practice: X",
# "School or college: X". The value is the rest of the line; a value of one ordinary word
# ("None", "Retired", "Unemployed") or in lower case names nothing.
_FIELD: Final = compiled(
    r"(?im)^[ \t]*(?P<field>(?:referring[ \t]+)?agency|organi[sz]ation|charity|"
    r"(?:gp[ \t]+)?(?:practice|surgery)|insurer|contractor|supplier|vendor|company|firm|"
    r"school(?:[ \t]+or[ \t]+college)?|college|university|nursery)"
    r"[ \t]*:[ \t]*(?P<org>" + UPPER + r"[^\n]{1,80}?)[ \t.;]*$"
)
_FIELD_WORDS: Final = cue_words(
    word_set("referring agency organisation organization charity gp practice surgery insurer "
             "school college university nursery contractor supplier vendor company firm")
)  # fmt: skip
_FIELD_SCHOOLS: Final = frozenset({"school", "college", "university", "nursery"})
_FIELD_REASON: Final = "an organisation in a form's field ('Referring agency:', 'GP practice:')"


def field_organisations(text: str) -> Iterator[Span]:
    done = -1
    for m in cued_matches(text, _FIELD_WORDS, _FIELD):
        if m.start() < done:
            continue
        done = m.end()
        org = m.group("org")
        words = org.split()
        if len(words) == 1 and org.lower().strip(".") in common_words():
            continue
        first = m.group("field").split()[0].lower()
        label = Label.SCHOOL if first in _FIELD_SCHOOLS else Label.ORGANIZATION
        yield Span(m.start("org"), m.end("org"), label, "organisation", _FIELD_REASON,
                   WEAK_INSTITUTION)  # fmt: skip


# An employer in lower case after a strong cue ("got the job at brindlecott", "works for
# tesco"): one word in no dictionary and no given name, as text messages write it.
_LOWER_EMPLOYER: Final = compiled(
    r"(?i:job|jobs|works?|working|worked|shifts?|employed|(?P<joined>joined))[ \t]+"
    r"(?P<cue>at|for|by|(?<=oined ))[ \t]*"
    r"(?P<org>[a-z\u00df-\u00ff][a-z\u00df-\u00ff'-]{3,})\b(?![-'\u2019])"
)
_LOWER_EMPLOYER_WORDS: Final = cue_words(word_set("job jobs work works working worked shift shifts "
                                                  "employed joined"))  # fmt: skip
_LOWER_REASON: Final = "an employer in lower case after 'job at' or 'works for', in no dictionary"
_LOWER_JOINED_REASON: Final = "an organisation in lower case after 'joined', in no dictionary"


# Or a name of one or two words, then a firm's kind word ("works for mulder motors", "i work
# for persson co"), or a surname alone in no dictionary ("i work for hamann").
_LOWER_FIRM: Final = compiled(
    r"(?i:job|jobs|works?|working|worked|shifts?|employed)[ \t]+(?:at|for|by|with)[ \t]+"
    r"(?P<org>(?P<name>[a-z\u00df-\u00ff][a-z\u00df-\u00ff'-]+(?:[ \t]+[a-z\u00df-\u00ff]"
    r"[a-z\u00df-\u00ff'-]+)?)[ \t]+(?:" + _KINDS[-1][1].lower() + r"))\b"
)
_LOWER_FIRM_REASON: Final = "an employer in lower case: a name and a firm's kind ('mulder motors')"


def lower_case_employers(text: str) -> Iterator[Span]:
    """One lower-case word in no dictionary after a strong cue: a firm, often named after
    its founder ("works at coste", "i work for hamann"). A surname after "joined" is left
    to the name detector: one joins a person as often as a firm ("joined kowalski")."""
    common, given, family = common_words(), given_names(), surnames()
    closed = closed_class()
    for m in cued_matches(text, _LOWER_EMPLOYER_WORDS, _LOWER_EMPLOYER):
        word = m.group("org")
        if word in common or word in given or word in closed or never_a_name(word):
            continue
        if word in family and m.group("joined"):
            continue
        if m.group("joined"):
            yield Span(m.start("org"), m.end("org"), Label.ORGANIZATION, "organisation",
                       _LOWER_JOINED_REASON, 0.6)  # fmt: skip
        else:
            yield Span(m.start("org"), m.end("org"), Label.EMPLOYER, "organisation",
                       _LOWER_REASON, 0.6)  # fmt: skip
    for m in cued_matches(text, _LOWER_EMPLOYER_WORDS, _LOWER_FIRM):
        names = m.group("name").split()
        if all(w not in closed and (w not in common or w in family) for w in names):
            yield Span(m.start("org"), m.end("org"), Label.EMPLOYER, "organisation",
                       _LOWER_FIRM_REASON, 0.6)  # fmt: skip


# A school written in lower case, as text messages do: "got my offer from pedersen high
# school", "varberg college", "university of rotohope", "st kelly's academy". The words
# before the kind word (past the words of a school's type: "high", "primary", "community")
# must hold one in no dictionary (a name, a town): "my old school", "nursing school" and
# "grammar school" name none.
_LOWER_SCHOOL_WORDS: Final = cue_words(word_set("school college academy university institute"))
_SCHOOL_TYPES: Final = word_set(
    "high primary secondary grammar community middle elementary junior infant infants "
    "sixth form technical catholic state church"
)
_LOWER_OF: Final = compiled(
    r"[ \t]+of[ \t]+(?P<prefix>(?:east|west|north|south|new|port|lake|mount)[ \t]+)?"
    r"(?P<place>[a-z\u00df-\u00ff][\w-]{2,})"
)
_LOWER_SCHOOL_REASON: Final = "a school in lower case named by a word in no dictionary"
_SAINT: Final = frozenset({"st", "st.", "saint"})


# The words before a school's type that say which one of many, not its name: "a good
# high school", "the best community college", "her local high school".
_NOT_A_SCHOOLS_NAME_BEFORE: Final = word_set(
    "a an the my your his her its our their this that these those some any no another "
    "every each one"
)


def _surname_of_school(word: str, before: str, common: frozenset[str]) -> bool:
    """`word` before a school's type ("high school") names it as a surname does: one of
    the commonest surnames ("smith high school", "lee community college"), or a name
    with an apostrophe whose letters are no word ("o'brien high school"), not after an
    article or a possessive ("a good high school")."""
    if before in _NOT_A_SCHOOLS_NAME_BEFORE:
        return False
    letters = word.replace("'", "").replace("\u2019", "")
    if letters != word:
        return letters.isalpha() and letters not in common and len(letters) > 4
    return word in frequent_surnames()


def lower_case_schools(text: str) -> Iterator[Span]:
    common, closed = common_words(), closed_class()
    for tok in tokens_for(text, _LOWER_SCHOOL_WORDS):
        if not tok.text.islower():
            continue
        if tok.text in ("university", "college", "institute"):
            of = _LOWER_OF.match(text, tok.end)
            if of is not None:
                place = of.group("place")
                # ("university of west nancyfort", "of new andrew": a place word before it
                # says a town, a given name too.)
                named = of.group("prefix") is not None and place in given_names()
                if place not in closed and (place not in common or named):
                    yield Span(tok.start, of.end("place"), Label.SCHOOL, "organisation",
                               _LOWER_SCHOOL_REASON, 0.6)  # fmt: skip
                    # The word after "of" is a town, as in "University of Nicosia": a
                    # city under Safe Harbor even inside the school's name.
                    town = of.start("prefix") if of.group("prefix") else of.start("place")
                    yield Span(town, of.end("place"), Label.CITY, "organisation",
                               "a town in a school's name ('university of ...')", 0.9)  # fmt: skip
                    continue
        line_start = text.rfind("\n", 0, tok.start) + 1
        words = text[max(line_start, tok.start - 60) : tok.start].split()
        typed = bool(words) and words[-1] in _SCHOOL_TYPES
        while words and words[-1] in _SCHOOL_TYPES:
            words.pop()
        name: list[str] = []
        while words and len(name) < 2 and words[-1].islower() and words[-1] not in closed:
            name.insert(0, words.pop())
        if not name:
            continue
        if any(w.endswith(("'s", "\u2019s")) for w in name) and name[0] not in _SAINT:
            if not (words and words[-1] in _SAINT):
                continue  # "sarah's school": whose, not which
            name.insert(0, words.pop())
        bare = [w[:-2] if w.endswith(("'s", "\u2019s")) else w for w in name]
        surname = typed and _surname_of_school(bare[-1], words[-1] if words else "", common)
        if all(w in common or w in _SAINT or not w.isalpha() for w in bare) and not surname:
            continue
        if name[-1][:-1] in given_names() and name[-1].endswith("s") and not surname:
            continue  # "sarahs school": a possessive without its apostrophe
        start = text.rfind(name[0], line_start, tok.start)
        yield Span(start, tok.end, Label.SCHOOL, "organisation", _LOWER_SCHOOL_REASON, 0.6)


# A name the sentence says is a company: "Harlowe Kemp is a design agency", "Velmorra,
# a logistics start-up, ...". The noun is the evidence, so the name may be ordinary words
# ("Standard Ledger is a firm"), but not one ordinary word or a pronoun ("It is a firm").
_COMPANY_NOUNS: Final = cue_words(
    word_set(
        """
        company agency firm startup start-up business charity nonprofit non-profit
        organisation organization brand consultancy retailer manufacturer provider
        publisher conglomerate corporation cooperative co-op supplier distributor
        subsidiary employer bank multinational chain franchise insurer lender airline
        broadcaster wholesaler
        """
    )
)
_DEFINED_AS: Final = compiled(
    r"(?P<org>" + _NAME_RUN_CUE + r")(?:[ \t]+(?:is|was)|,)[ \t]+(?:a|an)[ \t]+"
    r"(?:(?:[a-z][\w-]*|[A-Z][a-z]+)[ \t]+){0,3}[\w-]+$"
)  # (a nationality between: "X is a German multinational bank")
_DEFINED_REASON: Final = "a name the sentence calls a company ('X is a design agency')"


# "Balefire Global is a 501(c)3": the US tax code's section for charities, a charity.
_CHARITY_CODE: Final = compiled(r"[ \t]+(?:is|was)[ \t]+(?:a[ \t]+)?501\(c\)\(?3\)?")
_DEFINED_BEFORE: Final = compiled(r"(?P<org>" + _NAME_RUN_CUE + r")$")


def defined_companies(text: str) -> Iterator[Span]:
    common = common_words()
    if "501(c)" in text:
        for code in _CHARITY_CODE.finditer(text):
            m = _DEFINED_BEFORE.search(text, max(0, code.start() - 100), code.start())
            org = None if m is None else _uncommon(text, m.start("org"), m.end("org"), common)
            if org is not None and not _titled(text[org[0] : org[1]]):
                yield Span(*org, Label.ORGANIZATION, "organisation", _DEFINED_REASON,
                           WEAK_INSTITUTION)  # fmt: skip
    for tok in tokens_for(text, _COMPANY_NOUNS):
        m = _DEFINED_AS.search(text, max(0, tok.start - 100), tok.end)
        if m is None:
            continue
        org = _uncommon(text, m.start("org"), m.end("org"), common)
        if org is not None and not _titled(text[org[0] : org[1]]):
            yield Span(*org, Label.ORGANIZATION, "organisation", _DEFINED_REASON,
                       WEAK_INSTITUTION)  # fmt: skip


@register(
    "organisation",
    [Label.EMPLOYER, Label.SCHOOL, Label.ORGANIZATION, Label.PLACE],
    "named schools, places and organisations by kind word; employers and schools after cues",
)
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for span in _organisations(text):
        if span.label is not Label.CITY and generic_service_text(text[span.start : span.end]):
            continue  # "the Emergency Department", "Staff Nurse": a service or a role
        if instrument(text, span.start, span.end):
            continue  # "Stanley-Brown Safety Planning Intervention", "BASC-3 Preschool"
        yield span
        if span.label is Label.ORGANIZATION and text.startswith(" (", span.end):
            # "Castlemoor Homes Corp. (REIT)", "Brannvik Holding AB (publ)": a qualifier
            # in brackets after the name, in capitals or Swedish "publ", is the company's too.
            m = _QUALIFIER_AFTER.match(text, span.end)
            if m is not None:
                yield dataclasses.replace(span, start=m.start() + 2, end=m.end() - 1,
                                          reason=_QUALIFIER_REASON)  # fmt: skip


_QUALIFIER_REASON: Final = "a company's qualifier in brackets after its name ('(REIT)', '(publ)')"


_QUALIFIER_AFTER: Final = compiled(r" \((?:[A-Z]{2,6}|publ)\)(?![\w(])")


def _organisations(text: str) -> Iterator[Span]:
    for label, pattern in _NAMED:
        kinds = _KIND_WORDS[label]
        seen: set[int] = set()
        for tok in tokens_for(text, _KIND_LOWER[label]):
            if tok.text not in kinds and tok.base not in kinds:
                continue
            # Only look for a named organisation just before a kind word ("... School").
            for m in pattern.finditer(text, max(0, tok.start - _LOOKBACK), tok.end + 40):
                # A match must hold its kind word: one after it may be cut short by the
                # window's end ("CT Tech|nologies"), and its own kind word finds it whole.
                # (Its kind word without a possessive: "Moore and Sons's HR".)
                if m.start() > tok.start:
                    break  # (and so every later one: the rest of the window is not searched)
                if m.start() in seen or m.end() < tok.base_end:
                    continue
                seen.add(m.start())
                start = _past_greetings(text, _name_start(text, m.start(), m.end()), tok.start)
                words = text[start : m.end()].split()
                if len(words) < 2 and label is not Label.PLACE:
                    continue
                if _only_a_title_before(words):
                    continue  # "Dear Dr. Park", "Mrs Temple": a person named by a kind word
                if label is Label.ORGANIZATION and not _named_enough(words):
                    continue
                if generic_service(words):
                    continue  # "the Community Mental Health Team", "Memory Clinic"
                reason = _article(f"named {label.lower()}")
                end = before_full_stop(text, start, _before_a_person(text, m))
                town = _town_first(text, start, end)
                if (
                    town is None
                    or label is not Label.PLACE
                    or not _generic_after(text, town[1], end)
                ):
                    yield Span(start, end, label, "organisation", reason, 0.8)
                if town is not None:
                    yield Span(*town, Label.CITY, "organisation",
                               "a town at the start of a club's name", 0.9)  # fmt: skip
    for m in cued_matches(text, _FIRM_CUES, FIRM):
        yield Span(m.start("firm"), m.end("firm"), Label.ORGANIZATION, "organisation",
                   _FIRM_REASON, 0.95)  # fmt: skip
    for start, end in legal_form_companies(text):
        # A word in brackets before the form ("Kingfa Technolgy (India) Ltd") says company
        # over the name or place read in it.
        score = 0.9 if "(" in text[start:end] else 0.8
        yield Span(start, end, Label.ORGANIZATION, "organisation", _LEGAL_REASON, score)
    for start, end in glued_form_companies(text):
        yield Span(start, end, Label.ORGANIZATION, "organisation", _GLUED_REASON, 0.8)
    for start, end in partner_firms(text):
        yield Span(start, end, Label.ORGANIZATION, "organisation", _LIST_REASON, LIST_FIRM_SCORE)
    for start, end, reason in foreign_form_companies(text):
        yield Span(start, end, Label.ORGANIZATION, "organisation", reason, 0.8)
    for start, end in capital_letter_companies(text):
        yield Span(start, end, Label.ORGANIZATION, "organisation", _CAPITALS_REASON, 0.8)
    for start, end, reason in southeast_asian_companies(text):
        yield Span(start, end, Label.ORGANIZATION, "organisation", reason, 0.8)
    for start, end in listing_names(text):
        yield Span(start, end, Label.ORGANIZATION, "organisation", _LISTING_REASON, 0.8)
    for start, end, reason in hyphenated_partners(text):
        yield Span(start, end, Label.ORGANIZATION, "organisation", reason, WEAK_INSTITUTION)
    for start, end, reason in lower_case_family_firms(text):
        yield Span(start, end, Label.ORGANIZATION, "organisation", reason, WEAK_INSTITUTION)
    for start, end, reason in particle_partners(text):
        yield Span(start, end, Label.ORGANIZATION, "organisation", reason, WEAK_INSTITUTION)
    for m in named_schools(text):
        end = before_full_stop(text, m.start(), m.end())
        yield Span(m.start(), end, Label.SCHOOL, "organisation", "a named school", 0.85)
        town = _town_of(text, m)
        if town is not None and town[0] < end:
            yield Span(*town, Label.CITY, "organisation",
                       "a town in a school's name ('University of ...')", 0.9)  # fmt: skip
    yield from affiliation_objects(text)
    yield from defined_companies(text)
    yield from dated_tenures(text)
    yield from field_organisations(text)
    yield from lower_case_employers(text)
    yield from lower_case_schools(text)
    for label, cues, pattern in _CUES:
        for m in cued_matches(text, cues, pattern):
            # The name ends at its line ("Employer: Acme\nSchool: ..." is two fields).
            if "\n" in text[m.start() : m.start("org")]:
                continue  # "Who attended\nMother in person": a heading, its list below
            org = m.group("org").split("\n")[0]
            org = _TRAILING_WORDS.sub("", _within_sentence(org)).rstrip(".,")
            if not org or org in {"I", "A", "The"} or _titled(org):
                continue
            if _A_TIME.fullmatch(org):
                continue  # "leave work by 6": a time, no employer ("work for 113111" is one)
            if label is Label.SCHOOL and " " not in org and org.lower() in common_words():
                continue  # "attends Mass", "attended Group": an occasion, no school
            start = m.start("org")
            cue = text[m.start() : start].strip().lower()
            if cue.endswith(":") and org.lower() in common_words():
                continue  # a field's one ordinary word: "Employer: Unemployed", "None"
            if org.lower() in HOLIDAYS:
                continue  # "her manager at Christmas": when, not where
            # An organisation (which Safe Harbor keeps) after "joined" or "member of" may
            # be a person ("joined Priya Venkataraman"): the name found there keeps its words.
            score = WEAK_INSTITUTION if label is Label.ORGANIZATION else 0.85
            yield Span(start, start + len(org), label, "organisation",
                       _article(f"{label.lower()} after '{cue}'"), score)  # fmt: skip


# An organisation named by its relation to a person found: "Vilma Holm of Here", "Abby
# Holloway of Opencounter", "Pave's Irena Bílá", "Consumer Reports's Impi Nummelin". Its score
# is the lowest, so a name or a place another detector found inside it keeps its words and
# its label (Safe Harbor keeps organisations): the organisation takes only the rest.
_OF_ORG: Final = compiled(
    r"[ \t]+of[ \t]+(?P<org>"
    + UPPER
    + r"[\w'\u2019.&-]*(?:[ \t]+"
    + UPPER
    + r"[\w'\u2019.&-]*){0,3})"
)
_ORG_OWNS: Final = compiled(
    r"(?P<org>" + UPPER + r"[\w.&-]*(?:[ \t]+" + UPPER + r"[\w.&-]*){0,3})['\u2019]s[ \t]+$"
)
_AFFILIATION_REASON: Final = "an organisation named with a person of it ('X of Acme', 'Acme's X')"
AFFILIATION_SCORE: Final = WEAK_INSTITUTION


def affiliations(text: str, spans: list[Span]) -> Iterator[Span]:
    """Organisations next to a person's name found (a later step of the analysis: it needs
    the names), and the names listed with an organisation found ("Bekins, Enervee
    Corporation and Civic Insight"), each with a letter no other span covers; the other
    spans keep their words (this one's score is the lowest, and it takes no name inside it:
    `spans.WEAK_INSTITUTION`)."""
    names = [s for s in spans if s.label in NAME_LABELS and s.score >= 0.5]
    orgs = [s for s in spans if s.label in _LISTED_WITH]
    places = [s for s in spans if s.label in (Label.CITY, Label.ADDRESS)]
    if not names and not orgs and not places and not tokens_for(text, _CONTEXT_WORDS):
        return
    taken: bytearray | None = None  # 1 where a span lies, made when first needed
    closed = closed_class()
    candidates: list[tuple[tuple[int, int] | None, str]] = [
        (org, _AFFILIATION_REASON) for name in names for org in _affiliated(text, name, closed)
    ]
    labelled = list(clues(text, spans, names + orgs))
    candidates += [(_role_owner(text, name), _ROLE_REASON) for name in names]
    candidates += [(org, _LIST_MATE_REASON) for o in orgs for org in _list_mates(text, o)]
    for m in cued_matches(text, _CHANGE_CUE_WORDS, _COMPANY_CHANGE):
        # The verb says "a company": one capitalised word will do ("became Adaptive").
        org = _uncommon(text, m.start("org"), m.end("org"), frozenset())
        candidates.append((org, _CHANGE_REASON))
    for place in places:
        candidates.append((_venue_before(text, place), _VENUE_REASON))
        if place.label is Label.ADDRESS:
            addressee = _addressee_line(text, place, closed)
            if addressee is not None and a_persons_line(text[addressee[0] : addressee[1]]):
                labelled.append((addressee, _ADDRESSEE_REASON, Label.NAME))
            else:
                candidates.append((addressee, _ADDRESSEE_REASON))
    labelled += [(org, reason, Label.ORGANIZATION) for org, reason in candidates]
    for found_org in orgs:
        person = _person_of(text, found_org, closed)
        if person is not None:
            yield Span(*person, Label.NAME, "organisation", _PERSON_OF_REASON, 0.7)
    for org, reason, label in labelled:
        if org is None:
            continue
        if taken is None:
            taken = bytearray(len(text))
            for s in spans:
                taken[s.start : s.end] = b"\x01" * (s.end - s.start)
        # The spans found keep their words (they outrank this one); the organisation takes
        # the rest, when a letter of it is left ("Balefire" a name, "Global" not) outside
        # the small words between names ("Ana Holm of Velmorra": "of" alone is nothing).
        org = _without_possessive(text, *org)
        left = [
            w.group().lower()
            for w in _WORD_OR_NUMBER.finditer(text, *org)
            if w.group().lower() not in _JOINING_WORDS and not all(taken[w.start() : w.end()])
        ]
        if reason == _LIST_MATE_REASON and all(w in _ROLES or w in _CREDENTIALS for w in left):
            # A list mate whose words other spans left are a role or a credential only is a
            # person ("Director Ulf Thomsen, Simonsen A/S", "Tamara Bergin-McHenry, MBA").
            continue
        if left and not generic_service(left):
            taken[org[0] : org[1]] = b"\x01" * (org[1] - org[0])
            yield Span(*org, label, "organisation", reason, AFFILIATION_SCORE)


# Degrees, credentials and name suffixes written after a person's name ("Ana Holm, MBA").
_CREDENTIALS: Final = word_set(
    "mba md phd dds dmd rn np msc bsc ma ms cpa esq jr sr ii iii iv lcsw lmft psyd do dvm llm"
)
# The items of a list share their kind: a capitalised name listed beside an organisation
# found, joined by a comma or "and" on the same line, is an organisation too.
_LISTED_WITH: Final = frozenset({Label.ORGANIZATION, Label.EMPLOYER})
_LIST_MATE_REASON: Final = "a name listed with an organisation ('Acme Group, Brightly and Kestrel')"
_NAME_RUN: Final = r"[A-Z][\w'\u2019.&-]*(?:[ \t]+[A-Z][\w'\u2019.&-]*){0,3}"
_MATE_AFTER: Final = compiled(
    r"(?:,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+)(?P<org>" + _NAME_RUN + ")"
)
_MATE_BEFORE: Final = compiled(
    r"(?<![\w'\u2019.&-])(?P<org>" + _NAME_RUN + r")(?:,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+)$"
)


# What the patterns that end a name before a span (`_MATE_BEFORE`, `_ORG_OWNS`,
# `_VENUE_BEFORE`) need last, before their blanks: checked first, in Python. A pattern
# whose end changes needs its endings here changed with it (else what it would find is
# never looked for); tests/core/deid/test_properties.py checks them on sampled text.
_MATE_JOINS: Final = (",", "and")
_POSSESSIVE_ENDS: Final = ("'s", "\u2019s")
_VENUE_JOINS: Final = (",", " in", "\tin")


def ends_before_blanks(text: str, end: int, endings: tuple[str, ...]) -> bool:
    """Does `text[:end]` end with one of `endings` and blanks (spaces or tabs), perhaps then
    a newline (where `$` matches too)? Where not, a pattern that ends so, then `$`, searched
    up to `end`, finds nothing."""
    if end > 0 and text[end - 1] == "\n":
        end -= 1
    blanks = end
    while blanks > 0 and text[blanks - 1] in " \t":
        blanks -= 1
    return blanks < end and text.endswith(endings, 0, blanks)


def _list_mates(text: str, org: Span) -> Iterator[tuple[int, int] | None]:
    """The names just after and just before `org` in a list, when they are no ordinary
    words only (a sentence's next word, a weekday)."""
    common = common_words()
    after = _MATE_AFTER.match(text, org.end)
    if after is not None:
        yield _uncommon(text, after.start("org"), after.end("org"), common)
    if not ends_before_blanks(text, org.start, _MATE_JOINS):
        return  # (what `_MATE_BEFORE` needs last, checked first)
    before = _MATE_BEFORE.search(text, max(0, org.start - 60), org.start)
    if before is not None:
        yield _uncommon(text, before.start("org"), before.end("org"), common)


# A person named with their role at an organisation: "Velmorra engineer Ada Price", "Old
# Quay Records producer Sam Hale". The role word between them says the name before it is
# where the person works.
_ROLES: Final = word_set(
    """
    employee engineer spokesperson spokesman spokeswoman reporter songwriter writer producer
    director founder co-founder executive ceo cto cfo coo manager analyst researcher
    scientist designer developer editor correspondent chairman chairwoman president partner
    owner consultant lawyer attorney economist strategist staffer recruiter accountant
    """
)
_ROLE_BEFORE: Final = compiled(
    r"(?<![\w'\u2019.&-])(?P<org>" + _NAME_RUN + r")[ \t]+(?P<role>[A-Za-z][\w-]*)[ \t]+$"
)
# Who opens a sentence "of" or "from" a company named with its legal form, or "is from"
# it: "Melisande Auger from Casey's Stores Inc. is ...", "Dime Mitraković of Acme Inc.",
# "Grace is from Southern Copper Corporation". Two or three capitalised words, one of them
# in no dictionary, or one given name before "is from": a person (a firm's own name after
# the sentence's first words would hold its kind word: "Sales of Acme Inc.").
_NAME_WORD: Final = UPPER + r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)?"
_PERSON_BEFORE_ORG: Final = compiled(
    r"(?:^|(?<=[.!?:][ \t]))(?P<name>" + _NAME_WORD
    + r"(?:[ \t](?:" + UPPER + r"\.?[ \t])?" + _NAME_WORD + r"){0,2})"
    r"[ \t]+(?P<link>of|from|is[ \t]+from)[ \t]+(?:the[ \t]+)?$",
    re.MULTILINE,
)
_PERSON_OF_REASON: Final = (
    "a person opening a sentence 'of' or 'from' a company ('Ana Holm of Acme Inc.')"
)


def _person_of(text: str, org: Span, closed: frozenset[str]) -> tuple[int, int] | None:
    if org.score < 0.8 or org.start < 4:
        return None  # (a company surely named: a legal form, a kind word)
    m = _PERSON_BEFORE_ORG.search(text, max(0, org.start - 60), org.start)
    if m is None:
        return None
    words = [w.lower().rstrip(".") for w in m.group("name").split()]
    if any(w in closed or w in KIND_WORDS or w in drug_names()
           or (never_a_name(w) and w not in given_names() and w not in month_given_names())
           for w in words):  # fmt: skip
        return None
    common = common_words()
    if len(words) == 1:
        # "Grace is from Southern Copper Corporation": a given name alone, "is from" only.
        given = words[0] in all_given_names() or words[0] in month_given_names()
        if m.group("link") == "of" or m.group("link") == "from" or not given:
            return None  # (a census name that is a word of faith too: "Christian is from")
    elif all(w in common for w in words):
        return None  # "Head Office of Acme Inc.", "Sales Director of"
    return m.span("name")


_ROLE_REASON: Final = (
    "an organisation before a person's role and name ('Velmorra engineer Ada Price')"
)


def _role_owner(text: str, name: Span) -> tuple[int, int] | None:
    before = text[max(0, name.start - 24) : name.start].split()
    if not before or before[-1].lower() not in _ROLES:
        return None  # most names: no role word just before them
    m = _ROLE_BEFORE.search(text, max(0, name.start - 80), name.start)
    if m is None or m.group("role").lower() not in _ROLES:
        return None
    common, start = common_words(), m.start("org")
    first = _WORD.match(text, start)
    if first is not None and first.end() < m.end("org") and _starts_sentence(text, start):
        after = _WORD.search(text, first.end())
        if first.group().lower() in closed_class() and after is not None:
            start = after.start()  # "Then Acme engineer ..."
    org = _uncommon(text, start, m.end("org"), common)
    if org is None or not _starts_sentence(text, org[0]):
        return org
    # A sentence's first word may be an ordinary word capitalised ("Yesterday Velmorra
    # engineer ..."): the name begins at its first word in no dictionary, if it has one.
    words = list(_WORD.finditer(text, *org))
    rare = [w for w in words if w.group().lower() not in common]
    return (rare[0].start(), org[1]) if rare else org


def _uncommon(text: str, start: int, end: int, common: frozenset[str]) -> tuple[int, int] | None:
    """`text[start:end]` up to its sentence's end, unless it is one ordinary word ("and
    Tuesday") or begins with a function word ("and The")."""
    end = _sentence_end(text, start, end)
    words = [w.lower().strip(".'\u2019") for w in text[start:end].split()]
    if not words or words[0] in closed_class() or (len(words) == 1 and words[0] in common):
        return None
    return start, end


def _affiliated(text: str, name: Span, closed: frozenset[str]) -> Iterator[tuple[int, int] | None]:
    """The organisation after "of" behind `name`, in brackets behind it or after its role
    between dashes, and the one that owns it before it."""
    after = _OF_ORG.match(text, name.end)
    if after is not None and after.group("org") != "I":
        yield after.start("org"), _sentence_end(text, after.start("org"), after.end("org"))
    if text.startswith(" (", name.end):
        yield _bracketed_org(text, name.end, closed)
    elif text.startswith((" - ", ", ", " | ", " \u2013 "), name.end):
        yield _org_after_role(text, name.end)
    if not ends_before_blanks(text, name.start, _POSSESSIVE_ENDS):
        return  # (what `_ORG_OWNS` needs last, checked first: most names have none)
    before = _ORG_OWNS.search(text, max(0, name.start - 60), name.start)
    if before is not None:
        yield _trimmed(text, before.start("org"), before.end("org"), closed)


# A workplace with the years one worked there in brackets, as a CV lists them: "Velaloop
# (1989-2002), Jenkins Dental (1985-present)". At the lowest score: a person with the years
# of their life ("Ada Price (1901-1980)") keeps the name another detector finds.
_TENURE: Final = compiled(
    r"\((?:19|20)\d\d[ \t]*[-\u2013][ \t]*(?:(?:19|20)\d\d|present|now|current)\)"
)
_TENURE_NAME: Final = compiled(
    r"(?<![\w'\u2019.&-])(?P<org>" + UPPER + r"[\w'\u2019.&/-]*(?:[ \t]+(?:" + UPPER
    + r"[\w'\u2019.&/-]*|&|and|of)){0,4})[ \t]+$"
)  # fmt: skip
_TENURE_REASON: Final = "a workplace with the years worked there ('Velaloop (1989-2002)')"


def dated_tenures(text: str) -> Iterator[Span]:
    if "(" not in text:
        return
    closed = closed_class()
    for m in _TENURE.finditer(text):
        before = _TENURE_NAME.search(text, max(0, m.start() - 80), m.start())
        org = before and _trimmed(text, before.start("org"), before.end("org"), closed)
        if org:
            yield Span(*org, Label.ORGANIZATION, "organisation", _TENURE_REASON, WEAK_INSTITUTION)


# A person's organisation in brackets behind their name: "Approved: F. Gomes (Cavalcanti)",
# "Speaker: Dr Ana Holm (Velmorra Labs)". Not a relation, title, role, nationality or
# ordinary word ("(Mother)", "(CEO)", "(Retired)", "(Spanish)").
_BRACKETED: Final = compiled(
    r" \((?P<org>" + UPPER + r"[\w'\u2019.&/-]*(?:[ \t]+(?:" + UPPER
    + r"[\w'\u2019.&/-]*|&|and|of|e|y|og)){0,4})\)"
)  # fmt: skip


def _bracketed_org(text: str, end: int, closed: frozenset[str]) -> tuple[int, int] | None:
    m = _BRACKETED.match(text, end)
    if m is None:
        return None
    words = m.group("org").split()
    lows = [w.lower().strip(".") for w in words]
    if len(words) == 1 and (words[0].isupper() and len(words[0]) <= 4):
        return None  # "(CEO)", "(MD)": a role or credential
    if any(w in closed or w in PERSON_WORDS or w in _ROLES or never_a_name(w) for w in lows):
        return None
    if all(w in common_words() for w in lows):
        return None
    return m.span("org")


# A person, their role and their organisation, between dashes, bars or commas on one line:
# "Hugo Pölitz - Senior Engineer - Ring", "Ana Holm, Lead Analyst, Velmorra".
_ROLE_THEN_ORG: Final = compiled(
    r" (?P<sep>[-,|\u2013])[ \t]+(?P<role>[A-Z][\w-]*(?:[ \t]+(?:of|[A-Z][\w-]*)){0,3})"
    r"[ \t]*(?P=sep)[ \t]+(?P<org>" + _NAME_RUN + r")[ \t]*(?:$|\n)",
    re.MULTILINE,
)
_ROLE_HEADS: Final = word_set(
    "head lead officer nurse assistant specialist coordinator supervisor administrator "
    "technician intern associate"
)


def _org_after_role(text: str, end: int) -> tuple[int, int] | None:
    m = _ROLE_THEN_ORG.match(text, end)
    if m is None:
        return None
    role = [w.lower() for w in m.group("role").split()]
    if not any(w in _ROLES or w in _ROLE_HEADS for w in role):
        return None
    return m.span("org")


def _trimmed(text: str, start: int, end: int, closed: frozenset[str]) -> tuple[int, int] | None:
    """`text[start:end]` without function words at its start (a sentence's "The"), ended
    at its sentence's full stop; None when nothing is left."""
    for word in _WORD_OR_NUMBER.finditer(text, start, end):
        if word.group().lower().strip(".") not in closed:
            end = before_full_stop(text, word.start(), end)
            return (word.start(), end) if end > word.start() else None
    return None


def _sentence_end(text: str, start: int, end: int) -> int:
    """`end`, or the full stop before it that ends a sentence ("Civic Insight. Next")."""
    stop = text.find(". ", start, end)
    return before_full_stop(text, start, stop if stop > start else end)


# The small words and legal forms of a firm's name written on a letter's line.
_LINE_JOINERS: Final = word_set("and & of the de du der van von for")
_LINE_LEGAL_FORMS: Final = word_set("inc. ltd. co. corp. llc. l.l.c. plc. gmbh s.a. b.v.")


def a_persons_line(line: str) -> bool:
    """Is a letterhead line a person's name rather than a firm's: two or three capitalised
    words, no firm's kind word, legal form or joiner among them, the first a given name or a
    word in no dictionary written with letters English does not use ("Mlađenka Sitar"), or
    the first in no dictionary and the last a surname ("Cirineo Barrios", "Keiran White":
    a firm named after a family says what it is, "Barrios Plumbing")?
    Read as a firm, a person's name would be left by the Safe Harbor policy."""
    words = line.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and w.isalpha() for w in words):
        return False
    lowered = [w.lower() for w in words]
    if any(w in KIND_WORDS or w in _LINE_LEGAL_FORMS or w in _LINE_JOINERS for w in lowered):
        return False
    first, last = lowered[0], lowered[-1]
    # (A given name of any country's lists: "Innocent Sokolov" above the street.)
    if first in all_given_names() or (first not in common_words() and not first.isascii()):
        return True
    return first not in common_words() and (last in surnames() or last in COLOUR_SURNAMES)


# A venue or employer named before the place it is in: "at Balefire Forge in Leiden", "at
# Locavore, 641 Dašická 688". And the name on the line above an address (a letter's
# addressee or a card's company: "Kyruus\n\n9791 Markt 84").
_VENUE_REASON: Final = "an organisation at a place ('at Acme in Leiden', 'at Acme, 12 Mill Row')"
_ADDRESSEE_REASON: Final = "the name on the line above an address"
_VENUE_BEFORE: Final = compiled(
    r"(?<![\w'\u2019-])at[ \t]+(?P<org>" + _NAME_RUN + r")(?:[ \t]+in[ \t]+|,[ \t]+)$"
)
_ADDRESSEE: Final = compiled(
    r"(?m)^[ \t]*(?:[^\w\s]+[ \t]*)?"
    r"(?P<org>[^\W\d_][\w'\u2019&-]*(?:[ \t]+[^\W\d_][\w'\u2019&.-]*){0,3})[ \t]*\n\s*$"
)


def _venue_before(text: str, place: Span) -> tuple[int, int] | None:
    if not ends_before_blanks(text, place.start, _VENUE_JOINS):
        return None  # (what `_VENUE_BEFORE` needs last, checked first: most places have none)
    m = _VENUE_BEFORE.search(text, max(0, place.start - 80), place.start)
    if m is None:
        return None
    venue = _uncommon(text, m.start("org"), m.end("org"), common_words())
    if venue is None and place.label is Label.ADDRESS:
        # Before a street address, an ordinary word capitalised inside a sentence is the
        # venue's name ("meet at Locavore, 641 Dašická 688"), unless it is a weekday or a
        # month, which are always capitalised.
        word = m.group("org")
        if " " not in word and not never_a_name(word.lower()):
            venue = m.start("org"), m.end("org")
    return venue


def _addressee_line(text: str, address: Span, closed: frozenset[str]) -> tuple[int, int] | None:
    line_start = text.rfind("\n", 0, address.start) + 1
    if any(c.isalnum() for c in text[line_start : address.start]):
        return None  # the address does not begin its line (a quote's marker aside: "> ")
    m = _ADDRESSEE.search(text, max(0, line_start - 80), line_start)
    if m is None:
        return None
    words = m.group("org").split()
    # A line that opens with a capital and ends in a word in lower case is a form's heading
    # for the address below it ("Billing address", "Ship to"), not a name: a name written
    # with capitals has them all ("compared care" in a text all in lower case stays).
    heading = len(words) > 1 and words[0][0].isupper() and words[-1].islower()
    if words[0].lower() in closed or heading:
        return None
    return m.start("org"), m.end("org")


_POSSESSIVE: Final = compiled(r"['\u2019]s\b")


def _without_possessive(text: str, start: int, end: int) -> tuple[int, int]:
    """`text[start:end]` up to a possessive in it ("Reed Elsevier's" -> "Reed Elsevier")."""
    m = _POSSESSIVE.search(text, start, end)
    return (start, m.start()) if m is not None and m.start() > start else (start, end)


# Words only a company is the object of: "later became Credit Karma", "acquired by Brightly",
# "a subsidiary of Kestrel Holdings" (what only a company does or has: `organisation_clues`).
_COMPANY_CHANGE: Final = compiled(
    r"(?i:later[ \t]+became|acquired[ \t]+by|merged[ \t]+with|(?:a[ \t]+)?subsidiary[ \t]+of|"
    r"spun[ \t]+off[ \t]+from|renamed|rebranded[ \t]+as)[ \t]+(?:the[ \t]+)?(?P<org>"
    + _NAME_RUN
    + r")"
)
_CHANGE_CUE_WORDS: Final = cue_words(
    {"later", "acquired", "merged", "subsidiary", "a", "spun", "renamed", "rebranded"}
)
_CHANGE_REASON: Final = "a company after 'later became', 'acquired by', 'merged with'"
_CONTEXT_WORDS: Final = cue_words(_CHANGE_CUE_WORDS - {"a"} | CLUE_WORDS)
