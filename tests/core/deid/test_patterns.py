"""The shipped table of compiled patterns (`sealbook.core.deid.patterns`): current, and
giving the very patterns `re.compile` gives."""

from __future__ import annotations

import marshal
import re
from typing import Any

import pytest

from sealbook.core.deid import patterns
from sealbook.core.deid.engine import preload

SAMPLE = (
    "Dr. Kate Morrow (DOB 3/4/1951) lives at 1423 Maple Street, Apt. 4B, Springfield, IL "
    "62701; call 555-201-3344 or kate.m@example.org. Seen at Oakridge Family Dental on "
    "Tuesday 12 March 2024 with her grandmother (93), from Pécs, at the Pécs Rowing Club."
)


def _shipped() -> tuple[str, dict[tuple[str, int], tuple[object, ...]]]:
    version, entries = marshal.loads(patterns.TABLE.read_bytes())  # noqa: S302
    return version, entries


def test_the_shipped_table_holds_every_pattern_the_engine_compiles_as_built_now() -> None:
    version, entries = _shipped()
    if version != patterns._version():
        pytest.skip("the table was built by another Python; it is not used here")
    fresh_version, fresh = marshal.loads(patterns.build_table())  # noqa: S302
    assert fresh_version == version
    assert set(fresh) <= set(entries), "rebuild: python -m sealbook.core.deid.patterns"
    assert {k: entries[k] for k in fresh} == fresh


def test_a_pattern_from_the_table_matches_as_the_one_re_compile_gives() -> None:
    preload()
    version, entries = _shipped()
    if version != patterns._version():
        pytest.skip("the table was built by another Python; it is not used here")
    assert entries and patterns._table(), "the engine reads the shipped table"
    for pattern, flags in entries:
        ours, theirs = patterns.compiled(pattern, flags), re.compile(pattern, flags)
        assert (ours.pattern, ours.flags, ours.groups, ours.groupindex) == (
            theirs.pattern, theirs.flags, theirs.groups, theirs.groupindex,
        )  # fmt: skip
        assert [m.span() for m in ours.finditer(SAMPLE)] == [
            m.span() for m in theirs.finditer(SAMPLE)
        ]


def test_a_pattern_the_table_lacks_is_compiled_the_ordinary_way() -> None:
    fresh = r"(?P<word>Quillon)\s+\d{2}"
    assert (fresh, 0) not in patterns._table()
    found = patterns.compiled(fresh).search("at Quillon 42")
    assert found is not None and found.group("word") == "Quillon"


def test_a_first_character_guard_admits_the_first_letters_of_every_branch_in_any_case() -> None:
    guarded = patterns.first_character_guard(r"(?i:(?:my )?name is|call me)|Okafor:")
    assert guarded == r"(?=(?i:[Ocmn]))(?:(?i:(?:my )?name is|call me)|Okafor:)"
    found = re.compile(guarded)
    assert [m.group() for m in found.finditer("MY NAME IS x, Call me y; okafor: Okafor: z")] == [
        "MY NAME IS", "Call me", "Okafor:",
    ]  # fmt: skip


def test_a_pattern_that_may_begin_with_anything_but_a_literal_is_left_as_it_is() -> None:
    for pattern in (
        r"\bname", r"(?<!\w)name", r"[^a]b", r"\d+ days", r"a*", r"(?:x|)y?", r"(?m)^x"
    ):
        assert patterns.first_character_guard(pattern) == pattern


def _leading_digits(items: list[tuple[Any, Any]]) -> tuple[int, bool]:
    """The least number of digits a match of the parsed `items` begins with, and whether
    the items consume digits only (read from the pattern, as `begins_with_digits` claims)."""
    parser = re._parser  # type: ignore[attr-defined]
    digit_codes = {(parser.CATEGORY, parser.CATEGORY_DIGIT)}
    count = 0
    for op, av in items:
        if op in (parser.ASSERT, parser.ASSERT_NOT, parser.AT):
            continue  # consumes nothing
        if op is parser.LITERAL and chr(av).isdecimal():
            count += 1
            continue
        if op is parser.IN and all(
            (kind, code) in digit_codes
            or (kind is parser.LITERAL and chr(code).isdecimal())
            or (kind is parser.RANGE and 48 <= code[0] <= code[1] <= 57)
            for kind, code in av
        ):
            count += 1
            continue
        if op is parser.SUBPATTERN:
            more, only = _leading_digits(list(av[3]))
        elif op is parser.BRANCH:
            found = [_leading_digits(list(branch)) for branch in av[1]]
            more, only = min(n for n, _ in found), all(o for _, o in found)
        elif op in (parser.MAX_REPEAT, parser.MIN_REPEAT, parser.POSSESSIVE_REPEAT):
            each, only = _leading_digits(list(av[2]))
            more = each * av[0] if only else (each if av[0] >= 1 else 0)
        else:
            return count, False
        count += more
        if not only:
            return count, False
    return count, True


def test_each_pattern_declared_to_begin_with_digits_begins_with_that_many() -> None:
    import sealbook.core.deid.detectors  # noqa: F401 - declares the detectors' patterns
    from sealbook.core.deid import datetext, tokens

    assert datetext.PATTERNS  # (declares the dates' patterns)
    declared = list(tokens._LEAST_DIGITS.values())
    assert len(declared) >= 9
    for pattern, least in declared:
        parsed = list(re._parser.parse(pattern.pattern, pattern.flags))  # type: ignore[attr-defined]
        assert least <= _leading_digits(parsed)[0], pattern.pattern


def test_the_leading_digits_read_from_a_pattern_stop_at_the_first_other_character() -> None:
    def read(pattern: str) -> int:
        return _leading_digits(list(re._parser.parse(pattern)))[0]  # type: ignore[attr-defined]

    assert read(r"(?<!\w)\d{3}-\d{4}") == 3
    assert read(r"\b(?:9\d|1[0-3]\d)\b") == 2
    assert read(r"\d{3} \d{2}|\d{4,5}") == 3
    assert read(r"[0-3]?\d/") == 1
    assert read(r"\d?x") == 0
    assert read(r"(?:1[89]|20)\d\d") == 4
