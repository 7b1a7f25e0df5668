"""Talking to Janus: its admin API (tokens) and the VideoRoom plugin (rooms).

Only Sealbook calls these, over loopback. Every failure becomes MediaUnavailable
with a message that names no room and no person.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import urllib.error
import urllib.request
from typing import Any

from sealbook.telehealth.media import MediaState, MediaUnavailable, janus_token, media_secrets

PLUGIN = "janus.plugin.videoroom"
SEALBOOK_TOKEN_PURPOSE = "sealbook"  # noqa: S105 - a label, not a secret
MAX_PUBLISHERS = 8


def _post(url: str, body: dict[str, Any], timeout: float) -> dict[str, Any]:
    request = urllib.request.Request(  # noqa: S310 - a loopback http URL we configured
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            answer: dict[str, Any] = json.loads(response.read())
    except (OSError, ValueError):
        raise MediaUnavailable("the media server does not answer") from None
    return answer


def _transaction() -> str:
    return secrets.token_hex(8)


def admin_request(
    state: MediaState | None, body: dict[str, Any], timeout: float = 5.0
) -> dict[str, Any]:
    state = state or MediaState.load()
    if not state.admin_url:
        raise MediaUnavailable(state.problems[0] if state.problems else "Janus is not running")
    body = {**body, "transaction": _transaction(), "admin_secret": media_secrets()["admin_secret"]}
    answer = _post(state.admin_url, body, timeout)
    if answer.get("janus") == "error":
        raise MediaUnavailable(f"Janus refused {body['janus']} ({answer['error'].get('code')})")
    return answer


def add_token(purpose: str, *, state: MediaState | None = None) -> str:
    """Allow the holder of `purpose`'s token to use Janus (VideoRoom only); return it."""
    token = janus_token(purpose)
    admin_request(state, {"janus": "add_token", "token": token, "plugins": [PLUGIN]})
    return token


def remove_token(purpose: str, *, state: MediaState | None = None) -> None:
    try:
        admin_request(state, {"janus": "remove_token", "token": janus_token(purpose)})
    except MediaUnavailable as exc:
        if "(470)" not in str(exc):  # JANUS_ERROR_TOKEN_NOT_FOUND: already gone
            raise


def is_up(state: MediaState | None = None) -> bool:
    try:
        admin_request(state, {"janus": "ping"}, timeout=1.0)
    except MediaUnavailable:
        return False
    return True


class ControlSession:
    """Sealbook's own Janus session with a VideoRoom handle, for one request."""

    def __init__(self, state: MediaState | None = None) -> None:
        self.state = state or MediaState.load()
        if not self.state.janus_url:
            raise MediaUnavailable(
                self.state.problems[0] if self.state.problems else "Janus is not running"
            )
        self.token = janus_token(SEALBOOK_TOKEN_PURPOSE)
        try:
            created = self._call(self.state.janus_url, {"janus": "create"})
        except MediaUnavailable:
            # A Janus restarted a moment ago forgot every token, Sealbook's own
            # among them, until the supervisor gives it back: give it back now.
            add_token(SEALBOOK_TOKEN_PURPOSE, state=self.state)
            created = self._call(self.state.janus_url, {"janus": "create"})
        self.session_url = f"{self.state.janus_url}/{created['data']['id']}"
        attached = self._call(self.session_url, {"janus": "attach", "plugin": PLUGIN})
        self.handle_url = f"{self.session_url}/{attached['data']['id']}"

    def _call(self, url: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = _post(url, {**body, "transaction": _transaction(), "token": self.token}, 5.0)
        if answer.get("janus") == "error":
            raise MediaUnavailable(f"Janus refused {body['janus']} ({answer['error'].get('code')})")
        return answer

    def room_request(self, body: dict[str, Any]) -> dict[str, Any]:
        answer = self._call(self.handle_url, {"janus": "message", "body": body})
        data: dict[str, Any] = answer.get("plugindata", {}).get("data", {})
        if data.get("error_code"):
            raise MediaUnavailable(
                f"the video room refused {body['request']} ({data['error_code']})"
            )
        return data

    def close(self) -> None:
        with contextlib.suppress(MediaUnavailable):
            self._call(self.session_url, {"janus": "destroy"})


def _with_control(body: dict[str, Any], state: MediaState | None = None) -> dict[str, Any]:
    control = ControlSession(state)
    try:
        return control.room_request(body)
    finally:
        control.close()


def create_room(room: int, secret: str, *, state: MediaState | None = None) -> None:
    """A private VideoRoom joinable only with tokens on its `allowed` list (empty at first)."""
    _with_control(
        {
            "request": "create",
            "admin_key": media_secrets()["room_admin_key"],
            "room": room,
            "secret": secret,
            "is_private": True,
            "publishers": MAX_PUBLISHERS,
            "require_e2ee": True,
            "allowed": [],
            "notify_joining": False,
            "audiocodec": "opus",
            "videocodec": "vp8",
            "permanent": False,
        },
        state,
    )


def allow(room: int, secret: str, tokens: list[str], *, grant: bool = True) -> None:
    _with_control(
        {
            "request": "allowed",
            "room": room,
            "secret": secret,
            "action": "add" if grant else "remove",
            "allowed": tokens,
        }
    )


def kick_all(room: int, secret: str) -> None:
    """Kick every participant of the room (destroying it does too, but say it first)."""
    data = _with_control({"request": "listparticipants", "room": room})
    for participant in data.get("participants", []):
        _with_control({"request": "kick", "room": room, "secret": secret, "id": participant["id"]})


def destroy_room(room: int, secret: str) -> None:
    try:
        _with_control({"request": "destroy", "room": room, "secret": secret, "permanent": False})
    except MediaUnavailable as exc:
        if "(426)" not in str(exc):  # JANUS_VIDEOROOM_ERROR_NO_SUCH_ROOM: already gone
            raise


def room_exists(room: int) -> bool:
    return bool(_with_control({"request": "exists", "room": room}).get("exists"))
