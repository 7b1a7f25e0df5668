"""A couples session (one link per client) and its recording (APA 4.03), against a real
Janus: recording needs every admitted client's recording consent, stops at the next poll
of the clinician's page once a consent is withdrawn (nothing is saved), and a stopped one
is uploaded through the encrypted documents path into the chart."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
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
from sealbook.telehealth.models import JoinLink, RecordingState
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
    # The clinician's next poll after Sky withdraws stops the recording; nothing is saved.
    consent.withdraw(cast.casey, skys_consent)
    sign_in(client, cast.casey)
    polled = client.get(reverse("video-participants", args=[video_session.pk])).json()
    assert polled["recording"] == {"id": str(recording.pk), "state": RecordingState.WITHDRAWN}
    assert not actions.is_recording_session(video_session.pk)
    assert stop_events() == ["consent-withdrawn"]
    response = upload(client, recording.pk)
    assert response.status_code == 400 and "withdrew" in response.json()["error"]
    assert not Document.objects.exists()


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
    # A second upload of the same recording is refused.
    assert upload(client, recording_id).status_code == 400
    actions.end(cast.casey, room)


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
