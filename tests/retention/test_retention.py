"""Retention rules, legal holds, and destruction by crypto-shredding (in process)."""

from __future__ import annotations

import datetime
import io
import json

import pytest

from sealbook.access.models import PracticePolicy
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.audit.verification import verify
from sealbook.backup.models import BackupRecord
from sealbook.core.crypto import sealing
from sealbook.documents import actions as documents
from sealbook.documents.models import Document
from sealbook.documents.storage import storage
from sealbook.practice.rotation import rotate_kek
from sealbook.practice.selfcheck import FAIL, PASS, check_backup
from sealbook.practice.setup import KekChoice
from sealbook.records import actions
from sealbook.records.models import Client, ProgressNote
from sealbook.retention.actions import (
    RetentionError,
    destroy_clients,
    place_hold,
    release_holds,
    schedule,
)
from sealbook.retention.rules import RULES, destruction_date
from sealbook.vault import paths, runtime
from sealbook.vault.models import WrappedKey
from tests.conftest import client_details

D = datetime.date
FAR_FUTURE = D(2100, 1, 1)


@pytest.mark.parametrize(
    "rule,last_service,birth,expected",
    [
        ("APA", D(2015, 5, 1), D(1980, 1, 1), D(2022, 5, 1)),  # adult: 7 years
        ("APA", D(2015, 5, 1), D(2005, 1, 1), D(2026, 1, 1)),  # minor: majority 2023 + 3
        ("APA", D(2015, 5, 1), D(1999, 1, 1), D(2022, 5, 1)),  # minor, 7 years is later
        ("APA", D(2015, 5, 1), None, D(2022, 5, 1)),
        ("US-PA", D(2015, 5, 1), D(2005, 1, 1), D(2020, 5, 1)),  # 5 years, no minor rule
        ("US-CA", D(2015, 5, 1), D(2005, 1, 1), D(2030, 1, 1)),  # 7 years after 18
        ("US-NY", D(2015, 5, 1), D(2005, 1, 1), D(2027, 1, 1)),  # one year after 21
        ("US-TX", D(2015, 5, 1), D(2005, 1, 1), D(2028, 1, 1)),  # 5 years after majority
        ("DE", D(2015, 5, 1), D(2005, 1, 1), D(2025, 5, 1)),  # 10 years
        ("APA", D(2016, 2, 29), D(1980, 1, 1), D(2023, 2, 28)),  # leap day
    ],
)
def test_each_rule_gives_the_cited_destruction_date(rule, last_service, birth, expected):
    assert destruction_date(RULES[rule], last_service, birth) == expected


def test_every_rule_cites_its_source():
    for rule in RULES.values():
        assert rule.source and any(ch.isdigit() for ch in rule.source)


def test_the_schedule_runs_from_the_last_session(cast):
    actions.schedule_session(
        cast.casey, cast.riley, clinician=cast.casey, date=D(2012, 3, 4),
        start_time=datetime.time(9), duration_minutes=50, service="individual",
        modality="in-person",
    )  # fmt: skip
    plan = schedule(cast.riley)
    assert plan.last_service == D(2012, 3, 4)
    assert plan.destroy_from == D(2019, 3, 4)
    # The practice policy keeps records longer than the rule's minimum.
    PracticePolicy.objects.update_or_create(pk=1, defaults={"retention_extra_years": 3})
    assert schedule(cast.riley).destroy_from == D(2022, 3, 4)


def rotation():
    return lambda: rotate_kek(KekChoice(key_file=sealing.new_key_file()))


def test_a_legal_hold_blocks_destruction_until_released(cast):
    place_hold(cast.owner, cast.riley, "litigation hold")
    with pytest.raises(RetentionError, match="legal hold"):
        destroy_clients(cast.owner, [cast.riley], rotate=rotation(), today=FAR_FUTURE)
    assert Client.objects.filter(pk=cast.riley.pk).exists()
    assert runtime.keyring().kek_version == 1
    release_holds(cast.owner, cast.riley)
    destroy_clients(cast.owner, [cast.riley], rotate=rotation(), today=FAR_FUTURE)
    assert not Client.objects.filter(pk=cast.riley.pk).exists()


def test_records_still_in_their_retention_period_are_not_destroyed(cast):
    with pytest.raises(RetentionError, match="must be kept until"):
        destroy_clients(cast.owner, [cast.riley], rotate=rotation())
    assert WrappedKey.objects.filter(client_id=cast.riley.pk).exists()


def test_destruction_shreds_the_key_rows_and_files_and_certifies_it(cast, home):
    other = actions.create_client(cast.casey, client_details(legal_first_name="Sky"))
    note = actions.create_note(
        cast.casey, cast.riley, note_format="soap", sections={"subjective": "private"}
    )
    actions.sign_note(cast.casey, note)
    actions.amend_note(cast.casey, note, text="more", reason="typo")
    upload = documents.encrypt_upload(io.BytesIO(b"x" * 100_000), filename="r.pdf", content_type="")
    document = documents.add_document(cast.casey, cast.riley, upload, title="Scan", kind="document")
    riley_id = cast.riley.pk
    [certificate] = destroy_clients(cast.owner, [cast.riley], rotate=rotation(), today=FAR_FUTURE)
    assert not WrappedKey.objects.filter(client_id=riley_id).exists()
    assert not Client.objects.filter(pk=riley_id).exists()
    assert not ProgressNote.objects.filter(client_id=riley_id).exists()
    assert not storage().path(document.storage_name).exists()
    assert not Document.objects.filter(pk=document.pk).exists()
    # The practice key moved on, and the old sealed key is gone.
    assert runtime.keyring().kek_version == 2
    assert not paths.sealed_kek_path(1).exists()
    entry = AuditEntry.objects.get(event=AuditEvent.CLIENT_DESTROYED)
    assert entry.client_id == riley_id and entry.actor_id == cast.owner.pk
    detail = read_detail(entry)
    assert detail == json.loads(json.dumps(certificate))
    assert detail["rule"] == "APA" and "Guideline 7" in detail["rule_source"]
    assert detail["rows"]["records.ProgressNote"] == 1 and detail["files"] == 1
    text = json.dumps(detail)
    assert "Riley" not in text and "Synthwood" not in text and "1987" not in text
    # Everyone else is untouched, and the log still verifies.
    assert Client.objects.get(pk=other.pk).legal_first_name == "Sky"
    assert verify().size == AuditEntry.objects.count()


def test_check_fails_without_a_verified_backup_once_there_are_clients(cast):
    assert check_backup().status == FAIL
    now = datetime.datetime.now(datetime.UTC)
    BackupRecord.objects.create(created_at=now, verified_at=now, files=1, bytes=1)
    finding = check_backup()
    assert finding.status == PASS and "hours old" in finding.message
    old = now - datetime.timedelta(days=3)
    BackupRecord.objects.all().update(verified_at=old)
    assert check_backup().status == FAIL


def test_an_empty_practice_passes_the_backup_check(practice):
    assert check_backup().status == PASS
