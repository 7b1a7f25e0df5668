"""Staff offboarding and the practice policy in a real browser (issue 17).

The demo server is shared by the whole session, so the deactivation is made to a
staff account the test invites itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.support import (
    STEP_TIMEOUT_MS,
    ConsoleWatch,
    DemoServer,
    Login,
    age_server_session,
    another_desk,
    click_and_wait,
    expect,
    log_in,
)
from tests.browser.test_portal import totp_code
from tests.browser.test_roles_and_staff import reauthenticate
from tests.mail.support import assert_reveals_nothing, links_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

DANA_EMAIL = "dana.leaving@demo.example.org"
DANA_PASSWORD = "a synthetic staff password 31"


def set_up_from_the_invitation(desk: Page, link: str) -> None:
    """The invitee's side of the e-mail's one-time link: password, authenticator app, in."""
    desk.goto(link)
    secret = desk.locator("#totp-secret").inner_text().strip()
    desk.fill("#id_password", DANA_PASSWORD)
    desk.fill("#id_password_again", DANA_PASSWORD)
    desk.fill("#id_code", totp_code(secret))
    # Eleven Argon2id hashes (the password, ten recovery codes): slow on a busy machine.
    desk.set_default_timeout(90_000)
    click_and_wait(desk, desk.get_by_role("button", name="Set up my account"))
    desk.set_default_timeout(STEP_TIMEOUT_MS)
    expect(desk.locator("#recovery-codes li")).to_have_count(10)
    click_and_wait(desk, desk.get_by_role("link", name="Continue"))


def test_an_invited_clinician_is_deactivated_logged_out_at_once_and_reactivated(
    page: Page, browser: Browser, console: ConsoleWatch, demo_server: DemoServer
) -> None:
    console.allow(r"status of 401")  # the refused login answers 401, on purpose
    mailbox = demo_server.mailbox
    owner = demo_server.login_for("owner")
    log_in(page, demo_server, owner)
    page.goto(demo_server.url("/staff/"))
    reauthenticate(page, owner.password)
    page.fill("#id_email", DANA_EMAIL)
    page.fill("#id_display_name", "Dana Leaving")
    page.locator("#id_role").select_option(label="Clinician")
    already = len(mailbox.messages)
    click_and_wait(page, page.get_by_role("button", name="Invite by e-mail"))
    expect(page.locator("#staff-message")).to_contain_text("Dana Leaving was invited")
    invitation = mailbox.messages[already]
    assert invitation["To"] == DANA_EMAIL
    assert_reveals_nothing(invitation)
    (link,) = links_in(invitation)

    with another_desk(browser, console) as dana:
        set_up_from_the_invitation(dana, link)
        assert not dana.url.startswith(demo_server.url("/login/"))

        page.goto(demo_server.url("/staff/"))
        click_and_wait(page, page.get_by_role("link", name="Deactivate Dana Leaving"))
        expect(page.locator("h1")).to_have_text("Deactivate Dana Leaving?")
        click_and_wait(page, page.get_by_role("button", name="Deactivate Dana Leaving"))
        expect(page.locator("#staff-message")).to_have_text("Dana Leaving was deactivated.")
        expect(page.locator("#responsibilities")).to_contain_text("Psychotherapy notes written: 0")

        # Dana's open session is gone: the next request lands on the login page.
        dana.reload()
        assert dana.url.startswith(demo_server.url("/login/"))
        log_in(dana, demo_server, Login("clinician", DANA_EMAIL, DANA_PASSWORD))
        expect(dana.locator(".error")).to_contain_text("do not match an account")

        # Back after a leave: a new link, a new password and second factor.
        page.goto(demo_server.url("/staff/"))
        click_and_wait(page, page.get_by_role("link", name="Reactivate Dana Leaving"))
        already = len(mailbox.messages)
        click_and_wait(page, page.get_by_role("button", name="Reactivate Dana Leaving"))
        expect(page.locator("#staff-message")).to_contain_text("Dana Leaving was reactivated")
        (link,) = links_in(mailbox.messages[already])
        set_up_from_the_invitation(dana, link)
        assert not dana.url.startswith(demo_server.url("/login/"))


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
