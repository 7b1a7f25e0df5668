"""A practice whose key lives in an HSM (SoftHSM2 through PKCS#11), driven through the CLI."""

from __future__ import annotations

import pytest

from tests.cli.conftest import OWNER_PASSWORD, assert_one_line_error
from tests.hsm_support import SKIP_REASON, softhsm_available, softhsm_token, unique_label

pytestmark = [
    pytest.mark.hsm,
    pytest.mark.backend_independent,
    pytest.mark.skipif(not softhsm_available(), reason=SKIP_REASON),
]

CSV = "first_name,last_name,date_of_birth\nOrbin,Tokenfield,1970-01-02\n"


@pytest.fixture
def token(tmp_path):
    with softhsm_token(tmp_path / "softhsm", label=unique_label("cli")) as token:
        yield token


@pytest.fixture
def hsm_practice(cli, token):
    cli.env = token.env(cli.env)
    cli.migrated()
    pin_file = cli.file("pin", token.pin)
    result = cli.run(
        "init",
        "--hsm-module", token.module,
        "--hsm-token", token.token_label,
        "--hsm-pin-file", pin_file,
        "--owner-email", "owner@practice.example.org",
        "--owner-password-file", cli.file("owner-password", OWNER_PASSWORD),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return cli, {"SEALBOOK_HSM_PIN_FILE": pin_file}


def test_a_practice_sealed_in_an_hsm_works_and_rotates(hsm_practice):
    cli, unsealed = hsm_practice
    assert cli.run("import", cli.file("c.csv", CSV), env=unsealed).returncode == 0
    rotated = cli.run("keys", "rotate", env=unsealed)
    assert rotated.returncode == 0, rotated.stderr
    assert (cli.home / "keys" / "kek-v2.json").exists()
    assert cli.run("import", cli.file("c.csv", CSV), env=unsealed).returncode == 0
    check = cli.run("check", env=unsealed)
    assert "every client data key unwraps" in check.stdout
    assert "practice key sealed (pkcs11), version 2" in check.stdout


def test_a_wrong_hsm_pin_is_one_line(hsm_practice):
    cli, _ = hsm_practice
    wrong = {"SEALBOOK_HSM_PIN_FILE": cli.file("wrong-pin", "0000")}
    assert_one_line_error(cli.run("import", cli.file("c.csv", CSV), env=wrong), "PIN")


def test_init_with_an_unknown_token_leaves_nothing(cli, token):
    cli.env = token.env(cli.env)
    cli.migrated()
    result = cli.run(
        "init",
        "--hsm-module", token.module,
        "--hsm-token", "no-such-token",
        "--hsm-pin-file", cli.file("pin", token.pin),
        "--owner-email", "owner@practice.example.org",
        "--owner-password-file", cli.file("owner-password", OWNER_PASSWORD),
    )  # fmt: skip
    assert_one_line_error(result, "token")
    assert not list(cli.home.rglob("kek-*"))
