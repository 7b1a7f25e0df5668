"""Every change to a video room, a join link or a participant goes through here.

Each action checks who may act, validates, changes Janus (tokens, the room's
allowed list) and writes its audit entry. Janus learns only random numbers and
the labels "Clinician" and "Client n"; the media key reaches a participant
only after admission (`media_config`), never Janus.

A client has no login: their join link is the credential (32 random bytes),
valid from 15 minutes before the session until its scheduled end, on one
device at a time (a random cookie, kept as a digest).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone

from sealbook.access.policy import Action, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.consent.status import ConsentMissing, require_consent
from sealbook.core.errors import SealbookError
from sealbook.documents.actions import (
    EncryptedUpload,
    RecordingConsentMissing,
    add_document,
    require_recording_consent,
)
from sealbook.documents.models import Document, DocumentKind
from sealbook.records.models import Modality, Session
from sealbook.scheduling.sessions import session_start as calendar_session_start
from sealbook.scheduling.zones import practice_zone_name, zone
from sealbook.telehealth import janus
from sealbook.telehealth.media import (
    MediaState,
    MediaUnavailable,
    janus_token,
    media_secrets,
    turn_credentials,
)
from sealbook.telehealth.models import (
    JoinLink,
    ParticipantState,
    RecordingState,
    RoomRecording,
    RoomState,
    VideoRoom,
)
from sealbook.telehealth.participants import MAX_CLIENTS, clients_of

EARLY = datetime.timedelta(minutes=15)
# A device that has not asked for its status for this long no longer holds its link.
DEVICE_IDLE = datetime.timedelta(seconds=45)


class VideoError(SealbookError):
    """A video-session request was refused; the message says why (shown on the page)."""


class LinkRefused(VideoError):
    """A join link that opens nothing now (unknown, revoked, outside its window, in use)."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def session_zone(session: Session) -> str:
    """The time zone a session's date and time are written in: its appointment's on the
    calendar, else the practice's (never Django's TIME_ZONE, which is UTC)."""
    try:
        appointment = session.appointment
    except ObjectDoesNotExist:
        return practice_zone_name()
    return str(appointment.time_zone)


def session_start(session: Session) -> datetime.datetime:
    """The session's start in UTC, read as the calendar reads it (`scheduling.sessions`).

    Every window of a video session follows from it and `session_end`: when the
    room may open and a link opens (15 minutes before), the link's and the Janus
    tokens' end, the TURN credentials' expiry and the portal's join button.
    """
    return calendar_session_start(session, session_zone(session))


def session_end(session: Session) -> datetime.datetime:
    return session_start(session) + datetime.timedelta(minutes=session.duration_minutes)


def local_time(session: Session, moment: datetime.datetime) -> datetime.datetime:
    """`moment` on the clock of the session's zone (for messages)."""
    return moment.astimezone(zone(session_zone(session)))


def room_secret(room: VideoRoom) -> str:
    """The Janus room's secret, derived (not stored) from the media secrets."""
    key = media_secrets()["token_key"].encode()
    return hmac.new(key, f"room:{room.id}".encode(), hashlib.sha256).hexdigest()


def clinician_token_purpose(room: VideoRoom) -> str:
    return f"clinician:{room.id}"


def link_token_purpose(link: JoinLink) -> str:
    return f"link:{link.id}"


def _require_telehealth_consents(session: Session) -> None:
    for client in clients_of(session):
        try:
            require_consent(client, "telehealth")
        except ConsentMissing as exc:
            raise VideoError(f"a telehealth session needs the client's consent: {exc}") from None


def _authorize_clinician(actor: Any, session: Session) -> None:
    authorize(actor, Action.HOLD_VIDEO_SESSION, session.client)
    if session.clinician_id != actor.pk:
        raise VideoError("only the session's clinician holds its video session")
    if session.modality != Modality.TELEHEALTH:
        raise VideoError("this session is not a telehealth session")


