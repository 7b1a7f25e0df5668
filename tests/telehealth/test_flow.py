"""The video-session flow against a real Janus: open, link, wait, admit, remove, end."""

from __future__ import annotations

import datetime
import json

import pytest

from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.audit.verification import verify
from sealbook.consent import actions as consent
from sealbook.consent.models import ConsentSignature
from sealbook.telehealth import actions, janus
from sealbook.telehealth.media import MediaState, janus_token, media_dir
from sealbook.telehealth.models import JoinLink, RoomState, VideoRoom
from tests.conftest import sign_in
from tests.telehealth.support import create_with, practice_now


def events() -> list[int]:
    return list(
        AuditEntry.objects.filter(event__gte=1100, event__lt=1200)
        .order_by("seq")
        .values_list("event", flat=True)
    )


def test_opening_needs_the_current_telehealth_consent(cast, video_session):
    signature = ConsentSignature.objects.get(client=cast.riley)
    consent.withdraw(cast.casey, signature)
    with pytest.raises(actions.VideoError, match=r"no current telehealth.*withdrawn"):
        actions.open_room(cast.casey, video_session)
    assert not VideoRoom.objects.exists()


def test_only_the_sessions_clinician_opens_it(cast, video_session):
    with pytest.raises(actions.VideoError, match="session's clinician"):
        actions.open_room(cast.morgan, video_session)
    assert not VideoRoom.objects.exists()


def test_the_whole_flow_issues_and_withdraws_janus_tokens(cast, video_session):
    room = actions.open_room(cast.casey, video_session)
    assert janus.room_exists(room.janus_room)
    assert create_with(None)["error"]["code"] == 403  # no token, no Janus session
    link, token = actions.issue_link(cast.casey, video_session, cast.riley)
    assert len(token) >= 43 and link.token_digest == actions.digest(token)
    link, device = actions.arrive(token, None)
    assert link.state == "waiting" and actions.client_media(link) is None
    participant_token = janus_token(actions.link_token_purpose(link))
    assert create_with(participant_token)["error"]["code"] == 403  # not admitted: no token
    actions.admit(cast.casey, link)
    media = actions.client_media(JoinLink.objects.get(pk=link.pk))
    assert media is not None and media.display == "Client 1" and media.key_id == 1
    assert len(media.media_key) == 44 and media.ice_servers[0]["username"].count(":") == 1
    assert create_with(participant_token)["janus"] == "success"
    actions.remove(cast.casey, JoinLink.objects.get(pk=link.pk))
    assert create_with(participant_token)["error"]["code"] == 403
    with pytest.raises(actions.LinkRefused, match="ended your part"):
        actions.arrive(token, device)
    actions.end(cast.casey, VideoRoom.objects.get(pk=room.pk))
    room.refresh_from_db()
    assert room.state == RoomState.ENDED and room.media_key == ""
    assert not janus.room_exists(room.janus_room)
    assert events() == [
        AuditEvent.VIDEO_ROOM_OPENED, AuditEvent.VIDEO_LINK_ISSUED,
        AuditEvent.VIDEO_PARTICIPANT_WAITING, AuditEvent.VIDEO_PARTICIPANT_ADMITTED,
        AuditEvent.VIDEO_PARTICIPANT_REMOVED, AuditEvent.VIDEO_SESSION_ENDED,
    ]  # fmt: skip
    verify()


def test_declined_and_left(cast, video_session):
    actions.open_room(cast.casey, video_session)
    link, token = actions.issue_link(cast.casey, video_session, cast.riley)
    link, device = actions.arrive(token, None)
    actions.leave(token, device)
    link, device = actions.arrive(token, None)
    actions.decline(cast.casey, link)
    with pytest.raises(actions.LinkRefused, match="did not let you in"):
        actions.arrive(token, device)
    assert AuditEvent.VIDEO_PARTICIPANT_LEFT in events()
    assert AuditEvent.VIDEO_PARTICIPANT_DECLINED in events()


def test_links_open_only_in_their_window_on_one_device(cast, video_session):
    _, token = actions.issue_link(cast.casey, video_session, cast.riley)
    with pytest.raises(actions.LinkRefused, match="not valid"):
        actions.arrive(token + "x", None)
    _, device = actions.arrive(token, None)
    with pytest.raises(actions.LinkRefused, match="another device"):
        actions.arrive(token, None)
    assert actions.arrive(token, device)[1] == device
    # A new link revokes the old one.
    _, newer = actions.issue_link(cast.casey, video_session, cast.riley)
    with pytest.raises(actions.LinkRefused, match="withdrawn"):
        actions.arrive(token, device)
    video_session.date = practice_now().date() + datetime.timedelta(days=1)
    video_session.save()
    with pytest.raises(actions.LinkRefused, match="too early"):
        actions.arrive(newer, None)
    video_session.date = practice_now().date() - datetime.timedelta(days=1)
    video_session.save()
    with pytest.raises(actions.LinkRefused, match="ended"):
        actions.arrive(newer, None)


