"""Sealing disclosure rows into the audit log, and checking the seals.

The DISCLOSURE_RECORDED entry of each disclosure names it by the SHA-256 of
the row as stored (ciphertexts included), in the entry's plaintext
`object_id`; the entry itself is hashed into the log's Merkle tree and signed.
`verify_disclosures` (run by `sealbook audit verify`, which needs no secret)
recomputes every row's hash and matches rows and entries one to one, so a row
changed, deleted or slipped in by someone with database rights is caught.

An upgrade that changes how rows are stored (release 2026-12 encrypted the
basis) appends DISCLOSURE_RESEALED entries in pairs, the earlier seal then
the new one, in one transaction; the check follows each row through them.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.core.audit.verify import AuditVerificationError, Reason

SEAL_DOMAIN = b"sealbook disclosure row v1\n"


def _encode(value: Any) -> bytes:
    if value is None:
        return b"n"
    if isinstance(value, bool):
        return b"?1" if value else b"?0"
    if isinstance(value, bytes | bytearray | memoryview):
        return b"b" + bytes(value)
    if isinstance(value, datetime.datetime):
        return b"t" + value.astimezone(datetime.UTC).isoformat().encode()
    if isinstance(value, datetime.date):
        return b"d" + value.isoformat().encode()
    if isinstance(value, int):
        return b"i" + str(value).encode()
    if isinstance(value, uuid.UUID):
        return b"u" + str(value).encode()
    if isinstance(value, str):
        return b"s" + value.encode()
    if isinstance(value, list | dict):
        return b"j" + json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
    raise TypeError(f"cannot seal a {type(value).__name__}")


def row_seal(row: dict[str, Any]) -> str:
    """SHA-256 over every stored column, by name, length-prefixed."""
    digest = hashlib.sha256(SEAL_DOMAIN)
    for name in sorted(row):
        for part in (name.encode(), _encode(row[name])):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return digest.hexdigest()


def _columns() -> list[str]:
    from sealbook.disclosure.models import Disclosure

    return [f.attname for f in Disclosure._meta.concrete_fields]


def stored_rows(**filters: Any) -> Iterable[dict[str, Any]]:
    from sealbook.disclosure.models import Disclosure

    # The columns are chosen at run time, so django-stubs cannot type the rows itself.
    rows: Iterator[dict[str, Any]] = (
        Disclosure.objects.filter(**filters).order_by("pk").values(*_columns()).iterator()
    )
    return rows


def seal_of(disclosure_id: uuid.UUID) -> str:
    """The seal of one disclosure as it is stored now (call after saving it)."""
    return row_seal(next(iter(stored_rows(pk=disclosure_id))))


def current_seals() -> dict[str, int]:
    """Each disclosure's seal as the log has it now, with the seq of the entry that recorded it."""
    sealed: dict[str, int] = dict(
        AuditEntry.objects.filter(event=AuditEvent.DISCLOSURE_RECORDED).values_list(
            "object_id", "seq"
        )
    )
    resealed = list(
        AuditEntry.objects.filter(event=AuditEvent.DISCLOSURE_RESEALED)
        .order_by("seq")
        .values_list("object_id", "seq")
    )
    for (earlier, seq), (later, later_seq) in zip(resealed[::2], resealed[1::2], strict=False):
        if later_seq != seq + 1 or earlier not in sealed:
            raise AuditVerificationError(
                Reason.MODIFIED,
                f"audit entry {seq} reseals a disclosure the log never recorded",
                seq,
            )
        sealed[later] = sealed.pop(earlier)
    if len(resealed) % 2:
        seq = resealed[-1][1]
        raise AuditVerificationError(
            Reason.MODIFIED, f"audit entry {seq} reseals a disclosure without its new seal", seq
        )
    return sealed


def verify_disclosures() -> None:
    """Raise AuditVerificationError unless rows and the log's disclosure seals match exactly."""
    sealed = current_seals()
    seen: set[str] = set()
    for row in stored_rows():
        seal = row_seal(row)
        if seal not in sealed:
            raise AuditVerificationError(
                Reason.MODIFIED,
                f"disclosure {row['id']} does not match any audit entry: it was changed, or "
                "added outside Sealbook",
            )
        seen.add(seal)
    for seal, seq in sorted(sealed.items(), key=lambda item: item[1]):
        if seal not in seen:
            raise AuditVerificationError(
                Reason.MISSING,
                f"the disclosure recorded by audit entry {seq} is missing (deleted or changed)",
                seq,
            )
