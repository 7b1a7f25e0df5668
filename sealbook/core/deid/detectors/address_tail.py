"""The rest of an address after its street: step two of `street_address`.

Read component by component across commas, spaces and line breaks (also "> "
quoted lines): units ("Apt. 4B", "Suite 680"), more street words, a town, a
region or state code, a country (geonames names plus common variants, any case)
and a postcode in the formats of many countries. A town is accepted only where
the address grammar vouches for it (it is in capitals, is followed by a region,
country or postcode, or stands alone on its line or before a comma), so the
sentence after an address is not swallowed.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from sealbook.core.deid.detectors.address_grammar import (
    CITE,
    PARTICLE,
    PARTICLES,
    SUFFIX,
    UNIT_START,
    UNIT_WORDS,
    UP,
    with_district,
)
from sealbook.core.deid.detectors.european_streets import DATE_NAME, POST_TYPE_WORDS
from sealbook.core.deid.lexicon import (
    SETTLEMENT_WORDS,
    cities,
    common_words,
    countries,
    given_names,
    never_a_name,
    surnames,
    us_state_codes,
    us_states,
)
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label

# (A dash before an Indian PIN code is a separator too: "Delhi -042676", "Kolkata - 700001".)
# (A blank line may stand before the country: "Larnaka\n\nCyprus 60341"; see `read`.)
_SEP: Final = compiled(
    r"[ \t]*(?:,[ \t]*(?:\n[ \t>?|]*)?|\n[ \t>?|]*(?:\n[ \t>?|]*)?(?:,[ \t]*)?"
    r"|[ \t]+[-\u2013][ \t]*(?=\d{6}\b)|[ \t]+)"
)
_TAIL_UNIT: Final = compiled(
    r"(?i:(?:" + UNIT_WORDS + r")\.?\s*#?\s*(?=[A-Za-z-]{0,2}\d)[A-Za-z0-9-]{1,7})\b"
)
# A floor and door after a street's comma, as Spanish, Portuguese and Italian addresses
# write them ("Calle Mayor 15, 3º B, 28013 Madrid", "2º 1ª", "4°D") or a flat's number and
# letter ("..., 3B, 28013 Madrid"): part of the address, and the postcode and town go on.
_FLOOR_AND_DOOR: Final = compiled(
    r"\d{1,2}[ \t]?[\u00ba\u00b0\u00aa](?:[ \t]?\d{1,2}[ \t]?[\u00aa\u00ba]?)?"
    r"(?:[ \t]?[A-Za-z])?(?!\w)"
    r"|\d{1,3}[A-Z](?![\w-])"
)
# Postcodes of many countries (the Brazilian CEP "91792-500" too).
_POSTCODE: Final = compiled(
    r"(?:[A-Z]{1,2}-)?(?:\d{3} \d{2}|\d{2}-\d{3}|\d{4}[ ]?[A-Z]{2}(?![\w])|\d{4}-\d{3}"
    r"|\d{5}-\d{3,4}|\d{3,6})(?![\w-]|[.,]\d|[ \t]+\d)"
    r"|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|[A-Z]\d[A-Z] ?\d[A-Z]\d\b"
)
# More street words after a street: "14 Crown Street Kishiev Squares", "... 31 Zezig Streets".
_STREET2: Final = compiled(
    r"(?:" + UP + r"[\w'\u2019.-]*\s+){1,3}(?:" + SUFFIX + r")\b\.?(?:\s+(?:St|Rd)\b\.?)?"
)
# A street-type word written after the name, and the house number ("Apt. 900 0546
# Gosposka ulica 117": the unit's street read up to its name, its type and number after).
_POST_TYPE_AND_NUMBER: Final = compiled(r"(?i:" + POST_TYPE_WORDS + r")[ \t]+\d{1,5}[A-Za-z]?\b\.?")
# A Danish or Swedish region named after its word ("Region Sjælland", "Region Skåne").
_NAMED_REGION: Final = compiled(r"Region[ \t]+" + UP + r"[\w-]+")
# (with a one-letter word between: "MO I RANA")
# A town named by a date, its month capitalised ("25 de Agosto"; a date writes "agosto").
_DATED_TOWN: Final = compiled(DATE_NAME + r"(?![\w-])")
_CAPITAL_MONTH: Final = compiled(r"[ \t](?!de\b)[^\W\d_a-z]")
_DISTRICT_NUMBER: Final = compiled(r" \d{1,2}(?= )")
_CAPS_WORD_AFTER: Final = compiled(r"[ \t]+(?:[A-Z][ \t]+)?[A-Z]{3,}(?=[ \t]|\n|$)")
_NAME_WORD_AFTER: Final = compiled(r"[ \t]+(" + UP + r"[a-z\u00df-\u017f]{2,})\b")
# (before a comma too: "3813 Pheasant Ridge Road, Philadelphia")
_BARE_SUFFIX: Final = compiled(r"(?:" + SUFFIX + r")\b\.?(?=[\s,]|$)")
_SHORT_CODE: Final = compiled(r"(?:[A-Za-z]{1,3}|\d{1,2})(?![\w'-])")
# Letters, apostrophes, dots, hyphens and the en dash of twin towns ("Hubli\u2013Dharwad").
_LETTERS: Final = r"(?:[^\W\d_]|['\u2019.\u2206\u2013-])*"
_TOWN_WORD: Final = compiled(
    r"\(?(?:(?:"
    + UP
    + r"|\u2206)"
    + _LETTERS
    + r"|"
    + PARTICLE
    + r"|[a-zß-ÿ\u0370-\u03ff]"
    + _LETTERS
    + r")\)?"
    r"(?!\w)"
)
# (A bar ends a field of a label too: "SHIP TO: ..., 30027 Flavon | PHONE: ...".)
_END: Final = compiled(r"[ \t]*(?:$|\n|[.?!;:)\]\"|]|,)")
# A colon that ends its line or is followed by a space: the word before it names a field.
_FIELD_NAME_ENDS: Final = compiled(r"[ \t]*:(?:[ \t]|$)", re.MULTILINE)
_REGION_CODE: Final = compiled(r"[A-Z]{2}")
# A lower-case word after a blank: the sentence goes on after the address.
_CLAUSE_GOES_ON: Final = compiled(r" [a-z]")
# A region's field left empty by the software that wrote the address: "Kalisz nan".
_MISSING_REGION: Final = compiled(r"(?:nan|null)(?![\w/'-])")
_MAX_TAIL: Final = 9
# The words that end or open a town's name of ordinary words ("Cockle Bay", "Glen Arbor").
SETTLEMENT_ENDS: Final = SETTLEMENT_WORDS | frozenset({"bay", "cove", "point", "park", "island"})
_PLACE_OPENS: Final = frozenset({
    "glen", "port", "fort", "mount", "lake", "cape", "upper", "lower", "north", "south", "east",
    "west", "northern", "southern", "eastern", "western", "central",
})  # fmt: skip
# A full stop and a capitalised word after a short word: an abbreviation inside a name.
_ABBREVIATION_GOES_ON: Final = compiled(r"\.[ \t]+" + UP)


@functools.cache
def _anchor_names() -> tuple[frozenset[str], int]:
    """Countries and regions (US states, Canadian provinces...) in lower case; most words."""
    names = set(countries()) | set(_MORE_COUNTRIES.split("|")) | set(_REGIONS.split("|"))
    names |= {s.title() for s in us_states() if len(s) > 2}
    # geonames writes "The Netherlands"; an address's last line says "Netherlands".
    names |= {n[4:] for n in names if n.startswith("The ")}
    lowered = frozenset(" ".join(n.lower().split()) for n in names)
    return lowered, max(len(n.split()) for n in lowered)


_PHRASE_WORD: Final = compiled(r"[^\W\d_][\w.'\u2019-]*")
_QUALIFIER: Final = compiled(r"\s\(" + UP + r"[\w-]*\)")


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


_MORE_COUNTRIES: Final = (
    "USA|U.S.A.|UK|U.K.|Great Britain|England|Scotland|Wales|Northern Ireland|Czech Republic|"
    "Holland|The Netherlands|Republic of Ireland|Deutschland|España|Italia|Brasil|Sverige|Norge|"
    "Danmark|Suomi|Österreich|Schweiz|Suisse|Polska|Magyarország|Hellas|Ελλάδα|Κύπρος"
)
_REGIONS: Final = (
    "Ontario|Quebec|Québec|British Columbia|Alberta|Manitoba|Saskatchewan|Nova Scotia|"
    "New Brunswick|Newfoundland and Labrador|Prince Edward Island|Yukon|Nunavut|"
    "Northwest Territories|New South Wales|Victoria|Queensland|Tasmania|South Australia|"
    "Western Australia|Northern Territory|Australian Capital Territory|Upper Austria|"
    "Lower Austria|Bavaria|Bayern|Tyrol|Tirol|Styria|Carinthia|Flanders|Wallonia"
)


def anchor(text: str, pos: int) -> _Anchor | None:
    """The longest country or region name that starts at `pos` (any case), if any."""
    return _anchor(text, pos)


class AddressTail:
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
            if sep.group().count("\n") > 1 and _anchor(text, at) is None:
                break  # after a blank line, only the country goes on with the address
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
        if last in ("street", "unit") and how == "comma":
            m = _FLOOR_AND_DOOR.match(text, at)
            if m:
                return at, m.end(), Label.ADDRESS, "unit"
        if last in ("street", "unit") and how != "comma":
            m = _STREET2.match(text, at) or (
                (_BARE_SUFFIX.match(text, at) or _POST_TYPE_AND_NUMBER.match(text, at))
                if how == "space"
                else None
            )
            if m:
                return at, m.end(), Label.ADDRESS, "street"
        anchor = _anchor(text, at)
        if anchor and self._name_goes_on(anchor.end()):
            anchor = None  # "Victoria West\n South Africa": a town named after a region
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
        if last == "town" and how != "nl":
            m = _MISSING_REGION.match(text, at)
            if m:
                return at, m.end(), Label.CITY, "region"
        if how != "space" or last in ("town", "state"):
            m = _SHORT_CODE.match(text, at)
            if m and self._short_code_ok(m, how, last):
                if self.us_style and m.group() in self.codes:
                    return at, m.end(), Label.CITY, "state"
                return at, m.end(), Label.CITY, "region"
        m = _NAMED_REGION.match(text, at)
        if m is not None and last in ("street", "unit", "town"):
            return at, m.end(), Label.CITY, "region"  # "... Brøndby Strand Region Sjælland"
        town = self._town(at, how, last)
        if town is None:
            return None
        # "Mezimestí u Broumova 3, KR 32162": the district's number is the town's, and the
        # region and postcode after it are read on.
        end = with_district(text, town[1])
        number = _DISTRICT_NUMBER.match(text, end)
        if end == town[1] and number is not None and _anchor(text, number.end() + 1):
            end = number.end()  # "Karlovy Vary 17 Czech Republic": the district, a country
        return town[0], end, town[2], town[3]

    def _name_goes_on(self, end: int) -> bool:
        """Does a capitalised word of a name, no country or region itself, follow the
        country or region read up to `end` on its line ("Victoria West")?"""
        m = _NAME_WORD_AFTER.match(self.text, end)
        return m is not None and _anchor(self.text, m.end() - len(m.group(1))) is None

    def _short_code_ok(self, m: re.Match[str], how: str, last: str) -> bool:
        code = m.group()
        if code.isupper() and _CAPS_WORD_AFTER.match(self.text, m.end()):
            return False  # "THE LAURELS nan NR14 4DR": the first word of a town in capitals
        if how == "nl" and _FIELD_NAME_ENDS.match(self.text, m.end()):
            # "75113\nTO:\n12 Mill Row": a word beginning its line before a colon names a
            # form's or a label's field.
            return False
        if code.istitle() and len(code) > 1 and _ABBREVIATION_GOES_ON.match(self.text, m.end()):
            return False  # "PO Box 22540, St. Patrick 2914": "St." begins the town's name
        end = _END.match(self.text, m.end())
        before_code = _POSTCODE.match(self.text, m.end() + 1) if m.end() < len(self.text) else None
        if code.isdigit():
            return how != "space" and (end is not None or before_code is not None)
        if how == "space" and not code.isupper():
            return code.lower() not in self.common and (end is not None or before_code is not None)
        if code == "A" and before_code is not None:
            return True  # "Adsubia, A 06036": a Spanish province's letter before the code
        if code.lower() in ("i", "a") or (code.islower() and code in self.common):
            return False  # (", and 562 Plazuela do Porto": a word, before the next address)
        return end is not None or before_code is not None or code.isupper()

    def _anchored(self, end: int) -> bool:
        """Is the word run ending at `end` followed by a country, region, code or postcode
        (after a district's number too: "Karlovy Vary 17 Czech Republic")?"""
        text = self.text
        number = _DISTRICT_NUMBER.match(text, end)
        if number is not None and _anchor(text, number.end() + 1):
            return True
        nxt = _SEP.match(text, end)
        if nxt is None or nxt.end() >= len(text):
            return False
        at = nxt.end()
        if _anchor(text, at) or _POSTCODE.match(text, at):
            return True
        if _MISSING_REGION.match(text, at) and "\n" not in nxt.group():
            return True  # "Apt. 229 HOLMA nan in case of an issue"
        code = _SHORT_CODE.match(text, at)
        if code is None:
            return False
        closes = _END.match(text, code.end()) is not None or bool(
            _POSTCODE.match(text, code.end() + 1) and text[code.end() : code.end() + 1] == " "
        )
        if "," in nxt.group() or "\n" in nxt.group():
            return closes
        return (code.group().isupper() or code.group() not in self.common) and closes

    def _connector(self, m: re.Match[str]) -> bool:
        """Is the lower-case word `m` a short connector inside a town's name, between two
        capitalised words and in no English dictionary ("Vrhnika ob Savi", "Kostel pri
        Sori", "Ebnat bei Uzwil")?"""
        word, end = m.group(), m.end()
        return (
            len(word) <= 3
            and _MISSING_REGION.fullmatch(word) is None  # ("THE LAURELS nan NR14 4DR")
            and word.isalpha()
            and word not in self.common
            and self.text[end : end + 1] == " "
            and self.text[end + 1 : end + 2].isupper()
        )

    def _town(self, at: int, how: str, last: str) -> tuple[int, int, Label, str] | None:
        text = self.text
        cite = CITE.match(text, at)
        if cite is not None and last in ("street", "unit") and how != "space":
            return at, cite.end(), Label.CITY, "town"  # ("..., Apt. 371\n Cite 22 Janvier")
        dated = _DATED_TOWN.match(text, at)
        if dated is not None and how != "space" and _CAPITAL_MONTH.search(dated.group()):
            return at, dated.end(), Label.CITY, "town"  # ("... Apt. 434\n25 de Agosto, FD")
        words: list[re.Match[str]] = []
        pos = at
        while len(words) < 5:
            # (A unit's word ends the town only with its number: "SPRING FLAT" is a town.)
            if words and (_anchor(text, pos) or _TAIL_UNIT.match(text, pos)):
                break
            m = _TOWN_WORD.match(text, pos)
            if m is None or m.end() == pos:
                break
            if (
                words
                and m.group()[:1].islower()
                and m.group().lower() not in PARTICLES
                and words[0].group()[:1].isupper()
                and not self._connector(m)
            ):
                break  # "BODØ nan": a capitalised town ends before a lower-case word
            if not words and UNIT_START.match(m.group()):
                return None
            words.append(m)
            if m.group().endswith(".") and len(m.group()) > 4:
                break  # "Saharanpur. Tel: ...": a full stop, not an abbreviation, ends the town
            if text[m.end() : m.end() + 1] in (" ", "-") and m.end() + 1 < len(text):
                nxt = text[m.end() + 1]
                if nxt.isalpha() or nxt in "(\u2206":
                    pos = m.end() + 1
                    continue
            break
        while words and words[-1].group().lower().rstrip(".") in PARTICLES:
            if words[-1].group().isupper() and not words[0].group().isupper():
                break  # "Wilmington DE": a region's code in capitals after the town, no "de"
            words.pop()
        if not words:
            return None
        values = [w.group().strip("()") for w in words]
        lowered = [v.lower().rstrip(".") for v in values]
        first = values[0]
        article_first = first[:1].isupper() and len(values) > 1 and values[1][:1].isupper()
        if (first.lower() in PARTICLES and not article_first) or not first:
            return None  # (but "La Rioja", "Le Mans", "El Paso": an article begins the town)
        lower_case = all(v.islower() for v in values)
        all_caps = all(v.isupper() or v.lower() in PARTICLES for v in values) and any(
            len(v) > 1 and v.isupper() for v in values
        )
        end = words[-1].end()
        if len(values[-1]) > 5 and values[-1].endswith(".") and text[end : end + 1] == " ":
            end -= 1  # "Apt. 229 TALVIKKA Northern Savonia. I now live": the sentence's stop
        if how == "nl" and _FIELD_NAME_ENDS.match(text, end):
            return None  # "City: Leeds", "Recipient:" beginning the line after an address
        anchored = self._anchored(end)
        ends_line = bool(_END.match(text, end)) or end >= len(text)
        unknown_first = lowered[0] not in self.common
        if lower_case:
            # Lower-case towns only where nothing in them is an ordinary English word.
            if any(w in self.common and w not in PARTICLES for w in lowered):
                return None
            if not (anchored or ends_line) or (how == "space" and not anchored):
                return None
            return at, end, Label.CITY, "town"
        if any(v[:1].islower() and v.lower() not in PARTICLES and not v.startswith(("l'", "d'"))
               and not (0 < k < len(values) - 1 and self._connector(words[k]))
               for k, v in enumerate(values)):  # fmt: skip
            return None
        if how == "space" and last == "postcode":
            # "00184 Roma", "10115 Berlin": a town after its postcode.
            if (ends_line or anchored) and (unknown_first or all_caps or len(values) == 1):
                return at, end, Label.CITY, "town"
            return None
        if how == "space":
            # "Rodovia de Viana, 17 (Lopes), opposite": a name in brackets right after a
            # street is its town, though a person's name or a word too ("(Mum's house)",
            # "(Back Entrance)" stay: ordinary words only, no surname).
            bracketed = text[at] == "(" and text[end - 1] == ")" and len(words) < 4
            if bracketed and any(w not in self.common or w in surnames() for w in lowered):
                return at, end, Label.CITY, "town"
            # On the street's own line: capitals, or a town before a country, region or code.
            if lowered[0] in self.given and not all_caps and not anchored:
                return None
            if all_caps and len(first) > 1 and (unknown_first or anchored or ends_line):
                return at, end, Label.CITY, "town"
            # "Apt. 568 Pärnu PR in case of an issue": a region's code of two capitals after
            # the town closes it as a line's end would (issue 13, twelfth round).
            coded = len(values) > 1 and _REGION_CODE.fullmatch(values[-1]) is not None
            if unknown_first and (anchored or ends_line or coded) and last in ("unit", "street"):
                return at, end, Label.CITY, "town"
            # "Apt. 686 Vordinge Region Nordjylland last night": after a unit, capitalised
            # words that open with one in no dictionary, then the sentence going on in lower
            # case, are the town and its region.
            if unknown_first and last == "unit" and _CLAUSE_GOES_ON.match(text, end):
                return at, end, Label.CITY, "town"
            # "Suite 125 Cite Habib El Ayari 14 for this card": after a unit, capitalised
            # words, one in no dictionary, and the district's number closing the phrase.
            if (
                last == "unit"
                and with_district(text, end) > end
                and any(w not in self.common and w not in PARTICLES for w in lowered)
            ):
                return at, end, Label.CITY, "town"
            # "Palazzo D'Arcevia AN": before the code, a word in no dictionary.
            named = any(w not in self.common for w in lowered[:-1])
            if coded and named and last in ("unit", "street"):
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
        if len(values) > 1 and (lowered[-1] in SETTLEMENT_ENDS or lowered[0] in _PLACE_OPENS):
            # "12 Elm Rise, Cockle Bay", "..., Glen Arbor": ordinary words that end in a
            # settlement's word or open with a place's, closing an address after its comma
            # (issue 13, thirteenth round).
            return at, end, Label.CITY, "town"
        if " ".join(values) in cities() and not never_a_name(lowered[0]):
            # "..., 2972 Hillside Street, Phoenix", "..., 723, Brusque": ordinary words, but
            # a town of the gazetteer closing the address after its comma; never a weekday
            # or a month ("..., March.").
            return at, end, Label.CITY, "town"
        if (
            how == "comma"
            and last == "street"
            and len(values) == 1
            and (lowered[0] in surnames() or lowered[0] in self.given)
            and not never_a_name(lowered[0])
        ):
            # "lives at 9649 324 Young Road, Peck": one capitalised word closing the address
            # after its comma, a word that names people and places ("Peck", "Bolton").
            return at, end, Label.CITY, "town"
        return None
