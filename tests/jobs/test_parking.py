"""A job run whose worker dies in every run is given up after `max_attempts` takes, not
handed out for ever: parked as failed, logged without detail, an alert raised, and
`sealbook check` fails until the job runs to the end again. And the daily self-check
keeps its verdict and raises one alert while a safeguard fails.

The broker and the queue are the real ones on the test database; a worker's death is
what it leaves behind: the queue row, locked until its lock runs out
(bench/job_crash_fault.py does it with real processes and `os._exit`).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.models import Failure, OrmQ, Success
from django_q.tasks import async_task

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.jobs import registry
from sealbook.jobs.actions import keep_self_check
from sealbook.jobs.broker import CountingORM
from sealbook.oversight.models import Alert, AlertKind
from sealbook.practice import selfcheck
from sealbook.practice.selfcheck import FAIL, PASS, Finding


def worker_died() -> None:
    """What a killed worker leaves: its run still queued, its lock running out."""
    assert OrmQ.objects.update(lock=timezone.now() - datetime.timedelta(seconds=1)) == 1


def test_a_run_whose_worker_always_dies_is_parked_after_max_attempts(practice):
    broker = get_broker()
    assert isinstance(broker, CountingORM) and Conf.MAX_ATTEMPTS == 3
    async_task("tests.jobs.probe.run", log="/nonexistent/client-name", release="/x", group="probe")
    for take in range(1, 4):
        taken = broker.dequeue()
        assert taken is not None and len(taken) == 1, take
        assert broker.dequeue() is None  # locked: no other worker gets it meanwhile
        worker_died()
    assert selfcheck.check_jobs().status == PASS
    assert broker.dequeue() == []  # the fourth take parks it
    assert OrmQ.objects.count() == 0
    parked = Failure.objects.get()
    assert (parked.group, parked.attempt_count, parked.result) == ("probe", 3, selfcheck.PARKED)
    entry = AuditEntry.objects.get(event=AuditEvent.JOB_PARKED)
    assert read_detail(entry) == {"job": "probe", "runs": 3}  # no argument of the run
    assert entry.client_id is None and entry.actor_id is None and entry.outcome == "failure"
    assert Alert.objects.get(kind=AlertKind.JOB_PARKED).entry_seq == entry.seq
    finding = selfcheck.check_jobs()
    assert finding.status == FAIL and "probe" in finding.message
    # The job's next run that finishes clears the check.
    now = timezone.now()
    Success.objects.create(id="a" * 32, name="next", func=parked.func, group="probe",
                           started=now, stopped=now, success=True)  # fmt: skip
    assert selfcheck.check_jobs().status == PASS


def test_a_run_that_finishes_is_taken_once_and_counted(practice):
    broker = get_broker()
    async_task("tests.jobs.probe.run", log="/x", release="/x")
    [(_, payload)] = broker.dequeue()  # type: ignore[misc]
    from django_q.signing import SignedPackage

    assert SignedPackage.loads(payload)["sealbook_takes"] == 1
    broker.acknowledge(OrmQ.objects.get().pk)
    assert broker.dequeue() is None and not Failure.objects.exists()


def test_the_daily_self_check_keeps_its_verdict_and_alerts_once_while_failing(practice):
    failing = [Finding(PASS, "a", "fine"), Finding(FAIL, "164.312(b) audit controls", "/srv/x")]
    keep_self_check(failing)
    keep_self_check(failing)
    entries = list(AuditEntry.objects.filter(event=AuditEvent.SELF_CHECK_RAN).order_by("seq"))
    assert [read_detail(e) for e in entries] == [
        {"checks": 2, "passed": 1, "failed": ["164.312(b) audit controls"]}
    ] * 2
    assert Alert.objects.filter(kind=AlertKind.SELF_CHECK).count() == 1
    assert selfcheck.last_daily_check() is None
    findings = registry.run_self_check()  # the job itself, in this process
    assert {status for status, _, _ in findings} <= {PASS, FAIL, "skipped", "warning"}
    assert any(safeguard.startswith("164.308(a)(7) contingency") for _, safeguard, _ in findings)
    assert AuditEntry.objects.filter(event=AuditEvent.SELF_CHECK_RAN).count() == 3
    # What django-q2 keeps of the run is what `sealbook check` shows of the last one.
    now = timezone.now()
    kept = [*findings, (FAIL, "164.312(b) audit controls", "x")]
    Success.objects.create(id="b" * 32, name="run", func="sealbook.jobs.registry.run_self_check",
                           group="self-check", started=now, stopped=now, success=True,
                           result=kept)  # fmt: skip
    daily = selfcheck.last_daily_check()
    assert daily is not None and daily.finished == now
    assert "164.312(b) audit controls" in daily.failed
