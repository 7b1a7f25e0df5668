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

import pytest

from sealbook.audit.events import AuditEvent
from tests.cli.conftest import assert_one_line_error

NEWEST = ("documents", "0002_document_stored_digest")


@pytest.fixture
def practice(cli):
    assert cli.init().returncode == 0
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


def test_commands_refuse_an_older_database_and_name_the_upgrade(practice):
    migrate_back(practice)
    for args in (["audit", "verify"], ["check"], ["serve", "--port", "0"]):
        result = practice.run(*args, env=practice.unsealed())
        assert_one_line_error(result, "earlier version of Sealbook", "sealbook upgrade")


def test_upgrade_needs_the_secret_and_changes_nothing_without_it(practice):
    migrate_back(practice)
    before = {p: p.read_bytes() for p in practice.files()}
    assert_one_line_error(practice.run("upgrade"), "sealed")
    assert {p: p.read_bytes() for p in practice.files()} == before


def test_upgrade_applies_the_changes_and_audits_them(practice):
    migrate_back(practice)
    before = practice.run("audit", "verify")  # refused: the database is older
    assert before.returncode != 0
    result = practice.run("upgrade", env=practice.unsealed())
    assert result.returncode == 0, result.stderr
    assert "applied 1 change(s)" in result.stdout
    assert ".".join(NEWEST) in result.stdout
    assert last_event(practice) == AuditEvent.DATABASE_UPGRADED
    verified = practice.run("audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    again = practice.run("upgrade", env=practice.unsealed())
    assert "up to date" in again.stdout
