"""What the engine's start loads, and what it leaves until asked (issue 13, speed)."""

from __future__ import annotations

import marshal
import os
import pathlib
import subprocess
import sys

import sealbook
from sealbook.core.deid import native
from sealbook.core.deid.lexicon import DATA, SNAPSHOT
from sealbook.core.deid.roster import typo_distance


def in_a_fresh_process(script: str) -> str:
    """What `script` prints, run by a new interpreter on this checkout's package (not
    another the interpreter may have installed), with nothing a test run loaded before."""
    here = str(pathlib.Path(sealbook.__file__).parent.parent)
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=here,
        env={**os.environ, "PYTHONPATH": here},
    ).stdout  # fmt: skip


def test_the_engine_starts_without_rapidfuzz_until_a_roster_asks() -> None:
    script = (
        "import sys\n"
        "import sealbook.core.deid.engine as engine\n"
        "engine.preload()\n"
        "print('rapidfuzz' in sys.modules)\n"
        "print(engine.__file__)\n"
    )
    found, where = in_a_fresh_process(script).split()
    # This checkout's engine: its sources, or their compiled build (native.py).
    assert where.startswith(
        (str(pathlib.Path(sealbook.__file__).parent), str(native.cache_root() / native.digest()))
    )
    assert found == "False"


def test_typo_distance_counts_one_edit_or_one_swap() -> None:
    assert typo_distance("kelley", "kelly") == 1
    assert typo_distance("marta", "mrata") == 1  # two letters swapped
    assert typo_distance("kate", "kathy") == 2
    assert typo_distance("dana", "dana") == 0


def test_the_snapshot_stores_a_word_held_by_two_lists_once() -> None:
    lists = marshal.loads((DATA / SNAPSHOT).read_bytes())  # noqa: S302
    surnames = {word: word for word in lists["surnames"]}
    shared = [word for word in lists["given_names"] if word in surnames]
    assert shared  # ("kent", "lee": given names and surnames)
    assert all(surnames[word] is word for word in shared)


def test_the_collector_leaves_the_loaded_word_lists_alone() -> None:
    # (A test run may have unfrozen what an earlier test loaded.)
    script = (
        "import gc\n"
        "import sealbook.core.deid.engine as engine\n"
        "from sealbook.core.deid.lexicon import common_words, surnames\n"
        "engine.preload()\n"
        "lists = {id(common_words()), id(surnames())}\n"
        "print(sum(id(o) in lists for o in gc.get_objects()), gc.get_freeze_count() > 0)\n"
    )
    assert in_a_fresh_process(script).split() == ["0", "True"]
