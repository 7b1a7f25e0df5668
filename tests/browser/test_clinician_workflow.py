"""A clinician's day in a real browser: log in, find a client, write, sign and
amend a SOAP note; and what the front desk, a wrong password and an idle
screen must not reveal. Every page visited must run under the app's CSP
without a console error (the `page` fixture fails the test otherwise).
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tests.browser.support import (
    ConsoleWatch,
    DemoServer,
    KnownClient,
    age_server_session,
    first_visible_client,
    log_in,
    new_watched_page,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytestmark = pytest.mark.browser


def expect(target: Page | Locator) -> Any:
    """Playwright's `expect`, imported late so a missing Playwright skips instead of erroring."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def synthetic_sentence(purpose: str) -> str:
    token = uuid.uuid4().hex[:10]
    return f"Synthetic {purpose} check {token}: client rehearsed paced breathing twice."


def search_and_open_chart(page: Page, name: str, chart_path: str) -> None:
    """Type one name token into the search box and open the chart from htmx's results."""
    token = name.split()[-1]
    with page.expect_response(
        lambda r: r.url.endswith("/clients/search/") and r.request.method == "POST"
    ) as searched:
        page.fill("#id_q", token)
    assert searched.value.status == 200
    # htmx swapped the results partial into #results without a page load.
    results = page.locator("#results #search-results")
    expect(results).to_contain_text(name)
    assert page.url.endswith("/clients/")
    with page.expect_navigation():
        results.locator(f'a[href="{chart_path}"]').click()
    expect(page.locator("h1")).to_contain_text(name)


def write_soap_note(page: Page, subjective: str) -> str:
    """From a chart, save a SOAP draft; returns the note's path."""
    with page.expect_navigation():
        page.get_by_role("link", name="New SOAP note").click()
    assert "/notes/new/" in page.url and "format=soap" in page.url
    page.fill("#id_subjective", subjective)
    page.fill("#id_objective", "Alert and oriented; affect full range.")
    page.fill("#id_assessment", "Anxiety symptoms easing with skills practice.")
    page.fill("#id_plan", "Continue weekly sessions.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    assert re.search(r"/notes/[0-9a-f-]{36}/$", page.url), page.url
    expect(page.locator("#note-status")).to_have_text("Draft")
    return urlsplit(page.url).path


def sign_open_note(page: Page) -> None:
    with page.expect_navigation():
        page.locator("#sign-note").click()
    expect(page.locator("#note-status")).to_have_text("Signed")


def expect_signed_note_showing(page: Page, sentence: str) -> None:
    expect(page.locator("#note-status")).to_have_text("Signed")
    expect(page.locator("#note-body")).to_contain_text(sentence)
    # Locked: no sign button and no edit form left.
    expect(page.locator("#sign-note")).to_have_count(0)
    expect(page.locator("textarea#id_subjective")).to_have_count(0)


def test_clinician_finds_client_writes_signs_and_sees_soap_note(
    page: Page, demo_server: DemoServer, screenshot_dir: Path
) -> None:
    log_in(page, demo_server, demo_server.login_for("clinician"))
    assert page.url == demo_server.url("/clients/")
    name, chart_path = first_visible_client(page)
    assert name and chart_path.startswith("/clients/")
    page.screenshot(path=str(screenshot_dir / "sealbook-clients.png"), full_page=True)

    search_and_open_chart(page, name, chart_path)
    assert page.url == demo_server.url(chart_path)

    sentence = synthetic_sentence("workflow")
    write_soap_note(page, sentence)
    sign_open_note(page)
    expect_signed_note_showing(page, sentence)

    page.reload()
    expect_signed_note_showing(page, sentence)

    with page.expect_navigation():
        page.get_by_role("link", name=f"← {name}").click()
    assert page.url == demo_server.url(chart_path)
    ours = page.locator("#notes article.note").filter(has_text=sentence)
    expect(ours).to_have_count(1)
    expect(ours.locator(".badge")).to_have_text("Signed")
    page.screenshot(path=str(screenshot_dir / "sealbook-chart.png"), full_page=True)


def test_amendment_is_appended_and_the_signed_text_is_unchanged(
    page: Page, demo_server: DemoServer, known_client: KnownClient
) -> None:
    log_in(page, demo_server, demo_server.login_for("clinician"))
    page.goto(demo_server.url(known_client.chart_path))
    original = synthetic_sentence("original")
    note_path = write_soap_note(page, original)
    sign_open_note(page)
    body_before = page.locator("#note-body").inner_text()

    amendment = synthetic_sentence("amendment")
    page.locator("#amendments").get_by_label("Amendment").fill(amendment)
    page.locator("#amendments").get_by_label("Reason").fill("Client corrected the frequency.")
    with page.expect_navigation():
        page.get_by_role("button", name="Append amendment").click()

    page.reload()
    assert page.url == demo_server.url(note_path)
    expect(page.locator("#amendments")).to_contain_text(amendment)
    expect(page.locator("#amendments")).to_contain_text("Client corrected the frequency.")
    expect(page.locator("#note-status")).to_have_text("Signed")
    assert page.locator("#note-body").inner_text() == body_before
    expect(page.locator("#note-body")).not_to_contain_text(amendment)


def test_wrong_password_shows_the_error_and_no_client_data(
    page: Page, console: ConsoleWatch, demo_server: DemoServer, known_client: KnownClient
) -> None:
    console.allow(r"status of 401")  # the failed login answers 401 on purpose
    clinician = demo_server.login_for("clinician")
    page.goto(demo_server.url("/login/"))
    page.fill("#id_email", clinician.email)
    page.fill("#id_password", "not-the-password-" + uuid.uuid4().hex[:6])
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()

    assert page.url == demo_server.url("/login/")
    expect(page.get_by_role("alert")).to_have_text(
        "That e-mail and password do not match an account."
    )
    assert known_client.name not in page.locator("body").inner_text()
    expect(page.locator("#results")).to_have_count(0)
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)

    page.goto(demo_server.url(known_client.chart_path))
    assert page.url.startswith(demo_server.url("/login/?next="))
    assert known_client.name not in page.content()


