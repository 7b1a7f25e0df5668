"""The street address detector: a street, the rest of its address, and a letterhead above.

Two steps. First a *street*: a house number, street words and a suffix ("1423
Maple Street"), a PO box, a military address, "the corner of A and B", or words
and a number after "lives at" (`street_patterns`); or a street word and a number
in the European orders ("Hammarvägen 15", "Rue de Rivoli 12", "Király u. 15.",
"5366 Pivovarská 276"; `european_streets`). Then the rest of the address is read
after it, component by component (`address_tail`), and a house or building
number just before the street is taken in too. The patterns share the word
tables of `address_grammar`.

This module puts the steps together: it also takes in the words before a street
that name it, the letterhead lines just above an address that begins its line,
and a unit on its own ("Apt. 4B").

The street and its units are ADDRESS; the town, region and country after it
CITY; the postcode ZIP. A US state code after a US-style street is left alone
(Safe Harbor keeps states).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import Final

from sealbook.core.deid.detectors.address_grammar import (
    PARTICLE,
    PARTICLES,
    SUFFIX,
    UNIT_START,
    UP,
    at_words,
    with_district,
)
from sealbook.core.deid.detectors.address_tail import AddressTail
from sealbook.core.deid.detectors.address_tail import anchor as address_anchor
from sealbook.core.deid.detectors.and_streets import and_streets
from sealbook.core.deid.detectors.base import DetectionContext, before_full_stop, register
from sealbook.core.deid.detectors.cued_streets import cued_streets
from sealbook.core.deid.detectors.european_streets import european_streets
from sealbook.core.deid.detectors.name_lexicon import TITLES
from sealbook.core.deid.detectors.organisations import a_persons_line
from sealbook.core.deid.detectors.preposition_streets import preposition_streets
from sealbook.core.deid.detectors.street_patterns import MILITARY, PO_BOX, STREET, streets
from sealbook.core.deid.detectors.street_word_after import street_word_after, town_after_street
from sealbook.core.deid.detectors.suffix_number_streets import suffix_number_streets
from sealbook.core.deid.lexicon import (
    closed_class,
    common_words,
    given_names,
    us_state_codes,
    word_set,
)
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import cue_words

# An apartment or suite on its own ("Suite 680"), where no street was found before it.
# (Not a count of days: "the psychiatric unit 9 days ago".)
UNIT_ALONE: Final = compiled(
    r"(?i:\b(?:Apt|Apartment|Suite|Ste|Unit)\.?\s*#?\s*\d{1,5}[A-Za-z]?\b"
    r"(?![ \t]+(?:days?|weeks?|months?|years?|hours?|minutes?|times|nights?)\b))"
)
_UNIT_ALONE_WORDS: Final = cue_words(word_set("apt apartment suite ste unit"))

# Before a street: a building number, unknown words that name it, or "A and" of a corner.
_LEFT_NUMBER: Final = compiled(r"(?<![\w.,/-])\d{1,6}[ \t]+$")
# A flat, unit or level written before the street ("Unit 2 / 14 Kent Street", "Level 7 942
# David Alley", "H.No. 548 Varkey Nagar"), or before the number it shares with the street
# when the building has none of its own ("Flat 30 Wilson Mews").
_LEFT_UNIT: Final = compiled(
    r"(?<![\w.])(?i:flat|unit|apt|apartment|suite|ste|level|lvl|shop|studio|lot|h\.\s?no|"
    r"house\s+no)\.?[ \t]*#?[ \t]*(?:\d{1,5}[A-Za-z]?)?(?:[ \t]*[,/][ \t]*|[ \t]+)$"
)
_LEFT_AND: Final = compiled(
    r"(?:^|(?<=[\s:>]))(?P<words>" + UP + r"[\w'\u2019-]*(?:[ -]" + UP + r"[\w'\u2019-]*)?)"
    r"\s+and\s+$"
)
_GLUED_STREET_WORD: Final = compiled(
    r"[a-zß-ÿ]+(?:straat|laan|weg|straße|strasse|gracht|plein|kade|dreef|singel|gasse|gade|"
    r"vej|vägen|gatan)\b"
)
_CAPITAL_STREET_WORD: Final = compiled(
    UP + r"[a-zß-ÿ]+(?:straat|laan|weg|straße|strasse|gracht|plein|kade|dreef|singel|gasse)\b"
)
_PERSONS_PARTICLE_BEFORE: Final = compiled(
    r"(?:^|(?<=[\s:>,]))" + UP
    + r"[\w'\u2019-]*[ \t]+(?:(?:van|von|de|der|den|ten|ter|'t)[ \t]+){1,2}$"
)
_LEFT_NAME_WORDS: Final = compiled(
    r"(?:^|(?<=[\s:>]))(?:(?:" + UP + r"[\w'\u2019-]*|" + PARTICLE + r")[ \t]+){1,3}$"
)
_LEFT_WORDS: Final = compiled(
    r"(?:^|(?<=[\s:>]))(?P<words>(?:"
    + UP
    + r"[\w'\u2019-]*\.?[ \t]+)(?:[\w'\u2019-]+[ \t]+){0,2})$"
)  # (the first word may be an abbreviated street type: "Ctra. de Siles 1 Karítas Crossing")


# The street-type words Portuguese and Spanish abbreviate without a full stop ("R" for
# "Rua", "Av" for "Avenida"), opening the words before a house number.
_STREET_ABBREVIATIONS: Final = frozenset({"R", "Av", "Avda", "C"})


def _extend_left(text: str, start: int, number_last: bool) -> int:
    """Take in a flat or unit before the street ("Flat 3 Smith Road"), a building number
    ("86036 Rua do Arenque 1634") and, before a street that begins with its number, unknown
    words that name it ("Tungata 11 Rott Crossroad")."""
    window = text[max(0, start - 60) : start]
    base = start - len(window)
    if _GLUED_STREET_WORD.match(text, start):
        # "577 Door Van dijckstraat 430": a street found from the end of its name, written
        # in lower case, begins with the capitalised words and particles before it.
        name_words = _LEFT_NAME_WORDS.search(window)
        if name_words is not None:
            start = base + name_words.start()
            window = window[: name_words.start()]
    elif _CAPITAL_STREET_WORD.match(text, start):
        # "94948 Dirk de Derdelaan 149": capitalised, a street named after a person begins
        # with the given name and the particle before it.
        name_words = _PERSONS_PARTICLE_BEFORE.search(window)
        if name_words is not None:
            start = base + name_words.start()
            window = window[: name_words.start()]
    unit = _LEFT_UNIT.search(window)
    if unit:
        return base + unit.start()
    m = _LEFT_NUMBER.search(window)
    if m:
        start = base + m.start()
        window = window[: m.start()]
    elif not number_last and not UNIT_START.match(text, start):
        # (Not before a unit: "Ms. Szabina Gelencsér Apt. 905 400 Acesso F" names a person.)
        m2 = _LEFT_WORDS.search(window)
        if m2:
            common, given = common_words(), given_names()
            words = m2.group("words").split()
            if words[0].rstrip(".").lower() not in TITLES and all(
                (w.lower() not in common and w.lower() not in given)
                or w.lower() in PARTICLES
                or (k == 0 and w in _STREET_ABBREVIATIONS)  # "R Sarmento Pimentel 114 ..."
                for k, w in enumerate(words)
            ):
                start = base + m2.start("words")
                window = window[: m2.start("words")]
    m3 = _LEFT_AND.search(window)
    if m3 and window.endswith(" and "):
        start = base + m3.start("words")
    return start


def _us_style(core: str) -> bool:
    return bool(STREET.match(core) or PO_BOX.search(core) or MILITARY.search(core))


_QUOTE_PREFIX: Final = compiled(r"[ \t>?|]*")
_HEADER_WORD: Final = compiled(r"[^\W\d_][\w'\u2019.&-]*,?|&")
_HEADER_JOINERS: Final = word_set("and & of the de du der van von for")
_HEADER_REASON: Final = "a letterhead line above an address (an organisation or a name)"
_ORG_ENDINGS: Final = word_set("inc. ltd. co. corp. llc. l.l.c. plc. gmbh s.a. b.v.")


def _header_lines(text: str, start: int) -> Iterator[tuple[int, int]]:
    """Lines just above an address that look like its letterhead: an organisation
    ("Sunrise Counseling LLC", "Marshall, Hernandez and Simpson") or a person's name."""
    line_start = text.rfind("\n", 0, start) + 1
    prefix = _QUOTE_PREFIX.match(text, line_start)
    if prefix is None or prefix.end() != start:
        return  # the address does not begin its line
    common = common_words()
    end_of_previous = line_start - 1
    for _ in range(3):
        if end_of_previous <= 0:
            return
        begin = text.rfind("\n", 0, end_of_previous) + 1
        line = text[begin:end_of_previous]
        body = _QUOTE_PREFIX.match(line)
        offset = body.end() if body else 0
        content = line[offset:].rstrip()
        labelled = False
        if ":" in content:
            # "Billing address: Marjančo Nose" above the street: a field's value, the last
            # line of the header that can be read.
            label, _, value = content.rpartition(":")
            value = value.strip()
            if not value or len(label.split()) > 3:
                return
            offset += len(content) - len(value)
            content, labelled = value, True
        words = content.split()
        if not words or len(words) > 6 or len(content) > 60 or any(c.isdigit() for c in content):
            return
        if "@" in content or ":" in content or "/" in content:
            return
        if content[-1] in ".!?" and words[-1].lower() not in _ORG_ENDINGS:
            return
        lowered = [w.lower().strip(",") for w in words]
        if content.islower():
            if any(w in common and w not in _HEADER_JOINERS and w not in _ORG_ENDINGS
                   for w in lowered):  # fmt: skip
                return
        elif not all(w[:1].isupper() or w.lower().strip(",") in _HEADER_JOINERS for w in words):
            return
        yield begin + offset, begin + offset + len(content)
        if labelled:
            return
        end_of_previous = begin - 1


