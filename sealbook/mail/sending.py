"""Send one notice, or say in one line why it could not be sent."""

from __future__ import annotations

import datetime
import smtplib
import ssl
from email.utils import formataddr, make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage

from sealbook.core.errors import SealbookError
from sealbook.mail.notices import WORDING, Notice

# The domain in Message-Id headers: never the machine's host name, which could
# name the practice.
MESSAGE_ID_DOMAIN = "sealbook.invalid"


class MailError(SealbookError):
    """The notice could not be handed to the mail server."""


def send_notice(
    to: str,
    notice: Notice,
    *,
    greeting: str = "",
    link: str = "",
    when: datetime.datetime | None = None,
    sender_name: str = "",
    message_key: str = "",
) -> None:
    """Send `notice` to `to`. Raises MailError with a one-line reason on failure.

    `greeting` is the form of address the recipient chose (or nothing), `link`
    an address on this practice's site carrying only a random token, `when`
    the local time of a reminder. Nothing else can be put in an e-mail.
    `message_key` (a random id, never identifying) makes the Message-ID the
    same on every attempt to send the same notice, so a copy sent again after
    an unknown outcome is recognisably the same message to the receiving side.
    """
    wording = WORDING[notice]
    if (when is None) != (notice is not Notice.APPOINTMENT_REMINDER):
        raise ValueError("a time goes with an appointment reminder and with nothing else")
    if link and urlsplit(link).scheme not in ("http", "https"):
        raise ValueError("a notice's link must be an http(s) address")
    lines = [f"{greeting.strip()}," if greeting.strip() else "Hello,", ""]
    lines.append(wording.body.format(when=_when(when)) if when else wording.body)
    if link:
        lines += ["", link]
    lines += ["", "This message was sent automatically; please do not reply to it."]
    sender = settings.DEFAULT_FROM_EMAIL
    if sender_name.strip():
        sender = formataddr((sender_name.strip(), sender))
    message = EmailMessage(
        subject=wording.subject,
        body="\n".join(lines) + "\n",
        from_email=sender,
        to=[to],
        headers={
            "Message-ID": f"<{message_key}@{MESSAGE_ID_DOMAIN}>"
            if message_key
            else make_msgid(domain=MESSAGE_ID_DOMAIN)
        },
    )
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, ssl.SSLError, OSError) as exc:
        raise MailError(
            f"the mail server refused or could not be reached ({_reason(exc)})"
        ) from None


def _when(moment: datetime.datetime) -> str:
    # "Tuesday 8 December 2026 at 15:30": words a reader cannot misread across locales.
    return f"{moment:%A} {moment.day} {moment:%B %Y} at {moment:%H:%M}"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"SMTP {exc.smtp_code}"
    if isinstance(exc, ssl.SSLError):
        return "TLS failed"
    return type(exc).__name__
