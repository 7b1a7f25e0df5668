"""Making and verifying a backup: a directory of encrypted files with a signed manifest.

    PATH/manifest.json          what is in the backup, with the size and hash of every file
    PATH/manifest.sig           Ed25519 signature of the manifest (the practice's checkpoint key)
    PATH/database.sbs           the database snapshot, stream-encrypted under a random archive key
    PATH/attachments/<id>       each attachment, copied as stored (already encrypted per file)

The archive key is sealed, in the manifest, under the practice's backup key,
which only a keyring file (or the running practice) holds; the backup itself
carries no key. A backup is written under a temporary name next to PATH and
renamed into place once complete, then read back in full before it counts
as verified. See docs/backup.md.

Each file's entry in the manifest names its hash by the algorithm's name:
`{"path": ..., "size": ..., "blake3": "<hex>"}`. Format 1 hashed every file
with SHA-256. Format 2 hashes what the backup itself writes (the database
snapshot) with BLAKE3, like attachment storage, and gives each attachment the
fingerprint stored with its document: BLAKE3 for files stored since
2026-11-26, SHA-256 for older ones, so the copy is checked against its row
(and the digest its audit entry pins) with one read and never re-hashed
under another algorithm. Both formats verify and restore.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.backup import snapshot
from sealbook.backup.files import NotARegularFile, fingerprint_regular, open_regular, read_regular
from sealbook.backup.keyring import write_keyring
from sealbook.backup.models import BackupRecord
from sealbook.core.crypto.aead import DataKey, field_context
from sealbook.core.crypto.signing import BadSignature, verify_signature
from sealbook.core.crypto.stream import StreamReader, StreamWriter, new_file_key
from sealbook.core.errors import InvalidCiphertext, SealbookError
from sealbook.documents import fingerprint
from sealbook.documents.models import Document
from sealbook.documents.storage import IncomingFile, storage
from sealbook.vault import paths, runtime

FORMAT = 2
# The hashes each format may name for a file (see the module docstring).
FORMAT_ALGORITHMS = {1: (fingerprint.SHA256,), 2: fingerprint.ALGORITHMS}
# The signature's domain, not the format: it is the same for every format.
SIGNED_PREFIX = b"sealbook/backup-manifest/v1\n"
DATABASE = "database.sbs"
# A manifest lists about 150 bytes per file: this allows over a million attachments.
MANIFEST_LIMIT = 256 * 2**20
_FILE = re.compile(r"^(database\.sbs|attachments/[0-9a-f]{32})$")


class BackupError(SealbookError):
    pass


@dataclass
class BackupReport:
    backup_id: uuid.UUID
    path: Path
    files: int
    bytes: int
    keyring: Path | None = None


def archive_context(backup_id: str, name: str) -> bytes:
    return field_context("backup", name, backup_id)


def _entry_hash(entry: dict[str, Any]) -> tuple[str, str]:
    """(algorithm, hex digest) of a manifest entry that `read_manifest` accepted."""
    algorithm = next(a for a in fingerprint.ALGORITHMS if a in entry)
    return algorithm, str(entry[algorithm])


def _database_bytes() -> int:
    if snapshot.vendor() == "sqlite":
        path = snapshot.sqlite_path()
        wal = path.with_name(path.name + "-wal")
        return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return int(cursor.fetchone()[0])


def check_free_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise BackupError(
            f"not enough disk space in {folder}: {needed // 2**20 + 1} MiB needed, "
            f"{free // 2**20} MiB free"
        )


def create_backup(path: Path, *, keyring_path: Path | None = None) -> BackupReport:
    """Write a verified backup to `path` (which must not exist) and the keyring beside it."""
    path = path.absolute()
    if path.exists():
        raise BackupError(f"{path} already exists: a backup is written to a new path")
    if not path.parent.is_dir():
        raise BackupError(f"the folder {path.parent} does not exist")
    documents = list(
        Document.objects.values_list("id", "stored_size", "digest_algorithm", "stored_digest")
    )
    needed = _database_bytes() + sum(document[1] for document in documents)
    check_free_space(path.parent, needed + needed // 20 + 2**20)
    check_free_space(paths.home(), _database_bytes() + 2**20)
    backup_id = str(uuid.uuid4())
    archive_key = new_file_key()
    work = path.with_name(f".{path.name}.partial-{secrets.token_hex(4)}")
    work.mkdir(mode=0o700)
    try:
        files = [_write_database(work, backup_id, archive_key)]
        files += _copy_attachments(work, documents)
        manifest = {
            "sealbook_backup": FORMAT,
            "backup_id": backup_id,
            "practice_id": str(runtime.practice_id()),
            "created_at": timezone.now().isoformat(),
            "database": snapshot.vendor(),
            "archive_key": base64.b64encode(
                runtime.backup_key().seal(archive_key, archive_context(backup_id, "archive-key"))
            ).decode(),
            "files": files,
        }
        body = json.dumps(manifest, indent=1, sort_keys=True).encode() + b"\n"
        (work / "manifest.json").write_bytes(body)
        signature = runtime.audit_signing_key().sign(SIGNED_PREFIX + body)
        (work / "manifest.sig").write_text(signature.hex() + "\n")
        _fsync_tree(work)
        os.replace(work, path)
        _fsync(path.parent)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    ring = runtime.keyring()
    verify_backup(path, bytes(ring.audit_public_key), backup_key=runtime.backup_key())
    keyring_path = keyring_path or path.parent / "keyring.json"
    write_keyring(keyring_path)
    total = sum(int(f["size"]) for f in files)
    with transaction.atomic():
        now = timezone.now()
        entry = BackupRecord.objects.create(
            id=uuid.UUID(backup_id), created_at=now, verified_at=now, files=len(files), bytes=total
        )
        record(
            AuditEvent.BACKUP_CREATED,
            obj=entry,
            detail={"backup_id": backup_id, "files": len(files), "bytes": total},
        )
    return BackupReport(uuid.UUID(backup_id), path, len(files), total, keyring_path)


def _write_database(work: Path, backup_id: str, archive_key: bytes) -> dict[str, Any]:
    sink = IncomingFile(work / DATABASE)
    try:
        writer = StreamWriter(archive_key, archive_context(backup_id, DATABASE), sink)
        snapshot.write_snapshot(writer)
        writer.finish()
        digest = sink.close()
    except BaseException:
        sink.discard()
        raise
    # IncomingFile fingerprints what it writes with BLAKE3 (fingerprint.CURRENT).
    return {"path": DATABASE, "size": sink.size, fingerprint.CURRENT: digest}


def _copy_attachments(
    work: Path, documents: list[tuple[Any, int, str, str]]
) -> list[dict[str, Any]]:
    store = storage()
    (work / "attachments").mkdir(mode=0o700)
    files = []
    for document_id, size, algorithm, digest in documents:
        name = document_id.hex
        target = work / "attachments" / name
        for _attempt in range(20):
            try:
                shutil.copyfile(store.path(name), target)
                break
            except FileNotFoundError:
                # Its row commits a moment before the file moves into place; or the
                # client was destroyed since we listed the documents.
                if not Document.objects.filter(pk=document_id).exists():
                    break
                time.sleep(0.1)
        else:
            raise BackupError(f"the stored file of document {document_id} is missing")
        if not target.exists():
            continue
        if fingerprint.fingerprint_file(target, algorithm) != (size, digest):
            raise BackupError(f"the stored file of document {document_id} is damaged")
        files.append({"path": f"attachments/{name}", "size": size, algorithm: digest})
    return files


def read_manifest(path: Path, public_key: bytes) -> dict[str, Any]:
    """The manifest of the backup at `path`, after checking its signature."""
    try:
        body = read_regular(path / "manifest.json", limit=MANIFEST_LIMIT)
        signature = bytes.fromhex(read_regular(path / "manifest.sig", limit=1024).decode().strip())
    except FileNotFoundError:
        raise BackupError(f"{path} is not a Sealbook backup (no manifest)") from None
    except NotARegularFile as exc:
        raise BackupError(f"the backup is damaged: {exc}") from None
    except (OSError, ValueError, UnicodeDecodeError):
        raise BackupError(f"the manifest of {path} is damaged") from None
    try:
        verify_signature(public_key, signature, SIGNED_PREFIX + body)
    except BadSignature:
        raise BackupError(
            "the backup's signature does not verify: altered, or made by another practice"
        ) from None
    manifest: dict[str, Any] = json.loads(body)
    version = manifest.get("sealbook_backup")
    algorithms = FORMAT_ALGORITHMS.get(version) if type(version) is int else None
    if algorithms is None:
        raise BackupError("the backup is of an unknown format")
    for entry in manifest["files"]:
        if not _FILE.match(str(entry.get("path"))):
            raise BackupError("the backup's manifest names an unexpected file")
        named = [a for a in fingerprint.ALGORITHMS if a in entry]
        if len(named) != 1 or named[0] not in algorithms:
            raise BackupError("the backup's manifest does not name one known hash for each file")
    return manifest


def verify_backup(
    path: Path, public_key: bytes, *, backup_key: DataKey | None = None
) -> dict[str, Any]:
    """Check the signature and every byte of a backup, without restoring anything.

    With the practice's backup key, the database snapshot is also decrypted
    (into nothing), so every chunk is authenticated under the archive key.
    """
    manifest = read_manifest(path, public_key)
    listed = {entry["path"] for entry in manifest["files"]}
    present = _entries(path) - {"manifest.json", "manifest.sig"}
    if present - listed:
        raise BackupError(f"the backup holds {len(present - listed)} files its manifest does not")
    for entry in manifest["files"]:
        algorithm, digest = _entry_hash(entry)
        try:
            # Sizes are compared (on the lstat, then on the open file) before any byte is read.
            actual = fingerprint_regular(path / entry["path"], int(entry["size"]), algorithm)
        except FileNotFoundError:
            raise BackupError(f"the backup is incomplete: {entry['path']} is missing") from None
        except NotARegularFile as exc:
            raise BackupError(f"the backup is damaged: {exc}") from None
        if actual != digest:
            raise BackupError(f"the backup is damaged: {entry['path']} does not match its hash")
    if backup_key is not None:
        archive_key = open_archive_key(manifest, backup_key)
        for _ in database_pieces(path, manifest, archive_key):
            pass
    return manifest


def open_archive_key(manifest: dict[str, Any], backup_key: DataKey) -> bytes:
    try:
        sealed = base64.b64decode(manifest["archive_key"])
        return backup_key.open(sealed, archive_context(manifest["backup_id"], "archive-key"))
    except (InvalidCiphertext, ValueError, KeyError):
        raise BackupError(
            "the backup does not open with this keyring: it belongs to another practice"
        ) from None


def database_pieces(path: Path, manifest: dict[str, Any], archive_key: bytes) -> Any:
    """The decrypted database snapshot, one authenticated chunk at a time."""
    size = next((int(f["size"]) for f in manifest["files"] if f["path"] == DATABASE), None)
    try:
        if size is None:
            raise FileNotFoundError(DATABASE)
        source = open_regular(path / DATABASE, size=size)
    except (FileNotFoundError, NotARegularFile):
        raise BackupError(f"the backup is damaged: {DATABASE} is missing or replaced") from None
    with source:
        try:
            reader = StreamReader(
                archive_key, archive_context(manifest["backup_id"], DATABASE), source, size
            )
            for index in range(reader.chunks):
                yield reader.read_chunk(index)
        except InvalidCiphertext:
            raise BackupError("the backup's database does not decrypt: it was altered") from None


def _entries(path: Path) -> set[str]:
    """The path of every entry of the backup folder, found without following a link.

    Only `attachments` is entered, and only when it is a real folder; every
    other entry (a link, a FIFO, a device, another folder) is listed by name,
    so it either fails as a file the manifest does not hold or, under a listed
    name, as not a regular file.
    """
    found: set[str] = set()
    try:
        for entry in os.scandir(path):
            if entry.name == "attachments" and entry.is_dir(follow_symlinks=False):
                found.update(f"attachments/{inner.name}" for inner in os.scandir(entry.path))
            else:
                found.add(entry.name)
    except OSError as exc:
        raise BackupError(f"cannot list the backup folder {path} ({exc.strerror})") from None
    return found


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(root: Path) -> None:
    for p in sorted(root.rglob("*"), reverse=True):
        _fsync(p)
    _fsync(root)
