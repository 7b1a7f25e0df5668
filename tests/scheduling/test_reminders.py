"""Reminders: at the practice's lead times, once, never for a cancelled appointment,
and with nothing in them that identifies anyone."""

from __future__ import annotations

import datetime

from sealbook.access.models import current_policy
from sealbook.portal import contact
from sealbook.portal.actions import request_confidential_communications
from sealbook.scheduling import actions, reminders
from sealbook.scheduling.models import Reminder, ReminderState
from sealbook.sharing.roster import practice_roster
from tests.mail.support import assert_reveals_nothing
from tests.portal.support import portal_account
from tests.scheduling.support import NOW, booking

D = datetime.datetime
HOUR = datetime.timedelta(hours=1)


def lead_times(hours: str) -> None:
    policy = current_policy()
    policy.reminder_lead_hours = hours
    policy.save()


def test_each_due_reminder_is_sent_once_and_reveals_nothing(cast, smtp_server):
    lead_times("48, 2")  # the policy's reminder_lead_hours
    appointment = actions.book(cast.frankie, booking(cast, D(2026, 3, 5, 15, 0)), now=NOW)
    assert sorted(Reminder.objects.values_list("lead_minutes", flat=True)) == [120, 2880]
    start = appointment.start
    assert reminders.send_due_reminders(start - 49 * HOUR) == 0
    assert reminders.send_due_reminders(start - 47 * HOUR) == 1
    assert reminders.send_due_reminders(start - 47 * HOUR) == 0  # idempotent
    assert reminders.send_due_reminders(start - HOUR) == 1
    assert reminders.send_due_reminders(start - HOUR) == 0
    assert len(smtp_server.messages) == 2
    roster = practice_roster()
    for message in smtp_server.messages:
        assert message["To"] == "riley.synthwood@client.example.net"
        assert "Thursday 5 March 2026 at 15:00" in message.get_content()
        assert_reveals_nothing(message, roster)
        assert "Test practice" not in str(message)


def test_no_reminder_for_a_cancelled_appointment_and_a_moved_one_follows_its_time(
    cast, smtp_server
):
    cancelled = actions.book(cast.frankie, booking(cast, D(2026, 3, 5, 15, 0)), now=NOW)
    moved = actions.book(cast.frankie, booking(cast, D(2026, 3, 6, 15, 0)), now=NOW)
    actions.cancel(cast.frankie, cancelled, expected_version=1, reason="Ill", now=NOW)
    moved = actions.reschedule(
        cast.frankie, moved, expected_version=1, local_start=D(2026, 3, 9, 10, 0),
        duration_minutes=50, room=moved.room, now=NOW,
    )  # fmt: skip
    assert reminders.send_due_reminders(D(2026, 3, 6, 16, 0, tzinfo=datetime.UTC)) == 0
    assert reminders.send_due_reminders(moved.start - HOUR) == 1
    assert len(smtp_server.messages) == 1
    assert "Monday 9 March 2026 at 10:00" in smtp_server.messages[0].get_content()
    assert Reminder.objects.filter(state=ReminderState.SKIPPED).count() == 1


def test_a_reminder_missed_while_the_server_was_down_is_not_sent_late(cast, smtp_server):
    appointment = actions.book(cast.frankie, booking(cast, D(2026, 3, 5, 15, 0)), now=NOW)
    assert reminders.send_due_reminders(appointment.start + HOUR) == 0
    assert smtp_server.messages == []


def test_the_practice_may_sign_its_reminders(cast, smtp_server):
    policy = current_policy()
    policy.reminder_practice_name = True
    policy.save()
    appointment = actions.book(cast.frankie, booking(cast, D(2026, 3, 5, 15, 0)), now=NOW)
    reminders.send_due_reminders(appointment.start - 2 * HOUR)
    assert "Test practice" in smtp_server.messages[0]["From"]


def test_without_a_mail_server_the_reminder_stays_queued(cast, settings):
    settings.EMAIL_BACKEND = "sealbook.mail.backend.NotConfigured"
    appointment = actions.book(cast.frankie, booking(cast, D(2026, 3, 5, 15, 0)), now=NOW)
    assert reminders.send_due_reminders(appointment.start - 2 * HOUR) == 0
    assert Reminder.objects.get().state == ReminderState.PENDING


def test_a_reminder_greets_as_the_client_chose_and_goes_to_the_confidential_address(
    cast, smtp_server
):
    cast.riley.greeting = "Hi Sam"
    cast.riley.save()
    account = portal_account(cast, cast.riley, "riley.synthwood@client.example.net")
    request_confidential_communications(account, "only-here@private.example.org")
    appointment = actions.book(cast.frankie, booking(cast, D(2026, 3, 5, 15, 0)), now=NOW)
    reminders.send_due_reminders(appointment.start - 2 * HOUR)
    (message,) = smtp_server.messages
    assert message["To"] == "only-here@private.example.org"
    body = message.get_content()
    assert body.startswith("Hi Sam,")
    # Beyond the greeting the client chose, nothing identifies anyone.
    message.set_content(body.removeprefix("Hi Sam,"))
    assert_reveals_nothing(message, practice_roster())
    # The portal's notices choose their address the same way (records.contact_address).
    assert contact.address_for(account) == "only-here@private.example.org"
