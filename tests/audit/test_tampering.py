"""`audit verify` catches every kind of tampering with the stored log, and names where.

Each test plays an attacker with full database rights: it drops the
append-only triggers first, as such an attacker could.
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.audit.models import AuditEntry, AuditHead
from sealbook.audit.verification import export_checkpoint, verify
from sealbook.core.audit.verify import AuditVerificationError
from sealbook.records import actions

SOAP = {"subjective": "s", "objective": "o", "assessment": "a", "plan": "p"}


@pytest.fixture
def history(cast):
    """A log of a few dozen entries made by real actions."""
    for _ in range(8):
        note = actions.create_note(cast.casey, cast.riley, note_format="soap", sections=SOAP)
        actions.sign_note(cast.casey, note)
        actions.view_chart(cast.morgan, cast.riley)
    return AuditHead.objects.get(pk=1).size


def sql(statement: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def drop_triggers() -> None:
    for table in ("audit_auditentry", "audit_auditcheckpoint"):
        if connection.vendor == "sqlite":
            sql(f"DROP TRIGGER IF EXISTS {table}_no_update")
            sql(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        else:
            sql(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            sql(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")


COLUMNS = (
    "occurred_at, actor_id, event, client_id, object_type, object_id, outcome, detail, "
    "leaf_hash, chain_hash"
)


def copy_entry(source_seq: int, new_seq: int) -> None:
    """Insert a copy of one entry's content under another sequence number."""
    sql(
        f"INSERT INTO audit_auditentry (seq, {COLUMNS}) "  # noqa: S608 - constant column list
        f"SELECT %s, {COLUMNS} FROM audit_auditentry WHERE seq = %s",
        [new_seq, source_seq],
    )


def failure() -> AuditVerificationError:
    with pytest.raises(AuditVerificationError) as caught:
        verify()
    return caught.value


def test_an_untouched_log_verifies(history):
    report = verify()
    assert report.size == history == AuditEntry.objects.count()


def test_the_database_refuses_to_update_or_delete_audit_rows(history):
    for statement in (
        "UPDATE audit_auditentry SET outcome = 'x' WHERE seq = 3",
        "DELETE FROM audit_auditentry WHERE seq = 3",
    ):
        with (
            pytest.raises(IntegrityError if connection.vendor == "sqlite" else Exception),
            transaction.atomic(),
        ):
            sql(statement)
    verify()


def test_a_modified_entry_is_named(history):
    drop_triggers()
    sql("UPDATE audit_auditentry SET outcome = 'denied' WHERE seq = 10")
    error = failure()
    assert error.seq == 10
    assert "entry 10" in str(error) and "modified" in str(error)


def test_a_modified_entry_with_recomputed_hashes_is_still_caught(history):
    from sealbook.audit import rows
    from sealbook.core.audit import merkle
    from sealbook.core.audit.entry import chain_hash

    drop_triggers()
    sql("UPDATE audit_auditentry SET outcome = 'denied' WHERE seq = 10")
    stored = next(e for e in rows.stream(connection) if e.record.seq == 10)
    previous = bytes(AuditEntry.objects.get(seq=9).chain_hash)
    leaf = merkle.leaf_hash(stored.record.canonical_bytes())
    sql(
        "UPDATE audit_auditentry SET leaf_hash = %s, chain_hash = %s WHERE seq = 10",
        [leaf, chain_hash(previous, leaf)],
    )
    error = failure()
    assert error.seq == 11  # the next row no longer chains


def test_a_deleted_entry_is_named(history):
    drop_triggers()
    sql("DELETE FROM audit_auditentry WHERE seq = 10")
    error = failure()
    assert error.seq == 10
    assert "missing" in str(error)


def test_reordered_entries_are_caught(history):
    drop_triggers()
    sql("UPDATE audit_auditentry SET seq = -1 WHERE seq = 10")
    sql("UPDATE audit_auditentry SET seq = 10 WHERE seq = 11")
    sql("UPDATE audit_auditentry SET seq = 11 WHERE seq = -1")
    error = failure()
    assert error.seq == 10


def test_an_entry_inserted_in_the_middle_is_caught(history):
    drop_triggers()
    sql("UPDATE audit_auditentry SET seq = seq + 1000000 WHERE seq >= 10")
    sql("UPDATE audit_auditentry SET seq = seq - 1000000 + 1 WHERE seq >= 1000000")
    copy_entry(9, 10)
    error = failure()
    assert error.seq in (10, 11)


def test_an_entry_appended_past_the_signed_head_is_caught(history):
    drop_triggers()
    copy_entry(3, history)
    error = failure()
    assert error.seq == history


def test_truncation_is_caught_against_an_exported_checkpoint(history, tmp_path):
    older_head = AuditHead.objects.values(
        "size", "root_hash", "chain_hash", "frontier", "signed_note"
    ).get(pk=1)
    exported = tmp_path / "checkpoint.txt"
    checkpoint = export_checkpoint(exported)
    for _ in range(3):
        record(AuditEvent.CHART_VIEWED, actor=None)
    # The attacker deletes the newest entries and rolls the head back to an older signed state.
    drop_triggers()
    sql("DELETE FROM audit_auditentry WHERE seq >= %s", [older_head["size"]])
    sql("DELETE FROM audit_auditcheckpoint")
    AuditHead.objects.filter(pk=1).update(**older_head)
    verify()  # on its own, the rolled-back log looks consistent
    with pytest.raises(AuditVerificationError) as caught:
        verify(exported.read_text())
    assert "truncated" in str(caught.value)
    assert checkpoint.size > older_head["size"]


def test_a_forged_head_signature_is_caught(history):
    head = AuditHead.objects.get(pk=1)
    forged = head.signed_note.rsplit(" ", 1)[0] + " " + "A" * 92 + "\n"
    AuditHead.objects.filter(pk=1).update(signed_note=forged)
    with pytest.raises(AuditVerificationError):
        verify()
