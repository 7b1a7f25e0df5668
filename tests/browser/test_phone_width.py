"""Every main page at a phone's width (390 px): laid out without a horizontal scroll,
the header's navigation included, and a screenshot of each for review (under
pytest's temporary folder, or BROWSER_SCREENSHOT_DIR)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.main_pages import MAIN_PAGES, MainPage, SignedIn
from tests.browser.support import ConsoleWatch, KnownClient

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("main_page", MAIN_PAGES, ids=lambda p: p.id)
def test_main_page_fits_a_phone_without_horizontal_scroll(
    main_page: MainPage,
    signed_in: SignedIn,
    known_client: KnownClient,
    console: ConsoleWatch,
    screenshot_dir: Path,
) -> None:
    page = signed_in.page(main_page.role, console)
    try:
        page.set_viewport_size(PHONE)
        path = main_page.resolve(known_client)
        status = signed_in.open(page, main_page.role, path)
        assert status == 200, f"{main_page.id} answered {status}"
        # Not sent elsewhere (to a password prompt, say); a page may lead on to its
        # own step (the key page of a clinician without a key, to the enrolment).
        landed = urlsplit(page.url).path
        assert landed.startswith(urlsplit(path).path), f"{main_page.id} went to {landed}"
        name = re.sub(r"[^a-z0-9]+", "-", main_page.id.lower()).strip("-")
        page.screenshot(path=screenshot_dir / f"phone-{name}.png", full_page=True)
        scroll_width, client_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        wider = page.evaluate(
            """(limit) => [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > limit + 0.5)
                .slice(0, 5).map(e => e.outerHTML.slice(0, 120))""",
            client_width,
        )
        assert scroll_width <= client_width, (
            f"{main_page.id} is {scroll_width} px wide on a {client_width} px screen; "
            f"wider elements: {wider}"
        )
        for link in page.locator("header a, header button").all():
            box = link.bounding_box()
            assert box is not None and box["x"] + box["width"] <= client_width, (
                f"{link.inner_text()!r} in the header of {main_page.id} runs off the screen"
            )
    finally:
        page.close()
    assert not console.unexpected(), console.unexpected()
