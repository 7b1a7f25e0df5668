"""Reading the e-mails Sealbook sent, off a real SMTP server, and checking they reveal nothing.

Use the `smtp_server` fixture (tests/conftest.py): it starts an aiosmtpd server
on a free port and points Django's SMTP settings at it; its `.messages` are the
e-mails as they went over the wire.
"""

from __future__ import annotations

import re
from email.message import EmailMessage

from sealbook.core.deid.packet import leak_check
from sealbook.core.deid.roster import Roster
from sealbook.core.deid.spans import Label
from sealbook.mail.notices import WORDING, Notice

# A link in a notice: this site's address and a path of random-token characters.
LINK = re.compile(r"^https?://[A-Za-z0-9.:\[\]-]+/[A-Za-z0-9/_-]*/?$")


def words_of(message: EmailMessage) -> str:
    """Subject and body, without the lines that are only a link (checked separately)."""
    body = message.get_content()
    lines = []
    for line in body.splitlines():
        if line.startswith(("http://", "https://")):
            assert LINK.match(line), f"a link in an e-mail carries more than a token: {line!r}"
            continue
        lines.append(line)
    return f"{message['Subject']}\n" + "\n".join(lines)


def assert_reveals_nothing(message: EmailMessage, roster: Roster | None = None) -> None:
    """Fail when the leak check (with the practice's roster) finds anything in the e-mail."""
    words = words_of(message)
    found = leak_check(words, roster)
    if message["Subject"] == WORDING[Notice.APPOINTMENT_REMINDER].subject:
        # A reminder's own time is its point, and tells its reader nothing new.
        found = [span for span in found if span.label is not Label.DATE]
    assert found == [], f"an e-mail reveals {[(s.label, words[s.start : s.end]) for s in found]}"


def links_in(message: EmailMessage) -> list[str]:
    return [
        line for line in message.get_content().splitlines() if line.startswith(("http", "https"))
    ]
