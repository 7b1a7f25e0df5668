"""A backup's manifest names each file's hash by its algorithm, and each format only its own."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import blake3
import pytest

from sealbook.backup.archive import SIGNED_PREFIX, BackupError, verify_backup
from sealbook.core.crypto.signing import SigningKey

KEY = SigningKey(bytes(range(32)))
ATTACHMENT = "attachments/" + "ab" * 16


def fill(folder: Path, version: object, algorithms: dict[str, list[str]]) -> Path:
    """A signed backup of two files; the manifest gives each file its hashes under `algorithms`."""
    (folder / "attachments").mkdir(parents=True)
    files = []
    for path, names in algorithms.items():
        data = os.urandom(5000)
        (folder / path).write_bytes(data)
        entry = {"path": path, "size": len(data)}
        for name in names:
            made = blake3.blake3(data) if name == "blake3" else hashlib.new(name, data)
            entry[name] = made.hexdigest()
        files.append(entry)
    manifest = {"sealbook_backup": version, "backup_id": "synthetic", "files": files}
    body = json.dumps(manifest, indent=1, sort_keys=True).encode() + b"\n"
    (folder / "manifest.json").write_bytes(body)
    (folder / "manifest.sig").write_text(KEY.sign(SIGNED_PREFIX + body).hex() + "\n")
    return folder


@pytest.mark.parametrize(
    ("version", "database", "attachment"),
    [
        (2, ["blake3"], ["blake3"]),
        (2, ["blake3"], ["sha256"]),  # a document stored before BLAKE3 keeps its SHA-256
        (1, ["sha256"], ["sha256"]),  # a backup made before BLAKE3
    ],
)
def test_a_manifest_verifies_by_the_hash_it_names(tmp_path, version, database, attachment):
    folder = fill(tmp_path / "b", version, {"database.sbs": database, ATTACHMENT: attachment})
    assert verify_backup(folder, KEY.public_key())["sealbook_backup"] == version


@pytest.mark.parametrize(
    ("version", "database", "attachment", "message"),
    [
        (1, ["sha256"], ["blake3"], "one known hash"),  # format 1 knew only SHA-256
        (2, ["blake3"], ["md5"], "one known hash"),
        (2, ["blake3"], ["blake3", "sha256"], "one known hash"),
        (2, ["blake3"], [], "one known hash"),
        (3, ["blake3"], ["blake3"], "unknown format"),
        (True, ["sha256"], ["sha256"], "unknown format"),
    ],
)
def test_a_manifest_naming_a_hash_its_format_does_not_know_is_refused(
    tmp_path, version, database, attachment, message
):
    folder = fill(tmp_path / "b", version, {"database.sbs": database, ATTACHMENT: attachment})
    with pytest.raises(BackupError, match=message):
        verify_backup(folder, KEY.public_key())


@pytest.mark.parametrize("algorithm", ["blake3", "sha256"])
def test_a_file_that_differs_from_its_named_hash_fails(tmp_path, algorithm):
    folder = fill(tmp_path / "b", 2, {"database.sbs": ["blake3"], ATTACHMENT: [algorithm]})
    data = bytearray((folder / ATTACHMENT).read_bytes())
    data[100] ^= 1
    (folder / ATTACHMENT).write_bytes(bytes(data))
    with pytest.raises(BackupError, match="does not match its hash"):
        verify_backup(folder, KEY.public_key())
