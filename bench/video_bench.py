"""Video sessions: join time, the CPU cost of end-to-end encryption, and capacity.

Makes a demo practice, serves it with Janus and coturn (`sealbook serve`), and drives
headless Chromium contexts with fake cameras and microphones (three parts, one run):

1. Joins: the clinician opens today's video session once; one client then joins JOINS
   times (open link, wait, be admitted, leave). Each join is timed from the clinician's
   click on "Admit" to the client's first decoded remote video frame (getStats
   framesDecoded > 0), with the page's own performance marks for each step between.
2. E2EE cost: the same two-party call (640x480) measured for SECONDS with the page as it
   is, then with the encoded transforms taken out by an init script (bench only: the page
   has no unencrypted mode), alternating ROUNDS times; the CPU time of every Chromium
   process and of Janus in each window, per participant.
3. Capacity: two-party calls (160x120 fake video) added one at a time, each in its own
   room, until a remote feed decodes fewer than 15 frames a second; the memory (RSS) of
   Janus, coturn and Chromium at each step.
4. Rejoins: in a two-party call Janus is killed REJOINS times; each time, from the kill to
   both pages decoding remote video again (they rejoin by themselves, without a reload:
   the supervisor's restart, the pages noticing, their retry, the new connections).

    .venv/bin/python bench/video_bench.py [--joins 20] [--seconds 15] [--rounds 2] [--calls 8]
        [--rejoins 5]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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

# The same call without end-to-end encryption: connections without encoded streams and
# transforms that are never attached (so frames go straight to the encoder and decoder).
PLAIN = """(() => {
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = function (config) {
    const plain = { ...(config || {}) }; delete plain.encodedInsertableStreams;
    return new Original(plain);
  };
  window.RTCPeerConnection.prototype = Original.prototype;
  const none = () => ({ readable: new ReadableStream(), writable: new WritableStream() });
  RTCRtpSender.prototype.createEncodedStreams = none;
  RTCRtpReceiver.prototype.createEncodedStreams = none;
})();"""

# Low-resolution fake video for the capacity part.
SMALL = """(() => {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = () =>
    original({ audio: true, video: { width: 160, height: 120, frameRate: 20 } });
})();"""

MARKS = """() => Object.fromEntries(performance.getEntriesByType("mark")
  .filter((m) => m.name.startsWith("sealbook-")).map((m) => [m.name.slice(9), m.startTime]))"""

# Make more telehealth sessions now, for the same client and clinician (one room each).
MORE_SESSIONS = """
import django, sys
django.setup()
from sealbook.cli.unsealing import unseal_from_environment
assert unseal_from_environment(prompt=False)
from sealbook.accounts.models import User
from sealbook.records import actions
from sealbook.records.models import Session
first = Session.objects.filter(modality="telehealth").order_by("-date", "-start_time").first()
clinician = User.objects.get(pk=first.clinician_id)
for _ in range(int(sys.argv[1])):
    made = actions.schedule_session(clinician, first.client, clinician=clinician,
        date=first.date, start_time=first.start_time, duration_minutes=240,
        service="individual", modality="telehealth")
    print(made.pk)
