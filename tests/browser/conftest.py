"""Fixtures for the browser tests: a real demo practice served by `sealbook serve`,
and Debian's Chromium driven through Playwright.

The practice is made by the real CLI in a throwaway SEALBOOK_HOME and served by
a real waitress process, so these tests see what a user's browser sees: the
headers, the CSP, htmx, the idle-logoff script. They need no Django test
database, and they run on SQLite whatever SEALBOOK_DATABASE_URL says.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.main_pages import SignedIn
from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    STEP_TIMEOUT_MS,
    ConsoleWatch,
    DemoServer,
    KnownClient,
    create_demo_practice,
    first_visible_client,
    log_in,
    new_watched_page,
    require_browser,
    start_server,
    stop,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

BROWSER_TESTS = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test, whether or not its module says so:
    `-m "not browser"` (the PostgreSQL run, which these tests would only repeat on their
    own SQLite practice) must leave out a new file that forgets its `pytestmark`."""
    for item in items:
        if BROWSER_TESTS in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


# Enough clients for two clinicians' lists and a restricted chart, and quick to make.
DEMO_CLIENTS = 12


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """A demo practice made by `sealbook demo --no-serve`, served by `sealbook serve`."""
    require_browser()
    root = tmp_path_factory.mktemp("sealbook-browser")
    home = root / "home"
    logins = create_demo_practice(home, DEMO_CLIENTS)
    from sealbook.mail.catcher import MailCatcher

    mailbox = MailCatcher().start()
    try:
        process, base_url = start_server(home, root / "serve.log", SEALBOOK_SMTP_URL=mailbox.url)
        try:
            yield DemoServer(base_url=base_url, home=home, logins=logins, mailbox=mailbox)
        finally:
            stop(process)
    finally:
        mailbox.stop()


@pytest.fixture(scope="session")
def browser(demo_server: DemoServer) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def console() -> ConsoleWatch:
    return ConsoleWatch()


@pytest.fixture
def context(browser: Browser, demo_server: DemoServer) -> Iterator[BrowserContext]:
    ctx = browser.new_context()
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: BrowserContext, console: ConsoleWatch) -> Iterator[Page]:
    """A page whose console must stay free of errors and CSP violations."""
    watched = new_watched_page(context, console)
    yield watched
    unexpected = console.unexpected()
    if unexpected:
        pytest.fail("console errors on the pages visited:\n" + "\n".join(unexpected))


@pytest.fixture(scope="session")
def known_client(browser: Browser, demo_server: DemoServer) -> Iterator[KnownClient]:
    """The demo clinician's first unrestricted client and one of its notes."""
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        log_in(page, demo_server, demo_server.login_for("clinician"))
        name, chart_path = first_visible_client(page)
        page.goto(demo_server.url(chart_path))
        note = page.locator("#notes article.note").first
        note_path = note.locator("a").first.get_attribute("href") or ""
        # textContent, not innerText: the chart shows a long note collapsed behind its preview.
        note_text = (note.locator(".prewrap").first.text_content() or "").strip()
        assert name and chart_path and note_path and note_text
        yield KnownClient(
            name=name, chart_path=chart_path, note_path=note_path, note_text=note_text
        )
    finally:
        ctx.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the review screenshots go: BROWSER_SCREENSHOT_DIR, or a pytest temp folder."""
    chosen = os.environ.get("BROWSER_SCREENSHOT_DIR")
    return Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="session")
def signed_in(browser: Browser, demo_server: DemoServer) -> Iterator[SignedIn]:
    """A browser context per role, logged in once, for the checks that walk the main pages."""
    sessions = SignedIn(browser, demo_server)
    try:
        yield sessions
    finally:
        sessions.close()
