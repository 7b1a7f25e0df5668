"""What a client asks for in the portal under their HIPAA rights, and releases sent to sign.

Every text a person wrote (a release's elements and wording, an amendment's
change and reasons, a restriction) is an EncryptedField under the client's
key; the dates and states are plaintext because the staff's lists sort and
flag by them. Imported by `portal.models`, so that Django finds them.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models

from sealbook.core.crypto.aead import DataKey
from sealbook.records.models import Client
from sealbook.vault import runtime
from sealbook.vault.fields import EncryptedField

AMENDMENT_DAYS = 60  # 164.526(b)(2): act on a request no later than 60 days after receipt


class PortalRow(models.Model):
    """A row of one client's portal: its account, its client, readable under the client's key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    # By name: `portal.models` imports this module (so that Django finds these models).
    account = models.ForeignKey("portal.PortalAccount", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def data_key(self, version: int | None = None) -> DataKey:
        return runtime.client_key(self.client_id, version)


class ReleaseRequest(PortalRow):
    """A release of information (an authorization without its signature) sent to sign."""

    draft = EncryptedField(kind=EncryptedField.JSON)
    text = EncryptedField()
    text_sha256 = models.CharField(max_length=64)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    authorization = models.ForeignKey(
        "disclosure.Authorization", on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["-requested_at"]


class RecordCopy(PortalRow):
    """A copy of the record asked for in the portal (164.524), and the export that answers it.

    The ZIP is kept in storage encrypted under `file_key` (itself encrypted under the
    client's key) from delivery until `available_until`, then deleted.
    """

    access_request = models.ForeignKey("export.AccessRequest", on_delete=models.PROTECT)
    requested_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file_key = EncryptedField()
    size = models.BigIntegerField(default=0)
    stored_size = models.BigIntegerField(default=0)
    zip_sha256 = models.CharField(max_length=64, blank=True)
    available_until = models.DateTimeField(null=True, blank=True, db_index=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    @property
    def storage_name(self) -> str:
        return self.id.hex

    def state(self, now: datetime.datetime) -> str:
        if self.removed_at is not None or (
            self.available_until is not None and now >= self.available_until
        ):
            return "removed"
        if self.delivered_at is not None:
            return "ready"
        # Answered from the staff's access-request page (a ZIP handed over there).
        return "answered" if self.access_request.fulfilled_at is not None else "requested"


class AmendmentState(models.TextChoices):
    REQUESTED = "requested", "Waiting for the clinician"
    ACCEPTED = "accepted", "Accepted: the record is amended"
    DENIED = "denied", "Denied"


class AmendmentRequest(PortalRow):
    """A request to amend the record (164.526), its answer, and any statement of disagreement."""

    change = EncryptedField()
    reason = EncryptedField()
    received_on = models.DateField()
    due_on = models.DateField()
    state = models.CharField(
        max_length=16, choices=AmendmentState.choices, default=AmendmentState.REQUESTED
    )
    note = models.ForeignKey(
        "records.ProgressNote", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    denial_reason = EncryptedField()
    amendment = models.ForeignKey(
        "records.NoteAmendment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    disagreement = EncryptedField()
    disagreement_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]

    def days_left(self, today: datetime.date) -> int:
        return (self.due_on - today).days


class RestrictionState(models.TextChoices):
    REQUESTED = "requested", "Waiting for an answer"
    AGREED = "agreed", "Agreed"
    DECLINED = "declined", "Declined"


class RestrictionRequest(PortalRow):
    """A request to restrict uses or disclosures (164.522(a)), and the practice's answer."""

    restriction = EncryptedField()
    # The client says the care was paid in full out of pocket and asks that their health
    # plan not be told (164.522(a)(1)(vi)): the practice may not decline.
    self_pay_health_plan = models.BooleanField(default=False)
    requested_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(
        max_length=16, choices=RestrictionState.choices, default=RestrictionState.REQUESTED
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = EncryptedField()
    # Agreed: the restriction as the disclosure gate enforces it (its coded scope).
    agreed_restriction = models.OneToOneField(
        "disclosure.Restriction", on_delete=models.PROTECT, null=True, blank=True,
        related_name="portal_request",
    )  # fmt: skip

    class Meta:
        ordering = ["-requested_at"]
