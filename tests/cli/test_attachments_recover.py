"""`sealbook attachments recover --machine NAME`, the real command on real files."""

from __future__ import annotations

import os
import time
import uuid

import pytest

from tests.cli.conftest import assert_one_line_error


@pytest.fixture
def practice(cli, tmp_path):
    shared = tmp_path / "shared"
    cli.env["SEALBOOK_ATTACHMENTS_DIR"] = str(shared)
    cli.env["SEALBOOK_MACHINE_NAME"] = "app1"
    cli.initialised()
    (shared / "incoming").mkdir(parents=True)
    return cli


def left_behind(cli, machine: str, *, days_old: float = 0) -> str:
    """An incoming file a stopped machine left, with no document row (an unsaved upload)."""
    name = uuid.uuid4().hex
    path = incoming(cli) / f"{machine}.4242.{name}.part"
    path.write_bytes(os.urandom(1000))
    then = time.time() - days_old * 86400
    os.utime(path, (then, then))
    return name


def incoming(cli):
    return cli.home.parent / "shared" / "incoming"


def test_a_dry_run_lists_the_files_and_changes_nothing(practice):
    name = left_behind(practice, "app2")
    result = practice.run("attachments", "recover", "--machine", "app2", "--machine-is-down",
                          "--dry-run")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"would delete {name}" in result.stdout
    assert "1 would delete, 0 left in flight (dry run: nothing changed)." in result.stdout
    assert [p.name.split(".")[2] for p in incoming(practice).iterdir()] == [name]


def test_a_stopped_machine_s_unsaved_upload_is_deleted_and_audited(practice):
    left_behind(practice, "app2")
    kept = left_behind(practice, "app3")
    result = practice.run("attachments", "recover", "--machine", "app2", "--machine-is-down",
                          env=practice.unsealed())  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Machine app2: 0 moved into place, 1 deleted, 0 left in flight." in result.stdout
    assert [p.name.split(".")[2] for p in incoming(practice).iterdir()] == [kept]
    assert practice.run("audit", "verify").returncode == 0


def test_files_a_day_old_need_no_word_that_the_machine_is_down(practice):
    left_behind(practice, "app2", days_old=1.1)
    result = practice.run("attachments", "recover", "--machine", "app2", env=practice.unsealed())
    assert result.returncode == 0, result.stderr
    assert list(incoming(practice).iterdir()) == []


def test_every_bad_input_is_one_line_and_touches_nothing(practice):
    left_behind(practice, "app2")
    before = sorted(incoming(practice).iterdir())
    unsealed = practice.unsealed()
    recover = ("attachments", "recover", "--machine")
    assert_one_line_error(practice.run(*recover, "app2", env=unsealed), "may still be running")
    assert_one_line_error(
        practice.run(*recover, "app9", "--machine-is-down", env=unsealed),
        "'app9' has no incoming files", "have: app2",
    )  # fmt: skip
    assert_one_line_error(practice.run(*recover, "app_2", env=unsealed), "letters, digits")
    assert_one_line_error(
        practice.run(*recover, "app1", "--machine-is-down", env=unsealed), "this machine"
    )
    assert_one_line_error(practice.run("attachments", "recover"), "--machine")
    assert_one_line_error(practice.run(*recover, "app2", "--machine-is-down"), "sealed")
    assert_one_line_error(
        practice.run(*recover, "app2", env={**unsealed, "SEALBOOK_ATTACHMENTS_DIR": ""}),
        "not on a shared volume",
    )
    assert sorted(incoming(practice).iterdir()) == before
