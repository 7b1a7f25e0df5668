"""Two `sealbook worker` processes share one job queue: a scheduled run happens once,
and a run whose worker is killed (SIGKILL, the whole process group) runs again, once.

Real processes on the practice's own database (SQLite, or PostgreSQL when
SEALBOOK_DATABASE_URL is set), with SEALBOOK_JOB_TIMEOUT at 4 s so a killed
run is taken again after 6 s instead of hours.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]

SCHEDULE_PROBE = """
import sys
from sealbook.cli.bootstrap import setup_django
setup_django()
from django.utils import timezone
from django_q.models import Schedule
Schedule.objects.create(name="probe", func="tests.jobs.probe.run", schedule_type=Schedule.ONCE,
                        kwargs=repr({"log": sys.argv[1], "release": sys.argv[2]}),
                        next_run=timezone.now())
"""
QUEUE_STATE = """
from sealbook.cli.bootstrap import setup_django
setup_django()
from django_q.models import OrmQ, Schedule, Success
runs = Success.objects.filter
print(OrmQ.objects.count(), Schedule.objects.filter(name="probe").count(),
      runs(group="backups").count(), runs(group="probe").count())
"""


def python(cli: Cli, code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env(cli), capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def env(cli: Cli) -> dict[str, str]:
    return {**cli.env, **cli.unsealed(), "SEALBOOK_JOB_TIMEOUT": "4", "PYTHONPATH": str(ROOT)}


def start_worker(cli: Cli, backups: Path, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "sealbook", "worker", "--backup-every", "24",
         "--backup-dir", str(backups)],
        env=env(cli), stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group has already gone
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the worker itself stops its cluster and then the worker."""
    process.terminate()
    try:
        assert process.wait(timeout=60) == 0
    finally:
        kill_group(process)


def wait_for(condition: Any, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


@pytest.mark.slow
def test_two_workers_run_a_scheduled_job_once_and_a_killed_run_again_once(cli: Cli, tmp_path):
    cli.initialised()
    probe_log, release = tmp_path / "probe.log", tmp_path / "release"
    python(cli, SCHEDULE_PROBE, str(probe_log), str(release))
    backups = tmp_path / "backups"
    backups.mkdir()
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    workers = {start_worker(cli, backups, log) for log in logs}
    try:
        # Both workers install the backup schedule and run a scheduler pass at start.
        wait_for(lambda: lines(probe_log)[:1] == ["start"])
        first_pid = int(lines(probe_log)[1])
        [victim] = [w for w in workers if _owns(w.pid, first_pid)]
        kill_group(victim)  # mid-run: the probe never finished
        workers.remove(victim)
        release.touch()
        wait_for(lambda: "done" in lines(probe_log))
        wait_for(lambda: python(cli, QUEUE_STATE).split()[0] == "0")  # finished and acknowledged
        _, probe_schedules, backup_runs, probe_runs = python(cli, QUEUE_STATE).split()
    finally:
        for worker in workers:
            stop(worker)
    words = lines(probe_log)
    assert words[0::2] == ["start", "start", "done"], words
    assert words[3] == words[5] != words[1]  # the surviving worker ran it again
    assert (probe_schedules, probe_runs) == ("0", "1")  # a ONCE schedule, run to the end once
    assert backup_runs == "1"
    assert len(list(backups.glob("sealbook-*"))) == 1, [p.name for p in backups.iterdir()]


def _owns(group: int, pid: int) -> bool:
    try:
        return os.getpgid(pid) == group
    except ProcessLookupError:
        return False
