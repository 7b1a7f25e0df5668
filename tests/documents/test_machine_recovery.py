"""`recover_machine`: the incoming files a machine left on the shared volume, with real files."""

from __future__ import annotations

import io
import os
import time

import pytest

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.documents import actions
from sealbook.documents.models import Document, DocumentKind
from sealbook.documents.recovery import STALE_SECONDS, RecoveryRefused, recover_machine
from sealbook.documents.storage import SharedVolumeStorage
from tests.documents.test_shared_volume import dead_pid

DAY_AND_AN_HOUR = STALE_SECONDS + 3600


@pytest.fixture
def shared(tmp_path, monkeypatch):
    monkeypatch.setenv("SEALBOOK_ATTACHMENTS_DIR", str(tmp_path / "shared"))
    monkeypatch.setenv("SEALBOOK_MACHINE_NAME", "app1")
    return tmp_path / "shared"


def as_machine(monkeypatch, machine: str) -> None:
    monkeypatch.setenv("SEALBOOK_MACHINE_NAME", machine)


def leave_incoming(cast, monkeypatch, shared, *, saved: bool, pid: int | None = None) -> str:
    """An upload whose process stopped after writing its file: after saving its row (the
    move into place never ran) or before (no row). Returns the stored file's name."""
    upload = actions.encrypt_upload(
        io.BytesIO(os.urandom(70_000)), filename="scan.pdf", content_type="application/pdf"
    )
    if saved:
        with monkeypatch.context() as patch:
            patch.setattr(SharedVolumeStorage, "commit", lambda self, name, pid=None: None)
            actions.add_document(
                cast.casey, cast.riley, upload, title="Intake form", kind=DocumentKind.DOCUMENT
            )
    name = upload.document_id.hex
    if pid is not None:
        [path] = [p for p in incoming_files_of(shared) if name in p.name]
        path.rename(path.with_name(path.name.replace(f".{os.getpid()}.", f".{pid}.")))
    return name


def incoming_files_of(shared):
    folder = shared / "incoming"
    return sorted(folder.iterdir()) if folder.exists() else []


def age(path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def recovered_entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(event=AuditEvent.ATTACHMENTS_RECOVERED))


def test_a_machine_that_is_down_has_its_saved_files_moved_in_and_the_rest_deleted(
    cast, shared, monkeypatch
):
    as_machine(monkeypatch, "app2")
    saved = leave_incoming(cast, monkeypatch, shared, saved=True)
    unsaved = leave_incoming(cast, monkeypatch, shared, saved=False)
    as_machine(monkeypatch, "app1")
    other = leave_incoming(
        cast, monkeypatch, shared, saved=False
    )  # this machine's upload in flight
    document = Document.objects.get(pk=saved)
    with pytest.raises(actions.DocumentError):  # app1 cannot finish app2's move by itself
        actions.read_document(document)

    result = recover_machine("app2", machine_is_down=True)

    assert (result.moved, result.removed, result.in_flight) == ([saved], [unsaved], [])
    assert len(actions.read_document(document)) == 70_000
    assert [p.name.split(".")[2] for p in incoming_files_of(shared)] == [other]
    [entry] = recovered_entries()
    assert read_detail(entry) == {"moved": 1, "removed": 1, "in_flight": 0}


def test_another_machine_with_a_recent_file_is_refused_unless_said_to_be_down(
    cast, shared, monkeypatch
):
    as_machine(monkeypatch, "app2")
    old = leave_incoming(cast, monkeypatch, shared, saved=False)
    leave_incoming(cast, monkeypatch, shared, saved=False)
    [first, _] = incoming_files_of(shared)
    age(next(p for p in incoming_files_of(shared) if old in p.name), DAY_AND_AN_HOUR)
    as_machine(monkeypatch, "app1")
    before = incoming_files_of(shared)
    with pytest.raises(RecoveryRefused, match=r"may still be running.*--machine-is-down"):
        recover_machine("app2")
    assert incoming_files_of(shared) == before and recovered_entries() == []
    assert first.exists()


def test_files_untouched_for_a_day_are_taken_without_being_told(cast, shared, monkeypatch):
    as_machine(monkeypatch, "app2")
    saved = leave_incoming(cast, monkeypatch, shared, saved=True)
    unsaved = leave_incoming(cast, monkeypatch, shared, saved=False)
    for path in incoming_files_of(shared):
        age(path, DAY_AND_AN_HOUR)
    as_machine(monkeypatch, "app1")
    result = recover_machine("app2")
    assert (result.moved, result.removed) == ([saved], [unsaved])
    assert incoming_files_of(shared) == []


def test_on_this_machine_only_dead_processes_files_are_taken(cast, shared, monkeypatch):
    dead = leave_incoming(cast, monkeypatch, shared, saved=True, pid=dead_pid())
    live = leave_incoming(cast, monkeypatch, shared, saved=False)  # this process: alive
    result = recover_machine("app1")
    assert (result.moved, result.removed, result.in_flight) == ([dead], [], [live])
    assert [p.name.split(".")[2] for p in incoming_files_of(shared)] == [live]
    with pytest.raises(RecoveryRefused, match="this machine"):
        recover_machine("app1", machine_is_down=True)


def test_a_dry_run_lists_what_it_would_do_and_changes_nothing(cast, shared, monkeypatch):
    as_machine(monkeypatch, "app2")
    saved = leave_incoming(cast, monkeypatch, shared, saved=True)
    unsaved = leave_incoming(cast, monkeypatch, shared, saved=False)
    as_machine(monkeypatch, "app1")
    before = incoming_files_of(shared)
    result = recover_machine("app2", machine_is_down=True, dry_run=True)
    assert (result.moved, result.removed, result.dry_run) == ([saved], [unsaved], True)
    assert incoming_files_of(shared) == before and recovered_entries() == []
    assert not (shared / "objects").exists() or not any((shared / "objects").rglob("*.*"))


def test_bad_inputs_are_refused_touching_nothing(cast, shared, monkeypatch):
    as_machine(monkeypatch, "app2")
    leave_incoming(cast, monkeypatch, shared, saved=False)
    as_machine(monkeypatch, "app1")
    before = incoming_files_of(shared)
    with pytest.raises(RecoveryRefused, match=r"'app3' has no incoming files .*have: app2\)"):
        recover_machine("app3", machine_is_down=True)
    with pytest.raises(RecoveryRefused, match="letters, digits and hyphens"):
        recover_machine("../app2", machine_is_down=True)
    monkeypatch.delenv("SEALBOOK_ATTACHMENTS_DIR")
    with pytest.raises(RecoveryRefused, match="not on a shared volume"):
        recover_machine("app2", machine_is_down=True)
    assert incoming_files_of(shared) == before and recovered_entries() == []
