"""Every CLI operation that touches client data refuses while the practice cannot be unsealed.

The CLI part of issue 4's exhaustive authorization table. The operator of the
command line holds no user account: the practice secret is the authority, so
the rule is that without it (no secret configured, or the wrong one) no
command reads, writes, exports or destroys client data. Each such command
answers with one line on stderr and a non-zero exit, and leaves every file
as it was. A few commands are meant to run sealed and say what they do
instead (de-identify without the roster, verify a backup's hashes only,
serve the sealed page). The rest touch no client data at all and are listed
with the reason. A registered command in neither list fails the test.

One practice (sealed with a key file, the fast backend) serves the whole
module. Starting Python and Django costs about a second a process, so the
commands run in one "zygote" process that starts Django once and forks a
child per command: each child sets its own environment, runs the real
`sealbook` entry point with its stdout and stderr on files of their own, and
exits with its return code, as `python -m sealbook` would. The unseal secret
is read from the environment when a command runs, never when Django starts,
so each child sees only its own. A restore goes to another home, so it runs
as a plain process; serving sealed is checked on a real server.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sealbook.core.crypto import sealing
from tests.cli.conftest import SEALBOOK, Cli, assert_one_line_error, fresh_cli

OWNER = "owner@practice.example.org"
CSV = (
    "first_name,last_name,date_of_birth,phone,city,state,zip\n"
    "Quillon,Marbleway,1979-04-03,555-0123-4567,Sampleton,OR,97001\n"
)
CLIENT_NAME = "Marbleway"
# What the practice says when it is asked to open without a secret, or with the wrong one.
SEALED = "the practice is sealed"
WRONG = "does not unseal"

# How a command behaves with no secret configured. With the wrong secret, every
# command in the table refuses.
REFUSES = "refuses"
WITHOUT_ROSTER = "runs on the general detectors only"
HASHES_ONLY = "verifies hashes and signature only"
SEALED_PAGE = "serves the sealed page only"


@dataclass(frozen=True)
class Operation:
    command: tuple[str, ...]
    args: tuple[str, ...]
    without_secret: str = REFUSES


# Placeholders in `args`, filled in from the module's practice.
CLIENT_ID, CSV_FILE, TEXT_FILE, KIT_FILE, BACKUP, NEW_SECRET, OUT = (
    "{client}", "{csv}", "{text}", "{kit}", "{backup}", "{new-secret}", "{out}",
)  # fmt: skip

OPERATIONS = (
    Operation(("import",), (CSV_FILE,)),
    Operation(("keys", "rotate"), ("--new-key-file", NEW_SECRET)),
    Operation(("custodian", "takeover"), ("--kit", KIT_FILE, "--custodian", OWNER)),
    Operation(("deid",), (TEXT_FILE,), without_secret=WITHOUT_ROSTER),
    Operation(("leak-check",), (TEXT_FILE,), without_secret=WITHOUT_ROSTER),
    Operation(("backup", "create"), (OUT + "/backup",)),
    Operation(("backup", "verify"), (BACKUP,), without_secret=HASHES_ONLY),
    Operation(("backup", "keyring"), (OUT + "/keyring.json",)),
    Operation(("restore",), (BACKUP,)),
    Operation(("retention",), ("--all",)),
    Operation(("retention", "hold"), (CLIENT_ID, "--reason", "litigation hold", "--by", OWNER)),
    Operation(("retention", "release"), (CLIENT_ID, "--by", OWNER)),
    Operation(("retention", "destroy"), (CLIENT_ID, "--by", OWNER, "--new-key-file", NEW_SECRET)),
    # Exporting a checkpoint signs it with the practice's audit key (without --export
    # the command prints the stored signed head: a size and hashes, no client data).
    Operation(("audit", "checkpoint"), ("--export", OUT + "/checkpoint.txt")),
    Operation(("serve",), ("--port", "{port}"), without_secret=SEALED_PAGE),
    # Applies nothing on an up-to-date database, but is audited, so it unseals first.
    Operation(("upgrade",), ()),
    # Sends due appointment reminders: reads clients' addresses.
    Operation(("worker",), ("--once",)),
)

# Registered commands that read or write no client data, and why.
NO_CLIENT_DATA = {
    ("init",): "creates a new practice and refuses a home that holds one",
    ("demo",): "makes and serves a synthetic practice; refuses a real practice's home",
    ("audit", "verify"): "checks hashes and signatures; never decrypts an entry's detail",
    ("check",): "reports the deployment's configuration, never a record",
    ("attachments", "recover"): "moves or deletes ciphertext files by their random names; reads "
    "no record (it unseals only to encrypt its audit entry's counts)",
}


def registered_commands() -> set[tuple[str, ...]]:
    """Every command path the `sealbook` parser accepts that runs a handler of its own."""
    from sealbook.cli.main import build_parser

    found: set[tuple[str, ...]] = set()

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> None:
        if path and parser.get_default("handler") is not None:
            found.add(path)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, (*path, name))

    walk(build_parser(), ())
    return found


def test_every_registered_command_is_in_the_table_or_listed_as_touching_no_client_data() -> None:
    registered = registered_commands()
    tabled = {op.command for op in OPERATIONS}
    assert not tabled & set(NO_CLIENT_DATA), "a command cannot be in both lists"
    unlisted = registered - tabled - set(NO_CLIENT_DATA)
    assert not unlisted, f"add {sorted(unlisted)} to OPERATIONS (client data) or NO_CLIENT_DATA"
    gone = (tabled | set(NO_CLIENT_DATA)) - registered
    assert not gone, f"the table names commands that no longer exist: {sorted(gone)}"


# The module's practice and the runs -----------------------------------------


@dataclass
class Practice:
    cli: Cli
    values: dict[str, str]
    restore_home: Path

    def argv(self, op: Operation) -> list[str]:
        args = []
        for arg in op.args:
            for placeholder, value in self.values.items():
                arg = arg.replace(placeholder, value)
            args.append(arg)
        return [*op.command, *args]

    def env(self, op: Operation, secret: dict[str, str]) -> dict[str, str]:
        env = {**self.cli.env, **secret}
        if op.command == ("restore",):
            # A restore goes into a new, empty home (SQLite there, whatever the suite uses).
            env["SEALBOOK_HOME"] = str(self.restore_home)
            env.pop("SEALBOOK_DATABASE_URL", None)
        return env


def free_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return str(sock.getsockname()[1])


@pytest.fixture(scope="module")
def practice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Practice]:
    """One practice with one synthetic client and one backup, sealed with a key file."""
    root = tmp_path_factory.mktemp("cli-operations")
    home = root / "home"
    for cli in fresh_cli(home):
        key_file = str(root / "practice.key")
        cli.migrated()
        made = cli.run(
            "init", "--key-file", key_file, "--owner-email", OWNER,
            "--owner-password-file", cli.file("owner-password", "owner password for tests 99"),
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        right = {"SEALBOOK_KEY_FILE": key_file}
        assert cli.run("import", cli.file("clients.csv", CSV), env=right).returncode == 0
        made_backup = cli.run("backup", "create", str(root / "backup"), env=right)
        assert made_backup.returncode == 0, made_backup.stderr
        listed = cli.run("retention", "--all", env=right)
        client_ids = [line.split()[0] for line in listed.stdout.splitlines() if "destroy" in line]
        assert len(client_ids) == 1, listed.stdout
        (root / "out").mkdir()
        yield Practice(
            cli=cli,
            values={
                CLIENT_ID: client_ids[0],
                CSV_FILE: cli.file("more-clients.csv", CSV),
                TEXT_FILE: cli.file("draft.txt", "How do you handle no-shows at a practice?\n"),
                KIT_FILE: cli.file("kit.txt", "not a custodian kit\n"),
                BACKUP: str(root / "backup"),
                NEW_SECRET: cli.file("new.key", sealing.new_key_file()),
                OUT: str(root / "out"),
                "{port}": free_port(),
            },
            restore_home=root / "restored-home",
        )


SECRETS = ("no secret", "wrong secret")
# Every operation under both conditions, except serving sealed, which does not
# exit: test_serve_without_a_secret_... starts a real server for it.
CASES = [
    (op, secret)
    for op in OPERATIONS
    for secret in SECRETS
    if not (secret == "no secret" and op.without_secret == SEALED_PAGE)
]


# Runs jobs (JSON on stdin: argv, env, stdout and stderr paths) and prints their exit codes.
ZYGOTE = r"""
import json, os, sys, time, traceback

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sealbook.settings")
import django

