"""Appends from several processes and threads at once: one gap-free log that verifies.

Each process is a real `sealbook` environment (its own unsealing, its own
connections); its threads call `record()` outside a transaction, as reads do,
so within a process the entries are group-committed, and across processes
the head's lock orders the batches. On PostgreSQL (SEALBOOK_DATABASE_URL set)
the processes share a fresh database, on SQLite the home's database file.
The unit tests below check the group commit itself without a database.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sealbook.audit import log
from tests.cli.conftest import OWNER_PASSWORD, Cli, fresh_cli

PROCESSES, THREADS, EACH = 3, 4, 15

WRITER = r"""
import sys, threading, uuid
from sealbook.cli.bootstrap import open_practice, setup_django
setup_django()
open_practice(unseal=True, prompt=False)
from django.db import connections
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record

start = threading.Barrier(int(sys.argv[1]))
seqs = []

def write():
    start.wait()
    for _ in range(int(sys.argv[2])):
        entry = record(AuditEvent.CHART_VIEWED, client_id=uuid.uuid4(), outcome="granted",
                       detail={"action": "view-clinical"})
        seqs.append(entry.seq)
    connections.close_all()

threads = [threading.Thread(target=write) for _ in range(int(sys.argv[1]))]
for t in threads: t.start()
for t in threads: t.join()
print(" ".join(map(str, seqs)))
"""

CHECK = r"""
from sealbook.cli.bootstrap import open_practice, setup_django
setup_django()
open_practice(unseal=False)
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry, AuditHead
seqs = list(AuditEntry.objects.values_list("seq", flat=True))
assert seqs == list(range(len(seqs))), "the log has a gap"
assert AuditHead.objects.get(pk=1).size == len(seqs)
print(AuditEntry.objects.filter(event=AuditEvent.CHART_VIEWED).count())
"""


# A hook whose statement fails, in a read's append (outside any transaction): on
# PostgreSQL the failure aborts the append's transaction, and the COMMIT that ends it
# rolls back without an error.
BROKEN_HOOK = r"""
from sealbook.cli.bootstrap import open_practice, setup_django
setup_django()
open_practice(unseal=True, prompt=False)
from django.db import DatabaseError, connection
from sealbook.audit import hooks
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.audit.models import AuditEntry

def broken(entry):
    with connection.cursor() as cursor:
        cursor.execute("SELECT no_such_column FROM audit_audithead")

hooks.register(broken)
try:
    entry = record(AuditEvent.CLIENT_SEARCHED)
except DatabaseError:
    print("refused")
else:
    print("written" if AuditEntry.objects.filter(seq=entry.seq).exists() else "lost")
"""


@pytest.fixture
def shared_home(tmp_path: Path) -> Iterator[Cli]:
    for cli in fresh_cli(tmp_path / "home"):
        key = tmp_path / "practice.key"
        cli.migrated()
        done = cli.run(
            "init",
            "--key-file", str(key),
            "--owner-email", "owner@practice.example.org",
            "--owner-password-file", cli.file("owner-password", OWNER_PASSWORD),
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        cli.env["SEALBOOK_KEY_FILE"] = str(key)
        yield cli


def test_processes_and_threads_appending_at_once_leave_one_gap_free_log(shared_home):
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(THREADS), str(EACH)],
            env=shared_home.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    seqs: list[int] = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err[-2000:]
        seqs += [int(s) for s in out.split()]
    # Every caller got its own place in the log.
    assert len(seqs) == len(set(seqs)) == PROCESSES * THREADS * EACH
    check = subprocess.run(
        [sys.executable, "-c", CHECK], env=shared_home.env, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr[-2000:]
    assert int(check.stdout) == PROCESSES * THREADS * EACH
    verify = shared_home.run("audit", "verify")
    assert verify.returncode == 0, verify.stderr
    assert "Audit log verified" in verify.stdout


def test_an_append_whose_hook_statement_fails_is_written_or_refused_never_lost(shared_home):
    done = subprocess.run(
        [sys.executable, "-c", BROKEN_HOOK], env=shared_home.env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() in ("written", "refused")  # SQLite; PostgreSQL
    verify = shared_home.run("audit", "verify")
    assert verify.returncode == 0, verify.stderr


# --- the group commit, without a database ------------------------------------------


def pending() -> log._Pending:
    return log._Pending(None, 303, None, "", "", "granted", b"")


def slow_writes(monkeypatch, batches: list[int], fail: bool = False) -> None:
    def write_batch(batch: list[log._Pending]) -> list[object]:
        batches.append(len(batch))
        time.sleep(0.05)  # the commit: others arrive meanwhile
        if fail:
            raise OSError("the database went away")
        return [f"entry-{id(p)}" for p in batch]

    monkeypatch.setattr(log, "_write_batch", write_batch)


def test_callers_arriving_during_a_commit_share_the_next_one(monkeypatch):
    batches: list[int] = []
    slow_writes(monkeypatch, batches)
    mine = [pending() for _ in range(6)]
    got: dict[int, object] = {}

    def call(i: int) -> None:
        got[i] = log._group_commit(mine[i])

    threads = [threading.Thread(target=call, args=(i,)) for i in range(6)]
    threads[0].start()
    time.sleep(0.01)  # the first caller is committing alone
    for t in threads[1:]:
        t.start()
    for t in threads:
        t.join()
    assert batches == [1, 5]
    # Each caller gets back its own entry, not its neighbour's.
    assert got == {i: f"entry-{id(mine[i])}" for i in range(6)}


def test_a_failed_commit_fails_every_caller_in_it(monkeypatch):
    batches: list[int] = []
    slow_writes(monkeypatch, batches, fail=True)
    errors: list[BaseException] = []

    def call() -> None:
        try:
            log._group_commit(pending())
        except OSError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 4
    assert sum(batches) == 4
    assert not log._queue and not log._writing


def test_a_batch_across_a_checkpoint_keeps_that_checkpoint_and_verifies(db, cast, monkeypatch):
    from sealbook.audit.models import AuditCheckpoint, AuditHead
    from sealbook.audit.verification import verify

    monkeypatch.setattr(log, "CHECKPOINT_INTERVAL", 4)
    size = AuditHead.objects.get(pk=1).size
    entries = log._write_batch([pending() for _ in range(9)])
    assert [e.seq for e in entries] == list(range(size, size + 9))
    crossed = [n for n in range(size + 1, size + 10) if n % 4 == 0]
    assert (
        list(AuditCheckpoint.objects.filter(size__gt=size).values_list("size", flat=True))
        == crossed
    )
    monkeypatch.setattr(log, "CHECKPOINT_INTERVAL", 1024)
    assert verify().size == size + 9
