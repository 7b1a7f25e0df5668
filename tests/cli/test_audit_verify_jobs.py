"""`sealbook audit verify --jobs N`: runs of the log checked in forked processes, on both backends.

The cutting and joining are tested against every kind of tampering in
tests/core/audit/test_verify_in_parts.py; these tests run the real thing:
forked children reading the real database (on PostgreSQL in the parent's
exported snapshot), and a tampered entry in a child's run named exactly as
reading the log in one process names it.
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from tests.cli.conftest import assert_one_line_error
from tests.cli.test_commands import CSV


@pytest.fixture
def practice(cli):
    cli.initialised()
    imported = cli.run("import", cli.file("clients.csv", CSV), env=cli.unsealed())
    assert imported.returncode == 0, imported.stderr
    return cli


def entries(practice) -> int:
    result = practice.run("audit", "verify", "--jobs", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    return int(re.search(r"verified: (\d+) entries", result.stdout).group(1))


def tamper(practice, seq: int) -> None:
    """Change one entry's outcome as an attacker with database rights would."""
    url = practice.env.get("SEALBOOK_DATABASE_URL")
    if url is None:
        db = sqlite3.connect(practice.home / "sealbook.sqlite3")
        db.execute("DROP TRIGGER audit_auditentry_no_update")
        db.execute("UPDATE audit_auditentry SET outcome = 'forged' WHERE seq = ?", (seq,))
        db.commit()
        db.close()
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute("DROP TRIGGER audit_auditentry_append_only ON audit_auditentry")
        db.execute("UPDATE audit_auditentry SET outcome = 'forged' WHERE seq = %s", (seq,))


def test_several_processes_report_what_one_does(practice):
    one = practice.run("audit", "verify", "--jobs", "1")
    assert one.returncode == 0
    assert "processes" not in one.stdout
    for jobs in ("2", "3"):
        several = practice.run("audit", "verify", "--jobs", jobs)
        assert several.returncode == 0, several.stdout + several.stderr
        assert several.stdout == one.stdout.replace(
            "checkpoints.", f"checkpoints (checked in {jobs} processes)."
        )


def test_a_small_log_is_read_in_one_process_by_default(practice):
    result = practice.run("audit", "verify")
    assert result.returncode == 0
    assert "processes" not in result.stdout


@pytest.mark.parametrize("where", ["first run", "a later run"])
def test_a_tampered_entry_is_named_as_one_process_names_it(practice, where):
    size = entries(practice)
    # Two processes cut the log at size // 2: the parent checks below it, a child the rest.
    seq = 1 if where == "first run" else size - 2
    assert (seq < size // 2) == (where == "first run")
    tamper(practice, seq)
    one = practice.run("audit", "verify", "--jobs", "1")
    two = practice.run("audit", "verify", "--jobs", "2")
    assert one.returncode == two.returncode == 1
    assert f"entry {seq} was modified" in one.stdout
    assert two.stdout == one.stdout


@pytest.mark.parametrize("jobs", ["0", "-1", "two", "65"])
def test_a_bad_process_count_is_one_line(cli, jobs):
    assert_one_line_error(cli.run("audit", "verify", "--jobs", jobs), "--jobs")