def test_front_desk_sees_demographics_and_sessions_but_no_notes(
    page: Page, console: ConsoleWatch, demo_server: DemoServer, known_client: KnownClient
) -> None:
    console.allow(r"status of 404")  # the note URL answers 404 on purpose
    log_in(page, demo_server, demo_server.login_for("frontdesk"))
    search_and_open_chart(page, known_client.name, known_client.chart_path)

    expect(page.locator("#demographics")).to_contain_text("Date of birth")
    expect(page.locator("#sessions tbody tr").first).to_be_visible()
    expect(page.locator("#notes")).to_have_count(0)
    expect(page.get_by_role("link", name="New SOAP note")).to_have_count(0)
    assert known_client.note_text not in page.locator("body").inner_text()

    response = page.goto(demo_server.url(known_client.note_path))
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("404")
    assert known_client.note_text not in page.content()
    assert known_client.name not in page.content()


def test_search_works_without_javascript(
    browser: Browser, demo_server: DemoServer, known_client: KnownClient
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = new_watched_page(context, ConsoleWatch())
        log_in(page, demo_server, demo_server.login_for("clinician"))
        page.fill("#id_q", known_client.name.split()[-1])
        with page.expect_navigation():
            page.get_by_role("button", name="Search").click()
        # Without htmx the form posts and the whole list page comes back with the results.
        assert page.url == demo_server.url("/clients/search/")
        link = page.locator(f'#results a[href="{known_client.chart_path}"]')
        expect(link).to_have_text(known_client.name)
    finally:
        context.close()


def test_back_button_after_logout_shows_no_client_data(
    page: Page, demo_server: DemoServer, known_client: KnownClient
) -> None:
    log_in(page, demo_server, demo_server.login_for("clinician"))
    page.goto(demo_server.url(known_client.chart_path))
    expect(page.locator("h1")).to_contain_text(known_client.name)
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()

    # Pages are sent with Cache-Control: no-store, so Back asks the server again.
    page.go_back()
    page.wait_for_load_state()
    assert page.url.startswith(demo_server.url("/login/?next="))
    assert known_client.name not in page.content()


def test_pages_have_no_console_errors_or_csp_violations(
    page: Page, console: ConsoleWatch, demo_server: DemoServer, known_client: KnownClient
) -> None:
    visited = []
    page.on("load", lambda: visited.append(page.url))
    log_in(page, demo_server, demo_server.login_for("clinician"))
    search_and_open_chart(page, known_client.name, known_client.chart_path)  # includes an htmx swap
    page.goto(demo_server.url(known_client.note_path))
    expect(page.locator("#note-status")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name=f"← {known_client.name}").click()
    with page.expect_navigation():
        page.get_by_role("link", name="New DAP note").click()
    expect(page.locator("textarea").first).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    expect(page.locator("#id_email")).to_be_visible()

    assert len(visited) >= 6, visited
    assert console.unexpected() == [], console.unexpected()


def test_idle_logoff_blanks_the_page_and_lands_on_login(
    page: Page, demo_server: DemoServer, known_client: KnownClient
) -> None:
    # Both clocks are moved instead of waited for: the browser's with Playwright's
    # fake timers, the server's by ageing the session's last-seen time.
    page.clock.install()
    log_in(page, demo_server, demo_server.login_for("clinician"))
    # Stop the browser's clock before the chart loads, so its idle timer starts
    # at a known instant and nothing fires before the test moves the clock.
    page.clock.pause_at(page.evaluate("Date.now()") + 1_000)
    page.goto(demo_server.url(known_client.chart_path))
    expect(page.locator("h1")).to_contain_text(known_client.name)
    idle_seconds = int(
        page.locator('meta[name="sealbook-idle-seconds"]').get_attribute("content") or 0
    )
    assert idle_seconds > 0

    session = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    age_server_session(demo_server, session["value"], idle_seconds + 5)
    # What the chart page shows as it is left, written down by the page itself when it
    # unloads: checking it from outside would race the script's navigation to the login page.
    page.evaluate(
        """() => window.addEventListener("pagehide", () => sessionStorage.setItem(
            "as-left", JSON.stringify({
                text: document.body.innerText,
                main: document.getElementById("main").innerHTML,
                curtain: !document.getElementById("idle-curtain").hidden,
            })))"""
    )
    page.clock.run_for(idle_seconds * 1000 + 100)
    page.clock.run_for(2_000)
    page.wait_for_url(re.compile(r"/login/\?idle=1$"))
    expect(page.locator("#idle-notice")).to_be_visible()
    assert known_client.name not in page.content()

    # The script blanked the chart at once, before it navigated away.
    left = page.evaluate("JSON.parse(sessionStorage.getItem('as-left'))")
    assert left["curtain"] is True
    assert known_client.name not in left["text"]
    assert known_client.name not in left["main"]

    # The server ended the session too: the chart is behind the login again.
    page.goto(demo_server.url(known_client.chart_path))
    assert page.url.startswith(demo_server.url("/login/?next="))
    assert known_client.name not in page.content()


def test_browser_form_posts_pass_the_csrf_origin_check(
    browser: Browser, demo_server: DemoServer
) -> None:
    context = browser.new_context()  # without the work-around
    try:
        page = new_watched_page(context, ConsoleWatch())
        log_in(page, demo_server, demo_server.login_for("clinician"))
        assert page.url == demo_server.url("/clients/"), page.locator("body").inner_text()[:200]
    finally:
        context.close()
