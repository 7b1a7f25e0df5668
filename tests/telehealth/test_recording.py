"""A couples session (one link per client) and its recording (APA 4.03), against a real
Janus: recording needs every admitted client's recording consent, stops when a consent is
withdrawn (nothing is saved; the clinician's poll only reads it), and a stopped one is
uploaded through the encrypted documents path into the chart; the room keeps no client ids
once it ends."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.consent import actions as consent
from sealbook.consent.models import ConsentSignature
from sealbook.documents.actions import read_document
from sealbook.documents.models import Document
from sealbook.records.actions import create_client
from sealbook.scheduling.models import Attendee
from sealbook.telehealth import actions
from sealbook.telehealth.models import JoinLink, RecordingState, RoomRecording
from sealbook.telehealth.participants import clients_of
from tests.conftest import client_details, sign_in


def signed(cast: Any, client: Any, kind: str) -> ConsentSignature:
    document = consent.current_document(kind)
    signature = consent.Signature(signer_name="Synthetic Signer", signed_on=timezone.localdate(),
                                  method="typed", text_sha256=document.text_sha256)  # fmt: skip
    return consent.sign(cast.casey, client, document, signature)


@pytest.fixture
def sky(cast, video_session):
    """Riley's partner in the couples appointment of `video_session`, consenting to telehealth."""
    sky = create_client(cast.casey, client_details(legal_first_name="Sky"), care_team=[cast.morgan])
    Attendee.objects.create(appointment=video_session.appointment, client=sky)
    signed(cast, sky, "telehealth")
    return sky


def admitted(cast, session, client) -> JoinLink:
    _, token = actions.issue_link(cast.casey, session, client)
    link, _ = actions.arrive(token, None)
    return actions.admit(cast.casey, link)


def stop_events() -> list[str]:
    return [
        read_detail(entry)["by"]
        for entry in AuditEntry.objects.filter(event=AuditEvent.VIDEO_RECORDING_STOPPED)
    ]


def test_each_client_of_the_appointment_gets_their_own_link(cast, video_session, sky):
    assert clients_of(video_session) == [cast.riley, sky]
    actions.open_room(cast.casey, video_session)
    first, second = admitted(cast, video_session, cast.riley), admitted(cast, video_session, sky)
    assert (first.label, second.label) == ("Client 1", "Client 2")
    media = actions.client_media(JoinLink.objects.get(pk=second.pk))
    assert media is not None and media.key_id == 2
    assert media.key_ids == {"Clinician": 0, "Client 1": 1, "Client 2": 2}


def test_recording_needs_every_clients_consent_and_stops_when_one_is_withdrawn(
    client, cast, video_session, sky
):
    room = actions.open_room(cast.casey, video_session)
    with pytest.raises(actions.VideoError, match="nobody is in the room"):
        actions.start_recording(cast.casey, room)
    admitted(cast, video_session, cast.riley)
    admitted(cast, video_session, sky)
    signed(cast, cast.riley, "recording")
    with pytest.raises(actions.VideoError, match=r"every client .* consent.*no current recording"):
        actions.start_recording(cast.casey, room)
    assert not AuditEntry.objects.filter(event=AuditEvent.VIDEO_RECORDING_STARTED).exists()
    skys_consent = signed(cast, sky, "recording")

    recording = actions.start_recording(cast.casey, room)
    assert actions.is_recording_session(video_session.pk)
    entry = AuditEntry.objects.get(event=AuditEvent.VIDEO_RECORDING_STARTED)
    assert read_detail(entry) == {"clients": 2}
    # Sky's withdrawal stops the recording at once (not at a poll); nothing is saved.
    consent.withdraw(cast.casey, skys_consent)
    assert not actions.is_recording_session(video_session.pk)
    assert stop_events() == ["consent-withdrawn"]
    # The clinician's next poll reads that (its page then throws the recording away).
    sign_in(client, cast.casey)
    polled = client.get(reverse("video-participants", args=[video_session.pk])).json()
    assert polled["recording"] == {"id": str(recording.pk), "state": RecordingState.WITHDRAWN}
    response = upload(client, recording.pk)
    assert response.status_code == 400 and "withdrew" in response.json()["error"]
    assert not Document.objects.exists()
    # Ending the session keeps no client ids of its recordings.
    actions.end(cast.casey, room)
    recording.refresh_from_db()
    assert recording.client_ids == []