django.setup()
from django.db import connections

from sealbook.cli.main import main

connections.close_all()  # no connection may cross a fork
codes = []
for job in json.load(sys.stdin):
    pid = os.fork()
    if pid == 0:
        try:
            for fd, path in ((1, job["stdout"]), (2, job["stderr"])):
                os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            os.environ.clear()
            os.environ.update(job["env"])
            code = main(job["argv"])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            traceback.print_exc()
            code = 99
        connections.close_all()  # as a normal exit would, so SQLite tidies its WAL files
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    deadline = time.monotonic() + 60
    while (done := os.waitpid(pid, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    if done[0] == 0:
        os.kill(pid, 9)
        done = os.waitpid(pid, 0)
    codes.append(os.waitstatus_to_exitcode(done[1]))
print(json.dumps(codes))
"""


def run_forked(
    jobs: list[tuple[list[str], dict[str, str]]], env: dict[str, str], scratch: Path
) -> list[subprocess.CompletedProcess[str]]:
    """Run each (argv, env) as `sealbook argv` in a child of one Django-ready process."""
    specs = [
        {"argv": argv, "env": job_env, "stdout": str(scratch / f"{i}.out"),
         "stderr": str(scratch / f"{i}.err")}
        for i, (argv, job_env) in enumerate(jobs)
    ]  # fmt: skip
    zygote = subprocess.run(
        [sys.executable, "-c", ZYGOTE],
        env=env,
        input=json.dumps(specs),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert zygote.returncode == 0, zygote.stderr
    codes = json.loads(zygote.stdout)
    return [
        subprocess.CompletedProcess(
            ["sealbook", *spec["argv"]],
            code,
            Path(spec["stdout"]).read_text(),
            Path(spec["stderr"]).read_text(),
        )
        for spec, code in zip(specs, codes, strict=True)
    ]


@pytest.fixture(scope="module")
def runs(
    practice: Practice, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[tuple[str, ...], str], subprocess.CompletedProcess[str]]:
    """Every operation under both conditions; every file checked unchanged afterwards."""
    wrong = {"SEALBOOK_KEY_FILE": practice.cli.file("wrong.key", sealing.new_key_file())}
    conditions: dict[str, dict[str, str]] = {"no secret": {}, "wrong secret": wrong}
    jobs = CASES
    before = snapshot(practice.cli.home)
    results = {}
    forked = [(op, s) for op, s in jobs if op.command != ("restore",)]
    outcomes = run_forked(
        [(practice.argv(op), practice.env(op, conditions[s])) for op, s in forked],
        practice.cli.env,
        tmp_path_factory.mktemp("cli-outputs"),
    )
    results.update(zip(((op.command, s) for op, s in forked), outcomes, strict=True))
    for op, secret in jobs:
        if op.command == ("restore",):
            results[(op.command, secret)] = subprocess.run(
                [*SEALBOOK, *practice.argv(op)],
                env=practice.env(op, conditions[secret]),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
    assert snapshot(practice.cli.home) == before, "a refused command changed the practice's files"
    assert not practice.restore_home.exists() or not any(practice.restore_home.rglob("*"))
    assert not any(Path(practice.values[OUT]).iterdir()), "a refused command wrote its output"
    return results


def snapshot(home: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("op", "secret"), CASES, ids=[f"{' '.join(op.command)}, {s}" for op, s in CASES]
)
def test_operation_on_client_data_needs_the_practice_secret(
    op: Operation,
    secret: str,
    runs: dict[tuple[tuple[str, ...], str], subprocess.CompletedProcess[str]],
) -> None:
    result = runs[(op.command, secret)]
    assert CLIENT_NAME not in result.stdout + result.stderr
    if secret == "wrong secret" or op.without_secret == REFUSES:
        assert_one_line_error(result, SEALED if secret == "no secret" else WRONG)
    elif op.without_secret == WITHOUT_ROSTER:
        # It says so in one line, and still does its general job on text with no identifier.
        assert result.returncode == 0, result.stderr
        assert "without the" in result.stderr and "roster" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    elif op.without_secret == HASHES_ONLY:
        assert result.returncode == 0, result.stderr
        assert "hashes and signature" in result.stdout
        assert "decrypted" not in result.stdout
    else:
        pytest.fail(f"no check for {op.without_secret!r}")


def test_serve_without_a_secret_shows_the_sealed_page_and_no_client_data(
    practice: Practice,
) -> None:
    port = free_port()
    server = subprocess.Popen(
        [*SEALBOOK, "serve", "--port", port],
        env=practice.cli.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        status, body = wait_for_answer(f"http://127.0.0.1:{port}/clients/", server)
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=20)
    assert status == 503
    assert "This practice is sealed" in body
    assert CLIENT_NAME not in body
    assert "serving the sealed page only" in stderr


def wait_for_answer(url: str, server: subprocess.Popen[str]) -> tuple[int, str]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "sealbook serve exited without a secret"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own URL
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise AssertionError("sealbook serve did not answer")


def test_demo_refuses_the_home_of_a_real_practice(practice: Practice) -> None:
    assert_one_line_error(practice.cli.run("demo", "--no-serve"), "not a demo")
