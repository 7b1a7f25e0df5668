"""The e-mail to whoever reviews alerts when one is raised: no identifying content, ever.

The message is the mail module's fixed `Notice.ACCESS_ALERT` ("An access alert
was raised. Sign in to review it."): it names neither the staff member, nor a
client, nor the kind of alert (an inbox is not the app). Sent after the
transaction commits, so a rolled-back entry sends nothing; a mail failure is
logged in one line and never undoes the alert.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction

from sealbook.mail import Notice, send_notice

logger = logging.getLogger(__name__)


def send_alert_notices(recipients: Iterable[str]) -> None:
    for address in recipients:
        if not address:
            continue
        try:
            send_notice(address, Notice.ACCESS_ALERT)
        except Exception as exc:
            # whatever the mail does (not configured, refused, unreachable), and the
            # request that raised it must not fail.
            logger.warning("the alert e-mail could not be sent: %s", type(exc).__name__)


def alert_raised(recipients: list[str]) -> None:
    """E-mail `recipients` once the current transaction commits."""
    transaction.on_commit(lambda: send_alert_notices(recipients))
