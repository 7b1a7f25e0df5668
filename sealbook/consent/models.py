"""Consent documents kept by the practice, and the signatures clients give them.

A document is versioned: editing a template publishes a new version and never
changes an old one, because a signature is a signature of one exact text (its
SHA-256 is stored with the signature and checked when the chart is shown).
Templates are the practice's own prose and identify nobody, so they are stored
in the clear; everything a client or clinician writes about a client is an
EncryptedField under that client's key (docs/data-classification.md).
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from sealbook.records.models import ClientOwned
from sealbook.vault.fields import EncryptedField


class ConsentKind(models.TextChoices):
    # APA 4.02(a-b): the nature of the work and the limits of confidentiality.
    INFORMED_CONSENT = "informed-consent", "Informed consent and limits of confidentiality"
    # APA 4.02(c): privacy risks of electronic services, before they are used.
    TELEHEALTH = "telehealth", "Telehealth and electronic communication"
    # APA 4.03: permission before recording voice or image.
    RECORDING = "recording", "Recording of sessions"


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class ConsentDocument(models.Model):
    """One version of one kind of consent document; never changed once published."""

    kind = models.CharField(max_length=24, choices=ConsentKind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField()
    text_sha256 = models.CharField(max_length=64)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="one_consent_version")
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"


class SignatureMethod(models.TextChoices):
    # The client types their name on the practice's device, in the clinician's presence.
    TYPED_IN_OFFICE = "typed", "Typed by the client on the practice's device"
    PAPER = "paper", "Signed on paper (recorded by the clinician)"
    # The client (or a guardian) signed in the client portal, with their
    # password and second factor (sealbook/portal/signing.py).
    PORTAL = "portal", "Signed in the portal"


# What staff may choose when they record a signature themselves.
STAFF_METHODS = [(v, label) for v, label in SignatureMethod.choices if v != SignatureMethod.PORTAL]


class ConsentSignature(ClientOwned):
    """A client's (or representative's) signature of one exact document version."""

    document = models.ForeignKey(ConsentDocument, on_delete=models.PROTECT)
    signer_name = EncryptedField()
    representative_authority = EncryptedField()
    signed_on = models.DateField()
    method = models.CharField(max_length=8, choices=SignatureMethod.choices)
    text_sha256 = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)
    # A withdrawal has two times: when it was recorded here (`withdrawn_at`),
    # and the day the client withdrew (`withdrawn_on`), which is earlier when
    # the client withdrew orally in a session and the clinician records it
    # afterwards. Anything done under the consent in between was done without it.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-recorded_at"]

    @property
    def withdrawal_date(self) -> datetime.date | None:
        """The day the client withdrew; for one recorded without it, the day it was recorded."""
        if self.withdrawn_at is None:
            return None
        return self.withdrawn_on or timezone.localdate(self.withdrawn_at)

    @property
    def matches_document(self) -> bool:
        return self.text_sha256 == text_digest(self.document.text)


class ConfidentialityEventKind(models.TextChoices):
    COURT = "court", "Court involvement"
    COUPLES_FAMILY = "couples-family", "Couples or family work begins"
    THIRD_PARTY_PAYER = "third-party-payer", "A third-party payer is involved"
    CUSTODY_CHANGE = "custody-change", "A minor's custody changes"
    OTHER = "other", "Other change to the limits of confidentiality"


class ConfidentialityEvent(ClientOwned):
    """A change of circumstances that changes the limits of confidentiality (APA 4.02(a)).

    Any informed consent signed before the event was recorded no longer covers
    the client's situation, so the chart asks for re-consent.
    """

    # Encrypted: "court" or "custody-change" beside the client links them to
    # the event, and re-consent compares only dates, never the kind.
    kind = EncryptedField(choices=ConfidentialityEventKind.choices)
    description = EncryptedField()
    occurred_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]