# --- an address written one part per line -----------------------------------------------
# "389 167 king alexander / lady frere / , ec / 76634": a line that starts with a house
# number, then a line holding only a town, then a region code (often after a comma), then
# a postcode (perhaps after a country). The lines vouch for each other, so the words may be
# in any case and any script: no street suffix or capital letter is needed.
# Possessive (`*+`, `{0,3}+`): a line that is not a block fails at once, without backtracking.
_BLOCK_WORD: Final = r"\(?[^\W\d_][\w'\u2019.\u2206()-]*+"
_BLOCK_POSTCODE: Final = (
    r"\d{2}-\d{3}|\d{3}[ ]\d{2}|\d{4,6}(?:-\d{4})?"
    r"|[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2}|[A-Z]\d[A-Z][ ]?\d[A-Z]\d"
)
_BLOCK_AFTER_STREET: Final = compiled(
    r"\n[ \t>]*(?P<town>" + _BLOCK_WORD + r"(?:[ \t]" + _BLOCK_WORD + r"){0,3}+)[ \t]*\n"
    r"[ \t>]*(?P<comma>,[ \t]*)?(?:(?P<region>[^\W_]{1,3})[ \t]*)?(?:\n[ \t>]*)?"
    r"(?:(?P<country>" + _BLOCK_WORD + r"(?:[ \t]" + _BLOCK_WORD + r"){0,3}+)[ \t]+)?"
    r"(?P<postcode>" + _BLOCK_POSTCODE + r")(?![\w-])"
)
# Where the street may begin on its line: a house number before a word or another number.
_HOUSE_NUMBER: Final = compiled(r"(?<![\w.,/-])\d{1,6}[ \t]+(?=[^\W_])")
# A sentence that ends before the street ("... OULU NO. I now live in 633 ...").
_SENTENCE_BREAK: Final = compiled(r"[!?;:]|\.[ \t]+" + UP + r"[\w'\u2019]*[ \t]+[a-z]")
_BLOCK_REASON: Final = "an address written one part per line (street, town, region, postcode)"


