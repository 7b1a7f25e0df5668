"""Verifying the log in runs checked side by side gives exactly what verifying it in order gives.

`verify_log_in_parts` is what `sealbook audit verify` uses on a large log:
this process checks the first run of entries while other processes check the
later runs (`check_segment`). Here the other runs are checked in this process,
through the same functions, so every tampering case of test_verify.py can be
run against every way of cutting the log.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial

import pytest

from sealbook.core.audit.parts import check_segment, split_bounds, verify_log_in_parts
from sealbook.core.audit.verify import (
    AuditVerificationError,
    LogVerifier,
    Segment,
    StoredEntry,
    VerifyReport,
)
from tests.core.audit.test_verify import CASES, ORIGIN, PUBLIC_KEY, Log, fresh_log, write_log


class PartsRun:
    """Verifies a `Log` in parts, counting whole-log passes (the fallback for a broken run)."""

    def __init__(self, log: Log) -> None:
        self.log = log
        self.whole_log_reads = 0
        self.runs_checked: list[tuple[int, int]] = []

    def read(self, low: int | None, high: int | None) -> Iterable[StoredEntry]:
        if low is None and high is None:
            self.whole_log_reads += 1
            return iter(self.log.rows)
        return [
            row
            for row in self.log.rows
            if (low is None or row.record.seq >= low) and (high is None or row.record.seq < high)
        ]

    def check_elsewhere(
        self, runs: Sequence[tuple[int, int]], unsigned_from: int
    ) -> Iterator[Segment | None]:
        for low, high in runs:
            self.runs_checked.append((low, high))
            # As the other process does: start from the stored chain hash of the entry before.
            before = [row.chain_hash for row in self.log.rows if row.record.seq == low - 1]
            if not before:
                yield None
                continue
            yield check_segment(
                self.read(low, high),
                first_seq=low,
                previous_chain=before[0],
                unsigned_from=unsigned_from,
            )

    def verify(self, bounds: list[int]) -> VerifyReport:
        log = self.log
        return verify_log_in_parts(
            bounds,
            self.read,
            self.check_elsewhere,
            partial(
                LogVerifier,
                log.checkpoints,
                PUBLIC_KEY,
                origin=ORIGIN,
                head=log.head,
                witness=log.witness,
            ),
        )


def in_order(log: Log) -> VerifyReport:
    return log.verify()


def end_of(log: Log) -> int:
    """The bound the database gives: one past the largest seq."""
    return max((row.record.seq for row in log.rows), default=-1) + 1


def cuts(log: Log) -> list[list[int]]:
    end = end_of(log)
    even = [split_bounds(end, parts) for parts in (2, 3, 5)]
    # Cuts right at and around the tampered rows (57, 58) and a checkpoint (1024).
    at = [[0, cut, end] for cut in (57, 58, 1024) if 0 < cut < end]
    return even + at


def outcome(verify: Callable[..., VerifyReport], *args: object) -> tuple[object, ...]:
    try:
        report = verify(*args)
    except AuditVerificationError as error:
        return ("error", error.reason, error.seq, str(error))
    return ("report", report)


@pytest.mark.parametrize(
    "tamper", [case.tamper for case in CASES], ids=[case.tamper.__name__ for case in CASES]
)
def test_every_tampering_is_named_as_verifying_in_order_names_it(tamper) -> None:
    log = fresh_log()
    tamper(log)
    expected = outcome(in_order, log)
    assert expected[0] == "error"
    for bounds in cuts(log):
        run = PartsRun(log)
        assert outcome(run.verify, bounds) == expected, bounds


def test_an_untouched_log_verifies_in_parts_without_a_second_pass() -> None:
    log = write_log(3000)
    expected = outcome(in_order, log)
    assert expected[0] == "report"
    for parts in (1, 2, 3, 8):
        run = PartsRun(log)
        report = run.verify(split_bounds(end_of(log), parts))
        assert report == dataclasses.replace(expected[1], processes=parts)
        assert run.whole_log_reads == 0
        assert len(run.runs_checked) == parts - 1


def test_a_run_that_could_not_be_checked_falls_back_to_one_pass_in_order() -> None:
    log = write_log(600)

    class Lost(PartsRun):
        def check_elsewhere(self, runs, unsigned_from):  # type: ignore[no-untyped-def]
            for _ in runs:
                yield None

    run = Lost(log)
    report = run.verify(split_bounds(600, 2))
    assert report == in_order(log)
    assert (report.processes, run.whole_log_reads) == (1, 1)


def test_split_bounds_never_makes_an_empty_run() -> None:
    assert split_bounds(1_000_000, 2) == [0, 500_000, 1_000_000]
    assert split_bounds(3, 5) == [0, 1, 2, 3]
    assert split_bounds(0, 2) == [0, 0]
