"""Blind indexes: known answers, truncation, and the normalisers that feed them."""

from __future__ import annotations

import hashlib

import pytest

from sealbook.core.crypto.blind_index import (
    ADDRESS,
    DATE_OF_BIRTH,
    EMAIL,
    KINDS,
    MAX_BITS,
    MIN_BITS,
    NAME,
    PHONE,
    BlindIndexer,
    name_tokens,
    normalise_address,
    normalise_email,
    normalise_phone,
    plan_bits,
)

INDEX_KEY = bytes(range(32))

# Known answers for INDEX_KEY, fixed when the construction was defined: a
# change here silently breaks every search over data indexed before it.
KNOWN_16_BITS = [
    (NAME, "ana", 7312),
    (NAME, "oneil", 45514),
    (DATE_OF_BIRTH, "1984-02-29", 5552),
    (PHONE, "5550102345", 7574),
    (EMAIL, "alex.river@example.org", 38250),
]
# A kind added later leaves the others' values as they were (each kind has its own sub-key).
KNOWN_24_BITS_OF_ANA = {NAME: 1872033, DATE_OF_BIRTH: 15613363, PHONE: 9747075, EMAIL: 11639289,
                        ADDRESS: 16149334}  # fmt: skip


@pytest.fixture
def indexer() -> BlindIndexer:
    return BlindIndexer(INDEX_KEY, bits=16)


# Known answers.


@pytest.mark.parametrize(("kind", "value", "expected"), KNOWN_16_BITS)
def test_an_index_value_is_stable_for_a_fixed_key(
    indexer: BlindIndexer, kind: str, value: str, expected: int
) -> None:
    assert indexer.index(kind, value) == expected


@pytest.mark.parametrize(("kind", "value", "expected"), KNOWN_16_BITS)
def test_an_index_is_keyed_blake2b_under_a_per_kind_subkey(
    kind: str, value: str, expected: int
) -> None:
    subkey = hashlib.blake2b(
        kind.encode(), key=INDEX_KEY, digest_size=32, person=b"sealbook-bidx-k1"
    ).digest()
    digest = hashlib.blake2b(value.encode(), key=subkey, digest_size=8).digest()
    assert int.from_bytes(digest, "big") >> (64 - 16) == expected


def test_the_same_text_indexes_differently_by_kind() -> None:
    indexer = BlindIndexer(INDEX_KEY, bits=24)
    assert {kind: indexer.index(kind, "ana") for kind in KINDS} == KNOWN_24_BITS_OF_ANA
    assert len(set(KNOWN_24_BITS_OF_ANA.values())) == len(KINDS)


def test_an_address_is_street_and_postal_code_however_typed() -> None:
    typed = normalise_address("12 Imaginary Street, Apartment 3", "97 000")
    assert typed == normalise_address("12 imaginary st. apt 3", "97000")
    assert typed == "12 imaginary st apt 3|97000"
    assert normalise_address("12 Imaginary Street", "") == normalise_address("", "97000") == ""


def test_fewer_bits_keep_the_leading_bits_of_more() -> None:
    wide = BlindIndexer(INDEX_KEY, bits=24).index(NAME, "ana")
    assert BlindIndexer(INDEX_KEY, bits=16).index(NAME, "ana") == wide >> 8


def test_another_key_gives_other_index_values() -> None:
    other = BlindIndexer(bytes(32), bits=24)
    values = {other.index(kind, "ana") for kind in KINDS}
    assert values.isdisjoint(KNOWN_24_BITS_OF_ANA.values())


@pytest.mark.parametrize("bits", range(MIN_BITS, MAX_BITS + 1))
def test_index_values_fit_in_the_planned_bits(bits: int) -> None:
    indexer = BlindIndexer(INDEX_KEY, bits=bits)
    values = [indexer.index(kind, f"value-{i}") for kind in KINDS for i in range(200)]
    assert all(0 <= v < 2**bits for v in values)
    # The top bit is used too: truncation keeps the whole range.
    assert max(values) >= 2 ** (bits - 1)
    assert indexer.bits == bits


@pytest.mark.parametrize(
    ("key", "bits"),
    [
        (bytes(31), 16),
        (bytes(33), 16),
        (b"", 16),
        (INDEX_KEY, MIN_BITS - 1),
        (INDEX_KEY, MAX_BITS + 1),
    ],
)
def test_an_indexer_refuses_a_bad_key_or_width(key: bytes, bits: int) -> None:
    with pytest.raises(ValueError):
        BlindIndexer(key, bits)


