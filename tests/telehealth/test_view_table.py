"""Who may open each video-session view (`test_every_view_is_in_the_table` in
tests/access reads VIEWS and PUBLIC_VIEWS from here).

A session's video room is held by the session's own clinician, who must be on
the client's care team: Morgan is on the team but not the session's clinician.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.telehealth import actions
from sealbook.telehealth.models import RoomRecording
from tests.conftest import sign_in

CASEY, MORGAN, QUINN, FRANKIE, OWNER, AVERY = (
    "casey", "morgan", "quinn", "frankie", "owner", "avery",
)  # fmt: skip
EVERYONE = {CASEY, MORGAN, QUINN, FRANKIE, OWNER, AVERY}
ON_TEAM = {CASEY, MORGAN}

# view name: (method, URL target, who may use it)
VIEWS: dict[str, tuple[str, str, set[str]]] = {
    "video-session": ("GET", "session", {CASEY}),
    "video-open": ("POST", "session", {CASEY}),
    "video-link": ("POST", "session", {CASEY}),
    "video-end": ("POST", "session", {CASEY}),
    "video-participants": ("GET", "session", {CASEY}),
    "video-media": ("GET", "session", {CASEY}),
    "video-janus": ("POST", "session", {CASEY}),
    "video-janus-session": ("POST", "janus-session", {CASEY}),
    "video-janus-handle": ("POST", "janus-handle", {CASEY}),
    "video-participant": ("POST", "link", {CASEY}),
    "video-record": ("POST", "session", {CASEY}),
    "video-recording-stop": ("POST", "recording", {CASEY}),
    "video-recording-file": ("POST", "recording", {CASEY}),
}
# A client's pages: the join link is the credential (tests/telehealth/test_flow.py).
PUBLIC_VIEWS = {
    "join", "join-status", "join-leave", "join-janus", "join-janus-session", "join-janus-handle",
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_each_view_opens_for_exactly_the_users_the_table_names(client, cast, video_session, name):
    method, target, allowed = VIEWS[name]
    link, _ = actions.issue_link(cast.casey, video_session, cast.riley)
    kwargs: dict[str, object] = {"session_id": video_session.pk}
    if target == "janus-session":
        kwargs["janus_session"] = 1
    if target == "janus-handle":
        kwargs.update(janus_session=1, handle=2)
    if target == "link":
        kwargs = {"link_id": link.pk, "verb": "admit"}
    if target == "recording":
        room = actions.open_room(cast.casey, video_session)
        kwargs = {"recording_id": RoomRecording.objects.create(room=room).pk}
    url = reverse(name, kwargs=kwargs)
    for who in sorted(EVERYONE):
        user = getattr(cast, who)
        sign_in(client, user)
        response = client.get(url) if method == "GET" else client.post(url, {})
        if who in allowed:
            assert response.status_code not in (403, 404), (who, response.status_code)
        else:
            assert response.status_code == 404, (who, response.status_code)
            if who not in ON_TEAM:
                denied = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor_id=user.pk)
                assert denied.exists(), who
        client.logout()
