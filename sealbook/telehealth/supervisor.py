"""Starting, watching and stopping Janus and coturn (`sealbook serve`, `sealbook demo`).

The configuration comes from `telehealth.media`; what was started (the loopback
URLs, the TURN URLs, or why nothing could start) goes to `media/state.json`,
which every server process reads.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
from collections.abc import Iterator

from sealbook.telehealth import janus
from sealbook.telehealth.media import (
    STATE_FILE,
    MediaSettings,
    MediaState,
    MediaUnavailable,
    free_port,
    media_dir,
    write_janus_config,
    write_turn_config,
)


def _die_with_parent() -> None:
    """In the child, before exec: Linux sends SIGTERM when the server dies, even by SIGKILL,
    so no Janus or coturn outlives the server that started it. And no core dump: a
    crashing Janus once left 250 MB of its memory (tokens, secrets) in the server's
    working folder."""
    import ctypes
    import resource
    import signal

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    with contextlib.suppress(OSError, ValueError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class MediaSupervisor:
    """Start Janus and coturn, restart one that exits, stop both on `stop()`."""

    RESTART_DELAY = 2.0

    SWEEP_SECONDS = 30.0

    def __init__(self, settings: MediaSettings | None = None, *, sweep: bool = False) -> None:
        """`sweep`: end rooms whose scheduled end has passed every SWEEP_SECONDS (the
        server's supervisor does; a test's, whose rows another thread cannot see, does not)."""
        self.settings = settings or MediaSettings.from_environment()
        self.sweep = sweep
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.commands: dict[str, list[str]] = {}
        self.state = MediaState()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> MediaState:
        """Start what can be started; problems are reported in the state, never raised."""
        s = self.settings
        state = self.state
        if not s.enabled:
            state.problems.append("video sessions are switched off (SEALBOOK_MEDIA=off)")
        elif s.address is None:
            state.problems.append("no non-loopback address for media: set SEALBOOK_MEDIA_ADDRESS")
        else:
            self._prepare_janus(state)
            self._prepare_turn(state)
        for name in list(self.commands):
            self._spawn(name)
        if "janus" in self.commands and not self._wait_for_janus():
            state.problems.append("Janus did not start (see media/janus.log)")
        state.save()
        self._thread = threading.Thread(target=self._watch, name="media-supervisor", daemon=True)
        self._thread.start()
        return state

    def _prepare_janus(self, state: MediaState) -> None:
        if self.settings.janus_bin is None:
            state.problems.append("Janus is not installed (Debian package janus)")
            return
        try:
            port, admin = free_port(), free_port()
            config = write_janus_config(self.settings, port, admin)
        except MediaUnavailable as exc:
            state.problems.append(str(exc))
            return
        state.janus_url = f"http://127.0.0.1:{port}/janus"
        state.admin_url = f"http://127.0.0.1:{admin}/admin"
        self.commands["janus"] = [
            self.settings.janus_bin, "--config", str(config), "--configs-folder",
            str(config.parent), "--disable-stdout", "--log-file", str(media_dir() / "janus.log"),
        ]  # fmt: skip

    def _prepare_turn(self, state: MediaState) -> None:
        if self.settings.turnserver_bin is None:
            state.problems.append("coturn is not installed (Debian package coturn)")
            return
        config = write_turn_config(self.settings)
        host = self.settings.public_address or self.settings.turn_address
        state.turn_urls = [f"turn:{host}:{self.settings.turn_port}?transport=udp"]
        self.commands["turn"] = [self.settings.turnserver_bin, "-c", str(config)]

    def _spawn(self, name: str) -> None:
        try:
            self.processes[name] = subprocess.Popen(  # noqa: S603 - our own fixed command
                self.commands[name],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=media_dir(),
                preexec_fn=_die_with_parent,
            )
        except OSError as exc:
            self.state.problems.append(f"{name} could not start ({exc.strerror})")
            self.commands.pop(name, None)

    def _wait_for_janus(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            process = self.processes.get("janus")
            if process is None or process.poll() is not None:
                return False
            try:
                janus.admin_request(self.state, {"janus": "ping"}, timeout=1.0)
                janus.add_token(janus.SEALBOOK_TOKEN_PURPOSE, state=self.state)
                return True
            except MediaUnavailable:
                time.sleep(0.1)
        return False

    def _watch(self) -> None:
        swept = time.monotonic()
        while not self._stop.wait(1.0):
            if self.sweep and time.monotonic() - swept > self.SWEEP_SECONDS:
                swept = time.monotonic()
                self._end_overdue_rooms()
            for name, process in list(self.processes.items()):
                if process.poll() is None or self._stop.is_set():
                    continue
                if self._stop.wait(self.RESTART_DELAY):
                    return
                self._spawn(name)
                if name == "janus" and self._wait_for_janus():  # re-adds Sealbook's own token
                    self._restore_rooms()

    def _end_overdue_rooms(self) -> None:
        """Tokens expire with the appointment: end the rooms whose scheduled end passed."""
        from django.db import close_old_connections

        from sealbook.telehealth.actions import end_overdue_rooms

        try:
            end_overdue_rooms()
        except Exception:  # noqa: S110 - tried again at the next sweep
            pass
        finally:
            close_old_connections()

    def _restore_rooms(self) -> None:
        from django.db import close_old_connections

        from sealbook.telehealth.actions import restore_rooms

        try:
            restore_rooms(self.state)
        except Exception:
            self.state.problems.append("video rooms could not be restored after a restart")
        finally:
            close_old_connections()

    def stop(self) -> None:
        self._stop.set()
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        with contextlib.suppress(FileNotFoundError):
            (media_dir() / STATE_FILE).unlink()


@contextlib.contextmanager
def supervised(settings: MediaSettings | None = None) -> Iterator[MediaState]:
    """Run Janus and coturn for as long as the block runs (`serve`, `demo`)."""
    supervisor = MediaSupervisor(settings, sweep=True)
    state = supervisor.start()
    try:
        yield state
    finally:
        supervisor.stop()
