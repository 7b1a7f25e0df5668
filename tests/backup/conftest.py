"""The CLI fixture, shared with tests/cli."""

from tests.cli.conftest import cli  # noqa: F401