def _street_line(text: str, end: int) -> int | None:
    """Where the street begins on the line that ends at `end`: the first house number
    after which the line is one short phrase (no sentence ends in it)."""
    line_start = text.rfind("\n", 0, end) + 1
    for m in _HOUSE_NUMBER.finditer(text, line_start, end):
        rest = text[m.start() : end]
        if len(rest.split()) <= 10 and not _SENTENCE_BREAK.search(rest):
            return m.start()
    return None


# A town on its own line after a blank line, right above a line that is only a country (and
# perhaps its postcode): the last two lines of an address whose street was left out
# ("Ana Lind\n\nKORVIKA\nNorway", a Greek town in capitals above "Cyprus (Greek)"; fifteenth
# round).
_TOWN_ABOVE_COUNTRY: Final = compiled(
    r"\n[ \t>]*\n[ \t>]*(?P<town>" + _BLOCK_WORD + r"(?:[ \t]" + _BLOCK_WORD + r"){0,2}+"
    r"(?:[ \t]\d{1,2})?)"  # (its district's number: "Turnov 1")
    r"[ \t]*\n[ \t>]*"
)
_COUNTRY_ENDS: Final = compiled(r"[ \t]*(?:\d{3,6}[ \t]*)?(?:\n|$)")
_TOWN_ABOVE_REASON: Final = "a town on its own line above its country's, after a blank line"


