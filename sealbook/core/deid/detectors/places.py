"""Cities and counties: geonames cities of 15,000+ people, "Town, ST", "X County".

A city name that is also an ordinary word or a person's name ("Mobile",
"Charlotte") counts only after a place cue ("in", "from", "moved to") or before
a state, so prose and names are not taken for places.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from itertools import chain, repeat
from typing import Final

from sealbook.core.deid.detectors.address_grammar import with_district
from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.detectors.name_lexicon import country_follows
from sealbook.core.deid.detectors.not_persons import instrument
from sealbook.core.deid.detectors.services import generic_service
from sealbook.core.deid.detectors.town_cues import towns_by_cue
from sealbook.core.deid.lexicon import (
    SETTLEMENT_WORDS,
    cities,
    cities_lower,
    city_first_words,
    city_first_words_lower,
    clinical_words,
    closed_class,
    common_words,
    countries,
    drug_names,
    given_names,
    is_country,
    month_words,
    never_a_name,
    surnames,
    us_states,
    word_set,
)
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import TOWN_BEFORE_VENUE, Label, Span
from sealbook.core.deid.tokens import (
    UPPER,
    Token,
    at_line_starts,
    cue_words,
    cued_matches,
    lines_holding,
    token_starts,
    tokenize,
    tokens_for,
    word_class,
    word_index,
    words_in_class,
)

_STATE_CODES: Final = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|"
    "NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
# "Town, ST": find ", ST" first (cheap), then the capitalised words just before it.
STATE_AFTER_COMMA: Final = compiled(r",\s+(?:" + _STATE_CODES + r")\b(?![a-z])")
TOWN_BEFORE: Final = compiled(r"\b(?P<town>[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|of|on|upon)){0,3})$")
_STATE_NEXT: Final = compiled(r",?\s+(?:" + _STATE_CODES + r")\b")
# "grew up in KNIVSTA", "flew to Flateyri": an unknown capitalised word after a place cue.
_PLACE_CUES: Final = cue_words(
    word_set("in from to near visiting visit visited outside city town village at")
)
_COUNTY_CUES: Final = cue_words({"county", "parish", "borough"})
_FIELD_CUES: Final = cue_words({"where", "location", "venue"})
# The small words inside a town's name that English never writes between two capitalised
# words ("Wijk en Aalburg", "Mühldorf am Inn", "Rothenburg ob der Tauber"); not "in", "on"
# ("moved to Leeds in March"), nor those of people's names ("a card from Anna de Vries").
# Czech, Slovak and Polish towns are named by their river or hills with "nad", "pod", "v"
# ("Týnec nad Sázavou", "Rtyně v Podkrkonoší"), words English never writes in a sentence;
# and by the town they lie near or the land they lie in with "u" and "na" ("Kámen u
# Pacova", "Nové Město na Moravě"; twelfth round).
# Slovene towns by their river or the town they lie near with "ob" and "pri" ("Vrhnika ob
# Ljubljanici", "Kostel pri Sori"), Swiss and German ones with "bei" (fifteenth round).
_PARTICLE: Final = r"(?:en|am|ob[ \t]der|an[ \t]der|im|sur|lès|nad|pod|na|v|u|ob|pri|bei)"
_TOWN_PARTICLE: Final = r"(?:" + _PARTICLE + r"\s)?"
# "Sankt Andrä im Lavanttal": a town of two words before its particle.
_SECOND_WORD_AND_PARTICLE: Final = (
    r"\s" + UPPER + r"[\w-]+\s" + _PARTICLE + r"\s" + UPPER + r"[\w-]+"
)
_NEXT_WORD: Final = r"\s" + _TOWN_PARTICLE + UPPER + r"[\w-]+"
# (A Galician or Portuguese town's one-letter article opens it: "in O Saviñao", "A Estrada".)
_TOWN_ARTICLE: Final = r"[AO][ \t](?=" + UPPER + r"[\w'\u2019-]*[^\x00-\x7f])"
_PLACE_WORDS: Final = (
    r"(?:" + _TOWN_ARTICLE + r")?"
    + UPPER + r"[\w'\u2019-]+(?:" + _SECOND_WORD_AND_PARTICLE + "|" + _NEXT_WORD + r")?"
)
_PARTICLE_WORD: Final = compiled(r"en|am|ob|der|an|im|sur|lès|nad|pod|na|v|u|pri|bei")
_TEXT_SPEAK_PARTICLES: Final = frozenset({"u", "na"})
_PARTICLE_TOWN_REASON: Final = "a town's name joined by a particle after 'in', 'from' or 'to'"
_CAPS_WORD: Final = r"(?:" + UPPER + r"|\u2206)(?:" + UPPER + r"|[\u2206'\u2019-])*"
PLACE_AFTER_CUE: Final = compiled(
    r"(?i:in|from|to|near|visiting|visit|visited|outside|city|town|village|at)\s+(?:"
    r"(?!" + _TOWN_ARTICLE + r")"
    r"(?P<caps>" + _CAPS_WORD + r"(?:\s" + _CAPS_WORD + r"){0,3})(?![\w\u2206])"
    r"|(?P<place>" + _PLACE_WORDS + r")"
    r"|(?P<lower>[a-zß-ÿ][\w-]+(?:\s(?:de|do|da|del|la|am|an|sur)\s[a-zß-ÿ][\w-]+)?))"
)
COUNTY_WORDS: Final = frozenset({"County", "Parish", "Borough"})
COUNTY: Final = compiled(
    r"\b(?:[A-Z][\w.'\u2019-]*\s+){1,3}(?:County|Parish|Borough)\b"
    r"|\bCounty of\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)?"
)
_CUE: Final = frozenset(
    {"in", "from", "to", "near", "outside", "around", "at", "of", "visiting", "towards"}
)
_MAX_WORDS: Final = 4
# Words that may precede a town before the comma without being part of its name.
_NOT_TOWN_WORDS: Final = word_set(
    """
    in at from to near and or of the lives lived moved live living born raised grew up
    visiting visited outside downtown
    """
)


def _ambiguous(name: str) -> bool:
    low = name.lower()
    return low in common_words() or low in given_names() or low in surnames()


def _ambiguous_or_never(name: str) -> bool:
    """Does one-word city `name` need a cue or a state (`_ambiguous` or never a name)? Kept
    by name: the same few cities recur in every text, and the word lists are fixed."""
    known = _AMBIGUOUS_OR_NEVER.get(name)
    if known is None:
        known = _ambiguous(name) or never_a_name(name.lower())
        if len(_AMBIGUOUS_OR_NEVER) < _AMBIGUOUS_OR_NEVER_SIZE:
            _AMBIGUOUS_OR_NEVER[name] = known
    return known


# Bounded; it holds city names only (each a gazetteer name), never a text.
_AMBIGUOUS_OR_NEVER: Final[dict[str, bool]] = {}
_AMBIGUOUS_OR_NEVER_SIZE: Final = 40_000


# A form field that names a place: "Where: Unionville (Orange) Country Club."
_WHERE_FIELD: Final = compiled(r"(?i:where|location|venue)[ \t]*:[ \t]*(?P<place>[^\n]{2,60})")
_FIELD_WORD: Final = compiled(r"[^\W\d_][\w'\u2019-]*")


def _opens_a_city(word: str) -> bool:
    return word in city_first_words_lower()


# The words that may open a city's name, as a class of words (`word_class`): the text's words
# are looked up in the gazetteer's 27,000 first words once, when first seen, not in every
# text (a look-up in a set that large is a miss of the processor's cache, most of the cost).
_CITY_OPENERS: Final = word_class(_opens_a_city)


def _gazetteer_cities(text: str) -> Iterator[Span]:
    """Geonames cities, longest name first; an ambiguous one only after a cue or before a state."""
    gazetteer = cities()
    first_words = city_first_words()
    states = us_states()
    tokens = tokenize(text)
    index = word_index(text)
    starts = token_starts(text)
    candidates = sorted(
        {
            bisect.bisect_left(starts, t.start)  # (`index_of`, without a call per token)
            for word in words_in_class(text, _CITY_OPENERS)
            for t in index[word]
            if t.text in first_words or t.base in first_words
        }
    )
    covered_until = -1
    for i in candidates:
        tok = tokens[i]
        if i <= covered_until:
            continue
        longest = min(
            _MAX_WORDS, first_words.get(tok.text) or first_words.get(tok.base, 1), len(tokens) - i
        )
        # Words of a multi-word name are separated by one space or hyphen only: the words
        # so joined to this one, counted once (each longer name tried below needs them all;
        # "The" starts four-word names, and trying each length anew was most of the loop).
        joined = 1
        while joined < longest and tokens[i + joined].start - tokens[i + joined - 1].end == 1:
            joined += 1
        for n in range(joined, 0, -1):
            last = tokens[i + n - 1]
            name = text[tok.start : last.base_end if n == 1 else last.end]
            if name not in gazetteer or name.lower() in states or is_country(name):
                continue  # (a city-state is a country: "Singapore", "Monaco")
            # A name that is also a word or a person's ("Mobile", "Charlotte") needs a cue
            # before it or a state after it (read only then: most names need neither).
            if (
                n == 1
                and _ambiguous_or_never(name)
                and not (
                    (i > 0 and tokens[i - 1].lower in _CUE and not _a_month_after_a_cue(tokens, i))
                    or _state_follows(text[last.end : last.end + 24], states)
                    or country_follows(text, last.end)
                )
            ):
                continue
            end = last.base_end if n == 1 else last.end
            if (text.startswith("-", end) and text[end + 1 : end + 2].isalnum()) or (
                n == 1 and instrument(text, tok.start, end)
            ):
                break  # "Vineland-3", "Vineland Adaptive Behavior Scales": a test, no town
            yield Span(tok.start, end, Label.CITY, "place", "a city name (geonames)", 0.85)
            covered_until = i + n - 1
            break


def _a_month_after_a_cue(tokens: tuple[Token, ...], i: int) -> bool:
    """Is `tokens[i]`, a town's name after a place's cue, a month's too ("started in March",
    "from March to May"), the cue no verb of where one lives or moves to ("lives in March",
    "moved to March")? Then it is the month: a state or country after it makes it a town."""
    if tokens[i].lower not in month_words():
        return False
    return i < 2 or tokens[i - 2].lower not in _RESIDENCE_VERBS


_RESIDENCE_VERBS: Final = word_set("lives live living lived moved relocated settled")


def _state_follows(after: str, states: dict[str, str]) -> bool:
    """Does `after`, the text after a town's name, open with a state ("Mobile, AL", "Salem,
    Oregon", "Durham, North Carolina")?"""
    return (
        bool(_STATE_NEXT.match(after))
        or after.lstrip(", ").lower().startswith(("new ", "north ", "south "))
        or _state_word(after.lstrip(", ").split(" ")[0].strip(".,"), states)
    )


