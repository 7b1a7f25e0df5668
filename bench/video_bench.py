"""Video sessions: time from admission to the client's first decoded remote frame.

Makes a demo practice, serves it with Janus and coturn (`sealbook serve`), and
drives two headless Chromium contexts with fake 640x480 camera and microphone:
the clinician opens today's video session once; the client then joins JOINS
times (open link, wait, be admitted, leave). Each join's time is measured from
the clinician's click on "Admit" to the client's first decoded remote video
frame (getStats framesDecoded > 0), end to end encrypted as always.

    .venv/bin/python bench/video_bench.py [--joins 20]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser.support import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    DemoServer,
    create_demo_practice,
    log_in,
    sealbook_command,
    stop,
    subprocess_env,
    wait_until_serving,
)
from tests.browser.test_video import MEDIA_ARGS, STATS, todays_video_session  # noqa: E402


def free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--joins", type=int, default=20)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    root = Path(tempfile.mkdtemp(prefix="sealbook-video-bench-"))
    home = root / "home"
    logins = create_demo_practice(home, 2)
    port = free_port(socket.SOCK_STREAM)
    env = subprocess_env(
        home,
        SEALBOOK_PASSPHRASE_FILE=str(home / "demo-passphrase"),
        SEALBOOK_MEDIA="on",
        SEALBOOK_TURN_PORT=str(free_port(socket.SOCK_DGRAM)),
    )
    with (root / "serve.log").open("wb") as log:
        process = subprocess.Popen(
            [*sealbook_command(), "serve", "--port", str(port)], env=env, stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = DemoServer(base_url=f"http://127.0.0.1:{port}", home=home, logins=logins)
    times: list[float] = []
    try:
        assert wait_until_serving(server.url("/login/"), process)
        session_id = todays_video_session(home)
        clinician = next(login for login in logins if login.email.startswith("clinician@"))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *MEDIA_ARGS]
            )
            desk = browser.new_context().new_page()
            log_in(desk, server, clinician)
            desk.goto(server.url(f"/video/sessions/{session_id}/"))
            with desk.expect_navigation():
                desk.get_by_role("button", name="Start video session").click()
            with desk.expect_navigation():
                desk.get_by_role("button", name="Make a join link").click()
            link = desk.locator("#new-link code").inner_text()
            desk.goto(server.url(f"/video/sessions/{session_id}/"))
            for _ in range(args.joins):
                context = browser.new_context()
                client = context.new_page()
                client.goto(link)
                admit = desk.get_by_role("button", name="Admit Client 1")
                admit.wait_for(timeout=20_000)
                started = time.monotonic()
                admit.click()
                while client.evaluate(STATS)["video"] == 0:
                    if time.monotonic() - started > 30:
                        raise RuntimeError("no frame decoded within 30 s")
                    time.sleep(0.02)
                times.append(time.monotonic() - started)
                with client.expect_navigation():
                    client.get_by_role("button", name="Leave").click()
                context.close()
            browser.close()
    finally:
        stop(process)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"joins: {len(times)}")
    print(f"admission to first decoded frame: p50 {statistics.median(times):.2f} s, "
          f"p95 {p95:.2f} s, min {times[0]:.2f} s, max {times[-1]:.2f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
