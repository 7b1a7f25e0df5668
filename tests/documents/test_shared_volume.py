"""Attachments on a volume several app machines share (SEALBOOK_ATTACHMENTS_DIR)."""

from __future__ import annotations

import io
import subprocess
import sys

from sealbook.documents import actions
from sealbook.documents.models import DocumentKind
from sealbook.documents.storage import LocalStorage, SharedVolumeStorage, machine_name, storage

NAME = "ab" * 16


def dead_pid() -> int:
    """The pid of a process that has exited (and was reaped)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def test_the_setting_chooses_the_shared_volume(tmp_path, monkeypatch):
    assert type(storage()) is LocalStorage
    monkeypatch.setenv("SEALBOOK_ATTACHMENTS_DIR", str(tmp_path / "shared"))
    monkeypatch.setenv("SEALBOOK_MACHINE_NAME", "app2.example")
    chosen = storage()
    assert isinstance(chosen, SharedVolumeStorage)
    assert chosen.root == tmp_path / "shared"
    assert chosen.machine == machine_name() == "app2-example"


def test_each_machine_recovers_only_its_own_dead_uploads(tmp_path):
    one = SharedVolumeStorage(tmp_path, "app1")
    two = SharedVolumeStorage(tmp_path, "app2")
    pid = dead_pid()
    for store in (one, two):
        (tmp_path / "incoming").mkdir(exist_ok=True)
        store._incoming_path(NAME, pid).write_bytes(b"ciphertext")
    # The same dead pid on both machines: each finds only its own file.
    assert list(one.stale_incoming()) == [(NAME, pid)]
    one.commit(NAME, pid)
    assert one.path(NAME).read_bytes() == b"ciphertext"
    assert list(one.stale_incoming()) == []
    assert list(two.stale_incoming()) == [(NAME, pid)]
    two.remove_incoming(NAME, pid)
    assert not any((tmp_path / "incoming").iterdir())


def test_an_upload_lands_on_the_shared_volume_encrypted(cast, tmp_path, monkeypatch):
    monkeypatch.setenv("SEALBOOK_ATTACHMENTS_DIR", str(tmp_path / "shared"))
    upload = actions.encrypt_upload(
        io.BytesIO(b"synthetic scan " * 1000), filename="scan.pdf", content_type="application/pdf"
    )
    document = actions.add_document(
        cast.casey, cast.riley, upload, title="Intake form", kind=DocumentKind.DOCUMENT
    )
    stored = tmp_path / "shared" / "objects" / document.storage_name[:2] / document.storage_name
    assert stored.exists() and b"synthetic scan" not in stored.read_bytes()
    assert actions.recover_storage() == (0, 0)