def _state_word(word: str, states: dict[str, str]) -> bool:
    """Is `word` a state: its name, or its code in capitals ("IN", not "in": "Man in his
    fifties", "Time in bed")?"""
    return word.lower() in states and (len(word) > 2 or word.isupper())


def _towns_before_state_codes(text: str) -> Iterator[Span]:
    """A town before a comma and a state code: the capitalised words of "Springfield, IL"."""
    for state in STATE_AFTER_COMMA.finditer(text):
        m = TOWN_BEFORE.search(text, max(0, state.start() - 60), state.start())
        if m is None:
            continue
        town = m.group("town")
        words = town.split()
        # Keep the last words that look like a town, not a whole sentence before the comma.
        while len(words) > 1 and words[0].lower() in _NOT_TOWN_WORDS:
            words.pop(0)
        start = m.start("town") + len(town) - len(" ".join(words))
        if generic_service(words):
            continue  # "Attending Psychiatrist, MD", "Outpatient Mental Health, VA": a role
        if len(words) > 1 or (words[0] != "I" and words[0].lower() not in common_words()):
            yield Span(start, m.end("town"), Label.CITY, "place", "a town before a state code", 0.9)


# A region of another country named with the noun of its kind after it, as its own language
# or English writes it: "Ústecký kraj", "Hallands län", "Vestland fylke", "Aichi Prefecture",
# "Lubuskie Voivodeship" (a general class of administrative nouns, not a list of regions).
_REGION_NOUNS: Final = cue_words(
    word_set("kraj län fylke megye oblast prefecture voivodeship maakond apskritis novads")
)
_REGION_BEFORE: Final = compiled(
    r"(?P<region>" + UPPER + r"[\w'\u2019-]+(?:[ \t]" + UPPER + r"[\w'\u2019-]+)?)[ \t]+$"
)
_REGION_REASON: Final = "a region before the noun of its kind ('Hallands län', 'Ústecký kraj')"


def _regions_before_their_noun(text: str) -> Iterator[Span]:
    for tok in tokens_for(text, _REGION_NOUNS):
        m = _REGION_BEFORE.search(text, max(0, tok.start - 60), tok.start)
        if m is None:
            continue
        words = m.group("region").lower().split()
        if all(w in common_words() or never_a_name(w) for w in words):
            continue  # "the Central Prefecture", "Old Town kraj": ordinary words
        yield Span(m.start("region"), tok.end, Label.CITY, "place", _REGION_REASON, 0.8)


def _counties(text: str) -> Iterator[Span]:
    done = -1
    for tok in tokens_for(text, _COUNTY_CUES):
        if tok.text in COUNTY_WORDS and tok.start > done:
            for m in COUNTY.finditer(text, max(0, tok.start - 80), tok.end + 40):
                if m.end() >= tok.end:
                    yield Span(m.start(), m.end(), Label.COUNTY, "place", "a county", 0.9)
                    done = m.end()


