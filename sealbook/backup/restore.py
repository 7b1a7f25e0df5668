"""Restoring a backup into an empty home, with the keys of a keyring file.

Everything is built in a temporary folder next to SEALBOOK_HOME and renamed
into place only after the restored audit log verifies, so a failure at any
step (wrong secret, altered backup, full disk, a kill) leaves no home
behind. On PostgreSQL the database is loaded by psql in one transaction, and
emptied again if a later step fails.

Keys come from the keyring, never from the backup: a client whose data key
was destroyed after the backup was made is restored as unreadable
ciphertext, and said so (docs/backup.md).
"""

from __future__ import annotations

import os
import secrets
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, transaction

from sealbook.backup import snapshot
from sealbook.backup.archive import (
    BackupError,
    check_free_space,
    database_pieces,
    open_archive_key,
    verify_backup,
)
from sealbook.backup.files import NotARegularFile, open_regular
from sealbook.backup.keyring import OpenKeyring, open_keyring
from sealbook.core.crypto import sealing
from sealbook.core.errors import SealbookError
from sealbook.vault import paths, runtime
from sealbook.vault.models import Keyring, WrappedKey


@dataclass
class RestoreReport:
    backup_id: str
    audit_size: int
    audit_root: str
    documents: int
    clients: int
    unreadable_clients: list[uuid.UUID] = field(default_factory=list)


def _home_is_empty(home: Path) -> bool:
    return not home.exists() or (home.is_dir() and not any(home.iterdir()))


def restore(
    path: Path, keyring_path: Path, secrets_: sealing.UnsealSecrets | None
) -> RestoreReport:
    home = paths.home().absolute()
    if not _home_is_empty(home):
        raise BackupError(f"{home} is not empty: restore only into an empty home")
    if not snapshot.database_is_empty():
        raise BackupError("the database is not empty: restore only into an empty database")
    keyring = open_keyring(keyring_path, secrets_)
    manifest = verify_backup(path.absolute(), keyring.public_key)
    if manifest["practice_id"] != str(keyring.practice_id):
        raise BackupError("the keyring belongs to another practice than the backup")
    if manifest["database"] != snapshot.vendor():
        raise BackupError(
            f"the backup is of a {manifest['database']} database; SEALBOOK_DATABASE_URL names "
            f"a {snapshot.vendor()} one"
        )
    archive_key = open_archive_key(manifest, keyring.backup_key())
    home.parent.mkdir(parents=True, exist_ok=True)
    size = sum(int(f["size"]) for f in manifest["files"])
    check_free_space(home.parent, size + size // 20 + 2**20)
    work = home.with_name(f".{home.name}.restoring-{secrets.token_hex(4)}")
    work.mkdir(mode=0o700)
    original_home = settings.SEALBOOK_HOME
    original_db = connection.settings_dict["NAME"]
    sqlite = snapshot.vendor() == "sqlite"
    loaded_postgresql = False
    try:
        settings.SEALBOOK_HOME = work
        _write_keys(work, keyring)
        pieces = database_pieces(path, manifest, archive_key)
        if sqlite:
            database = _sqlite_work_path(work, Path(str(original_db)))
            with open(database, "xb") as f:
                for piece in pieces:
                    f.write(piece)
                f.flush()
                os.fsync(f.fileno())
            _use_database(str(database))
            _install_keys(keyring)
        else:
            snapshot.load_postgresql(pieces, _keys_sql(keyring))
            loaded_postgresql = True
        # A backup made by an older Sealbook holds an older schema (for example,
        # documents fingerprinted as `stored_sha256` before 2026-11-26): bring it to
        # this version's before anything reads it. A current backup has nothing to apply.
        call_command("migrate", interactive=False, verbosity=0)
        report = _finish(path, manifest, keyring, work)
        connections.close_all()
        if sqlite and Path(str(original_db)).parent != home:
            os.replace(database, original_db)
        if home.exists():
            home.rmdir()
        os.replace(work, home)
        return report
    except BaseException:
        connections.close_all()
        if loaded_postgresql:
            _use_database(original_db)
            snapshot.empty_postgresql()
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        settings.SEALBOOK_HOME = original_home
        _use_database(original_db)


def _sqlite_work_path(work: Path, configured: Path) -> Path:
    """The database is written inside the temporary home; one configured outside the
    home is moved to its place at the end."""
    return work / configured.name


def _use_database(name: Any) -> None:
    connections.close_all()
    connection.settings_dict["NAME"] = name


def _write_keys(work: Path, keyring: OpenKeyring) -> None:
    doc = keyring.doc
    paths.write_private_file(
        paths.sealed_kek_path(int(doc["kek_version"])), sealing.dumps(doc["sealed_kek"])
    )
    paths.write_private_file(paths.audit_public_key_path(), keyring.public_key.hex().encode())
    paths.write_private_file(paths.web_secret_path(), secrets.token_urlsafe(48).encode())


def _install_keys(keyring: OpenKeyring) -> None:
    with transaction.atomic():
        WrappedKey.objects.all().delete()
        WrappedKey.objects.bulk_create(keyring.wrapped_keys())
        Keyring.objects.filter(pk=1).update(
            kek_version=keyring.doc["kek_version"], kek_backend=keyring.doc["kek_backend"]
        )


def _keys_sql(keyring: OpenKeyring) -> str:
    def literal(value: Any) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, bytes):
            return f"'\\x{value.hex()}'::bytea"
        text = str(value)
        if not all(c.isalnum() or c in "-_" for c in text):
            raise SealbookError("the keyring file is damaged")
        return f"'{text}'"

    # Every value passes through `literal`, which accepts only integers, bytes and
    # ids or key purposes made of letters, digits and dashes.
    lines = [
        "INSERT INTO public.vault_wrappedkey (purpose, client_id, version, kek_version, wrapped, "  # noqa: S608
        f"created_at) VALUES ({literal(k.purpose)}, {literal(k.client_id)}, {literal(k.version)}, "
        f"{literal(k.kek_version)}, {literal(bytes(k.wrapped))}, now());"
        for k in keyring.wrapped_keys()
    ]
    kek_version = literal(int(keyring.doc["kek_version"]))
    lines.append(
        f"UPDATE public.vault_keyring SET kek_version = {kek_version}, "  # noqa: S608
        f"kek_backend = {literal(keyring.doc['kek_backend'])} WHERE id = 1;"
    )
    return "\n".join(lines) + "\n"