def _towns_above_a_country(text: str) -> Iterator[Span]:
    if "\n\n" not in text and "\n \n" not in text:
        return
    common, closed = common_words(), closed_class()
    for m in _TOWN_ABOVE_COUNTRY.finditer(text):
        country = address_anchor(text, m.end())
        if country is None or not _COUNTRY_ENDS.match(text, country.end()):
            continue
        town = m.group("town")
        lows = [w.lower().strip("().") for w in town.split() if not w.isdigit()]
        if address_anchor(text, m.start("town")) is not None or any(w in closed for w in lows):
            continue  # a country above a country, or a sentence's small word
        if not ((town.isupper() and len(town) > 2) or any(w not in common for w in lows)):
            continue  # "Review\nUnited Kingdom": ordinary words in lower or title case
        yield Span(m.start("town"), m.end("town"), Label.CITY, "street_address",
                   _TOWN_ABOVE_REASON, 0.8)  # fmt: skip


def _ordinary(words: str) -> bool:
    common = common_words()
    return all(w.lower().strip("().") in common for w in words.split())


def _address_blocks(text: str) -> Iterator[Span]:
    if text.count("\n") < 2:
        return
    for m in _BLOCK_AFTER_STREET.finditer(text):
        if not (m.group("comma") or m.group("region")) or _ordinary(m.group("town")):
            continue  # no region line, or a line of ordinary words ("review in clinic")
        start = _street_line(text, m.start())
        if start is None:
            continue
        street_end = len(text[start : m.start()].rstrip())
        yield Span(start, start + street_end, Label.ADDRESS, "street_address", _BLOCK_REASON, 0.85)
        yield Span(m.start("town"), m.end("town"), Label.CITY, "street_address",
                   "the town of an address written one part per line", 0.85)  # fmt: skip
        region = m.group("region")
        if region and not (
            region in us_state_codes() and _us_style(text[start : start + street_end])
        ):
            yield Span(m.start("region"), m.end("region"), Label.CITY, "street_address",
                       "the region of an address written one part per line", 0.85)  # fmt: skip
        if m.group("country"):
            yield Span(m.start("country"), m.end("country"), Label.CITY, "street_address",
                       "the country of an address written one part per line", 0.85)  # fmt: skip
        yield Span(m.start("postcode"), m.end("postcode"), Label.ZIP, "street_address",
                   "the postcode of an address written one part per line", 0.9)  # fmt: skip


def _unless_outdone(
    found: list[tuple[int, int, str, float, bool]],
) -> list[tuple[int, int, str, float, bool]]:
    """`found` (sorted) less each street that a longer, surer one beginning there holds."""
    kept = []
    for k, street in enumerate(found):
        start, end, _, score, _ = street
        later = found[k + 1 : k + 4]
        if not any(s[0] == start and s[1] > end and s[3] > score for s in later):
            kept.append(street)
    return kept


# --- a British address written one part per line ---------------------------------------
# "Flat 8 / Leslie Mill / New Geoffreybury / PA22 8WH": a postcode alone on the last line,
# a town above it, a street ending in its suffix above that, and perhaps a flat or studio
# above the street. The postcode's line vouches for the lines above it, which need no
# house number.
_UK_POSTCODE_LINE: Final = compiled(
    r"\n[ \t>]*(?P<postcode>[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2})[.,;!?]?[ \t]*(?=\n|$)"
)
_UK_TOWN: Final = compiled(
    r"[ \t>]*(?P<line>" + UP + r"[\w'\u2019-]*(?:[ \t]+" + UP + r"[\w'\u2019-]*){0,3})[ \t]*"
)
_UK_STREET: Final = compiled(
    r"[ \t>]*(?P<line>(?:\d{1,5}[A-Za-z]?,?[ \t]+)?(?:" + UP + r"[\w'\u2019.-]*[ \t]+){1,3}"
    r"(?:" + SUFFIX + r")\b\.?)[ \t]*"
)
_UK_UNIT: Final = compiled(
    r"(?<![\w.])(?P<line>(?i:flat|studio|apartment|apt|unit|suite)\.?[ \t]*\d{1,5}[A-Za-z]?)"
    r"[ \t]*$"
)
_UK_REASON: Final = "a British address written one part per line (street, town, postcode)"


def _line_above(text: str, end: int) -> tuple[int, int]:
    """The start and end of the line that ends just before the line break at `end`."""
    return text.rfind("\n", 0, end) + 1, end