def _where_fields(text: str) -> Iterator[Span]:
    """The place a "Where:" field names; a town before venue words is a town (CITY)."""
    for tok in tokens_for(text, _FIELD_CUES):
        m = _WHERE_FIELD.match(text, tok.start)
        if m is None:
            continue
        place = m.group("place").rstrip(" .;,")
        words = list(_FIELD_WORD.finditer(place))
        start = m.start("place")
        town_of_venue = _TOWN_OF_VENUE.fullmatch(place)
        if town_of_venue is not None and _may_name_a_town(town_of_venue.group("town")):
            # "Where: Pines Beach Country Club": a venue named for its town says that the
            # words before it are a town, ordinary words though they are (value refill).
            town_end = start + town_of_venue.end("town")
            yield Span(start, town_end, Label.CITY, "place", _TOWN_BEFORE_VENUE, 0.85)
            continue
        if not words or all(w.group().lower() in common_words() for w in words):
            continue
        venue = _venue_start(place, words)
        town = place[:venue].rstrip()
        if 0 < venue < len(place) and any(
            w.group().lower() not in common_words() for w in _FIELD_WORD.finditer(town)
        ):
            yield Span(start, start + len(town), Label.CITY, "place", _TOWN_BEFORE_VENUE, 0.7)
            continue
        yield Span(start, start + len(place), Label.PLACE, "place",
                   "a place named after 'Where:' or 'Location:'", 0.6)  # fmt: skip


_TOWN_BEFORE_VENUE: Final = TOWN_BEFORE_VENUE
# Venues named for the town they are in (issue 13, value refill): "Hope Country Club",
# "North Franklin Town Hall", "Pines Beach Public Library".
_TOWN_OF_VENUE: Final = compiled(
    r"(?P<town>"
    + UPPER
    + r"[\w'\u2019.-]*(?:[ \t]+(?:\("
    + UPPER
    + r"[^)\n]{0,30}\)|"
    + UPPER
    + r"[\w'\u2019.-]*)){0,3})[ \t]+(?:(?:Country|Golf|Yacht|Tennis|Cricket|Rugby|Football|"
    r"Sailing|Rowing|Curling|Bowling|Rotary|Lions)[ \t]+Club|Golf[ \t]+Course|Town[ \t]+Hall|"
    r"City[ \t]+Hall|Civic[ \t]+Cent(?:er|re)|Convention[ \t]+Cent(?:er|re)|Community[ \t]+"
    r"Cent(?:er|re)|Public[ \t]+Library|High[ \t]+School|Municipal[ \t]+Airport|Fairgrounds)"
)


def _may_name_a_town(town: str) -> bool:
    """Not a small word, a weekday or month first, nor a country or US state ("The Grand
    Country Club", "Monday Golf Club")."""
    first = town.split()[0].lower()
    return not (
        first in closed_class()
        or never_a_name(first)
        or town in countries()
        or town.lower() in us_states()
    )


# A form field whose label asks for a town: "Town of residence: Hargeisa", "City: Iași",
# "Place of birth: Tromsø", "Hometown: ...". The label says what the value is, so a town
# the gazetteer does not hold (another spelling, a village) is found too. Only at a line's
# start (a form's field), and up to a comma: "City: Springfield, IL" keeps the state.
_TOWN_FIELD_CUES: Final = cue_words({"town", "city", "hometown", "birthplace", "place", "home"})
_TOWN_FIELD: Final = compiled(
    r"(?i:(?:town|city)(?:[ \t]*/[ \t]*(?:town|city))?(?:[ \t]+of[ \t]+(?:residence|birth|origin))?"
    r"|place[ \t]+of[ \t]+(?:residence|birth|origin)|home[ \t]?town|birthplace)"
    r"(?:[ \t]*:|[ \t]+[-\u2013](?=[ \t]))[ \t]*(?P<place>" + UPPER + r"[^\n,;:()]{1,40})"
)
# What a form's town field holds when it names no town: one such word is left alone, while
# one other capitalised word is the town, though an ordinary word ("Place of birth: Goes").
_NO_TOWN: Final = word_set(
    """
    unknown none same various other abroad home local withheld declined pending n/a na nil
    tbc tbd rural urban overseas elsewhere nowhere unspecified redacted blank multiple not
    """
)
_TOWN_FIELD_REASON: Final = (
    "the value of a form field that asks for a town ('City:', 'Place of birth:')"
)


def _town_fields(text: str) -> Iterator[Span]:
    common = common_words()
    for m in cued_matches(text, _TOWN_FIELD_CUES, _TOWN_FIELD):
        if text[: m.start()].rstrip(" \t")[-1:] not in ("", "\n", "|"):
            continue  # "the city: ..." inside a sentence is not a form's field
        place = m.group("place").rstrip(" .")
        words = _FIELD_WORD.findall(place)
        if not words or any(w.lower() in _NO_TOWN for w in words):
            continue  # "City: Unknown", "Town: Not stated"
        if len(words) > 1 and all(w.lower() in common for w in words):
            continue  # "City: Same as above"
        start = m.start("place")
        yield Span(start, start + len(place), Label.CITY, "place", _TOWN_FIELD_REASON, 0.7)


def _venue_start(place: str, words: list[re.Match[str]]) -> int:
    """Where the venue words end a field's value: "Beerze Country Club", "Unionville
    (Orange) Golf Club". They are ordinary words, capitalised, one space apart, after the
    town; the town is what makes the venue findable, so the town is the identifier."""
    k = len(words)
    common = common_words()
    while k > 0:
        word = words[k - 1]
        if not (word.group()[:1].isupper() and word.group().lower() in common):
            break
        if k < len(words) and place[word.end() : words[k].start()] != " ":
            break
        k -= 1
    if k == len(words) or k == 0 or place[words[k - 1].end() : words[k].start()] not in (" ", ") "):
        return len(place)
    return words[k].start()


def _venues(text: str, where: list[Span]) -> list[tuple[int, int]]:
    """The venue words after each town found in a "Where:" field (to be left alone)."""
    ranges = []
    for span in where:
        if span.label is Label.CITY:
            line_end = text.find("\n", span.end)
            ranges.append((span.end, len(text) if line_end < 0 else line_end))
    return ranges


# After a place: a qualifier in brackets ("Unionville (Orange)") or a district number or
# letter ("Cheb 2", "københavn v": `address_grammar.with_district`) belongs to its name.
_QUALIFIER_AFTER: Final = compiled(r"[ \t]\(" + UPPER + r"[\w'\u2019 .-]{0,30}\)")


# A town's name goes on after a particle of the languages that join a town to its river,
# hills or neighbour, with a capitalised word ("Oliveira do Hospital", "Klobouky u Brna",
# "Chomutice u Horic v Podkrkonoší", "Šentilj v Slovenskih goricah"; eleventh session).
_PARTICLE_TAIL: Final = compiled(
    r"(?:[ \t](?:u|v|na|nad|pod|pri|ob|do|da|dos|das|am|an|im|bei|sur|lès|en)[ \t]+"
    + UPPER
    + r"[\w'\u2019-]+(?:[ \t][a-z\u00df-\u017f][\w-]+(?=[ \t]*(?:[.,;:!?)\n]|$)))?){1,2}"
)


