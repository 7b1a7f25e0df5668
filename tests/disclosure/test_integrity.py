"""Disclosure rows are append-only, and `audit verify` catches a changed or deleted one.

Each test plays an attacker with full database rights, who first drops the
append-only triggers of both the audit log and the disclosure table.
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from sealbook.audit.verification import verify
from sealbook.core.audit.verify import AuditVerificationError, Reason
from sealbook.disclosure.gate import Produced, disclose
from sealbook.disclosure.models import Disclosure, LegalBasis
from tests.audit.test_tampering import drop_triggers, sql
from tests.disclosure.support import basis_request


@pytest.fixture
def disclosures(cast):
    cast.casey.sudo_active = True
    made = []
    for basis in (LegalBasis.COURT_ORDER, LegalBasis.TREATMENT, LegalBasis.DUTY_TO_WARN):
        disclosure, _ = disclose(
            cast.casey,
            basis_request(cast.riley, basis),
            channel="export",
            produce=lambda r: Produced(b"bytes", "Synthetic description"),
        )
        made.append(disclosure)
    return made


def drop_disclosure_triggers() -> None:
    table = "disclosure_disclosure"
    if connection.vendor == "sqlite":
        sql(f"DROP TRIGGER IF EXISTS {table}_no_update")
        sql(f"DROP TRIGGER IF EXISTS {table}_no_delete")
    else:
        sql(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        sql(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")


def failure() -> AuditVerificationError:
    with pytest.raises(AuditVerificationError) as caught:
        verify()
    return caught.value


def test_untouched_disclosures_verify(disclosures):
    assert verify().size > 0


def test_the_database_refuses_to_change_or_delete_a_disclosure(disclosures):
    target = str(disclosures[0].pk)
    for statement in (
        "UPDATE disclosure_disclosure SET channel = 'x' WHERE id = %s",
        "DELETE FROM disclosure_disclosure WHERE id = %s",
    ):
        with (
            pytest.raises(IntegrityError if connection.vendor == "sqlite" else Exception),
            transaction.atomic(),
        ):
            sql(statement, [target.replace("-", "") if connection.vendor == "sqlite" else target])


def _id(disclosure: Disclosure) -> str:
    # Django stores UUIDs as 32 hex digits on SQLite and as uuid on PostgreSQL.
    return disclosure.pk.hex if connection.vendor == "sqlite" else str(disclosure.pk)


def test_changing_a_plaintext_column_of_a_disclosure_is_caught(disclosures):
    drop_triggers()
    drop_disclosure_triggers()
    sql("UPDATE disclosure_disclosure SET channel = 'letter' WHERE id = %s", [_id(disclosures[0])])
    error = failure()
    assert error.reason is Reason.MODIFIED and str(disclosures[0].pk) in str(error)


def test_writing_a_plaintext_basis_over_the_encrypted_one_is_caught(disclosures):
    drop_triggers()
    drop_disclosure_triggers()
    sql("UPDATE disclosure_disclosure SET basis = 'treatment' WHERE id = %s", [_id(disclosures[0])])
    error = failure()
    assert error.reason is Reason.MODIFIED and str(disclosures[0].pk) in str(error)


def test_changing_a_disclosure_date_is_caught(disclosures):
    drop_triggers()
    drop_disclosure_triggers()
    moved = disclosures[2].disclosed_at.replace(year=2019)
    Disclosure.objects.filter(pk=disclosures[2].pk).update(disclosed_at=moved)
    assert failure().reason is Reason.MODIFIED


def test_swapping_in_another_rows_ciphertext_is_caught(disclosures):
    drop_triggers()
    drop_disclosure_triggers()
    other = Disclosure.objects.filter(pk=disclosures[1].pk).values_list("recipient_name").get()[0]
    Disclosure.objects.filter(pk=disclosures[0].pk).update(recipient_name=bytes(other))
    assert failure().reason is Reason.MODIFIED


def test_deleting_a_disclosure_is_caught(disclosures):
    drop_triggers()
    drop_disclosure_triggers()
    sql("DELETE FROM disclosure_disclosure WHERE id = %s", [_id(disclosures[1])])
    error = failure()
    assert error.reason is Reason.MISSING and error.seq is not None
