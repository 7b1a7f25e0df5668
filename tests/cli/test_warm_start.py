"""The warm start (tests/forkserver.py) gives what a new interpreter gives: the same exit
status, output and errors, from the test's environment, standard input and working folder."""

from __future__ import annotations

import subprocess

import pytest

from tests.cli.conftest import SEALBOOK, WARM_START

pytestmark = pytest.mark.backend_independent

LINES = [
    ("--version",),
    ("frobnicate",),  # an argument error: exit 2, one line on stderr
    ("audit", "verify"),  # no practice in the home: exit 1, one line
    ("deid", "--no-roster", "-"),  # reads standard input
]


@pytest.mark.parametrize("args", LINES, ids=" ".join)
def test_a_command_through_the_warm_start_is_as_in_a_new_interpreter(cli, args):
    stdin = "Kate Moore called from Springfield on 3/4/21.\n"
    warm = WARM_START.run([*SEALBOOK, *args], cli.env, stdin, 60)
    cold = subprocess.run(
        [*SEALBOOK, *args], env=cli.env, input=stdin, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert (warm.returncode, warm.stdout, warm.stderr) == (
        cold.returncode,
        cold.stdout,
        cold.stderr,
    )


def test_the_command_runs_in_the_test_s_working_folder(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "note.txt").write_text("Seen with Kate Moore today.\n", encoding="utf-8")
    result = WARM_START.run([*SEALBOOK, "deid", "--no-roster", "note.txt"], cli.env, "", 60)
    assert result.returncode == 0, result.stderr
    assert "Kate Moore" not in result.stdout and "today" in result.stdout
