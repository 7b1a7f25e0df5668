"""Not enough disk space: `backup create` and `restore` stop with one line and leave nothing.

The full disk is real: a 512 KiB tmpfs, which needs root to mount (the test
is skipped where it cannot be mounted).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backup.test_backup_cli import (  # noqa: F401 - fixtures
    backup,
    empty_database,
    populated,
    practice,
)
from tests.cli.conftest import assert_one_line_error


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mount = tmp_path / "small-disk"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k,mode=0700", "tmpfs", str(mount)],
        capture_output=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_backup_onto_a_full_disk_is_one_line_and_leaves_nothing(practice, small_disk):  # noqa: F811
    result = practice.run("backup", "create", str(small_disk / "b"), env=practice.unsealed())
    assert_one_line_error(result, "not enough disk space", "MiB needed")
    assert list(small_disk.iterdir()) == []


def test_a_restore_onto_a_full_disk_is_one_line_and_leaves_no_home(
    practice,  # noqa: F811
    tmp_path,
    small_disk,
    empty_database,  # noqa: F811
):
    backup(practice, tmp_path / "b")
    home = small_disk / "home"
    result = practice.run(
        "restore", str(tmp_path / "b"),
        env={**practice.unsealed(), **empty_database, "SEALBOOK_HOME": str(home)},
    )  # fmt: skip
    assert_one_line_error(result, "not enough disk space")
    assert list(small_disk.iterdir()) == []
