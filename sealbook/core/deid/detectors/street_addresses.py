"""Street addresses: a house number, street name and suffix, an optional unit; PO boxes.

Also European forms ("Hammarvägen 15", "Rue de Rivoli 12") where a street word
ends the name and the number follows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.lexicon import street_suffixes
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import cued_matches, near_digits

# Street suffixes (data/street_suffixes.txt), longest first so "Streets" beats "Street".
_SUFFIX = "|".join(sorted(street_suffixes(), key=lambda w: (-len(w), w)))
_UNIT = (
    r"(?:,?\s*(?:Apt|Apartment|Unit|Suite|Ste|Fl|Floor|Rm|Room|Bldg|#)\.?\s*#?\s*"
    r"[A-Za-z0-9-]{1,6})?"
)
_NAME_WORD = r"(?:[A-Z][\w'\u2019.-]*|\d+(?:st|nd|rd|th)|[a-z]{1,3}|de|la|del|von)"
STREET = re.compile(
    r"(?<![\w-])\d{1,6}[A-Za-z]?(?:-\d{1,4})?,?\s+(?:[NSEW]\.?\s+|North\s+|South\s+|East\s+|West\s+)?"
    r"(?:" + _NAME_WORD + r"\s+){0,4}?(?:[A-Z][\w'\u2019.-]*\s+)(?:" + _SUFFIX + r")\b\.?"
    r"(?:\s+(?:[NSEW]|NE|NW|SE|SW)\b\.?)?" + _UNIT
)
PO_BOX = re.compile(r"\b(?:P\.?\s?O\.?\s*Box|Post Office Box)\s+\d{1,7}\b", re.IGNORECASE)
# Street words that end a name in many languages: "-vägen", "-straße", "Rue ..", "Calle ..".
_EURO_END = (
    r"(?:[A-ZÀ-Þ][\w'\u2019-]*(?:vägen|gatan|gade|vej|veien|straße|strasse|str\.|weg|laan|"
    r"straat|gasse|plein|utca|katu|tie))"
)
_EURO_START = r"(?:Rue|Via|Viale|Calle|Avenida|Av\.|Rua|Carrer|Plaza|Piazza|Corso|Ulica|Ul\.)"
EURO = re.compile(
    r"\b(?:"
    + _EURO_END
    + r"|"
    + _EURO_START
    + r"(?:\s+(?:[A-ZÀ-Þ][\w'\u2019.-]*|de|da|do|del|la|dos|di|des|du)){1,4})"
    r",?\s+\d{1,5}[A-Za-z]?\b" + _UNIT
)


UNIT_ALONE = re.compile(r"\b(?:Apt|Apartment|Suite|Ste|Unit)\.?\s*#?\s*\d{1,5}[A-Za-z]?\b")
MILITARY = re.compile(
    r"\b(?:(?:PSC|Unit|CMR)\s+\d{3,5},?\s+Box\s+\d{1,5}|(?:USNS|USNV|USS|USCGC)\s+[A-Z][\w'-]+)"
    r"(?:,?\s+(?:APO|FPO|DPO)\s+A[AEP](?:\s+\d{5})?)?"
)
# "the corner of Dalbraut 99 and Frederikke Coves": a street, "and", another street.
CORNER = re.compile(
    r"\b(?i:corner of)\s+(?P<addr>(?:the\s+)?[^\n,.;]{3,60}?\s+and\s+"
    r"(?:[A-Z\u00c0-\u00de][\w\u00c0-\u024f'.-]*)(?:\s+[A-Z\u00c0-\u00de][\w\u00c0-\u024f'.-]*){0,3})"
)
# "5366 Pivovarská 276": a building number, capitalised street words, a house number.
NUMBER_NAME_NUMBER = re.compile(
    r"(?<![\w.,/-])\d{1,6}\s+(?:[A-Z\u00c0-\u00de][\w'\u2019.-]*\s+){1,4}\d{1,5}[A-Za-z]?\b(?![.,/:-]\d)"
)
# After an address cue, capitalised words and a number: "lives at Maneeži 75".
_AFTER_CUE = re.compile(
    r"(?i:address(?: is)?:?|lives at|living at|live at|located at|resides at|residing at|"
    r"moved to|mail to|send to)\s+"
    r"(?P<addr>(?:\d{1,6}\s+)?(?:[A-Z\u00c0-\u00de][\w'\u2019.-]*\s+){1,4}\d{1,5}[A-Za-z]?)\b"
)
_CUES = frozenset({"address", "lives", "living", "live", "located", "resides", "residing",
                   "moved", "mail", "send"})  # fmt: skip


@register(
    "street_address", [Label.ADDRESS], "street addresses with a number and a street word; PO boxes"
)
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in near_digits(STREET, text):
        yield Span(m.start(), m.end(), Label.ADDRESS, "street_address", "a street address", 0.9)
    for m in near_digits(PO_BOX, text):
        yield Span(m.start(), m.end(), Label.ADDRESS, "street_address", "a PO box", 0.95)
    for m in near_digits(EURO, text):
        yield Span(m.start(), m.end(), Label.ADDRESS, "street_address", "a street address", 0.8)
    for m in near_digits(UNIT_ALONE, text):
        yield Span(
            m.start(), m.end(), Label.ADDRESS, "street_address", "an apartment or suite", 0.7
        )
    for m in MILITARY.finditer(text):
        yield Span(m.start(), m.end(), Label.ADDRESS, "street_address", "a military address", 0.9)
    for m in near_digits(NUMBER_NAME_NUMBER, text):
        yield Span(m.start(), m.end(), Label.ADDRESS, "street_address",
                   "numbers around a capitalised name, as in an address", 0.55)  # fmt: skip
    for m in cued_matches(text, _CUES, _AFTER_CUE):
        yield Span(m.start("addr"), m.end("addr"), Label.ADDRESS, "street_address",
                   "a street and number after an address cue", 0.8)  # fmt: skip
    for m in cued_matches(text, frozenset({"corner"}), CORNER):
        # The whole "the corner of X and Y" goes: it names a place as well as an address.
        start = (
            m.start() - 4
            if text[max(0, m.start() - 4) : m.start()].lower() == "the "
            else m.start()
        )
        yield Span(start, m.end("addr"), Label.ADDRESS, "street_address",
                   "two streets after 'the corner of'", 0.8)  # fmt: skip
