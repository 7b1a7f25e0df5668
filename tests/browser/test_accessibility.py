"""Accessibility in a real browser: axe-core's WCAG 2.1 A and AA rules over every
main page of every role, with no violation allowed; and the fixes axe cannot
judge alone: the error summary takes the focus and links each error to its
field, the client search announces its results, the skip link, header cells
with text, and a visible focus ring of the project's own colour."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from tests.browser.axe import describe, wcag_violations
from tests.browser.main_pages import MAIN_PAGES, MainPage, SignedIn
from tests.browser.support import ConsoleWatch, KnownClient, expect

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

FOCUS_RING = "rgb(179, 71, 0)"  # --focus in app.css


def assert_accessible(page: Page, where: str) -> None:
    violations = wcag_violations(page)
    assert not violations, f"axe-core found WCAG A/AA violations on {where}:\n" + describe(
        violations
    )
    empty_headers = page.evaluate(
        "() => [...document.querySelectorAll('th')].filter(th => !th.textContent.trim()).length"
    )
    assert empty_headers == 0, f"{where} has {empty_headers} table header cell(s) with no text"


@pytest.mark.parametrize("main_page", MAIN_PAGES, ids=lambda p: p.id)
def test_main_page_has_no_wcag_violations(
    main_page: MainPage, signed_in: SignedIn, known_client: KnownClient, console: ConsoleWatch
) -> None:
    page = signed_in.page(main_page.role, console)
    try:
        path = main_page.resolve(known_client)
        status = signed_in.open(page, main_page.role, path)
        assert status == 200, f"{main_page.id} answered {status}"
        # Not sent elsewhere (to a password prompt, say); a page may lead on to its
        # own step (the key page of a clinician without a key, to the enrolment).
        landed = urlsplit(page.url).path
        assert landed.startswith(urlsplit(path).path), f"{main_page.id} went to {landed}"
        assert_accessible(page, main_page.id)
    finally:
        page.close()
    # Loading axe-core must not have tripped the CSP either.
    assert not console.unexpected(), console.unexpected()


def test_form_errors_take_the_focus_and_link_to_their_fields(
    signed_in: SignedIn, known_client: KnownClient, console: ConsoleWatch
) -> None:
    page = signed_in.page("clinician", console)
    console.allow(r"status of 400")
    signed_in.open(page, "clinician", known_client.chart_path + "authorizations/new/")
    # Let the server, not the browser's own checks, judge the empty form.
    page.evaluate("() => document.querySelectorAll('form').forEach(f => { f.noValidate = true; })")
    with page.expect_navigation():
        page.get_by_role("button", name="Record authorization").click()

    summary = page.locator("#form-problems")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    links = summary.locator("a")
    assert links.count() >= 2, summary.inner_text()
    for i in range(links.count()):
        target = (links.nth(i).get_attribute("href") or "").removeprefix("#")
        field = page.locator(f"[id='{target}']")
        assert field.count() == 1, f"the summary links to #{target}, which is not on the page"
        # The field (or its group's fieldset) names its error list, which exists.
        described = field.evaluate(
            """(el) => {
                const holder = el.closest('fieldset[aria-describedby]') || el;
                return (holder.getAttribute('aria-describedby') || '').split(' ')
                    .filter(id => id.endsWith('_error'))
                    .map(id => document.getElementById(id)?.textContent.trim() || '');
            }"""
        )
        assert described and all(described), f"#{target} is not described by its error"

    # The checkbox group: its fieldset is described by the group's error.
    group = page.locator("fieldset[aria-describedby*='id_categories_error']")
    expect(group).to_have_count(1)
    expect(page.locator("#id_categories_error")).not_to_be_empty()

    links.first.click()
    first_target = (links.first.get_attribute("href") or "").removeprefix("#")
    expect(page.locator(f"[id='{first_target}']")).to_be_focused()
    assert_accessible(page, "the authorization form with its errors")
    page.close()
    assert not console.unexpected(), console.unexpected()


def test_client_search_announces_its_results(
    signed_in: SignedIn, known_client: KnownClient, console: ConsoleWatch
) -> None:
    page = signed_in.page("clinician", console)
    signed_in.open(page, "clinician", "/clients/")
    status = page.locator("#search-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_be_empty()
    node = status.element_handle()

    page.fill("#id_q", known_client.name.split()[-1])
    expect(page.locator("#results #search-results")).to_contain_text(known_client.name)
    expect(status).to_have_text(re.compile(r"^\d+ clients? match(es)? the search\.$"))
    page.fill("#id_q", "Zyxwvut")
    expect(status).to_have_text("No client matches the search.")
    # The same live region, updated in place: a replaced one is not announced.
    assert node is not None and node.evaluate("(el) => el.isConnected")
    page.close()
    assert not console.unexpected(), console.unexpected()


def test_skip_link_and_focus_ring(signed_in: SignedIn, console: ConsoleWatch) -> None:
    page = signed_in.page("clinician", console)
    signed_in.open(page, "clinician", "/clients/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to main content")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link is off screen"
    outline = skip.evaluate(
        "(el) => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineColor]; }"
    )
    assert outline == ["solid", FOCUS_RING], outline

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    focused_in_main = page.evaluate(
        "() => document.getElementById('main').contains(document.activeElement)"
    )
    assert focused_in_main, "Tab after the skip link did not land in the main content"
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineColor, s.outlineWidth]; }"
    )
    assert ring == ["solid", FOCUS_RING, "3px"], ring
    page.close()
    assert not console.unexpected(), console.unexpected()
