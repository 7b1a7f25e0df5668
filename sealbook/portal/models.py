"""Portal accounts and their invitations.

A portal account is a `User` with a portal role (`accounts.models.PORTAL_ROLES`)
whose login name is a keyed digest of the e-mail address, never the address:
the e-mail is identifying data about a client (or a client's guardian), so it
lives here, encrypted under the client's key. The staff login form, which
looks users up by the address typed, can therefore never sign a portal
account in; the portal's own form digests the address first.

An invitation's token is shown once, in the e-mail's link; only its SHA-256
is stored, so a copy of the database opens no invitation.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from sealbook.core.crypto.aead import DataKey
from sealbook.records.models import Client, Service
from sealbook.staff.models import OneTimeLink
from sealbook.vault import runtime
from sealbook.vault.fields import EncryptedField


class AccountKind(models.TextChoices):
    CLIENT = "client", "The client"
    GUARDIAN = "guardian", "A guardian of the client"


class PortalAccount(models.Model):
    """One person's access to one client's portal: the client's own, or a guardian's."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="portal_accounts"
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="portal_accounts")
    kind = models.CharField(max_length=16, choices=AccountKind.choices)
    email = EncryptedField()
    email_verified_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # HIPAA 164.522(b): "contact me only at this address"; every e-mail honours it
    # (portal.contact.address_for).
    confidential_email = EncryptedField()
    confidential_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "client"], name="one_portal_account_per_pair")
        ]

    def data_key(self, version: int | None = None) -> DataKey:
        return runtime.client_key(self.client_id, version)

    @property
    def is_open(self) -> bool:
        return self.activated_at is not None and self.ended_at is None

    def __str__(self) -> str:
        return f"PortalAccount {self.id}"


class Invitation(OneTimeLink):
    """A one-time link to set up a portal account (valid 72 hours); the staff's invitations
    are the same kind of link (`staff.models.OneTimeLink`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    account = models.ForeignKey(PortalAccount, on_delete=models.CASCADE, related_name="invitations")

    def __str__(self) -> str:
        return f"Invitation {self.id}"


class Thread(models.Model):
    """A conversation between one portal account and the client's care team."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(PortalAccount, on_delete=models.PROTECT, related_name="threads")
    subject = EncryptedField()
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-last_message_at"]

    def data_key(self, version: int | None = None) -> DataKey:
        return runtime.client_key(self.client_id, version)

    def __str__(self) -> str:
        return f"Thread {self.id}"


class Message(models.Model):
    """One message in a thread, from the portal account or from a member of the care team."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="messages")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_portal = models.BooleanField()
    body = EncryptedField()
    attachment = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filed_as = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def data_key(self, version: int | None = None) -> DataKey:
        return runtime.client_key(self.client_id, version)

    def __str__(self) -> str:
        return f"Message {self.id}"


class ThreadRead(models.Model):
    """Up to when one person has read one thread (the read state and the unread counts)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="one_read_mark_per_reader")
        ]


class SigningRequest(models.Model):
    """A consent document the care team sent to a portal account to sign."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    account = models.ForeignKey(PortalAccount, on_delete=models.PROTECT, related_name="to_sign")
    document = models.ForeignKey("consent.ConsentDocument", on_delete=models.PROTECT)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    signature = models.ForeignKey(
        "consent.ConsentSignature", on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"SigningRequest {self.id}"


class MinorConsent(models.Model):
    """A minor client consented alone to a service (where the practice's state allows it).

    Such a service is the minor's own: their guardians do not see it in the
    portal, nor its appointments (portal/guardians.py). Recorded by the care
    team from the chart; withdrawn when the minor asks for their guardian to be
    involved after all.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    # Encrypted like the session's service: "individual" beside a minor says more
    # than the portal's filter needs, and it reads the few rows of one client.
    service = EncryptedField(choices=Service.choices)
    consented_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at"]

    def data_key(self, version: int | None = None) -> DataKey:
        return runtime.client_key(self.client_id, version)

    def __str__(self) -> str:
        return f"MinorConsent {self.id}"


# The rights requests and releases live in their own module; imported here so Django finds them.
from sealbook.portal import rights_models  # noqa: E402, F401
