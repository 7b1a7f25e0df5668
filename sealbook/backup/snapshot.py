"""A consistent copy of the database while the server keeps running, and loading it back.

- SQLite: the online backup API copies a consistent snapshot page by page
  (writers are not blocked for long); the copy lands in SEALBOOK_HOME, which
  is as private as the database itself, and is deleted once encrypted.
- PostgreSQL: `pg_dump` reads everything in one repeatable-read snapshot;
  its output is encrypted as it streams, and loaded back with `psql` in one
  transaction, so a failed restore leaves the database empty.

Neither copy holds key material or sessions: the wrapped keys come from the
keyring at restore (docs/backup.md), and a session cookie must not outlive
the server it was issued by.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from sealbook import conf
from sealbook.core.crypto.stream import Sink
from sealbook.core.errors import SealbookError
from sealbook.vault import paths

EXCLUDED_TABLES = ("vault_wrappedkey", "django_session")


class SnapshotError(SealbookError):
    pass


def vendor() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def sqlite_path() -> Path:
    return Path(str(settings.DATABASES["default"]["NAME"]))


def tool(name: str) -> str:
    """The path of pg_dump or psql: SEALBOOK_PG_DUMP / SEALBOOK_PSQL, or found on PATH."""
    configured = conf.env_str("SEALBOOK_PG_DUMP" if name == "pg_dump" else "SEALBOOK_PSQL")
    found = configured or shutil.which(name)
    if not found or not os.access(found, os.X_OK):
        raise SnapshotError(
            f"{name} was not found: install the PostgreSQL client tools (version 15 or later) "
            f"or set {'SEALBOOK_PG_DUMP' if name == 'pg_dump' else 'SEALBOOK_PSQL'}"
        )
    return found


def _pg_args() -> tuple[list[str], dict[str, str]]:
    db: dict[str, Any] = settings.DATABASES["default"]
    args = ["--dbname", str(db["NAME"]), "--no-password"]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEALBOOK_")}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    # The URL's TLS options (conf.postgresql_tls_options) bind the tools as they bind
    # the server's own connections: a dump must not travel in the clear either;
    # and with several hosts, target_session_attrs finds the primary for them too.
    for name in conf.LIBPQ_OPTIONS:
        if name in db.get("OPTIONS", {}):
            env[f"PG{name.upper()}"] = str(db["OPTIONS"][name])
    return args, env


def write_snapshot(sink: Sink) -> None:
    """Write a consistent copy of the database, without keys or sessions, to `sink`."""
    if vendor() == "postgresql":
        _pg_dump(sink)
    else:
        _sqlite_snapshot(sink)


def _sqlite_snapshot(sink: Sink) -> None:
    copy = paths.home() / f".backup-{secrets.token_hex(8)}.sqlite3"
    try:
        source = sqlite3.connect(sqlite_path())
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
            for table in EXCLUDED_TABLES:
                target.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
            target.commit()
            target.execute("PRAGMA journal_mode=DELETE")
            target.execute("VACUUM")
        finally:
            target.close()
            source.close()
        with open(copy, "rb") as f:
            while piece := f.read(1024 * 1024):
                sink.write(piece)
    finally:
        copy.unlink(missing_ok=True)


def _pg_dump(sink: Sink) -> None:
    args, env = _pg_args()
    command = [tool("pg_dump"), "--format=plain", "--no-owner", "--no-privileges", *args]
    command += [f"--exclude-table-data={table}" for table in EXCLUDED_TABLES]
    process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert process.stdout is not None and process.stderr is not None  # noqa: S101
    while piece := process.stdout.read(1024 * 1024):
        sink.write(piece)
    error = process.stderr.read().decode(errors="replace").strip().splitlines()
    if process.wait() != 0:
        reason = error[-1] if error else f"exit {process.returncode}"
        raise SnapshotError(f"pg_dump failed: {reason}")


def database_is_empty() -> bool:
    if vendor() == "sqlite":
        path = sqlite_path()
        return not path.exists() or path.stat().st_size == 0
    return not connection.introspection.table_names()


def load_postgresql(pieces: Iterable[bytes], extra_sql: str) -> None:
    """Load a pg_dump stream plus `extra_sql` with psql, all in one transaction."""
    args, env = _pg_args()
    command = [tool("psql"), "--quiet", "--no-psqlrc", "--single-transaction",
               "--set", "ON_ERROR_STOP=1", "--output", os.devnull, *args]  # fmt: skip
    process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
        command, stdin=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert process.stdin is not None and process.stderr is not None  # noqa: S101
    try:
        for piece in pieces:
            process.stdin.write(piece)
        process.stdin.write(b"\n" + extra_sql.encode())
        process.stdin.close()
    except BrokenPipeError:
        pass
    except BaseException:
        process.kill()
        process.wait()
        raise
    error = process.stderr.read()
    if process.wait() != 0:
        if os.environ.get("SEALBOOK_DEBUG") == "1":
            sys.stderr.write(error.decode(errors="replace"))
        # psql's message may quote a row: say only that it failed.
        raise SnapshotError(
            f"psql could not load the database (exit {process.returncode}, "
            f"{len(error.splitlines())} error lines); the database was left unchanged"
        )


def empty_postgresql() -> None:
    """Drop everything a failed restore created after psql committed (tables, sequences)."""
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
