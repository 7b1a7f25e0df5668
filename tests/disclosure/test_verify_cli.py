"""`sealbook audit verify`, the command an auditor runs, catches a changed or deleted
disclosure row (on SQLite and, when the suite runs there, on PostgreSQL).

The module makes a real practice with `sealbook init` and `sealbook import`,
records disclosures through the gate in a separate process (as the web
application would); each test then plays an attacker with full database rights
on its own copy: drop the append-only triggers, change or delete a row, and run
the command.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.cli.conftest import (  # noqa: F401 (the fixture, imported for these tests)
    Cli,
    cli,
    copy_practice,
    fresh_cli,
)

CSV = (
    "first_name,last_name,date_of_birth,phone,email,city,state,zip\n"
    "Quillon,Marbleway,1979-04-03,555-0123-4567,quillon@client.example.net,Sampleton,OR,97001\n"
)

# Records two disclosures of the imported client through the gate: the owner
# answering the client's own request (164.524) twice.
RECORD_DISCLOSURES = """
import datetime
from sealbook.cli.bootstrap import open_practice, setup_django
setup_django()
open_practice(unseal=True, prompt=False)
from sealbook.accounts.models import User
from sealbook.disclosure.gate import DisclosureRequest, Produced, disclose
from sealbook.disclosure.models import Category, LegalBasis
from sealbook.records.models import Client

owner = User.objects.get(role="owner")
owner.sudo_active = True
client = Client.objects.get()
for n in range(2):
    disclose(
        owner,
        DisclosureRequest(
            client=client,
            basis=LegalBasis.CLIENT_REQUEST,
            recipient_name="The client",
            purpose="At the request of the individual",
            categories=frozenset({Category.SERVICE_DATES}),
            to_client=True,
            details={"request_received_on": datetime.date.today().isoformat(),
                     "identity_verified": "yes"},
        ),
        channel="export",
        produce=lambda r, n=n: Produced(f"synthetic copy {n}".encode(), "Records export"),
    )
print("recorded")
"""


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    """One practice with its disclosures for the module; each test tampers with a copy."""
    for made in fresh_cli(tmp_path_factory.mktemp("disclosures") / "home"):
        yield record_disclosures(made)


@pytest.fixture
def practice(cli: Cli, recorded: Cli) -> Cli:  # noqa: F811
    copy_practice(recorded, cli)
    return cli


def record_disclosures(practice: Cli) -> Cli:
    practice.initialised()
    imported = practice.run("import", practice.file("c.csv", CSV), env=practice.unsealed())
    assert imported.returncode == 0, imported.stderr
    made = subprocess.run(
        [sys.executable, "-c", RECORD_DISCLOSURES],
        env={**practice.env, **practice.unsealed()},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert made.returncode == 0 and "recorded" in made.stdout, made.stderr
    verified = practice.run("audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    return practice


class Database:
    """The practice's database, opened as an attacker would: directly, triggers dropped."""

    def __init__(self, practice: Cli) -> None:
        url = practice.env.get("SEALBOOK_DATABASE_URL", "")
        self.postgres = url.startswith("postgres")
        if self.postgres:
            import psycopg

            self.conn: Any = psycopg.connect(url, autocommit=True)
            self.execute("DROP TRIGGER disclosure_disclosure_append_only ON disclosure_disclosure")
        else:
            self.conn = sqlite3.connect(practice.home / "sealbook.sqlite3")
            self.execute("DROP TRIGGER disclosure_disclosure_no_update")
            self.execute("DROP TRIGGER disclosure_disclosure_no_delete")

    def execute(self, statement: str, params: tuple[Any, ...] = ()) -> Any:
        return self.conn.execute(
            statement if self.postgres else statement.replace("%s", "?"), params
        )

    def first_id(self) -> str:
        row = self.execute("SELECT id FROM disclosure_disclosure ORDER BY disclosed_at").fetchone()
        return str(row[0])

    def new_id(self) -> str:
        value = "00000000-0000-4000-8000-000000000000"
        return value if self.postgres else value.replace("-", "")

    def close(self) -> None:
        if not self.postgres:
            self.conn.commit()
        self.conn.close()


def tamper(practice: Cli, change: Callable[[Database], None]) -> None:
    db = Database(practice)
    try:
        change(db)
    finally:
        db.close()


def test_changing_a_disclosure_row_fails_audit_verify(practice):
    tamper(
        practice,
        lambda db: db.execute(
            "UPDATE disclosure_disclosure SET basis = 'treatment', to_client = %s WHERE id = %s",
            (False, db.first_id()),
        ),
    )
    result = practice.run("audit", "verify")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAILS verification" in result.stdout and "disclosure" in result.stdout
    assert "changed" in result.stdout


def test_deleting_a_disclosure_row_fails_audit_verify(practice):
    tamper(
        practice,
        lambda db: db.execute("DELETE FROM disclosure_disclosure WHERE id = %s", (db.first_id(),)),
    )
    result = practice.run("audit", "verify")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAILS verification" in result.stdout and "missing" in result.stdout


def test_a_row_slipped_in_outside_sealbook_fails_audit_verify(practice):
    tamper(
        practice,
        lambda db: db.execute(
            "INSERT INTO disclosure_disclosure (id, client_id, disclosed_at, actor_id, basis, "
            "authorization_id, to_client, recipient_name, recipient_address, purpose, "
            "description, basis_details, categories, information_from, information_to, channel, "
            "content_sha256) SELECT %s, client_id, disclosed_at, actor_id, basis, "
            "authorization_id, to_client, recipient_name, recipient_address, purpose, "
            "description, basis_details, categories, information_from, information_to, channel, "
            "content_sha256 FROM disclosure_disclosure WHERE id = %s",
            (db.new_id(), db.first_id()),
        ),
    )
    result = practice.run("audit", "verify")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "does not match any audit entry" in result.stdout
