"""Backups as an operator makes them: the restore drill, tampering, crypto-shredding.

Each test runs the real `sealbook` command in a subprocess, on SQLite or (when
SEALBOOK_DATABASE_URL names PostgreSQL) on a fresh PostgreSQL database; a
restore goes into a second fresh database.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import blake3
import pytest

from tests.cli.conftest import (
    Cli,
    assert_one_line_error,
    copy_practice,
    fresh_cli,
    initialised_practices,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def populated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    """One practice with three clients for the module; each test changes a copy of it."""
    for cli in initialised_practices(tmp_path_factory.mktemp("populated") / "home"):
        tool(cli, "populate", "3")
        yield cli


@pytest.fixture
def practice(cli, populated):
    copy_practice(populated, cli)
    return cli


@pytest.fixture(scope="module")
def backed_up(
    tmp_path_factory: pytest.TempPathFactory, populated: Cli
) -> Iterator[tuple[Cli, Path]]:
    """One practice and one backup of it, for the tests that only read the backup or alter
    a copy (a practice and its backup are about 2.5 s of CPU to make)."""
    root = tmp_path_factory.mktemp("backed-up")
    for cli in fresh_cli(root / "home"):
        copy_practice(populated, cli)
        (root / "backups").mkdir()
        backup(cli, root / "backups" / "b")
        yield cli, root / "backups" / "b"


@pytest.fixture
def empty_database(cli) -> Iterator[dict[str, str]]:
    """Environment naming an empty database for a restore (same backend as the practice)."""
    url = cli.env.get("SEALBOOK_DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield {}
        return
    import psycopg

    parts = urlsplit(url)
    name = f"sealbook_restore_{uuid.uuid4().hex[:12]}"
    admin = dict(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, dbname="postgres"
    )
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"SEALBOOK_DATABASE_URL": urlunsplit(parts._replace(path=f"/{name}"))}
    finally:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def tool(cli, *args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "tests.backup.practice_tool", *args],
        env={**cli.env, **cli.unsealed(), **(env or {})},
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def dump(cli, env: dict[str, str] | None = None) -> dict:
    return json.loads(tool(cli, "dump", env=env))


def backup(cli, path: Path) -> subprocess.CompletedProcess[str]:
    result = cli.run("backup", "create", str(path), env=cli.unsealed())
    assert result.returncode == 0, result.stderr
    return result


def back_up_then_destroy(practice, backups: Path, doomed: str) -> dict[str, str]:
    """Back the practice up into `backups`/before, then destroy `doomed` for good.

    Destruction reseals the practice key with a new passphrase; returns the
    environment that unseals the practice from then on.
    """
    backups.mkdir()
    backup(practice, backups / "before")
    new_passphrase = practice.file("new-passphrase", "the new practice passphrase 77")
    destroy = practice.run(
        "retention", "destroy", doomed, "--by", "owner@practice.example.org",
        "--new-passphrase-file", new_passphrase, env=practice.unsealed(), stdin="destroy 1\n",
    )  # fmt: skip
    assert destroy.returncode == 0, destroy.stderr
    return {"SEALBOOK_PASSPHRASE_FILE": new_passphrase}


def test_the_restore_drill_gives_back_every_record_attachment_and_the_audit_head(
    practice, tmp_path, empty_database
):
    before = dump(practice)
    assert len(before["clients"]) == 3 and len(before["documents"]) == 9
    backups = tmp_path / "backups"
    backups.mkdir()
    backup(practice, backups / "one")
    assert (backups / "keyring.json").exists()
    # On PostgreSQL the snapshot is pg_dump's, loaded back with psql.
    on_postgres = practice.env.get("SEALBOOK_DATABASE_URL", "").startswith("postgres")
    manifest = json.loads((backups / "one" / "manifest.json").read_text())
    assert manifest["database"] == ("postgresql" if on_postgres else "sqlite")
    # The backup's snapshot holds every entry up to `backup create` unsealing the practice.
    original_chain = dump(practice)["audit"]["chain"]
    snapshot_size = before["audit"]["size"] + 1
    shutil.rmtree(practice.home)
    result = practice.run(
        "restore", str(backups / "one"), env={**practice.unsealed(), **empty_database}
    )
    assert result.returncode == 0, result.stderr
    assert f"audit log verified ({snapshot_size} entries, root " in result.stdout
    after = dump(practice, env=empty_database)
    assert after["clients"] == before["clients"]
    assert after["notes"] == before["notes"]
    assert after["documents"] == before["documents"]
    assert after["audit"]["chain"][:snapshot_size] == original_chain[:snapshot_size]
    verify = practice.run("audit", "verify", env=empty_database)
    assert verify.returncode == 0, verify.stdout


def test_a_backup_names_each_file_s_hash_blake3_for_what_is_stored_now(backed_up):
    _, made = backed_up
    manifest = json.loads((made / "manifest.json").read_text())
    assert manifest["sealbook_backup"] == 2
    for entry in manifest["files"]:
        assert set(entry) == {"path", "size", "blake3"}
        assert entry["blake3"] == blake3.blake3((made / entry["path"]).read_bytes()).hexdigest()


def test_a_format_1_backup_of_sha256_fingerprints_still_verifies_and_restores(
    practice, tmp_path, empty_database
):
    # Documents stored before BLAKE3 keep their SHA-256; a new backup carries it as such.
    tool(practice, "sha256-documents")
    before = dump(practice)
    backup(practice, tmp_path / "b")
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    hashes = {entry["path"]: set(entry) - {"path", "size"} for entry in manifest["files"]}
    assert hashes.pop("database.sbs") == {"blake3"}
    assert set(map(frozenset, hashes.values())) == {frozenset({"sha256"})}
    # The same backup as format 1 wrote it: SHA-256 for every file, signed by the practice.
    tool(practice, "format-1", str(tmp_path / "b"))
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["sealbook_backup"] == 1
    assert all(set(entry) == {"path", "size", "sha256"} for entry in manifest["files"])
    verified = practice.run("backup", "verify", str(tmp_path / "b"))
    assert verified.returncode == 0 and "hashes and signature" in verified.stdout
    shutil.rmtree(practice.home)
    result = practice.run(
        "restore", str(tmp_path / "b"), "--keyring", str(tmp_path / "keyring.json"),
        env={**practice.unsealed(), **empty_database},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert dump(practice, env=empty_database)["documents"] == before["documents"]


def test_a_backup_holds_no_key_and_no_plaintext(backed_up):
    _, made = backed_up
    for path in made.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            assert b"Synthia" not in raw and b"Testperson" not in raw and b"sealed_kek" not in raw
    manifest = json.loads((made / "manifest.json").read_text())
    assert {f["path"] for f in manifest["files"]} >= {"database.sbs"}
    assert len([f for f in manifest["files"] if f["path"].startswith("attachments/")]) == 9


def test_backup_verify_checks_every_byte_and_the_signature(backed_up):
    practice, made = backed_up
    ok = practice.run("backup", "verify", str(made), env=practice.unsealed())
    assert ok.returncode == 0 and "every chunk decrypted" in ok.stdout
    sealed = practice.run("backup", "verify", str(made))
    assert sealed.returncode == 0 and "hashes and signature" in sealed.stdout


def _tamper_cases():
    def flip_database(b: Path) -> None:
        data = bytearray((b / "database.sbs").read_bytes())
        data[len(data) // 2] ^= 1
        (b / "database.sbs").write_bytes(bytes(data))

    def truncate_attachment(b: Path) -> None:
        path = max((b / "attachments").iterdir(), key=lambda p: p.stat().st_size)
        path.write_bytes(path.read_bytes()[:-100])

    def drop_attachment(b: Path) -> None:
        next((b / "attachments").iterdir()).unlink()

    def add_file(b: Path) -> None:
        (b / "attachments" / ("ab" * 16)).write_bytes(b"extra")

    def edit_manifest(b: Path) -> None:
        text = (b / "manifest.json").read_text()
        (b / "manifest.json").write_text(
            text.replace('"sqlite"', '"SQLITE"').replace('"postgresql"', '"POSTGRESQL"')
        )

    return [flip_database, truncate_attachment, drop_attachment, add_file, edit_manifest]


def test_every_alteration_of_a_backup_fails_verification_and_restore(
    backed_up, tmp_path, empty_database
):
    practice, made = backed_up
    keyring = made.parent / "keyring.json"
    for tamper in _tamper_cases():
        copy = tmp_path / tamper.__name__
        shutil.copytree(made, copy)
        tamper(copy)
        result = practice.run("backup", "verify", str(copy), "--keyring", str(keyring))
        assert result.returncode == 1 and "FAILS verification" in result.stdout, tamper.__name__
        restored_home = tmp_path / "restored"
        restore = practice.run(
            "restore", str(copy), "--keyring", str(keyring),
            env={**practice.unsealed(), **empty_database, "SEALBOOK_HOME": str(restored_home)},
        )  # fmt: skip
        assert_one_line_error(restore)
        assert not restored_home.exists()
        assert not [p for p in tmp_path.iterdir() if ".restoring-" in p.name]


def test_restore_with_the_wrong_secret_or_into_a_full_home_is_one_line_and_writes_nothing(
    practice, tmp_path, empty_database
):
    backup(practice, tmp_path / "b")
    wrong = {"SEALBOOK_PASSPHRASE_FILE": practice.file("wrong", "not the passphrase")}
    restored_home = tmp_path / "restored"
    result = practice.run(
        "restore",
        str(tmp_path / "b"),
        env={**wrong, **empty_database, "SEALBOOK_HOME": str(restored_home)},
    )
    assert_one_line_error(result, "passphrase does not unseal")
    assert not restored_home.exists()
    assert_one_line_error(
        practice.run("restore", str(tmp_path / "b"), env=practice.unsealed()), "not empty"
    )


def test_backup_create_refuses_an_existing_path_and_needs_the_secret(practice, tmp_path):
    (tmp_path / "taken").mkdir()
    assert_one_line_error(
        practice.run("backup", "create", str(tmp_path / "taken"), env=practice.unsealed()),
        "already exists",
    )
    assert_one_line_error(practice.run("backup", "create", str(tmp_path / "new")))
    assert not (tmp_path / "new").exists()


def test_crypto_shredding_makes_a_client_unreadable_in_a_backup_made_before(
    practice, tmp_path, empty_database
):
    before = dump(practice)
    doomed, *others = sorted(before["clients"])
    backups = tmp_path / "backups"
    new_secret = back_up_then_destroy(practice, backups, doomed)
    old_keyring = backups / "keyring.json"
    assert (
        practice.run(
            "backup", "keyring", str(tmp_path / "keyring-now.json"), env=new_secret
        ).returncode
        == 0
    )
    assert practice.run("audit", "verify").returncode == 0
    # The home is lost; the only copy of the data is the backup made before the destruction.
    shutil.rmtree(practice.home)
    # The keyring written with that backup is sealed under the old secret, now replaced.
    stale = practice.run(
        "restore",
        str(backups / "before"),
        "--keyring",
        str(old_keyring),
        env={**new_secret, **empty_database},
    )
    assert_one_line_error(stale, "passphrase does not unseal")
    result = practice.run(
        "restore", str(backups / "before"), "--keyring", str(tmp_path / "keyring-now.json"),
        env={**new_secret, **empty_database},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 clients in this backup have no key" in result.stdout and doomed in result.stdout
    after = dump(practice, env={**new_secret, **empty_database})
    assert after["clients"][doomed] == "UNREADABLE"
    for other in others:
        assert after["clients"][other] == before["clients"][other]
    doomed_docs = [d for d, v in after["documents"].items() if v == "UNREADABLE"]
    assert len(doomed_docs) == 3
    assert {k: v for k, v in after["documents"].items() if k not in doomed_docs} == {
        k: v for k, v in before["documents"].items() if k not in doomed_docs
    }
    assert sum(v == "UNREADABLE" for v in after["notes"].values()) == 2
