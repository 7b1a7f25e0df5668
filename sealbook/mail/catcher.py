"""A real SMTP server that keeps what it receives: for the demo and the tests.

The demo points SEALBOOK_SMTP_URL at one of these and shows what it caught on
a demo-only page, so a newcomer can follow an invitation from the e-mail to the
portal without a mail server. The tests read the messages from it, so what
they check is what went over SMTP, not what Django meant to send.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session


class _Keep:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        with self.lock:
            self.messages.append(parsed)
            if self.folder is not None:
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                path = self.folder / f"{len(list(self.folder.glob('*.eml'))) + 1:06d}.eml"
                path.write_bytes(raw)
        return "250 OK"


class MailCatcher:
    """An SMTP server on 127.0.0.1 (a free port unless given) that keeps every message."""

    def __init__(self, folder: Path | None = None, port: int = 0, **smtp_options: Any) -> None:
        self._keep = _Keep(folder)
        self.port = port or _free_port()
        self._controller = Controller(
            self._keep, hostname="127.0.0.1", port=self.port, **smtp_options
        )

    @property
    def messages(self) -> list[EmailMessage]:
        with self._keep.lock:
            return list(self._keep.messages)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> MailCatcher:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()


def read_folder(folder: Path) -> list[EmailMessage]:
    """The messages a catcher kept in `folder`, newest first."""
    messages = []
    for path in sorted(folder.glob("*.eml"), reverse=True):
        raw = path.read_bytes()
        messages.append(email.message_from_bytes(raw, policy=email.policy.default))
    return messages


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
