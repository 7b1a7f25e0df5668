"""One scheduled backup, for the job queue's backup schedule (sealbook/jobs).

`--backup-every HOURS --backup-dir DIR` (of `sealbook serve` or `sealbook
worker`) schedule it: a backup at once and then every HOURS, each into a new
folder DIR/sealbook-<UTC time>, keeping DIR/keyring.json current (one file,
replaced each time, so older keyrings do not pile up beside the backups). A
failure is reported on stderr and retried at the next interval; it never
stops the server.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from django.db import connections

from sealbook.core.errors import SealbookError


def backup_once(folder: Path) -> None:
    from sealbook.backup.archive import create_backup

    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    try:
        report = create_backup(folder / f"sealbook-{stamp}", keyring_path=folder / "keyring.json")
        print(f"Scheduled backup {report.backup_id} written and verified.", flush=True)
    except SealbookError as exc:
        print(f"sealbook: warning: the scheduled backup failed: {exc}", file=sys.stderr, flush=True)
    except Exception as exc:
        print(f"sealbook: warning: the scheduled backup failed ({type(exc).__name__})",
              file=sys.stderr, flush=True)  # fmt: skip
    finally:
        connections.close_all()
