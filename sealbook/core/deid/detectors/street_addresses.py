"""Street addresses, US and international, with the town, region, country and postcode after them.

Two steps. First a *street*: a house number, street words and a suffix ("1423
Maple Street"); a street word and a number in the European order
("Hammarvägen 15", "Rue de Rivoli 12", "ul. Słowicza 10", "Király u. 15.");
numbers around capitalised words ("5366 Pivovarská 276"); a PO box, a military
address, "the corner of A and B", or words and a number after "lives at".
Then the rest of the address is read after it, component by component, across
commas, spaces and line breaks ("Apt. 4B", "Suite 680", a town line, a region
code, a country, a postcode in the formats of many countries), and a house or
building number just before the street is taken in too. A town is accepted
only where the address grammar vouches for it (it is in capitals, is followed
by a region, country or postcode, or stands alone on its line or before a
comma), so the sentence after an address is not swallowed.

The street and its units are ADDRESS; the town, region and country after it
CITY; the postcode ZIP. A US state code after a US-style street is left alone
(Safe Harbor keeps states).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from sealbook.core.deid.detectors.base import DetectionContext, before_full_stop, register
from sealbook.core.deid.lexicon import (
    common_words,
    countries,
    given_names,
    street_suffixes,
    us_state_codes,
    us_states,
    word_set,
)
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import (
    UPPER,
    cue_words,
    cued_matches,
    digit_matches,
    tokens_for,
    word_index,
)

_UP = UPPER
# A letter of a name word ("O'Neil", "St."; U+2206 stands for a Greek delta in some data).
_W = r"[\w'\u2019.\u2206-]"
# Street suffixes (data/street_suffixes.txt), longest first so "Streets" beats "Street".
_SUFFIX = "|".join(sorted(street_suffixes() | {"Str"}, key=lambda w: (-len(w), w)))
_UNIT_WORDS = r"Apt|Apartment|Unit|Suite|Ste|Fl|Floor|Rm|Room|Bldg|Building|Flat|Box"
_UNIT = r"(?:,?\s*(?:" + _UNIT_WORDS + r"|#)\.?\s*#?\s*[A-Za-z0-9-]{1,6})?"
_NAME_WORD = r"(?:" + _UP + _W + r"*|\d+(?:st|nd|rd|th)|[a-z]{1,3}|de|la|del|von)"
STREET = re.compile(
    r"(?<![\w-])\d{1,6}[A-Za-z]?(?:-\d{1,4})?,?\s+(?:[NSEW]\.?\s+|North\s+|South\s+|East\s+|West\s+)?"
    r"(?:" + _NAME_WORD + r"\s+){0,4}?(?:" + _UP + _W + r"*\s+)(?:" + _SUFFIX + r")\b\.?"
    r"(?:\s+(?:[NSEW]|NE|NW|SE|SW)\b\.?)?" + _UNIT
)
# The same in lower case ("3911 fourth avenue"), with the commonest suffixes only.
STREET_LOWER = re.compile(
    r"(?<![\w-])\d{1,6}\s+(?P<words>(?:[a-z][a-z'-]*\s+){1,3}?)"
    r"(?:street|st|avenue|ave|road|rd|drive|dr|lane|ln|boulevard|blvd|court|ct|terrace|"
    r"crescent|parkway|highway|close)\b\.?"
)
_NOT_STREET_WORDS = word_set(
    """
    the a an of on in at to for my his her their our your its and or with from by some few
    more less per each every this that these those was were is are be been mile miles
    minute minutes hour hours day days week weeks year years time times way pills
    """
)
PO_BOX = re.compile(
    r"\b(?:P\.?\s?O\.?\s*Box|Post Office Box|Postbox|Postboks|Postfach|Apartado|Casilla)"
    r"\s+\d{1,7}\b",
    re.IGNORECASE,
)
# Street words that end a name in many languages: "-vägen", "-straße", "-katu", "-vej".
_EURO_END = (
    r"(?:vägen|väg|gatan|gata|gate|gade|vej|veien|vegen|vegur|braut|stræde|straße|strasse|"
    r"str\.|weg|wei|laan|straat|steeg|dreef|gasse|plein|utca|katu|kuja|tie|polku|kaari|"
    r"rinne|tori|stígur|allé|alle|torv|plads|platz|markt|ring|damm|ufer|zeile|gränd)"
)
_EURO_WORD = r"(?:" + _UP + r"[\w'\u2019-]*" + _EURO_END + r"|[a-zß-ÿ]{3,}" + _EURO_END + r")"
# Street words that begin a name: "Rue ..", "Via ..", "Calle ..", "ul. ..", "Λεωφόρος ..".
_EURO_START_WORDS = (
    r"Rue|R\.|Via|Viale|Vicolo|Calle|C/|Avenida|Avda\.|Av\.|Avenue|Av|Rua|Rúa|Carrer|Plaza|"
    r"Praça|Piazza|Piazzale|Corso|Largo|Travessa|Strada|Paseo|Passeig|Ulica|Ul\.|ul\.|Aleja|"
    r"Al\.|Plac|Trg|Cesta|Náměstí|Nám\.|Boulevard|Bd|Chemin|Allée|Impasse|Quai|Route|"
    r"Λεωφόρος|Λ\.|Οδός|Πλατεία|rue|via|calle|avenida|avenue|rua|rúa|trg|strada|paseo"
)
_PARTICLE = (
    r"(?:de|da|do|del|dei|della|delle|degli|di|dos|das|des|du|la|le|les|l['\u2019]|d['\u2019]|"
    r"e|y|i|a|z|u|v|na|nad|pod|van|von|der|den|ten|ter|al|el|bin|ibn|am|an|im|zum|zur)"
)
EURO = re.compile(
    r"(?<![\w.-])(?:"
    + _EURO_WORD
    + r"|(?:"
    + _EURO_START_WORDS
    + r")(?:\s+(?:"
    + _UP
    + r"[\w'\u2019.-]*|"
    + _PARTICLE
    + r"(?=\s)|"
    + _PARTICLE
    + r"(?="
    + _UP
    + r")|[a-zß-ÿ][\w'\u2019-]*)){1,5})"
    r"(?:,?\s+\d{1,4}|\s+\d{5})[A-Za-z]?\b\.?" + _UNIT
)
# Street-type words after the name and before the number: "Király u. 15.", "Rákóczi út 13.",
# "Erzsébet tér 19.", "Trenerys gate 232", "Luite tee 87", "Merineitsi põik 87".
_POST_TYPE = (
    r"u\.|utca|út|útja|tér|krt\.|körút|rkp\.|rakpart|kapu|sor|köz|fasor|sétány|lépcső|"
    r"gate|gata|gatan|vei|veien|vegen|vej|väg|vägen|tee|põik|puiestee|maantee|terrasse|allé|"
    r"alle|plads|torv|straße|strasse|str\.|stræde|gade|weg|wei|laan|straat|plein|Str\."
)
POST_TYPE = re.compile(
    r"(?<![\w.-])(?:(?:" + _UP + r"[\w'\u2019-]*|" + _PARTICLE + r")\s+){0,2}"
    r"(?:" + _UP + r"[\w'\u2019-]*|[a-zß-ÿ\u0370-\u03ff]{4,})\s+"
    r"(?i:" + _POST_TYPE + r")\s+\d{1,5}[A-Za-z]?\b\.?"
)
# "2505 Heatherleigh Suite 620": a number and a name before a unit.
NUMBER_NAME_UNIT = re.compile(
    r"(?<![\w.,/-])\d{1,6}(?:\s+" + _UP + _W + r"*){1,3}(?=\s+(?:" + _UNIT_WORDS + r")\.?\s*#?\d)"
)
# "on Tarsicio Isle Street": a street named without a number (a name word not in the dictionary).
STREET_NAME = re.compile(
    r"(?P<name>(?:" + _UP + r"[\w'\u2019-]*\s+){1,3})(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|"
    r"Boulevard|Blvd\.?|Lane|Drive)(?![\w])"
)
_STREET_NAME_ENDS = cue_words(word_set("street st avenue ave road rd boulevard blvd lane drive"))
# "25 rue de la Paix", "63 Avenue du Golf", "69 Av Sidi Lakhmi": a number, then a street word.
NUMBER_FIRST = re.compile(
    r"(?<![\w.,/-])\d{1,5}[A-Za-z]?,?\s+(?:" + _EURO_START_WORDS + r")"
    r"(?P<words>(?:[ \t]+(?:"
    + _UP
    + r"[\w'\u2019.-]*|[ldLD]['\u2019]\w[\w-]*|"
    + _PARTICLE
    + r"(?!\w)|"
    r"[a-zß-ÿ][\w'\u2019-]*)){1,5})"
)
UNIT_ALONE = re.compile(r"(?i:\b(?:Apt|Apartment|Suite|Ste|Unit)\.?\s*#?\s*\d{1,5}[A-Za-z]?\b)")
MILITARY = re.compile(
    r"(?i:\b(?:(?:PSC|Unit|CMR)\s+\d{3,5},?\s+Box\s+\d{1,5}|(?:USNS|USNV|USS|USCGC)\s+[a-z][\w'-]+)"
    r"(?:,?\s+(?:APO|FPO|DPO)\s+A[AEP](?:\s+\d{5})?)?)"
)
# "the corner of Dalbraut 99 and Frederikke Coves": a street, "and", another street.
CORNER = re.compile(
    r"\b(?i:corner of)\s+(?P<addr>(?:the\s+)?[^\n,;]{3,60}?\s+and\s+(?:"
    r"(?:"
    + _UP
    + r"[\w'\u2019.-]*|"
    + _PARTICLE
    + r")(?:\s+(?:"
    + _UP
    + r"[\w'\u2019.-]*|"
    + _PARTICLE
    + r")){0,3}"
    r"|(?:[a-z][\w'-]*\s+){0,2}(?i:" + _SUFFIX + r")\b))"
)
# "5366 Pivovarská 276": a building number, street words, a house number.
NUMBER_NAME_NUMBER = re.compile(
    r"(?<![\w.,/-])\d{1,6}\s+(?P<words>(?:(?:" + _UP + _W + r"*|[a-zß-ÿ\u0370-\u03ff][\w'-]*)\s+)"
    r"{1,4})\d{1,5}[A-Za-z]?\b(?![.,/:-]\d)"
)
# After an address cue, capitalised words and a number: "lives at Maneeži 75".
_AFTER_CUE = re.compile(
    r"(?i:address(?: is)?:?|lives at|living at|live at|located at|resides at|residing at|"
    r"moved to|mail to|send to|sent to|off at|meet you at|is at|are at|side of|"
    r"(?:lives?|living|is|are|station is|enter|located|stop) on)\s+"
    r"(?P<addr>(?:\d{1,6}\s+)?(?:(?:" + _UP + r"[\w'\u2019.-]*|" + _PARTICLE + r")\s+){1,4}"
    r"\d{1,5}[A-Za-z]?)\b"
)
_CUES = cue_words(
    word_set(
        "address lives living live located resides residing moved mail send sent off meet is "
        "are side station enter stop"
    )
)
# "on Lexapro 10 mg", "off at Exit 12 minutes": a dose or a quantity, not a house number.
_QUANTITY_AFTER = re.compile(
    r"\s*(?:mg|mcg|\u00b5g|ml|g|kg|lbs?|units?|%|x|times|days?|weeks?|hours?|minutes?|"
    r"months?|years?|am|pm|a\.m\.|p\.m\.|daily|nightly|weekly|qd|bid|tid|qhs|prn|each|per)\b",
    re.IGNORECASE,
)

# --- what may follow a street ----------------------------------------------------------

_SEP = re.compile(r"[ \t]*(?:,[ \t]*(?:\n[ \t>?|]*)?|\n[ \t>?|]*(?:,[ \t]*)?|[ \t]+)")
_TAIL_UNIT = re.compile(
    r"(?i:(?:" + _UNIT_WORDS + r")\.?\s*#?\s*(?=[A-Za-z-]{0,2}\d)[A-Za-z0-9-]{1,7})\b"
)
_POSTCODE = re.compile(
    r"(?:[A-Z]{1,2}-)?(?:\d{3} \d{2}|\d{2}-\d{3}|\d{4}[ ]?[A-Z]{2}(?![\w])|\d{4}-\d{3}"
    r"|\d{5}-\d{4}|\d{3,6})(?![\w-]|[.,]\d|[ \t]+\d)"
    r"|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|[A-Z]\d[A-Z] ?\d[A-Z]\d\b"
)
# More street words after a street: "14 Crown Street Kishiev Squares", "... 31 Zezig Streets".
_STREET2 = re.compile(
    r"(?:" + _UP + r"[\w'\u2019.-]*\s+){1,3}(?:" + _SUFFIX + r")\b\.?(?:\s+(?:St|Rd)\b\.?)?"
)
_BARE_SUFFIX = re.compile(r"(?:" + _SUFFIX + r")\b\.?(?=\s|$)")
_SHORT_CODE = re.compile(r"(?:[A-Za-z]{1,3}|\d{1,2})(?![\w'-])")
_LETTERS = r"(?:[^\W\d_]|['\u2019.\u2206-])*"  # letters, apostrophes, dots and hyphens
_TOWN_WORD = re.compile(
    r"\(?(?:(?:"
    + _UP
    + r"|\u2206)"
    + _LETTERS
    + r"|"
    + _PARTICLE
    + r"|[a-zß-ÿ\u0370-\u03ff]"
    + _LETTERS
    + r")\)?"
    r"(?!\w)"
)
_PARTICLES = word_set(
    """
    de da do del dei della delle degli di dos das des du la le les e y i a z u v na nad pod van
    von der den ten ter al el bin ibn am an im zum zur sur sous upon on of en
    """
)
_UNIT_START = re.compile(r"(?i:(?:" + _UNIT_WORDS + r")\b)")
_END = re.compile(r"[ \t]*(?:$|\n|[.?!;:)\]\"]|,)")
_MAX_TAIL = 9


@functools.cache
def _anchor_names() -> tuple[frozenset[str], int]:
    """Countries and regions (US states, Canadian provinces...) in lower case; most words."""
    names = set(countries()) | set(_MORE_COUNTRIES.split("|")) | set(_REGIONS.split("|"))
    names |= {s.title() for s in us_states() if len(s) > 2}
    lowered = frozenset(" ".join(n.lower().split()) for n in names)
    return lowered, max(len(n.split()) for n in lowered)


_PHRASE_WORD = re.compile(r"[^\W\d_][\w.'\u2019-]*")
_QUALIFIER = re.compile(r"\s\(" + _UP + r"[\w-]*\)")


class _Anchor:
    """A country or region name at a position: `_anchor(text, pos)` is a match-like end."""

    __slots__ = ("_end", "_start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self._start, self._end = text, start, end

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self.text[self._start : self._end]


def _anchor(text: str, pos: int) -> _Anchor | None:
    """The longest country or region name that starts at `pos` (any case), if any."""
    if pos >= len(text) or not text[pos].isalpha():
        return None
    names, most = _anchor_names()
    words: list[str] = []
    ends: list[int] = []
    at = pos
    while len(words) < most:
        m = _PHRASE_WORD.match(text, at)
        if m is None:
            break
        words.append(m.group().lower())
        ends.append(m.end())
        if text[m.end() : m.end() + 1] != " ":
            break
        at = m.end() + 1
    for k in range(len(words), 0, -1):
        phrase = " ".join(words[:k])
        end = ends[k - 1]
        if phrase not in names and phrase.rstrip(".,'\u2019") in names:
            end -= len(phrase) - len(phrase.rstrip(".,'\u2019"))
            phrase = phrase.rstrip(".,'\u2019")
        if phrase in names:
            qualifier = _QUALIFIER.match(text, end)  # "Cyprus (Greek)"
            return _Anchor(text, pos, qualifier.end() if qualifier else end)
    return None


_MORE_COUNTRIES = (
    "USA|U.S.A.|UK|U.K.|Great Britain|England|Scotland|Wales|Northern Ireland|Czech Republic|"
    "Holland|The Netherlands|Republic of Ireland|Deutschland|España|Italia|Brasil|Sverige|Norge|"
    "Danmark|Suomi|Österreich|Schweiz|Suisse|Polska|Magyarország|Hellas|Ελλάδα|Κύπρος"
)
_REGIONS = (
    "Ontario|Quebec|Québec|British Columbia|Alberta|Manitoba|Saskatchewan|Nova Scotia|"
    "New Brunswick|Newfoundland and Labrador|Prince Edward Island|Yukon|Nunavut|"
    "Northwest Territories|New South Wales|Victoria|Queensland|Tasmania|South Australia|"
    "Western Australia|Northern Territory|Australian Capital Territory|Upper Austria|"
    "Lower Austria|Bavaria|Bayern|Tyrol|Tirol|Styria|Carinthia|Flanders|Wallonia"
)


class _Tail:
    """Read the components of an address after its street (see the module docstring)."""

    def __init__(self, text: str, us_style: bool) -> None:
        self.text = text
        self.us_style = us_style
        self.common = common_words()
        self.given = given_names()
        self.codes = us_state_codes()

    def read(self, pos: int) -> list[tuple[int, int, Label, str]]:
        text = self.text
        parts: list[tuple[int, int, Label, str]] = []
        last = "street"
        postcode_seen = False
        for _ in range(_MAX_TAIL):
            sep = _SEP.match(text, pos)
            if sep is None or sep.end() >= len(text):
                break
            how = "nl" if "\n" in sep.group() else ("comma" if "," in sep.group() else "space")
            at = sep.end()
            part = self._component(at, how, last, postcode_seen)
            if part is None:
                break
            end, kind = part[1], part[3]
            parts.append(part)
            last = kind
            postcode_seen = postcode_seen or kind == "postcode"
            pos = end
        return parts

    def _component(
        self, at: int, how: str, last: str, postcode_seen: bool
    ) -> tuple[int, int, Label, str] | None:
        text = self.text
        m = _TAIL_UNIT.match(text, at)
        if m and last != "country":
            return at, m.end(), Label.ADDRESS, "unit"
        if last in ("street", "unit") and how != "comma":
            m = _STREET2.match(text, at) or (
                _BARE_SUFFIX.match(text, at) if how == "space" else None
            )
            if m:
                return at, m.end(), Label.ADDRESS, "street"
        anchor = _anchor(text, at)
        if anchor:
            value = anchor.group().lower()
            if self.us_style and value in us_states():
                if last != "street":
                    # A US state or the country after a US address: kept (Safe Harbor keeps states).
                    return at, anchor.end(), Label.CITY, "state"
            else:
                return at, anchor.end(), Label.CITY, "country"
        m = _POSTCODE.match(text, at)
        if (
            m
            and last != "postcode"
            and not (how == "space" and last == "street" and m.end() - at < 4)
        ):
            return at, m.end(), Label.ZIP, "postcode"
        if postcode_seen and last != "postcode":
            return None
        if how != "space" or last in ("town", "state"):
            m = _SHORT_CODE.match(text, at)
            if m and self._short_code_ok(m, how, last):
                if self.us_style and m.group() in self.codes:
                    return at, m.end(), Label.CITY, "state"
                return at, m.end(), Label.CITY, "region"
        return self._town(at, how, last)

    def _short_code_ok(self, m: re.Match[str], how: str, last: str) -> bool:
        code = m.group()
        end = _END.match(self.text, m.end())
        before_code = _POSTCODE.match(self.text, m.end() + 1) if m.end() < len(self.text) else None
        if code.isdigit():
            return how != "space" and (end is not None or before_code is not None)
        if how == "space" and not code.isupper():
            return code.lower() not in self.common and (end is not None or before_code is not None)
        if code.lower() in ("i", "a"):
            return False
        return end is not None or before_code is not None or code.isupper()

    def _anchored(self, end: int) -> bool:
        """Is the word run ending at `end` followed by a country, region, code or postcode?"""
        text = self.text
        nxt = _SEP.match(text, end)
        if nxt is None or nxt.end() >= len(text):
            return False
        at = nxt.end()
        if _anchor(text, at) or _POSTCODE.match(text, at):
            return True
        code = _SHORT_CODE.match(text, at)
        if code is None:
            return False
        closes = _END.match(text, code.end()) is not None or bool(
            _POSTCODE.match(text, code.end() + 1) and text[code.end() : code.end() + 1] == " "
        )
        if "," in nxt.group() or "\n" in nxt.group():
            return closes
        return (code.group().isupper() or code.group() not in self.common) and closes

    def _town(self, at: int, how: str, last: str) -> tuple[int, int, Label, str] | None:
        text = self.text
        words: list[re.Match[str]] = []
        pos = at
        while len(words) < 5:
            if words and (_anchor(text, pos) or _UNIT_START.match(text, pos)):
                break
            m = _TOWN_WORD.match(text, pos)
            if m is None or m.end() == pos:
                break
            if (
                words
                and m.group()[:1].islower()
                and m.group().lower() not in _PARTICLES
                and words[0].group()[:1].isupper()
            ):
                break  # "BODØ nan": a capitalised town ends before a lower-case word
            if not words and _UNIT_START.match(m.group()):
                return None
            words.append(m)
            if text[m.end() : m.end() + 1] in (" ", "-") and m.end() + 1 < len(text):
                nxt = text[m.end() + 1]
                if nxt.isalpha() or nxt in "(\u2206":
                    pos = m.end() + 1
                    continue
            break
        while words and words[-1].group().lower().rstrip(".") in _PARTICLES:
            words.pop()
        if not words:
            return None
        values = [w.group().strip("()") for w in words]
        lowered = [v.lower().rstrip(".") for v in values]
        first = values[0]
        if first.lower() in _PARTICLES or not first:
            return None
        lower_case = all(v.islower() for v in values)
        all_caps = all(v.isupper() or v.lower() in _PARTICLES for v in values) and any(
            len(v) > 1 and v.isupper() for v in values
        )
        end = words[-1].end()
        anchored = self._anchored(end)
        ends_line = bool(_END.match(text, end)) or end >= len(text)
        unknown_first = lowered[0] not in self.common
        if lower_case:
            # Lower-case towns only where nothing in them is an ordinary English word.
            if any(w in self.common and w not in _PARTICLES for w in lowered):
                return None
            if not (anchored or ends_line) or (how == "space" and not anchored):
                return None
            return at, end, Label.CITY, "town"
        if any(v[:1].islower() and v.lower() not in _PARTICLES and not v.startswith(("l'", "d'"))
               for v in values):  # fmt: skip
            return None
        if how == "space" and last == "postcode":
            # "00184 Roma", "10115 Berlin": a town after its postcode.
            if (ends_line or anchored) and (unknown_first or all_caps or len(values) == 1):
                return at, end, Label.CITY, "town"
            return None
        if how == "space":
            # On the street's own line: capitals, or a town before a country, region or code.
            if lowered[0] in self.given and not all_caps and not anchored:
                return None
            if all_caps and len(first) > 1 and (unknown_first or anchored or ends_line):
                return at, end, Label.CITY, "town"
            if unknown_first and (anchored or ends_line) and last in ("unit", "street"):
                return at, end, Label.CITY, "town"
            if anchored and last in ("unit", "street", "town"):
                return at, end, Label.CITY, "town"
            return None
        if all_caps and unknown_first:
            return at, end, Label.CITY, "town"  # "ASKER nan 1386": a town in capitals on its line
        if not (ends_line or anchored):
            return None
        if all_caps or anchored or any(w not in self.common for w in lowered):
            return at, end, Label.CITY, "town"
        if how == "nl" and len(values) > 1:
            return at, end, Label.CITY, "town"  # "Mill Village", "Pines Beach" on their own line
        return None


_HOUSE_NUMBER = re.compile(r",?[ \t]+\d{1,4}[A-Za-z]?\b\.?")
_LEFT_NUMBER = re.compile(r"(?<![\w.,/-])\d{1,6}[ \t]+$")
_LEFT_AND = re.compile(
    r"(?:^|(?<=[\s:>]))(?P<words>" + _UP + r"[\w'\u2019-]*(?:[ -]" + _UP + r"[\w'\u2019-]*)?)"
    r"\s+and\s+$"
)
_LEFT_WORDS = re.compile(
    r"(?:^|(?<=[\s:>]))(?P<words>(?:" + _UP + r"[\w'\u2019-]*[ \t]+)(?:[\w'\u2019-]+[ \t]+){0,2})$"
)


def _extend_left(text: str, start: int, number_last: bool) -> int:
    """Take in a building number ("86036 Rua do Arenque 1634") and, before a street that
    begins with its number, unknown words that name it ("Tungata 11 Rott Crossroad")."""
    window = text[max(0, start - 60) : start]
    base = start - len(window)
    m = _LEFT_NUMBER.search(window)
    if m:
        start = base + m.start()
        window = window[: m.start()]
    elif not number_last:
        m2 = _LEFT_WORDS.search(window)
        if m2:
            common, given = common_words(), given_names()
            words = m2.group("words").split()
            if all(
                (w.lower() not in common and w.lower() not in given) or w.lower() in _PARTICLES
                for w in words
            ):
                start = base + m2.start("words")
                window = window[: m2.start("words")]
    m3 = _LEFT_AND.search(window)
    if m3 and window.endswith(" and "):
        start = base + m3.start("words")
    return start


@functools.cache
def _months_and_days() -> frozenset[str]:
    return word_set(
        """
        january february march april may june july august september october november december
        monday tuesday wednesday thursday friday saturday sunday the a an this that
        """
    )


_PO_BOX_WORDS = cue_words(word_set("p po post postbox postboks postfach apartado casilla"))
_MILITARY_WORDS = cue_words(word_set("psc unit cmr usns usnv uss uscgc"))
_UNIT_ALONE_WORDS = cue_words(word_set("apt apartment suite ste unit"))
_CORNER_WORDS = cue_words({"corner"})
_POST_TYPE_WORDS = cue_words(w.lower().rstrip(".").replace("\\", "") for w in _POST_TYPE.split("|"))
_EURO_START_LOWER = frozenset(
    w.lower().replace("\\", "").rstrip("./") for w in _EURO_START_WORDS.split("|")
)
_EURO_ENDINGS = tuple(w.replace("\\", "").rstrip(".") for w in _EURO_END.strip("(?:)").split("|"))


def _euro_words(text: str) -> list[str]:
    """The words of `text` that may begin a European street name ("Rue", "-vägen")."""
    return [
        w
        for w in word_index(text)
        if w in _EURO_START_LOWER or (len(w) > 4 and w.endswith(_EURO_ENDINGS))
    ]


def _at_words(text: str, words: Iterable[str], pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """`pattern.match` at each word of `text` in `words` (lower case), without overlaps."""
    last_end = -1
    for tok in tokens_for(text, words):
        if tok.start >= last_end:
            m = pattern.match(text, tok.start)
            if m is not None:
                last_end = m.end()
                yield m


def _us_style(core: str) -> bool:
    return bool(STREET.match(core) or PO_BOX.search(core) or MILITARY.search(core))


def _streets(text: str) -> Iterator[tuple[int, int, str, float, bool]]:
    """(start, end, reason, score, number_last) of every street the patterns find."""
    common = common_words()
    for m in digit_matches(STREET, text):
        yield m.start(), m.end(), "a street address", 0.9, False
    for m in digit_matches(STREET_LOWER, text):
        if not any(w in _NOT_STREET_WORDS for w in m.group("words").split()):
            yield m.start(), m.end(), "a street address", 0.75, False
    for m in _at_words(text, _PO_BOX_WORDS, PO_BOX):
        yield m.start(), m.end(), "a PO box", 0.95, False
    for m in _at_words(text, _euro_words(text), EURO):
        first = m.group().split()[0].lower().rstrip(",")
        if first in common and first.rstrip("./") not in _EURO_START_LOWER:
            continue  # "Spring 2021", "offering 12 sessions"
        yield m.start(), m.end(), "a street address", 0.8, True
    for m in digit_matches(NUMBER_FIRST, text):
        end = m.start("words")
        for w in re.finditer(r"\S+", m.group("words")):
            low = w.group().lower()
            lower_word = low in common and low not in _PARTICLES and w.group().islower()
            if lower_word or _UNIT_START.match(w.group()):
                break
            if low not in _PARTICLES and not low.endswith("'"):
                end = m.start("words") + w.end()
        if end > m.start("words"):
            number = _HOUSE_NUMBER.match(text, end)
            if number and end == m.end("words"):
                end = number.end()
            yield m.start(), end, "a street address", 0.8, False
    for m in digit_matches(NUMBER_NAME_UNIT, text):
        yield m.start(), m.end(), "a number and a name before an apartment or suite", 0.7, False
    done = -1
    for tok in tokens_for(text, _POST_TYPE_WORDS):
        if tok.start < done:
            continue
        for m in POST_TYPE.finditer(text, max(0, tok.start - 80), tok.end + 10):
            if m.start() <= tok.start < m.end():
                yield m.start(), m.end(), "a street address", 0.8, True
                done = m.end()
                break
    for m in _at_words(text, _MILITARY_WORDS, MILITARY):
        yield m.start(), m.end(), "a military address", 0.9, False
    for m in digit_matches(NUMBER_NAME_NUMBER, text):
        words = [w.lower() for w in m.group("words").split()]
        if any(w in common and w not in _PARTICLES for w in words if w.islower()) or all(
            w in common for w in words
        ):
            continue  # "took 2 pills at 9", "10, 2021 and again on March 17"
        yield m.start(), m.end(), "numbers around a street name, as in an address", 0.6, True
    months = _months_and_days()
    for m in cued_matches(text, _CUES, _AFTER_CUE):
        addr = m.group("addr")
        if not any(c.isalpha() and c.isupper() for c in addr) and not addr.split()[0].isdigit():
            continue
        words = [w.lower().strip(".") for w in addr.split() if not w[0].isdigit()]
        if (
            any(w in months for w in words)
            or all(w in common or w in _PARTICLES for w in words)
            or _QUANTITY_AFTER.match(text, m.end("addr"))
        ):
            continue  # "is on March 12", "is on Zoloft 50 mg"
        yield m.start("addr"), m.end("addr"), "a street and number after an address cue", 0.8, True
    for m in cued_matches(text, _CORNER_WORDS, CORNER):
        # The whole "the corner of X and Y" goes: it names a place as well as an address.
        start = (
            m.start() - 4
            if text[max(0, m.start() - 4) : m.start()].lower() == "the "
            else (m.start())
        )
        yield start, m.end("addr"), "two streets after 'the corner of'", 0.8, False
    months = _months_and_days()
    for tok in tokens_for(text, _STREET_NAME_ENDS):
        if not tok.text[:1].isupper():
            continue
        window_start = max(0, tok.start - 60)
        for m in STREET_NAME.finditer(text, window_start, tok.end + 1):
            if m.end() < tok.end or m.start() < window_start:
                continue
            names = m.group("name").split()
            if any(w.lower() in months for w in names) or all(w.lower() in common for w in names):
                continue
            yield m.start(), m.end(), "a street name", 0.6, False
            break


_QUOTE_PREFIX = re.compile(r"[ \t>?|]*")
_HEADER_WORD = re.compile(r"[^\W\d_][\w'\u2019.&-]*,?|&")
_HEADER_JOINERS = word_set("and & of the de du der van von for")
_HEADER_REASON = "a letterhead line above an address (an organisation or a name)"
_ORG_ENDINGS = word_set("inc. ltd. co. corp. llc. l.l.c. plc. gmbh s.a. b.v.")


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
        end_of_previous = begin - 1


@register(
    "street_address",
    [Label.ADDRESS, Label.CITY, Label.ZIP, Label.ORGANIZATION],
    "street addresses (US and international) with the town, region, country and postcode",
)
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    streets = sorted(_streets(text))
    done = -1
    for start, end, reason, score, number_last in streets:
        if end <= done:
            continue
        core = text[start:end]
        start = _extend_left(text, start, number_last)
        for s, e in _header_lines(text, start):
            yield Span(s, e, Label.ORGANIZATION, "street_address", _HEADER_REASON, 0.45)
        yield Span(
            start, before_full_stop(text, start, end), Label.ADDRESS, "street_address", reason,
            score,
        )  # fmt: skip
        if end < done:
            continue
        tail = _Tail(text, _us_style(core) and not number_last).read(end)
        for s, tail_end, label, kind in tail:
            if kind == "state":
                continue
            e = before_full_stop(text, s, tail_end)
            if label is Label.ADDRESS:
                yield Span(s, e, label, "street_address", "a unit or street of an address", score)
            elif label is Label.ZIP:
                yield Span(s, e, label, "street_address", "the postcode of an address", 0.9)
            else:
                yield Span(s, e, label, "street_address", f"the {kind} of an address", 0.88)
        done = max(end, tail[-1][1] if tail else end)
    for m in _at_words(text, _UNIT_ALONE_WORDS, UNIT_ALONE):
        yield Span(
            m.start(), m.end(), Label.ADDRESS, "street_address", "an apartment or suite", 0.7
        )
