"""The chart in a real browser: section links that lead somewhere, notes newest
first and collapsed behind a preview, each note one click from its session, and
all of it without JavaScript too."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.support import (
    DemoServer,
    KnownClient,
    click_and_wait,
    expect,
    log_in,
    new_watched_page,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from tests.browser.support import ConsoleWatch

pytestmark = pytest.mark.browser

SECTIONS = [
    ("Overview", "overview"),
    ("Sessions and notes", "sessions"),
    ("Documents", "documents"),
    ("Consents", "consents"),
    ("Releases", "releases"),
]


def open_chart(page: Page, server: DemoServer, client: KnownClient) -> None:
    log_in(page, server, server.login_for("clinician"))
    page.goto(server.url(client.chart_path))
    expect(page.locator("h1")).to_contain_text(client.name)


def in_viewport(page: Page, selector: str) -> bool:
    top = page.locator(selector).evaluate("e => e.getBoundingClientRect().top")
    return -2 <= float(top) < float(page.evaluate("innerHeight"))


def test_the_section_links_take_the_reader_to_each_section(
    page: Page, demo_server: DemoServer, known_client: KnownClient, screenshot_dir: Path
) -> None:
    open_chart(page, demo_server, known_client)
    nav = page.get_by_role("navigation", name="Sections of the chart")
    page.screenshot(path=str(screenshot_dir / "sealbook-chart-sections.png"), full_page=True)
    for label, target in reversed(SECTIONS):
        nav.get_by_role("link", name=label, exact=True).click()
        page.wait_for_url(re.compile(rf"#{target}$"))
        expect(page.locator(f"#{target}")).to_be_visible()
        assert in_viewport(page, f"#{target}"), f"{label} did not scroll to its section"


def test_notes_are_newest_first_collapsed_and_open_in_place(
    page: Page, demo_server: DemoServer, known_client: KnownClient
) -> None:
    open_chart(page, demo_server, known_client)
    dates = page.locator("#sessions tbody tr td:first-child").all_inner_texts()
    assert dates == sorted(dates, reverse=True) and len(dates) >= 2
    note_dates = [
        re.search(r"of (\d{4}-\d{2}-\d{2})", heading).group(1)  # type: ignore[union-attr]
        for heading in page.locator("#notes .note-heading").all_inner_texts()
    ]
    assert note_dates == sorted(note_dates, reverse=True), note_dates
    # The demo's last note is an intake's: the oldest, at the bottom.
    expect(page.locator("#notes article.note").last).to_contain_text("intake assessment")

    note = page.locator("#notes article.note").first
    body = note.locator("details.note-body")
    expect(body).not_to_have_attribute("open", "")
    preview = note.locator("summary .note-preview").inner_text()
    assert preview.endswith("…") and "\n" not in preview
    full = note.locator(".prewrap").first
    expect(full).to_be_hidden()
    note.locator("summary").click()
    expect(full).to_be_visible()
    assert preview.startswith(" ".join(full.inner_text().split())[:40])


def test_each_note_leads_to_its_session_and_back(
    page: Page, demo_server: DemoServer, known_client: KnownClient
) -> None:
    open_chart(page, demo_server, known_client)
    note = page.locator("#notes article.note").first
    note_id = note.get_attribute("id") or ""
    session_link = note.locator(".note-heading a[href^='#session-']")
    session_id = (session_link.get_attribute("href") or "")[1:]
    session_link.click()
    page.wait_for_url(re.compile(rf"#{session_id}$"))
    row = page.locator(f"#{session_id}")
    assert in_viewport(page, f"#{session_id}")
    row.locator(f"a[href='#{note_id}']").click()
    page.wait_for_url(re.compile(rf"#{note_id}$"))
    assert in_viewport(page, f"#{note_id}")


def test_the_chart_works_without_javascript(
    browser: Browser, console: ConsoleWatch, demo_server: DemoServer, known_client: KnownClient
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = new_watched_page(context, console)
        open_chart(page, demo_server, known_client)
        page.get_by_role("link", name="Consents", exact=True).click()
        page.wait_for_url(re.compile(r"#consents$"))
        note = page.locator("#notes article.note").first
        note.locator("summary").click()
        expect(note.locator(".prewrap").first).to_be_visible()
        click_and_wait(page, note.locator(".note-heading a").first)
        assert re.search(r"/notes/[0-9a-f-]{36}/$", page.url)
    finally:
        context.close()
    assert console.unexpected() == []


def test_a_collapsed_note_takes_a_few_lines_not_a_screen(
    page: Page, demo_server: DemoServer, known_client: KnownClient
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    open_chart(page, demo_server, known_client)
    notes = page.locator("#notes article.note")
    heights = [float(n.evaluate("e => e.getBoundingClientRect().height")) for n in notes.all()]
    # Spelled out, a demo SOAP note stood about 300 px tall (six of them made the
    # chart about 4,000 px); collapsed it is its heading and a preview line or two.
    assert heights and max(heights) < 110, heights
    notes.first.locator("summary").click()
    opened = float(notes.first.evaluate("e => e.getBoundingClientRect().height"))
    assert opened > 2 * max(heights), "the note did not open to its whole text"
