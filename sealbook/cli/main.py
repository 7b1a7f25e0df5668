"""The `sealbook` command. Thin: each subcommand parses, then calls into the apps.

Every failure is one line on stderr ("sealbook: error: ...") and a non-zero
exit; tracebacks appear only with SEALBOOK_DEBUG=1.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from sealbook import __version__
from sealbook.core.errors import SealbookError

# Exit codes: 1 means "checked, and the answer is no" (verify failed, a leak
# found); 2 means the command could not do what was asked.
EXIT_ERROR = 2
EXIT_INTERNAL = 70


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose mistakes are one line, like every other Sealbook error.

    argparse's own `error` prints the whole usage block before the message;
    here a bad argument gives `sealbook: error: <message>` and exit 2, with a
    pointer to the `--help` of the command that refused it. Subcommands'
    parsers are made with this class too: argparse's `parser_class` defaults
    to the parent parser's class (tests/cli/test_argument_errors.py checks
    every one).
    """

    def error(self, message: str) -> NoReturn:
        message = " ".join(message.split())
        self.exit(EXIT_ERROR, f"sealbook: error: {message} (see {self.prog} --help)\n")


# (A string: argparse's classes take no type arguments at run time.)
Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]

# What adds each command's parser ("module:function" under `sealbook.cli`), by name, in
# the order `sealbook --help` lists them. Named rather than imported: a command line
# imports the module of its own command only (importing all sixteen, with Django's
# settings and the web server's modules, was a tenth of `sealbook deid`'s start).
COMMANDS: dict[str, str] = {
    "init": "init:register", "demo": "demo:register", "serve": "serve:register",
    "worker": "worker:register", "upgrade": "upgrade:register",
    "import": "importer:register", "audit": "audit:register", "keys": "keys:register",
    "check": "check:register", "custodian": "custodian:register",
    "deid": "deid:register", "leak-check": "deid:register",
    "attachments": "attachments:register", "backup": "backup:register",
    "restore": "restore:register", "retention": "retention:register",
}  # fmt: skip


def register_of(command: str) -> Register:
    """The function that adds `command`'s parser (one of `COMMANDS`), its module imported."""
    module, function = COMMANDS[command].split(":")
    register: Register = getattr(importlib.import_module(f"sealbook.cli.{module}"), function)
    return register


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `sealbook` parser; with `command` (a name of `COMMANDS`), one holding that
    command's parser only (see `main`)."""
    # Declared as the base class, so the subcommand modules' `register(sub)`
    # type-checks; at run time argparse makes every subcommand's parser (and
    # every nested one) with the parent's class, CommandParser.
    parser: argparse.ArgumentParser = CommandParser(
        prog="sealbook",
        description="Clinical records for psychologists, with confidentiality enforced "
        "by the software.",
    )
    parser.add_argument("--version", action="version", version=f"sealbook {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    # (`deid` and `leak-check` share a parser-adding function: it adds both.)
    chosen = [command] if command in COMMANDS else list(COMMANDS)
    registers = dict.fromkeys(register_of(name) for name in chosen)
    for register in registers:
        register(sub)
    if command is None or command in ("deid", "leak-check") or command not in COMMANDS:
        # `deid` and `leak-check` read the practice roster from the vault (sharing app).
        from sealbook.cli import deid
        from sealbook.cli.roster import load_practice_roster

        deid.set_roster_loader(load_practice_roster)
    return parser


def _command_first(argv: Sequence[str] | None) -> str | None:
    """The command a command line opens with, if it opens with one of `COMMANDS`."""
    args = sys.argv[1:] if argv is None else argv
    return args[0] if args and args[0] in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    # A command line that opens with a command is parsed by that command's parser alone,
    # as argparse hands it everything after the name: building the parsers of all sixteen
    # commands was a twentieth of `sealbook deid`'s start. Any other line ("--help", a
    # mistyped command) meets them all, so what it prints lists every command.
    args = build_parser(_command_first(argv)).parse_args(argv)
    # Everything Sealbook writes (database, keys, exports) is for the service user only.
    os.umask(0o077)
    code = _run(args)
    if argv is None and getattr(args, "exit_at_once", False):
        _exit_at_once(code)
    return code


def _run(args: argparse.Namespace) -> int:
    try:
        result: int = args.handler(args)
        return result
    except SealbookError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("interrupted")
    except Exception as exc:
        if os.environ.get("SEALBOOK_DEBUG") == "1":
            raise
        return fail(describe_unexpected(exc), code=EXIT_INTERNAL)


def _exit_at_once(code: int) -> None:
    """End the process now, without the interpreter's teardown, for a command that keeps
    no state (its subparser sets `exit_at_once`) and was run as a program (not `main(argv)`).

    Freeing every object one by one on the way out (the de-identification engine's word
    lists: some 350,000 strings) cost `sealbook deid` about 0.06 s of CPU, a tenth of its
    time on a small file. The output is flushed first; should that fail (a closed pipe),
    the ordinary exit reports it. A command that set Django up (`deid` reading the
    practice roster) has a database connection to close: it exits the ordinary way.
    """
    if "django" in sys.modules:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


def fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"sealbook: error: {message}", file=sys.stderr)
    return code


def describe_unexpected(exc: Exception) -> str:
    from django.db import DatabaseError, OperationalError

    if isinstance(exc, OperationalError):
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else "no answer"
        return f"cannot use the database: {first_line}"
    if isinstance(exc, DatabaseError):
        return "the database refused the operation; nothing was changed"
    # The exception text might contain record contents; name only its type.
    return f"internal error ({type(exc).__name__}); run with SEALBOOK_DEBUG=1 for details"


if __name__ == "__main__":
    sys.exit(main())
