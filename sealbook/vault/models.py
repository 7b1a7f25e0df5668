"""Where the key hierarchy lives in the database (DESIGN.md, capability 2).

Only wrapped keys are stored here. The KEK that unwraps them is sealed in a
file under SEALBOOK_HOME/keys/ (or inside an HSM), never in the database, so a
stolen database alone is ciphertext (HIPAA 164.402 "secured" PHI).
"""

from __future__ import annotations

import uuid

from django.db import models


class Keyring(models.Model):
    """The practice's single key-state row: which sealed KEK is current."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    practice_id = models.UUIDField(default=uuid.uuid4, editable=False)
    practice_name = models.CharField(max_length=120)
    kek_version = models.PositiveIntegerField()
    kek_backend = models.CharField(max_length=16)
    blind_index_bits = models.PositiveSmallIntegerField()
    audit_public_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)


class KeyPurpose(models.TextChoices):
    CLIENT_DATA = "client", "Client data key"
    BLIND_INDEX = "blind-index", "Blind-index key"
    AUDIT_DETAIL = "audit-detail", "Audit detail key"
    AUDIT_SIGNING = "audit-signing", "Audit checkpoint signing key"


class WrappedKey(models.Model):
    """A key wrapped by the practice KEK of `kek_version`.

    Client data keys are one per client (and per version, should a client's key
    ever be replaced); destroying that row's key is crypto-shredding the client.
    """

    id = models.BigAutoField(primary_key=True)
    purpose = models.CharField(max_length=16, choices=KeyPurpose.choices)
    client_id = models.UUIDField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    kek_version = models.PositiveIntegerField()
    wrapped = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "client_id", "version"], name="one_key_per_purpose_version"
            ),
            models.UniqueConstraint(
                fields=["purpose", "version"],
                condition=models.Q(client_id__isnull=True),
                name="one_practice_key_per_version",
            ),
        ]
