"""Towns told by where they stand, though their names are ordinary words: helpers of `place`.

Most towns after "in" or "to" are found only when a word of their name is in no dictionary
("moved to Flateyri"), since "in Time" or "to Head Start" are no towns. A few places in a
text hold nothing but a town, and there an ordinary word is a town too (issue 13, value
refill):

- after a verb of flying and its preposition ("flew to Sales on Thursday", "landed in
  Hobo"): one flies to a place;
- before "by" and a craft that goes from town to town ("returned to Pap by helicopter");
- a district named "Cité" and its name after a place cue or alone on its line ("originally
  from Cite El Ouns 2", "Cite 7 Novembre");
- named by a date after "in", "to" or "from" ("in 25 de Agosto"), its month capitalised;
- after "home city", "hometown" or "home town" ("the band's home city Pellet: ...");
- before a landmark its town names, in lower case ("Larnaka bridge", "Kokkola airport"),
  and after "University of" ("the University of El Tanque"), when a word of the name is in
  no dictionary nor a given name: a town is what names a bridge or a university there
  (issue 13, thirteenth round);
- on the line above a line that holds only a country, in an address written one part per
  line ("Karin Holm\\n\\nDownsville\\nUnited States"), when a word of it is no dictionary
  word or its last word is a settlement's ("Furnace Green" stays a name, "Mill Village"
  does not).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.address_grammar import CITE
from sealbook.core.deid.detectors.address_tail import SETTLEMENT_ENDS
from sealbook.core.deid.detectors.european_streets import DATE_NAME
from sealbook.core.deid.lexicon import (
    SETTLEMENT_WORDS,
    closed_class,
    common_words,
    given_names,
    is_country,
    never_a_name,
    us_states,
)
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import UPPER, at_line_starts, cue_words, cued_matches

_TOWN_WORDS: Final = UPPER + r"[\w'\u2019-]+(?:[ \t]+" + UPPER + r"[\w'\u2019-]+){0,2}"
FLIGHT: Final = compiled(
    r"(?i:flew|fly|flies|flying|flown|landed|lands|landing)[ \t]+(?:back[ \t]+)?"
    r"(?i:to|into|in|at)[ \t]+(?P<town>" + _TOWN_WORDS + r")(?![\w'\u2019-])"
)
_FLIGHT_WORDS: Final = cue_words(
    {"flew", "fly", "flies", "flying", "flown", "landed", "lands", "landing"}
)
# A journey's end before the craft that made it, one that goes from town to town:
# "returned to Pap by helicopter", "flew back to The Gardens by plane" (not a bus, car or
# train, which one takes to "School", "Church" or "Work" too).
BY_CRAFT: Final = compiled(
    r"(?i:to|into)[ \t]+(?P<town>" + _TOWN_WORDS + r")[ \t]+by[ \t]+"
    r"(?:helicopter|plane|air|ferry|boat|seaplane)\b"
)
_TO_WORDS: Final = cue_words({"to", "into"})
# A town named by a date, as many in Spanish- and Portuguese-speaking countries are ("25 de
# Agosto", "1 de Maio"): after "in", "to", "from" or "near", the day and its month
# capitalised, as a date in those languages is not written ("el 25 de agosto").
DATED_TOWN: Final = compiled(r"(?i:in|to|from|near)[ \t]+(?P<town>" + DATE_NAME + r")(?![\w-])")
_DATED_CUES: Final = cue_words({"in", "to", "from", "near"})
_MONTH_WORD: Final = compiled(r"[^\W\d_]{3,}(?=(?:[ \t]+(?:de[ \t]+)?\d{4})?$)")
HOME_CITY: Final = compiled(
    r"(?i:home[ \t]+city|home[ \t]+town|hometown)[ \t]+(?:of[ \t]+|is[ \t]+|was[ \t]+)?"
    r"(?P<town>(?:(?:la|le|el|les|los|las|il|lo)[ \t]+)?"  # ("home city la Pobla Tornesa")
    + _TOWN_WORDS + r")(?![\w'\u2019-])"
)
_HOME_WORDS: Final = cue_words({"home", "hometown"})
# A line of one to three capitalised words (with a town's small words between them: "Wijk
# aan Zee", "Bad Neustadt an der Saale"), then a line holding only a country, perhaps with
# its postcode ("United Kingdom 26122").
_SMALL: Final = r"(?:aan|an|der|den|de|del|di|da|do|dos|das|du|la|le|sur|sous|im|am|op|bij|en)"
# and the Czech, Slovak, Slovene and Polish ones ("Velká Bukovina u Decína", "Videm pri Ptuju")
_TOWN_SMALL: Final = r"(?:" + _SMALL + r"|pri|nad|pod|u|v|na)"
TOWN_ABOVE_COUNTRY: Final = compiled(
    r"(?m)^[ \t>]*(?P<town>"
    + UPPER
    + r"[\w'\u2019.-]+(?:[ \t](?:"
    + _TOWN_SMALL
    + r"[ \t]){0,2}"
    + UPPER
    + r"[\w'\u2019.-]+){0,2}(?:[ \t][a-z\u00df-\u017f][\w-]+)?)[ \t]*\n[ \t>]*(?P<country>"
    + UPPER
    + r"[\w .'\u2019-]{2,40}?)(?:[ \t]+\d{4,6})?[ \t]*$"
)
# A town of one to three capitalised words (a town's small words between them: "Videm pri
# Ptuju", "Chomutice u Horic v Podkrkonoší") ending where a landmark's noun begins.
_TOWN_WORD: Final = (
    UPPER + r"[\w'\u2019\u2206-]+"
)  # (with the increment sign pasted for a Greek delta)
_TOWN_NAME: Final = (
    _TOWN_WORD + r"(?:[ \t](?:" + _TOWN_SMALL + r"[ \t]){0,2}" + _TOWN_WORD + r"){0,3}"
)
_LANDMARK: Final = compiled(
    r"(?:bridge|airport|harbour|harbor|railway[ \t]+station|town[ \t]+hall)\b"
)
_LANDMARK_WORDS: Final = cue_words({"bridge", "airport", "harbour", "harbor", "railway", "town"})
# (with its district's number: "Melník 1 bridge")
_TOWN_BEFORE_LANDMARK: Final = compiled(
    r"(?<![\w'\u2019-])(?P<town>" + _TOWN_NAME + r"(?:[ \t](?:\d{1,2}|[A-ZÆØÅ]{1,2}))?)$"
)  # (or its district's letters: "København K bridge")
# The last word of a town of ordinary words before a landmark it names ("Mountain Lake
# bridge", "Castle Hill airport"): a settlement's or a landscape's.
_TOWN_ENDS: Final = SETTLEMENT_ENDS | frozenset(
    {"lake", "hill", "mountain", "river", "rock", "field"}
)
# (A Galician or Portuguese town may open with its one-letter article: "A dos Francos",
# "O Porriño".)
UNIVERSITY_OF: Final = compiled(
    r"(?i:university)[ \t]+of[ \t]+(?P<town>(?:[AO][ \t](?:"
    + _TOWN_SMALL
    + r"[ \t])?(?="
    + UPPER
    + r"))?"
    + _TOWN_NAME
    + r")(?![\w'\u2019-])"
)
_UNIVERSITY_WORDS: Final = cue_words({"university"})
_ARTICLES: Final = frozenset({"el", "la", "le", "les", "los", "las", "al", "il", "lo", "a", "o"})
# A compass point or place word first makes a place of ordinary words ("West Freehold").
_PLACE_FIRST: Final = frozenset(
    {"east", "west", "north", "south", "new", "port", "fort", "mount", "lake"}
)


def _names_no_town(words: list[str]) -> bool:
    """Is the first of `words` (a town's name after a sure cue) a small word, a weekday or
    month, or are they a country or a US state ("flew to The", "flew to Monday", "flew to
    Spain"), after an article or not? A town of those is no town a cue vouches for."""
    low = " ".join(words).lower()
    first = words[0].lower()
    if first == "the" and len(words) > 1 and not is_country(" ".join(words)):
        # "flew to The Hague", "returned to The Gardens": the article of a town's name.
        return _names_no_town(words[1:])
    return (
        first in closed_class()
        or never_a_name(first)
        or is_country(" ".join(words))
        or low in us_states()
    )


def _towns_after_sure_cues(text: str) -> Iterator[Span]:
    for pattern, cues, reason, score in (
        # (Above a named place's 0.8: one flies to "Belmont Regional Park", a town.)
        (FLIGHT, _FLIGHT_WORDS, "a town after a verb of flying ('flew to', 'landed in')", 0.85),
        (BY_CRAFT, _TO_WORDS, "a town one travels to by a craft ('to Pap by helicopter')", 0.7),
        # (Above a named place's 0.8: "home city Pine Park" is a town, not a park.)
        (HOME_CITY, _HOME_WORDS, "a town after 'home city' or 'hometown'", 0.85),
    ):
        for m in cued_matches(text, cues, pattern):
            words = m.group("town").split()
            # A weekday or month ends the town ("flew to Sales on Thursday" has none inside).
            while words and never_a_name(words[-1].lower()):
                words.pop()
            if not words or _names_no_town(words):
                continue
            end = m.start("town") + len(" ".join(words))
            if text[m.start("town") : end] == " ".join(words):
                yield Span(m.start("town"), end, Label.CITY, "place", reason, score)


# A Tunisian or Algerian district, named "Cité" and its name or date ("Cite El Ouns 2",
# "Cite 7 Novembre", "Cite Des Martyrs"): after "in", "from", "to", "at" or "near", or
# alone on its line or before a comma on it, in an address written one part per line.
_CITE_WORDS: Final = cue_words({"cite", "cité"})
_CITE_CUE: Final = compiled(r"(?i:in|from|to|at|near|city|hometown|town)[ \t]+$")
_CITE_LINE_ENDS: Final = compiled(r"[ \t]*(?:,|\n|$)")
# A line of an address: a house number before a word, or a unit and its number.
_ADDRESS_LINE: Final = compiled(r"\b\d{1,6}[ \t]+[^\W\d_]|(?i:apt|suite|unit|flat)\.?[ \t]*\d")


def _cite_districts(text: str) -> Iterator[Span]:
    for m in cued_matches(text, _CITE_WORDS, CITE):
        line_start = text.rfind("\n", 0, m.start()) + 1
        above = text[text.rfind("\n", 0, max(0, line_start - 1)) + 1 : line_start]
        alone = (
            text[line_start : m.start()].strip(" \t>") == ""
            and _CITE_LINE_ENDS.match(text, m.end()) is not None
            # (in an address, under a line with its numbers; "Cite APA 7", "Cite Beck, 1979"
            # opening a line of notes are the verb)
            and _ADDRESS_LINE.search(above) is not None
            and not any(w.isupper() and len(w) > 1 for w in m.group().split()[1:])
        )
        if alone or _CITE_CUE.search(text, max(0, m.start() - 8), m.start()):
            yield Span(m.start(), m.end(), Label.CITY, "place",
                       "a district named 'Cité' and its name ('Cite El Ouns 2')", 0.85)  # fmt: skip


def _towns_named_by_dates(text: str) -> Iterator[Span]:
    for m in cued_matches(text, _DATED_CUES, DATED_TOWN):
        month = _MONTH_WORD.search(m.group("town"))
        # (with "de", as the towns are named: "runs from 12 Mayo" is a date)
        if month is not None and month.group()[0].isupper() and " de " in m.group("town"):
            yield Span(m.start("town"), m.end("town"), Label.CITY, "place",
                       "a town named by a date ('in 25 de Agosto')", 0.75)  # fmt: skip


def _names_a_town(town: str, university: bool = False) -> bool:
    """Is `town` (before a landmark or after "University of") no set of ordinary words,
    given names, small words, a country or a US state? After "University of", a given
    name alone too: a university is named after its town, not a person ("the University
    of Harold"; a person's is "Harold University")."""
    named = town.split()
    if len(named) > 1 and named[0].lower() in _ARTICLES:
        named = named[1:]  # "El Tanque", "La Sagne": an article begins the town
    words = [w.lower() for w in named]
    if _names_no_town(named):
        return False
    # (A given name first is a town's with more after it: "Vester Skerninge".)
    if words[0] in given_names() and len(words) == 1:
        return university and words[0] not in common_words()
    common = common_words()
    return any(w not in common and w not in given_names() and len(w) > 2 for w in words)


def _ordinary_town(town: str) -> bool:
    """Is `town`, of ordinary words before a landmark, written in capitals ("CASTLE HILL
    bridge") or two words or more ending in a settlement's or landscape's word ("Mountain
    Lake bridge"), and opening with no small word ("The Lake bridge" is no town's)?"""
    words = town.split()
    if _names_no_town(words) or words[0].lower() in _ARTICLES or words[0].lower() == "the":
        return False
    if town.isupper() and len(town) > 3:
        return True
    return len(words) > 1 and words[-1].lower() in _TOWN_ENDS


def _towns_naming_landmarks(text: str) -> Iterator[Span]:
    for m in cued_matches(text, _UNIVERSITY_WORDS, UNIVERSITY_OF):
        town = m.group("town")
        # ("the University of Pines Beach": ordinary words ending in a settlement's word)
        if _names_a_town(town, university=True) or _ordinary_town(town):
            # (Above the school's own score: the town keeps its words, the school the rest.)
            yield Span(m.start("town"), m.end("town"), Label.CITY, "place",
                       "a town after 'University of'", 0.9)  # fmt: skip
    for landmark in cued_matches(text, _LANDMARK_WORDS, _LANDMARK):
        if landmark.start() < 2 or text[landmark.start() - 1] not in " \t":
            continue
        at = landmark.start() - 1
        town = _TOWN_BEFORE_LANDMARK.search(text, max(0, at - 60), at)
        if town is not None and (
            _names_a_town(town.group("town")) or _ordinary_town(town.group("town"))
        ):
            yield Span(town.start("town"), town.end("town"), Label.CITY, "place",
                       "a town before the landmark it names ('Larnaka bridge')", 0.7)  # fmt: skip


_PARTICLE_BETWEEN: Final = compiled(r"[ \t]" + _TOWN_SMALL + r"[ \t]+" + UPPER)


def _towns_above_country_lines(text: str) -> Iterator[Span]:
    if "\n" not in text:
        return
    common = common_words()
    for m in at_line_starts(TOWN_ABOVE_COUNTRY, text):
        town, country = m.group("town"), m.group("country")
        if not is_country(country) or is_country(town) or town.isupper():
            continue  # (a town in capitals is `place`'s own rule)
        words = [w.lower().strip(".") for w in town.replace("-", " ").split()]
        if town.split()[-1].islower() and not _PARTICLE_BETWEEN.search(town):
            continue  # (a word in lower case ends a town only after its particle: "Šentilj v
            # Slovenskih goricah")
        if (
            all(w in common for w in words)
            and not (len(words) > 1 and words[-1] in _TOWN_ENDS)  # ("Mountain Lake")
            and words[-1] not in SETTLEMENT_WORDS
            and not (len(words) > 1 and words[0] in _PLACE_FIRST)
        ):
            continue  # "Yours Sincerely", "Best Wishes" above a country
        yield Span(m.start("town"), m.end("town"), Label.CITY, "place",
                   "a town on the line above a country", 0.7)  # fmt: skip


def towns_by_cue(text: str) -> Iterator[Span]:
    """Towns after a verb of flying or "home city", before a landmark or after "University
    of", and towns on the line above a country."""
    yield from _towns_after_sure_cues(text)
    yield from _towns_named_by_dates(text)
    yield from _cite_districts(text)
    yield from _towns_naming_landmarks(text)
    yield from _towns_above_country_lines(text)
