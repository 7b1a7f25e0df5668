"""The browser's way to Janus: through Sealbook's origin, for admitted participants only.

`forward` passes on the few Janus requests a VideoRoom participant needs and
nothing else (no `info`, no admin requests, no room management). It puts in the
participant's Janus token itself (the browser never holds one), pins every
VideoRoom request to the participant's room, replaces the display with the
participant's label ("Clinician", "Client n"), and lets each participant use
only the Janus session it created.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from sealbook.core.errors import SealbookError
from sealbook.telehealth import janus
from sealbook.telehealth.media import MediaState, MediaUnavailable, janus_token
from sealbook.telehealth.models import JoinLink, VideoRoom

# Janus requests by where they are sent: the root, a session, a plugin handle.
ROOT_REQUESTS = frozenset({"create"})
SESSION_REQUESTS = frozenset({"attach", "keepalive", "destroy"})
HANDLE_REQUESTS = frozenset({"message", "trickle", "hangup", "detach"})
# What a participant may ask the VideoRoom plugin: join, publish, subscribe, leave.
ROOM_REQUESTS = frozenset(
    {"join", "joinandconfigure", "configure", "publish", "unpublish", "start", "pause",
     "switch", "update", "leave"}
)  # fmt: skip
LONG_POLL_SECONDS = 25


class ProxyRefused(SealbookError):
    """A request the proxy does not pass on (status 403), or cannot (status 503)."""

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Participant:
    """Who is talking to Janus through the proxy, as the proxy needs to know them."""

    token_purpose: str
    room: int
    display: str
    janus_session: int | None
    link: JoinLink | None = None
    video_room: VideoRoom | None = None

    def remember_session(self, session_id: int | None) -> None:
        self.janus_session = session_id
        if self.link is not None:
            JoinLink.objects.filter(pk=self.link.pk).update(janus_session=session_id)
        elif self.video_room is not None:
            VideoRoom.objects.filter(pk=self.video_room.pk).update(
                clinician_janus_session=session_id
            )


def _check_body(who: Participant, body: dict[str, Any], where: str) -> dict[str, Any]:
    verb = body.get("janus")
    allowed = {"root": ROOT_REQUESTS, "session": SESSION_REQUESTS, "handle": HANDLE_REQUESTS}
    if not isinstance(verb, str) or verb not in allowed[where]:
        raise ProxyRefused("this request is not passed on to the media server")
    clean: dict[str, Any] = {"janus": verb, "transaction": str(body.get("transaction", ""))[:64]}
    if verb == "attach":
        if body.get("plugin") != janus.PLUGIN:
            raise ProxyRefused("only the video room plugin is available")
        clean["plugin"] = janus.PLUGIN
    if verb == "message":
        request = body.get("body")
        if not isinstance(request, dict) or request.get("request") not in ROOM_REQUESTS:
            raise ProxyRefused("this video room request is not passed on")
        request = {k: v for k, v in request.items() if k not in ("secret", "admin_key", "pin")}
        request["room"] = who.room
        # The room's allowed list holds Janus tokens; the plugin reads it from the body.
        request["token"] = janus_token(who.token_purpose)
        if "display" in request or request.get("ptype") == "publisher":
            request["display"] = who.display
        clean["body"] = request
        if "jsep" in body:
            clean["jsep"] = body["jsep"]
    if verb == "trickle":
        for name in ("candidate", "candidates"):
            if name in body:
                clean[name] = body[name]
    clean["token"] = janus_token(who.token_purpose)
    return clean


def _send(url: str, body: dict[str, Any] | None, timeout: float) -> dict[str, Any] | list[Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - Janus on loopback
        url, data=data, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            answer: dict[str, Any] | list[Any] = json.loads(response.read())
    except (OSError, ValueError):
        raise ProxyRefused("the media server does not answer", status=503) from None
    return answer


def forward(
    who: Participant,
    session_id: int | None,
    handle_id: int | None,
    body: dict[str, Any] | None,
    *,
    max_events: int = 10,
) -> dict[str, Any] | list[Any]:
    """Pass one request on to Janus for `who`; `body` None is a long poll for events.

    A long poll takes up to `max_events` queued events at once: joining a room queues
    several (the publisher's answer, the subscribers' offers), and one per round trip
    through the proxy would delay the first picture by a round trip each."""
    state = MediaState.load()
    if not state.janus_url:
        raise ProxyRefused("the media server is not running", status=503)
    if session_id is not None and session_id != who.janus_session:
        raise ProxyRefused("that media session is not yours")
    if session_id is None:
        if body is None:
            raise ProxyRefused("nothing to ask the media server")
        answer = _send(state.janus_url, _check_body(who, body, "root"), 10)
        if isinstance(answer, dict) and answer.get("janus") == "success":
            who.remember_session(int(answer["data"]["id"]))
        return answer
    url = f"{state.janus_url}/{session_id}"
    if body is None:
        token = janus_token(who.token_purpose)
        poll = f"{url}?maxev={max(1, min(max_events, 10))}&token={token}"
        return _send(poll, None, LONG_POLL_SECONDS + 15)
    if handle_id is None:
        answer = _send(url, _check_body(who, body, "session"), 10)
        if body.get("janus") == "destroy":
            who.remember_session(None)
        return answer
    return _send(f"{url}/{handle_id}", _check_body(who, body, "handle"), 10)


def media_down_reason() -> str | None:
    """Why video sessions cannot run now, or None when Janus answers."""
    state = MediaState.load()
    if state.problems and not state.janus_url:
        return state.problems[0]
    if not janus.is_up(state):
        return "the media server does not answer"
    return None


__all__ = ["MediaUnavailable", "Participant", "ProxyRefused", "forward", "media_down_reason"]
