"""The demo mailbox shows what the demo's mail catcher received; only in the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sealbook.conf import smtp_settings
from sealbook.mail import Notice, send_notice
from sealbook.mail.catcher import MailCatcher


def test_the_demo_mailbox_shows_each_e_mail_the_catcher_received(
    client: Any, practice: Any, settings: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "caught-mail"
    catcher = MailCatcher(folder=folder).start()
    try:
        for name, value in smtp_settings(catcher.url).items():
            setattr(settings, name, value)
        settings.SEALBOOK_DEMO_MAIL_DIR = str(folder)
        send_notice("a@example.net", Notice.INVITATION, link="http://127.0.0.1:8000/i/abc123/")
        send_notice("b@example.net", Notice.NEW_MESSAGE)
    finally:
        catcher.stop()
    page = client.get("/demo/mail/")
    assert page.status_code == 200
    text = page.content.decode()
    # Newest first, with the link clickable.
    assert text.index("You have a new message") < text.index("Your account invitation")
    assert '<a href="http://127.0.0.1:8000/i/abc123/"' in text


def test_outside_the_demo_there_is_no_mailbox(client: Any, practice: Any, settings: Any) -> None:
    settings.SEALBOOK_DEMO_MAIL_DIR = None
    assert client.get("/demo/mail/").status_code == 404