def open_room(actor: Any, session: Session, *, state: MediaState | None = None) -> VideoRoom:
    """Start the session's video room (or return the open one): the clinician's first step."""
    _authorize_clinician(actor, session)
    existing = VideoRoom.objects.filter(session=session).first()
    if existing is not None:
        if existing.state == RoomState.ENDED:
            raise VideoError("this session's video room has ended")
        return existing
    now = timezone.now()
    if now < session_start(session) - EARLY:
        raise VideoError("a video session opens 15 minutes before it starts")
    if now >= session_end(session):
        raise VideoError("this session's scheduled time is over")
    _require_telehealth_consents(session)
    room = VideoRoom(
        client=session.client,
        session=session,
        janus_room=secrets.randbelow(2**52) + 1,
        media_key=base64.b64encode(secrets.token_bytes(32)).decode(),
        opened_by=actor,
        ends_at=session_end(session),
    )
    janus.create_room(room.janus_room, room_secret(room), state=state)
    try:
        token = janus.add_token(clinician_token_purpose(room), state=state)
        janus.allow(room.janus_room, room_secret(room), [token])
        with transaction.atomic():
            room.save()
            record(AuditEvent.VIDEO_ROOM_OPENED, actor=actor, client_id=session.client_id, obj=room)
    except BaseException:
        janus.destroy_room(room.janus_room, room_secret(room))
        raise
    return room


def issue_link(actor: Any, session: Session, client: Any) -> tuple[JoinLink, str]:
    """A new join link for one of the session's clients; earlier ones are revoked.

    Returns the link and its token: the token exists only in this answer.
    """
    _authorize_clinician(actor, session)
    return _issue(actor, session, client)


def issue_link_to_client(actor: Any, session: Session, client: Any) -> tuple[JoinLink, str]:
    """A join link the client asks for themself, from 15 minutes before the session.

    For the client portal's join button: `actor` is the client's own portal
    login, which the portal has matched to `client` (no rule of the access
    policy names a portal role). As when the clinician issues one, the client's
    earlier links are revoked, so the link holds one device at a time.
    """
    if session.modality != Modality.TELEHEALTH:
        raise VideoError("this session is not a telehealth session")
    if timezone.now() < session_start(session) - EARLY:
        raise VideoError("a video session opens 15 minutes before it starts")
    return _issue(actor, session, client)


def _issue(actor: Any, session: Session, client: Any) -> tuple[JoinLink, str]:
    clients = clients_of(session)
    if client not in clients:
        raise VideoError("that client is not in this session")
    if len(clients) > MAX_CLIENTS:
        raise VideoError(f"a video session holds at most {MAX_CLIENTS} clients")
    if timezone.now() >= session_end(session):
        raise VideoError("this session's scheduled time is over")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        for old in JoinLink.objects.select_for_update().filter(
            session=session, client=client, revoked_at__isnull=True
        ):
            _revoke(actor, old)
        link = JoinLink.objects.create(
            session=session,
            client=client,
            number=clients.index(client) + 1,
            token_digest=digest(token),
        )
        record(AuditEvent.VIDEO_LINK_ISSUED, actor=actor, client_id=client.pk, obj=link)
    return link, token


def _revoke(actor: Any, link: JoinLink) -> None:
    if link.state == ParticipantState.ADMITTED:
        _withdraw_media(link)
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    record(AuditEvent.VIDEO_LINK_REVOKED, actor=actor, client_id=link.client_id, obj=link)


def revoke_link(actor: Any, link: JoinLink) -> None:
    _authorize_clinician(actor, link.session)
    with transaction.atomic():
        link = JoinLink.objects.select_for_update().get(pk=link.pk)
        if link.revoked_at is not None:
            raise VideoError("this link is already revoked")
        _revoke(actor, link)


# -- the client's side -----------------------------------------------------------------


def find_link(token: str) -> JoinLink:
    """The link a token names, if it opens anything now; else LinkRefused saying why."""
    link = (
        JoinLink.objects.select_related("session__appointment", "client")
        .filter(token_digest=digest(token))
        .first()
    )
    if link is None:
        raise LinkRefused("This link is not valid. Ask your clinician for a new one.")
    if link.revoked_at is not None:
        raise LinkRefused("This link was withdrawn. Ask your clinician for a new one.")
    now = timezone.now()
    start, end = session_start(link.session), session_end(link.session)
    if now < start - EARLY:
        opens = local_time(link.session, start - EARLY)
        raise LinkRefused(f"It is too early: this link opens on {opens:%Y-%m-%d} at {opens:%H:%M}.")
    room = VideoRoom.objects.filter(session=link.session).first()
    if now >= end or (room is not None and room.state == RoomState.ENDED):
        raise LinkRefused("This session has ended; the link no longer opens anything.")
    return link


