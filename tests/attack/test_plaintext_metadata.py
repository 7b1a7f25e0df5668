"""Coded values that link a client to a sensitive event never reach the database in the clear.

A database holder who reads `duty-to-warn` beside a client's id and a date
learns as much as from the note itself. Each value is written through the
real action, then the stored column is read with raw SQL.
"""

from __future__ import annotations

import datetime

from django.db import connection

from sealbook.consent.actions import record_confidentiality_event
from sealbook.disclosure.accounting import accounting_entries
from sealbook.disclosure.gate import Produced, disclose
from sealbook.disclosure.models import LegalBasis
from sealbook.records.actions import schedule_session
from tests.disclosure.support import basis_request, today


def stored(table: str, column: str, pk: object) -> bytes:
    key = pk.hex if connection.vendor == "sqlite" else str(pk)  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [key])  # noqa: S608
        value = cursor.fetchone()[0]
    assert isinstance(value, bytes | memoryview), f"{table}.{column} is stored as text"
    return bytes(value)


def test_a_sessions_service_is_stored_encrypted(cast):
    session = schedule_session(
        cast.casey,
        cast.riley,
        clinician=cast.casey,
        date=datetime.date(2026, 3, 2),
        start_time=datetime.time(9, 0),
        duration_minutes=50,
        service="couples",
        modality="in-person",
    )
    assert b"couples" not in stored("records_session", "service", session.pk)
    session.refresh_from_db()
    assert session.service == "couples"


def test_a_confidentiality_events_kind_is_stored_encrypted(cast):
    event = record_confidentiality_event(
        cast.casey, cast.riley, kind="court", description="Synthetic.", occurred_on=today()
    )
    assert b"court" not in stored("consent_confidentialityevent", "kind", event.pk)


def test_a_disclosures_basis_is_stored_encrypted_and_still_decides_the_accounting(cast):
    cast.casey.sudo_active = True
    made = {}
    for basis in (LegalBasis.DUTY_TO_WARN, LegalBasis.TREATMENT):
        made[basis], _ = disclose(
            cast.casey,
            basis_request(cast.riley, basis),
            channel="export",
            produce=lambda r: Produced(b"bytes", "Synthetic description"),
        )
    raw = stored("disclosure_disclosure", "basis", made[LegalBasis.DUTY_TO_WARN].pk)
    assert b"duty" not in raw and b"warn" not in raw
    # A disclosure for treatment is left out of the accounting (164.528(a)(1)(i)).
    listed = {e.disclosure_id for e in accounting_entries(cast.riley, today())}
    assert listed == {str(made[LegalBasis.DUTY_TO_WARN].pk)}
