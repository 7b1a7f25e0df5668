"""A staff member's passkeys (WebAuthn credentials), kept as django-otp devices.

Being a django-otp `Device` makes a passkey a second factor like the TOTP app:
`has_second_factor` counts it, and a session verified by it passes the gate.
It never answers a typed code (`verify_token` stays False): it is proved only
by a signed WebAuthn assertion, in `sealbook.staff.passkeys`.
"""

from __future__ import annotations

from django.db import models
from django_otp.models import Device


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
