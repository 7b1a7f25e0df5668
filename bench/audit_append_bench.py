"""Audit-log appends per second with 1, 2, 4 and 8 concurrent writers.

    .venv/bin/python bench/audit_append_bench.py [--backend sqlite|postgresql|both]
        [--writers 1,2,4,8] [--mode processes|threads|"2 processes"|all] [--seconds 4]

Creates a throwaway practice (SQLite in a temporary SEALBOOK_HOME, or a fresh
PostgreSQL database `sealbook_scale_appendbench` on SEALBOOK_BENCH_POSTGRES,
default postgresql://root@127.0.0.1:5432), then for each writer count starts
the writers and lets them append for `--seconds`, each append a standalone
`audit.log.record()` call outside any transaction, as a chart view makes it:

- **processes**: N separate Python processes (as N `sealbook serve` processes
  behind a proxy), one writer each;
- **threads**: one process with N threads (as one waitress process with N
  busy worker threads);
- **2 processes**: the N writers as threads of two processes (N/2 each; one
  process for N = 1), as two `sealbook serve` behind Caddy: each process
  group-commits its own threads' appends, and the two processes' batches take
  turns on the log head (the cross-process figure);
- with `--compare`, **threads, no group commit**: the same, but every append
  its own transaction, lock and commit, as before group commit.

Printed per run: appends per second (wall clock), the writers' CPU per append
(client side, `time.process_time` of every writer process), on PostgreSQL the
database server's CPU per append (the writers' backend processes, read from
/proc), the median and p99 latency of one append, and whether the log then
verifies with gap-free sequence numbers. The writer counts run interleaved in
rounds (1, 2, 4, 8, 1, 2, ...), so a burst of load from other jobs on this
shared machine falls on all of them; the best round per count is reported
beside the median. "CPU s / wall s" is the run's CPU (writers, plus the
PostgreSQL backends) beside its wall time: above 1 the writers used more than
one core's worth. Needs free cores to mean anything (N writers of one
process share one core; N processes want N): the load average is printed
before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

REPO = Path(__file__).resolve().parent.parent
PG_DB = "sealbook_scale_appendbench"


def backend_cpu_seconds(pids: list[int]) -> float:
    """utime + stime of these (database server) processes, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


# --- the writer (a child process) ------------------------------------------------


