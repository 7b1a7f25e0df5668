"""Unsaved text kept at an idle logoff, until its author restores or discards it.

A draft is sealed with the key that protects what the form was about, so it is
never easier to read than the record it would have become:

- a psychotherapy-note form: sealed to the author's public key alone, as the
  note would be (only the author's password or recovery code opens it);
- any other form about a client the author may see: an EncryptedField under
  that client's data key, so crypto-shredding the client destroys it too;
- a form about no client (the leak check, a consent document): an
  EncryptedField under the author's own draft key (vault.runtime.user_draft_key).

Drafts live `LIFETIME` at most. docs/data-classification.md lists every column.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models

from sealbook.core.crypto.aead import DataKey
from sealbook.vault import runtime
from sealbook.vault.fields import EncryptedField

LIFETIME = datetime.timedelta(hours=24)


class SealedWith(models.TextChoices):
    CLIENT_KEY = "client", "The client's data key"
    AUTHOR_KEY = "author", "The author's public key"
    USER_KEY = "user", "The author's own draft key"


class Draft(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    # Drafts go with their client when the client's records are destroyed.
    client = models.ForeignKey("records.Client", on_delete=models.CASCADE, null=True, blank=True)
    sealed_with = models.CharField(max_length=8, choices=SealedWith.choices)
    page = models.CharField(max_length=300)
    form = models.CharField(max_length=300)
    fields = EncryptedField(kind=EncryptedField.JSON)
    envelope = models.BinaryField(null=True, blank=True)
    saved_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["author", "page", "form"], name="one_draft_per_form_and_author"
            )
        ]
        indexes = [models.Index(fields=["expires_at"], name="draft_expiry")]

    def data_key(self, version: int | None = None) -> DataKey:
        if self.sealed_with == SealedWith.CLIENT_KEY:
            if self.client_id is None:
                raise ValueError("a draft sealed to its client's key has no client")
            return runtime.client_key(self.client_id, version)
        if self.sealed_with == SealedWith.USER_KEY:
            return runtime.user_draft_key(self.author_id)
        raise ValueError("a draft sealed to its author has no data key")

    def context(self) -> bytes:
        """Associated data binding an author-sealed envelope to this draft and author."""
        return f"sealbook/draft/v1|{self.author_id}|{self.pk}".encode()

    def __str__(self) -> str:
        return f"Draft {self.pk}"
