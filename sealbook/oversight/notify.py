"""The e-mail to the owner when an alert is raised: no identifying content, ever.

The message says that an alert of a kind was raised and where to read it; it
names neither the staff member nor a client (an inbox is not the app). Sent
after the transaction commits, so a rolled-back entry sends nothing; a mail
failure is logged and never undoes the alert.

Until the project's mail module lands, this uses Django's mail API directly
(`EMAIL_BACKEND`); `send_notice` is the one function to point at it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction

logger = logging.getLogger(__name__)

SUBJECT = "Sealbook: an access alert needs your review"
BODY = (
    "Sealbook raised an alert about access to records ({label}).\n\n"
    "Sign in and open Alerts to review and acknowledge it. For privacy, this\n"
    "message does not say who or which record.\n"
)


def send_notice(recipients: Iterable[str], subject: str, body: str) -> None:
    addresses = [a for a in recipients if a]
    if not addresses:
        return
    try:
        send_mail(subject, body, None, addresses, fail_silently=False)
    except Exception:
        logger.warning("the alert e-mail could not be sent", exc_info=True)


def alert_raised(recipients: list[str], label: str) -> None:
    """E-mail `recipients` once the current transaction commits."""
    body = BODY.format(label=label.lower())
    transaction.on_commit(lambda: send_notice(recipients, SUBJECT, body))