def writer_main(threads: int, seconds: float, grouped: bool = True) -> None:
    from sealbook.cli.bootstrap import open_practice, setup_django

    setup_django()
    open_practice(unseal=True, prompt=False)
    from django.db import connection, connections

    from sealbook.audit import log
    from sealbook.audit.events import AuditEvent
    from sealbook.audit.log import record

    if not grouped:
        # As before group commit: every append its own transaction, lock and commit.
        log._group_commit = lambda pending: log._write_batch([pending])[0]  # type: ignore[assignment]

    client_ids = [uuid.uuid4() for _ in range(50)]
    ready = threading.Barrier(threads + 1)
    go = threading.Event()
    results: list[dict[str, Any]] = []
    lock = threading.Lock()

    def one_writer(index: int) -> None:
        pid = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
        else:
            connection.ensure_connection()
        ready.wait()
        go.wait()
        server0 = backend_cpu_seconds([pid]) if pid else 0.0
        latencies: list[float] = []
        deadline = time.perf_counter() + seconds
        n = 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            record(
                AuditEvent.CHART_VIEWED,
                actor=None,
                client_id=client_ids[n % len(client_ids)],
                outcome="granted",
                detail={"action": "view-clinical", "basis": "care-team"},
            )
            latencies.append(time.perf_counter() - start)
            n += 1
        server = backend_cpu_seconds([pid]) - server0 if pid else 0.0
        with lock:
            results.append({"n": n, "latencies": latencies, "server": server})
        connections.close_all()

    workers = [threading.Thread(target=one_writer, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    ready.wait()
    print("ready", flush=True)
    sys.stdin.readline()  # "go"
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    go.set()
    for w in workers:
        w.join()
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    print(
        json.dumps(
            {
                "n": sum(r["n"] for r in results),
                "latencies": [x for r in results for x in r["latencies"]],
                "wall": wall,
                "cpu": cpu,
                "server": sum(r["server"] for r in results),
            }
        ),
        flush=True,
    )


# --- the driver -------------------------------------------------------------------


def make_practice(backend: str, root: Path, pg_base: str) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("SEALBOOK_PASSPHRASE_FILE", "SEALBOOK_HSM_PIN_FILE", "SEALBOOK_DEBUG"):
        env.pop(name, None)
    env["SEALBOOK_HOME"] = str(root / "home")
    env["DJANGO_SETTINGS_MODULE"] = "sealbook.settings"
    if backend == "postgresql":
        import psycopg

        with psycopg.connect(f"{pg_base}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            admin.execute(f"CREATE DATABASE {PG_DB}")
        env["SEALBOOK_DATABASE_URL"] = f"{pg_base}/{PG_DB}"
    else:
        env.pop("SEALBOOK_DATABASE_URL", None)
    key_path = root / "practice.key"
    script = (
        "import sys; from pathlib import Path\n"
        "from sealbook.cli.bootstrap import setup_django\n"
        "setup_django()\n"
        "from sealbook.core.crypto import sealing\n"
        "from sealbook.practice.setup import KekChoice, create_practice\n"
        "key = sealing.new_key_file(); Path(sys.argv[1]).write_bytes(key)\n"
        "create_practice(name='Append bench', choice=KekChoice(key_file=key),"
        " owner_email='owner@bench.example.org', owner_password='bench-owner-password-2026')\n"
    )
    subprocess.run([sys.executable, "-c", script, str(key_path)], env=env, check=True, cwd=REPO)
    env["SEALBOOK_KEY_FILE"] = str(key_path)
    return env


def run_once(env: dict[str, str], mode: str, writers: int, seconds: float) -> dict[str, Any]:
    if mode == "processes":
        procs, threads = writers, 1
    elif mode == "2 processes":
        procs = min(2, writers)
        threads = writers // procs
    else:
        procs, threads = 1, writers
    variant = ["single"] if mode == "threads, no group commit" else []
    children = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", str(threads), str(seconds), *variant],
            env=env,
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(procs)
    ]
    for child in children:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        if line != "ready":
            raise SystemExit(f"a writer failed to start: {line!r}")
    pg = env.get("SEALBOOK_DATABASE_URL", "").startswith("postgresql")
    wall0 = time.perf_counter()
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    outputs = []
    for child in children:
        out, _ = child.communicate()
        outputs.append(json.loads(out.strip().splitlines()[-1]))
        if child.returncode != 0:
            raise SystemExit("a writer failed")
    wall = time.perf_counter() - wall0
    server = sum(o["server"] for o in outputs)
    n = sum(o["n"] for o in outputs)
    lat = sorted(x for o in outputs for x in o["latencies"])
    span = max(o["wall"] for o in outputs)
    return {
        "mode": mode,
        "writers": writers,
        "n": n,
        "per_s": n / span,
        "client_cpu_ms": 1000 * sum(o["cpu"] for o in outputs) / max(n, 1),
        "server_cpu_ms": 1000 * server / max(n, 1) if pg else None,
        "p50_ms": 1000 * statistics.median(lat),
        "p99_ms": 1000 * lat[min(len(lat) - 1, int(0.99 * len(lat)))],
        "wall": wall,
        "span": span,
        # CPU seconds of the whole run (writers, and on PostgreSQL its backends) beside the wall.
        "cpu_s": sum(o["cpu"] for o in outputs) + (server if pg else 0.0),
    }


def verify(env: dict[str, str]) -> str:
    script = (
        "from sealbook.cli.bootstrap import setup_django, open_practice\n"
        "setup_django(); open_practice(unseal=False)\n"
        "from sealbook.audit.verification import verify\n"
        "from sealbook.audit.models import AuditEntry, AuditHead\n"
        "r = verify()\n"
        "seqs = list(AuditEntry.objects.order_by('seq').values_list('seq', flat=True))\n"
        "head = AuditHead.objects.get(pk=1)\n"
        "assert seqs == list(range(len(seqs))), 'gap in seq'\n"
        "assert head.size == len(seqs), 'head size differs from the entry count'\n"
        "print(f'verifies, {len(seqs)} entries, gap-free')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=REPO, capture_output=True, text=True
    )
    if done.returncode != 0:
        return "DOES NOT VERIFY: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    return done.stdout.strip()


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        writer_main(int(sys.argv[2]), float(sys.argv[3]), sys.argv[4:] != ["single"])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--writers", default="1,2,4,8")
    parser.add_argument("--mode", choices=("processes", "threads", "2 processes", "all"),
                        default="all")  # fmt: skip
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also run the threads without group commit (one transaction per append), "
        "interleaved with the rest",
    )
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    pg_base = os.environ.get("SEALBOOK_BENCH_POSTGRES", "postgresql://root@127.0.0.1:5432")
    counts = [int(x) for x in args.writers.split(",")]
    modes = ["processes", "threads", "2 processes"] if args.mode == "all" else [args.mode]
    if args.compare and "threads" in modes:
        modes.append("threads, no group commit")
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    import _foundation as fb

    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    print(f"commit {head}; {os.cpu_count()} cores; {fb.load_line()}", flush=True)
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix="sealbook-appendbench-") as tmp:
            env = make_practice(backend, Path(tmp), pg_base)
            results: dict[tuple[str, int], list[dict[str, Any]]] = {}
            for _ in range(args.rounds):
                for mode in modes:
                    for writers in counts:
                        r = run_once(env, mode, writers, args.seconds)
                        results.setdefault((mode, writers), []).append(r)
            print(f"\n== {backend} ({args.rounds} rounds of {args.seconds:g} s) ==")
            print(
                "| mode | writers | appends/s (median) | best | writer CPU ms/append |"
                " server CPU ms/append | CPU s / wall s | p50 ms | p99 ms |"
            )
            print("|---|---|---|---|---|---|---|---|---|")
            for (mode, writers), runs in results.items():
                med = statistics.median(r["per_s"] for r in runs)
                best = max(runs, key=lambda r: r["per_s"])
                server = (
                    f"{statistics.median(r['server_cpu_ms'] for r in runs):.2f}"
                    if runs[0]["server_cpu_ms"] is not None
                    else "-"
                )
                print(
                    f"| {mode} | {writers} | {med:,.0f} | {best['per_s']:,.0f} |"
                    f" {statistics.median(r['client_cpu_ms'] for r in runs):.2f} | {server} |"
                    f" {statistics.median(r['cpu_s'] for r in runs):.1f} /"
                    f" {statistics.median(r['span'] for r in runs):.1f} |"
                    f" {statistics.median(r['p50_ms'] for r in runs):.1f} |"
                    f" {statistics.median(r['p99_ms'] for r in runs):.1f} |"
                )
            print(f"log after the runs: {verify(env)}")
            if backend == "postgresql":
                import psycopg

                with psycopg.connect(f"{pg_base}/postgres", autocommit=True) as admin:
                    admin.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
    print(f"\n{fb.load_line()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