def arrive(token: str, device: str | None) -> tuple[JoinLink, str]:
    """A client opens their link on a device: they wait to be let in.

    Returns the link and the device's secret (a new one for a new device). A
    second device is refused while the first still asks for its status.
    """
    link = find_link(token)
    with transaction.atomic():
        link = JoinLink.objects.select_for_update().select_related("session").get(pk=link.pk)
        now = timezone.now()
        if device is None or digest(device) != link.device_digest:
            recently = link.device_seen_at is not None and now - link.device_seen_at < DEVICE_IDLE
            if link.device_digest and recently:
                raise LinkRefused(
                    "This link is open on another device. Close it there, or wait a minute."
                )
            device = secrets.token_urlsafe(32)
            link.device_digest = digest(device)
            if link.state == ParticipantState.ADMITTED:
                # A new device starts again in the waiting room.
                _withdraw_media(link)
                link.state = ParticipantState.INVITED
        if link.state == ParticipantState.DECLINED:
            raise LinkRefused("Your clinician did not let you in to this session.")
        if link.state == ParticipantState.REMOVED:
            raise LinkRefused("Your clinician ended your part in this session.")
        link.device_seen_at = now
        if link.state in (ParticipantState.INVITED, ParticipantState.LEFT):
            link.state = ParticipantState.WAITING
            record(AuditEvent.VIDEO_PARTICIPANT_WAITING, client_id=link.client_id, obj=link)
        link.save()
    return link, device


def holding_device(token: str, device: str | None) -> JoinLink:
    """The link, if `device` is the one holding it (for the status, leave and proxy)."""
    link = find_link(token)
    if device is None or not link.device_digest or digest(device) != link.device_digest:
        raise LinkRefused("This link is open on another device.")
    JoinLink.objects.filter(pk=link.pk).update(device_seen_at=timezone.now())
    return link


def leave(token: str, device: str | None) -> None:
    link = holding_device(token, device)
    with transaction.atomic():
        link = JoinLink.objects.select_for_update().get(pk=link.pk)
        if link.state in (ParticipantState.WAITING, ParticipantState.ADMITTED):
            if link.state == ParticipantState.ADMITTED:
                _withdraw_media(link)
            link.state = ParticipantState.LEFT
            link.device_digest = ""
            link.save(update_fields=["state", "device_digest"])
            record(AuditEvent.VIDEO_PARTICIPANT_LEFT, client_id=link.client_id, obj=link)


# -- the clinician's controls ----------------------------------------------------------


def _open_room_of(session: Session) -> VideoRoom:
    room = VideoRoom.objects.filter(session=session, state=RoomState.OPEN).first()
    if room is None:
        raise VideoError("start the video session first")
    return room


def admit(actor: Any, link: JoinLink) -> JoinLink:
    session = link.session
    _authorize_clinician(actor, session)
    room = _open_room_of(session)
    try:
        require_consent(link.client, "telehealth")
    except ConsentMissing as exc:
        raise VideoError(f"a telehealth session needs the client's consent: {exc}") from None
    with transaction.atomic():
        link = JoinLink.objects.select_for_update().get(pk=link.pk)
        if link.revoked_at is not None or link.state != ParticipantState.WAITING:
            raise VideoError("this participant is not waiting")
        token = janus.add_token(link_token_purpose(link))
        janus.allow(room.janus_room, room_secret(room), [token])
        link.state = ParticipantState.ADMITTED
        link.save(update_fields=["state"])
        record(AuditEvent.VIDEO_PARTICIPANT_ADMITTED, actor=actor, client_id=link.client_id,
               obj=link)  # fmt: skip
        _record_newcomer(room, link)
    return link


def decline(actor: Any, link: JoinLink) -> JoinLink:
    return _turn_away(actor, link, ParticipantState.WAITING, ParticipantState.DECLINED,
                      AuditEvent.VIDEO_PARTICIPANT_DECLINED)  # fmt: skip