_A_PARTICLE_INSIDE: Final = compiled(r"[ \t](?:u|v|na|nad|pod|pri|ob|bei|im|am|an)[ \t]+" + UPPER)
_LOWER_WORD_AFTER: Final = compiled(
    r"[ \t]([a-z\u00df-\u017f][\w-]+)(?=[ \t]*(?:[.,;:!?)\n]|$)|[ \t]+[a-z])"
)


def _with_qualifier(text: str, span: Span) -> Span:
    """`span` with the qualifier or district that follows it, if any."""
    tail = _PARTICLE_TAIL.match(text, span.end)
    if tail is not None and not any(
        w[:1].isupper() and never_a_name(w.lower()) for w in tail.group().split()
    ):  # (not a weekday or a month: "London am Monday")
        span = Span(span.start, tail.end(), span.label, span.detector, span.reason, span.score)
    if _A_PARTICLE_INSIDE.search(text, span.start, span.end):
        # "Šentilj v Slovenskih goricah by helicopter": after a particle's capitalised word,
        # a word in lower case and in no dictionary still names the town.
        lower = _LOWER_WORD_AFTER.match(text, span.end)
        if lower is not None and lower.group(1) not in common_words():
            span = Span(span.start, lower.end(), span.label, span.detector, span.reason, span.score)
    compass = _COMPASS_AFTER.match(text, span.end)
    if compass is not None:
        # "Le Kram Est", "Leeds North": a part of the town named by its point of the compass.
        span = Span(span.start, compass.end(), span.label, span.detector, span.reason, span.score)
    m = _QUALIFIER_AFTER.match(text, span.end)
    end = m.end() if m is not None else with_district(text, span.end)
    if end == span.end:
        return span
    return Span(span.start, end, span.label, span.detector, span.reason, span.score)


# A compass point after a town, closing its phrase (French and Spanish too): "Le Kram Est,".
_COMPASS_AFTER: Final = compiled(
    r"[ \t](?:Est|Ouest|Nord|Sud|East|West|North|South|Norte|Sur|Oeste|Este)"
    r"(?=[.,;:!?)]|[ \t]*(?:\n|$)|[ \t]+(?:for|on|in|at|by|this|and)\b)"
)


# "flew to finnbogastaðir", "from løkken": a lower-case word with a letter English never
# writes (ð, þ, ø, å, ł, ş...) and in no dictionary, after "to", "from", "in" or "near", is
# a place: no English word or clinical term has that shape.
_TRAVEL_CUES: Final = frozenset({"to", "fr", "in", "ne"})
_FOREIGN_REASON: Final = "a lower-case word of another language's letters after a place cue"
_ENGLISH_LETTERS: Final = frozenset("abcdefghijklmnopqrstuvwxyz-éèêëïîôöüç")


def _foreign_word(place: str) -> bool:
    words = place.split()
    return (
        len(words[0]) >= 4
        and not _ENGLISH_LETTERS.issuperset(words[0])
        and words[0].isalpha()
        and words[0] not in common_words()
        and words[0] not in drug_names()
    )


# "arrived at HART": one arrives at a place, so a word in capitals there is a place even
# when it is short or an ordinary word; the verb in lower case shows the text is not
# written all in capitals.
_WATER_WORDS: Final = word_set("lake bay cove point island isle park bridge rock")
_HOME: Final = compiled(
    r"(?i:\b(?P<verb>lives?|living|lived|grew[ \t]+up|raised|born|originally|moved[ \t]+here|"
    r"based)[ \t]+)$"
)
# Where one is or stays, too, for a name ending in a water's word ("I'm in Bottle Lake, at
# the conference"; not for words in capitals: "I am in ICU").
_BEING: Final = compiled(
    r"(?i:\b(?:staying|stayed|am|are|were|was)[ \t]+|(?<=\w)['\u2019](?:m|re)[ \t]+)$"
)
_ARRIVAL: Final = compiled(
    r"\b(?:arrived|arrives|arriving|landed|lands|stopped|stayed|docked)[ \t]+$"
)
# "from PORT O' WARREN", "in LAKE CITY": capitals of ordinary words that begin or end the
# way place names do.
_PLACE_FIRST_WORDS: Final = word_set(
    "port fort mount mt saint st lake cape point glen new upper lower"
)


def _place_shaped(words: list[str]) -> bool:
    low = [w.lower().strip(".") for w in words]
    return (
        len(low) > 1
        and (
            low[0] in _PLACE_FIRST_WORDS
            or low[-1] in SETTLEMENT_WORDS
            # "in MOOR END", "from ROW HEATH": an English village's last word after words that
            # are no function words ("to THE END" stays).
            or (low[-1] in _VILLAGE_LAST_WORDS and not any(w in closed_class() for w in low[:-1]))
        )
    )


# The last words of English villages and parts of towns, in capitals after a place cue.
_VILLAGE_LAST_WORDS: Final = word_set(
    "end heath green common cross moor marsh wood row street bottom fields field"
)


def _not_an_acronym(caps: str) -> bool:
    """Is a short word in capitals spelt as no acronym is: with a letter English does not
    write ("from ÖRBY", "in ÅSEN")?"""
    return len(caps) == 4 and not caps.isascii() and caps.isalpha()


# The endings English and Germanic towns are built with: "ramirezmouth", "gardnerside",
# "berryberg", "tannerchester". A lower-case word in no dictionary and no name list with one,
# after "in", "to", "from", is a town (a typo seldom ends so).
_TOWN_ENDINGS: Final = (
    "mouth", "side", "berg", "burg", "burgh", "borough", "bury", "chester", "fort", "furt",
    "haven", "land", "port", "shire", "stad", "town", "ton", "ville", "view", "wick", "worth",
    "gate",
)  # fmt: skip
# Or a word of Māori syllables only, three or more (a consonant of that alphabet, then a
# vowel): "pukemotu", "awawhanga", "ngaurunui". English spells few words so.
_MAORI_SHAPE: Final = compiled(r"(?:(?:ng|wh|[hkmnprtw])?[aeiou]){3,}")
_TOWN_ENDING_REASON: Final = (
    "a lower-case word in no dictionary with a town's ending after a place cue"
)


def _town_ending(word: str) -> bool:
    return (
        word.isalpha()
        and len(word) > 6
        and (word.endswith(_TOWN_ENDINGS) or _MAORI_SHAPE.fullmatch(word) is not None)
        and word not in common_words()
        and word not in given_names()
    )


# The lower-case words after a place cue's first word: "new york", "east london", "santa
# cruz de tenerife".
_MORE_LOWER: Final = compiled(r"(?:[ \t]+[a-z\u00df-\u00ff][\w-]*){1,3}")


@functools.cache
def _first_words_of_lower_towns() -> frozenset[str]:
    return frozenset(name.split(" ")[0] for name in cities_lower() if " " in name)


def _lower_town_of_words(text: str, end: int, first: str, towns: frozenset[str]) -> int | None:
    """The end of the longest gazetteer town of two to four words in lower case that opens
    with `first` (ending at `end`): "moved to new york", "lives in east london"."""
    if first not in _first_words_of_lower_towns():
        return None  # (most words after "to" open no town: "to be", "to see")
    m = _MORE_LOWER.match(text, end)
    if m is None:
        return None
    words, name = m.group().split(), first
    found, at = None, end
    for word in words:
        at = text.index(word, at) + len(word)
        name += " " + word
        if name in towns:
            found = at
    return found


