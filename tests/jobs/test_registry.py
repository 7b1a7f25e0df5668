"""The jobs themselves, in this process: their schedules, the retention run, the audit check."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_q.models import Schedule

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.jobs import registry
from sealbook.oversight.models import IntegrityCheck
from sealbook.retention.actions import place_hold, review_retention


def test_every_job_is_scheduled_once_and_a_restart_keeps_its_next_run(practice, tmp_path):
    registry.install()
    first = {s.name: s.next_run for s in Schedule.objects.all()}
    assert set(first) == {job.name for job in registry.JOBS}
    Schedule.objects.update(next_run=first["reminders"] + datetime.timedelta(hours=1))
    registry.install(backup_every_hours=6, backup_dir=tmp_path)
    later = {s.name: s for s in Schedule.objects.all()}
    assert later["reminders"].next_run == first["reminders"] + datetime.timedelta(hours=1)
    assert later[registry.BACKUPS].minutes == 360
    assert str(tmp_path) in later[registry.BACKUPS].kwargs


def test_a_schedule_made_twice_by_workers_starting_at_once_is_kept_once(practice, tmp_path):
    registry.install(backup_every_hours=6, backup_dir=tmp_path)
    oldest = Schedule.objects.get(name=registry.BACKUPS)
    duplicate = Schedule.objects.get(name=registry.BACKUPS)
    duplicate.pk = None
    duplicate.save()
    registry.install(backup_every_hours=6, backup_dir=tmp_path)
    assert list(Schedule.objects.filter(name=registry.BACKUPS)) == [oldest]
    assert Schedule.objects.count() == len(registry.JOBS) + 1


def test_the_retention_run_logs_how_many_are_due_and_never_who(cast):
    today = timezone.localdate()
    far = today + datetime.timedelta(days=365 * 200)
    assert review_retention(far) == (1, 0)
    place_hold(cast.owner, cast.riley, "litigation hold")
    assert review_retention(far) == (0, 1)
    assert review_retention(today) == (0, 0)
    entry = AuditEntry.objects.filter(event=AuditEvent.RETENTION_REVIEWED).order_by("seq").last()
    assert entry is not None and entry.client_id is None and entry.actor_id is None
    assert read_detail(entry) == {"due": 0, "on_hold": 0}


def test_the_daily_audit_check_heads_the_audit_screen(practice):
    assert registry.check_audit_log() is True
    check = IntegrityCheck.objects.latest("checked_at")
    assert check.verified
    entry = AuditEntry.objects.get(seq=check.size)
    assert entry.event == AuditEvent.AUDIT_LOG_VERIFIED and entry.actor_id is None
