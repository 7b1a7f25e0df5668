"""The practice's calendar: appointments, recurring series, rooms, availability, reminders.

docs/data-classification.md lists every column and why it is stored as it is.
When and where an appointment takes place is plaintext: the calendar must be
queried by time, clinician and room. What it is about (the service) and every
free text (a cancellation's reason, why a conflict was overridden) is
encrypted under the key of the appointment's first client. Times are stored in
UTC with the time zone they were booked in, so a weekly appointment keeps its
local time across daylight-saving changes.
"""

from __future__ import annotations

import datetime
import uuid
import zoneinfo

from django.conf import settings
from django.db import models

from sealbook.core.crypto.aead import DataKey
from sealbook.records.models import Client, ProgressNote, Service, Session
from sealbook.vault import runtime
from sealbook.vault.fields import EncryptedField

__all__ = ["Service"]


# No appointment lasts longer (actions.MAX_MINUTES): "overlaps a span" can then be asked as
# "starts within the span or at most this much before it", which the (clinician, start),
# (room, start) and (start) indexes answer by a range instead of everything before the span.
LONGEST = datetime.timedelta(minutes=480)


class Modality(models.TextChoices):
    ROOM = "room", "In a room"
    VIDEO = "video", "Video"
    PHONE = "phone", "Telephone"


class Status(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"
    LATE_CANCEL = "late-cancel", "Late cancellation"
    NO_SHOW = "no-show", "No-show"


class Room(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=60, unique=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Series(models.Model):
    """A recurring appointment: an RFC 5545 RRULE from a local start time in a time zone.

    Each occurrence is an `Appointment` row made when the series is created
    (a series always ends: by count or by date, at most ten years on). An
    occurrence that was moved, cancelled or edited alone keeps `detached`, so
    an edit to "all" or "this and following" leaves it as it is.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    rrule = models.CharField(max_length=200)
    dtstart_local = models.CharField(max_length=19)  # ISO wall-clock time in `time_zone`
    time_zone = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def data_key(self, version: int | None = None) -> DataKey:
        return runtime.client_key(self.client_id, version)

    def __str__(self) -> str:
        return f"Series {self.id}"


class Appointment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The first client: their key encrypts the appointment's free text.
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="appointments")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    service = EncryptedField(choices=Service.choices)
    modality = models.CharField(max_length=8, choices=Modality.choices)
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True)
    start = models.DateTimeField()
    end = models.DateTimeField()
    time_zone = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    status_reason = EncryptedField()
    conflict_override = EncryptedField()
    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, null=True, blank=True, related_name="occurrences"
    )
    detached = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    session = models.OneToOneField(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="appointment"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start"]
        indexes = [
            models.Index(fields=["clinician", "start"], name="appointment_clinician_start"),
            models.Index(fields=["start"], name="appointment_start"),
            models.Index(fields=["room", "start"], name="appointment_room_start"),
        ]

    def data_key(self, version: int | None = None) -> DataKey:
        return runtime.client_key(self.client_id, version)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> datetime.datetime:
        return self.start.astimezone(self.zone)

    @property
    def local_end(self) -> datetime.datetime:
        return self.end.astimezone(self.zone)

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def is_active(self) -> bool:
        return self.status == Status.SCHEDULED

    def __str__(self) -> str:
        return f"Appointment {self.id}"


class Attendee(models.Model):
    """A client in an appointment: one for individual, two or more for couples, family, group."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="attendees")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["appointment", "client"], name="one_attendance")
        ]
        indexes = [models.Index(fields=["client", "appointment"], name="attendee_client")]


class Availability(models.Model):
    """A clinician's working hours on one weekday (0 Monday), local to `time_zone`."""

    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    weekday = models.PositiveSmallIntegerField()
    start_time = models.TimeField()
    end_time = models.TimeField()
    time_zone = models.CharField(max_length=64)

    class Meta:
        ordering = ["weekday", "start_time"]


class TimeOff(models.Model):
    """A span when a clinician takes no appointments (holiday, training, illness)."""

    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    start = models.DateTimeField()
    end = models.DateTimeField()

    class Meta:
        ordering = ["start"]


class ReminderState(models.TextChoices):
    PENDING = "pending", "Waiting"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not sent"


class Reminder(models.Model):
    """One e-mail reminder of one appointment, due at `due_at`: the durable queue and send log.

    One row per (appointment, lead time), made when the appointment is booked
    or moved. The sender claims a pending row, sends and marks it sent in one
    transaction (scheduling/reminders.py): a process killed before the commit
    leaves the row pending, one killed after it has recorded the send.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    lead_minutes = models.PositiveIntegerField()
    due_at = models.DateTimeField()
    state = models.CharField(max_length=8, choices=ReminderState.choices, default="pending")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "client", "due_at"], name="one_reminder_per_time"
            )
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="reminder_due")]


class CalendarFeed(models.Model):
    """A clinician's secret calendar (ICS) address: only a digest of its token is stored.

    Making a new one replaces the old (which stops working); revoking deletes it.
    """

    clinician = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)


class AppointmentNote(models.Model):
    """Links each client's progress note of a joint appointment to the appointment.

    The note itself (the shared part as that client may read it, then their
    own part) is the client's, in records; this row says which appointment it
    is the note of, for every client, not only the first (whose `Session` the
    appointment has).
    """

    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="notes")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    note = models.OneToOneField(ProgressNote, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["appointment", "client"], name="appointment_note")]
