"""A job that kills its worker process is run a bounded number of times, then parked.

    .venv/bin/python bench/job_crash_fault.py [--database-url postgresql://root@127.0.0.1:5432]

A real `sealbook worker` (django-q2's cluster) on a new practice (SQLite, or
a PostgreSQL database `sealbook_scale_jobcrash` with --database-url) runs a
job that ends its own worker process with `os._exit` mid-run, as a SIGKILL,
the OOM killer or a crash in a C library would. SEALBOOK_JOB_TIMEOUT is 2 s,
so a dead run is taken again 3 s after it was taken (Q_CLUSTER["retry"]).

Asserted, with a verdict printed and exit 1 on failure: the job started
exactly `max_attempts` (3) times, each in a new worker process; it was then
parked (django-q2's failed tasks, the `JOB_PARKED` audit entry, an alert),
never run again; the worker is still up and other jobs still run (the
minutely reminders); `sealbook check` fails naming the job; the audit log
verifies. About 30 s; a bench script, not a CI test.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEALBOOK = [sys.executable, "-m", "sealbook"]
DB = "sealbook_scale_jobcrash"


def die(log: str) -> None:
    """The job: says it started, then ends its process as a crash would (no result, no ack)."""
    with Path(log).open("a") as out:
        out.write(f"{os.getpid()}\n")
    os._exit(70)


QUEUE = """
import sys
from sealbook.cli.bootstrap import open_practice, setup_django
setup_django(); open_practice(unseal=False)
from django.utils import timezone
from django_q.models import Schedule
Schedule.objects.create(name="crasher", func="job_crash_fault.die", schedule_type=Schedule.ONCE,
                        kwargs=repr({"log": sys.argv[1]}), next_run=timezone.now())
"""
STATE = """
from sealbook.cli.bootstrap import open_practice, setup_django
setup_django(); open_practice(unseal=False)
from django_q.models import Failure, OrmQ, Success
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.oversight.models import Alert
parked = Failure.objects.filter(group="crasher")
print(OrmQ.objects.filter(payload__isnull=False).count(), parked.count(),
      parked.first().attempt_count if parked else 0,
      Success.objects.filter(group="reminders").count(),
      AuditEntry.objects.filter(event=AuditEvent.JOB_PARKED).count(),
      Alert.objects.filter(kind="job-parked").count())
"""


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL base URL (no database)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sealbook-jobcrash-") as tmp:
        root = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("SEALBOOK_")}
        env |= {"SEALBOOK_HOME": str(root / "home"), "SEALBOOK_JOB_TIMEOUT": "2",
                "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'bench'}"}  # fmt: skip
        if args.database_url:
            import psycopg

            with psycopg.connect(f"{args.database_url}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
                admin.execute(f"CREATE DATABASE {DB}")
            env["SEALBOOK_DATABASE_URL"] = f"{args.database_url}/{DB}"
        (root / "passphrase").write_text("bench job crash passphrase, long enough\n")
        (root / "owner").write_text("bench-owner-password-2026\n")
        run = lambda *cmd: subprocess.run(  # noqa: E731
            cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=300, check=False
        )
        made = run(*SEALBOOK, "init", "--passphrase-file", str(root / "passphrase"),
                   "--owner-email", "owner@practice.example.org",
                   "--owner-password-file", str(root / "owner"))  # fmt: skip
        if made.returncode != 0:
            raise SystemExit(made.stderr)
        env["SEALBOOK_PASSPHRASE_FILE"] = str(root / "passphrase")
        starts = root / "starts"
        queued = run(sys.executable, "-c", QUEUE, str(starts))
        if queued.returncode != 0:
            raise SystemExit(queued.stderr)
        say("job queued; starting `sealbook worker` (SEALBOOK_JOB_TIMEOUT=2: retaken after 3 s)")
        began = time.monotonic()
        worker = subprocess.Popen(
            [*SEALBOOK, "worker"], env=env, cwd=REPO, start_new_session=True,
            stdout=(root / "worker.log").open("wb"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        state: list[str] = []
        try:
            while time.monotonic() - began < 120:
                time.sleep(2)
                state = run(sys.executable, "-c", STATE).stdout.split()
                if state and state[1] == "1" and int(state[3]) >= 1:
                    break
            parked_after = time.monotonic() - began
            time.sleep(5)  # would a fourth run start? (it must not)
            alive = worker.poll() is None
            check = run(*SEALBOOK, "check")
            verify = run(*SEALBOOK, "audit", "verify")
        finally:
            try:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=60)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(worker.pid, signal.SIGKILL)
        pids = starts.read_text().split() if starts.exists() else []
        queue_rows, parked, runs, reminders, entries, alerts = (state + ["?"] * 6)[:6]
        jobs_line = next((x for x in check.stdout.splitlines() if "background jobs" in x), "")
        say(f"job started {len(pids)} times in {len(set(pids))} worker processes; "
            f"parked: {parked} (runs counted {runs}) after {parked_after:.0f} s")  # fmt: skip
        say(
            f"queue rows left: {queue_rows}; reminders runs meanwhile: {reminders}; "
            f"JOB_PARKED entries: {entries}; alerts: {alerts}; worker alive: {alive}"
        )
        say(f"sealbook check (exit {check.returncode}): {jobs_line.strip()}")
        say(f"audit verify (exit {verify.returncode}): {verify.stdout.strip() or verify.stderr}")
        say(f"load average: {os.getloadavg()[0]:.1f} (1 min)")
        ok = (
            len(pids) == 3 and len(set(pids)) == 3
            and (parked, runs, entries, alerts) == ("1", "3", "1", "1") and int(reminders) >= 1
            and alive and check.returncode == 1 and "FAIL" in jobs_line
            and "crasher" in jobs_line and verify.returncode == 0
        )  # fmt: skip
        say("PASS: bounded retries, then parked and reported" if ok else "FAIL")
        if args.database_url:
            import psycopg

            with psycopg.connect(f"{args.database_url}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
