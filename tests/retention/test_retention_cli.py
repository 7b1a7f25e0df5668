"""`sealbook retention` as an operator runs it: the list, legal holds, refusals."""

from __future__ import annotations

import pytest

from tests.backup.test_backup_cli import dump, populated, practice  # noqa: F401
from tests.cli.conftest import assert_one_line_error, cli  # noqa: F401

OWNER = "owner@practice.example.org"


@pytest.mark.slow
def test_the_list_names_clients_due_by_id_and_a_hold_blocks_destruction(practice):  # noqa: F811
    clients = sorted(dump(practice)["clients"])
    unsealed = practice.unsealed()
    listed = practice.run("retention", env=unsealed)
    assert listed.returncode == 0, listed.stderr
    # The synthetic sessions were in 2012: 7 years under the APA default have passed.
    assert "APA Record Keeping Guidelines" in listed.stdout
    assert "3 of 3 clients are due for destruction." in listed.stdout
    assert all(f"{c}  destroy from 2019-03-04  due" in listed.stdout for c in clients)
    assert "Synthia" not in listed.stdout and "Testperson" not in listed.stdout

    held = clients[0]
    hold = practice.run(
        "retention", "hold", held, "--reason", "litigation hold", "--by", OWNER, env=unsealed
    )
    assert hold.returncode == 0, hold.stderr
    listed = practice.run("retention", "--all", env=unsealed)
    assert f"{held}  destroy from 2019-03-04  on hold" in listed.stdout
    assert "2 of 3 clients are due for destruction." in listed.stdout

    new_key = practice.file("new-key", "unused")
    refused = practice.run(
        "retention", "destroy", held, "--by", OWNER, "--new-passphrase-file", new_key,
        env=unsealed, stdin="destroy 1\n",
    )  # fmt: skip
    assert_one_line_error(refused, "legal hold")
    unconfirmed = practice.run(
        "retention", "destroy", clients[1], "--by", OWNER, "--new-passphrase-file", new_key,
        env=unsealed, stdin="yes\n",
    )  # fmt: skip
    assert_one_line_error(unconfirmed, "not confirmed")
    assert sorted(dump(practice)["clients"]) == clients
    assert practice.run("audit", "verify").returncode == 0


@pytest.mark.parametrize(
    "args,message",
    [
        (["hold", "not-an-id", "--reason", "r", "--by", OWNER], "is not a client id"),
        (["hold", "00000000-0000-4000-8000-000000000000", "--reason", "r", "--by", OWNER],
         "no client"),
        (["release", "00000000-0000-4000-8000-000000000000", "--by", "nobody@example.org"],
         "no active staff account"),
    ],
)  # fmt: skip
def test_bad_retention_input_is_one_line(practice, args, message):  # noqa: F811
    assert_one_line_error(practice.run("retention", *args, env=practice.unsealed()), message)


def test_the_list_needs_the_practice_unsealed(practice):  # noqa: F811
    assert_one_line_error(practice.run("retention"))
