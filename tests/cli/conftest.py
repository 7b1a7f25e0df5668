"""Running the real `sealbook` command in a subprocess, each test in its own home.

When the suite runs on PostgreSQL, each CLI test gets its own fresh database
(created here and dropped afterwards), so the commands really run there too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

SEALBOOK = [sys.executable, "-m", "sealbook"]
PASSPHRASE = "a synthetic test passphrase 42"
OWNER_PASSWORD = "owner password for tests 99"


@dataclass
class Cli:
    home: Path
    env: dict[str, str] = field(default_factory=dict)

    def run(
        self, *args: str, env: dict[str, str] | None = None, stdin: str = ""
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*SEALBOOK, *args],
            env={**self.env, **(env or {})},
            input=stdin,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )

    def file(self, name: str, contents: str | bytes) -> str:
        path = self.home.parent / name
        path.write_bytes(contents.encode() if isinstance(contents, str) else contents)
        return str(path)

    def init(
        self, *extra: str, owner_password: str = OWNER_PASSWORD, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return self.run(
            "init",
            "--passphrase-file", self.file("passphrase", PASSPHRASE),
            "--owner-email", "owner@practice.example.org",
            "--owner-password-file", self.file("owner-password", owner_password),
            *extra,
            env=env,
        )  # fmt: skip

    def unsealed(self) -> dict[str, str]:
        return {"SEALBOOK_PASSPHRASE_FILE": self.file("passphrase", PASSPHRASE)}

    def files(self) -> list[Path]:
        return sorted(p for p in self.home.rglob("*") if p.is_file())


def _postgres_database() -> Iterator[str | None]:
    url = os.environ.get("SEALBOOK_DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield None
        return
    import psycopg

    parts = urlsplit(url)
    name = f"sealbook_cli_{uuid.uuid4().hex[:12]}"
    admin = dict(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, dbname="postgres"
    )
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_cli(home: Path) -> Iterator[Cli]:
    """A `Cli` for a new home, with its own PostgreSQL database when the suite runs there.

    A generator: use it with `yield from` in a fixture, so the database is dropped after.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEALBOOK_", "DJANGO_"))}
    env["SEALBOOK_HOME"] = str(home)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    for database_url in _postgres_database():
        if database_url:
            env["SEALBOOK_DATABASE_URL"] = database_url
        yield Cli(home=home, env=env)


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[Cli]:
    yield from fresh_cli(tmp_path / "home")


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """A failure is exactly one line on stderr, no traceback, and a non-zero exit."""
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sealbook: error: ")
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in fragments:
        assert fragment in lines[0]
