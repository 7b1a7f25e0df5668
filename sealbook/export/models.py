"""Requests for access to a record (HIPAA 164.524), tracked against their due dates.

A request must be answered within 30 days of receipt; one extension of 30
more days is allowed if the client is told why within the first 30
(164.524(b)(2)). The names and reasons are encrypted; the dates are plaintext
because the dashboard sorts and flags by them.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models

from sealbook.records.models import ClientOwned
from sealbook.vault.fields import EncryptedField

RESPONSE_DAYS = 30
EXTENSION_DAYS = 30


class AccessRequest(ClientOwned):
    received_on = models.DateField()
    due_on = models.DateField()
    extended_due_on = models.DateField(null=True, blank=True)
    extension_reason = EncryptedField()
    requested_by = EncryptedField()
    # Blank when the copy goes to the client; otherwise the person the client
    # directed it to in a signed, written request (164.524(c)(3)(ii)).
    deliver_to = EncryptedField()
    deliver_to_address = EncryptedField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    disclosure = models.ForeignKey(
        "disclosure.Disclosure", on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["due_on"]

    @property
    def deadline(self) -> datetime.date:
        return self.extended_due_on or self.due_on

    def days_left(self, today: datetime.date) -> int:
        return (self.deadline - today).days

    def state(self, today: datetime.date) -> str:
        if self.fulfilled_at is not None:
            return "fulfilled"
        if today > self.deadline:
            return "overdue"
        return "extended" if self.extended_due_on else "open"
