"""Client records: every identifying or free-text field is an EncryptedField.

docs/data-classification.md lists every column of these models and says
whether it is encrypted, blind-indexed or plaintext, and why (a test keeps the
document and the models equal). Primary keys are random UUIDs made in Python:
the id is part of each ciphertext's associated data, so it must exist before
the first save, and it reveals nothing about how many clients a practice has.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models

from sealbook.core.crypto.aead import DataKey
from sealbook.vault import runtime
from sealbook.vault.fields import EncryptedField


class ClientStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DISCHARGED = "discharged", "Discharged"


class Client(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    legal_first_name = EncryptedField()
    legal_last_name = EncryptedField()
    preferred_name = EncryptedField()
    date_of_birth = EncryptedField(kind=EncryptedField.DATE)
    pronouns = EncryptedField()
    phone = EncryptedField()
    email = EncryptedField()
    street = EncryptedField()
    city = EncryptedField()
    state = EncryptedField()
    postal_code = EncryptedField()
    emergency_contact = EncryptedField()
    # How the client asked to be greeted in e-mails ("Hi Sam"); empty: "Hello".
    # The only words of the client's own an e-mail from the practice may carry.
    greeting = EncryptedField()
    status = models.CharField(max_length=16, choices=ClientStatus.choices, default="active")
    restricted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def data_key(self, version: int | None = None) -> DataKey:
        return runtime.client_key(self.id, version)

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.legal_first_name or ""
        return f"{first} {self.legal_last_name or ''}".strip()

    def __str__(self) -> str:
        # Never the name: str() ends up in logs and error pages.
        return f"Client {self.id}"


class ClientOwned(models.Model):
    """A record that belongs to one client and is encrypted under that client's key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT)

    class Meta:
        abstract = True

    def data_key(self, version: int | None = None) -> DataKey:
        return runtime.client_key(self.client_id, version)

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.id}"


class Contact(ClientOwned):
    """A family member or other collateral contact of a client."""

    name = EncryptedField()
    relationship = EncryptedField()
    phone = EncryptedField()
    email = EncryptedField()
    notes = EncryptedField()
    created_at = models.DateTimeField(auto_now_add=True)


class CareTeamMembership(models.Model):
    """Need-to-know: who works with this client (the basis of every access decision)."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="care_team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "user"], name="one_membership_per_user")
        ]


class CareTeamChangeKind(models.TextChoices):
    ADDED = "added", "Added"
    REMOVED = "removed", "Removed"


class CareTeamChange(ClientOwned):
    """One addition to or removal from a client's care team, with its reason.

    The reason is free text about a client, so it is encrypted under the
    client's key; the audit entry names this row, never the reason. A removal
    made by a staff member's deactivation has no typed reason: `by_deactivation`
    says so.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=CareTeamChangeKind.choices)
    reason = EncryptedField()
    by_deactivation = models.BooleanField(default=False)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at"]


class DemographicsChange(ClientOwned):
    """One edit of a client's demographics: which fields changed, and their old values.

    The old values are identifying, so they are encrypted under the client's
    key (and destroyed with it); the field names alone say nothing about the
    client and stay plaintext for the history's listing.
    """

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    fields = models.JSONField(default=list)
    old_values = EncryptedField(kind=EncryptedField.JSON)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at"]


class SearchToken(models.Model):
    """A blind-index value of one of a client's names, date of birth, phone, e-mail or address."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="search_tokens")
    kind = models.CharField(max_length=8)
    value = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["kind", "value"], name="search_token_lookup")]


class Service(models.TextChoices):
    INTAKE = "intake", "Intake assessment"
    INDIVIDUAL = "individual", "Individual psychotherapy"
    COUPLES = "couples", "Couples therapy"
    FAMILY = "family", "Family therapy"
    GROUP = "group", "Group therapy"
    TESTING = "testing", "Psychological testing"


class Modality(models.TextChoices):
    IN_PERSON = "in-person", "In person"
    TELEHEALTH = "telehealth", "Telehealth (video)"
    PHONE = "phone", "Telephone"


class Session(ClientOwned):
    """An appointment or encounter. Date, time and modality stay plaintext for
    scheduling; they are not psychotherapy-note content (HIPAA 164.501). The
    service is encrypted: "couples" or "testing" beside a client and a date says
    more than scheduling needs, and no query selects sessions by it."""

    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    date = models.DateField()
    start_time = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=50)
    service = EncryptedField(choices=Service.choices)
    modality = models.CharField(max_length=16, choices=Modality.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-start_time"]


class NoteFormat(models.TextChoices):
    SOAP = "soap", "SOAP"
    DAP = "dap", "DAP"


NOTE_SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    NoteFormat.SOAP: (
        ("subjective", "Subjective"),
        ("objective", "Objective"),
        ("assessment", "Assessment"),
        ("plan", "Plan"),
    ),
    NoteFormat.DAP: (("data", "Data"), ("assessment", "Assessment"), ("plan", "Plan")),
}


class NoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"


class ProgressNote(ClientOwned):
    """A structured progress note. Once signed it is locked: changes are amendments."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    format = models.CharField(max_length=4, choices=NoteFormat.choices)
    sections = EncryptedField(kind=EncryptedField.JSON)
    status = models.CharField(max_length=8, choices=NoteStatus.choices, default="draft")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def is_locked(self) -> bool:
        return self.status == NoteStatus.SIGNED

    def section_items(self) -> list[tuple[str, str]]:
        values: dict[str, Any] = self.sections or {}
        return [(label, values.get(key, "")) for key, label in NOTE_SECTIONS[self.format]]

    def as_text(self, *, compact: bool = False, amendments: bool = False) -> str:
        """The note as plain text: each filled section after its label.

        The export's layout puts each label on a line of its own and a blank
        line between sections. `compact` puts label and text on one line and
        the sections on consecutive lines, as the de-identification review
        analyses them. `amendments` appends each amendment after the sections.
        """
        sections = [(label, text) for label, text in self.section_items() if text]
        if amendments:
            sections += [("Amendment", a.text) for a in self.amendments.all() if a.text]
        if compact:
            return "\n".join(f"{label}: {text}" for label, text in sections)
        return "\n\n".join(f"{label}:\n{text}" for label, text in sections)


class NoteAmendment(ClientOwned):
    """An amendment appended to a signed note (HIPAA 164.526): never an overwrite."""

    note = models.ForeignKey(ProgressNote, on_delete=models.PROTECT, related_name="amendments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = EncryptedField()
    reason = EncryptedField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