def _after_place_cues(text: str) -> Iterator[Span]:
    """A name in capitals, a lower-case gazetteer town or an unknown word after "in", "from"..."""
    states = us_states()
    lower_cities = cities_lower()
    # Read when a lower-case word after a cue first asks (not before: the set is built
    # from the whole gazetteer, a cost that a short run's start-up would pay for nothing).
    town_openers: frozenset[str] | None = None
    for m in cued_matches(text, _PLACE_CUES, PLACE_AFTER_CUE):
        cue = text[m.start() : m.start() + 2].lower()
        if m.group("caps"):
            # "grew up in ΑΛΑΣΣΑ", "arrived at HART": a name in capitals after a place cue.
            caps = m.group("caps")
            words = caps.split()
            # "I'm in OSLO", "returned to MOSS": a city of the gazetteer written in capitals
            # is the city after "in" or "to", though short or an ordinary word ("at" may
            # stand before a time or a firm: "at NOON", "at SALE"), or a given name too
            # ("from MOSS", "in SANDY"; fifteenth round: a person there is removed alike).
            known = len(caps) >= 4 and cue != "at" and caps.title() in cities()
            # "lives in ROSS", "grew up in PRAM", "originally from AURA": where one lives or
            # comes from is a place, though its name is short, a given name or an ordinary
            # word; but one lives in a feeling too ("lives in FEAR"): an ordinary word only
            # where one grew up or comes from.
            home = len(caps) >= 3 and _HOME.search(text, max(0, m.start() - 24), m.start())
            if home and home.group("verb").lower().startswith("liv"):
                home = home if any(w.lower() not in common_words() for w in words) else None
            # "I am in FLUSHING for a business trip", "I'm in STEIN, at the conference".
            # (Two letters of another alphabet will do: "I'm in ÅS, at the conference", "PAU".)
            long_enough = len(caps) >= 3 or (len(caps) >= 2 and not caps.isascii())
            trip = long_enough and _ON_A_TRIP.match(text, m.end("caps")) is not None
            sure = bool(home) or trip
            if (
                caps in countries()
                or caps.lower() in states
                or (caps.lower() in given_names() and not known and not sure)
            ):
                continue
            arrival = _ARRIVAL.search(text, max(0, m.start() - 16), m.start()) is not None
            if (
                len(caps) < 5
                and not (arrival and len(caps) == 4)
                and not known
                and not (_not_an_acronym(caps) or sure)
            ):
                continue  # "in ICU", "at NHS": an acronym, unless one arrives at it
            if generic_service(words):
                continue  # "working with her in CAMHS": a service
            unknown = [w for w in words if w.lower().strip("'\u2019") not in common_words()]
            if not (unknown or arrival or known or sure or _place_shaped(words)):
                continue
            # (Where one lives or comes from, or a gazetteer town, outranks a given name of
            # the same letters: "lives in ROSS".)
            yield Span(m.start("caps"), m.end("caps"), Label.CITY, "place",
                       "a place name in capitals after 'in', 'from' or 'to'",
                       0.9 if sure or known else 0.6)  # fmt: skip
            continue
        if m.group("lower"):
            # "returned to kiel": a gazetteer town in lower case that is not an ordinary word.
            place = m.group("lower")
            if town_openers is None:
                town_openers = _first_words_of_lower_towns()
            longer = (
                _lower_town_of_words(text, m.end("lower"), place, lower_cities)
                if place in town_openers
                else None  # (the call's own first test, without the call: "to be", "in the")
            )
            if longer is not None:
                reason = "a city name of several words (geonames) in lower case after a place cue"
                yield Span(m.start("lower"), longer, Label.CITY, "place", reason, 0.6)
            elif place in lower_cities and place not in common_words():
                reason = "a city name (geonames) in lower case after a place cue"
                yield Span(m.start("lower"), m.end("lower"), Label.CITY, "place", reason, 0.6)
            # (The lengths first, as the tests ask them: most words after a cue are short.)
            elif cue in _TRAVEL_CUES and len(place) > 6 and _town_ending(place):
                yield Span(m.start("lower"), m.end("lower"), Label.CITY, "place",
                           _TOWN_ENDING_REASON, 0.5)  # fmt: skip
            elif cue in _TRAVEL_CUES and len(place) >= 4 and _foreign_word(place):
                yield Span(m.start("lower"), m.end("lower"), Label.CITY, "place",
                           _FOREIGN_REASON, 0.5)  # fmt: skip
            continue
        if text[m.start() : m.start() + 4].lower() in ("city", "town", "vill"):
            continue
        if cue == "at" and _ARRIVAL.search(text, max(0, m.start() - 16), m.start()) is None:
            continue  # "at Acme", "at Noon"; but "arrived at Hostomice pod Brdy"
        word = m.group("place")
        low = word.lower()
        ordinary = all(w in common_words() or w in given_names() for w in low.split())
        if ordinary and _surely_a_town(text, m):
            yield Span(m.start("place"), m.end("place"), Label.CITY, "place",
                       _SURE_TOWN_REASON, 0.6)  # fmt: skip
            continue
        if low in common_words() or low in given_names() or not _letters_and_hyphens(word):
            continue
        words = low.split()
        # "lives in Mountain Lake", "moved here from Mechanics Bay": where one lives, a
        # water's or a coast's word ends a town's name too, over the named place its words
        # would make alone ("moved here from Churton Park").
        at_home_cue = _HOME.search(text, max(0, m.start() - 24), m.start()) is not None
        lived_in = (
            len(words) > 1
            and words[-1] in _WATER_WORDS
            and (
                _HOME.search(text, max(0, m.start() - 24), m.start()) is not None
                or _BEING.search(text, max(0, m.start() - 12), m.start()) is not None
                # ("arrived at Mountain Lake this morning": where one arrives, too)
                or _ARRIVAL.search(text, max(0, m.start() - 16), m.start()) is not None
            )
        )
        settlement = (
            lived_in
            or (len(words) > 1 and words[-1] in SETTLEMENT_WORDS)
            # "lives in Western Cape": a compass word opens a region's or town's name
            or (len(words) > 1 and words[0] in _COMPASS_FIRST and at_home_cue)
        )
        named = [w for w in words if not _PARTICLE_WORD.fullmatch(w)]
        if not settlement and all(
            w in common_words() or never_a_name(w) or w in drug_names() for w in named
        ):
            continue  # "goes to Head Start", "back to Type": ordinary words, capitalised
        if generic_service(named):
            continue  # "used in Cognitive Behavioural Therapy", "works in CAMHS"
        at_home = _HOME.search(text, max(0, m.start() - 24), m.start()) is not None
        arrived = _ARRIVAL.search(text, max(0, m.start() - 16), m.start()) is not None
        if (
            # ("I'm in Brú, at the conference"; "We moved here from Buj": where one lives;
            # "arrived at Maa this morning")
            len(word) < (3 if at_home or arrived or not word.isascii() else 4)
            or is_country(word)
            or low in states
            or _continent_part(words)
        ):
            continue
        if len(words) > 2:
            # A town's particle between two capitalised words is a town's shape: it outranks
            # the names read in it ("Berg en Terblijt"); its first and last words are no
            # weekday or month ("Friday en Route", "Ben am Monday").
            if never_a_name(words[0]) or never_a_name(words[-1]):
                continue
            # "u" and "na" are also text-speak ("love from Ana u Mum"): between a given name
            # or before a dictionary word, they join no town.
            if _TEXT_SPEAK_PARTICLES.intersection(words) and (
                words[0] in given_names() or words[-1] in common_words()
            ):
                continue
            yield Span(m.start("place"), m.end("place"), Label.CITY, "place",
                       _PARTICLE_TOWN_REASON, 0.86)  # fmt: skip
            continue
        # (A district's number after it says town, over two words read as a name:
        # "arrived at Ceské Budejovice 6 this morning".)
        districted = with_district(text, m.end("place")) > m.end("place")
        yield Span(m.start("place"), m.end("place"), Label.CITY, "place",
                   "a capitalised place name after 'in', 'from' or 'to'",
                   0.85 if lived_in else 0.6 if districted else 0.5)  # fmt: skip