# Planning the width.


@pytest.mark.parametrize(
    ("records", "values_per_record", "min_matches", "bits"),
    [
        (0, 1, 4, MIN_BITS),
        (1, 1, 4, MIN_BITS),
        (1_024, 1, 4, MIN_BITS),
        (2_047, 1, 4, MIN_BITS),
        (2_048, 1, 4, 9),
        (10_000, 1, 4, 11),
        (10_000, 3, 4, 12),
        (10_000, 1, 1, 13),
        (10_000, 1, 16, 9),
        (1_000_000, 1, 4, 17),
        (2**26, 1, 4, MAX_BITS),
        (10**9, 1, 4, MAX_BITS),
    ],
)
def test_plan_bits_keeps_about_min_matches_records_per_value(
    records: int, values_per_record: int, min_matches: int, bits: int
) -> None:
    assert plan_bits(records, values_per_record, min_matches) == bits


@pytest.mark.parametrize("records", [2_048, 10_000, 123_456, 1_000_000])
def test_the_planned_width_leaves_at_least_min_matches_per_value(records: int) -> None:
    bits = plan_bits(records)
    assert records / 2**bits >= 4
    assert records / 2 ** (bits + 1) < 4


# Normalisers.


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Ana-María O'Neil", ["ana", "maria", "oneil"]),
        ("O\u2019Brien", ["obrien"]),
        ("O\u02bcBrien", ["obrien"]),
        ("JOSÉ  garcía", ["jose", "garcia"]),
        ("Zoë Ünal", ["zoe", "unal"]),
        ("Nguyễn Văn An", ["nguyen", "van", "an"]),
        ("Søren Kierkegaard", ["soren", "kierkegaard"]),
        ("Łukasz Żak", ["lukasz", "zak"]),
        ("Straße", ["strasse"]),
        ("Æsa Þórsdóttir", ["aesa", "thorsdottir"]),
        ("Иван Петров", ["иван", "петров"]),
        ("王小明", ["王小明"]),
        ("Mary_Jane Smith-Jones", ["mary", "jane", "smith", "jones"]),
        ("Dr. J. R. Tolkien, Jr.", ["dr", "j", "r", "tolkien", "jr"]),
        ("Client 2", ["client", "2"]),
        ("", []),
        ("  -- ' ", []),
    ],
)
def test_name_tokens_are_lower_case_and_accent_free(name: str, tokens: list[str]) -> None:
    assert name_tokens(name) == tokens


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("O'Neil", "O\u2019Neil"),
        ("Jose", "José"),
        ("Soren", "Søren"),
        ("MARIA", "maría"),
        ("Anne-Marie", "Anne Marie"),
    ],
)
def test_spellings_of_one_name_give_the_same_tokens(one: str, other: str) -> None:
    assert name_tokens(one) == name_tokens(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Ana", "Anna"), ("Lee", "Li"), ("O'Neil", "O Neil")],
)
def test_different_names_give_different_tokens(one: str, other: str) -> None:
    assert name_tokens(one) != name_tokens(other)


@pytest.mark.parametrize(
    ("phone", "normalised"),
    [
        ("+1 (555) 010-2345", "5550102345"),
        ("555.010.2345", "5550102345"),
        ("555 010 2345", "5550102345"),
        ("1-555-010-2345", "5550102345"),
        ("+44 20 7946 0958", "2079460958"),
        ("010-2345", "0102345"),
        ("ext. only", ""),
        ("", ""),
    ],
)
def test_phones_normalise_to_their_last_ten_digits(phone: str, normalised: str) -> None:
    assert normalise_phone(phone) == normalised


@pytest.mark.parametrize(
    ("email", "normalised"),
    [
        ("Alex.River@Example.ORG", "alex.river@example.org"),
        ("  alex.river@example.org\n", "alex.river@example.org"),
        ("ALEX+intake@EXAMPLE.org", "alex+intake@example.org"),
        ("", ""),
    ],
)
def test_emails_normalise_to_trimmed_lower_case(email: str, normalised: str) -> None:
    assert normalise_email(email) == normalised
