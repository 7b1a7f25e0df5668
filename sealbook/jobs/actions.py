"""What the job queue itself changes: a run given up on, and the daily self-check's verdict."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django_q.models import OrmQ, Task
from django_q.utils import get_func_repr

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.oversight.actions import raise_alert
from sealbook.oversight.models import Alert, AlertKind
from sealbook.practice.selfcheck import FAIL, PARKED, PASS, Finding


def job_label(package: dict[str, Any]) -> str:
    """A run's schedule name, else its function's dotted path: never its arguments."""
    return str(package.get("group") or get_func_repr(package["func"]))


def park(package: dict[str, Any], *, runs: int, queue_row: Any) -> Task:
    """Give up on a queued run whose worker died in each of its `runs` runs.

    The queue row goes; the run is kept with django-q2's failed tasks (where
    `sealbook check` finds it); the audit log gets a `JOB_PARKED` entry naming
    the job and the number of runs only, and the owner an alert. One
    transaction: a crash part-way leaves the run queued, to be parked at its
    next take.
    """
    now = timezone.now()
    label = job_label(package)
    with transaction.atomic():
        OrmQ.objects.filter(pk=queue_row).delete()
        task, _ = Task.objects.update_or_create(
            id=package["id"],
            defaults={
                "name": package["name"], "func": get_func_repr(package["func"]),
                "args": package.get("args"), "kwargs": package.get("kwargs"),
                "group": package.get("group"), "cluster": package.get("cluster"),
                "started": now, "stopped": now, "success": False, "result": PARKED,
                "attempt_count": runs,
            },
        )  # fmt: skip
        detail = {"job": label, "runs": runs}
        entry = record(AuditEvent.JOB_PARKED, outcome="failure", detail=detail)
        raise_alert(AlertKind.JOB_PARKED, staff_id=None, client_id=None, seq=entry.seq)
    return task


def keep_self_check(findings: list[Finding]) -> None:
    """Log the daily self-check's verdict; a failing safeguard raises an alert.

    The entry names the failing safeguards (never a message: a message may hold
    a path or a host name). One alert at a time: while one is open, a check that
    still fails adds no other.
    """
    failed = sorted({f.safeguard for f in findings if f.status == FAIL})
    passed = sum(f.status == PASS for f in findings)
    with transaction.atomic():
        entry = record(
            AuditEvent.SELF_CHECK_RAN,
            outcome="failure" if failed else "success",
            detail={"checks": len(findings), "passed": passed, "failed": failed},
        )
        open_alert = Alert.objects.filter(kind=AlertKind.SELF_CHECK, acknowledged_at__isnull=True)
        if failed and not open_alert.exists():
            raise_alert(AlertKind.SELF_CHECK, staff_id=None, client_id=None, seq=entry.seq)