def _copy_regular(source: Path, size: int, target: Path) -> None:
    """Copy a verified attachment, refusing it if it was swapped for a link or a FIFO since."""
    try:
        with open_regular(source, size=size) as f, open(target, "xb") as out:
            shutil.copyfileobj(f, out)
    except (FileNotFoundError, NotARegularFile):
        raise BackupError(
            f"the backup is damaged: {source.name} changed during the restore"
        ) from None


def _finish(
    path: Path, manifest: dict[str, Any], keyring: OpenKeyring, work: Path
) -> RestoreReport:
    """Copy attachments, unseal the restored practice, verify its log, record the restore."""
    from sealbook.audit.events import AuditEvent
    from sealbook.audit.log import record
    from sealbook.audit.verification import verify
    from sealbook.core.audit.verify import AuditVerificationError
    from sealbook.documents.models import Document
    from sealbook.documents.storage import storage
    from sealbook.records.models import Client

    ring = runtime.keyring()
    runtime.install(keyring.kek, ring)
    try:
        report = verify(processes=None)  # a command, not the server: one process per core
    except AuditVerificationError as exc:
        raise BackupError(f"the restored audit log does not verify: {exc}") from None
    keyed = keyring.client_ids()
    unreadable = sorted(
        (c for c in Client.objects.values_list("id", flat=True) if c not in keyed), key=str
    )
    store = storage()
    listed = {entry["path"]: int(entry["size"]) for entry in manifest["files"]}
    documents = list(Document.objects.values_list("id", "client_id"))
    for document_id, client_id in documents:
        source = path / "attachments" / document_id.hex
        if f"attachments/{document_id.hex}" not in listed:
            if client_id in unreadable:
                continue
            raise BackupError(f"the backup lacks the file of document {document_id}")
        target = store.path(document_id.hex)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _copy_regular(source, listed[f"attachments/{document_id.hex}"], target)
    record(
        AuditEvent.PRACTICE_RESTORED,
        detail={
            "backup_id": manifest["backup_id"],
            "audit_size": report.size,
            "root": report.root.hex(),
            "unreadable_clients": len(unreadable),
        },
    )
    runtime.seal()
    return RestoreReport(
        manifest["backup_id"],
        report.size,
        report.root.hex(),
        len(documents),
        len(keyed),
        unreadable,
    )
