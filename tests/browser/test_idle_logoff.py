"""The idle logoff in a real browser: a warning a minute before that a keyboard
and a screen reader can use (WCAG 2.2.1), "Stay signed in" that really extends
the server's session, and a note left half-written that comes back after the
next login instead of being wiped.

Both clocks are moved instead of waited for: the browser's with Playwright's
fake timers, the server's by ageing the session's last-seen time.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import TYPE_CHECKING

import pytest

from tests.browser.axe import describe, wcag_violations
from tests.browser.support import (
    DemoServer,
    KnownClient,
    age_server_session,
    expect,
    log_in,
    server_last_seen,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def accessibility_problems(page: Page) -> str:
    """axe-core's WCAG 2.1 A/AA findings on the page as it is now ("" when none).

    axe waits on timers, so the browser's fake clock runs in real time from here.
    """
    page.clock.resume()
    return describe(wcag_violations(page))


def start_idle_clock(page: Page, demo_server: DemoServer, path: str) -> tuple[int, str]:
    """Log in with fake timers, open `path` with the browser's clock stopped;
    return the idle seconds and the session key."""
    page.clock.install()
    log_in(page, demo_server, demo_server.login_for("clinician"))
    # pause_at takes Unix time in seconds (Date.now() is in milliseconds).
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)
    page.goto(demo_server.url(path))
    idle_seconds = int(
        page.locator('meta[name="sealbook-idle-seconds"]').get_attribute("content") or 0
    )
    assert idle_seconds > 120, "the demo's idle logoff leaves room for a one-minute warning"
    session = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    return idle_seconds, session["value"]


def test_a_minute_before_the_logoff_an_announced_dialog_lets_the_user_stay(
    page: Page, demo_server: DemoServer, known_client: KnownClient
) -> None:
    idle_seconds, session_key = start_idle_clock(page, demo_server, known_client.chart_path)
    expect(page.locator("h1")).to_contain_text(known_client.name)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/session/idle/" in r.url else None)

    for answer in ("Enter", "Escape"):
        # The server has 50 seconds left when the browser's clock reaches the warning.
        age_server_session(demo_server, session_key, idle_seconds - 50)
        with page.expect_response(lambda r: r.url.endswith("/session/idle/")):
            page.clock.run_for((idle_seconds - 60) * 1000 + 500)

        dialog = page.get_by_role("alertdialog", name="Are you still there?")
        expect(dialog).to_be_visible()
        expect(dialog).to_have_attribute("aria-modal", "true")
        expect(dialog).to_have_accessible_description(
            re.compile(r"logged off in \d+ seconds\. Text you have not saved")
        )
        expect(page.get_by_role("timer")).to_have_text(re.compile(r"^(4\d|50) seconds$"))
        stay = dialog.get_by_role("button", name="Stay signed in")
        expect(stay).to_be_focused()
        # Modal (showModal): the page behind it is inert, out of reach of the
        # keyboard and of screen readers.
        assert dialog.evaluate("d => d.matches(':modal')")
        behind = "() => { const a = document.querySelector('#main a'); a.focus();"
        assert page.evaluate(behind + " return document.activeElement === a; }") is False
        expect(stay).to_be_focused()
        assert accessibility_problems(page) == ""

        aged = server_last_seen(demo_server, session_key)
        with page.expect_response(lambda r: r.url.endswith("/session/stay/")) as stayed:
            page.keyboard.press(answer)
        assert stayed.value.status == 200
        expect(dialog).to_be_hidden()
        assert server_last_seen(demo_server, session_key) > aged + idle_seconds - 120
        assert server_last_seen(demo_server, session_key) > time.time() - 30

    # Past the deadline the warning announced, the chart is still there.
    page.clock.run_for(120_000)
    expect(page.locator("h1")).to_contain_text(known_client.name)
    expect(page.locator("#idle-curtain")).to_be_hidden()
    # One question to the server per warning: an open warning does not poll.
    assert len(asked) == 2, asked


def database_bytes(demo_server: DemoServer) -> bytes:
    return b"".join(p.read_bytes() for p in demo_server.home.glob("sealbook.sqlite3*"))


def test_a_note_left_idle_is_kept_sealed_and_restored_after_logging_in_again(
    page: Page, demo_server: DemoServer, known_client: KnownClient
) -> None:
    sentence = f"Synthetic unsaved draft {uuid.uuid4().hex[:10]}: practised grounding at work."
    note_path = known_client.chart_path + "notes/new/?format=soap"
    idle_seconds, session_key = start_idle_clock(page, demo_server, note_path)
    page.clock.run_for(5_000)  # a few seconds after the page loaded, the clinician types
    page.fill("#id_subjective", sentence)

    # Typed since the page loaded: at the warning time the script tells the
    # server instead of warning.
    with page.expect_response(lambda r: r.url.endswith("/still-here/")) as pinged:
        page.clock.run_for((idle_seconds - 60) * 1000 + 500)
    assert pinged.value.status == 204
    expect(page.get_by_role("alertdialog")).to_have_count(0)

    # Then nothing more: the logoff comes with 8 seconds left on the server's clock.
    age_server_session(demo_server, session_key, idle_seconds - 8)
    with page.expect_response(lambda r: r.url.endswith("/drafts/idle-logoff/")) as logged_off:
        page.clock.run_for(idle_seconds * 1000)
    assert logged_off.value.status == 200
    # The login page has `next` only when the text was kept.
    page.wait_for_url(re.compile(r"/login/\?idle=1&next="))
    expect(page.locator("#idle-notice")).to_be_visible()
    assert sentence not in page.content()
    assert sentence.encode() not in database_bytes(demo_server)

    # Logging in again leads back to the form, which offers the text back.
    login = demo_server.login_for("clinician")
    page.fill("#id_email", login.email)
    page.fill("#id_password", login.password)
    with page.expect_response(lambda r: "/drafts/?page=" in r.url):
        page.get_by_role("button", name="Log in").click()
    assert page.url == demo_server.url(note_path)
    page.clock.run_for(1_000)
    offer = page.locator(".draft-offer")
    expect(offer.get_by_role("status")).to_have_text(
        re.compile(r"^Restore your unsaved text from \d\d:\d\d\?$")
    )
    expect(page.locator("#id_subjective")).to_have_value("")
    assert accessibility_problems(page) == ""
    offer.get_by_role("button", name="Restore").click()
    expect(page.locator("#id_subjective")).to_have_value(sentence)
    expect(page.locator("#id_subjective")).to_be_focused()
    expect(offer.get_by_role("status")).to_contain_text("is back in the form")

    # Restored once, the draft is gone: the next visit offers nothing.
    with page.expect_response(lambda r: "/drafts/?page=" in r.url) as listed:
        page.reload()
    assert listed.value.json() == {"drafts": []}
    expect(page.locator(".draft-offer")).to_have_count(0)


def test_text_that_cannot_be_kept_is_not_wiped_silently(
    page: Page, demo_server: DemoServer, known_client: KnownClient
) -> None:
    sentence = f"Synthetic unsaved draft {uuid.uuid4().hex[:10]}: slept badly before the exam."
    note_path = known_client.chart_path + "notes/new/?format=soap"
    idle_seconds, session_key = start_idle_clock(page, demo_server, note_path)
    page.fill("#id_subjective", sentence)
    # Every request the page made is answered before the clock moves back: one still on its
    # way (on a loaded machine) would count as activity after it and keep the session open.
    page.wait_for_load_state("networkidle")
    # The laptop slept: the server's session ended before the browser woke up.
    age_server_session(demo_server, session_key, idle_seconds + 60)
    with page.expect_response(lambda r: r.url.endswith("/drafts/idle-logoff/")):
        page.clock.run_for(idle_seconds * 1000)

    alert = page.locator("#idle-curtain[role=alert]")
    expect(alert).to_contain_text("could not be kept as a draft")
    expect(alert).to_contain_text("lost when you leave this page")
    expect(page.get_by_role("button", name="Try again to keep it")).to_be_focused()
    assert accessibility_problems(page) == ""
    # Out of sight, with everything else on the page wiped, but not thrown away.
    expect(page.locator("#id_subjective")).to_be_hidden()
    expect(page.locator("#id_subjective")).to_have_value(sentence)
    assert known_client.name not in page.locator("#main").inner_html()
    with page.expect_navigation():
        page.get_by_role("button", name="Discard it and log in again").click()
    assert page.url.startswith(demo_server.url("/login/?idle=1"))
    assert sentence not in page.content()
