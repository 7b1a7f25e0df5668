"""Passkeys in a real browser: Chromium's virtual authenticator, through the DevTools protocol.

The authenticator is a platform one (internal transport) that holds resident
keys and always verifies the user, as a laptop's fingerprint reader would. The
auditor enrols a passkey, logs in with password and passkey, re-authenticates
with it and removes it, so later tests find the auditor's login as it was.

WebAuthn needs a secure context and a domain as relying-party id: the pages
are opened at http://localhost (secure for Chromium), not at 127.0.0.1.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.browser.support import DemoServer, Login, click_and_wait, expect

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, CDPSession, Page

pytestmark = pytest.mark.browser


@pytest.fixture
def authenticator(context: BrowserContext, page: Page) -> Iterator[tuple[CDPSession, str]]:
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    yield cdp, added["authenticatorId"]
    cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": added["authenticatorId"]})


@pytest.fixture
def auditor(demo_server: DemoServer) -> Iterator[Login]:
    login = demo_server.login_for("auditor")
    yield login
    # Should the test stop half-way, leave no passkey behind for the other tests' logins.
    with sqlite3.connect(demo_server.home / "sealbook.sqlite3") as db:
        db.execute("DELETE FROM staff_passkey")


def localhost(demo_server: DemoServer, path: str) -> str:
    return demo_server.base_url.replace("127.0.0.1", "localhost") + path


def password_login(page: Page, demo_server: DemoServer, login: Login) -> None:
    page.goto(localhost(demo_server, "/login/"))
    page.fill("#id_email", login.email)
    page.fill("#id_password", login.password)
    click_and_wait(page, page.get_by_role("button", name="Log in"))


def test_a_passkey_is_enrolled_used_to_log_in_and_removed(
    page: Page, demo_server: DemoServer, auditor: Login, authenticator: tuple[CDPSession, str]
) -> None:
    cdp, authenticator_id = authenticator
    password_login(page, demo_server, auditor)

    # Adding a passkey asks for the password again first.
    page.goto(localhost(demo_server, "/account/passkeys/"))
    assert "/reauthenticate/" in page.url
    page.fill("#id_password", auditor.password)
    click_and_wait(page, page.get_by_role("button", name="Confirm", exact=True))
    expect(page.locator("#no-passkeys")).to_be_visible()

    page.fill("#passkey-name", "Synthetic laptop")
    click_and_wait(page, page.get_by_role("button", name="Add a passkey"))
    expect(page.locator("#passkey-list")).to_contain_text("Synthetic laptop")
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(stored["credentials"]) == 1 and stored["credentials"][0]["isResidentCredential"]

    # From now on a password alone opens nothing: the passkey is the second factor.
    click_and_wait(page, page.get_by_role("button", name="Log out"))
    password_login(page, demo_server, auditor)
    assert page.url.endswith("/mfa/verify/")
    # The code form offers the passkey beside it.
    click_and_wait(page, page.get_by_role("button", name="Use my passkey"))
    assert "/mfa/" not in page.url
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert stored["credentials"][0]["signCount"] >= 1

    # Removing it needs a re-authentication, which the passkey itself can give.
    page.goto(localhost(demo_server, "/account/passkeys/"))
    assert "/reauthenticate/" in page.url
    click_and_wait(page, page.get_by_role("button", name="Confirm with my passkey"))
    assert page.url.endswith("/account/passkeys/")
    click_and_wait(page, page.get_by_role("button", name="Remove Synthetic laptop"))
    expect(page.locator("#no-passkeys")).to_be_visible()