def _uk_blocks(text: str) -> Iterator[Span]:
    if text.count("\n") < 3:
        return
    for m in _UK_POSTCODE_LINE.finditer(text):
        town_start, town_end = _line_above(text, m.start())
        town = _UK_TOWN.fullmatch(text, town_start, town_end)
        if town is None or town_start == 0 or _ordinary(town.group("line")):
            continue
        street_start, street_end = _line_above(text, town_start - 1)
        street = _UK_STREET.fullmatch(text, street_start, street_end)
        if street is None:
            continue
        start = street.start("line")
        if street_start > 0:
            unit_start, unit_end = _line_above(text, street_start - 1)
            unit = _UK_UNIT.search(text, unit_start, unit_end)  # (it may end a sentence's line)
            if unit is not None:
                yield Span(unit.start("line"), unit.end("line"), Label.ADDRESS, "street_address",
                           _UK_REASON, 0.85)  # fmt: skip
        yield Span(start, street.end("line"), Label.ADDRESS, "street_address", _UK_REASON, 0.9)
        yield Span(town.start("line"), town.end("line"), Label.CITY, "street_address",
                   "the town of a British address written one part per line", 0.85)  # fmt: skip
        yield Span(m.start("postcode"), m.end("postcode"), Label.ZIP, "street_address",
                   "the postcode of a British address written one part per line", 0.9)  # fmt: skip


_TOWN_AFTER_REASON: Final = "the town after a street and 'in'"


@register(
    "street_address",
    [Label.ADDRESS, Label.CITY, Label.ZIP, Label.ORGANIZATION],
    "street addresses (US and international) with the town, region, country and postcode",
)
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for span in _addresses(text):
        if span.label is Label.CITY:
            # The town's district goes with it ("Valašské Mezirící 1, Czech Republic").
            end = with_district(text, span.end)
            if end != span.end:
                span = Span(span.start, end, span.label, span.detector, span.reason, span.score)
        yield span


def _addresses(text: str) -> Iterator[Span]:
    # Sorted, the streets of both kinds are read in the order of the text, whichever
    # module found them; of two over the same characters, the surer one is read, and one
    # that a longer and surer street beginning there holds is not read at all ("Ronda
    # Artemio Oller 207 Apt. 19" by its street word, not "... 207" after "address is").
    found = _unless_outdone(
        sorted(
            chain(
                streets(text),
                european_streets(text),
                suffix_number_streets(text),
                preposition_streets(text),
                street_word_after(text),
                and_streets(text),
                cued_streets(text),
            ),
            key=lambda f: (f[0], f[1], -f[3]),
        )
    )
    done = -1
    for start, end, reason, score, number_last in found:
        if end <= done:
            continue
        core = text[start:end]
        start = _extend_left(text, start, number_last)
        for s, e in _header_lines(text, start):
            label = Label.NAME if a_persons_line(text[s:e]) else Label.ORGANIZATION
            yield Span(s, e, label, "street_address", _HEADER_REASON, 0.45)
        yield Span(
            start, before_full_stop(text, start, end), Label.ADDRESS, "street_address", reason,
            score,
        )  # fmt: skip
        town = town_after_street(text, end)
        if town is not None:
            yield Span(*town, Label.CITY, "street_address", _TOWN_AFTER_REASON, 0.85)
        if end < done:
            continue
        tail = AddressTail(text, _us_style(core) and not number_last).read(end)
        for s, tail_end, label, kind in tail:
            if kind == "state":
                continue
            e = before_full_stop(text, s, tail_end)
            if label is Label.ADDRESS:
                # (At least 0.85: "Hofsbót 37 Bazhenov Camp" is the street's second part,
                # not the named place the words alone would be.)
                yield Span(
                    s, e, label, "street_address", "a unit or street of an address",
                    max(score, 0.85),
                )  # fmt: skip
            elif label is Label.ZIP:
                yield Span(s, e, label, "street_address", "the postcode of an address", 0.9)
            else:
                yield Span(s, e, label, "street_address", f"the {kind} of an address", 0.88)
        done = max(end, tail[-1][1] if tail else end)
    yield from _address_blocks(text)
    yield from _towns_above_a_country(text)
    yield from _uk_blocks(text)
    for m in at_words(text, _UNIT_ALONE_WORDS, UNIT_ALONE):
        yield Span(
            m.start(), m.end(), Label.ADDRESS, "street_address", "an apartment or suite", 0.7
        )
