"""Checking later runs of the audit log in forked processes, while this one checks the first.

`sealbook audit verify` on a large log cuts it into runs of seqs. Each run's
row checks need only its own rows and the stored chain hash of the entry
before it (`core.audit.parts.check_segment`), so they run side by side, one
process per core; this process joins their leaves in order
(`verify_log_in_parts`). Only the CLI uses this: forking a process that runs
other threads (the web server) is not safe.

A forked child inherits the parent's open database connection. It must
neither use nor close it (a PostgreSQL child closing it would end the
parent's session; SQLite's locks are per process), so each child opens its
own and leaves with `os._exit`, which runs no finalisers on the inherited one.

On PostgreSQL each child reads in the parent's snapshot
(`pg_export_snapshot`), so all runs see one state of the log. On SQLite each
child reads what is committed when it starts, bounded by the end seq the
parent saw; an entry changed in between makes a run fail to join, and the
whole log is then verified again in the parent's own snapshot.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import TracebackType

from django.db import DEFAULT_DB_ALIAS, connection, connections

from sealbook.audit import rows
from sealbook.core.audit.parts import check_segment
from sealbook.core.audit.verify import Segment

# Below this many entries per process, starting processes costs more than it saves.
ENTRIES_PER_PROCESS = 100_000
MAX_PROCESSES = 8


def processes_for(size: int) -> int:
    """How many processes pay off for a log of `size` entries on this machine."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_PROCESSES, size // ENTRIES_PER_PROCESS))


def export_snapshot() -> str | None:
    """On PostgreSQL, the id that lets the children read in this transaction's snapshot."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
    return str(snapshot)


class ForkedRuns:
    """Starts one child per run; a context manager, so that no child outlives a failure."""

    def __init__(self, snapshot: str | None) -> None:
        self._snapshot = snapshot
        self._children: list[BaseProcess] = []

    def __enter__(self) -> ForkedRuns:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for child in self._children:
            if child.is_alive():
                child.terminate()
            child.join()

    def check(
        self, runs: Sequence[tuple[int, int]], unsigned_from: int
    ) -> Iterator[Segment | None]:
        """Start checking every run now; yield their segments in order (a `SegmentChecker`)."""
        context = multiprocessing.get_context("fork")
        receivers = []
        for low, high in runs:
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(
                target=_check_run,
                args=(sender, self._snapshot, low, high, unsigned_from),
                name=f"sealbook-verify-{low}",
                daemon=True,
            )
            child.start()
            sender.close()
            self._children.append(child)
            receivers.append(receiver)
        return _segments(receivers)


def _segments(receivers: list[Connection]) -> Iterator[Segment | None]:
    for receiver in receivers:
        try:
            segment = receiver.recv()
        except EOFError:  # the child died before it could answer
            segment = None
        finally:
            receiver.close()
        yield segment if isinstance(segment, Segment) else None


def _check_run(
    sender: Connection, snapshot: str | None, low: int, high: int, unsigned_from: int
) -> None:
    """In the child: check seqs [low, high) on a connection of its own, send the Segment."""
    segment: Segment | None = None
    try:
        own = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with own.cursor() as cursor:
                if snapshot is None:
                    cursor.execute("BEGIN")  # one SQLite read snapshot for the whole run
                else:
                    cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
                    cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
            previous = rows.stored_chain(own, low - 1)
            if previous is not None:
                segment = check_segment(
                    rows.stream(own, low, high),
                    first_seq=low,
                    previous_chain=previous,
                    unsigned_from=unsigned_from,
                )
        finally:
            own.close()
    except Exception:  # the parent then verifies the whole log itself
        segment = None
    try:
        sender.send(segment)
    finally:
        sender.close()
        os._exit(0)
