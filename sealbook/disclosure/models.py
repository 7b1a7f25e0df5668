"""Authorizations (releases of information) and the disclosures made through the gate.

An `Authorization` holds every element 164.508(c) requires, each a required
field (see `elements.py`, which says which element is missing). Names,
addresses, descriptions and purposes are EncryptedFields; the categories of
information are coded values kept in the clear, because the gate compares them.

A `Disclosure` is append-only: the database refuses UPDATE and DELETE
(migration 0002), and the SHA-256 of each stored row is carried in the
DISCLOSURE_RECORDED audit entry, so `sealbook audit verify` catches a row that
an attacker with database rights changed or deleted (see `integrity.py`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models

from sealbook.records.models import ClientOwned
from sealbook.vault.fields import EncryptedField


class Category(models.TextChoices):
    """What part of the record an authorization covers or a disclosure carries."""

    DEMOGRAPHICS = "demographics", "Identifying and contact information"
    SERVICE_DATES = "service-dates", "Dates and kinds of service"
    PROGRESS_NOTES = "progress-notes", "Progress notes and their amendments"
    DOCUMENTS = "documents", "Documents attached to the record (not session recordings)"
    # Apart from documents: authorizations signed before recordings could be
    # exported covered documents "not session recordings", and hours of a
    # session's audio are rarely the minimum necessary (164.502(b)).
    RECORDINGS = "recordings", "Session recordings"
    CONSENTS = "consents", "Consents and authorizations"
    ACCOUNTING = "accounting", "Accounting of disclosures"
    ACCESS_LOG = "access-log", "Record of who accessed the record"
    # Kept apart from the record (164.501); needs its own authorization, which
    # may not be combined with any other kind (164.508(b)(3)(ii)).
    PSYCHOTHERAPY_NOTES = "psychotherapy-notes", "Psychotherapy notes"


DESIGNATED_RECORD_SET = frozenset(Category.values) - {Category.PSYCHOTHERAPY_NOTES}


class AuthorizationKind(models.TextChoices):
    GENERAL = "general", "Release of information from the record"
    PSYCHOTHERAPY_NOTES = "psychotherapy-notes", "Psychotherapy notes only (164.508(a)(2))"


class AuthorizationStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    NOT_YET = "not-yet", "Not yet signed"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"
    ENDED = "ended", "Ended by its expiry event"


class Authorization(ClientOwned):
    kind = models.CharField(max_length=24, choices=AuthorizationKind.choices)
    # 164.508(c)(1)(i): a specific and meaningful description of the information.
    categories = models.JSONField(default=list)
    information_from = models.DateField(null=True, blank=True)
    information_to = models.DateField(null=True, blank=True)
    description = EncryptedField()
    # (c)(1)(ii): who may disclose; (c)(1)(iii): to whom.
    discloser = EncryptedField()
    recipient_name = EncryptedField()
    recipient_address = EncryptedField()
    # (c)(1)(iv): each purpose, or "at the request of the individual".
    purpose = EncryptedField()
    # (c)(1)(v): an expiry date or an expiry event.
    expires_on = models.DateField(null=True, blank=True)
    expiry_event = EncryptedField()
    # (c)(1)(vi): signature and date, and a representative's authority.
    signer_name = EncryptedField()
    signed_on = models.DateField()
    representative_authority = EncryptedField()
    # (c)(2): the required statements, and (c)(4) a copy for the client.
    statement_right_to_revoke = models.BooleanField(default=False)
    statement_conditioning = models.BooleanField(default=False)
    statement_redisclosure = models.BooleanField(default=False)
    copy_given_to_client = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)
    revoked_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    # Signed by the client in the portal: the SHA-256 of the exact text they saw
    # (the account and the second factor are in the AUTHORIZATION_RECORDED entry).
    portal_text_sha256 = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-recorded_at"]

    @property
    def signed_in_portal(self) -> bool:
        return bool(self.portal_text_sha256)

    def status(self, today: datetime.date) -> str:
        if self.revoked_on is not None and self.revoked_on <= today:
            return AuthorizationStatus.REVOKED
        if self.ended_on is not None and self.ended_on <= today:
            return AuthorizationStatus.ENDED
        if self.expires_on is not None and self.expires_on < today:
            return AuthorizationStatus.EXPIRED
        if self.signed_on > today:
            return AuthorizationStatus.NOT_YET
        return AuthorizationStatus.ACTIVE

    def status_label(self, today: datetime.date) -> str:
        return AuthorizationStatus(self.status(today)).label


class LegalBasis(models.TextChoices):
    """Why information may leave the practice (APA 4.05; HIPAA 164.502, 164.506, 164.512)."""

    AUTHORIZATION = "authorization", "The client's written authorization (164.508)"
    CLIENT_REQUEST = "client-request", "The client's own request for their record (164.524)"
    TREATMENT = "treatment", "Treatment by another provider (164.506)"
    PAYMENT = "payment", "Payment, minimum necessary (164.506)"
    OPERATIONS = "operations", "Health care operations (164.506)"
    COURT_ORDER = "court-order", "Court order (164.512(e))"
    DUTY_TO_WARN = "duty-to-warn", "Duty to warn or protect (164.512(j))"
    MANDATED_REPORT = "mandated-report", "Mandated report of abuse or neglect (164.512(b), (c))"
    HEALTH_OVERSIGHT = "health-oversight", "Health oversight agency (164.512(d))"
    SUBPOENA = (
        "subpoena",
        "Subpoena or discovery request without a court order (164.512(e)(1)(ii))",
    )
    LAW_ENFORCEMENT = "law-enforcement", "Law enforcement (164.512(f))"


# 164.522(a)(1)(i)(A): a client may ask to restrict uses and disclosures for treatment,
# payment and health care operations. An agreed restriction does not reach a disclosure to
# the client, nor one permitted or required by 164.512 (court orders, duty to warn, mandated
# reports, oversight, subpoenas, law enforcement: 164.522(a)(1)(v)), nor one under an
# authorization the client signs.
RESTRICTABLE_BASES = (LegalBasis.TREATMENT, LegalBasis.PAYMENT, LegalBasis.OPERATIONS)
RESTRICTABLE_CHOICES = (
    (LegalBasis.TREATMENT.value, "disclosures for treatment by another provider"),
    (LegalBasis.PAYMENT.value, "disclosures for payment"),
    (LegalBasis.OPERATIONS.value, "disclosures for health care operations"),
)


class Restriction(ClientOwned):
    """A restriction of disclosures the practice agreed to (164.522(a)): the gate refuses
    every disclosure it covers. Its scope is coded for the gate: the purposes
    (`RESTRICTABLE_BASES`), the recipient (empty: any recipient, compared as the
    authorization's recipient is) and the kinds of information (empty: the whole record).
    The client's own words stay encrypted in `reason`."""

    bases = models.JSONField(default=list)
    recipient_name = EncryptedField()
    categories = models.JSONField(default=list)
    reason = EncryptedField()
    # 164.522(a)(1)(vi): care paid in full out of pocket, not to be disclosed to the
    # client's health plan for payment or operations; the practice must agree.
    self_pay_health_plan = models.BooleanField(default=False)
    agreed_on = models.DateField()
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]

    def covers(self, basis: str, recipient_name: str, categories: frozenset[str]) -> bool:
        """Whether a disclosure on `basis` to `recipient_name` of `categories` falls under it."""
        if basis not in self.bases:
            return False
        named = normal_name(str(self.recipient_name))
        if named and named != normal_name(recipient_name):
            return False
        return not self.categories or bool(set(self.categories) & set(categories))

    def scope_label(self) -> str:
        """The scope in plain words (the recipient aside), for the staff's pages."""
        purposes = " and ".join(label for code, label in RESTRICTABLE_CHOICES if code in self.bases)
        kinds = (
            ", ".join(Category(c).label.lower() for c in self.categories)
            if self.categories
            else "the whole record"
        )
        return f"{purposes}; {kinds}"


def normal_name(name: str) -> str:
    """A name as the gate compares names: case and spacing do not count."""
    return " ".join(name.casefold().split())


class Disclosure(ClientOwned):
    """One time information left the practice. Rows are never changed or deleted."""

    disclosed_at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    # Encrypted: "duty-to-warn" or "mandated-report" beside the client's id and
    # a date is itself sensitive. The accounting selects by basis per client,
    # after decrypting (`accounting.py`), never in SQL.
    basis = EncryptedField(choices=LegalBasis.choices)
    authorization = models.ForeignKey(
        Authorization, on_delete=models.PROTECT, null=True, blank=True
    )
    to_client = models.BooleanField(default=False)
    recipient_name = EncryptedField()
    recipient_address = EncryptedField()
    purpose = EncryptedField()
    description = EncryptedField()
    basis_details = EncryptedField(kind=EncryptedField.JSON)
    categories = models.JSONField(default=list)
    information_from = models.DateField(null=True, blank=True)
    information_to = models.DateField(null=True, blank=True)
    channel = models.CharField(max_length=16)
    content_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-disclosed_at"]
