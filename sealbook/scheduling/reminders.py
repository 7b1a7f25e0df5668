"""Appointment reminders that reveal nothing, sent exactly once from a queue in the database.

`plan` writes one `Reminder` row per client and lead time when an
appointment is booked or moved (the practice sets the lead times,
`PracticePolicy.reminder_lead_hours`); `withdraw` drops the pending ones of a
cancelled appointment. `send_due_reminders(now)` is the worker: a plain,
idempotent function that any scheduler may call as often as it likes (the
job queue calls it every minute: sealbook/jobs/registry.py).

Exactly once: for each due row, one transaction marks it sent (a conditional
UPDATE from "pending": a second worker's UPDATE matches nothing, or waits on
the row lock and then matches nothing), writes the audit entry, hands the
fixed notice to the mail server and commits. A process killed before the
mail server's acceptance leaves the row pending, and the restarted worker
sends it; one killed after the commit has recorded the send and sends
nothing more. Between the acceptance and the commit there is nothing but the
commit: a kill -9 landing in that instant (or a mail server that accepts and
then fails to say so before the timeout) still gives a second copy, which no
sender can rule out over SMTP; it carries the same Message-ID as the first
(`reminder.<id>`), so the receiving side can tell it for what it is. A
failed hand-over (MailError, or no mail server set) rolls back and is retried.

A reminder is never sent for an appointment that is no longer scheduled, or
that has already begun (a server down over the send time does not remind
afterwards).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from sealbook.access import practice_policy
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.errors import SealbookError
from sealbook.mail import Notice, send_notice
from sealbook.records.contact_address import client_address
from sealbook.scheduling.models import Appointment, Reminder, ReminderState, Status
from sealbook.vault import runtime

log = logging.getLogger(__name__)
BATCH = 200


def lead_minutes() -> list[int]:
    """The practice's lead times in minutes (from hours, as the policy page takes them)."""
    found: set[int] = set()
    for part in practice_policy.current().reminder_lead_hours.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            hours = float(part)
        except ValueError:
            continue
        if 0 < hours <= 24 * 30:
            found.add(round(hours * 60))
    return sorted(found, reverse=True)


def reminder_greeting(client: Any) -> str:
    """The form of address the client chose ("Hi Sam"), or "" for the neutral "Hello"."""
    return str(client.greeting or "").strip()


def plan(appointment: Appointment, *, now: datetime.datetime | None = None) -> int:
    """(Re)write the pending reminders of `appointment` for its current time; returns how many."""
    moment = now if now is not None else timezone.now()
    Reminder.objects.filter(appointment=appointment, state=ReminderState.PENDING).delete()
    if appointment.status != Status.SCHEDULED:
        return 0
    client_ids = list(appointment.attendees.values_list("client_id", flat=True))
    made = 0
    for minutes in lead_minutes():
        due = appointment.start - datetime.timedelta(minutes=minutes)
        if due <= moment:
            continue
        for client_id in client_ids:
            _, created = Reminder.objects.get_or_create(
                appointment=appointment,
                client_id=client_id,
                due_at=due,
                defaults={"lead_minutes": minutes},
            )
            made += int(created)
    return made


def withdraw(appointment: Appointment) -> None:
    Reminder.objects.filter(appointment=appointment, state=ReminderState.PENDING).update(
        state=ReminderState.SKIPPED, finished_at=timezone.now()
    )


def due(now: datetime.datetime) -> list[Any]:
    """The ids of pending reminders due at `now` (index `reminder_due`)."""
    return list(
        Reminder.objects.filter(state=ReminderState.PENDING, due_at__lte=now)
        .order_by("due_at")
        .values_list("pk", flat=True)[:BATCH]
    )


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """Send every reminder due at `now`; returns how many were sent. Safe to run anywhere, often."""
    moment = now if now is not None else timezone.now()
    sent = 0
    for pk in due(moment):
        try:
            sent += _send_one(pk, moment)
        except SealbookError as error:
            # Rolled back: the row is pending again and the next round retries it.
            log.warning("reminder not sent: %s", error)
            break
    if sent:
        log.info("%d reminder%s sent", sent, "" if sent == 1 else "s")
    return sent


def _send_one(pk: Any, moment: datetime.datetime) -> int:
    with transaction.atomic():
        claimed = Reminder.objects.filter(pk=pk, state=ReminderState.PENDING).update(
            state=ReminderState.SENT, finished_at=moment
        )
        if not claimed:
            return 0
        reminder = Reminder.objects.select_related("appointment", "client").get(pk=pk)
        appointment = reminder.appointment
        address = client_address(reminder.client)
        if appointment.status != Status.SCHEDULED or appointment.start <= moment or not address:
            Reminder.objects.filter(pk=pk).update(state=ReminderState.SKIPPED)
            return 0
        sender = runtime.practice_name() if practice_policy.current().reminder_practice_name else ""
        # Every write is made before the hand-over, so that after the mail server has
        # accepted the message only the commit remains (the window for a second copy).
        record(
            AuditEvent.REMINDER_SENT,
            client_id=reminder.client_id,
            obj=appointment,
            detail={"lead_minutes": reminder.lead_minutes},
        )
        send_notice(
            address,
            Notice.APPOINTMENT_REMINDER,
            greeting=reminder_greeting(reminder.client),
            when=appointment.local_start,
            sender_name=sender,
            message_key=f"reminder.{reminder.pk.hex}",
        )
    return 1
