"""A command line that opens with a command is parsed by that command's parser alone
(`sealbook.cli.main.main`): it must be the very parser the whole `sealbook` parser holds."""

from __future__ import annotations

import argparse

import pytest

from sealbook.cli.main import COMMANDS, build_parser

pytestmark = pytest.mark.backend_independent


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def _described(parser: argparse.ArgumentParser) -> list[str]:
    """The help of `parser` and of every parser nested in it."""
    found = [parser.format_help()]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for nested in action.choices.values():
                found.extend(_described(nested))
    return found


def test_every_command_is_found_by_its_name_and_nothing_else_is() -> None:
    assert set(COMMANDS) == set(_commands(build_parser()))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_command_built_alone_is_the_command_built_with_all_the_others(name: str) -> None:
    alone = _commands(build_parser(name))
    assert name in alone
    assert _described(alone[name]) == _described(_commands(build_parser())[name])


def test_a_line_opening_with_a_mistyped_command_meets_every_command() -> None:
    assert list(_commands(build_parser("frobnicate"))) == list(_commands(build_parser()))


def test_a_command_built_alone_parses_its_line_as_the_whole_parser_does() -> None:
    argv = ["deid", "--no-roster", "--policy", "disguise", "notes.txt"]
    assert vars(build_parser("deid").parse_args(argv)) == vars(build_parser().parse_args(argv))
