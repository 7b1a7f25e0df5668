"""What the practice knows about its own backups: when each was made and last verified.

`sealbook check` reports the age of the newest verified backup from here.
Nothing identifying: a backup is a random id, two times, and two counts.
"""

from __future__ import annotations

import uuid

from django.db import models


class BackupRecord(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField()
    verified_at = models.DateTimeField(null=True, blank=True)
    files = models.PositiveIntegerField()
    bytes = models.BigIntegerField()

    class Meta:
        ordering = ["-created_at"]