def remove(actor: Any, link: JoinLink) -> JoinLink:
    return _turn_away(actor, link, ParticipantState.ADMITTED, ParticipantState.REMOVED,
                      AuditEvent.VIDEO_PARTICIPANT_REMOVED)  # fmt: skip


def _turn_away(actor: Any, link: JoinLink, before: str, after: str, event: AuditEvent) -> JoinLink:
    _authorize_clinician(actor, link.session)
    with transaction.atomic():
        link = JoinLink.objects.select_for_update().select_related("session").get(pk=link.pk)
        if link.state != before:
            raise VideoError(f"this participant is not {before}")
        if before == ParticipantState.ADMITTED:
            _withdraw_media(link)
        link.state = after
        link.save(update_fields=["state"])
        record(event, actor=actor, client_id=link.client_id, obj=link)
    return link


def _withdraw_media(link: JoinLink) -> None:
    """Take back a participant's Janus token (its sessions end) and its place in the room."""
    room = VideoRoom.objects.filter(session_id=link.session_id).first()
    if room is None or room.state != RoomState.OPEN:
        return
    try:
        token = janus_token(link_token_purpose(link))
        janus.allow(room.janus_room, room_secret(room), [token], grant=False)
        janus.remove_token(link_token_purpose(link))
    except MediaUnavailable:
        pass  # a media server that is down holds no session; its tokens go when it restarts
    link.janus_session = None


def end(actor: Any, room: VideoRoom) -> VideoRoom:
    """End the session for everyone: tokens withdrawn, room destroyed, media key erased."""
    if actor is not None:
        _authorize_clinician(actor, room.session)
    with transaction.atomic():
        room = VideoRoom.objects.select_for_update().get(pk=room.pk)
        if room.state == RoomState.ENDED:
            raise VideoError("this video session has already ended")
        for link in JoinLink.objects.select_for_update().filter(session_id=room.session_id):
            if link.state in (ParticipantState.ADMITTED, ParticipantState.WAITING):
                _withdraw_media(link)
                link.state = ParticipantState.LEFT
                link.save(update_fields=["state", "janus_session"])
        try:
            janus.destroy_room(room.janus_room, room_secret(room))
            janus.remove_token(clinician_token_purpose(room))
        except MediaUnavailable:
            pass
        running = _running_recording(room)
        if running is not None:
            _stop(running, RecordingState.STOPPED, by="session-ended")
        # Whose consent a recording rested on is needed only until it is saved, and a
        # recording not saved by now never will be: the room keeps no client ids.
        RoomRecording.objects.filter(room=room).update(client_ids=[])
        room.state = RoomState.ENDED
        room.ended_at = timezone.now()
        room.media_key = ""
        room.clinician_janus_session = None
        room.save()
        record(AuditEvent.VIDEO_SESSION_ENDED, actor=actor, client_id=room.client_id, obj=room,
               detail={"by": "clinician" if actor is not None else "schedule"})  # fmt: skip
    return room


def restore_rooms(state: MediaState | None = None) -> int:
    """Make every open room again in a Janus that restarted (rooms and tokens live in its
    memory): the room, the clinician's token and each admitted client's. Participants then
    rejoin by themselves (video.js). Returns how many rooms were restored."""
    restored = 0
    for room in VideoRoom.objects.filter(state=RoomState.OPEN, ends_at__gt=timezone.now()):
        secret = room_secret(room)
        if not janus.room_exists(room.janus_room):
            janus.create_room(room.janus_room, secret, state=state)
        purposes = [clinician_token_purpose(room)] + [
            link_token_purpose(link)
            for link in JoinLink.objects.filter(
                session_id=room.session_id, state=ParticipantState.ADMITTED, revoked_at__isnull=True
            )
        ]
        tokens = [janus.add_token(purpose, state=state) for purpose in purposes]
        janus.allow(room.janus_room, secret, tokens)
        restored += 1
    return restored


def end_overdue_rooms() -> int:
    """End every open room whose scheduled end has passed (tokens expire with the session)."""
    overdue = VideoRoom.objects.filter(state=RoomState.OPEN, ends_at__lte=timezone.now())
    count = 0
    for room in overdue:
        end(None, room)
        count += 1
    return count


