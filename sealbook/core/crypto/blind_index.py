"""Blind indexes: searchable, truncated keyed hashes of normalised values.

A clinician looks a client up by name, date of birth, phone or e-mail; the
database only ever sees a short keyed BLAKE2b of the normalised value. The
hash is truncated (as CipherSweet plans it) so that each index value is shared
by several records: the index narrows the search to a handful of candidates,
which are then decrypted and compared exactly, and an attacker holding the
table learns little more than "these rows might share a token".

Keyed BLAKE2b costs under a microsecond (CRYPTO-NOTES.md, table C), so
re-indexing a whole practice takes milliseconds.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata

INDEX_KEY_BYTES = 32
MIN_BITS = 8
MAX_BITS = 24

# Kinds of blind index; the string is mixed into the hash so the same text
# indexed as a name and as an e-mail never collides on purpose.
NAME = "name"
DATE_OF_BIRTH = "dob"
PHONE = "phone"
EMAIL = "email"
# Street and postal code together: not searched for, only compared (the family rule of
# the access alerts asks whether a staff member lives at a client's address).
ADDRESS = "address"
KINDS = (NAME, DATE_OF_BIRTH, PHONE, EMAIL, ADDRESS)


def plan_bits(expected_records: int, values_per_record: int = 1, min_matches: int = 4) -> int:
    """Bits of index to keep so that each value is shared by about `min_matches` records.

    With N indexed values and b bits, a bucket holds N / 2**b values on average;
    we choose the largest b with N / 2**b >= min_matches, clamped to a sane range.
    """
    population = max(1, expected_records * values_per_record)
    bits = math.floor(math.log2(max(1.0, population / min_matches)))
    return max(MIN_BITS, min(MAX_BITS, bits))


class BlindIndexer:
    """Computes blind-index values from one practice-wide index key."""

    __slots__ = ("_bits", "_keys")

    def __init__(self, index_key: bytes, bits: int) -> None:
        if len(index_key) != INDEX_KEY_BYTES:
            raise ValueError("a blind-index key is 32 bytes")
        if not MIN_BITS <= bits <= MAX_BITS:
            raise ValueError("blind-index bits out of range")
        self._bits = bits
        # One sub-key per kind, so an index of one kind says nothing about another.
        self._keys = {
            kind: hashlib.blake2b(
                kind.encode(), key=index_key, digest_size=32, person=b"sealbook-bidx-k1"
            ).digest()
            for kind in KINDS
        }

    @property
    def bits(self) -> int:
        return self._bits

    def index(self, kind: str, normalised: str) -> int:
        digest = hashlib.blake2b(normalised.encode(), key=self._keys[kind], digest_size=8)
        return int.from_bytes(digest.digest(), "big") >> (64 - self._bits)


# Apostrophes vanish inside a name (the typed one, a phone's curly one, the
# modifier letter), so O'Brien is found however it was typed; letters that NFKD
# cannot take apart are folded by hand, so "Soren" finds "Søren".
_NAME_FOLDS = str.maketrans(
    {"'": None, "\u2019": None, "\u02bc": None, "\u00f8": "o", "\u0142": "l", "\u0111": "d",
     "\u0127": "h", "\u00e6": "ae", "\u0153": "oe", "\u00fe": "th", "\u00f0": "d", "\u0131": "i"}
)  # fmt: skip


def name_tokens(text: str) -> list[str]:
    """Lower-case, accent-free word tokens of a name ("Ana-María O'Neil" -> ana, maria, oneil).

    Letters of every script count (a Cyrillic or Chinese name must be findable
    too); anything else separates tokens.
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in folded if not unicodedata.combining(c)).translate(_NAME_FOLDS)
    return [t for t in re.split(r"[\W_]+", stripped) if t]


def normalise_phone(text: str) -> str:
    """The last ten digits of a phone number, so "+1 (555) 010-2345" and "555.010.2345" agree."""
    digits = re.sub(r"\D", "", text)
    return digits[-10:]


def normalise_email(text: str) -> str:
    return text.strip().casefold()


# The words a street line is written with in more than one way, folded to one
# spelling so that "12 Elm Street" and "12 elm st." give the same index value.
_STREET_WORDS = {
    "street": "st", "avenue": "ave", "av": "ave", "road": "rd", "drive": "dr", "lane": "ln",
    "boulevard": "blvd", "court": "ct", "place": "pl", "terrace": "ter", "apartment": "apt",
    "suite": "ste", "unit": "apt", "north": "n", "south": "s", "east": "e", "west": "w",
}  # fmt: skip


def normalise_address(street: str, postal_code: str) -> str:
    """One household's street line and postal code as one value; empty if either is missing.

    The postal code alone would match a whole neighbourhood, the street alone a
    street in every town; together they name a household.
    """
    words = [_STREET_WORDS.get(w, w) for w in name_tokens(street)]
    code = re.sub(r"[\W_]+", "", postal_code.casefold())
    if not words or not code:
        return ""
    return f"{' '.join(words)}|{code}"
