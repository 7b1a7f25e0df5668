"""A backup whose entries were swapped for things that never end is refused at once.

A symlink to /dev/zero, a FIFO with no writer or a sparse file of a terabyte
kept `backup verify` and `restore` reading for ever. Each case here must fail
in one line well within the time limit, and leave no home behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backup.test_backup_cli import backup, empty_database, tool  # noqa: F401
from tests.cli.conftest import SEALBOOK, Cli, assert_one_line_error, fresh_cli

# Generous for a loaded machine; today's code never finishes any of these cases.
LIMIT_SECONDS = 60

# The archive's entries are refused as files, before any of them is read as a database:
# the same whichever backend made the backup, so scripts/test.sh runs this on SQLite only.
pytestmark = pytest.mark.backend_independent


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    """One practice and its backup for the whole module: every test alters only a copy."""
    root = tmp_path_factory.mktemp("hostile-entries")
    for cli in fresh_cli(root / "home"):
        cli.initialised()
        tool(cli, "populate", "1")
        backup(cli, root / "original")
        yield cli


@pytest.fixture
def original(made: Cli) -> Path:
    return made.home.parent / "original"


def run(cli, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [*SEALBOOK, *args],
            env={**cli.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=LIMIT_SECONDS,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`sealbook {args[0]}` was still reading after {LIMIT_SECONDS} s")


def _an_attachment(copy: Path) -> Path:
    return next((copy / "attachments").iterdir())


def database_links_to_dev_zero(copy: Path) -> None:
    (copy / "database.sbs").unlink()
    (copy / "database.sbs").symlink_to("/dev/zero")


def manifest_links_to_dev_zero(copy: Path) -> None:
    (copy / "manifest.json").unlink()
    (copy / "manifest.json").symlink_to("/dev/zero")


def attachment_is_a_fifo(copy: Path) -> None:
    victim = _an_attachment(copy)
    victim.unlink()
    os.mkfifo(victim)


def attachment_is_a_huge_sparse_file(copy: Path) -> None:
    victim = _an_attachment(copy)
    with open(victim, "r+b") as f:
        f.truncate(2**40)


def attachments_folder_is_a_link(copy: Path) -> None:
    moved = copy.with_name(copy.name + "-elsewhere")
    (copy / "attachments").rename(moved)
    (copy / "attachments").symlink_to(moved)


def unlisted_fifo(copy: Path) -> None:
    os.mkfifo(copy / "attachments" / ("0" * 32))


CASES = [
    database_links_to_dev_zero,
    manifest_links_to_dev_zero,
    attachment_is_a_fifo,
    attachment_is_a_huge_sparse_file,
    attachments_folder_is_a_link,
    unlisted_fifo,
]


@pytest.mark.parametrize("swap", CASES, ids=[c.__name__ for c in CASES])
def test_verify_and_restore_refuse_an_entry_that_is_not_a_regular_file(
    made,
    original,
    tmp_path,
    empty_database,  # noqa: F811
    swap,
):
    copy = tmp_path / "copy"
    shutil.copytree(original, copy)
    swap(copy)
    keyring = str(tmp_path / "keyring.json")
    verify = run(made, "backup", "verify", str(copy), "--keyring", keyring)
    assert verify.returncode == 1 and "FAILS verification" in verify.stdout, verify.stdout
    assert len(verify.stdout.strip().splitlines()) == 1
    restored_home = tmp_path / "restored"
    restore = run(
        made, "restore", str(copy), "--keyring", keyring,
        env={**made.unsealed(), **empty_database, "SEALBOOK_HOME": str(restored_home)},
    )  # fmt: skip
    assert_one_line_error(restore)
    assert not restored_home.exists()


def test_a_keyring_that_links_to_dev_zero_is_refused(made, original, tmp_path, empty_database):  # noqa: F811
    keyring = tmp_path / "zero-keyring.json"
    keyring.symlink_to("/dev/zero")
    restored_home = tmp_path / "restored"
    restore = run(
        made, "restore", str(original), "--keyring", str(keyring),
        env={**made.unsealed(), **empty_database, "SEALBOOK_HOME": str(restored_home)},
    )  # fmt: skip
    assert_one_line_error(restore, "keyring", "not a regular file")
    assert not restored_home.exists()


def test_an_untouched_backup_still_verifies(made, original):
    verify = run(made, "backup", "verify", str(original))
    assert verify.returncode == 0, verify.stdout + verify.stderr
