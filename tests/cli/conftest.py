"""Running the real `sealbook` command in a subprocess, each test in its own home.

When the suite runs on PostgreSQL, each CLI test gets its own fresh database
(created here and dropped afterwards), so the commands really run there too.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.forkserver import WarmStarter

SEALBOOK = [sys.executable, "-m", "sealbook"]
PASSPHRASE = "a synthetic test passphrase 42"
OWNER_PASSWORD = "owner password for tests 99"


@dataclass
class Cli:
    home: Path
    env: dict[str, str] = field(default_factory=dict)
    # The PostgreSQL database fresh_cli made for this test, if the suite runs there.
    database: str | None = None

    def run(
        self, *args: str, env: dict[str, str] | None = None, stdin: str = ""
    ) -> subprocess.CompletedProcess[str]:
        # Through the warm start (tests/forkserver.py): the same command, in its own
        # process, without importing Django's framework again. The time limit guards
        # against a hang, not a slow machine: with ten test streams on two slow cores a
        # demo of eight clients has taken over three minutes.
        return WARM_START.run([*SEALBOOK, *args], {**self.env, **(env or {})}, stdin, 600)

    def file(self, name: str, contents: str | bytes) -> str:
        path = self.home.parent / name
        path.write_bytes(contents.encode() if isinstance(contents, str) else contents)
        return str(path)

    def init(
        self, *extra: str, owner_password: str = OWNER_PASSWORD, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        _MIGRATED.copy_into(self)
        return self.run(
            "init",
            "--passphrase-file", self.file("passphrase", PASSPHRASE),
            "--owner-email", "owner@practice.example.org",
            "--owner-password-file", self.file("owner-password", owner_password),
            *extra,
            env=env,
        )  # fmt: skip

    def migrated(self) -> None:
        """Start this home from an empty migrated database (see _MigratedDatabase), for a
        test that runs `sealbook init` itself with options `init()` does not pass."""
        _MIGRATED.copy_into(self)

    def initialised(self) -> None:
        """Make this home a copy of a practice `init()` made, for a test that needs one only
        as its starting point (see _InitialisedPractice); `init()` still makes its own."""
        _INITIALISED.copy_into(self)

    def unsealed(self) -> dict[str, str]:
        return {"SEALBOOK_PASSPHRASE_FILE": self.file("passphrase", PASSPHRASE)}

    def files(self) -> list[Path]:
        return sorted(p for p in self.home.rglob("*") if p.is_file())


def _postgres_database() -> Iterator[tuple[str, str] | None]:
    url = os.environ.get("SEALBOOK_DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield None
        return
    parts = urlsplit(url)
    name = f"sealbook_cli_{uuid.uuid4().hex[:12]}"
    with _admin_connection(url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}")), name
    finally:
        with _admin_connection(url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin_connection(url: str) -> Any:
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, dbname="postgres",
        autocommit=True,
    )  # fmt: skip


class _MigratedDatabase:
    """One migrated, empty database per test run, copied for every `Cli.init()`.

    Applying every migration costs about 8 s of CPU in a new process, and dozens of tests
    need an initialised practice only as their starting point. `init` still runs `migrate`
    (it finds nothing to do) and creates the practice for real; the migrations themselves
    run from scratch through `sealbook init` in
    tests/cli/test_commands.py::test_init_with_a_key_file_creates_it_and_unseals_with_it, in
    the demo, and in tests/upgrade. This is what Django's own test runner does when it
    clones a test database.
    """

    def __init__(self) -> None:
        self._folder: Path | None = None
        self._postgresql: str | None = None

    def copy_into(self, cli: Cli) -> None:
        if "SEALBOOK_DATABASE_URL" not in cli.env:
            self.copy_sqlite_into(cli.home)
        elif cli.database is not None:
            template = self._postgresql_template(cli.env["SEALBOOK_DATABASE_URL"])
            with _admin_connection(cli.env["SEALBOOK_DATABASE_URL"]) as conn:
                # Nothing has connected to the test's database yet, so it can be replaced.
                conn.execute(f'DROP DATABASE IF EXISTS "{cli.database}"')
                conn.execute(f'CREATE DATABASE "{cli.database}" TEMPLATE "{template}"')

    def copy_sqlite_into(self, home: Path) -> None:
        if not (home / "sealbook.sqlite3").exists():
            home.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copy2(self._sqlite(), home / "sealbook.sqlite3")

    def _migrate(self, env: dict[str, str]) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "django", "migrate", "--settings=sealbook.settings", "-v0"],
            env=env, capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr

    def _base_env(self) -> dict[str, str]:
        return _command_env()

    def _sqlite(self) -> Path:
        if self._folder is None:
            folder = Path(tempfile.mkdtemp(prefix="sealbook-migrated-"))
            atexit.register(shutil.rmtree, folder, True)
            home = folder / "home"
            home.mkdir(mode=0o700)
            self._migrate({**self._base_env(), "SEALBOOK_HOME": str(home)})
            self._folder = home
        return self._folder / "sealbook.sqlite3"

    def _postgresql_template(self, url: str) -> str:
        if self._postgresql is None:
            name = f"sealbook_cli_migrated_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            with _admin_connection(url) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            atexit.register(self._drop, url, name)
            home = Path(tempfile.mkdtemp(prefix="sealbook-migrated-"))
            atexit.register(shutil.rmtree, home, True)
            parts = urlsplit(url)
            self._migrate({
                **self._base_env(), "SEALBOOK_HOME": str(home / "home"),
                "SEALBOOK_DATABASE_URL": urlunsplit(parts._replace(path=f"/{name}")),
            })  # fmt: skip
            self._postgresql = name
        return self._postgresql

    @staticmethod
    def _drop(url: str, name: str) -> None:
        with _admin_connection(url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_MIGRATED = _MigratedDatabase()


def start_from_migrated_sqlite(home: Path) -> None:
    """Put the run's migrated, empty SQLite database in `home` (a demo served by the
    browser tests); `sealbook demo` then creates its practice there as in a new home."""
    _MIGRATED.copy_sqlite_into(home)


class _InitialisedPractice:
    """One practice made by `Cli.init()` per test run, copied for every `Cli.initialised()`.

    `sealbook init` costs about 1.3 s of CPU (Django's start, two Argon2 derivations: the
    sealed key's and the owner's password), and most tests that call it only need a practice
    to start from. A copy is the practice that command made, byte for byte: its home (sealed
    key, signing key, web secret; the SQLite database) and on PostgreSQL its database, cloned
    as a template. Each test still gets its own copy to change. What `init` itself does is
    tested through `Cli.init()` (tests/cli/test_commands.py, tests/cli/test_hsm.py).
    """

    def __init__(self) -> None:
        self._practice: Cli | None = None

    def copy_into(self, cli: Cli) -> None:
        copy_practice(self._made(cli), cli)

    def _made(self, cli: Cli) -> Cli:
        if self._practice is None:
            folder = Path(tempfile.mkdtemp(prefix="sealbook-initialised-"))
            atexit.register(shutil.rmtree, folder, True)
            # Dropped when the run ends (the generator is closed then), like the migrated one.
            practices = fresh_cli(folder / "home")
            practice = next(practices)
            atexit.register(practices.close)
            result = practice.init()
            assert result.returncode == 0, result.stderr
            self._practice = practice
        assert ("SEALBOOK_DATABASE_URL" in cli.env) == (self._practice.database is not None)
        return self._practice


_INITIALISED = _InitialisedPractice()


def copy_practice(made: Cli, cli: Cli) -> None:
    """Make `cli`'s empty home a copy of the practice in `made`'s: its files and, on
    PostgreSQL, its database (cloned; no command may be running on `made`'s)."""
    assert not cli.home.exists() or not any(cli.home.iterdir()), "the home is not empty"
    shutil.copytree(made.home, cli.home, dirs_exist_ok=True)
    assert (made.database is None) == (cli.database is None), "the two are on other backends"
    if made.database is not None and cli.database is not None:
        with _admin_connection(cli.env["SEALBOOK_DATABASE_URL"]) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{cli.database}"')
            conn.execute(f'CREATE DATABASE "{cli.database}" TEMPLATE "{made.database}"')


def _command_env() -> dict[str, str]:
    """The environment of a test's commands, less the practice's own variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEALBOOK_", "DJANGO_"))}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return env


WARM_START = WarmStarter(_command_env())


def fresh_cli(home: Path) -> Iterator[Cli]:
    """A `Cli` for a new home, with its own PostgreSQL database when the suite runs there.

    A generator: use it with `yield from` in a fixture, so the database is dropped after.
    """
    env = _command_env()
    env["SEALBOOK_HOME"] = str(home)
    for database in _postgres_database():
        if database is None:
            yield Cli(home=home, env=env)
        else:
            env["SEALBOOK_DATABASE_URL"] = database[0]
            yield Cli(home=home, env=env, database=database[1])


def initialised_practices(home: Path) -> Iterator[Cli]:
    """`fresh_cli` with the practice `sealbook init` made once per run copied in: the start
    of a module's shared practice (a generator, like `fresh_cli`)."""
    for cli in fresh_cli(home):
        cli.initialised()
        yield cli


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