def test_the_participants_poll_never_writes_nor_stops_a_recording(client, cast, video_session):
    """The poll is a GET: it reads. A consent that is no longer current for another reason
    than a withdrawal (here a new version of the recording consent) leaves the recording
    running; the file is refused when it arrives."""
    room = actions.open_room(cast.casey, video_session)
    admitted(cast, video_session, cast.riley)
    signed(cast, cast.riley, "recording")
    recording = actions.start_recording(cast.casey, room)
    cast.owner.sudo_active = True
    consent.publish_document(
        cast.owner, "recording", title="Recording consent", text="A synthetic second version."
    )
    sign_in(client, cast.casey)
    with CaptureQueriesContext(connection) as queries:
        polled = client.get(reverse("video-participants", args=[video_session.pk]))
    assert polled.json()["recording"] == {"id": str(recording.pk), "state": RecordingState.ON}
    # Reads are audited and the login's idle clock moves on; nothing else is written.
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in WRITING]
    assert writes and all("audit_" in sql or "django_session" in sql for sql in writes), writes
    assert actions.is_recording_session(video_session.pk) and stop_events() == []
    assert client.post(reverse("video-recording-stop", args=[recording.pk])).status_code == 200
    response = upload(client, recording.pk)
    assert response.status_code == 400 and "replaces the signed version" in response.json()["error"]
    actions.end(cast.casey, room)


WRITING = {"INSERT", "UPDATE", "DELETE"}


def test_a_stopped_recording_is_saved_encrypted_to_the_chart(client, cast, video_session):
    room = actions.open_room(cast.casey, video_session)
    link = admitted(cast, video_session, cast.riley)
    signed(cast, cast.riley, "recording")
    sign_in(client, cast.casey)
    started = client.post(reverse("video-record", args=[video_session.pk]))
    assert started.status_code == 200, started.content
    recording_id = started.json()["id"]
    # Every participant's page is told (the client's status answer drives its indicator).
    assert actions.is_recording_session(link.session_id)
    response = upload(client, recording_id)
    assert response.status_code == 400 and "stop the recording" in response.json()["error"]
    assert client.post(reverse("video-recording-stop", args=[recording_id])).status_code == 200
    response = upload(client, recording_id)
    assert response.status_code == 200, response.content
    document = Document.objects.get(pk=response.json()["document"])
    assert document.kind == "recording" and document.client_id == cast.riley.pk
    assert read_document(document) == WEBM
    assert stop_events() == ["clinician"]
    # A second upload of the same recording is refused; the saved one keeps no client ids.
    assert upload(client, recording_id).status_code == 400
    assert RoomRecording.objects.get(pk=recording_id).client_ids == []
    # One stopped but not saved when the session ends is never saved, and keeps no ids.
    second = client.post(reverse("video-record", args=[video_session.pk])).json()["id"]
    assert client.post(reverse("video-recording-stop", args=[second])).status_code == 200
    actions.end(cast.casey, room)
    assert RoomRecording.objects.get(pk=second).client_ids == []
    response = upload(client, second)
    assert response.status_code == 400 and "ended" in response.json()["error"]


WEBM = b"\x1aE\xdf\xa3 synthetic webm bytes"


def upload(client: Any, recording_id: Any) -> Any:
    url = reverse("video-recording-file", args=[recording_id])
    data = {"file": SimpleUploadedFile("session-recording.webm", WEBM, "video/webm")}
    return client.post(url, data)


def test_letting_in_a_client_without_recording_consent_stops_the_recording(
    cast, video_session, sky
):
    room = actions.open_room(cast.casey, video_session)
    admitted(cast, video_session, cast.riley)
    signed(cast, cast.riley, "recording")
    recording = actions.start_recording(cast.casey, room)
    admitted(cast, video_session, sky)
    recording.refresh_from_db()
    assert recording.state == RecordingState.STOPPED
    assert recording.client_ids == [str(cast.riley.pk)]
    assert stop_events() == ["client-without-consent"]
