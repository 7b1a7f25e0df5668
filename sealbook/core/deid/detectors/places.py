"""Cities and counties: geonames cities of 15,000+ people, "Town, ST", "X County".

A city name that is also an ordinary word or a person's name ("Mobile",
"Charlotte") counts only after a place cue ("in", "from", "moved to") or before
a state, so prose and names are not taken for places.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.lexicon import cities, common_words, given_names, surnames, us_states
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import tokenize

_STATE_CODES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|"
    "NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
TOWN_STATE = re.compile(
    r"\b(?P<town>[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|of|on|upon)){0,3}),\s+(?:" + _STATE_CODES
    + r")\b(?![a-z])"
)  # fmt: skip
COUNTY = re.compile(
    r"\b(?:[A-Z][\w.'\u2019-]*\s+){1,3}(?:County|Parish|Borough)\b"
    r"|\bCounty of\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)?"
)
_CUE = frozenset(
    {"in", "from", "to", "near", "outside", "around", "at", "of", "visiting", "towards"}
)
_MAX_WORDS = 4


def _ambiguous(name: str) -> bool:
    low = name.lower()
    return low in common_words() or low in given_names() or low in surnames()


@register("place", [Label.CITY, Label.COUNTY], "cities (geonames), 'Town, ST', and counties")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    gazetteer = cities()
    states = us_states()
    tokens = tokenize(text)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not tok.text[:1].isupper():
            i += 1
            continue
        matched = 0
        for n in range(min(_MAX_WORDS, len(tokens) - i), 0, -1):
            last = tokens[i + n - 1]
            # Words of a multi-word name are separated by one space or hyphen only.
            if any(tokens[k + 1].start - tokens[k].end != 1 for k in range(i, i + n - 1)):
                continue
            name = text[tok.start : last.base_end if n == 1 else last.end]
            if name not in gazetteer or name.lower() in states:
                continue
            after = text[last.end : last.end + 24]
            cued = i > 0 and tokens[i - 1].lower in _CUE
            state_follows = (
                bool(re.match(r",?\s+(?:" + _STATE_CODES + r")\b", after))
                or any(
                    after.lstrip(", ").lower().startswith(s) for s in ("new ", "north ", "south ")
                )
                or after.lstrip(", ").split(" ")[0].lower().strip(".,") in states
            )
            if n == 1 and _ambiguous(name) and not (cued or state_follows):
                continue
            if n == 1 and tok.sentence_start and not (cued or state_follows) and _ambiguous(name):
                continue
            end = last.base_end if n == 1 else last.end
            yield Span(tok.start, end, Label.CITY, "place", "a city name (geonames)", 0.85)
            matched = n
            break
        i += matched or 1
    for m in TOWN_STATE.finditer(text):
        town = m.group("town")
        words = town.split()
        # Keep the last words that look like a town, not a whole sentence before the comma.
        while len(words) > 1 and words[0].lower() in common_words():
            words.pop(0)
        start = m.start("town") + len(town) - len(" ".join(words))
        if (words and words[0].lower() not in common_words() | {"i"}) or len(words) > 1:
            yield Span(start, m.end("town"), Label.CITY, "place", "a town before a state code", 0.9)
    for m in COUNTY.finditer(text):
        yield Span(m.start(), m.end(), Label.COUNTY, "place", "a county", 0.9)
