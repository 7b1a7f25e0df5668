"""Starting Django for a CLI command, and opening (and unsealing) the practice."""

from __future__ import annotations

import os
from pathlib import Path

from sealbook.cli import unsealing
from sealbook.core.errors import SealbookError


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sealbook.settings")
    import django

    django.setup()


def sqlite_path() -> Path | None:
    from django.conf import settings

    db = settings.DATABASES["default"]
    return Path(str(db["NAME"])) if str(db["ENGINE"]).endswith("sqlite3") else None


def database_ready() -> bool:
    """True if the database exists and holds a practice; never creates anything."""
    from django.db import connection

    path = sqlite_path()
    if path is not None and not path.exists():
        return False
    return "vault_keyring" in connection.introspection.table_names()


def open_practice(*, unseal: bool, prompt: bool = True, upgrading: bool = False) -> None:
    """Check a practice exists here, with this version's tables, and if asked unseal it.

    Only `sealbook upgrade` (`upgrading`) opens a database that lacks some of
    this version's changes; every other command refuses it in one line.
    """
    from sealbook.practice.schema import require_current_schema
    from sealbook.vault import runtime

    if not database_ready():
        raise runtime.PracticeNotInitialised()
    if not upgrading:
        require_current_schema()
    runtime.keyring()
    if unseal and not unsealing.unseal_from_environment(prompt=prompt):
        raise runtime.PracticeSealed()


def read_secret_file(path: str, what: str) -> bytes:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise SealbookError(f"cannot read the {what} file {path} ({exc.strerror})") from None
    raw = raw[:-1] if raw.endswith(b"\n") else raw
    if not raw:
        raise SealbookError(f"the {what} file {path} is empty")
    return raw
