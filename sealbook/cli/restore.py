"""`sealbook restore PATH`: restore a backup into an empty home, then verify its audit log."""

from __future__ import annotations

import argparse
from pathlib import Path

from sealbook.cli import unsealing
from sealbook.cli.bootstrap import setup_django


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "restore",
        help="restore a backup into an empty home",
        description="Restore the backup at PATH into SEALBOOK_HOME (which must be empty or "
        "missing) and SEALBOOK_DATABASE_URL (which must be an empty database), with the keys "
        "of a keyring file unsealed by SEALBOOK_PASSPHRASE_FILE, SEALBOOK_KEY_FILE or "
        "SEALBOOK_HSM_PIN_FILE. Checks every byte and signature first, builds the home in a "
        "temporary folder beside it, verifies the restored audit log and only then renames it "
        "into place: a failure leaves no half-restored home.",
    )
    p.add_argument("path", metavar="PATH", help="a backup folder made by `backup create`")
    p.add_argument(
        "--keyring", metavar="FILE", help="the practice's current keyring (default: beside PATH)"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.path).absolute()
    keyring_path = Path(args.keyring) if args.keyring else path.parent / "keyring.json"
    setup_django()
    from sealbook.backup.restore import restore
    from sealbook.vault import paths

    secrets = unsealing.secrets_from_environment(prompt=True)
    report = restore(path, keyring_path, secrets)
    print(
        f"Restored backup {report.backup_id} into {paths.home()}: audit log verified "
        f"({report.audit_size} entries, root {report.audit_root}), {report.clients} client keys, "
        f"{report.documents} documents."
    )
    if report.unreadable_clients:
        print(
            f"{len(report.unreadable_clients)} clients in this backup have no key in the keyring "
            "(destroyed after the backup was made); their records stay unreadable. Run "
            "`sealbook retention destroy` for each to delete what is left:"
        )
        for client_id in report.unreadable_clients:
            print(f"  {client_id}")
    return 0
