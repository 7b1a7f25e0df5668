"""Operators: what replaces an identifier once it is found.

- redact: a typed placeholder, "[NAME]", "[DATE]";
- pseudonym: a realistic surrogate for names, the same one for the same person
  throughout a packet; dates shifted by one per-packet offset (so intervals
  between dates survive); ages over 89 generalised to "90+"; a US city to its
  state; a ZIP code to its first three digits where Safe Harbor allows it;
  placeholders for everything else.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from enum import StrEnum
from typing import Final

from sealbook.core.deid.datetext import parse_date, shift
from sealbook.core.deid.lexicon import (
    cities,
    given_names,
    surnames,
    surrogate_given_names,
    surrogate_surnames,
)
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import NAME_LABELS, Label, Span


class Operator(StrEnum):
    REDACT = "redact"
    PSEUDONYM = "pseudonym"


# Three-digit ZIP prefixes whose area had 20,000 people or fewer (2000 Census, HHS
# guidance on 164.514(b)(2)(i)(B)); these become "000".
RESTRICTED_ZIP3: Final = frozenset(
    [
        "036",
        "059",
        "063",
        "102",
        "203",
        "556",
        "692",
        "790",
        "821",
        "823",
        "830",
        "831",
        "878",
        "879",
        "884",
        "890",
        "893",
    ]
)
MIN_SHIFT_DAYS: Final = 14
MAX_SHIFT_DAYS: Final = 365


def placeholder(label: Label) -> str:
    return _PLACEHOLDERS[label]


# Written once: an enum member's `.value` is a property, dear at every replacement.
_PLACEHOLDERS: Final = {label: f"[{label.value}]" for label in Label}


class Pseudonymiser:
    """Keyed, consistent choice of surrogates for one packet.

    This is not encryption: it only has to make the surrogate unpredictable
    without the packet's secret. HMAC-SHA256(secret, role + real name) picks an
    index into a list of common census names, so the same name (or the same
    roster person) gets the same surrogate everywhere in the packet, another
    packet (another secret) gives another one, and nobody can work back from
    a surrogate to the real name without the secret. A collision with a
    surrogate already given to someone else is resolved by trying the next
    counter value, so two people never share a surrogate within a packet.
    """

    def __init__(self, secret: bytes, date_shift_days: int | None = None) -> None:
        if len(secret) < 16:
            raise ValueError("a packet secret is at least 16 bytes")
        self._secret = secret
        self._chosen: dict[str, str] = {}
        self._taken: dict[str, str] = {}
        self.issued: set[str] = set()
        self.date_shift_days = (
            date_shift_days if date_shift_days is not None else self._derive_shift()
        )

    def _mac(self, message: str) -> int:
        digest = hmac.new(self._secret, message.encode("utf-8"), hashlib.sha256).digest()
        return int.from_bytes(digest[:8], "big")

    def _derive_shift(self) -> int:
        span = MAX_SHIFT_DAYS - MIN_SHIFT_DAYS + 1
        magnitude = MIN_SHIFT_DAYS + self._mac("date-shift") % span
        return -magnitude if self._mac("date-shift-sign") % 2 else magnitude

    def surrogate(self, role: str, key: str, real: str) -> str:
        """The surrogate for person-part `key` ("given:kate"); `role` is "given" or "family"."""
        if key in self._chosen:
            return self._chosen[key]
        pool = surrogate_given_names() if role == "given" else surrogate_surnames()
        counter = 0
        while True:
            choice = pool[self._mac(f"{role}\0{key}\0{counter}") % len(pool)]
            owner = self._taken.get(choice.lower())
            if (owner is None or owner == key) and choice.lower() != real.lower():
                break
            counter += 1
        self._chosen[key] = choice
        self._taken[choice.lower()] = key
        self.issued.add(choice.lower())
        return choice

    def initial(self, key: str) -> str:
        return "ABCDEFGHJKLMNPRSTVW"[self._mac(f"initial\0{key}") % 19]


def _match_case(surrogate: str, original: str) -> str:
    if original.isupper() and len(original) > 1:
        return surrogate.upper()
    if original.islower():
        return surrogate.lower()
    return surrogate


_NAME_PART: Final = compiled(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*\.?")


def pseudonymise_name(span: Span, original: str, pseudonyms: Pseudonymiser) -> str:
    """Replace each word of a name with the surrogate for that person-part."""
    parts = list(_NAME_PART.finditer(original))
    roster_prefix = ""
    roster_role = ""
    if span.entity.startswith("roster:"):
        roster_prefix, _, roster_role = span.entity.rpartition(":")
        if ":family" in span.entity:
            roster_prefix, roster_role = span.entity, "family"
    out: list[str] = []
    last = 0
    for index, m in enumerate(parts):
        word = m.group().rstrip(".")
        low = word.lower()
        if len(word) == 1 or (word.isupper() and len(word) <= 3 and "." in original):
            letters = "".join(pseudonyms.initial(f"{low}\0{i}") for i in range(len(word)))
            replacement = letters
        else:
            if roster_prefix and roster_role in ("given", "family"):
                role, key = roster_role, roster_prefix if roster_role == "family" else (
                    f"{roster_prefix}:given")  # fmt: skip
            elif roster_prefix:  # a full name from the roster
                role = "given" if index == 0 else "family"
                key = f"{roster_prefix}:given" if index == 0 else f"{roster_prefix}:family:{low}"
            else:
                if len(parts) > 1:
                    role = "given" if index == 0 else "family"
                else:
                    role = "family" if low in surnames() and low not in given_names() else "given"
                key = f"{role}:{low}"
            replacement = _match_case(pseudonyms.surrogate(role, key, word), word)
        out.append(original[last : m.start()])
        out.append(replacement)
        out.append(m.group()[len(word) :])
        last = m.end()
    out.append(original[last:])
    result = "".join(out)
    pseudonyms.issued.add(result.lower())
    return result


def _generalise_zip(original: str) -> str:
    prefix = original[:3]
    return ("000" if prefix in RESTRICTED_ZIP3 else prefix) + "XX"


def replacement_for(
    span: Span, original: str, operator: Operator, pseudonyms: Pseudonymiser
) -> str:
    """The text that replaces `original` (the span's text) under `operator`."""
    if operator is Operator.REDACT:
        return placeholder(span.label)
    if span.label in NAME_LABELS:
        return pseudonymise_name(span, original, pseudonyms)
    if span.label is Label.DATE:
        found = parse_date(original)
        if found is None:
            return placeholder(span.label)
        # (its time of day, before or after it, as written)
        shifted = (
            original[: found.start]
            + shift(found, pseudonyms.date_shift_days)
            + original[found.end :]
        )
        pseudonyms.issued.add(shifted.lower())
        return shifted
    if span.label is Label.AGE_OVER_89:
        return "90+"
    if span.label is Label.ZIP and original[:3].isdigit():
        return _generalise_zip(original)
    if span.label is Label.CITY:
        region = cities().get(original, "")
        if " " not in region and len(region) == 2:
            return placeholder(span.label)  # a city outside the US: no state to give
        if not region:
            return placeholder(span.label)
        pseudonyms.issued.add(region.lower())  # a state this packet wrote, not a town
        return region
    return placeholder(span.label)


def apply_operator(
    text: str, spans: Iterable[Span], operator: Operator, pseudonyms: Pseudonymiser
) -> str:
    """Replace each span (non-overlapping, any order) in `text`."""
    out: list[str] = []
    last = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < last:
            raise ValueError("spans overlap; resolve them first")
        out.append(text[last : span.start])
        out.append(replacement_for(span, text[span.start : span.end], operator, pseudonyms))
        last = span.end
    out.append(text[last:])
    return "".join(out)
