"""The client portal end to end, in a real browser, with e-mail over a real SMTP server.

The clinician invites a client from the chart; the invitation is read off the
SMTP server the served practice sends to; the client sets a password and an
authenticator app, signs a consent the clinician sent (the chart then says
"signed in the portal"), writes a message with an attachment; the clinician
reads it in the inbox and replies; the client reads the reply and sees the
clinician's opening of the chart in "Who has seen my record"; asks for a copy
of the record, which the clinician delivers in the portal (after
re-authenticating) and the client downloads after giving their password and a
recovery code again; asks for an amendment, which the clinician accepts into
a note. Every e-mail sent on the way passes the leak check with the client on
the roster.
"""

from __future__ import annotations

import base64
import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sealbook.core.deid.roster import Roster, RosterClient
from tests.browser.support import (
    STEP_TIMEOUT_MS,
    ConsoleWatch,
    DemoServer,
    KnownClient,
    another_desk,
    click_and_wait,
    expect,
    log_in,
)
from tests.browser.test_consent_and_disclosure import reauthenticate
from tests.mail.support import assert_reveals_nothing, links_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytestmark = pytest.mark.browser

ADDRESS = "portal.browser@client.example.net"
PASSWORD = "a synthetic portal password 42"


def totp_code(secret: str, offset: int = 0) -> str:
    from django_otp.oath import totp

    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, step=30, t0=0, digits=6, drift=offset):06d}"