# Where one was born, grew up or moved here from, and where one is for a trip: a town, though
# its name is an ordinary word or a given name ("We moved here from Mussel", "I am in Mussel
# for a business trip"; issue 13, thirteenth session). Not where one lives ("lives in Fear").
_CAME_FROM: Final = compiled(
    r"(?i:moved[ \t]+here|originally|grew[ \t]+up|born|raised)[ \t]+(?:in|from)[ \t]+$"
)
_ON_A_TRIP: Final = compiled(
    r"[ \t]+for[ \t]+(?:a|the|my|our|his|her|their)[ \t]+(?:business|work)[ \t]+trip\b"
    r"|,?[ \t]+at[ \t]+(?:a|the)[ \t]+conference\b"
)
_SURE_TOWN_REASON: Final = "a town one comes from or is in for a trip (though an ordinary word)"


def _surely_a_town(text: str, m: re.Match[str]) -> bool:
    """Are the capitalised words (up to three) after a place cue where one was born, grew
    up or moved from, closing the clause, or where one is for a trip, and no small word,
    weekday or month? (Not where one is based: "based in Psychiatry", a department.)"""
    words = m.group("place").split()
    lowered = [w.lower() for w in words]
    if any(never_a_name(w) or w in clinical_words() for w in lowered) or len(words[0]) < 3:
        return False
    place_end = m.end("place")
    if _ON_A_TRIP.match(text, place_end) is not None:
        return len(words) <= 3  # ("I'm in Halfway House, at the conference")
    # Where one comes from: one word that names people too, as many towns' do ("moved here
    # from Peck"); not an ordinary word alone ("moved here from Sales", "born in Prison").
    return (
        len(words) == 1
        and (lowered[0] in surnames() or lowered[0] in given_names())
        and lowered[0] not in _NOT_FROM
        and _CAME_FROM.search(text, max(0, m.start() - 24), m.start("place")) is not None
        and _CLAUSE_ENDS.match(text, place_end) is not None
    )


_CLAUSE_ENDS: Final = compiled(r"[ \t]*(?:[.,;:!?)]|\n|$)")
# Departments and institutions that are surnames too: where one moved from at work.
_NOT_FROM: Final = word_set("sales marketing accounts finance care church hospital prison court")
_COMPASS_FIRST: Final = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"}
)


def _letters_and_hyphens(word: str) -> bool:
    """Is `word` letters, with blanks, or hyphens joining a half in no dictionary nor name
    list ("returned to Grand-Leez"; not "back to Follow-Up")?"""
    if word.replace(" ", "").isalpha():
        return True
    halves = word.split("-")
    return (
        len(halves) > 1
        and all(h.isalpha() for h in halves)
        and any(h.lower() not in common_words() and h.lower() not in given_names() for h in halves)
    )


_COMPASS: Final = word_set("east west north south northern southern eastern western central")


def _continent_part(words: list[str]) -> bool:
    """Is `words` (lower case) a continent or a compass part of one ("east africa", "central
    asia")? A region that large names no one's town, and Safe Harbor keeps it."""
    return words[-1] in _CONTINENTS and all(w in _COMPASS for w in words[:-1])


# "the university of københavn": after "of" too, a lower-case word of another language's
# letters names a place ("of" is too common a word to be a place cue for anything else).
_OF: Final = cue_words({"of"})
_LOWER_AFTER_OF: Final = compiled(r"(?i:of)[ \t]+(?P<lower>[a-zß-ÿ\u0100-\u024f][\w-]+)")


def _foreign_after_of(text: str) -> Iterator[Span]:
    if text.isascii():
        return  # no letter of another language in the text (a constant-time check)
    for m in cued_matches(text, _OF, _LOWER_AFTER_OF):
        place = m.group("lower")
        if place.islower() and _foreign_word(place):
            yield Span(m.start("lower"), m.end("lower"), Label.CITY, "place",
                       _FOREIGN_REASON, 0.5)  # fmt: skip


# A postal address ends with its town in capitals on the line above the country
# ("ALFRICK\nUnited Kingdom", "KVALØYSLETTA\nNorway"), as the post office asks.
_TOWN_ABOVE_COUNTRY: Final = compiled(
    r"(?m)^[ \t]*(?P<town>" + _CAPS_WORD + r"(?:[ -]" + _CAPS_WORD + r"){0,2})[ \t]*\n"
    r"[ \t]*(?P<country>" + UPPER + r"[\w .'\u2019-]{2,40}?)[ \t]*$"
)
_TOWN_ABOVE_COUNTRY_REASON: Final = "a town in capitals on the line above a country"


def _towns_above_countries(text: str) -> Iterator[Span]:
    if "\n" not in text:
        return
    common, names = common_words(), countries()
    for m in at_line_starts(_TOWN_ABOVE_COUNTRY, text):
        town = m.group("town")
        if m.group("country") not in names or len(town) < 3 or town in names:
            continue
        if all(w.lower() in common for w in town.replace("-", " ").split()):
            continue  # "URGENT", "PRIVATE AND CONFIDENTIAL"
        yield Span(m.start("town"), m.end("town"), Label.CITY, "place",
                   _TOWN_ABOVE_COUNTRY_REASON, 0.7)  # fmt: skip


