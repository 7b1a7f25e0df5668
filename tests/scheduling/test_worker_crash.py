"""A reminder is sent exactly once even when the worker is killed (kill -9) around its send
time and restarted: a real `sealbook worker` process, a real SMTP server, the clock moved.

1. The mail server stalls on the message; the worker is killed while it waits. The server
   never accepted that message (no "250"), and the worker had not committed: the reminder
   is still pending.
2. A new worker sends it; it is killed once the message has arrived and the send is
   recorded.
3. A third worker runs several rounds and sends nothing more.
The one message that arrived passes the leak check with the practice's roster.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from sealbook.core.deid.roster import Roster, RosterClient
from sealbook.mail.catcher import MailCatcher
from tests.cli.conftest import Cli
from tests.mail.support import assert_reveals_nothing

SETUP = """
import datetime, zoneinfo
from sealbook.cli.bootstrap import open_practice, setup_django
setup_django()
open_practice(unseal=True)
from django.utils import timezone
from sealbook.access.models import current_policy
from sealbook.accounts.models import User
from sealbook.records.actions import ClientDetails, create_client
from sealbook.scheduling import actions
policy = current_policy()
policy.reminder_lead_hours = "2"
policy.save()
casey = User.objects.create(username="casey@practice.example.org", role="clinician",
                            email="casey@practice.example.org", display_name="Casey Clinician")
client = create_client(None, ClientDetails(
    legal_first_name="Rowan", legal_last_name="Abernathy-Quill",
    date_of_birth=datetime.date(1984, 2, 3), email="rowan.aq@client.example.net",
), care_team=[casey])
tz = zoneinfo.ZoneInfo("America/New_York")
local = (timezone.now() + datetime.timedelta(hours=3)).astimezone(tz).replace(
    tzinfo=None, second=0, microsecond=0)
actions.book(casey, actions.Booking(
    clients=[client], clinician=casey, local_start=local, duration_minutes=50,
    time_zone="America/New_York", service="individual", modality="phone", fold=0))
print("booked")
"""
ROSTER = Roster(
    clients=(
        RosterClient(
            client_ref="c1",
            names=("Rowan Abernathy-Quill",),
            emails=("rowan.aq@client.example.net",),
        ),
    )
)


class Stall:
    """While `on`, the server takes the message's data and then never answers it."""

    def __init__(self) -> None:
        self.on = True
        self.arrived = threading.Event()

    def install(self, catcher: MailCatcher) -> None:
        keep = catcher._keep  # the catcher's handler: wrap its DATA step
        original = keep.handle_DATA

        async def handle_data(server: Any, session: Any, envelope: Any) -> str:
            if self.on:
                self.arrived.set()
                while self.on:
                    await asyncio.sleep(0.05)
                return "451 try again later"
            return await original(server, session, envelope)

        keep.handle_DATA = handle_data  # type: ignore[method-assign]


def start_worker(cli: Cli, smtp_url: str, log: Path) -> subprocess.Popen[bytes]:
    # The job queue takes a killed run again after SEALBOOK_JOB_TIMEOUT and a quarter (6 s).
    return subprocess.Popen(
        [sys.executable, "-m", "sealbook", "worker", "--clock-offset", "1.5"],
        env={**cli.env, **cli.unsealed(), "SEALBOOK_SMTP_URL": smtp_url,
             "SEALBOOK_JOB_TIMEOUT": "4"},
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def kill(process: subprocess.Popen[bytes]) -> None:
    """The worker and the job queue's processes it forked, as a machine's crash would."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


STATES = """
from sealbook.cli.bootstrap import setup_django
setup_django()
from sealbook.scheduling.models import Reminder
print(*Reminder.objects.values_list("state", flat=True))
"""


def reminder_states(cli: Cli) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", STATES], env={**cli.env, **cli.unsealed()},
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return done.stdout.split()


def reminders_in(catcher: MailCatcher) -> list[Any]:
    return [m for m in catcher.messages if (m["Message-ID"] or "").startswith("<reminder.")]


def wait_for(condition: Any, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_killed_around_the_send_time_a_reminder_arrives_once(cli: Cli, tmp_path: Path):
    cli.initialised()
    setup = subprocess.run(
        [sys.executable, "-c", SETUP], env={**cli.env, **cli.unsealed()},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert "booked" in setup.stdout, setup.stderr
    catcher = MailCatcher().start()
    stall = Stall()
    stall.install(catcher)
    log = tmp_path / "worker.log"
    try:
        first = start_worker(cli, catcher.url, log)
        assert stall.arrived.wait(90), log.read_text()
        kill(first)  # mid-send: nothing committed, nothing accepted
        stall.on = False
        assert not reminders_in(catcher)

        second = start_worker(cli, catcher.url, log)
        wait_for(lambda: len(reminders_in(catcher)) == 1)
        # The message reaches the server a moment before the worker's commit records it
        # (the window reminders.py names); kill once the send is recorded.
        wait_for(lambda: reminder_states(cli) == ["sent"])
        kill(second)  # after the send

        third = start_worker(cli, catcher.url, log)
        time.sleep(8)  # a restart, and the killed run taken again
        kill(third)
        # Other jobs may e-mail the owner meanwhile (the daily self-check's alert on this
        # practice without TLS or backups): count the reminders.
        reminders = reminders_in(catcher)
        assert len(reminders) == 1, log.read_text()
        for message in catcher.messages:
            assert_reveals_nothing(message, ROSTER)
        assert reminders[0]["To"] == "rowan.aq@client.example.net"
    finally:
        stall.on = False
        catcher.stop()
