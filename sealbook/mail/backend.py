"""Django e-mail backends: SMTP that verifies against a chosen CA, and a refusal."""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from functools import cached_property

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend
from django.core.mail.message import EmailMessage

from sealbook.core.errors import SealbookError


class NotConfigured(BaseEmailBackend):
    """What sends mail when SEALBOOK_SMTP_URL is unset: nothing, loudly."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise SealbookError(
            "e-mail is not configured: set SEALBOOK_SMTP_URL (docs/configuration.md)"
        )


class SMTPBackend(EmailBackend):
    """Django's SMTP backend, verifying the server against `?cafile=` when given."""

    @cached_property
    def ssl_context(self) -> ssl.SSLContext:
        cafile: str | None = getattr(settings, "MAIL_SMTP_CAFILE", None)
        # create_default_context verifies the certificate and the host name.
        return ssl.create_default_context(cafile=cafile)