# A town named with a compass point or a place word before a name: "Lake Michael", "Port
# Mariabury", "East John", "St. Judith". The second word alone reads as a person's name (and
# is found as one); the first word says a place. Not a country or state ("South Korea",
# "West Virginia"), a continent's part ("East Africa"), nor a saint's possessive ("St.
# John's wort", "St Mary's"), nor one ordinary word after it ("New Year", "North Star").
_PREFIXED_TOWN: Final = compiled(
    r"(?:East|West|North|South|New|Port|Fort|Mount|Lake|St\.?|Saint)[ \t]+"
    r"(?P<name>" + UPPER + r"[^\W\d_A-Z]{2,})\b(?![-'\u2019](?!(?:based|born|bred|raised)\b))"
)  # (a hyphen may follow in "a North Jamesborough-based charity", "the East Sydney-born
# nurse" (issue 13, tenth round), as in _ORIGIN_SUFFIXES; the name's letters may be
# of any alphabet, "West Çağlar", and are checked to be in lower case below)
_PREFIX_WORDS: Final = cue_words(
    word_set("east west north south new port fort mount lake st saint")
)
_CONTINENTS: Final = word_set("africa asia europe america antarctica oceania")
_PREFIXED_REASON: Final = "a town named with a compass point or place word ('Port X', 'Lake X')"


# In lower case, a given name or a word with a town's ending after the place word ("lake
# lori", "west henry", "new samtown"), not one that is a word too ("new bill", "new hope"),
# nor after "st" (a street's too).
_LOWER_PREFIXED_TOWN: Final = compiled(
    r"(?:east|west|north|south|new|port|fort|mount|lake)[ \t]+(?P<name>[a-z]{3,})\b(?![-'\u2019])"
)


def _prefixed_towns(text: str) -> Iterator[Span]:
    common, given, states = common_words(), given_names(), us_states()
    for tok in tokens_for(text, _PREFIX_WORDS):
        lower = tok.text.islower()
        m = (_LOWER_PREFIXED_TOWN if lower else _PREFIXED_TOWN).match(text, tok.start)
        if m is None:
            continue
        name = m.group("name")
        if not name[1:].islower():
            continue  # "North KOREA", "New MRIs": no town's name
        low, whole = name.lower(), " ".join(m.group().split())
        if low in common and (lower or low not in given):
            continue
        if lower and low not in given and not _town_ending(low):
            continue
        if low in _CONTINENTS or name in countries() or whole in countries():
            continue
        if low in states or whole.lower() in states:
            continue
        yield Span(m.start(), m.end(), Label.CITY, "place", _PREFIXED_REASON, 0.6)


# A town whose name joins words with a small word and hyphens: "Gros-sur-Mer", "Stoke-on-
# Trent", "Saint-Jean-de-Luz", "Frankfurt-am-Main". The joining word in lower case between
# capitalised words is a place's shape; a word in no dictionary among them tells it from a
# capitalised phrase ("Back-on-Track").
_HYPHEN_JOINS: Final = cue_words(
    word_set("sur sous lès lez upon under on en le la les aux au de du des am an im")
)
_HYPHENATED: Final = compiled(r"[\w'\u2019]+(?:-[\w'\u2019]+)+")
# The words that make a town's name an adjective of where one comes from or works.
_ORIGIN_SUFFIXES: Final = frozenset({"born", "based", "bred", "raised"})
_HYPHENATED_REASON: Final = "a town's name joined by a small word and hyphens ('Gros-sur-Mer')"


# Dutch and Flemish towns named with the old genitive "'s-" ("of the"): "'s-Hertogenbosch",
# "'s-Gravenhage", "'s-Heer Abtskerke". English writes "'s" after a word, never after a
# space and before a hyphen and a capital, so the shape alone says a place; a second
# capitalised word in no dictionary belongs to the name ("Abtskerke").
_GENITIVE_TOWN: Final = compiled(
    r"(?<![\w'\u2019])['\u2019]s-" + UPPER + r"[^\W\d_]+(?:-[^\W\d_]+)*"
    r"(?P<more>[ \t]" + UPPER + r"[^\W\d_]+)?"
)
_GENITIVE_MARK: Final = compiled(r"['\u2019]s-")
_GENITIVE_REASON: Final = "a Dutch town named with the genitive \"'s-\" ('s-Hertogenbosch)"


def _genitive_towns(text: str) -> Iterator[Span]:
    if "s-" not in text:
        return
    common = common_words()
    for m in _genitive_matches(text):
        more = m.group("more")
        end = m.start("more") if more and more.strip().lower() in common else m.end()
        yield Span(m.start(), end, Label.CITY, "place", _GENITIVE_REASON, 0.85)


def _genitive_matches(text: str) -> Iterator[re.Match[str]]:
    """`_GENITIVE_TOWN.finditer(text)`, tried at each "'s-" only.

    The pattern begins with a look-behind, so the regex engine tried it at every character
    of the text; a match begins at its apostrophe. Its other characters are letters,
    hyphens and blanks, so matches tried one "'s-" after another do not overlap, as
    `finditer`'s do not."""
    starts = (m.start() for m in _GENITIVE_MARK.finditer(text))
    return filter(None, map(_GENITIVE_TOWN.match, repeat(text), starts))


def _hyphenated_towns(text: str) -> Iterator[Span]:
    done = -1
    for tok in tokens_for(text, _HYPHEN_JOINS):
        if tok.start < done or text[tok.start - 1 : tok.start] != "-":
            continue
        if text[tok.end : tok.end + 1] != "-" or not tok.text.islower():
            continue
        start = tok.start - 1
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'\u2019"):
            start -= 1
        m = _HYPHENATED.match(text, start)
        if m is None or m.end() <= tok.end:
            continue
        done = m.end()
        town = m.group()
        parts = town.split("-")
        if parts[-1] in _ORIGIN_SUFFIXES:  # "a Charpié-sur-Grojean-born nurse"
            parts.pop()
            town = "-".join(parts)
        names = [p for p in parts if p.lower() not in _HYPHEN_JOINS]
        if not all(p[:1].isupper() for p in names) or not parts[0][:1].isupper():
            continue
        if all(p.lower() in common_words() for p in names):
            continue
        yield Span(m.start(), m.start() + len(town), Label.CITY, "place", _HYPHENATED_REASON, 0.6)


# Where one lives or has moved to, in lower case: "moved to heukelum last month", "im back
# in miesbach", "grew up in castelvenere". A long word in no dictionary and no name list
# there is a town; a ward or a unit ("moved to resus", "back in paeds") is short, and
# a word of two dictionary words ("moved to carehome", "back in lockdown") or one letter
# off one ("back in hosptial") is no town.
_HOME_VERBS: Final = cue_words(
    word_set("moved moving move relocated relocating lives living lived live grew raised born back")
)
_HOME_PLACE: Final = compiled(
    r"(?:moved|moving|move|relocated|relocating|lives|living|lived|live|grew[ \t]+up|raised|"
    r"born|back)[ \t]+(?:to|in)[ \t]+(?P<town>[a-z\u00df-\u00ff]{7,})\b(?![-'\u2019])"
)
_HOME_PLACE_REASON: Final = "a long lower-case word in no dictionary where one lives ('moved to X')"
_LETTERS: Final = "abcdefghijklmnopqrstuvwxyz"
# The endings of a specialty, a procedure or a condition: "moved to gastroenterology",
# "back in neurosurgery", "back in endoscopy".
_CLINICAL_ENDINGS: Final = (
    "ology", "ologies", "itis", "ectomy", "otomy", "ostomy", "iatry", "iatrics", "therapy",
    "scopy", "graphy", "aemia", "emia", "osis", "pathy", "plasty", "surgery", "ics", "unit",
    "ward",
)  # fmt: skip


