"""What the browser tests share: starting a demo practice with the real CLI,
the console watch, logging in, and two stand-ins that keep the suite fast:
one for the CSRF origin bug, one for the server's idle clock.

Playwright is imported only for type checking here, so that a machine without
it skips the browser tests instead of failing to collect them.
"""

from __future__ import annotations

import importlib.util
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Locator, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING_BROWSER = "Debian chromium not installed: run the README's test command, which installs it"
SERVER_START_SECONDS = 30
STEP_TIMEOUT_MS = 10_000


def require_browser() -> None:
    if not CHROMIUM.exists() or importlib.util.find_spec("playwright") is None:
        pytest.skip(MISSING_BROWSER)


@dataclass(frozen=True)
class Login:
    role: str
    email: str
    password: str


@dataclass(frozen=True)
class DemoServer:
    base_url: str
    home: Path
    logins: tuple[Login, ...]
    # The real SMTP server the served practice sends its e-mails to (mail.catcher).
    mailbox: Any = None

    def login_for(self, role: str) -> Login:
        """The first demo login with this role (the demo has two clinicians)."""
        for login in self.logins:
            if login.role == role:
                return login
        raise LookupError(f"the demo printed no {role} login")

    def login_named(self, local_part: str) -> Login:
        """The demo login whose e-mail starts `local_part@` (e.g. the second clinician)."""
        for login in self.logins:
            if login.email.startswith(local_part + "@"):
                return login
        raise LookupError(f"the demo printed no {local_part}@ login")

    def url(self, path: str) -> str:
        return self.base_url + path


@dataclass(frozen=True)
class KnownClient:
    """A client of the demo clinician, with one of its notes, read through the UI."""

    name: str
    chart_path: str
    note_path: str
    note_text: str


# The served practice -------------------------------------------------------


def subprocess_env(home: Path, **extra: str) -> dict[str, str]:
    """The test run's environment without any Sealbook or Django setting.

    The suite may point SEALBOOK_DATABASE_URL at PostgreSQL, and tests/settings.py
    sets SEALBOOK_HOME; the served practice must use SQLite in its own home.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEALBOOK_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["SEALBOOK_HOME"] = str(home)
    # No Janus and coturn beside the shared demo server (tests/telehealth starts its own).
    env["SEALBOOK_MEDIA"] = "off"
    env.update(extra)
    return env


def sealbook_command() -> list[str]:
    script = Path(sys.executable).parent / "sealbook"
    return [str(script)] if script.exists() else [sys.executable, "-m", "sealbook"]


def create_demo_practice(home: Path, clients: int) -> tuple[Login, ...]:
    """Run `sealbook demo --no-serve` and return the logins it printed.

    The demo starts from the run's migrated, empty database (applying every migration
    costs about 5 s of CPU in a new process); tests/cli/test_commands.py and
    tests/cli/test_at_rest.py run `sealbook demo` in a home with nothing in it.
    """
    from tests.cli.conftest import start_from_migrated_sqlite

    start_from_migrated_sqlite(home)
    made = subprocess.run(
        [*sealbook_command(), "demo", "--no-serve", "--clients", str(clients)],
        env=subprocess_env(home),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, f"sealbook demo failed:\n{made.stdout}\n{made.stderr}"
    logins = tuple(
        Login(*parts)
        for parts in (line.split() for line in made.stdout.splitlines())
        if len(parts) == 3 and "@" in parts[1]
    )
    assert logins, f"sealbook demo printed no logins:\n{made.stdout}"
    return logins


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    home: Path, log: Path, **extra_env: str
) -> tuple[subprocess.Popen[bytes], str]:
    """Start `sealbook serve` on a free port; return the process once /login/ answers.

    A port found free can be taken before the server binds it, so a server
    that exits at once is retried on another port.
    """
    for _attempt in range(3):
        port = free_port()
        with log.open("ab") as log_file:
            process = subprocess.Popen(
                [*sealbook_command(), "serve", "--port", str(port), "--no-jobs"],
                env=subprocess_env(
                    home, SEALBOOK_PASSPHRASE_FILE=str(home / "demo-passphrase"), **extra_env
                ),
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        base_url = f"http://127.0.0.1:{port}"
        try:
            if wait_until_serving(base_url + "/login/", process):
                return process, base_url
        except BaseException:
            stop(process)
            raise
    raise RuntimeError(f"sealbook serve did not start:\n{log.read_text()}")


def wait_until_serving(url: str, process: subprocess.Popen[bytes]) -> bool:
    """True once `url` answers 200; False if the server exited first."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own URL
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"sealbook serve did not answer {url} in {SERVER_START_SECONDS} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# The browser ------------------------------------------------------------------


