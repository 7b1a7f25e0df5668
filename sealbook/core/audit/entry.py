"""An audit entry's canonical encoding, and the hash chain over entries.

The leaf hash of entry `seq` covers `canonical_bytes()`, version 1 of which is
a fixed 51-byte header followed by the variable-length fields, all integers
big-endian:

    offset  size  field
         0     1  format version, 1
         1     8  seq, unsigned; entry `seq` is leaf `seq` of the Merkle tree
         9     8  occurred_at, signed microseconds since 1970-01-01T00:00:00Z
        17     1  1 if actor_id is present, else 0
        18     8  actor_id, unsigned (0 when absent)
        26     4  event, unsigned
        30     1  1 if client_id is present, else 0
        31     4  byte length of client_id
        35     4  byte length of object_type
        39     4  byte length of object_id
        43     4  byte length of outcome
        47     4  byte length of detail
        51     *  client_id || object_type || object_id || outcome || detail

Strings are UTF-8; client_id is the lowercase hyphenated form of a UUID
(36 bytes); detail is opaque, already-encrypted bytes. Because every length is
in the header and the total length must match, no two records share an
encoding (`AuditRecord.from_canonical_bytes` inverts it and is tested to).

The hash chain links each entry to the one before it:

    chain(seq) = SHA-256("sealbook/audit-chain/v1" || chain(seq - 1) || leaf(seq))

with chain(-1) = 32 zero bytes. The Merkle tree gives short proofs and signed
checkpoints; the chain lets a verifier say which row broke.
"""

from __future__ import annotations

import re
import struct
from datetime import UTC, datetime, timedelta
from hashlib import sha256
from typing import NamedTuple

from sealbook.core.audit.merkle import HASH_SIZE
from sealbook.core.audit.merkle import leaf_hash as merkle_leaf_hash

FORMAT_VERSION = 1
GENESIS_CHAIN = bytes(HASH_SIZE)
CHAIN_DOMAIN = b"sealbook/audit-chain/v1"

_HEADER = struct.Struct(">BQqBQIBIIIII")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_ZERO = timedelta(0)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
_VALID_CLIENT_IDS_KEPT = 1 << 17  # a large practice's clients fit; ~10 MB at most
_valid_client_ids: set[str] = set()


class AuditRecord(NamedTuple):
    """One audit entry as the leaf hash sees it.

    No identifying text belongs here: who and what are ids, and anything
    descriptive goes into `detail`, encrypted before it reaches this class.

    A named tuple rather than a frozen dataclass: verification builds one per
    stored row, a million for a large log, and a tuple is built four times as
    fast (0.3 against 1.2 microseconds; bench/RESULTS.md). It is just as
    immutable; `_replace` makes a changed copy.
    """

    seq: int
    occurred_at: datetime
    actor_id: int | None
    event: int
    client_id: str | None
    object_type: str
    object_id: str
    outcome: str
    detail: bytes

    def canonical_bytes(self) -> bytes:
        """Return the versioned binary encoding; raise ValueError if a field is invalid.

        This is the only validation a record gets, so that building records
        stays cheap when a million of them are read back for verification.
        """
        occurred_at = self.occurred_at
        if occurred_at.tzinfo is not UTC and occurred_at.utcoffset() != _ZERO:
            raise ValueError("occurred_at must be an aware datetime in UTC")
        client_id = self.client_id
        if client_id is None:
            client = b""
        else:
            if client_id not in _valid_client_ids:
                _check_client_id(client_id)
            client = client_id.encode()
        actor_id = self.actor_id
        object_type = self.object_type.encode()
        object_id = self.object_id.encode()
        outcome = self.outcome.encode()
        detail = self.detail
        try:
            header = _HEADER.pack(
                FORMAT_VERSION,
                self.seq,
                (occurred_at - _EPOCH) // _MICROSECOND,
                actor_id is not None,
                0 if actor_id is None else actor_id,
                self.event,
                client_id is not None,
                len(client),
                len(object_type),
                len(object_id),
                len(outcome),
                len(detail),
            )
        except struct.error:
            raise ValueError("an integer field of an audit record is out of range") from None
        return b"".join((header, client, object_type, object_id, outcome, detail))

    def leaf_hash(self) -> bytes:
        """Return the RFC 6962 leaf hash of `canonical_bytes()`."""
        return merkle_leaf_hash(self.canonical_bytes())

    @classmethod
    def from_canonical_bytes(cls, data: bytes) -> AuditRecord:
        """Decode `canonical_bytes()` output; raise ValueError unless it is exactly that."""
        if len(data) < _HEADER.size:
            raise ValueError("an encoded audit record is at least 51 bytes")
        (
            version,
            seq,
            micros,
            has_actor,
            actor_id,
            event,
            has_client,
            *lengths,
        ) = _HEADER.unpack_from(data)
        if version != FORMAT_VERSION:
            raise ValueError(f"unknown audit record format version {version}")
        if len(data) != _HEADER.size + sum(lengths):
            raise ValueError("an encoded audit record has the wrong length")
        fields: list[bytes] = []
        offset = _HEADER.size
        for length in lengths:
            fields.append(data[offset : offset + length])
            offset += length
        client, object_type, object_id, outcome, detail = fields
        try:
            occurred_at = _EPOCH + timedelta(microseconds=micros)
        except OverflowError:
            raise ValueError("an encoded audit record has an impossible time") from None
        record = cls(
            seq=seq,
            occurred_at=occurred_at,
            actor_id=actor_id if has_actor else None,
            event=event,
            client_id=client.decode() if has_client else None,
            object_type=object_type.decode(),
            object_id=object_id.decode(),
            outcome=outcome.decode(),
            detail=bytes(detail),
        )
        # Re-encoding rejects everything the encoder would never produce, such
        # as a flag of 2 or an actor id behind an "absent" flag.
        if record.canonical_bytes() != data:
            raise ValueError("an encoded audit record is not in canonical form")
        return record


def _check_client_id(client_id: str) -> None:
    if type(client_id) is not str or not _UUID.match(client_id):
        raise ValueError("client_id must be a UUID in lowercase hyphenated form")
    # Verification encodes a million records about a few hundred clients, and
    # the regular expression would be a fifth of the encoding time.
    if len(_valid_client_ids) >= _VALID_CLIENT_IDS_KEPT:
        _valid_client_ids.clear()
    _valid_client_ids.add(client_id)


def chain_hash(previous_chain: bytes, leaf: bytes) -> bytes:
    """Return the chain hash of an entry from the previous entry's chain hash and its leaf hash.

    The first entry's previous chain hash is `GENESIS_CHAIN`.
    """
    if len(previous_chain) != HASH_SIZE or len(leaf) != HASH_SIZE:
        raise ValueError("chain and leaf hashes are 32 bytes")
    return sha256(CHAIN_DOMAIN + previous_chain + leaf).digest()
