"""Oversight: alerts raised by the access rules, integrity checks run from the audit
screen, and breach incidents with their affected clients (HIPAA 164.400-414).

Free text (an acknowledgement's note, what an incident was, the four-factor
assessment) may name a client, so it is encrypted under a practice key, the
audit-detail key, with the row's table, field and id as associated data.
Clients are named by id only, never by anything identifying
(docs/data-classification.md).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from sealbook.core.crypto.aead import DataKey
from sealbook.vault import runtime
from sealbook.vault.fields import EncryptedField


class PracticeSealed(models.Model):
    """A row whose free text is sealed under the practice's audit-detail key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True

    def data_key(self, version: int | None = None) -> DataKey:
        return runtime.audit_detail_key()


class AlertKind(models.TextChoices):
    MANY_CHARTS = "many-charts", "Many charts opened in a short time"
    OUTSIDE_HOURS = "outside-hours", "A chart opened outside the usual hours"
    BREAK_GLASS = "break-glass", "Emergency (break-glass) access used often"
    RESTRICTED_CHART = "restricted-chart", "A restricted chart was opened"
    FAMILY = "family", "A chart of a client who shares the staff member's surname or address"
    DENIED = "denied", "Repeated refused attempts"
    EXPORTS = "exports", "Many exports and disclosures"
    JOB_PARKED = "job-parked", "A background job was given up: its worker died in every run"
    SELF_CHECK = "self-check", "The daily self-check found a failing safeguard"


class Alert(PracticeSealed):
    """One rule's finding about one staff member, until the owner acknowledges it."""

    kind = models.CharField(max_length=32, choices=AlertKind.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    client_id = models.UUIDField(null=True, blank=True)
    entry_seq = models.BigIntegerField(help_text="The audit entry that raised the alert.")
    count = models.PositiveIntegerField(default=1)
    raised_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = EncryptedField()

    class Meta:
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["acknowledged_at", "kind"], name="alert_open_kind")]

    @property
    def label(self) -> str:
        if self.kind in AlertKind.values:
            return str(AlertKind(self.kind).label)
        return "An alert from Sealbook"


class IntegrityCheck(models.Model):
    """The result of verifying the whole log from the audit screen."""

    checked_at = models.DateTimeField()
    size = models.BigIntegerField()
    verified = models.BooleanField()
    message = models.TextField()

    class Meta:
        ordering = ["-checked_at"]


class Conclusion(models.TextChoices):
    UNDECIDED = "", "Not yet assessed"
    BREACH = "breach", "A breach: notify"
    LOW_PROBABILITY = "low-probability", "Low probability that PHI was compromised: no notice"


class Incident(PracticeSealed):
    """A security incident and its breach assessment (HIPAA 164.402, 164.404-414)."""

    summary = EncryptedField()
    discovered_at = models.DateTimeField()
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    accounts = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    backups = EncryptedField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    # The four factors of 164.402(2), each the owner's own words, and the conclusion.
    factor_nature = EncryptedField()
    factor_recipient = EncryptedField()
    factor_acquired = EncryptedField()
    factor_mitigation = EncryptedField()
    conclusion = models.CharField(max_length=16, choices=Conclusion.choices, blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-discovered_at"]


class AffectedClient(models.Model):
    """A client whose chart an incident's accounts opened in its window (found in the log)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="affected")
    # An id, not a foreign key: a client destroyed later must still have been notified.
    client_id = models.UUIDField()
    letter_at = models.DateTimeField(null=True, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "client_id"], name="one_affected_row")
        ]