@dataclass
class ConsoleWatch:
    """Error-level console messages and uncaught page errors.

    Chromium reports CSP violations and failed loads as console errors, so an
    empty list means the pages ran under their CSP without a complaint. A test
    that provokes an error on purpose (a 401 or a 404) says so with `allow`.
    """

    errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self._add(f"{message.text} (at {message.location.get('url', '?')})")

    def on_page_error(self, error: Exception) -> None:
        self._add(f"uncaught: {error}")

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self.allowed)]

    def _add(self, text: str) -> None:
        # Chromium asks every site for /favicon.ico and Sealbook has none (an app
        # defect, reported); that 404 says nothing about the page under test.
        if "/favicon.ico" in text:
            return
        self.errors.append(text)


def new_watched_page(context: BrowserContext, console: ConsoleWatch) -> Page:
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    page.on("console", console.on_console)
    page.on("pageerror", console.on_page_error)
    return page


# Demo logins that are portal accounts (a client, a guardian) log in on the portal's page.
PORTAL_ROLES = ("client", "guardian")


def log_in(page: Page, server: DemoServer, login: Login) -> None:
    page.goto(server.url("/portal/login/" if login.role in PORTAL_ROLES else "/login/"))
    page.fill("#id_email", login.email)
    page.fill("#id_password", login.password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def log_out(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()


def expect(target: Page | Locator) -> Any:
    """Playwright's `expect`, imported late so a missing Playwright skips instead of erroring."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def click_and_wait(page: Page, locator: Locator) -> None:
    with page.expect_navigation():
        locator.click()


@contextmanager
def another_desk(browser: Browser, console: ConsoleWatch) -> Iterator[Page]:
    """A watched page in a browser context of its own: a second person at another desk.

    It reports to the test's own ConsoleWatch, so the `page` fixture's check at
    the end covers this page too.
    """
    context = browser.new_context()
    try:
        yield new_watched_page(context, console)
    finally:
        context.close()


def first_visible_client(page: Page) -> tuple[str, str]:
    """The name and chart path of the first unrestricted client on the /clients/ list."""
    row = (
        page.locator("#results tbody tr")
        .filter(has=page.locator("a"))
        .filter(has_not=page.locator(".badge.restricted"))
        .first
    )
    link = row.locator("a").first
    return link.inner_text().strip(), link.get_attribute("href") or ""


# The server's idle clock -------------------------------------------------------


@contextmanager
def server_session(server: DemoServer, session_key: str) -> Iterator[dict[str, Any]]:
    """The server's stored session data; changes made to it inside the block are saved.

    The session is one of Django's database sessions, signed with the
    practice's web secret.
    """
    from django.core import signing
    from django.core.signing import JSONSerializer

    secret = (server.home / "keys" / "web-secret").read_text().strip()
    salt = "django.contrib.sessions.SessionStore"
    with closing(sqlite3.connect(server.home / "sealbook.sqlite3", timeout=20)) as db, db:
        row = db.execute(
            "SELECT session_data FROM django_session WHERE session_key = ?", (session_key,)
        ).fetchone()
        assert row is not None, "the browser's session is not in the server's database"
        data: dict[str, Any] = signing.loads(
            row[0], key=secret, salt=salt, serializer=JSONSerializer
        )
        before = dict(data)
        yield data
        if data != before:
            encoded = signing.dumps(
                data, key=secret, salt=salt, serializer=JSONSerializer, compress=True
            )
            db.execute(
                "UPDATE django_session SET session_data = ? WHERE session_key = ?",
                (encoded, session_key),
            )


def age_server_session(server: DemoServer, session_key: str, seconds: float) -> None:
    """Make the server believe the session's last request came `seconds` earlier.

    The server measures idle time in whole minutes on its own clock; rather than
    sleep through them, move the session's last-seen time back.
    """
    with server_session(server, session_key) as data:
        assert "sealbook_last_seen" in data, f"no last-seen time in the session: {sorted(data)}"
        data["sealbook_last_seen"] = float(data["sealbook_last_seen"]) - seconds


def server_last_seen(server: DemoServer, session_key: str) -> float:
    """When the server last counted a request of this session as activity (its clock)."""
    with server_session(server, session_key) as data:
        return float(data["sealbook_last_seen"])
