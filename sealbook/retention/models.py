"""Legal holds: while one is in force, a client's records cannot be destroyed."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sealbook.records.models import ClientOwned
from sealbook.vault.fields import EncryptedField


class LegalHold(ClientOwned):
    reason = EncryptedField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
