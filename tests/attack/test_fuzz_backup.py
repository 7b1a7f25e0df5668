"""The backup reader, given damaged and hostile backups: a one-line refusal, never a crash.

One real backup is made once by the real command (`sealbook backup create`);
each example damages a copy of it (a flipped byte, a cut, bytes appended, a
file removed or slipped in, a manifest or signature replaced by random bytes)
and reads it back with `verify_backup`, which `backup verify` and `restore`
both use. Anything but a clean `BackupError` with a one-line message fails.
A damaged backup given to `sealbook restore` writes nothing into the home.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sealbook.backup.archive import BackupError, verify_backup
from sealbook.backup.keyring import KeyringError, read_keyring
from sealbook.core.errors import SealbookError
from tests.cli.conftest import PASSPHRASE, assert_one_line_error, fresh_cli


@pytest.fixture(scope="module")
def made(cli_practice: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from sealbook.backup.keyring import open_keyring
    from sealbook.core.crypto import sealing

    root = tmp_path_factory.mktemp("attack-backup")
    created = cli_practice.run(
        "backup", "create", str(root / "backup"), env=cli_practice.unsealed()
    )
    assert created.returncode == 0, created.stderr
    keyring = open_keyring(
        root / "keyring.json", sealing.UnsealSecrets(passphrase=PASSPHRASE.encode())
    )
    return {
        "path": root / "backup",
        "keyring": root / "keyring.json",
        "public_key": keyring.public_key,
        "backup_key": keyring.backup_key(),
    }


def files_of(backup: Path) -> list[str]:
    return sorted(p.relative_to(backup).as_posix() for p in backup.rglob("*") if p.is_file())


damage = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 2**20), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(0, 2**20)),
    st.tuples(st.just("append"), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("replace"), st.binary(max_size=256)),
    st.tuples(st.just("remove")),
    st.tuples(st.just("stray"), st.binary(max_size=32)),
)


def apply(backup: Path, name: str, how: tuple[Any, ...]) -> None:
    file = backup / name
    data = file.read_bytes()
    if how[0] == "flip" and data:
        at = how[1] % len(data)
        file.write_bytes(data[:at] + bytes([data[at] ^ how[2]]) + data[at + 1 :])
    elif how[0] == "cut":
        file.write_bytes(data[: how[1] % max(len(data), 1)])
    elif how[0] == "append":
        file.write_bytes(data + how[1])
    elif how[0] == "replace":
        file.write_bytes(how[1])
    elif how[0] == "remove":
        file.unlink()
    elif how[0] == "stray":
        (file.parent / "stray-file").write_bytes(how[1])


def read_back(backup: Path, made: dict[str, Any]) -> None:
    """Verify; a refusal must be a BackupError in one line."""
    try:
        verify_backup(backup, made["public_key"], backup_key=made["backup_key"])
    except BackupError as exc:
        assert "\n" not in str(exc) and str(exc)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(draw=st.data())
def test_a_damaged_backup_is_refused_in_one_line(made, tmp_path_factory, draw):
    backup = tmp_path_factory.mktemp("damaged") / "backup"
    shutil.copytree(made["path"], backup)
    names = files_of(backup)
    for _ in range(draw.draw(st.integers(1, 3), label="how many")):
        name = draw.draw(st.sampled_from(names), label="file")
        if (backup / name).exists():
            apply(backup, name, draw.draw(damage, label="damage"))
    read_back(backup, made)


def test_the_undamaged_backup_verifies(made):
    assert verify_backup(made["path"], made["public_key"], backup_key=made["backup_key"])


@settings(max_examples=40, deadline=None)
@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_a_hostile_keyring_file_is_refused_in_one_line(tmp_path_factory, raw):
    file = tmp_path_factory.mktemp("keyring") / "keyring.json"
    file.write_bytes(raw)
    try:
        read_keyring(file)
    except (KeyringError, SealbookError) as exc:
        assert "\n" not in str(exc)


@pytest.mark.parametrize(
    "value", [None, [], "x", 1, {"files": "x"}, {"sealbook_backup": 2, "files": [1]}]
)
def test_a_keyring_of_the_wrong_shape_is_refused_in_one_line(tmp_path, value):
    file = tmp_path / "keyring.json"
    file.write_text(json.dumps(value))
    with pytest.raises(SealbookError):
        read_keyring(file)


def test_restoring_a_damaged_backup_refuses_in_one_line_and_writes_nothing(made, tmp_path):
    backup = tmp_path / "backup"
    shutil.copytree(made["path"], backup)
    apply(backup, "database.sbs", ("flip", 100, 1))
    for cli in fresh_cli(tmp_path / "restored-home"):
        result = cli.run(
            "restore", str(backup), "--keyring", str(made["keyring"]), env=cli.unsealed()
        )
        assert_one_line_error(result)
        assert not cli.home.exists() or cli.files() == []