# -- recording (APA 4.03) ------------------------------------------------------------
#
# The recording is made in the clinician's browser from the decrypted streams and
# uploaded into the encrypted documents store: the server never holds the media in
# clear. It knows only that a recording runs and whose recording consent it rests on
# (every client let in while it runs, kept until it is saved or the room ends), which
# it checks when a consent is withdrawn, when a client is let in, and again when the
# file arrives. The clinician's page only reads the recording's state (a GET never
# writes).


def _running_recording(room: VideoRoom) -> RoomRecording | None:
    return (
        RoomRecording.objects.select_for_update().filter(room=room, state=RecordingState.ON).first()
    )


def _consent_problem(client_ids: list[str]) -> str | None:
    from sealbook.records.models import Client

    for client in Client.objects.filter(pk__in=client_ids):
        try:
            require_recording_consent(client)
        except RecordingConsentMissing as exc:
            return str(exc)
    return None


def _stop(recording: RoomRecording, state: str, *, by: str) -> None:
    recording.state = state
    recording.stopped_at = timezone.now()
    recording.save(update_fields=["state", "stopped_at"])
    record(AuditEvent.VIDEO_RECORDING_STOPPED, client_id=recording.room.client_id, obj=recording,
           detail={"by": by})  # fmt: skip


def start_recording(actor: Any, room: VideoRoom) -> RoomRecording:
    """Start recording: only with a current recording consent of every client in the room."""
    _authorize_clinician(actor, room.session)
    with transaction.atomic():
        room = VideoRoom.objects.select_for_update().get(pk=room.pk)
        if room.state != RoomState.OPEN:
            raise VideoError("this video session has ended")
        if _running_recording(room) is not None:
            raise VideoError("a recording is already running")
        present = [
            str(client_id)
            for client_id in JoinLink.objects.filter(
                session_id=room.session_id, state=ParticipantState.ADMITTED,
                revoked_at__isnull=True,
            ).values_list("client_id", flat=True)
        ]  # fmt: skip
        if not present:
            raise VideoError("nobody is in the room to record")
        problem = _consent_problem(present)
        if problem is not None:
            raise VideoError(f"not recorded: every client in the room must consent; {problem}")
        recording = RoomRecording.objects.create(room=room, client_ids=present)
        record(AuditEvent.VIDEO_RECORDING_STARTED, actor=actor, client_id=room.client_id,
               obj=recording, detail={"clients": len(present)})  # fmt: skip
    return recording


def stop_recording(actor: Any, recording: RoomRecording) -> RoomRecording:
    """The clinician stops the recording; their browser then uploads it (`save_recording`)."""
    _authorize_clinician(actor, recording.room.session)
    with transaction.atomic():
        recording = (
            RoomRecording.objects.select_for_update().select_related("room").get(pk=recording.pk)
        )
        if recording.state != RecordingState.ON:
            raise VideoError("this recording is not running")
        _stop(recording, RecordingState.STOPPED, by="clinician")
    return recording


def newest_recording(room: VideoRoom) -> RoomRecording | None:
    """The room's newest recording as it stands now (read only: the clinician's page asks
    at every poll, and stops the browser's recorder when it is no longer on)."""
    return RoomRecording.objects.filter(room=room).order_by("-started_at").first()


def stop_recordings_without_consent(client_id: Any) -> int:
    """Stop (`withdrawn`) every running recording of `client_id` whose clients no longer
    all consent: called when a consent of the client is withdrawn (`consent.withdraw`,
    through `on_consent_signature_saved`), in the withdrawal's transaction. Its file
    will not be accepted. Returns how many were stopped."""
    stopped = 0
    with transaction.atomic():
        for recording in RoomRecording.objects.select_for_update().filter(
            state=RecordingState.ON, room__state=RoomState.OPEN
        ):
            if str(client_id) not in recording.client_ids:
                continue
            if _consent_problem(recording.client_ids) is not None:
                _stop(recording, RecordingState.WITHDRAWN, by="consent-withdrawn")
                stopped += 1
    return stopped