def test_the_pages_a_client_sees(client, cast, video_session):
    _, token = actions.issue_link(cast.casey, video_session, cast.riley)
    page = client.get(f"/video/join/{token}/")
    assert page.status_code == 200 and b"Your clinician will let you in" in page.content
    assert "camera=(self)" in page.headers["Permissions-Policy"]
    assert b"Riley" not in page.content and b"Synthwood" not in page.content
    status = client.get(f"/video/join/{token}/status").json()
    assert status == {"state": "waiting"}
    assert client.get("/video/join/not-a-link/").status_code == 410
    other = type(client)()
    assert b"another device" in other.get(f"/video/join/{token}/").content
    # Before admission the proxy passes nothing on.
    refused = client.post(f"/video/join/{token}/janus", json.dumps({"janus": "create"}),
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 403


def test_the_proxy_passes_only_what_a_participant_needs(client, cast, video_session):
    actions.open_room(cast.casey, video_session)
    sign_in(client, cast.casey)
    base = f"/video/sessions/{video_session.pk}/janus"

    def post(url, body):
        return client.post(url, json.dumps(body), content_type="application/json")

    assert post(base, {"janus": "info"}).status_code == 403
    assert client.get(f"/video/sessions/{video_session.pk}/janus").status_code == 403
    created = post(base, {"janus": "create", "transaction": "a"}).json()
    session_id = created["data"]["id"]
    assert post(f"{base}/{session_id + 1}", {"janus": "attach"}).status_code == 403
    bad_plugin = post(
        f"{base}/{session_id}", {"janus": "attach", "plugin": "janus.plugin.echotest"}
    )
    assert bad_plugin.status_code == 403
    handle = post(f"{base}/{session_id}", {"janus": "attach", "plugin": janus.PLUGIN,
                                           "transaction": "b"}).json()["data"]["id"]  # fmt: skip
    for request in ("create", "destroy", "list", "listparticipants", "kick", "allowed"):
        answer = post(f"{base}/{session_id}/{handle}", {"janus": "message",
                                                        "body": {"request": request}})  # fmt: skip
        assert answer.status_code == 403, request
    joined = post(f"{base}/{session_id}/{handle}", {
        "janus": "message", "transaction": "c",
        "body": {"request": "join", "ptype": "publisher", "room": 1, "display": "Casey"},
    })  # fmt: skip
    assert joined.json()["janus"] == "ack"
    event = client.get(f"{base}/{session_id}").json()
    data = (
        event["plugindata"]["data"] if isinstance(event, dict) else event[0]["plugindata"]["data"]
    )
    assert data["videoroom"] == "joined", data
    room = VideoRoom.objects.get()
    assert data["room"] == room.janus_room
    listed = janus._with_control({"request": "listparticipants", "room": room.janus_room})
    assert [p.get("display") for p in listed["participants"]] == ["Clinician"]


def test_janus_and_coturn_configs_and_logs_hold_nothing_identifying(cast, video_session):
    room = actions.open_room(cast.casey, video_session)
    _, token = actions.issue_link(cast.casey, video_session, cast.riley)
    link, _ = actions.arrive(token, None)
    actions.admit(cast.casey, link)
    actions.end(cast.casey, room)
    folder = media_dir()
    main = (folder / "janus" / "janus.jcfg").read_text()
    assert "token_auth = true" in main and "admin_secret" in main
    http = (folder / "janus" / "janus.transport.http.jcfg").read_text()
    assert 'ip = "127.0.0.1"' in http and 'admin_ip = "127.0.0.1"' in http
    turn = (folder / "turnserver.conf").read_text()
    assert "use-auth-secret" in turn and "denied-peer-ip=127.0.0.0-127.255.255.255" in turn
    assert "denied-peer-ip=192.168.0.0-192.168.255.255" in turn
    everything = "".join(p.read_text(errors="replace") for p in folder.rglob("*")
                         if p.is_file() and p.suffix in (".log", ".jcfg", ".conf"))  # fmt: skip
    for identifying in ("Riley", "Synthwood", "riley.synthwood", "Casey", str(cast.riley.pk)):
        assert identifying not in everything
    assert MediaState.load().janus_url


def test_the_clinicians_page_starts_admits_and_ends(client, cast, video_session):
    sign_in(client, cast.casey)
    chart = client.get(f"/clients/{cast.riley.pk}/").content.decode()
    assert f"/video/sessions/{video_session.pk}/" in chart
    page = client.get(f"/video/sessions/{video_session.pk}/")
    assert b"Start video session" in page.content
    assert client.post(f"/video/sessions/{video_session.pk}/open/").status_code == 302
    made = client.post(f"/video/sessions/{video_session.pk}/links/", {"client": cast.riley.pk})
    token = made.content.decode().split("/video/join/")[1].split("/")[0]
    visitor = type(client)()
    visitor.get(f"/video/join/{token}/")
    waiting = client.get(f"/video/sessions/{video_session.pk}/participants/").json()
    assert waiting["participants"][0]["label"] == "Client 1"
    assert waiting["participants"][0]["state"] == "waiting"
    link = JoinLink.objects.get()
    assert client.post(f"/video/links/{link.pk}/admit/").status_code == 302
    admitted = visitor.get(f"/video/join/{token}/status").json()
    assert admitted["state"] == "admitted" and admitted["media"]["display"] == "Client 1"
    assert client.get(f"/video/sessions/{video_session.pk}/media/").json()["keyId"] == 0
    assert client.post(f"/video/sessions/{video_session.pk}/end/").status_code == 302
    assert visitor.get(f"/video/join/{token}/status").status_code == 410
    assert b"has ended" in visitor.get(f"/video/join/{token}/").content
