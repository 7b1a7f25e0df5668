"""Actions on backups that the commands call (making one is `archive.create_backup`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.backup.models import BackupRecord


def record_verification(backup_id: str | None, *, ok: bool) -> None:
    """Log a verification of a backup (with the practice unsealed), and date it when it passed."""
    with transaction.atomic():
        if ok and backup_id:
            BackupRecord.objects.filter(pk=backup_id).update(verified_at=timezone.now())
        record(
            AuditEvent.BACKUP_VERIFIED,
            outcome="success" if ok else "failure",
            detail={"backup_id": backup_id},
        )
