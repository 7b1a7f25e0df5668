"""The `sealbook` command as a user runs it: init, import, audit, keys, check, demo."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.cli.conftest import assert_one_line_error

CSV = (
    "first_name,last_name,date_of_birth,phone,email,city,state,zip\n"
    "Quillon,Marbleway,1979-04-03,555-0123-4567,quillon@client.example.net,Sampleton,OR,97001\n"
    "Tesla,Brightwater,1991-12-30,555-0123-9999,tesla@client.example.net,Sampleton,OR,97001\n"
)


# Refused at the seal or at the argument, before the database is opened: the same on
# SQLite and PostgreSQL, so scripts/test.sh runs these on SQLite only (each is a subprocess
# that starts Django and unseals, the costliest kind of test in the suite).
sealing_only = pytest.mark.backend_independent


@pytest.fixture
def practice(cli):
    """A copy of a practice `sealbook init` made (test_init_creates_a_sealed_practice runs it)."""
    cli.initialised()
    return cli


def test_init_creates_a_sealed_practice(cli):
    result = cli.init()
    assert result.returncode == 0, result.stderr
    assert "Created the practice in" in result.stdout
    names = {p.name for p in cli.files()}
    assert {"kek-v1.json", "audit-signing.pub", "web-secret"} <= names
    sealed = json.loads((cli.home / "keys" / "kek-v1.json").read_text())
    assert sealed["backend"] == "passphrase"
    assert sealed["kdf"]["memory_kib"] >= 65536 and sealed["kdf"]["iterations"] >= 3


def test_init_refuses_a_second_practice_in_the_same_home(practice):
    assert_one_line_error(practice.init(), "already exists")


@sealing_only
def test_init_without_a_way_to_seal_says_so_and_writes_nothing(cli):
    owner = cli.file("pw", "owner password for tests 99")
    result = cli.run(
        "init", "--owner-email", "o@practice.example.org", "--owner-password-file", owner
    )
    assert_one_line_error(result, "--passphrase-file")
    assert not cli.home.exists()


def test_init_with_a_weak_owner_password_leaves_no_key_behind(cli):
    result = cli.init(owner_password="short")
    assert_one_line_error(result, "owner password")
    assert not list((cli.home / "keys").glob("kek-*")) if (cli.home / "keys").exists() else True


def test_init_with_a_key_file_creates_it_and_unseals_with_it(cli):
    key_path = str(cli.home.parent / "practice.key")
    result = cli.run(
        "init", "--key-file", key_path, "--owner-email", "o@practice.example.org",
        "--owner-password-file", cli.file("pw", "owner password for tests 99"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (
        cli.run("import", cli.file("c.csv", CSV), env={"SEALBOOK_KEY_FILE": key_path}).returncode
        == 0
    )


@sealing_only
def test_a_wrong_passphrase_is_one_line_and_changes_nothing(practice):
    before = [(p, p.read_bytes()) for p in practice.files()]
    result = practice.run(
        "import",
        practice.file("c.csv", CSV),
        env={"SEALBOOK_PASSPHRASE_FILE": practice.file("wrong", "not it")},
    )
    assert_one_line_error(result, "passphrase does not unseal")
    assert [(p, p.read_bytes()) for p in practice.files()] == before


@sealing_only
def test_a_missing_key_file_is_one_line(practice):
    result = practice.run(
        "import",
        practice.file("c.csv", CSV),
        env={"SEALBOOK_KEY_FILE": "/nonexistent/practice.key"},
    )
    assert_one_line_error(result, "key file")


@sealing_only
def test_a_missing_passphrase_file_is_one_line(practice):
    result = practice.run("check", env={"SEALBOOK_PASSPHRASE_FILE": "/nonexistent/passphrase"})
    assert_one_line_error(result, "SEALBOOK_PASSPHRASE_FILE")


@sealing_only
def test_a_corrupted_sealed_key_is_one_line(practice):
    sealed = practice.home / "keys" / "kek-v1.json"
    sealed.write_text(sealed.read_text().replace('"passphrase"', '"passphrasf"', 1))
    result = practice.run("import", practice.file("c.csv", CSV), env=practice.unsealed())
    assert_one_line_error(result, "corrupted")


@sealing_only
def test_a_truncated_sealed_key_is_one_line(practice):
    sealed = practice.home / "keys" / "kek-v1.json"
    sealed.write_bytes(sealed.read_bytes()[:50])
    assert_one_line_error(practice.run("keys", "rotate", env=practice.unsealed()), "corrupted")


def test_an_unreachable_postgresql_is_one_line(cli):
    env = {"SEALBOOK_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nowhere"}
    assert_one_line_error(cli.run("audit", "verify", env=env), "database")
    result = cli.init(env=env)
    assert_one_line_error(result, "database")
    assert not list(cli.home.rglob("kek-*"))


def test_a_bad_database_url_is_one_line(cli):
    assert_one_line_error(
        cli.run("check", env={"SEALBOOK_DATABASE_URL": "mysql://x/y"}), "SEALBOOK_DATABASE_URL"
    )


def test_commands_on_an_empty_home_say_how_to_start(cli):
    for args in (["audit", "verify"], ["check"], ["import", cli.file("c.csv", CSV)]):
        assert_one_line_error(cli.run(*args), "sealbook init")
    assert not cli.home.exists() or not list(cli.home.rglob("*.sqlite3"))


def test_import_then_verify(practice):
    result = practice.run("import", practice.file("c.csv", CSV), env=practice.unsealed())
    assert result.returncode == 0, result.stderr
    assert "clients: 2" in result.stdout
    verified = practice.run("audit", "verify")
    assert verified.returncode == 0 and "verified" in verified.stdout


def test_a_malformed_csv_imports_nothing(practice):
    bad = CSV + "Broken,Row,1990-02-31,,,,,\n"
    result = practice.run("import", practice.file("c.csv", bad), env=practice.unsealed())
    assert_one_line_error(result, "line 4", "date_of_birth")
    good = practice.run("import", practice.file("c.csv", CSV), env=practice.unsealed())
    assert "clients: 2" in good.stdout


def test_a_csv_without_its_header_row_is_one_line_that_quotes_nothing(practice):
    headless = CSV.split("\n", 1)[1]
    result = practice.run("import", practice.file("c.csv", headless), env=practice.unsealed())
    assert_one_line_error(result, "line 1", "header row")
    assert "Quillon" not in result.stderr and "Marbleway" not in result.stderr
    overlong = CSV.replace("Quillon", "Q" * 100_000)
    result = practice.run("import", practice.file("c.csv", overlong), env=practice.unsealed())
    assert_one_line_error(result, "line 2", "first_name is longer than 200 characters")
    good = practice.run("import", practice.file("c.csv", CSV), env=practice.unsealed())
    assert "clients: 2" in good.stdout


@sealing_only
def test_import_refuses_a_device_or_a_fifo_without_reading_it(practice):
    assert_one_line_error(
        practice.run("import", "/dev/zero", env=practice.unsealed()), "not a regular file"
    )


@sealing_only
def test_an_unreadable_csv_is_one_line(practice):
    assert_one_line_error(
        practice.run("import", "/nonexistent.csv", env=practice.unsealed()), "cannot read"
    )


@sealing_only
def test_import_while_sealed_says_how_to_unseal(practice):
    assert_one_line_error(
        practice.run("import", practice.file("c.csv", CSV)), "sealed", "SEALBOOK_PASSPHRASE_FILE"
    )


def test_key_rotation_rewraps_and_retires_the_old_key(practice):
    assert (
        practice.run("import", practice.file("c.csv", CSV), env=practice.unsealed()).returncode == 0
    )
    old_sealed = (practice.home / "keys" / "kek-v1.json").read_bytes()
    result = practice.run("keys", "rotate", env=practice.unsealed())
    assert result.returncode == 0, result.stderr
    keys = {p.name for p in (practice.home / "keys").iterdir()}
    assert "kek-v2.json" in keys and "kek-v1.json" not in keys
    # Everything still reads under the new key...
    assert (
        practice.run("import", practice.file("c2.csv", CSV), env=practice.unsealed()).returncode
        == 0
    )
    assert (
        practice.run("check", env=practice.unsealed()).stdout.count("every client data key unwraps")
        == 1
    )
    # ...and a copy of the old sealed key no longer opens anything.
    (practice.home / "keys" / "kek-v2.json").rename(practice.home.parent / "kek-v2.json")
    (practice.home / "keys" / "kek-v1.json").write_bytes(old_sealed)
    result = practice.run("import", practice.file("c.csv", CSV), env=practice.unsealed())
    assert_one_line_error(result)
    assert practice.run("audit", "verify").returncode == 0


def test_rotation_to_a_key_file(practice):
    key_path = str(practice.home.parent / "new.key")
    result = practice.run("keys", "rotate", "--new-key-file", key_path, env=practice.unsealed())
    assert result.returncode == 0, result.stderr
    ok = practice.run("import", practice.file("c.csv", CSV), env={"SEALBOOK_KEY_FILE": key_path})
    assert ok.returncode == 0, ok.stderr
    assert_one_line_error(
        practice.run("import", practice.file("c.csv", CSV), env=practice.unsealed())
    )


def test_audit_checkpoint_export_and_truncation_check(practice, tmp_path):
    checkpoint = tmp_path / "witness.txt"
    result = practice.run(
        "audit", "checkpoint", "--export", str(checkpoint), env=practice.unsealed()
    )
    assert result.returncode == 0, result.stderr
    assert checkpoint.read_text().startswith("sealbook.local/practice/")
    assert "Verifier key: sealbook.local/practice/" in result.stdout
    assert practice.run("audit", "verify", "--checkpoint", str(checkpoint)).returncode == 0


def test_audit_verify_fails_with_exit_1_on_a_tampered_log(practice):
    import sqlite3

    if "SEALBOOK_DATABASE_URL" in practice.env:
        pytest.skip(
            "tampering through the SQLite file; PostgreSQL tampering is tested in tests/audit"
        )
    db = sqlite3.connect(practice.home / "sealbook.sqlite3")
    db.execute("DROP TRIGGER audit_auditentry_no_update")
    db.execute("UPDATE audit_auditentry SET outcome = 'forged' WHERE seq = 1")
    db.commit()
    db.close()
    result = practice.run("audit", "verify")
    assert result.returncode == 1
    assert "entry 1" in result.stdout


@sealing_only
def test_a_checkpoint_file_that_is_not_a_checkpoint_is_one_line(practice):
    assert_one_line_error(
        practice.run("audit", "verify", "--checkpoint", practice.file("cp", "hello")), "checkpoint"
    )


def test_check_reports_each_safeguard_and_fails_on_insecure_cookies(practice):
    result = practice.run("check", env=practice.unsealed())
    assert result.returncode == 1
    assert "[   pass] 164.312(b) audit controls" in result.stdout
    assert "[   pass] 164.312(d) authentication: second factor (TOTP) required" in result.stdout
    assert "FAIL] 164.312(e)(1) transmission security" in result.stdout
    secure = practice.run("check", env={**practice.unsealed(), "SEALBOOK_SECURE_COOKIES": "1"})
    assert secure.returncode == 0, secure.stdout


def test_demo_creates_the_practice_and_prints_the_logins(cli):
    result = cli.run("demo", "--no-serve", "--clients", "5")
    assert result.returncode == 0, result.stderr
    logins = [
        line.split()
        for line in result.stdout.splitlines()
        if line.count("@") == 1 and len(line.split()) == 3
    ]
    roles = {role for role, _, _ in logins}
    staff = {"owner", "clinician", "supervisor", "frontdesk", "auditor"}
    assert staff | {"client", "guardian"} <= roles
    assert sum(role == "clinician" for role, _, _ in logins) == 2
    again = cli.run("demo", "--no-serve")
    assert again.returncode == 0 and "existing" in again.stdout


@pytest.mark.parametrize(
    "command",
    [["init"], ["demo"], ["serve"], ["import"], ["audit", "verify"], ["audit", "checkpoint"],
     ["keys", "rotate"], ["check"], ["upgrade"]],
)  # fmt: skip
def test_every_command_has_help(cli, command):
    result = cli.run(*command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: sealbook " + " ".join(command))


def test_a_copy_of_the_home_without_its_keys_reads_nothing(practice, tmp_path):
    assert (
        practice.run("import", practice.file("c.csv", CSV), env=practice.unsealed()).returncode == 0
    )
    stolen = tmp_path / "stolen"
    shutil.copytree(practice.home, stolen)
    shutil.rmtree(stolen / "keys")
    result = practice.run(
        "import",
        practice.file("c.csv", CSV),
        env={**practice.unsealed(), "SEALBOOK_HOME": str(stolen)},
    )
    assert_one_line_error(result, "missing")
