"""`sealbook backup create|verify|keyring`: encrypted, signed, verified backups."""

from __future__ import annotations

import argparse
from pathlib import Path

from sealbook.cli import unsealing
from sealbook.cli.bootstrap import database_ready, open_practice, setup_django


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "backup",
        help="make and verify encrypted backups",
        description="Make, verify and key encrypted backups (docs/backup.md). A backup holds "
        "no key: restoring it needs the practice's keyring file and its secret.",
    )
    backup_sub = p.add_subparsers(dest="backup_command", metavar="SUBCOMMAND", required=True)
    c = backup_sub.add_parser(
        "create",
        help="write a backup to PATH and the keyring beside it",
        description="Snapshot the database while the server runs (SQLite online backup or "
        "pg_dump), copy the encrypted attachments, encrypt and sign it all with a manifest of "
        "their sizes and hashes (BLAKE3), write it to the new folder PATH, read it back to "
        "verify it, and write the practice's current keyring file (default: keyring.json "
        "beside PATH). Needs the practice unsealed.",
    )
    c.add_argument("path", metavar="PATH", help="a folder that does not exist yet")
    c.add_argument("--keyring", metavar="FILE", help="where to write the keyring file")
    c.set_defaults(handler=run_create)
    v = backup_sub.add_parser(
        "verify",
        help="check every byte and signature of a backup without restoring it",
        description="Check the manifest's signature and the hash of every file of the "
        "backup at PATH (BLAKE3, or SHA-256 as the manifest names). With the practice "
        "unsealed, also decrypt the database snapshot to authenticate every chunk, and record "
        "the verification. The signature is checked against this practice's key, or, without "
        "a practice here, the keyring file's. Exit 1 if the backup does not verify.",
    )
    v.add_argument("path", metavar="PATH", help="a backup folder")
    v.add_argument("--keyring", metavar="FILE", help="keyring file (default: beside PATH)")
    v.set_defaults(handler=run_verify)
    k = backup_sub.add_parser(
        "keyring",
        help="write the practice's current keyring file",
        description="Write the current keyring (the sealed practice key and every key it "
        "wraps) to FILE. Write a new one after `retention destroy` and keep only the newest.",
    )
    k.add_argument("file", metavar="FILE")
    k.set_defaults(handler=run_keyring)


def run_create(args: argparse.Namespace) -> int:
    setup_django()
    open_practice(unseal=True)
    from sealbook.backup.archive import create_backup

    report = create_backup(
        Path(args.path), keyring_path=Path(args.keyring) if args.keyring else None
    )
    print(
        f"Backup {report.backup_id} written to {report.path} and verified: {report.files} "
        f"files, {report.bytes} bytes. Keyring written to {report.keyring}."
    )
    return 0


def run_verify(args: argparse.Namespace) -> int:
    path = Path(args.path).absolute()
    keyring_path = Path(args.keyring) if args.keyring else path.parent / "keyring.json"
    setup_django()
    from sealbook.backup.archive import BackupError, verify_backup

    backup_key = None
    if database_ready():
        open_practice(unseal=False)
        from sealbook.audit.verification import trusted_public_key
        from sealbook.vault import runtime

        public_key = trusted_public_key()
        if unsealing.unseal_from_environment(prompt=False):
            backup_key = runtime.backup_key()
        source = "this practice's key"
    else:
        from sealbook.backup.keyring import public_key_of, read_keyring

        public_key = public_key_of(read_keyring(keyring_path))
        source = f"the key in {keyring_path}"
    try:
        manifest = verify_backup(path, public_key, backup_key=backup_key)
    except BackupError as exc:
        _record_verification(backup_key is not None, None, ok=False)
        print(f"sealbook: backup FAILS verification: {exc}")
        return 1
    _record_verification(backup_key is not None, manifest["backup_id"], ok=True)
    depth = "every chunk decrypted" if backup_key is not None else "hashes and signature"
    print(
        f"Backup {manifest['backup_id']} verified ({depth}; signature checked against "
        f"{source}): {len(manifest['files'])} files."
    )
    return 0


def _record_verification(unsealed: bool, backup_id: str | None, *, ok: bool) -> None:
    # Only a practice unsealed here can log; a check from a keyring file leaves no entry.
    if unsealed:
        from sealbook.backup.actions import record_verification

        record_verification(backup_id, ok=ok)


def run_keyring(args: argparse.Namespace) -> int:
    setup_django()
    open_practice(unseal=True)
    from sealbook.backup.keyring import write_keyring

    doc = write_keyring(Path(args.file))
    print(f"Keyring written to {args.file}: {len(doc['keys'])} keys, practice key "
          f"version {doc['kek_version']}.")  # fmt: skip
    return 0
