"""`sealbook upgrade`, and every other command refusing a database older than this version.

An "older database" is made the way it really arises: the practice's
database is migrated back to before the newest migration of the documents
app (what the previous version of Sealbook left), with Django's own
`migrate` command run against the practice's home.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator

import pytest

from sealbook.audit.events import AuditEvent
from tests.cli.conftest import Cli, assert_one_line_error, copy_practice, initialised_practices

NEWEST = ("documents", "0002_document_stored_digest")


@pytest.fixture
def practice(cli):
    cli.initialised()
    return cli


@pytest.fixture(scope="module")
def migrated_back(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    """One practice whose database the previous version left, for the module to copy."""
    for cli in initialised_practices(tmp_path_factory.mktemp("older") / "home"):
        migrate_back(cli)
        yield cli


@pytest.fixture
def older(cli, migrated_back):
    """A practice of its own whose database is older than this version's."""
    copy_practice(migrated_back, cli)
    return cli


def migrate_back(practice) -> None:
    """Leave the database as the version before NEWEST's would have left it."""
    app, name = NEWEST
    previous = f"{int(name[:4]) - 1:04d}"
    done = subprocess.run(
        [sys.executable, "-m", "django", "migrate", app, previous, "--verbosity", "0"],
        env={**practice.env, "DJANGO_SETTINGS_MODULE": "sealbook.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def last_event(practice) -> int:
    query = "SELECT event FROM audit_auditentry ORDER BY seq DESC LIMIT 1"
    url = practice.env.get("SEALBOOK_DATABASE_URL")
    if url is None:
        db = sqlite3.connect(practice.home / "sealbook.sqlite3")
        try:
            return int(db.execute(query).fetchone()[0])
        finally:
            db.close()
    import psycopg

    with psycopg.connect(url) as db:
        return int(db.execute(query).fetchone()[0])


def test_an_up_to_date_database_needs_nothing(practice):
    result = practice.run("upgrade", env=practice.unsealed())
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_commands_refuse_an_older_database_and_name_the_upgrade(older):
    for args in (["audit", "verify"], ["check"], ["serve", "--port", "0"]):
        result = older.run(*args, env=older.unsealed())
        assert_one_line_error(result, "earlier version of Sealbook", "sealbook upgrade")


def test_upgrade_needs_the_secret_and_changes_nothing_without_it(older):
    before = {p: p.read_bytes() for p in older.files()}
    assert_one_line_error(older.run("upgrade"), "sealed")
    assert {p: p.read_bytes() for p in older.files()} == before


def test_upgrade_applies_the_changes_and_audits_them(older):
    before = older.run("audit", "verify")  # refused: the database is older
    assert before.returncode != 0
    result = older.run("upgrade", env=older.unsealed())
    assert result.returncode == 0, result.stderr
    assert "applied 1 change(s)" in result.stdout
    assert ".".join(NEWEST) in result.stdout
    assert last_event(older) == AuditEvent.DATABASE_UPGRADED
    verified = older.run("audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    again = older.run("upgrade", env=older.unsealed())
    assert "up to date" in again.stdout
