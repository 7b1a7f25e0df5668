"""The detectors' regular expressions, compiled from a shipped table instead of parsed anew.

Parsing and compiling the detectors' 140-odd patterns (alternations of street suffixes and
cue words, a class of every cased script's capital letters repeated in dozens of them) cost
about a tenth of a second of CPU at every start of the engine: most of its load. What the
parser produces for a pattern is a list of integers that depends on the pattern, its flags
and the Python version only, so `python -m sealbook.core.deid.patterns` stores it
(`data/patterns.bin`, marshal) and `compiled` hands it to the regular-expression engine
directly: the same `re.Pattern` as `re.compile` gives, built without the parser. A pattern
the table lacks (one edited since the table was built, a roster's patterns, another Python)
is compiled the ordinary way, so the table can only make a start faster, never a match
different; a test keeps it current.
"""

from __future__ import annotations

import array
import functools
import marshal
import pathlib
import re
import sys
from typing import Any

TABLE = pathlib.Path(__file__).with_name("data") / "patterns.bin"
# Every pattern `compiled` saw, so that the build step stores what the engine uses.
_seen: dict[tuple[str, int], None] = {}
# The table's own layout (the opcodes as bytes of 32-bit words); a table of another is unused.
_LAYOUT = "opcodes-u32"


def _version() -> str:
    # The compiled form is private to the interpreter: the table is used only by the version
    # that wrote it (the engine's opcode magic number too, should a build patch it).
    return f"{sys.version} {re._constants.MAGIC} {_LAYOUT}"  # type: ignore[attr-defined]


@functools.cache
def _table() -> dict[tuple[str, int], tuple[Any, ...]]:
    try:
        # Shipped inside the package, as trusted as its code; never read from elsewhere.
        version, entries = marshal.loads(TABLE.read_bytes())  # noqa: S302
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return entries if version == _version() else {}


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the shipped table when it holds the pattern."""
    key = (pattern, int(flags))
    _seen[key] = None
    entry = _table().get(key)
    if entry is None:
        return re.compile(pattern, flags)
    final_flags, code, groups, groupindex, indexgroup = entry
    compiler = re._compiler._sre  # type: ignore[attr-defined]
    opcodes = memoryview(code).cast("I").tolist()
    result: re.Pattern[str] = compiler.compile(
        pattern, final_flags, opcodes, groups, groupindex, indexgroup
    )
    return result


def by_first_letter(alternatives: str) -> str:
    """The alternation `alternatives` ("mother|mom|father|..."), its branches grouped by their
    first letter in lower case, each group in the order of its first branch:
    "m(?:other|om)|father|...". Each branch must begin with an ASCII letter (else the
    alternation is returned as it is); the branches hold no "|" of their own.

    Under `(?i)` the regex engine tries every branch of an alternation at every place it
    searches, entering each to compare its first letter (it skips a branch by its first
    character only when case counts): a hundred cue words cost a hundred tries at each
    character. Grouped, they cost a try per first letter. The matches are the same: the
    branches that can match at one place all begin with the letter there, in any case, and
    they keep their order inside their group.
    """
    branches = alternatives.split("|")
    if not all(b[:1].isascii() and b[:1].isalpha() for b in branches):
        return alternatives
    groups: dict[str, list[str]] = {}
    for branch in branches:
        groups.setdefault(branch[0].lower(), []).append(branch)
    return "|".join(
        group[0] if len(group) == 1 else group[0][0] + "(?:" + "|".join(b[1:] for b in group) + ")"
        for group in groups.values()
    )


def first_character_guard(pattern: str) -> str:
    """`pattern` behind a look-ahead for the characters its matches can begin with, in any
    case, when each of its beginnings is a literal character; else `pattern` itself.

    For a long alternation searched with `(?i)`, which the regex engine tries branch by
    branch at every position (it compares no prefix in that mode): one test of the next
    character turns most positions away. The set is read from the parsed pattern, so it
    follows any change to it; case is ignored, so it only ever admits more.
    """
    chars, can_be_empty = _first_characters(list(re._parser.parse(pattern)))  # type: ignore[attr-defined]
    if chars is None or can_be_empty or not chars:
        return pattern
    first = "".join(re.escape(c) for c in sorted(chars))
    return "(?=(?i:[" + first + "]))(?:" + pattern + ")"


def _first_characters(items: list[tuple[Any, Any]]) -> tuple[set[str] | None, bool]:
    """The characters a sequence of parsed items can begin with (None: not only literals),
    and whether it can match nothing."""
    parser = re._parser  # type: ignore[attr-defined]
    chars: set[str] = set()
    for op, av in items:
        if op is parser.LITERAL:
            return chars | {chr(av)}, False
        if op is parser.IN and all(kind is parser.LITERAL for kind, _ in av):
            return chars | {chr(code) for _, code in av}, False
        if op is parser.SUBPATTERN:
            found, empty = _first_characters(list(av[3]))
        elif op is parser.BRANCH:
            found, empty = set(), False
            for branch in av[1]:
                more, more_empty = _first_characters(list(branch))
                if more is None:
                    return None, False
                found |= more
                empty = empty or more_empty
        elif op in (parser.MAX_REPEAT, parser.MIN_REPEAT, parser.POSSESSIVE_REPEAT):
            found, empty = _first_characters(list(av[2]))
            empty = empty or av[0] == 0
        else:
            return None, False
        if found is None:
            return None, False
        chars |= found
        if not empty:
            return chars, False
    return chars, True


def _entry(pattern: str, flags: int) -> tuple[Any, ...]:
    """What `re._compiler.compile` hands the engine for `pattern` (Python 3.11's steps)."""
    compiler = re._compiler  # type: ignore[attr-defined]
    parsed = compiler._parser.parse(pattern, flags)
    code = compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # The opcodes as bytes of 32-bit words (the engine's code unit): a list of ints kept in
    # the table would be traversed by every full garbage collection while texts are read.
    final_flags, opcodes = int(flags | parsed.state.flags), array.array("I", code).tobytes()
    return (final_flags, opcodes, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def build_table() -> bytes:
    """The table's bytes: every pattern the engine compiles on import and on a first text
    (the package's `analyse`, as `engine.preload` runs it: this module is below the engine)."""
    from sealbook.core.deid import analyse

    analyse("Preload: Dr. Kate Morrow, 12 Elm St, Springfield, IL 62701, on 3/4/2025.")
    entries = {key: _entry(*key) for key in sorted(_seen)}
    return marshal.dumps((_version(), entries))


if __name__ == "__main__":  # pragma: no cover - the build step
    # The package's own copy of this module (run as a script, this one is another).
    from sealbook.core.deid import patterns

    patterns.TABLE.write_bytes(patterns.build_table())
    print(f"wrote {TABLE} ({TABLE.stat().st_size:,} bytes, {len(patterns._seen)} patterns)")
