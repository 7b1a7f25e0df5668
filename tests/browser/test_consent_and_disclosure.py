"""Consent, a release of information and the disclosure gate, in a real browser.

Sealbook has no client portal yet, so the client's informed consent is typed
on the practice's device and recorded by the clinician. The clinician then
records an authorization to a (synthetic) physician, sends a records export
under it after re-authenticating, revokes it, and a second send is refused
with the reason on the page; a court-ordered disclosure appears in the
accounting, the authorized one (which 164.528 excludes) does not. Last, the
client withdraws the informed consent and the chart shows it as not consented.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.support import ConsoleWatch, DemoServer, KnownClient, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

PHYSICIAN = "Dr. Jordan Placeholder-Internist"
COURT = "Circuit Court of Synthetic County"


def expect(target: Page | Locator) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def today() -> str:
    return datetime.datetime.now(datetime.UTC).date().isoformat()


def click_and_wait(page: Page, locator: Locator) -> None:
    with page.expect_navigation():
        locator.click()


def sign_informed_consent(page: Page, client_name: str) -> None:
    click_and_wait(page, page.get_by_role("link", name="Consents and changes"))
    row = page.locator("#consent-status tr.consent-informed-consent")
    click_and_wait(page, row.get_by_role("link", name="Record a signature"))
    expect(page.locator("#consent-text")).to_contain_text("limits of confidentiality")
    page.fill("#id_signer_name", client_name)
    # The date is today's, shown as text: there is no date to type for a signature made here.
    expect(page.locator("#signature-date")).to_contain_text(today())
    expect(page.locator("#id_signed_on")).to_have_count(0)
    page.select_option("#id_method", "typed")
    page.check("#id_agreed")
    click_and_wait(page, page.get_by_role("button", name="Record signature"))
    expect(row.locator(".badge")).to_have_text("Consented")


def fill_authorization(page: Page, *, purpose: str) -> None:
    page.check('input[name="categories"][value="progress-notes"]')
    page.check('input[name="categories"][value="service-dates"]')
    page.fill("#id_description", "Signed progress notes and dates of service")
    page.fill("#id_recipient_name", PHYSICIAN)
    page.fill("#id_recipient_address", "400 Placeholder Ave, Fictionville")
    page.fill("#id_purpose", purpose)
    expiry = datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=120)
    page.fill("#id_expires_on", expiry.isoformat())
    page.fill("#id_signer_name", "Synthetic Client Signature")
    page.fill("#id_signed_on", today())
    for name in ("right_to_revoke", "conditioning", "redisclosure"):
        page.check(f"#id_statement_{name}")
    page.check("#id_copy_given_to_client")


def reauthenticate(page: Page, password: str) -> None:
    expect(page.locator("h1")).to_have_text("Confirm it is you")
    page.fill("#id_password", password)
    click_and_wait(page, page.get_by_role("button", name="Confirm"))


def download_export(page: Page) -> zipfile.ZipFile:
    with page.expect_download() as download:
        page.locator("#send").click()
    path = download.value.path()
    return zipfile.ZipFile(io.BytesIO(path.read_bytes()))


def test_consent_authorization_export_revocation_and_accounting(
    page: Page, console: ConsoleWatch, demo_server: DemoServer, known_client: KnownClient
) -> None:
    # The refused form and the refused send answer 400 and 409 on purpose.
    console.allow(r"status of 40[09]")
    login = demo_server.login_for("clinician")
    log_in(page, demo_server, login)
    page.goto(demo_server.url(known_client.chart_path))
    sign_informed_consent(page, known_client.name)

    # An authorization missing an element is refused, names the element, saves nothing.
    page.goto(demo_server.url(known_client.chart_path))
    click_and_wait(page, page.locator("#releases").get_by_role("link", name="New authorization"))
    fill_authorization(page, purpose="")
    click_and_wait(page, page.get_by_role("button", name="Record authorization"))
    expect(page.locator("#form-problems")).to_be_visible()
    expect(page.locator("form.card")).to_contain_text("164.508(c)(1)(iv)")

    fill_authorization(page, purpose="Coordination of care")
    click_and_wait(page, page.get_by_role("button", name="Record authorization"))
    expect(page.locator("#auth-status")).to_have_text("Active")
    authorization_path = page.url.removeprefix(demo_server.base_url)

    # Sending needs a fresh re-authentication, then goes through the gate.
    click_and_wait(page, page.locator("#send-export"))
    reauthenticate(page, login.password)
    expect(page.locator("h1")).to_contain_text(PHYSICIAN)
    archive = download_export(page)
    manifest = json.loads(archive.read("manifest.json"))
    assert "record.fhir.json" in manifest["files"] and "record.pdf" in manifest["files"]
    send_path = page.url.removeprefix(demo_server.base_url)

    page.goto(demo_server.url(authorization_path))
    click_and_wait(page, page.get_by_role("button", name="Record revocation"))
    expect(page.locator("#auth-status")).to_have_text("Revoked")
    expect(page.locator("#send-export")).to_have_count(0)

    # A second send under the revoked authorization is refused, with the reason.
    page.goto(demo_server.url(send_path))
    with page.expect_navigation():
        page.locator("#send").click()
    expect(page.locator("#refusal")).to_contain_text("revoked")

    # A court-ordered disclosure: accounted for, unlike the authorized one.
    page.goto(demo_server.url(known_client.chart_path))
    click_and_wait(page, page.locator("#releases").get_by_role("link", name="Disclose under"))
    page.select_option("#id_basis", "court-order")
    page.fill("#id_recipient_name", COURT)
    page.fill("#id_purpose", "Compliance with a court order")
    page.check('input[name="categories"][value="service-dates"]')
    page.fill("#id_court-order__court", COURT)
    page.fill("#id_court-order__order_date", today())
    with page.expect_navigation():
        page.locator("#send").click()
    expect(page.locator("#refusal")).to_contain_text("Case or docket number")
    page.fill("#id_court-order__case_number", "26-CV-00042")
    download_export(page)

    page.goto(demo_server.url(known_client.chart_path))
    click_and_wait(page, page.locator("#releases").get_by_role("link", name="Accounting"))
    accounting = page.locator("#accounting")
    expect(accounting).to_contain_text(COURT)
    expect(accounting).to_contain_text("Compliance with a court order")
    expect(accounting).not_to_contain_text(PHYSICIAN)

    # The client withdraws their informed consent: one confirmed form, no script of ours.
    page.goto(demo_server.url(known_client.chart_path))
    click_and_wait(page, page.get_by_role("link", name="Consents and changes"))
    signatures = page.locator("#signatures")
    # The informed consent's row (the demo's client also signed the telehealth consent).
    signed = signatures.locator("tr", has_text="Informed consent")
    signed.locator("summary", has_text="Withdraw").click()
    expect(signed.locator('input[name="withdrawn_on"]')).to_have_value(today())
    signed.locator('input[name="confirmed"]').check()
    click_and_wait(page, signed.get_by_role("button", name="Record the withdrawal"))
    row = page.locator("#consent-status tr.consent-informed-consent")
    expect(row.locator(".badge")).to_have_text("Not consented")
    expect(row).to_contain_text(f"withdrawn on {today()}")
    expect(signatures).to_contain_text("Withdrawn")
