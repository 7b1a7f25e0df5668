"""The fixed kinds of e-mail and their words.

A new kind of e-mail is a new member here, with a subject and a body that a
stranger reading the recipient's inbox could see without learning that the
recipient is in therapy, with whom, or why. `tests/mail/test_notices.py`
passes every kind through the leak check.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Notice(StrEnum):
    INVITATION = "invitation"
    VERIFY_ADDRESS = "verify-address"
    NEW_MESSAGE = "new-message"
    DOCUMENT_TO_SIGN = "document-to-sign"
    DOWNLOAD_READY = "download-ready"
    APPOINTMENT_REMINDER = "appointment-reminder"
    ACCESS_ALERT = "access-alert"
    REQUEST_ANSWERED = "request-answered"


@dataclass(frozen=True)
class Wording:
    subject: str
    body: str  # {when} is filled only for reminders


WORDING: dict[Notice, Wording] = {
    Notice.INVITATION: Wording(
        "Your account invitation",
        "You have been invited to set up an account. The link below works once and "
        "expires in 72 hours.",
    ),
    Notice.VERIFY_ADDRESS: Wording(
        "Confirm your e-mail address",
        "Please confirm that this e-mail address is yours by opening the link below.",
    ),
    Notice.NEW_MESSAGE: Wording(
        "You have a new message",
        "You have a new message. Sign in to read it.",
    ),
    Notice.DOCUMENT_TO_SIGN: Wording(
        "A document is waiting for you",
        "A document is waiting for your signature. Sign in to see it.",
    ),
    Notice.DOWNLOAD_READY: Wording(
        "Your download is ready",
        "The copy you asked for is ready. Sign in to download it.",
    ),
    Notice.REQUEST_ANSWERED: Wording(
        "Your request has an answer",
        "The practice has answered a request you made. Sign in to see it.",
    ),
    Notice.APPOINTMENT_REMINDER: Wording(
        "Appointment reminder",
        "This is a reminder of your appointment on {when}. Sign in for details.",
    ),
    Notice.ACCESS_ALERT: Wording(
        "An access alert needs your attention",
        "An access alert was raised. Sign in to review it.",
    ),
}
