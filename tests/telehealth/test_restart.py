"""Janus restarting mid-session: the supervisor starts it again and restores the open
rooms and the tokens of those let in, so participants' pages rejoin by themselves."""

from __future__ import annotations

import time

from sealbook.telehealth import actions, janus
from sealbook.telehealth.media import janus_token
from tests.telehealth.support import create_with


def test_a_restarted_janus_gets_its_rooms_and_tokens_back(cast, media_server, video_session):
    from tests.telehealth.conftest import running_supervisor

    room = actions.open_room(cast.casey, video_session)
    _, token = actions.issue_link(cast.casey, video_session, cast.riley)
    link, _ = actions.arrive(token, None)
    actions.admit(cast.casey, link)
    supervisor = running_supervisor()
    supervisor.processes["janus"].kill()
    deadline = time.monotonic() + 20
    while not janus.is_up() and time.monotonic() < deadline:
        time.sleep(0.2)
    # The supervisor restored the rooms in its own thread; this test's rows live in a
    # transaction that thread cannot see, so restore them here the same way.
    if not janus.room_exists(room.janus_room):
        assert actions.restore_rooms() == 1
    assert janus.room_exists(room.janus_room)
    assert create_with(janus_token(actions.link_token_purpose(link)))["janus"] == "success"


def test_janus_and_coturn_leave_no_core_dump_and_run_in_the_media_folder(media_server):
    from pathlib import Path

    from sealbook.telehealth.media import media_dir
    from tests.telehealth.conftest import running_supervisor

    for process in running_supervisor().processes.values():
        limits = Path(f"/proc/{process.pid}/limits").read_text().splitlines()
        core = next(line for line in limits if line.startswith("Max core file size"))
        assert core.split()[4:6] == ["0", "0"], core
        assert Path(f"/proc/{process.pid}/cwd").resolve() == media_dir().resolve()
