from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import Cli, fresh_cli


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[Cli]:
    """The real `sealbook` command in its own home (and database, on PostgreSQL)."""
    yield from fresh_cli(tmp_path / "home")
