"""Reading stored audit entries for verification, fast, from either backend.

A raw cursor rather than the ORM: Django's per-row converters cost about as
much as all the hashing (bench/RESULTS.md), and verify must stay fast at a
million entries. The two backends differ only in how they return times,
UUIDs and binary columns, which the per-backend converters iron out.
"""

from __future__ import annotations

import datetime
from collections.abc import Generator
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from sealbook.audit.models import AuditEntry
from sealbook.core.audit.entry import AuditRecord
from sealbook.core.audit.verify import StoredEntry

_COLUMNS = (
    "seq", "occurred_at", "actor_id", "event", "client_id", "object_type", "object_id",
    "outcome", "detail", "leaf_hash", "chain_hash",
)  # fmt: skip
_BATCH = 5000


def stream(
    connection: BaseDatabaseWrapper, low: int | None = None, high: int | None = None
) -> Generator[StoredEntry, None, None]:
    """The entries with `low <= seq < high` (None: no bound), in seq order, from a cursor."""
    table = AuditEntry._meta.db_table
    columns = list(_COLUMNS)
    if connection.vendor == "sqlite":
        # An expression has no declared type, so Django's timestamp converter
        # (a regex parse per row) stays out of it; the converter parses in C.
        columns[1] = "occurred_at || ''"
    bounds, params = [], []
    if low is not None:
        bounds.append("seq >= %s")
        params.append(low)
    if high is not None:
        bounds.append("seq < %s")
        params.append(high)
    where = f" WHERE {' AND '.join(bounds)}" if bounds else ""
    convert = _sqlite_row if connection.vendor == "sqlite" else _postgresql_row
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM {table}{where} ORDER BY seq",  # noqa: S608
            params,
        )
        while rows := cursor.fetchmany(_BATCH):
            for row in rows:
                yield convert(row)


def stored_chain(connection: BaseDatabaseWrapper, seq: int) -> bytes | None:
    """The chain hash stored with entry `seq`, or None if there is no such entry."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT chain_hash FROM {AuditEntry._meta.db_table} WHERE seq = %s",  # noqa: S608
            [seq],
        )
        row = cursor.fetchone()
    return None if row is None else bytes(row[0])


def end(connection: BaseDatabaseWrapper) -> int:
    """One past the largest stored seq: where a read of the whole log stops."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(seq) FROM {AuditEntry._meta.db_table}")  # noqa: S608
        (largest,) = cursor.fetchone()
    return 0 if largest is None else int(largest) + 1


# One function per backend, everything inline and the record built from
# positional arguments: at a million rows each call or keyword costs a tenth
# of a second.

_parse_utc = datetime.datetime.fromisoformat


class _SqliteClientIds(dict[str, str]):
    """SQLite keeps a UUID as 32 hex digits; the record wants the hyphenated form."""

    def __missing__(self, hex_digits: str) -> str:
        if len(self) >= 1 << 17:  # a large practice's clients fit; a few MB at most
            self.clear()
        h = hex_digits
        self[h] = formatted = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
        return formatted


_sqlite_client_ids = _SqliteClientIds()


def _sqlite_row(row: tuple[Any, ...]) -> StoredEntry:
    # Times come back as naive UTC text; BLOBs already as bytes.
    seq, at, actor, event, client_id, otype, oid, outcome, detail, leaf, chain = row
    record = AuditRecord(
        seq,
        _parse_utc(at + "+00:00"),
        actor,
        event,
        None if client_id is None else _sqlite_client_ids[client_id],
        otype,
        oid,
        outcome,
        detail,
    )
    return StoredEntry(record, leaf, chain)


def _postgresql_row(row: tuple[Any, ...]) -> StoredEntry:
    seq, at, actor, event, client_id, otype, oid, outcome, detail, leaf, chain = row
    record = AuditRecord(
        seq,
        at.astimezone(datetime.UTC),
        actor,
        event,
        None if client_id is None else str(client_id),
        otype,
        oid,
        outcome,
        bytes(detail),
    )
    return StoredEntry(record, bytes(leaf), bytes(chain))
