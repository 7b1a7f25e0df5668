"""`sealbook audit verify` over 1,000,000 audit entries.

    .venv/bin/python bench/audit_verify_bench.py [--entries 1000000] [--profile]

Appending a million entries through `sealbook.audit.log.record()` would take
far too long for a benchmark (each append is its own transaction and signs a
new head), so this builds them in bulk exactly as record() would:

- the same `AuditRecord` fields and canonical encoding, a realistic mix of
  event types (chart and note views, logins, searches, note writes, sessions,
  denials), about a quarter of them with detail encrypted under the practice's
  audit-detail key and bound to the entry's seq (`log.detail_context`);
- the RFC 6962 leaf hash, the chain hash and the Merkle frontier, continuing
  from the two entries `create_practice` wrote;
- `bulk_create` in batches, one transaction per 50,000 entries;
- an `AuditCheckpoint` signed with the practice's Ed25519 key (from
  `sealbook.vault.runtime`) every 1,024 entries, and finally the signed
  `AuditHead`, as record() leaves them.

Then it times the real `sealbook.audit.verification.verify()` in this process
(3 runs each of one process and of the default, one process per core, which
forks children that check later runs of the log) and the real CLI, `sealbook
audit verify`, as a subprocess (2 runs each of `--jobs 1` and the default,
wall time, including interpreter and Django start-up), alternated so both
see the same machine. The SQLite file is in
the OS page cache for all runs (it was just written). Peak RSS comes from
getrusage: RUSAGE_CHILDREN read by a small launcher process for the CLI (the
CLI's own peak), RUSAGE_SELF for this process (which also built the log, so it
is an upper bound for verify alone).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import json
import os
import pstats
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _foundation as fb

TARGET_SECONDS = 10.0
TRANSACTION_ROWS = 50_000
BULK_BATCH = 5_000
SEALBOOK = Path(sys.executable).with_name("sealbook")

# (weight, event, object type, has client, outcome, detail maker or None)
_MIX: list[tuple[int, int, str, bool, str, Any]] = [
    (40, 303, "records.client", True, "success", None),  # CHART_VIEWED
    (15, 325, "records.progressnote", True, "success", None),  # NOTE_VIEWED
    (8, 101, "accounts.user", False, "success", None),  # LOGIN_SUCCEEDED
    (2, 103, "accounts.user", False, "success", None),  # LOGOUT
    (
        10,
        304,
        "",
        False,
        "success",
        lambda r: {"terms": r.randint(1, 3), "results": r.randint(0, 12)},
    ),  # CLIENT_SEARCHED
    (6, 321, "records.progressnote", True, "success", None),  # NOTE_CREATED
    (
        6,
        323,
        "records.progressnote",
        True,
        "success",
        lambda r: {"ciphertext_sha256": r.randbytes(32).hex()},
    ),  # NOTE_SIGNED
    (6, 311, "records.session", True, "success", None),  # SESSION_CREATED
    (
        1,
        324,
        "records.progressnote",
        True,
        "success",
        lambda r: {"amendment": str(uuid.UUID(int=r.getrandbits(128), version=4))},
    ),  # NOTE_AMENDED
    (
        1,
        301,
        "records.client",
        True,
        "success",
        lambda r: {"care_team": [r.randint(2, 60)], "contacts": r.randint(0, 3)},
    ),  # CLIENT_CREATED
    (5, 401, "", True, "denied", lambda r: {"action": "view-clinical"}),  # ACCESS_DENIED
]


def build_log(total: int, seed: int) -> dict[str, Any]:
    """Append entries until the log holds `total`, as record() would have; return figures."""
    from django.db import transaction

    from sealbook.audit.log import CHECKPOINT_INTERVAL, detail_context, origin
    from sealbook.audit.models import AuditCheckpoint, AuditEntry, AuditHead
    from sealbook.core.audit import merkle
    from sealbook.core.audit.checkpoint import Checkpoint, sign_checkpoint
    from sealbook.core.audit.entry import AuditRecord, chain_hash
    from sealbook.vault import runtime

    rng = random.Random(seed)
    signing_key = runtime.audit_signing_key()
    detail_key = runtime.audit_detail_key()
    log_origin = origin(runtime.practice_id())
    clients = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(5000)]
    objects = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(20000)]
    weights = [w for w, *_ in _MIX]
    kinds = rng.choices(range(len(_MIX)), weights=weights, k=total)

    head = AuditHead.objects.get(pk=1)
    seq = head.size
    chain = bytes(head.chain_hash)
    frontier = merkle.CompactRange.from_bytes(bytes(head.frontier))
    now = datetime.datetime(2025, 1, 6, 8, 0, tzinfo=datetime.UTC)
    with_detail = 0
    checkpoints = 0
    note = head.signed_note
    started = time.perf_counter()
    while seq < total:
        with transaction.atomic():
            end = min(total, seq + TRANSACTION_ROWS)
            rows: list[AuditEntry] = []
            marks: list[AuditCheckpoint] = []
            for s in range(seq, end):
                _, event, object_type, has_client, outcome, make_detail = _MIX[kinds[s]]
                now += datetime.timedelta(microseconds=rng.randint(200_000, 60_000_000))
                client = rng.choice(clients) if has_client else None
                actor = rng.randint(2, 60)
                if object_type == "records.client":
                    object_id = str(client)
                elif object_type == "accounts.user":
                    object_id = str(actor)
                elif object_type:
                    object_id = rng.choice(objects)
                else:
                    object_id = ""
                sealed = b""
                if make_detail is not None:
                    plain = json.dumps(make_detail(rng), sort_keys=True, default=str).encode()
                    sealed = detail_key.seal(plain, detail_context(s))
                    with_detail += 1
                entry = AuditRecord(
                    seq=s,
                    occurred_at=now,
                    actor_id=actor,
                    event=event,
                    client_id=str(client) if client else None,
                    object_type=object_type,
                    object_id=object_id,
                    outcome=outcome,
                    detail=sealed,
                )
                leaf = merkle.leaf_hash(entry.canonical_bytes())
                chain = chain_hash(chain, leaf)
                frontier.append(leaf)
                rows.append(
                    AuditEntry(
                        seq=s,
                        occurred_at=now,
                        actor_id=actor,
                        event=event,
                        client_id=client,
                        object_type=object_type,
                        object_id=object_id,
                        outcome=outcome,
                        detail=sealed,
                        leaf_hash=leaf,
                        chain_hash=chain,
                    )
                )
                if (s + 1) % CHECKPOINT_INTERVAL == 0:
                    note = sign_checkpoint(
                        Checkpoint(origin=log_origin, size=s + 1, root_hash=frontier.root()),
                        log_origin,
                        signing_key,
                    )
                    marks.append(AuditCheckpoint(size=s + 1, signed_note=note, created_at=now))
            AuditEntry.objects.bulk_create(rows, batch_size=BULK_BATCH)
            AuditCheckpoint.objects.bulk_create(marks)
            checkpoints += len(marks)
            seq = end
        fb.say(f"  {seq:>9} entries ({(seq - head.size) / (time.perf_counter() - started):,.0f}/s)")
    root = frontier.root()
    note = sign_checkpoint(
        Checkpoint(origin=log_origin, size=seq, root_hash=root), log_origin, signing_key
    )
    AuditHead.objects.filter(pk=1).update(
        size=seq, root_hash=root, chain_hash=chain, frontier=frontier.to_bytes(), signed_note=note
    )
    return {"size": seq, "root": root, "with_detail": with_detail, "checkpoints": checkpoints}


# Runs the CLI and reports its own wall time, CPU time and peak RSS. A small
# launcher is needed because Linux carries the parent's RSS at fork into the
# child's ru_maxrss: measured from this (large) process, every child would
# appear at least as large as the benchmark itself.
_LAUNCHER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:]).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write(f"\\nRUSAGE {wall} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}\\n")
sys.exit(code)
"""