"""


def free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found += children
            todo += children
    return found


def named(pids: list[int], name: str) -> list[int]:
    out = []
    for pid in pids:
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip().startswith(name):
                out.append(pid)
        except OSError:
            pass
    return out


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def frames(page: Any) -> int:
    return sum(feed["video"] for feed in page.evaluate(STATS))


def wait_frames(page: Any, timeout: float = 60) -> None:
    """Until some remote feed decodes (a clinician page closed earlier may linger in the
    room as a feed without frames until its Janus session times out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(f["video"] > 5 for f in page.evaluate(STATS)):
            return
        time.sleep(0.1)
    raise RuntimeError("no frames")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Bench:
    def __init__(self, browser: Any, server: DemoServer, clinician: Any, serve_pid: int) -> None:
        self.browser, self.server, self.serve_pid = browser, server, serve_pid
        self.desk = browser.new_context()
        page = self.desk.new_page()
        log_in(page, server, clinician)
        page.close()

    def open_room(self, session_id: str, *, script: str | None = None) -> tuple[Any, str]:
        """The clinician's room page with the session started and the first client's link."""
        context = self.desk
        if script is not None:
            context = self.browser.new_context(storage_state=self.desk.storage_state())
            context.add_init_script(script)
        page = context.new_page()
        page.goto(self.server.url(f"/video/sessions/{session_id}/"))
        start = page.get_by_role("button", name="Start video session")
        if start.count():
            with page.expect_navigation():
                start.click()
        with page.expect_navigation():
            page.get_by_role("button", name="Make a").first.click()
        link = page.locator("#new-link code").inner_text()
        page.goto(self.server.url(f"/video/sessions/{session_id}/"))
        return page, link

    def join(self, desk: Any, link: str, *, script: str | None = None) -> tuple[Any, Any, float]:
        context = self.browser.new_context()
        if script is not None:
            context.add_init_script(script)
        client = context.new_page()
        client.goto(link)
        admit = desk.get_by_role("button", name="Admit Client 1")
        admit.wait_for(timeout=30_000)
        started = time.monotonic()
        admit.click()
        while frames(client) == 0:
            if time.monotonic() - started > 60:
                raise RuntimeError("no frame decoded within 60 s")
            time.sleep(0.02)
        return context, client, time.monotonic() - started

    def joins(self, session_id: str, count: int) -> None:
        desk, link = self.open_room(session_id)
        times, steps = [], []
        for _ in range(count):
            context, client, took = self.join(desk, link)
            times.append(took)
            marks = client.evaluate(MARKS)
            steps.append({k: v - marks["admitted"] for k, v in marks.items()})
            with client.expect_navigation():
                client.get_by_role("button", name="Leave").click()
            context.close()
        print(f"joins: {len(times)}; admission to first decoded frame: "
              f"p50 {statistics.median(times):.2f} s, p95 {percentile(times, 0.95):.2f} s, "
              f"min {min(times):.2f} s, max {max(times):.2f} s")  # fmt: skip
        print("  median time after the page saw its admission (s):")
        for name in ("camera", "janus-session", "published", "subscriber-offer", "subscribed",
                     "subscriber-connected"):  # fmt: skip
            values = [s[name] / 1000 for s in steps if name in s]
            if values:
                print(f"    {name}: {statistics.median(values):.2f}")
        desk.close()

    def e2ee_cost(self, session_id: str, seconds: float, rounds: int) -> None:
        janus = named(descendants(self.serve_pid), "janus")
        results: dict[str, list[tuple[float, float, float]]] = {"encrypted": [], "plain": []}
        for _ in range(rounds):
            for mode, script in (("encrypted", None), ("plain", PLAIN)):
                desk, link = self.open_room(session_id, script=script)
                context, client, _ = self.join(desk, link, script=script)
                wait_frames(desk)
                time.sleep(3)  # past the start
                chromium = named(descendants(os.getpid()), "chrom")
                before = (cpu_seconds(chromium), cpu_seconds(janus), frames(client) + frames(desk))
                time.sleep(seconds)
                after = (cpu_seconds(chromium), cpu_seconds(janus), frames(client) + frames(desk))
                fps = (after[2] - before[2]) / seconds / 2
                results[mode].append(((after[0] - before[0]) / seconds,
                                      (after[1] - before[1]) / seconds, fps))  # fmt: skip
                with client.expect_navigation():
                    client.get_by_role("button", name="Leave").click()
                context.close()
                if script is not None:
                    desk.context.close()
                else:
                    desk.close()
        print(f"E2EE cost: two-party 640x480 call, {rounds} rounds of {seconds:.0f} s each")
        for mode, rows in results.items():
            chrome = statistics.mean(r[0] for r in rows)
            janus_cpu = statistics.mean(r[1] for r in rows)
            fps = statistics.mean(r[2] for r in rows)
            print(f"  {mode}: Chromium {chrome:.3f} cores ({chrome / 2:.3f} per participant), "
                  f"Janus {janus_cpu:.3f} cores, {fps:.1f} fps decoded per side")  # fmt: skip
        extra = statistics.mean(r[0] for r in results["encrypted"]) - statistics.mean(
            r[0] for r in results["plain"]
        )
        print(f"  encryption adds {extra:.3f} cores per call, {extra / 2:.3f} per participant")

    def capacity(self, session_ids: list[str], seconds: float = 5) -> None:
        media = named(descendants(self.serve_pid), "janus") + named(
            descendants(self.serve_pid), "turnserver"
        )
        pages: list[Any] = []
        print("capacity: two-party calls at 160x120, each in its own room")
        for n, session_id in enumerate(session_ids, start=1):
            desk, link = self.open_room(session_id, script=SMALL)
            _, client, _ = self.join(desk, link, script=SMALL)
            wait_frames(desk)
            pages += [desk, client]
            time.sleep(2)
            # Each page's own window: on a loaded machine reading eight pages takes seconds.
            first = [(frames(p), time.monotonic()) for p in pages]
            time.sleep(seconds)
            rates = [
                (frames(p) - f) / (time.monotonic() - t)
                for p, (f, t) in zip(pages, first, strict=True)
            ]
            chromium = named(descendants(os.getpid()), "chrom")
            print(f"  {n} calls: slowest feed {min(rates):.1f} fps, median "
                  f"{statistics.median(rates):.1f}; RSS Janus+coturn {rss_mb(media):.0f} MB, "
                  f"Chromium {rss_mb(chromium):.0f} MB; load {os.getloadavg()[0]:.1f}")  # fmt: skip
            if min(rates) < 15:
                print(f"  frames drop at {n} calls")
                break


REJOINED = """() => performance.getEntriesByName("sealbook-rejoined").length"""


def rejoins(bench: Bench, session_id: str, count: int) -> None:
    desk, link = bench.open_room(session_id)
    context, client, _ = bench.join(desk, link)
    wait_frames(desk)
    pages = (desk, client)
    for page in pages:
        page.evaluate("window.sealbookNotReloaded = true")
    times = []
    for n in range(count):
        killed = time.monotonic()
        for pid in named(descendants(bench.serve_pid), "janus"):
            os.kill(pid, signal.SIGKILL)
        for page in pages:
            while page.evaluate(REJOINED) <= n:
                if time.monotonic() - killed > 90:
                    raise RuntimeError("a page did not rejoin within 90 s")
                time.sleep(0.05)
        for page in pages:
            wait_frames(page, timeout=30)
        times.append(time.monotonic() - killed)
    assert all(page.evaluate("window.sealbookNotReloaded === true") for page in pages)
    print(f"rejoins after Janus was killed: {len(times)}; kill to both pages decoding again: "
          f"p50 {statistics.median(times):.2f} s, max {max(times):.2f} s (no reload)")  # fmt: skip
    context.close()
    desk.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--joins", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--calls", type=int, default=8)
    parser.add_argument("--rejoins", type=int, default=5)
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
    more = subprocess.run(
        [sys.executable, "-c", MORE_SESSIONS, str(args.calls)],
        env={**env, "DJANGO_SETTINGS_MODULE": "sealbook.settings"}, cwd=REPO,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    extra_sessions = more.stdout.split()
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with (root / "serve.log").open("wb") as log:
        process = subprocess.Popen(
            [*sealbook_command(), "serve", "--port", str(port), "--threads", "64"], env=env,
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = DemoServer(base_url=f"http://127.0.0.1:{port}", home=home, logins=logins)
    try:
        assert wait_until_serving(server.url("/login/"), process)
        session_id, _ = todays_video_session(home)
        clinician = next(login for login in logins if login.email.startswith("clinician@"))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *MEDIA_ARGS]
            )
            bench = Bench(browser, server, clinician, process.pid)
            if args.joins:
                bench.joins(session_id, args.joins)
            if args.rounds:
                bench.e2ee_cost(session_id, args.seconds, args.rounds)
            if args.rejoins:
                rejoins(bench, session_id, args.rejoins)
            if args.calls:
                bench.capacity(extra_sessions)
            browser.close()
    finally:
        stop(process)
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
