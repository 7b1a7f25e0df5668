"""Talking to Janus directly, as an outsider would (all over loopback)."""

from __future__ import annotations

import datetime
import json
import urllib.request
from typing import Any

from django.utils import timezone

from sealbook.scheduling.zones import practice_zone_name, zone
from sealbook.telehealth.media import MediaState


def practice_now() -> datetime.datetime:
    """Now on the practice's clock (`SEALBOOK_TIME_ZONE`): a session's date and time are
    written on it, as the calendar reads them, never in Django's TIME_ZONE (UTC)."""
    return timezone.now().astimezone(zone(practice_zone_name()))


def janus_call(url: str, body: dict[str, Any]) -> dict[str, Any]:
    data = json.dumps({**body, "transaction": "t"}).encode()
    request = urllib.request.Request(url, data=data)  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
        answer: dict[str, Any] = json.loads(response.read())
        return answer


def create_with(token: str | None) -> dict[str, Any]:
    """Janus's answer to `create` with `token` (None: none at all)."""
    body: dict[str, Any] = {"janus": "create"}
    if token is not None:
        body["token"] = token
    state = MediaState.load()
    assert state.janus_url
    return janus_call(state.janus_url, body)
