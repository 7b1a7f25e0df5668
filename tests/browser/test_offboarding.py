"""Staff offboarding and the practice policy in a real browser (issue 17).

The demo server is shared by the whole session, so the deactivation is made to a
staff account the test creates itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.support import (
    ConsoleWatch,
    DemoServer,
    Login,
    age_server_session,
    another_desk,
    click_and_wait,
    expect,
    log_in,
)
from tests.browser.test_roles_and_staff import reauthenticate

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


def test_the_owner_deactivates_a_clinician_whose_open_session_ends_at_its_next_request(
    page: Page, browser: Browser, console: ConsoleWatch, demo_server: DemoServer
) -> None:
    console.allow(r"status of 401")  # the refused login answers 401, on purpose
    owner = demo_server.login_for("owner")
    log_in(page, demo_server, owner)
    page.goto(demo_server.url("/staff/"))
    reauthenticate(page, owner.password)
    page.fill("#id_email", "dana.leaving@demo.example.org")
    page.fill("#id_display_name", "Dana Leaving")
    page.locator("#id_role").select_option(label="Clinician")
    click_and_wait(page, page.get_by_role("button", name="Create account"))
    password = page.locator("#temporary-password").inner_text().strip()
    dana_login = Login("clinician", "dana.leaving@demo.example.org", password)

    with another_desk(browser, console) as dana:
        log_in(dana, demo_server, dana_login)
        assert dana.url == demo_server.url("/account/password/")  # signed in, asked for a password

        page.goto(demo_server.url("/staff/"))
        click_and_wait(page, page.get_by_role("link", name="Deactivate Dana Leaving"))
        expect(page.locator("h1")).to_have_text("Deactivate Dana Leaving?")
        click_and_wait(page, page.get_by_role("button", name="Deactivate Dana Leaving"))
        expect(page.locator("#staff-message")).to_have_text("Dana Leaving was deactivated.")
        expect(page.locator("#responsibilities")).to_contain_text("Psychotherapy notes written: 0")

        # Dana's open session is gone: the next request lands on the login page.
        dana.reload()
        assert dana.url.startswith(demo_server.url("/login/"))
        log_in(dana, demo_server, dana_login)
        expect(dana.locator(".error")).to_contain_text("do not match an account")


def set_idle_logoff(page: Page, demo_server: DemoServer, minutes: str) -> None:
    page.goto(demo_server.url("/practice/policy/"))
    if page.locator("h1").inner_text() == "Confirm it is you":
        reauthenticate(page, demo_server.login_for("owner").password)
    page.get_by_label("Idle logoff minutes").fill(minutes)
    click_and_wait(page, page.get_by_role("button", name="Save the practice policy"))
    expect(page.locator("#policy-message")).to_contain_text("The practice policy is saved")


def test_the_owner_changes_the_idle_timeout_and_the_next_idle_logoff_follows_it(
    page: Page, browser: Browser, console: ConsoleWatch, demo_server: DemoServer
) -> None:
    log_in(page, demo_server, demo_server.login_for("owner"))
    set_idle_logoff(page, demo_server, "3")
    try:
        with another_desk(browser, console) as desk:
            log_in(desk, demo_server, demo_server.login_for("frontdesk"))
            desk.goto(demo_server.url("/clients/"))
            meta = desk.locator('meta[name="sealbook-idle-seconds"]')
            expect(meta).to_have_attribute("content", "180")
            session = next(c for c in desk.context.cookies() if c["name"] == "sessionid")
            # Three minutes and a little more without a request, on the server's clock.
            age_server_session(demo_server, session["value"], 185)
            desk.goto(demo_server.url("/clients/"))
            assert desk.url == demo_server.url("/login/?idle=1")
    finally:
        set_idle_logoff(page, demo_server, "")
