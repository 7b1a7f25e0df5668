"""`sealbook leak-check` and `sealbook deid` with the practice roster read from the vault.

Inside an unsealed practice the roster finds a client in every written form
(nickname, possessive, lowercase, one typo) and names the client it points
to; without a practice, or sealed with no secret configured, both commands
still run on the general detectors and say so in one line on stderr. All
names and numbers are synthetic.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest

from tests.cli.conftest import OWNER_PASSWORD, Cli, assert_one_line_error, fresh_cli

pytestmark = pytest.mark.backend_independent

CLIENTS_CSV = (
    "first_name,last_name,date_of_birth,preferred_name,phone,street,city,state,zip,"
    "contact_name,contact_relationship,contact_phone\n"
    "Katherine,Quillfeather,1987-06-05,,555-0100-2000,12 Imaginary Lane,Fictionville,OR,97000,"
    "Marcus Quillfeather,spouse,555-0100-4000\n"
    "Oluwaseun,Adeyemi,1990-01-02,Seun,,,,,,,,\n"
)
# Each form of Katherine Quillfeather's identifiers, and where it starts in LEAKY.
FORMS = {
    "Katie": "nickname",
    "katherine's": "lowercase possessive",
    "Quilfeather": "one typo",
    "QUILLFEATHER": "all capitals",
    "marcus": "a contact, lowercase",
}
LEAKY = "Katie said katherine's boss called; Quilfeather, QUILLFEATHER, and marcus agreed."
CLEAN = "How do you handle frequent no-shows in a group practice?\n"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@pytest.fixture(scope="module")
def practice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    """One practice with two clients for the whole module, sealed with a key file (fast)."""
    home = tmp_path_factory.mktemp("deid-roster") / "home"
    for cli in fresh_cli(home):
        key_file = str(home.parent / "practice.key")
        cli.migrated()
        made = cli.run(
            "init", "--key-file", key_file, "--owner-email", "owner@practice.example.org",
            "--owner-password-file", cli.file("owner-password", OWNER_PASSWORD),
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        cli.env["UNSEAL_KEY_FILE"] = key_file
        imported = cli.run("import", cli.file("clients.csv", CLIENTS_CSV), env=unsealed(cli))
        assert imported.returncode == 0, imported.stderr
        yield cli


def unsealed(cli: Cli) -> dict[str, str]:
    return {"SEALBOOK_KEY_FILE": cli.env["UNSEAL_KEY_FILE"]}


def findings(stdout: str) -> dict[str, list[str]]:
    """Each finding line by where it starts: [kind, offsets, reason, client reference]."""
    rows = [line.split("\t") for line in stdout.splitlines()]
    return {row[1].split("-")[0]: row for row in rows}


def test_leak_check_in_a_practice_finds_every_form_of_a_client_and_names_the_client(
    practice: Cli,
):
    result = practice.run("leak-check", practice.file("draft.txt", LEAKY), env=unsealed(practice))

    assert result.returncode == 1, result.stderr
    found = findings(result.stdout)
    refs = set()
    for form in FORMS:
        row = found[str(LEAKY.index(form))]
        start, end = (int(n) for n in row[1].split("-"))
        assert LEAKY[start:end] in (form, form.removesuffix("'s")), form
        assert "on the roster" in row[2], (form, row)
        assert row[3].startswith("client "), (form, row)
        refs.add(row[3].removeprefix("client "))
    assert len(refs) == 1 and UUID.match(refs.pop())
    # The listing names kinds, offsets and client references, never the text itself.
    assert "Quillfeather" not in result.stdout + result.stderr
    assert "note:" not in result.stderr


def test_leak_check_in_a_practice_tells_two_clients_apart_and_passes_clean_text(
    practice: Cli,
):
    both = practice.run("leak-check", env=unsealed(practice), stdin="Seun's and Katherine's plans.")
    refs = {row[3] for row in findings(both.stdout).values()}
    clean = practice.run("leak-check", env=unsealed(practice), stdin=CLEAN)

    assert both.returncode == 1 and len(refs) == 2
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "")


def test_deid_in_a_practice_removes_roster_forms_the_general_detectors_miss(practice: Cli):
    with_roster = practice.run("deid", env=unsealed(practice), stdin=LEAKY)
    without = practice.run("deid", "--no-roster", env=unsealed(practice), stdin=LEAKY)

    assert with_roster.returncode == 0 and without.returncode == 0
    assert "Quilfeather" in without.stdout  # a typo no general detector knows
    for form in ("Katie", "katherine", "Quilfeather", "QUILLFEATHER", "marcus"):
        assert form not in with_roster.stdout, form
    assert with_roster.stderr == "" and without.stderr == ""


def test_without_a_practice_both_commands_run_and_say_so_in_one_line(cli: Cli):
    leak = cli.run("leak-check", stdin="Call me at (617) 555-0142.")
    clean = cli.run("leak-check", stdin=CLEAN)
    deid = cli.run("deid", stdin="Call me at (617) 555-0142.")

    assert leak.returncode == 1 and leak.stdout.startswith("PHONE\t11-25\t")
    assert clean.returncode == 0
    assert deid.returncode == 0 and deid.stdout == "Call me at [PHONE]."
    for result in (leak, clean, deid):
        note = result.stderr.splitlines()[0]
        assert note.startswith("sealbook: note: no practice here;"), result.stderr
    assert len(clean.stderr.splitlines()) == 1 and len(deid.stderr.splitlines()) == 1
    assert not cli.home.exists() or not any(cli.home.rglob("*.sqlite3"))


def test_a_sealed_practice_without_a_secret_is_checked_without_the_roster(practice: Cli):
    result = practice.run("leak-check", stdin="Katie's boss called.")

    # "Katie" alone is found by the general name detector; the roster reference is not there.
    assert result.returncode == 1
    assert "client " not in result.stdout
    note = result.stderr.splitlines()[0]
    assert note.startswith("sealbook: note: the practice is sealed")
    assert "SEALBOOK_PASSPHRASE_FILE" in note


def test_a_secret_that_does_not_unseal_or_a_missing_file_is_an_error_with_exit_2(
    practice: Cli,
):
    wrong = {"SEALBOOK_KEY_FILE": practice.file("wrong.key", os.urandom(64))}
    refused = practice.run("leak-check", env=wrong, stdin=CLEAN)
    missing = practice.run("leak-check", str(practice.home.parent / "absent.txt"),
                           env=unsealed(practice))  # fmt: skip

    assert_one_line_error(refused)
    assert_one_line_error(missing, "cannot read")
    assert refused.returncode == 2 and missing.returncode == 2
    assert refused.stdout == ""
