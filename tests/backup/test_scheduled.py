"""`sealbook serve --backup-every HOURS --backup-dir DIR`, and `sealbook check` on backups."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time

import pytest

from tests.backup.test_backup_cli import tool
from tests.backup.test_crash import free_port
from tests.cli.conftest import assert_one_line_error

BACKUP_ITEM = "164.308(a)(7)(ii)(A) data backup"


def backup_line(result: subprocess.CompletedProcess[str]) -> str:
    # The item's own line ("[status] item: ..."), not the daily self-check's summary,
    # which may name the item among those that failed in its last run.
    [line] = [
        line for line in result.stdout.splitlines()
        if line.startswith("[") and BACKUP_ITEM in line
    ]  # fmt: skip
    return line


@pytest.mark.slow
def test_the_server_makes_a_verified_backup_that_check_then_reports(cli, tmp_path):
    cli.initialised()
    tool(cli, "populate", "1")
    before = cli.run("check", env=cli.unsealed())
    assert before.returncode != 0
    assert "fail]" in backup_line(before).lower() and "no verified backup" in backup_line(before)
    folder = tmp_path / "scheduled"
    folder.mkdir()
    server = subprocess.Popen(
        [sys.executable, "-m", "sealbook", "serve", "--port", str(free_port()),
         "--backup-every", "24", "--backup-dir", str(folder)],
        env={**cli.env, **cli.unsealed()}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    # The files appear before the backup is verified and recorded; wait for the server's word.
    said: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [said.put(line) for line in server.stdout], daemon=True).start()
    out = ""
    try:
        deadline = time.monotonic() + 120
        while "written and verified" not in out and time.monotonic() < deadline:
            try:
                out += said.get(timeout=0.5)
            except queue.Empty:
                if server.poll() is not None:
                    break
        [backup] = folder.glob("sealbook-*")
    finally:
        server.terminate()
        server.wait(timeout=30)
        err = server.stderr.read()
    assert "written and verified" in out, err
    assert not [p for p in folder.iterdir() if ".partial-" in p.name]
    verify = cli.run("backup", "verify", str(backup), env=cli.unsealed())
    assert verify.returncode == 0 and "every chunk decrypted" in verify.stdout
    after = cli.run("check", env=cli.unsealed())
    line = backup_line(after)
    assert "pass]" in line and "newest verified backup is 0.0 hours old (limit 26)" in line


@pytest.mark.parametrize(
    "args,message",
    [
        (["--backup-every", "24"], "go together"),
        (["--backup-dir", "{tmp}"], "go together"),
        (["--backup-every", "0", "--backup-dir", "{tmp}"], "positive number of hours"),
        (["--backup-every", "24", "--backup-dir", "{tmp}/missing"], "is not a folder"),
    ],
)
def test_bad_backup_options_are_one_line_errors(cli, tmp_path, args, message):
    # Refused before the practice is opened: no practice is needed to show it.
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = cli.run("serve", "--port", str(free_port()), *args, env=cli.unsealed())
    assert_one_line_error(result, message)


def test_scheduled_backups_need_the_practice_unsealed(cli, tmp_path):
    cli.initialised()
    result = cli.run(
        "serve", "--port", str(free_port()), "--backup-every", "24", "--backup-dir", str(tmp_path)
    )
    assert_one_line_error(result, "unsealed")
