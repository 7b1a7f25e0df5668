"""The canonical encoding of audit entries and the hash chain."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sealbook.core.audit.entry import GENESIS_CHAIN, AuditRecord, chain_hash
from sealbook.core.audit.merkle import leaf_hash

RECORD = AuditRecord(
    seq=57,
    occurred_at=datetime(2026, 3, 14, 15, 9, 26, 535897, tzinfo=UTC),
    actor_id=12,
    event=301,
    client_id="6f1c2a9e-3b7d-4c1e-9a2f-0d8e7b6c5a41",
    object_type="progress_note",
    object_id="9001",
    outcome="allowed",
    detail=bytes.fromhex("01a2b3c4"),
)

# Pinned so that any change to the format is deliberate: every stored leaf hash depends on it.
RECORD_ENCODING = bytes.fromhex(
    "01"  # format version
    "0000000000000039"  # seq 57
    "00064cfd5f1e82d9"  # 2026-03-14T15:09:26.535897Z in microseconds since the epoch
    "01"  # actor present
    "000000000000000c"  # actor 12
    "0000012d"  # event 301
    "01"  # client present
    "00000024"  # 36 bytes of client id
    "0000000d"  # 13 bytes of object type
    "00000004"  # 4 bytes of object id
    "00000007"  # 7 bytes of outcome
    "00000004"  # 4 bytes of detail
)
RECORD_ENCODING += b"6f1c2a9e-3b7d-4c1e-9a2f-0d8e7b6c5a41progress_note9001allowed"
RECORD_ENCODING += bytes.fromhex("01a2b3c4")

records = st.builds(
    AuditRecord,
    seq=st.integers(0, 2**64 - 1),
    occurred_at=st.datetimes(timezones=st.just(UTC)),
    actor_id=st.none() | st.integers(0, 2**64 - 1),
    event=st.integers(0, 2**32 - 1),
    client_id=st.none() | st.uuids().map(str),
    object_type=st.text(),
    object_id=st.text(),
    outcome=st.text(),
    detail=st.binary(),
)


def test_the_encoding_of_a_known_record_is_pinned() -> None:
    assert RECORD.canonical_bytes() == RECORD_ENCODING
    assert RECORD.leaf_hash() == leaf_hash(RECORD_ENCODING)


def test_the_epoch_offset_in_the_encoding_is_in_microseconds() -> None:
    moment = datetime(2026, 3, 14, 15, 9, 26, 535897, tzinfo=UTC)
    micros = int(moment.timestamp()) * 1_000_000 + moment.microsecond
    assert RECORD_ENCODING[9:17] == micros.to_bytes(8, "big")


def test_absent_actor_and_client_are_encoded_as_flags_not_values() -> None:
    anonymous = RECORD._replace(actor_id=None, client_id=None)
    encoded = anonymous.canonical_bytes()
    assert encoded[17:26] == bytes(9)
    assert encoded[30:35] == bytes(5)
    assert encoded != RECORD._replace(actor_id=0, client_id=None).canonical_bytes()


@settings(max_examples=300, deadline=None)
@given(records)
def test_decoding_an_encoding_gives_back_the_same_record(record: AuditRecord) -> None:
    assert AuditRecord.from_canonical_bytes(record.canonical_bytes()) == record


@pytest.mark.parametrize(
    "changes",
    [
        {"object_type": "progress_not", "object_id": "e9001"},
        {"object_id": "900", "outcome": "1allowed"},
        {"outcome": "allowed\x01\xa2", "detail": bytes.fromhex("b3c4")},
        {"seq": 58},
        {"occurred_at": datetime(2026, 3, 14, 15, 9, 26, 535898, tzinfo=UTC)},
        {"actor_id": None},
        {"actor_id": 13},
        {"event": 302},
        {"client_id": None},
        {"detail": b""},
    ],
    ids=lambda changes: ",".join(changes),
)
def test_any_change_to_a_record_changes_its_leaf_hash(changes: dict[str, object]) -> None:
    changed = RECORD._replace(**changes)  # type: ignore[arg-type]
    assert changed.leaf_hash() != RECORD.leaf_hash()


@pytest.mark.parametrize(
    "changes",
    [
        {"occurred_at": datetime(2026, 3, 14, 15, 9, 26)},  # noqa: DTZ001
        {"occurred_at": datetime(2026, 3, 14, 15, 9, 26, tzinfo=timezone(timedelta(hours=2)))},
        {"client_id": "6F1C2A9E-3B7D-4C1E-9A2F-0D8E7B6C5A41"},
        {"client_id": "6f1c2a9e3b7d4c1e9a2f0d8e7b6c5a41"},
        {"client_id": "Jane Example"},
        {"seq": -1},
        {"seq": 2**64},
        {"actor_id": -5},
        {"event": 2**32},
        {"object_id": "\ud800"},
    ],
    ids=[
        "naive time",
        "time not in UTC",
        "uppercase uuid",
        "uuid without hyphens",
        "name instead of uuid",
        "negative seq",
        "seq too large",
        "negative actor",
        "event too large",
        "lone surrogate",
    ],
)
def test_a_record_that_cannot_be_encoded_is_refused(changes: dict[str, object]) -> None:
    bad = RECORD._replace(**changes)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        bad.canonical_bytes()


@pytest.mark.parametrize(
    "encoded",
    [
        RECORD_ENCODING[:50],
        b"\x02" + RECORD_ENCODING[1:],
        RECORD_ENCODING + b"\x00",
        RECORD_ENCODING[:-1],
        RECORD_ENCODING[:17] + b"\x02" + RECORD_ENCODING[18:],
        RECORD_ENCODING[:17] + b"\x00" + RECORD_ENCODING[18:],
        RECORD_ENCODING[:30] + b"\x00" + RECORD_ENCODING[31:],
    ],
    ids=[
        "shorter than the header",
        "unknown version",
        "trailing byte",
        "missing byte",
        "actor flag of 2",
        "absent actor with a value",
        "absent client with a value",
    ],
)
def test_bytes_that_are_not_a_canonical_encoding_are_refused(encoded: bytes) -> None:
    with pytest.raises(ValueError):
        AuditRecord.from_canonical_bytes(encoded)


def test_the_chain_hash_is_domain_separated_sha256_of_previous_and_leaf() -> None:
    leaf = RECORD.leaf_hash()
    first = chain_hash(GENESIS_CHAIN, leaf)
    assert bytes(32) == GENESIS_CHAIN
    assert first == hashlib.sha256(b"sealbook/audit-chain/v1" + bytes(32) + leaf).digest()
    assert chain_hash(first, leaf) != first


def test_the_chain_hash_refuses_hashes_of_the_wrong_size() -> None:
    with pytest.raises(ValueError):
        chain_hash(b"short", RECORD.leaf_hash())
    with pytest.raises(ValueError):
        chain_hash(GENESIS_CHAIN, b"short")
