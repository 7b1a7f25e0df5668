"""Psychotherapy notes (HIPAA 164.501), kept apart from the record and readable only
by their recipients: the author, and whoever the author escrows them to.

They are not EncryptedFields under the client's data key: each note is an
envelope sealed to its recipients' public keys
(sealbook.core.crypto.user_keys.note_envelope),
so the practice KEK, the database and every server file together still cannot
open one. They are outside the designated record set: no export, report,
search index or audit detail ever contains their text.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

CUSTODIAN = "custodian"


def recipient_id(user_pk: int) -> str:
    """The opaque id of a staff member inside a note envelope."""
    return f"user:{user_pk}"


class ClinicianKey(models.Model):
    """A clinician's key pair: the private key only ever stored wrapped.

    `password_wrapped` is empty after an administrator resets the password
    (the old password is gone, so the key cannot be re-wrapped); the user then
    restores it with their recovery code.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, primary_key=True
    )
    public_key = models.BinaryField()
    password_wrapped = models.BinaryField(null=True, blank=True)
    recovery_wrapped = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    rewrapped_at = models.DateTimeField(auto_now=True)


class PsychotherapyNote(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey("records.Client", on_delete=models.PROTECT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    session = models.ForeignKey("records.Session", on_delete=models.PROTECT, null=True, blank=True)
    envelope = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def context(self) -> bytes:
        """Associated data binding the envelope to this note of this client."""
        return f"sealbook/psychotherapy-note/v1|{self.client_id}|{self.pk}".encode()

    def __str__(self) -> str:
        return f"PsychotherapyNote {self.pk}"
