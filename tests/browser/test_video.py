"""A real video session (issue 14): Janus and coturn started by `sealbook serve`, two
browser contexts with fake camera and microphone, media encrypted end to end.

The client waits; the clinician admits; each side decodes the other's video at a
steady frame rate (from getStats(), not merely framesDecoded > 0) and receives
audio; a subscriber that talks to Janus directly with a valid Janus token but
without the media key decodes next to nothing; the clinician ends the session and
the room is gone from Janus. Skipped with the reason when janus, coturn or a
non-loopback address is missing.
"""

from __future__ import annotations

import datetime
import json
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DemoServer,
    create_demo_practice,
    expect,
    log_in,
    sealbook_command,
    stop,
    subprocess_env,
    wait_until_serving,
)

MEDIA_ARGS = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection",
]


def _free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def video_server(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[DemoServer]:
    from sealbook.telehealth.media import default_address

    if shutil.which("janus") is None or shutil.which("turnserver") is None:
        pytest.skip("janus and coturn are not installed (bash scripts/setup.sh --test)")
    if default_address() is None:
        pytest.skip("no non-loopback address for Janus on this machine")
    root = tmp_path_factory.mktemp("sealbook-video")
    home = root / "home"
    logins = create_demo_practice(home, 2)
    port = _free_port(socket.SOCK_STREAM)
    env = subprocess_env(
        home,
        SEALBOOK_PASSPHRASE_FILE=str(home / "demo-passphrase"),
        SEALBOOK_MEDIA="on",
        SEALBOOK_TURN_PORT=str(_free_port(socket.SOCK_DGRAM)),
    )
    log = (root / "serve.log").open("wb")
    process = subprocess.Popen(
        [*sealbook_command(), "serve", "--port", str(port)], env=env, stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        assert wait_until_serving(base_url + "/login/", process), (root / "serve.log").read_text()
        yield DemoServer(base_url=base_url, home=home, logins=logins)
    finally:
        stop(process)
        log.close()


@pytest.fixture(scope="module")
def media_browser(browser: Any) -> Iterator[Any]:
    chromium = browser.browser_type.launch(
        executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *MEDIA_ARGS]
    )
    try:
        yield chromium
    finally:
        chromium.close()


def todays_video_session(home: Path) -> str:
    today = datetime.datetime.now().astimezone().date().isoformat()
    with closing(sqlite3.connect(home / "sealbook.sqlite3")) as db:
        row = db.execute(
            "SELECT id FROM records_session WHERE modality = 'telehealth' AND date = ?", (today,)
        ).fetchone()
    assert row is not None, "the demo has no video session today"
    value = str(row[0]).replace("-", "")
    return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"


STATS = """async () => {
  const out = {video: 0, audio: 0};
  for (const pc of window.sealbookVideo.pcs) {
    if (pc.sealbookRole !== "subscriber") continue;
    (await pc.getStats()).forEach((r) => {
      if (r.type === "inbound-rtp" && r.kind === "video") out.video += r.framesDecoded || 0;
      if (r.type === "inbound-rtp" && r.kind === "audio") out.audio += r.totalSamplesReceived || 0;
    });
  }
  return out;
}"""


def decoded_rate(page: Any, seconds: float = 3.0) -> tuple[float, int]:
    """Video frames decoded per second over `seconds`, and audio samples received then."""
    first = page.evaluate(STATS)
    time.sleep(seconds)
    second = page.evaluate(STATS)
    return (second["video"] - first["video"]) / seconds, second["audio"] - first["audio"]


def wait_for_frames(page: Any, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(STATS)["video"] > 10:
            return
        time.sleep(0.25)
    pytest.fail("no remote video frames decoded")


def test_a_video_session_end_to_end(video_server, media_browser):
    server = video_server
    session_id = todays_video_session(server.home)
    clinician = next(login for login in server.logins if login.email.startswith("clinician@"))
    desk = media_browser.new_context()
    visitor = media_browser.new_context()
    try:
        page = desk.new_page()
        log_in(page, server, clinician)
        page.goto(server.url(f"/video/sessions/{session_id}/"))
        expect(page.locator("#media-problem")).to_have_count(0)
        with page.expect_navigation():
            page.get_by_role("button", name="Start video session").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Make a join link").click()
        link = page.locator("#new-link code").inner_text()
        page.goto(server.url(f"/video/sessions/{session_id}/"))

        client = visitor.new_page()
        client.goto(link)
        expect(client.locator("#waiting-message")).to_contain_text("will let you in")
        page.get_by_role("button", name="Admit Client 1").click()
        expect(client.locator("#video-status")).to_contain_text(
            "end-to-end encrypted", timeout=20_000
        )
        wait_for_frames(client)
        wait_for_frames(page)
        for side in (client, page):
            fps, audio = decoded_rate(side)
            print(f"remote video {fps:.1f} fps, {audio} audio samples in 3 s")
            assert fps > 8, f"remote video at {fps:.1f} fps"
            assert audio > 0, "no audio arrived"

        # A subscriber with a valid Janus token but no media key sees next to nothing.
        keyless_fps = keyless_subscriber_rate(server, media_browser)
        print(f"keyless subscriber: {keyless_fps:.1f} fps")
        assert keyless_fps < 2, f"a keyless subscriber decoded {keyless_fps:.1f} fps"

        # The client leaves, then rejoins from a browser that may only use the TURN relay.
        with client.expect_navigation():
            client.get_by_role("button", name="Leave").click()
        relayed = media_browser.new_context()
        relayed.add_init_script(FORCE_RELAY)
        rejoined = relayed.new_page()
        rejoined.goto(link)
        expect(rejoined.locator("#waiting-message")).to_contain_text("will let you in")
        page.get_by_role("button", name="Admit Client 1").click()
        wait_for_frames(rejoined)
        fps, audio = decoded_rate(rejoined)
        print(f"through the relay: {fps:.1f} fps, {audio} audio samples in 3 s")
        assert fps > 8 and audio > 0
        assert rejoined.evaluate(LOCAL_CANDIDATE_TYPES) == ["relay"]

        with page.expect_navigation():
            page.get_by_role("button", name="End the session for everyone").click()
        expect(page.locator("#room-ended")).to_be_visible()
        expect(rejoined.locator("#waiting-message")).to_contain_text("ended", timeout=30_000)
        relayed.close()
    finally:
        desk.close()
        visitor.close()


# Every peer connection the page makes may use relayed candidates only.
FORCE_RELAY = """(() => {
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = function (config) {
    return new Original({ ...(config || {}), iceTransportPolicy: "relay" });
  };
  window.RTCPeerConnection.prototype = Original.prototype;
})();"""

# The candidate types the page's connections actually use (their selected pairs).
LOCAL_CANDIDATE_TYPES = """async () => {
  const types = new Set();
  for (const pc of window.sealbookVideo.pcs) {
    if (pc.connectionState === "closed") continue;
    const stats = await pc.getStats();
    stats.forEach((r) => {
      if (r.type === "transport" && r.selectedCandidatePairId) {
        const pair = stats.get(r.selectedCandidatePairId);
        types.add(stats.get(pair.localCandidateId).candidateType);
      }
    });
  }
  return [...types];
}"""


KEYLESS = """async ({janusUrl, token, room}) => {
  const post = async (url, body) => (await fetch(url, {method: "POST",
      body: JSON.stringify({...body, token, transaction: Math.random().toString(36)})})).json();
  const sid = (await post(janusUrl, {janus: "create"})).data.id;
  const hid = (await post(`${janusUrl}/${sid}`, {janus: "attach",
      plugin: "janus.plugin.videoroom"})).data.id;
  const feeds = (await post(`${janusUrl}/${sid}/${hid}`, {janus: "message",
      body: {request: "listparticipants", room}})).plugindata.data.participants;
  const feed = feeds.find((p) => p.publisher).id;
  await post(`${janusUrl}/${sid}/${hid}`, {janus: "message",
      body: {request: "join", ptype: "subscriber", room, token, streams: [{feed}]}});
  let offer = null;
  for (let i = 0; i < 20 && !offer; i++) {
    const events = await (await fetch(`${janusUrl}/${sid}?maxev=5&token=${token}`)).json();
    for (const e of (Array.isArray(events) ? events : [events])) if (e.jsep) offer = e.jsep;
  }
  const pc = new RTCPeerConnection();
  window.keyless = pc;
  await pc.setRemoteDescription(offer);
  const answer = await pc.createAnswer();
  await pc.setLocalDescription(answer);
  await new Promise((r) => setTimeout(r, 500));
  await post(`${janusUrl}/${sid}/${hid}`, {janus: "message", body: {request: "start", room},
      jsep: {type: answer.type, sdp: pc.localDescription.sdp, e2ee: true}});
  return true;
}"""

KEYLESS_FRAMES = """async () => {
  const out = {frames: 0, packets: 0};
  (await window.keyless.getStats()).forEach((r) => {
    if (r.type === "inbound-rtp" && r.kind === "video") {
      out.frames += r.framesDecoded || 0;
      out.packets += r.packetsReceived || 0;
    }
  });
  return out;
}"""


def keyless_subscriber_rate(server: DemoServer, media_browser: Any) -> float:
    """Join the room straight through Janus (not the proxy) with a Janus token Sealbook
    issued, as a compromised media server or a leaked token would, without the media key."""
    media = server.home / "media"
    state = json.loads((media / "state.json").read_text())
    secrets = json.loads((media / "secrets.json").read_text())
    token = "keyless-test-token"
    admin = {"janus": "add_token", "token": token, "plugins": ["janus.plugin.videoroom"],
             "transaction": "k", "admin_secret": secrets["admin_secret"]}  # fmt: skip
    admin_post(state["admin_url"], admin)
    with closing(sqlite3.connect(server.home / "sealbook.sqlite3")) as db:
        room = db.execute("SELECT janus_room FROM telehealth_videoroom").fetchone()[0]
    # The room admits only tokens on its list: put this one there, as Janus's operator could.
    allowed = {"janus": "message_plugin", "plugin": "janus.plugin.videoroom",
               "request": {"request": "allowed", "room": room, "action": "add",
                           "allowed": [token], "secret": room_secret(server, room)},
               "transaction": "a", "admin_secret": secrets["admin_secret"]}  # fmt: skip
    admin_post(state["admin_url"], allowed)
    context = media_browser.new_context()
    try:
        page = context.new_page()
        page.goto(state["janus_url"].rsplit("/janus", 1)[0] + "/janus/info")
        page.evaluate(KEYLESS, {"janusUrl": state["janus_url"], "token": token, "room": room})
        time.sleep(4)
        first = page.evaluate(KEYLESS_FRAMES)
        time.sleep(3)
        second = page.evaluate(KEYLESS_FRAMES)
        # The ciphertext does arrive: only decoding it fails.
        assert second["packets"] - first["packets"] > 50, (first, second)
        return (second["frames"] - first["frames"]) / 3
    finally:
        context.close()


def admin_post(url: str, body: dict[str, Any]) -> None:
    request = urllib.request.Request(url, data=json.dumps(body).encode())  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        answer = json.loads(response.read())
    assert answer.get("janus") == "success", answer


def room_secret(server: DemoServer, room: int) -> str:
    import hashlib
    import hmac

    secrets = json.loads((server.home / "media" / "secrets.json").read_text())
    with closing(sqlite3.connect(server.home / "sealbook.sqlite3")) as db:
        row_id = db.execute("SELECT id FROM telehealth_videoroom WHERE janus_room = ?",
                            (room,)).fetchone()[0]  # fmt: skip
    value = str(row_id).replace("-", "")
    uuid_text = f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    key = secrets["token_key"].encode()
    return hmac.new(key, f"room:{uuid_text}".encode(), hashlib.sha256).hexdigest()