def on_consent_signature_saved(sender: Any, instance: Any, raw: bool = False, **_: Any) -> None:
    """A withdrawal saved on a consent signature stops the recordings it no longer allows."""
    if not raw and instance.withdrawn_at is not None:
        stop_recordings_without_consent(instance.client_id)


def is_recording_session(session_id: Any) -> bool:
    """Whether the session's room is being recorded (every participant's indicator)."""
    return RoomRecording.objects.filter(
        room__session_id=session_id, state=RecordingState.ON
    ).exists()


def _record_newcomer(room: VideoRoom, link: JoinLink) -> None:
    """A client let in while the room is recorded joins the recording if they consent;
    otherwise the recording stops (what was recorded before them may be kept)."""
    recording = _running_recording(room)
    if recording is None:
        return
    if _consent_problem([str(link.client_id)]) is None:
        recording.client_ids = sorted({*recording.client_ids, str(link.client_id)})
        recording.save(update_fields=["client_ids"])
    else:
        _stop(recording, RecordingState.STOPPED, by="client-without-consent")


def save_recording(actor: Any, recording: RoomRecording, upload: EncryptedUpload) -> Document:
    """Attach the browser's recording (already encrypted into storage) to the chart of the
    session's first client. Refused, and the file discarded, unless the recording was
    stopped and every client in it still consents."""
    try:
        _authorize_clinician(actor, recording.room.session)
        with transaction.atomic():
            recording = (
                RoomRecording.objects.select_for_update()
                .select_related("room__session")
                .get(pk=recording.pk)
            )
            if recording.state == RecordingState.WITHDRAWN:
                raise VideoError("a client withdrew their recording consent: nothing is saved")
            if recording.state != RecordingState.STOPPED:
                raise VideoError("stop the recording before saving it")
            if recording.room.state != RoomState.OPEN or not recording.client_ids:
                raise VideoError("the video session ended before the recording was saved")
            problem = _consent_problem(recording.client_ids)
            if problem is not None:
                raise VideoError(f"not saved: {problem}")
            recording.state = RecordingState.SAVED
            recording.document_id = upload.document_id
            recording.client_ids = []  # checked: no longer needed
            recording.save(update_fields=["state", "document_id", "client_ids"])
            session = recording.room.session
            title = f"Video session recording {session.date:%Y-%m-%d} {session.start_time:%H:%M}"
            # Last: it moves the file into place once its row is written.
            return add_document(actor, recording.room.client, upload, title=title,
                                kind=DocumentKind.RECORDING)  # fmt: skip
    except BaseException:
        upload.discard()
        raise


# -- what an admitted participant needs ------------------------------------------------


@dataclass(frozen=True)
class MediaConfig:
    room: int
    display: str
    key_id: int
    media_key: str
    key_ids: dict[str, int]
    ice_servers: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {
            "room": self.room,
            "display": self.display,
            "keyId": self.key_id,
            "mediaKey": self.media_key,
            "keyIds": self.key_ids,
            "iceServers": self.ice_servers,
        }


def media_config(room: VideoRoom, *, display: str, key_id: int) -> MediaConfig:
    ice: list[dict[str, Any]] = []
    urls = MediaState.load().turn_urls
    if urls:
        username, credential = turn_credentials(room.ends_at.timestamp())
        ice.append({"urls": urls, "username": username, "credential": credential})
    labels = {"Clinician": 0}
    for link in JoinLink.objects.filter(session_id=room.session_id, revoked_at__isnull=True):
        labels[link.label] = link.number
    return MediaConfig(room.janus_room, display, key_id, room.media_key, labels, ice)


def clinician_media(actor: Any, room: VideoRoom) -> MediaConfig:
    _authorize_clinician(actor, room.session)
    if room.state != RoomState.OPEN:
        raise VideoError("this video session has ended")
    return media_config(room, display="Clinician", key_id=0)


def client_media(link: JoinLink) -> MediaConfig | None:
    """The media key and room for an admitted client; None for anyone else."""
    if link.state != ParticipantState.ADMITTED:
        return None
    room = VideoRoom.objects.filter(session_id=link.session_id, state=RoomState.OPEN).first()
    if room is None:  # ended between reading the link and now
        raise LinkRefused("This session has ended; the link no longer opens anything.")
    return media_config(room, display=link.label, key_id=link.number)
