"""Streets written the US way, and streets named by a cue: step one of `street_address`.

A house number, street words and a suffix ("1423 Maple Street", "3911 fourth
avenue"); a number and a name before a unit ("2505 Heatherleigh Suite 620"); a
PO box; a military address; a street named without a number when a word of its
name is in no dictionary ("Tarsicio Lane"); and the cued forms: words and a
number after "lives at" or "address:" ("lives at Maneeži 75"), "the corner of A
and B". Streets in the European orders are in `european_streets`; what follows a
street is read by `address_tail`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.address_grammar import (
    NAME_LETTER,
    PARTICLE,
    PARTICLES,
    SUFFIX,
    UNIT,
    UNIT_START,
    UNIT_WORDS,
    UP,
    at_house_numbers,
    at_words,
)
from sealbook.core.deid.detectors.name_lexicon import TITLES
from sealbook.core.deid.lexicon import (
    closed_class,
    common_words,
    street_suffixes,
    surnames,
    word_set,
)
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import cue_words, cued_matches, tokens_for

_NAME_WORD: Final = r"(?:" + UP + NAME_LETTER + r"*|\d+(?:st|nd|rd|th)|[a-z]{1,3}|de|la|del|von)"
STREET: Final = compiled(
    r"(?<![\w-])\d{1,6}[A-Za-z]?(?:[-/]\d{1,5})?,?[^\S\n]+"
    r"(?:(?:[NSEW]|NE|NW|SE|SW)\.?\s+|North\s+|South\s+|East\s+|West\s+)?"
    r"(?:"
    + _NAME_WORD
    # The word before the suffix: a name's, or a numbered street's ("2231 SW 8th St").
    + r"[^\S\n]+){0,4}?(?:(?:"
    + UP
    + NAME_LETTER
    # (a line may break before the suffix, as an e-mail wrapped by hand: "17 Easter\nRoad,";
    # the suffix then ends its clause, not "17 Times\nRoad safety")
    + r"*|\d{1,3}(?:st|nd|rd|th))(?:[^\S\n]+|[ \t]*\n[ \t]*(?=(?:"
    + SUFFIX
    + r")\b\.?[ \t]*(?:[,;\n]|$))))(?:"
    + SUFFIX
    + r")\b\.?"
    r"(?:\s+(?:[NSEW]|NE|NW|SE|SW)\b\.?)?" + UNIT
)
# Road types of the Australian and New Zealand standard that are also ordinary nouns ("Sound",
# "Steps", "Line", "Beach"), left out of SUFFIX: after a house number and capitalised names
# that are no English words ("87 Moore Line", "57/290 Peterson Circus") they end a street;
# after an ordinary word ("3 Trauma Centre", "3 Steps forward") they do not.
_NOUN_TYPES: Final = (
    "Access|Approach|Artery|Basin|Beach|Bend|Block|Brace|Break|Brow|Centre|Chase|Circuit|"
    "Circus|Cross|Cutting|Deviation|Dip|Distributor|Edge|Elbow|End|Entrance|Follow|Formation|"
    "Front|Gap|Gates?|Ground|Interchange|Lees|Line|Link|Lookout|Nook|Outlook|Pathway|Plateau|"
    "Pocket|Quad|Quadrant|Range|Reach|Reserve|Retreat|Ride|Ring|Rise|Round|Slope|Sound|Stairs|"
    "Steps|Strip|Subway|Top|Towers|Triangle|Turn|Vale|Wade"
)
NOUN_TYPE_STREET: Final = compiled(
    r"(?<![\w-])\d{1,6}[A-Za-z]?(?:/\d{1,5})?[^\S\n]+(?P<names>(?:"
    + UP
    + r"[\w'\u2019-]*[^\S\n]+){1,3})(?:"
    + _NOUN_TYPES
    + r")\b(?![-'\u2019])"
)
# An Indian house number and a street named by a surname alone, as Faker's en_IN writes it
# ("sent to 39/693, Chopra", "at 107, Pal and"): after "at", "to", "from" or "near", a
# number of three digits or more or with a slash, a comma, and one capitalised word, a
# surname or a word in no dictionary, that no other capitalised word or number follows.
INDIAN_BARE_STREET: Final = compiled(
    r"(?i:at|to|from|near)[ \t]+(?P<addr>(?:\d{1,4}/\d{1,4}|\d{3,4}),[ \t]+(?P<name>"
    + UP
    + r"[a-z]{2,}))\b(?![ \t]+[A-Z0-9]|['\u2019-])"
)
_STREET_ENDS: Final = compiled(r"[ \t]*(?:,|\n|$)")
_INDIAN_BARE_CUES: Final = cue_words(word_set("at to from near"))
# The word after the street on its line, if any: only a small word ("and", "by") may follow.
_NEXT_WORD: Final = compiled(r"[ \t]+([^\W\d_]+)")
_INDIAN_BARE_REASON: Final = "an Indian house number and a street named by a surname"
# The same in lower case ("3911 fourth avenue"), with the commonest suffixes only.
STREET_LOWER: Final = compiled(
    r"(?<![\w-])\d{1,6}\s+(?P<words>(?:(?:[a-z][a-z'-]*|\d{1,3}(?:st|nd|rd|th))\s+){1,3}?)"
    r"(?:street|st|avenue|ave|road|rd|drive|dr|lane|ln|boulevard|blvd|court|ct|terrace|"
    r"crescent|parkway|highway|close)\b\.?"
)
_NOT_STREET_WORDS: Final = word_set(
    """
    the a an of on in at to for my his her their our your its and or with from by some few
    more less per each every this that these those was were is are be been mile miles
    minute minutes hour hours day days week weeks year years time times way pills
    """
)
PO_BOX: Final = compiled(
    r"\b(?:P\.?\s?O\.?\s*Box|POB|Post Office Box|Postbox|Postboks|Postfach|Apartado|Casilla)"
    r"\s+\d{1,7}\b"
    # The French "boîte postale": four or five digits, which no blood pressure ("BP 140/90") has.
    r"|\bB\.?P\.?[ \t]+\d{4,5}\b(?![/.,]\d)",
    re.IGNORECASE,
)
# "2505 Heatherleigh Suite 620": a number and a name before a unit.
# (The name may hold particles and end in its house number, the number first a building's:
# "242 Republica de Chile 8305\nSuite 659", "22684 Storm van 's-Gravesandeweg 123\nSuite 7".)
NUMBER_NAME_UNIT: Final = compiled(
    r"(?<![\w.,/-])\d{1,6}\s+" + UP + NAME_LETTER + r"*"
    r"(?:[ \t]+(?:"
    + UP
    + NAME_LETTER
    + r"*|"
    + PARTICLE
    + r"|['\u2019]s-"
    + NAME_LETTER
    + r"+)){0,4}"
    r"(?:[ \t]+\d{1,5}[A-Za-z]?)?"
    r"(?=\s+(?:" + UNIT_WORDS + r")\.?\s*#?\d)"
)
# "Unit 19 / 233 Matthew Plateau", "Apt. 047 699 Haley Cross": a unit, then a house number
# and capitalised words. Two numbers so placed vouch for a street whatever its type word.
UNIT_THEN_NUMBER: Final = compiled(
    r"(?i:Unit|Flat|Apt|Apartment|Suite|Ste|Level|Shop)\.?[ \t]*#?[ \t]*\d{1,5}[A-Za-z]?"
    # (a building's number may stand before the house number: "Apt. 432 992 2505 Heatherleigh")
    r"(?:[ \t]*[/,][ \t]*|[ \t]+)\d{1,5}[A-Za-z]?(?:[ \t]+\d{1,5}[A-Za-z]?)?[ \t]+"
    # (a street type in lower case before the name: "Apt. 469 34121 97 cours Franklin")
    r"(?:(?:rue|cours|avenue|boulevard|chemin|allée|impasse|quai|route|rua|calle|via)[ \t]+"
    r"(?:(?:de|du|des|la|le|da|do)[ \t]+)?)?(?:"
    + UP
    + r"[\w'\u2019-]*[ \t]+){0,2}"
    + UP
    + r"[\w'\u2019-]*"
    # and the house number after the name, ending its line or phrase ("Apt. 905 400
    # Acesso F 935\nPorto Alegre"), as the European orders write it
    r"(?:[ \t]+\d{1,5}[A-Za-z]?(?=[ \t]*(?:[\n\r,;]|\Z)))?"
)
_UNIT_WORDS: Final = cue_words(word_set("unit flat apt apartment suite ste level shop"))
# "H.No. 548 Varkey Nagar", "H.No. 61 Dhingra": an Indian house number, then the street's name.
HOUSE_NO: Final = compiled(
    r"H\.[ \t]?No\b\.?[ \t]*\d{1,5}[A-Za-z]?(?:[/-]\d{1,5})?,?\s+(?:"
    + UP
    + r"[\w'\u2019-]*[ \t]+){0,2}"
    + UP
    + r"[\w'\u2019-]*"
)
_HOUSE_NO_WORDS: Final = cue_words({"h"})
# "on Tarsicio Isle Street": a street named without a number (a name word not in the dictionary).
STREET_NAME: Final = compiled(
    r"(?P<name>(?:" + UP + r"[\w'\u2019-]*\s+){1,3})(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|"
    r"Boulevard|Blvd\.?|Lane|Drive)(?![\w])"
)
# A preposition that puts something on a street: its name then names one, though its
# words are ordinary ("early shows on Nose Pike Street", "a shop off Mill Road").
_ON_THE_STREET: Final = compiled(r"\b(?:on|off|along|near)[ \t]+$")
_STREET_NAME_ENDS: Final = cue_words(
    word_set("street st avenue ave road rd boulevard blvd lane drive")
)
MILITARY: Final = compiled(
    # (A ship's name may begin with any letter: "USS Šťastná", "USCGC Ćosić".)
    # (and a surname's particles before it: "USNV van der Zaag")
    r"(?i:\b(?:(?:PSC|Unit|CMR)\s+\d{3,5},?\s+Box\s+\d{1,5}|(?:USNS|USNV|USS|USCGC)\s+"
    r"(?:(?:van|von|de|der|den|da|di|du|le|la)[ \t]+){0,2}[^\W\d_][\w'-]+)"
    r"(?:,?\s+(?:APO|FPO|DPO)\s+A[AEP](?:\s+\d{5})?)?)"
)
# "the corner of Dalbraut 99 and Frederikke Coves": a street, "and", another street.
CORNER: Final = compiled(
    r"\b(?i:corner of)\s+(?P<addr>(?:the\s+)?[^\n,;]{3,60}?\s+and\s+(?:"
    r"(?:"
    + UP
    + r"[\w'\u2019.-]*|"
    + PARTICLE
    + r")(?:\s+(?:"
    + UP
    + r"[\w'\u2019.-]*|"
    + PARTICLE
    + r")){0,3}"
    r"|(?:[a-z][\w'-]*\s+){0,2}(?i:" + SUFFIX + r")\b))"
)
# After an address cue, capitalised words and a number: "lives at Maneeži 75", "please
# return to Oakes and Hvalsnesby 12" (the corner of two streets, in the European order).
_AFTER_CUE: Final = compiled(
    r"(?i:address(?: is)?:?|lives at|living at|live at|located at|resides at|residing at|"
    r"moved to|mail to|send to|sent to|return to|returned to|deliver to|delivered to|"
    r"ship to|shipped to|forward to|off at|meet you at|is at|are at|side of|"
    r"(?:lives?|living|is|are|station is|enter|located|stop) on)\s+"
    # (The street's words and number on one line: "address: Jordan Pettersson\n 200 ..." is
    # a name above the street.)
    r"(?P<addr>(?:\d{1,6}[ \t]+)?(?:(?:"
    + UP
    + r"[\w'\u2019.-]*|"
    + PARTICLE
    + r"|and(?=[ \t]+"
    + UP
    + r"))[ \t]+){1,4}"
    r"\d{1,5}[A-Za-z]?)\b"
)
# After a cue that only an address follows, a house number and capitalised words that end
# the phrase, whatever the street's type ("located at 35 Nelson Deviation (Gordonton)",
# "Address on file: 8/23 Wu Towers"): the cue vouches for the street, not a suffix.
_NUMBER_AFTER_CUE: Final = compiled(
    r"(?i:address(?: on file)?(?: is| was)?:?|residence:|lives at|living at|live at|located at|"
    r"resides at|residing at|(?:north|south|east|west)(?:ern)? side of)[ \t]+(?P<addr>(?:(?:"
    + UNIT_WORDS
    + r"|Level)\.?[ \t]*\d{1,5}[A-Za-z]?"
    r"[ \t]*[/,]?[ \t]*)?\d{1,6}[A-Za-z]?(?:[/-]\d{1,5})?,?[ \t]+"
    r"(?:" + UP + r"[\w'\u2019.-]*[ \t]+){0,3}" + UP + r"[\w'\u2019-]*)(?=[ \t]*(?:[,;.()\n]|$))"
)
# After "address:" or "address is", what ends the phrase is the address, whatever order
# its parts are in: a building number before the house number, small words and particles
# in lower case, the house number last ("his address: 244 40 rue des Lilas", "address:
# 8691 Storm van 's-Gravesandeweg 123"; issue 13, thirteenth round).
_PHRASE_AFTER_ADDRESS: Final = compiled(
    r"(?i:address(?: on file)?(?: is| was)?:?)[ \t]+(?P<addr>\d{1,6}[A-Za-z]?(?:[ \t]+\d{1,5})?"
    r"(?:[ \t]+[\w'\u2019.-]+){1,6}?)(?=[ \t]*(?:[,;?!()\n]|\.(?:\s|$)|$))"
)
_ADDRESS_WORDS: Final = cue_words({"address"})
_UNIT_ENDING: Final = compiled(r"[ \t]+(?i:apt|ste|suite|unit|flat|fl|rm|bldg)$")
# A form's address field: "Address:" (or "Home address:", "Address line 1:") opening its
# line, and the rest of the line is the address, whatever its parts ("Address: Flat 4B,
# Shanti Apartments, MG Road, Bengaluru 560001"; an Indian or rural address may have no
# house number). Not "Address: unknown", "Address: same as above".
_ADDRESS_FIELD: Final = compiled(
    r"(?i:address(?:[ \t]+line[ \t]*\d)?)[ \t]*:[ \t]*(?P<addr>[^\n]*[^\s.,;])"
)
_FIELD_QUALIFIER: Final = compiled(
    r"(?:^|\n)[ \t]*(?i:(?:home|mailing|postal|street|current|previous|residential|permanent|"
    r"client(?:['\u2019]s)?|patient(?:['\u2019]s)?)[ \t]+)?$"
)


def _address_field_value(text: str, m: re.Match[str], common: frozenset[str]) -> bool:
    """Is `m` an address field's label opening its line, before a value that names a place:
    a digit, or two parts or more with a capitalised word in no dictionary?"""
    line_start = text.rfind("\n", 0, m.start()) + 1
    if not _FIELD_QUALIFIER.search(text, max(0, line_start - 1), m.start()):
        return False
    value = m.group("addr")
    if any(c.isdigit() for c in value):
        return True
    named = [w for w in re.findall(r"[^\W\d_][\w'\u2019-]*", value) if w[:1].isupper()]
    suffixes = street_suffixes()
    return "," in value and any(w.lower() not in common or w in suffixes for w in named)


_SIZES: Final = word_set(
    "b kb mb gb tb bytes bits km mi miles ft feet m metres meters chars characters"
)
_STRONG_CUES: Final = cue_words(
    word_set(
        "address residence lives living live located resides residing north south east west "
        "northern southern eastern western"
    )
)  # ("on the north side of 1570 Blanshard": a compass side of a place is an address's)
_CUES: Final = cue_words(
    word_set(
        "address lives living live located resides residing moved mail send sent off meet is "
        "are side station enter stop return returned deliver delivered ship shipped forward"
    )
)
# "on Lexapro 10 mg", "off at Exit 12 minutes": a dose or a quantity, not a house number.
_QUANTITY_AFTER: Final = compiled(
    r"\s*(?:mg|mcg|\u00b5g|ml|g|kg|lbs?|units?|%|x|times|days?|weeks?|hours?|minutes?|"
    r"months?|years?|am|pm|a\.m\.|p\.m\.|daily|nightly|weekly|qd|bid|tid|qhs|prn|each|per)\b",
    re.IGNORECASE,
)


@functools.cache
def _months_and_days() -> frozenset[str]:
    return word_set(
        """
        january february march april may june july august september october november december
        monday tuesday wednesday thursday friday saturday sunday the a an this that
        """
    )


_TIMES_OF_DAY: Final = word_set("am pm a.m p.m noon midnight o'clock hrs")
_PO_BOX_WORDS: Final = cue_words(
    word_set("p po pob bp b post postbox postboks postfach apartado casilla")
)
_MILITARY_WORDS: Final = cue_words(word_set("psc unit cmr usns usnv uss uscgc"))
_CORNER_WORDS: Final = cue_words({"corner"})
_SENTENCE_STOP: Final = compiled(r"(?<=[^\W\d_]{4})\.(?=\s)")


def streets(text: str) -> Iterator[tuple[int, int, str, float, bool]]:
    """(start, end, reason, score, number_last) of every street these patterns find."""
    common = common_words()
    for m in at_house_numbers(STREET, text):
        yield m.start(), m.end(), "a street address", 0.9, False
    for m in at_house_numbers(STREET_LOWER, text):
        if not any(w in _NOT_STREET_WORDS for w in m.group("words").split()):
            yield m.start(), m.end(), "a street address", 0.75, False
    family = surnames()
    for m in at_house_numbers(NOUN_TYPE_STREET, text):
        names = m.group("names").split()
        # A name word that is also an ordinary word must be a surname, and the street must
        # end its line or a comma must follow it, as a town does: "3 Smith Interchange\n".
        ordinary = [w.lower() for w in names if w.lower() in common]
        if ordinary and not (
            all(w in family for w in ordinary) and _STREET_ENDS.match(text, m.end())
        ):
            continue
        if not STREET.match(text, m.start()):
            yield (
                m.start(),
                m.end(),
                "a number, names and a road type that is also a noun",
                0.9,
                False,
            )
    if ", " in text:
        closed = closed_class()
        for m in cued_matches(text, _INDIAN_BARE_CUES, INDIAN_BARE_STREET):
            low = m.group("name").lower()
            nxt = _NEXT_WORD.match(text, m.end())
            if nxt is not None and nxt.group(1).lower() not in closed:
                continue  # "counted to 100, Smith said": a person, before a verb
            if low in family or low not in common:
                yield m.start("addr"), m.end("addr"), _INDIAN_BARE_REASON, 0.85, False
    for m in at_words(text, _PO_BOX_WORDS, PO_BOX):
        yield m.start(), m.end(), "a PO box", 0.95, False
    for m in at_house_numbers(NUMBER_NAME_UNIT, text):
        street = STREET.match(text, m.start())
        if street and street.end() >= m.end():
            continue  # "271 Barnes Ranch Suite 712": a suffix ends the name, read above
        yield m.start(), m.end(), "a number and a name before an apartment or suite", 0.7, False
    for m in at_words(text, _UNIT_WORDS, UNIT_THEN_NUMBER):
        yield m.start(), m.end(), "a unit, then a house number and a street's name", 0.85, False
    for m in at_words(text, _HOUSE_NO_WORDS, HOUSE_NO):
        yield m.start(), m.end(), "an Indian house number and a street's name", 0.85, False
    for m in at_words(text, _MILITARY_WORDS, MILITARY):
        yield m.start(), m.end(), "a military address", 0.95, False
    months = _months_and_days()
    for m in cued_matches(text, _CUES, _AFTER_CUE):
        addr = m.group("addr")
        if not any(c.isalpha() and c.isupper() for c in addr) and not addr.split()[0].isdigit():
            continue
        words = [w.lower().strip(".") for w in addr.split() if not w[0].isdigit()]
        if (
            words[0] in TITLES  # "Mail to Dr. Okafor 12 Elm Street": a person, then the street
            or any(w in months for w in words)
            or all(w in common or w in PARTICLES for w in words)
            or _QUANTITY_AFTER.match(text, m.end("addr"))
            or UNIT_START.fullmatch(words[-1])
        ):
            continue  # "is on March 12", "is on Zoloft 50 mg", "Heatherleigh Suite 620"
        yield m.start("addr"), m.end("addr"), "a street and number after an address cue", 0.8, True
    for m in cued_matches(text, _STRONG_CUES, _NUMBER_AFTER_CUE):
        if STREET.match(text, m.start("addr")):
            continue  # a street with its suffix, read whole (with its unit) above
        words = [w.lower().strip(".") for w in m.group("addr").split() if w[:1].isalpha()]
        if any(w in months or w in _TIMES_OF_DAY for w in words):
            continue  # "located at 10 AM", "lives at 12 March"
        if len(words) > 1 or words[-1] not in common:  # not "located at 2 units"
            yield (
                m.start("addr"),
                m.end("addr"),
                "a number and words after an address cue",
                0.9,
                False,
            )
    for m in cued_matches(text, _ADDRESS_WORDS, _PHRASE_AFTER_ADDRESS):
        words = [w.lower().strip(".") for w in m.group("addr").split() if w[:1].isalpha()]
        named = [w for w in m.group("addr").split() if not w.islower() and w.lower() not in common]
        number = re.match(r"\d+[A-Za-z]?", m.group("addr"))
        after_number = m.start("addr") + (number.end() if number else 0)
        if (
            not named
            or any(w in months or w in _TIMES_OF_DAY or w in _SIZES for w in words)
            or _QUANTITY_AFTER.match(text, after_number)
        ):
            continue  # "address is 12 the same", "address: 10 am", "the address is 42 MB"
        end = m.end("addr")
        unit = _UNIT_ENDING.search(m.group("addr"))
        if unit is not None and text[end : end + 1] == ".":
            # "address is 1068 Ελευθερίου Βενιζέλου 101 Apt. 697 ΑΓΙΟΣ ...": the unit's full
            # stop is no phrase's end; the street ends before the unit, which the address's
            # tail reads with the town and country after it.
            end = m.start("addr") + unit.start()
        yield m.start("addr"), end, "the phrase after 'address:'", 0.85, False
    for m in cued_matches(text, _ADDRESS_WORDS, _ADDRESS_FIELD):
        if _address_field_value(text, m, common):
            yield m.start("addr"), m.end("addr"), "the value of an 'Address:' field", 0.85, False
    for m in cued_matches(text, _CORNER_WORDS, CORNER):
        # The whole "the corner of X and Y" goes: it names a place as well as an address.
        start = (
            m.start() - 4
            if text[max(0, m.start() - 4) : m.start()].lower() == "the "
            else (m.start())
        )
        # A full stop after a word longer than an abbreviation ends the sentence, and the
        # second street with it ("... and Ross Streets. I now live ...").
        stop = _SENTENCE_STOP.search(text, m.start("addr"), m.end("addr"))
        end = stop.start() + 1 if stop is not None else m.end("addr")
        yield start, end, "two streets after 'the corner of'", 0.8, False
    for tok in tokens_for(text, _STREET_NAME_ENDS):
        if not tok.text[:1].isupper():
            continue
        window_start = max(0, tok.start - 60)
        for m in STREET_NAME.finditer(text, window_start, tok.end + 1):
            if m.end() < tok.end or m.start() < window_start:
                continue
            names = m.group("name").split()
            if any(w.lower() in months for w in names):
                continue
            on_it = _ON_THE_STREET.search(text, max(0, m.start() - 8), m.start()) is not None
            if all(w.lower() in common for w in names) and not on_it:
                continue  # ("a Main Street bank"; but "shows on Farmer Lodge Street")
            # After "on", "off", "along", "near" the whole is a street, over the named place
            # its first words make ("shows on Jukić Camp Street").
            yield m.start(), m.end(), "a street name", 0.85 if on_it else 0.6, False
            break