def portal_nav(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Portal")


def test_a_client_is_invited_signs_and_messages_the_care_team(
    page: Page,
    browser: Browser,
    console: ConsoleWatch,
    demo_server: DemoServer,
    known_client: KnownClient,
) -> None:
    mailbox = demo_server.mailbox
    already = len(mailbox.messages)
    roster = Roster(
        clients=(RosterClient(client_ref="c1", names=(known_client.name,), emails=(ADDRESS,)),)
    )

    # The clinician invites the client from the chart.
    log_in(page, demo_server, demo_server.login_for("clinician"))
    page.goto(demo_server.url(known_client.chart_path))
    click_and_wait(page, page.locator("#chart-portal-link"))
    page.fill("#id_email", ADDRESS)
    page.select_option("#id_kind", "client")
    click_and_wait(page, page.get_by_role("button", name="Send the invitation"))
    expect(page.locator("#invitation-sent")).to_be_visible()
    invitation = mailbox.messages[already]
    assert invitation["To"] == ADDRESS
    assert_reveals_nothing(invitation, roster)
    (link,) = links_in(invitation)

    with another_desk(browser, console) as desk:
        # The client sets a password and an authenticator app.
        desk.goto(link)
        secret = desk.locator("#totp-secret").inner_text().strip()
        desk.fill("#id_password", PASSWORD)
        desk.fill("#id_password_again", PASSWORD)
        desk.fill("#id_code", totp_code(secret))
        # Eleven Argon2id hashes (the password, ten recovery codes): slow on a busy machine.
        desk.set_default_timeout(90_000)
        click_and_wait(desk, desk.get_by_role("button", name="Set up my account"))
        desk.set_default_timeout(STEP_TIMEOUT_MS)
        expect(desk.locator("#recovery-codes li")).to_have_count(10)
        recovery_codes = desk.locator("#recovery-codes li").all_inner_texts()
        click_and_wait(desk, desk.get_by_role("link", name="Continue"))
        expect(desk.get_by_role("navigation", name="Portal")).to_contain_text("Messages")

        # The clinician sends a consent to sign; the client signs it in the portal.
        page.goto(demo_server.url(known_client.chart_path.rstrip("/") + "/portal/"))
        page.select_option("#id_consent_kind", "telehealth")
        click_and_wait(page, page.get_by_role("button", name="Send to sign in the portal"))
        expect(page.locator("#sent-to-sign")).to_be_visible()
        click_and_wait(desk, portal_nav(desk).get_by_role("link", name="Documents to sign"))
        click_and_wait(desk, desk.locator("#to-sign a").first)
        expect(desk.locator("#consent-text")).to_be_visible()
        desk.fill("#id_signer_name", known_client.name)
        desk.check("#id_agree")
        desk.fill("#id_code", totp_code(secret, 1))
        click_and_wait(desk, desk.get_by_role("button", name="Sign"))
        expect(desk.locator("#signed-notice")).to_be_visible()
        page.goto(demo_server.url(known_client.chart_path))
        expect(page.locator("#consents")).to_contain_text("signed in the portal")

        # The client writes with an attachment.
        click_and_wait(desk, portal_nav(desk).get_by_role("link", name="Messages"))
        expect(desk.locator("#crisis-text")).to_contain_text("not monitored for emergencies")
        desk.fill("#id_subject", "A question about homework")
        desk.fill("#id_body", "Is the worksheet due next week? Synthetic text.")
        desk.set_input_files(
            "#id_file",
            {"name": "worksheet.txt", "mimeType": "text/plain", "buffer": b"synthetic"},
        )
        click_and_wait(desk, desk.get_by_role("button", name="Send"))
        expect(desk.locator("#messages")).to_contain_text("with an attached file")

        # The clinician reads it in the inbox (one unread) and replies.
        click_and_wait(page, page.get_by_role("link", name="Messages", exact=True))
        row = page.locator("#inbox tr", has_text="A question about homework")
        expect(row.locator("strong")).to_have_text("1")
        click_and_wait(page, row.get_by_role("link"))
        expect(page.locator("#messages")).to_contain_text("Is the worksheet due")
        expect(page.get_by_role("link", name="Attached file")).to_be_visible()
        page.fill("#id_body", "Yes, next week is fine. Synthetic reply.")
        click_and_wait(page, page.get_by_role("button", name="Send reply"))

        # The client reads the reply.
        desk.reload()
        expect(desk.locator("#messages")).to_contain_text("next week is fine")

        # The client sees the clinician's opening of the chart in "Who has seen my record".
        click_and_wait(desk, portal_nav(desk).get_by_role("link", name="Who has seen my record"))
        clinician_row = desk.locator("#access-history tr", has_text="your chart")
        expect(clinician_row.first).to_contain_text("Clinician")

        # The client asks for a copy of the record; the clinician delivers it in the portal.
        click_and_wait(desk, portal_nav(desk).get_by_role("link", name="Requests"))
        click_and_wait(desk, desk.locator("#ask-for-copy"))
        expect(desk.locator("#rights-asked")).to_be_visible()
        rights_page = demo_server.url(known_client.chart_path.rstrip("/") + "/portal/rights/")
        page.goto(rights_page)
        click_and_wait(page, page.locator(".deliver-link").first)
        reauthenticate(page, demo_server.login_for("clinician").password)
        click_and_wait(page, page.locator("#deliver-copy"))
        expect(page.locator("#staff-copies")).to_contain_text("delivered")

        # The client downloads it after giving their password and a recovery code again.
        desk.reload()
        click_and_wait(desk, desk.locator("a.download-copy"))
        desk.fill("#id_password", PASSWORD)
        desk.fill("#id_code", recovery_codes[0].strip())
        with desk.expect_download() as download:
            desk.get_by_role("button", name="Download").click()
        copy = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
        assert "record.fhir.json" in copy.namelist()

        # The client asks for an amendment; the clinician accepts it into a note.
        click_and_wait(desk, portal_nav(desk).get_by_role("link", name="Requests"))
        desk.fill("#id_change", "The worksheet was assigned, not completed. Synthetic.")
        desk.fill("#id_reason", "A synthetic reason.")
        click_and_wait(desk, desk.get_by_role("button", name="Ask for this correction"))
        expect(desk.locator("#rights-requests")).to_contain_text("Waiting for the clinician")
        page.goto(rights_page)
        chosen = page.locator("#staff-amendments select").select_option(index=1)
        click_and_wait(page, page.locator(".accept-amendment"))
        expect(page.locator("#staff-amendments")).to_contain_text("Accepted")
        page.goto(demo_server.url(f"/notes/{chosen[0]}/"))
        expect(page.locator("main")).to_contain_text("The worksheet was assigned, not completed.")
        desk.reload()
        expect(desk.locator("#rights-requests")).to_contain_text("Accepted")

    sent = mailbox.messages[already:]
    # The invitation, the document to sign, the new message, the download ready.
    assert len(sent) >= 4
    for message in sent:
        assert_reveals_nothing(message, roster)
        for line in links_in(message):
            assert re.search(r"/(portal|messages)/", line), line