def _two_words(word: str, common: frozenset[str]) -> bool:
    return any(word[:i] in common and word[i:] in common for i in range(3, len(word) - 2))


def _one_letter_off(word: str, common: frozenset[str]) -> bool:
    """Whether a word of the dictionary is one letter dropped, added, changed or swapped
    from `word` (a typo: "hosptial", "hospitl")."""
    for i in range(len(word) + 1):
        if i < len(word) and word[:i] + word[i + 1 :] in common:
            return True
        if i < len(word) - 1 and word[:i] + word[i + 1] + word[i] + word[i + 2 :] in common:
            return True
        for c in _LETTERS:
            if word[:i] + c + word[i:] in common:
                return True
            if i < len(word) and word[:i] + c + word[i + 1 :] in common:
                return True
    return False


def _towns_where_one_lives(text: str) -> Iterator[Span]:
    common, given, drugs = common_words(), given_names(), drug_names()
    for tok in tokens_for(text, _HOME_VERBS):
        if not tok.text.islower():
            continue
        m = _HOME_PLACE.match(text, tok.start)
        if m is None:
            continue
        town = m.group("town")
        if town in common or town in given or town in drugs or never_a_name(town):
            continue
        if town.capitalize() in countries():
            continue  # "i live in belgium": a country, no town
        if town.endswith(_CLINICAL_ENDINGS) or _two_words(town, common):
            continue
        if _one_letter_off(town, common):
            continue
        yield Span(m.start("town"), m.end("town"), Label.CITY, "place", _HOME_PLACE_REASON, 0.5)


# A town before "-based" ("a Skagen-based charity", "a Bihar Sharif-based firm"): a
# capitalised name, its words joined by spaces or hyphens, one word of it in no dictionary.
# Not an ordinary word ("Evidence-based", "Python-based"), an acronym ("CBT-based",
# "UK-based"), a country or a US state ("a Canada-based group": no identifier), nor a
# compass word's town, which `_prefixed_towns` reads whole.
_BASED_TOWN: Final = compiled(
    r"(?<![\w'\u2019-])(?P<town>(?:"
    + UPPER
    + r"[^\W\d_]*[ \t]+(?:(?i:di|de|da|do|del|la|le)[ \t]+)?){0,2}"
    + UPPER
    + r"[^\W\d_]*(?:['\u2019-][^\W\d_]+)*?)-based\b"
)
_BASED: Final = compiled("-based")
_BASED_REASON: Final = "a town before '-based' ('a Skagen-based charity')"


def _towns_before_based(text: str) -> Iterator[Span]:
    if "-based" not in text:
        return
    common, closed, states = common_words(), closed_class(), us_states()
    # A town before "-based" lies on one line: only the lines with "-based" are searched
    # (see `lines_holding`; the pattern begins with a look-behind).
    lines = lines_holding(text, _BASED)
    for m in (m for lo, hi in lines for m in _BASED_TOWN.finditer(text, lo, hi)):
        start = m.start("town")
        # Words before the town's own that are ordinary or closed-class ("A", "The", "Our")
        # begin the sentence, not the town: "A Pires Grande-based", "Our Leeds-based".
        while " " in m.group("town")[start - m.start("town") :]:
            first = text[start : text.index(" ", start)]
            if first.lower() not in common and first.lower() not in closed:
                break
            start = text.index(" ", start) + 1
            while text[start] in " \t":
                start += 1
        town = text[start : m.end("town")]
        low = town.lower()
        if town.isupper() or town in countries() or low in states:
            continue
        words = [w for w in re.split(r"[-'\u2019 \t]", low) if w]
        if all(w in common or w in _HYPHEN_JOINS for w in words):
            continue  # "Java-based", "Reading-based": an ordinary word, a town or not
        before = text[max(0, start - 8) : start].split()
        if before and before[-1].lower().rstrip(".") in _PREFIX_WORDS:
            continue  # "a North Tamesborough-based charity": `_prefixed_towns` reads it whole
        yield Span(start, m.end("town"), Label.CITY, "place", _BASED_REASON, 0.9)


# "works as a chef at The Wheelhouse, Porthleven.", "volunteers at Oxfam, Dunmore": after
# "at" and a capitalised venue, a comma and one or two capitalised words in no dictionary,
# name list or gazetteer of countries, closing the clause: the venue's town (a village too
# small for the gazetteer).
_VENUE_THEN_TOWN: Final = compiled(
    r"at[ \t]+(?:[Tt]he[ \t]+)?(?:[A-Z][\w'\u2019&-]*[ \t]+){0,3}[A-Z][\w'\u2019&-]*,[ \t]+"
    r"(?P<town>[A-Z][a-z\u00e0-\u024f'-]{3,}(?:[ \t][A-Z][a-z\u00e0-\u024f'-]{2,})?)"
    r"(?=[ \t]*(?:[.;!?\n]|$))"
)
_AT: Final = cue_words({"at"})


def _towns_after_a_venue(text: str) -> Iterator[Span]:
    common, given, family = common_words(), given_names(), surnames()
    for m in cued_matches(text, _AT, _VENUE_THEN_TOWN):
        town = m.group("town")
        words = [w.lower() for w in town.split()]
        if any(w in common or w in given or w in family for w in words):
            continue  # "at Quorvane, Thanks.", "at Oxfam, Maria." : a word or a person
        if town.lower() in countries() or town.lower() in us_states():
            continue  # a country or a state stays (Safe Harbor keeps them)
        yield Span(m.start("town"), m.end("town"), Label.CITY, "place",
                   "a town after a venue and a comma, closing the clause", 0.7)  # fmt: skip


@register(
    "place",
    [Label.CITY, Label.COUNTY, Label.PLACE],
    "cities (geonames), 'Town, ST', counties, places in capitals or after 'Where:'",
)
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for span in _places(text):
        # Whichever rule found a town, its district goes with it ("I am in Karlovy Vary 17").
        yield _with_qualifier(text, span) if span.label is Label.CITY else span


def _places(text: str) -> Iterator[Span]:
    where = list(_where_fields(text))
    venues = _venues(text, where)
    for span in _gazetteer_cities(text):
        if not any(start <= span.start and span.end <= end for start, end in venues):
            yield _with_qualifier(text, span)
    yield from _towns_before_state_codes(text)
    yield from _counties(text)
    yield from _regions_before_their_noun(text)
    yield from where
    yield from _town_fields(text)
    for span in chain(_after_place_cues(text), _foreign_after_of(text)):
        yield _with_qualifier(text, span)
    yield from _towns_above_countries(text)
    yield from _prefixed_towns(text)
    yield from _hyphenated_towns(text)
    yield from _genitive_towns(text)
    yield from _towns_where_one_lives(text)
    yield from _towns_before_based(text)
    yield from _towns_after_a_venue(text)
    yield from towns_by_cue(text)
