"""Mistakes on the command line are one `sealbook: error:` line and exit 2, like any other error."""

from __future__ import annotations

import argparse

import pytest

from sealbook.cli.main import CommandParser, build_parser
from tests.cli.conftest import assert_one_line_error

pytestmark = pytest.mark.backend_independent


def _one_argument_error(result, *fragments: str) -> None:
    assert_one_line_error(result, *fragments)
    assert result.returncode == 2
    assert "usage:" not in result.stderr
    assert result.stdout == ""


def test_an_unknown_command_is_one_line_naming_it(cli):
    result = cli.run("frobnicate")
    _one_argument_error(result, "invalid choice: 'frobnicate'", "sealbook --help")


def test_no_command_at_all_is_one_line(cli):
    _one_argument_error(cli.run(), "required: COMMAND")


def test_a_bad_option_value_is_one_line_naming_the_option(cli):
    result = cli.run("serve", "--backup-every", "soon")
    _one_argument_error(result, "--backup-every", "'soon'", "sealbook serve --help")


def test_a_missing_required_argument_of_a_nested_command_is_one_line(cli):
    result = cli.run("backup", "create")
    _one_argument_error(result, "required: PATH", "sealbook backup create --help")


def test_a_missing_subcommand_is_one_line(cli):
    _one_argument_error(cli.run("keys"), "required: SUBCOMMAND", "sealbook keys --help")


def test_an_unknown_option_is_one_line(cli):
    _one_argument_error(cli.run("check", "--no-such-option"), "unrecognized arguments")


def test_help_still_prints_the_usage_and_exits_0(cli):
    result = cli.run("serve", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: sealbook serve")


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found.extend(_parsers(sub))
    return found


def test_every_subcommand_parser_reports_errors_in_one_line():
    parsers = _parsers(build_parser())
    assert len(parsers) > 10
    assert [p.prog for p in parsers if not isinstance(p, CommandParser)] == []


@pytest.mark.parametrize("argv", [["serve", "--port", "eighty"], ["audit", "verify", "--x"]])
def test_the_parser_itself_exits_2_with_one_line(argv, capsys):
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(argv)
    assert exited.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("sealbook: error: ")
