"""`sealbook worker`: run the practice's background jobs (django-q2's worker)."""

from __future__ import annotations

import argparse
import datetime
import math
from pathlib import Path

from sealbook.cli.bootstrap import open_practice, setup_django
from sealbook.core.errors import SealbookError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "worker",
        help="run the background jobs: reminders, backups, retention runs, audit checks, "
        "guardians' access at majority, expired portal copies",
        description="Unseal the practice and run its background jobs from the job queue in "
        "the practice's database (django-q2) until stopped: appointment reminders every "
        "minute, expired portal copies removed every ten minutes, guardians' portal access "
        "ended at the client's majority hourly, the retention run, the audit log check and "
        "`sealbook check` daily, and backups if asked. "
        "`sealbook serve` runs the same jobs itself unless given --no-jobs; when several app "
        "processes serve one practice, run them with --no-jobs and one or more workers. Each "
        "scheduled run is taken by one worker, however many run; a run whose worker was "
        "killed is taken again once SEALBOOK_JOB_TIMEOUT and a quarter more have passed, up to "
        "3 runs; then it is parked (logged, an alert raised, `sealbook check` fails). Stop "
        "the worker with SIGTERM or Ctrl-C (its child processes stop with it).",
    )
    p.add_argument(
        "--once",
        action="store_true",
        help="send the appointment reminders due now and end guardians' access at majority, in "
        "this process, then exit (no queue)",
    )
    p.add_argument(
        "--backup-every",
        type=float,
        metavar="HOURS",
        help="schedule a verified backup every HOURS, the first at once (needs --backup-dir)",
    )
    p.add_argument("--backup-dir", metavar="DIR", help="folder for scheduled backups")
    p.add_argument(
        "--clock-offset",
        type=float,
        default=0.0,
        metavar="HOURS",
        help="act as if the clock were HOURS later (for drills and tests; default 0)",
    )
    p.set_defaults(handler=run)


def backup_arguments(every: float | None, folder: str | None) -> Path | None:
    """The backup folder if backups were asked for; refuses half or wrong arguments."""
    if every is None and folder is None:
        return None
    if every is None or folder is None:
        raise SealbookError("--backup-every and --backup-dir go together")
    if not (math.isfinite(every) and every > 0):
        raise SealbookError("--backup-every must be a positive number of hours")
    if not Path(folder).is_dir():
        raise SealbookError(f"--backup-dir {folder} is not a folder")
    return Path(folder).resolve()


def run(args: argparse.Namespace) -> int:
    if not (math.isfinite(args.clock_offset) and abs(args.clock_offset) <= 24 * 366):
        raise SealbookError("--clock-offset must be a number of hours within a year")
    backup_dir = backup_arguments(args.backup_every, args.backup_dir)
    setup_django()
    open_practice(unseal=True)
    from sealbook.jobs import registry, worker

    registry.clock_offset = datetime.timedelta(hours=args.clock_offset)
    if args.once:
        sent = registry.send_reminders()
        print(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
        ended = registry.end_guardians_at_majority()
        print(f"Ended {ended} guardian account{'s' if ended != 1 else ''} at majority.")
        return 0
    registry.install(backup_every_hours=args.backup_every, backup_dir=backup_dir)
    cluster = worker.start(own_signals=True)
    print("Running the background jobs; stop with Ctrl-C.", flush=True)
    worker.run_until_stopped(cluster)
    return 0
