"""Second-factor devices whose secrets never reach the database in the clear.

django-otp's own TOTP and static-token plugins store the TOTP seed as a hex
string and each recovery code as typed, so a copy of the database (a backup, a
replica, a stolen laptop) is enough to log in as any staff member whose
password is also known. These two devices keep django-otp's machinery (the
`Device` base, throttling, `match_token`, `login`, the session's persistent
id) and change only how the secret is stored:

- `TOTPDevice.seed` is an `EncryptedField` sealed with the practice's
  second-factor key (`vault.runtime.second_factor_key`): a practice key,
  because the seed must be checked at login, before any clinician key can be
  unwrapped. The ciphertext is bound to this table, field and row, so a seed
  copied onto another user's row does not open.
- A recovery code is kept only as an Argon2id hash (Django's password
  hasher, so the practice's hashing costs apply) and checked by hashing what
  was typed; a used code is deleted.

They are separate models rather than subclasses of django-otp's: a concrete
subclass would leave the plaintext column in the parent table, and the
plugins are no longer installed, so nothing can read or write a plaintext
seed through them. Migration 0002 seals the rows an earlier release left in
the plugins' tables and drops those tables.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import os
import re
import secrets
import time
import uuid
from typing import Any, Self
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

from sealbook.core.crypto.aead import DataKey, field_context
from sealbook.vault import runtime
from sealbook.vault.fields import EncryptedField

SEED_BYTES = 20
# Recovery codes: 12 characters of lowercase base32, 60 bits. An 8-character
# code of an earlier release (django-otp's format) still matches the pattern.
RECOVERY_CODE_LENGTH = 12
_RECOVERY_CODE = re.compile(r"^[a-z2-7]{8,16}$")


def new_seed() -> str:
    return os.urandom(SEED_BYTES).hex()


class SeedField(EncryptedField):
    """An EncryptedField bound to the row's `uuid` rather than its primary key.

    django-otp names a device in the session by an integer primary key, which
    the database assigns only after the seed has been sealed; the `uuid`
    column is made in Python, before the first save.
    """

    def context(self, instance: Any) -> bytes:
        return field_context(instance._meta.db_table, self.name, str(instance.uuid))


class TOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (RFC 6238), its seed sealed under the practice's second-factor key."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The hex seed, encrypted.
    seed = SeedField(default=new_seed)
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    # The time step of the last accepted code: a code is accepted once only.
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = "TOTP device"

    def data_key(self, version: int | None = None) -> DataKey:
        return runtime.second_factor_key()

    @property
    def bin_key(self) -> bytes:
        return bytes.fromhex(self.seed)

    def verify_token(self, token: Any) -> bool:
        # As django-otp's TOTPDevice.verify_token, reading the sealed seed.
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        try:
            number = int(token)
        except (TypeError, ValueError):
            verified = False
        else:
            totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
            totp.time = time.time()
            verified = totp.verify(number, self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return bool(verified)

    def get_throttle_factor(self) -> int:
        return 1

    @property
    def config_url(self) -> str:
        """The otpauth:// URL an authenticator app scans."""
        issuer = str(getattr(settings, "OTP_TOTP_ISSUER", "Sealbook")).replace(":", "")
        label = f"{issuer}:{self.user.get_username()}"
        params = {
            "secret": base64.b32encode(self.bin_key).decode(),
            "algorithm": "SHA1",
            "digits": self.digits,
            "period": self.step,
            "issuer": issuer,
        }
        return f"otpauth://totp/{quote(label)}?{urlencode(params, quote_via=quote)}"


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A user's set of one-time recovery codes, each stored only as an Argon2id hash."""

    class Meta(Device.Meta):
        verbose_name = "recovery codes"

    def replace_codes(self, count: int) -> list[str]:
        """Forget the old codes and return `count` new ones (shown once, stored hashed)."""
        codes = [new_recovery_code() for _ in range(count)]
        self.codes.all().delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=self, code_hash=make_password(code)) for code in codes
        )
        return codes

    def verify_token(self, token: Any) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        typed = str(token).strip().lower()
        # A TOTP code never looks like a recovery code: skip hashing it ten times.
        if _RECOVERY_CODE.match(typed):
            for code in self.codes.all():
                if check_password(typed, code.code_hash):
                    code.delete()
                    self.throttle_reset(commit=True)
                    return True
        self.throttle_increment(commit=True)
        return False

    def get_throttle_factor(self) -> int:
        return 1


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=255)


def new_recovery_code() -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"
    return "".join(secrets.choice(alphabet) for _ in range(RECOVERY_CODE_LENGTH))


# A staff member's passkeys (WebAuthn credentials), kept as django-otp devices.
#
# Being a django-otp `Device` makes a passkey a second factor like the TOTP app:
# `has_second_factor` counts it, and a session verified by it passes the gate.
# It never answers a typed code (`verify_token` stays False): it is proved only
# by a signed WebAuthn assertion, in `sealbook.staff.passkeys`.
class Passkey(Device):
    # The id the authenticator chose; the browser needs it back to find the key,
    # so it is kept as it is. It names a staff member's authenticator (never a
    # client) and goes into no log or audit entry: those carry the row id.
    credential_id = models.BinaryField(max_length=1023, unique=True)
    # COSE public key: public by design, it can only check signatures.
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]


def link_digest(token: str) -> str:
    """What is kept of a one-time link's token: its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


class OneTimeLink(models.Model):
    """A link e-mailed once, to set up an account (staff invitations, portal invitations).

    Only the token's SHA-256 is kept: the link itself is in the e-mail and
    nowhere else, so a copy of the database opens none. A link works until it
    is used or expires.
    """

    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def issue(cls, hours: int, **fields: Any) -> str:
        """Save a new link valid for `hours` (in the caller's transaction); returns its token."""
        token = secrets.token_urlsafe(32)
        cls._default_manager.create(
            token_digest=link_digest(token),
            expires_at=timezone.now() + datetime.timedelta(hours=hours),
            **fields,
        )
        return token

    @classmethod
    def opened_by(cls, token: str) -> models.QuerySet[Self]:
        """The unused, unexpired link `token` opens (none, or one)."""
        return cls._default_manager.filter(
            token_digest=link_digest(token), used_at__isnull=True, expires_at__gt=timezone.now()
        )


class StaffInvitation(OneTimeLink):
    """A one-time link, e-mailed to a new (or reactivated) staff member, to set a password
    and enrol a second factor."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
