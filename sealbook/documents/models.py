"""Documents and session recordings attached to a chart (DESIGN.md capability 9).

The file itself lives in attachment storage (`documents.storage`), encrypted
as a chunked stream under its own random file key. That key is stored here,
sealed under the client's data key like any other encrypted field, so
rotating the practice key never rewrites a file, and destroying the client's
data key (crypto-shredding) makes the file unreadable wherever a copy is.
The stored file is named by the document's random id, never by its title.
Its fingerprint, a hash of the ciphertext, is kept with the algorithm that
made it (`documents.fingerprint`): BLAKE3 for files stored since 2026-11-26,
SHA-256 for those stored before, which keep the digest their audit entry pins.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sealbook.documents import fingerprint
from sealbook.records.models import ClientOwned
from sealbook.vault.fields import EncryptedField


class DocumentKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    RECORDING = "recording", "Session recording"


class DigestAlgorithm(models.TextChoices):
    BLAKE3 = fingerprint.BLAKE3, "BLAKE3"
    SHA256 = fingerprint.SHA256, "SHA-256"


class Document(ClientOwned):
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    title = EncryptedField()
    filename = EncryptedField()
    content_type = EncryptedField()
    file_key = EncryptedField()
    size = models.BigIntegerField()
    stored_size = models.BigIntegerField()
    stored_digest = models.CharField(max_length=64)
    digest_algorithm = models.CharField(max_length=16, choices=DigestAlgorithm.choices)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def storage_name(self) -> str:
        return self.id.hex
