"""One real Janus and coturn per test module (started by Sealbook's own supervisor).

Skipped with the reason when janus or coturn is not installed, or this machine
has no non-loopback address (Janus gathers no ICE candidates on 127.0.0.1).
"""

from __future__ import annotations

import datetime
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("0.0.0.0", 0))  # noqa: S104 - only to find a free port
        port: int = s.getsockname()[1]
        return port


_running: list[Any] = []


def running_supervisor() -> Any:
    """The supervisor of the current module's media server."""
    return _running[-1]


@pytest.fixture(scope="module")
def media_server() -> Iterator[Any]:
    from sealbook.telehealth import media
    from sealbook.telehealth import supervisor as media_supervisor

    if shutil.which("janus") is None or shutil.which("turnserver") is None:
        pytest.skip("janus and coturn are not installed (bash scripts/setup.sh --test)")
    if media.default_address() is None:
        pytest.skip("no non-loopback address for Janus on this machine")
    folder = tempfile.mkdtemp(prefix="sealbook-media-")
    names = ("SEALBOOK_MEDIA", "SEALBOOK_MEDIA_DIR", "SEALBOOK_TURN_PORT")
    saved = {name: os.environ.get(name) for name in names}
    os.environ["SEALBOOK_MEDIA"] = "on"
    os.environ["SEALBOOK_MEDIA_DIR"] = folder
    os.environ["SEALBOOK_TURN_PORT"] = str(_free_udp_port())
    supervisor = media_supervisor.MediaSupervisor()
    state = supervisor.start()
    _running.append(supervisor)
    try:
        if state.problems:
            pytest.fail(f"the media server did not start: {state.problems}")
        yield state
    finally:
        supervisor.stop()
        _running.remove(supervisor)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def video_session(cast: Any, media_server: Any) -> Any:
    """Riley's telehealth session with Casey, started five minutes ago, consent signed."""
    from sealbook.records import actions
    from tests.consent.support import sign
    from tests.telehealth.support import practice_now

    sign(cast, kind="telehealth")
    start = practice_now() - datetime.timedelta(minutes=5)
    return actions.schedule_session(
        cast.casey,
        cast.riley,
        clinician=cast.casey,
        date=start.date(),
        start_time=start.time().replace(microsecond=0),
        duration_minutes=50,
        service="individual",
        modality="telehealth",
    )
