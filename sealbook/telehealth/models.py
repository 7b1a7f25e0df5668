"""Video rooms of telehealth sessions and the people let into them.

Janus sees none of this: a room is known to it by a random number, a participant
by the display "Clinician" or "Client n". The media key (AES-GCM, per room) is
sealed under the client's data key and erased when the session ends; join links
are stored as SHA-256 digests only, so the database cannot give one back.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from sealbook.records.models import Client, ClientOwned, Session
from sealbook.vault.fields import EncryptedField


class RoomState(models.TextChoices):
    OPEN = "open", "Open"
    ENDED = "ended", "Ended"


class VideoRoom(ClientOwned):
    """One telehealth session's room; the client is the session's client."""

    session = models.OneToOneField(Session, on_delete=models.PROTECT, related_name="video_room")
    janus_room = models.BigIntegerField(unique=True)
    state = models.CharField(max_length=8, choices=RoomState.choices, default=RoomState.OPEN)
    media_key = EncryptedField()  # base64 AES-256-GCM key; emptied when the room ends
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    opened_at = models.DateTimeField(auto_now_add=True)
    ends_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    clinician_janus_session = models.BigIntegerField(null=True, blank=True)


class ParticipantRole(models.TextChoices):
    CLINICIAN = "clinician", "Clinician"
    CLIENT = "client", "Client"


class ParticipantState(models.TextChoices):
    INVITED = "invited", "Invited"
    WAITING = "waiting", "Waiting"
    ADMITTED = "admitted", "Admitted"
    DECLINED = "declined", "Declined"
    REMOVED = "removed", "Removed"
    LEFT = "left", "Left"


class JoinLink(models.Model):
    """A client's link into one session's video room (one per participating client).

    The token (32 random bytes in the URL) is kept as its SHA-256 only; so is
    the random cookie of the one device that holds the link at a time.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="join_links")
    client = models.ForeignKey(Client, on_delete=models.PROTECT)
    number = models.PositiveSmallIntegerField()  # "Client n" to Janus and the other side
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(
        max_length=8, choices=ParticipantState.choices, default=ParticipantState.INVITED
    )
    device_digest = models.CharField(max_length=64, blank=True, default="")
    device_seen_at = models.DateTimeField(null=True, blank=True)
    janus_session = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "client"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_link_per_client",
            )
        ]

    @property
    def label(self) -> str:
        return f"Client {self.number}"

    def __str__(self) -> str:
        return f"JoinLink {self.id}"


class RecordingState(models.TextChoices):
    ON = "on", "Recording"
    STOPPED = "stopped", "Stopped"  # by the clinician: the browser uploads it
    WITHDRAWN = "withdrawn", "Stopped, consent withdrawn"  # never attached
    SAVED = "saved", "Saved to the chart"


class RoomRecording(models.Model):
    """One recording made in the clinician's browser (APA 4.03).

    The server only knows that it runs, whose recording consent it rests on
    (`client_ids`: every client let in while it ran) and where it was saved;
    the media itself goes straight from the browser to the encrypted documents
    store of the session's first client.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    room = models.ForeignKey(VideoRoom, on_delete=models.PROTECT, related_name="recordings")
    state = models.CharField(max_length=10, choices=RecordingState.choices, default="on")
    client_ids = models.JSONField(default=list)
    started_at = models.DateTimeField(auto_now_add=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    document_id = models.UUIDField(null=True, blank=True)

    def __str__(self) -> str:
        return f"RoomRecording {self.id}"
