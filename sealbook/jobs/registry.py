"""The practice's background jobs and their schedules.

Each job is a plain function that an earlier release ran from a loop of its
own; here django-q2 runs them from `Schedule` rows in the practice's
database. The library's scheduler takes the due rows under a row lock (SQLite:
the write lock every Sealbook transaction takes at BEGIN), moves each one's
next run on and queues its task in the same transaction, so two workers never
queue a run twice; a worker takes a queued task with a conditional UPDATE, so
two workers never take the same one; and a task is deleted only when its run
has finished, so a worker killed in the middle leaves it in the queue, to be
taken again once `Q_CLUSTER["retry"]` seconds have passed (settings.py).

A job therefore runs at least once per schedule and, barring a crash, exactly
once. Each job here is safe to run again after a crash: reminders are sent
from their own queue, each at most once (scheduling.reminders); a backup goes
to a new folder; the retention run and the audit check only count and verify.

The jobs run in processes forked from an unsealed `sealbook worker` or
`sealbook serve`, so they hold the practice key without unsealing again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django_q.models import Schedule

# `sealbook worker --clock-offset` (drills and tests): set before the worker forks.
clock_offset = datetime.timedelta(0)


def send_reminders() -> int:
    from sealbook.scheduling.reminders import send_due_reminders

    return send_due_reminders(timezone.now() + clock_offset)


def run_retention_review() -> int:
    from sealbook.retention.actions import review_retention

    due, _held = review_retention(timezone.localdate(timezone.now() + clock_offset))
    return due


def check_audit_log() -> bool:
    from sealbook.oversight.actions import check_audit_log as check

    return check().verified


def run_self_check() -> list[tuple[str, str, str]]:
    """`sealbook check`, daily: the findings are kept as the run's result (django-q2's
    successful tasks); a failing one is logged and raises an alert (jobs.actions)."""
    from sealbook.jobs.actions import keep_self_check
    from sealbook.practice import selfcheck

    selfcheck.verify_processes = 1
    findings = selfcheck.run_checks()
    keep_self_check(findings)
    return [(f.status, f.safeguard, f.message) for f in findings]


def end_guardians_at_majority() -> int:
    from sealbook.portal.majority import end_at_majority

    return end_at_majority(timezone.localdate(timezone.now() + clock_offset))


def remove_expired_copies() -> int:
    """Delete the portal copies whose download window has ended, and clear what crashed
    deliveries left in their incoming area."""
    from sealbook.portal.copies import remove_expired, sweep_incoming

    now = timezone.now() + clock_offset
    sweep_incoming(now)
    return remove_expired(now)


def make_backup(folder: str) -> None:
    from sealbook.backup.schedule import backup_once

    backup_once(Path(folder))


@dataclass(frozen=True)
class Job:
    name: str
    func: str
    every_minutes: int


DAY = 24 * 60
JOBS = (
    Job("reminders", "sealbook.jobs.registry.send_reminders", 1),
    # Hourly, so that access ends on the birthday itself (each guardian request checks too).
    Job("guardians-at-majority", "sealbook.jobs.registry.end_guardians_at_majority", 60),
    Job("portal-copies-expiry", "sealbook.jobs.registry.remove_expired_copies", 10),
    Job("retention-review", "sealbook.jobs.registry.run_retention_review", DAY),
    Job("audit-check", "sealbook.jobs.registry.check_audit_log", DAY),
    Job("self-check", "sealbook.jobs.registry.run_self_check", DAY),
)
BACKUPS = "backups"


def install(*, backup_every_hours: float | None = None, backup_dir: Path | None = None) -> None:
    """Make sure every job has its schedule; with backups, the backup schedule too.

    Every worker does this at start. A schedule that exists keeps its next run
    (a restart neither repeats nor skips one); a new one runs at once, as
    `serve --backup-every` always has for the first backup.
    """
    now = timezone.now()
    with transaction.atomic():
        _take_turns()
        for job in JOBS:
            _schedule(job.name, job.func, job.every_minutes, "", now)
        if backup_every_hours is not None and backup_dir is not None:
            minutes = max(1, round(backup_every_hours * 60))
            kwargs = repr({"folder": str(backup_dir)})
            _schedule(BACKUPS, "sealbook.jobs.registry.make_backup", minutes, kwargs, now)


# Workers often start at the same moment (several app processes after a deploy). django-q2's
# Schedule.name is not unique, so on PostgreSQL two update_or_create calls of one name could
# both find nothing and both insert: two schedules, every run twice. The workers take turns
# on this transaction-scoped advisory lock; SQLite's transactions here begin IMMEDIATE and
# take turns already.
SCHEDULES_LOCK = 0x5EA1B00C0001


def _take_turns() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEDULES_LOCK])


def _schedule(name: str, func: str, minutes: int, kwargs: str, now: datetime.datetime) -> None:
    # A practice that met the race before this lock existed keeps its oldest schedule only.
    extra = Schedule.objects.filter(name=name).order_by("id").values_list("id", flat=True)[1:]
    Schedule.objects.filter(id__in=list(extra)).delete()
    Schedule.objects.update_or_create(
        name=name,
        defaults={"func": func, "minutes": minutes, "kwargs": kwargs},
        create_defaults={
            "func": func, "minutes": minutes, "kwargs": kwargs, "next_run": now,
            "schedule_type": Schedule.MINUTES, "repeats": -1,
        },
    )  # fmt: skip