def run_cli(home: Path, *extra: str) -> tuple[float, float, float, str, int]:
    """Run `sealbook audit verify`; return (wall s, CPU s, peak RSS MiB, output, exit code).

    CPU and peak RSS include the processes it forks (the launcher reaps them all).
    """
    env = dict(os.environ, SEALBOOK_HOME=str(home))
    for name in ("DJANGO_SETTINGS_MODULE", "SEALBOOK_KEY_FILE", "SEALBOOK_PASSPHRASE_FILE"):
        env.pop(name, None)  # verify needs no secret; start the CLI as an auditor would
    done = subprocess.run(
        [sys.executable, "-I", "-c", _LAUNCHER, str(SEALBOOK), "audit", "verify", *extra],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    err, _, usage = done.stderr.rstrip().rpartition("\nRUSAGE ")
    wall, cpu, rss_kib = (float(x) for x in usage.split())
    return wall, cpu, rss_kib / 1024, (done.stdout + err).strip(), done.returncode


def breakdown() -> None:
    """Split one verification into reading rows and checking them (CPU seconds, no profiler)."""
    from django.db import connection, transaction

    from sealbook.audit import rows
    from sealbook.audit.verification import verify

    def cpu(fn: Any) -> float:
        start = time.process_time()
        fn()
        return time.process_time() - start

    def drain(entries: Iterator[Any]) -> None:
        for _ in entries:
            pass

    with transaction.atomic():
        sql_only = cpu(lambda: drain(_sql_rows(connection)))
        stream = cpu(lambda: drain(rows.stream(connection)))
    whole = cpu(lambda: verify(processes=1))
    fb.say(f"SQLite fetch of the rows alone (raw cursor):               {sql_only:6.2f} s CPU")
    fb.say(f"rows.stream(): fetch + AuditRecord/StoredEntry per row:     {stream:6.2f} s CPU")
    fb.say(f"verify(processes=1): all of it in one process:              {whole:6.2f} s CPU")
    fb.say(
        f"=> checking (encode, leaf, chain, Merkle, signatures):      {whole - stream:6.2f} s CPU"
    )


def _sql_rows(connection: Any) -> Iterator[Any]:
    from sealbook.audit import rows

    with connection.cursor() as cursor:
        columns = ", ".join(rows._COLUMNS)
        cursor.execute(f"SELECT {columns} FROM audit_auditentry ORDER BY seq")  # noqa: S608
        while batch := cursor.fetchmany(5000):
            yield from batch


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument(
        "--profile", action="store_true", help="always print a cProfile of verify()"
    )
    args = parser.parse_args()

    with fb.throwaway_practice("audit") as bench:
        from sealbook.audit.models import AuditCheckpoint, AuditEntry
        from sealbook.audit.verification import verify

        fb.heading(f"audit_verify_bench: `sealbook audit verify` over {args.entries:,} entries")
        fb.say(f"machine: {fb.machine_line()}")
        fb.say(f"code: {fb.code_line()}; {fb.load_line()}")
        fb.say(f"building the log in bulk (one transaction per {TRANSACTION_ROWS:,} entries) ...")
        build_seconds, built = fb.timed(lambda: build_log(args.entries, seed=2026))
        db_file = bench.path / "sealbook.sqlite3"
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        fb.say(
            f"built {built['size']:,} entries ({built['with_detail']:,} with encrypted detail), "
            f"{AuditCheckpoint.objects.count():,} checkpoints in {build_seconds:.1f} s; "
            f"database {db_file.stat().st_size / 2**20:.0f} MiB"
        )
        assert AuditEntry.objects.count() == built["size"] == args.entries

        fb.heading("verify() in process: one process against the default (one per core)")
        rss_before = fb.peak_rss_mib()
        timings: dict[str, list[tuple[float, float]]] = {"one": [], "default": []}
        for n in range(3):
            # Alternated, so that both see the same machine.
            for label, processes in (("one", 1), ("default", None)):
                cpu_start = time.process_time()
                seconds, report = fb.timed(lambda p=processes: verify(processes=p))
                cpu = time.process_time() - cpu_start
                timings[label].append((seconds, cpu))
                assert report.size == built["size"] and report.root == built["root"], report
                fb.say(
                    f"run {n + 1}, {label:>7}: {seconds:.2f} s wall, {cpu:.2f} s CPU in this "
                    f"process, {report.processes} process(es), "
                    f"{report.checkpoints_verified} checkpoints verified; {fb.load_line()}"
                )
        medians = {
            label: statistics.median(wall for wall, _ in runs) for label, runs in timings.items()
        }
        in_process = medians["default"]
        fb.say(
            f"median: one process {medians['one']:.2f} s, default {in_process:.2f} s wall "
            f"({medians['one'] / in_process:.2f}x), {built['size'] / in_process:,.0f} entries/s; "
            f"peak RSS of this process {fb.peak_rss_mib():.0f} MiB "
            f"({rss_before:.0f} MiB before verifying, after building the log)"
        )

        fb.heading("sealbook audit verify (CLI subprocess, wall time)")
        best: dict[str, float] = {}
        for n in range(2):
            for label, extra in (("--jobs 1", ("--jobs", "1")), ("default", ())):
                seconds, cpu, rss, output, code = run_cli(bench.path, *extra)
                best[label] = min(best.get(label, seconds), seconds)
                fb.say(
                    f"run {n + 1}, {label:>8}: {seconds:.2f} s wall, {cpu:.2f} s CPU, peak RSS "
                    f"{rss:.0f} MiB, exit {code}; {fb.load_line()}: {output}"
                )
                if code != 0:
                    raise SystemExit("the CLI did not verify the log")
        cli = best["default"]
        fb.say(
            f"best: --jobs 1 {best['--jobs 1']:.2f} s, default {cli:.2f} s wall "
            f"({best['--jobs 1'] / cli:.2f}x), {built['size'] / cli:,.0f} entries/s"
        )

        fb.heading("verdict")
        worst = max(in_process, cli)
        verdict = "PASS" if worst < TARGET_SECONDS else "MISS"
        fb.say(
            f"default: in process {in_process:.2f} s, CLI {cli:.2f} s: {verdict} "
            f"(target < {TARGET_SECONDS:.0f} s)"
        )

        if args.profile or verdict == "MISS":
            fb.heading("where verify() spends its time (CPU seconds, measured piece by piece)")
            breakdown()
            fb.heading("where verify() spends its time (cProfile, one run)")
            profiler = cProfile.Profile()
            profiler.enable()
            verify(processes=1)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("tottime").print_stats(20)
            stats.sort_stats("cumulative").print_stats(25)
            fb.say(out.getvalue())
        return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
