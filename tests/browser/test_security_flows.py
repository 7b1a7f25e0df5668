"""Second factor and break-glass in a real browser.

A staff member turns on TOTP and from then on a password alone opens nothing;
a clinician off a client's care team opens the chart in an emergency only
after re-authenticating and giving a reason, and the owner hears of it; a
restricted chart is never offered for break-glass.

The demo server is shared by the whole session, so these tests use logins no
other browser test uses for their own changes: the trainee enrols a second
factor (every later login of the trainee needs a code), and the colleague is
the only one who breaks the glass. The front desk's 404 on a note URL and the
idle logoff's blank screen are covered in test_clinician_workflow.py.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from tests.browser.support import (
    ConsoleWatch,
    DemoServer,
    KnownClient,
    Login,
    another_desk,
    click_and_wait,
    expect,
    first_visible_client,
    log_in,
    log_out,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

# RFC 6238 as authenticator apps (and django-otp's defaults) use it: HMAC-SHA1,
# 30-second steps from the Unix epoch, six digits.
TOTP_STEP_SECONDS = 30
TOTP_DIGITS = 6
# django-otp refuses every code for a second after a wrong one (and twice as
# long after each further failure), whichever of the user's devices it was for.
THROTTLE_PAUSE_MS = 1_300

EMERGENCY_REASON = "Client phoned the crisis line tonight; I am the on-call clinician."
SHORT_REASON = "urgent"


# An authenticator app, written from the RFC rather than taken from the app's code.


def hotp(key: bytes, counter: int, digits: int = TOTP_DIGITS) -> str:
    """RFC 4226: HMAC-SHA1 over the counter, dynamically truncated."""
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def totp_key(secret_base32: str) -> bytes:
    """The key behind the base32 text an enrolment page shows (padding left off)."""
    cleaned = secret_base32.strip().replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def time_step(now: float | None = None) -> int:
    return int(time.time() if now is None else now) // TOTP_STEP_SECONDS


def a_wrong_code(key: bytes, around_step: int) -> str:
    """Six digits that are not the code of any step the server could accept now."""
    near = {hotp(key, step) for step in range(around_step - 2, around_step + 3)}
    candidate = int(hotp(key, around_step))
    while f"{candidate:06d}" in near:
        candidate = (candidate + 1) % 10**TOTP_DIGITS
    return f"{candidate:06d}"


def test_totp_helper_matches_the_rfc_6238_vectors() -> None:
    # RFC 6238 Appendix B, SHA-1 rows, read through RFC 4226's eight-digit truncation.
    key = b"12345678901234567890"
    vectors = {59: "94287082", 1111111109: "07081804", 1234567890: "89005924"}
    for seconds, code in vectors.items():
        assert hotp(key, time_step(seconds), digits=8) == code
    assert hotp(key, time_step(59)) == "287082"
    assert totp_key(base64.b32encode(key).decode().rstrip("=")) == key


# Pages.


def submit_second_factor(page: Page, code: str) -> None:
    expect(page.locator("h1")).to_have_text("Second factor")
    page.fill("#id_code", code)
    click_and_wait(page, page.get_by_role("button", name="Continue"))


def log_in_to_second_factor(page: Page, server: DemoServer, login: Login) -> None:
    """Password only: the session may then reach the second-factor page and nothing else."""
    log_in(page, server, login)
    assert page.url == server.url("/mfa/verify/"), page.url
    page.goto(server.url("/clients/"))
    assert page.url == server.url("/mfa/verify/"), "the client list opened on a password alone"
    expect(page.locator("#results")).to_have_count(0)


def expect_refused_code(page: Page, server: DemoServer) -> None:
    assert page.url == server.url("/mfa/verify/")
    expect(page.get_by_role("alert")).to_have_text("That code is not right (or was already used).")
    expect(page.locator("#results")).to_have_count(0)


def reauthenticate(page: Page, password: str) -> None:
    expect(page.locator("h1")).to_have_text("Confirm it is you")
    page.fill("#id_password", password)
    click_and_wait(page, page.get_by_role("button", name="Confirm"))


def emergency_search(page: Page, server: DemoServer, name: str) -> None:
    """Search the break-glass page by the name's last word (a blind-index name token)."""
    page.goto(server.url("/emergency/"))
    expect(page.locator("h1")).to_have_text("Emergency access (break-glass)")
    page.fill("#id_q", name.split()[-1])
    click_and_wait(page, page.get_by_role("button", name="Find"))
    expect(page.locator("#emergency-results")).to_be_visible()


def client_id_of(chart_path: str) -> str:
    match = re.fullmatch(r"/clients/([0-9a-f-]{36})/", chart_path)
    assert match, chart_path
    return match.group(1)


def restricted_client_of(page: Page) -> tuple[str, str]:
    """The name and chart path of the restricted client on the logged-in user's list."""
    row = page.locator("#results tbody tr").filter(has=page.locator(".badge.restricted"))
    expect(row).to_have_count(1)
    link = row.locator("a").first
    return link.inner_text().strip(), link.get_attribute("href") or ""


# Tests.


def test_totp_enrolment_then_login_needs_a_fresh_code_and_a_recovery_code_works_once(
    page: Page, console: ConsoleWatch, demo_server: DemoServer
) -> None:
    console.allow(r"status of 401")  # a refused code answers 401 on purpose
    # Nobody else logs in as the trainee: once enrolled, every login needs a code.
    trainee = demo_server.login_for("trainee")
    log_in(page, demo_server, trainee)
    assert page.url == demo_server.url("/clients/")

    page.goto(demo_server.url("/mfa/enrol/"))
    expect(page.locator("h1")).to_have_text("Set up a second factor")
    key = totp_key(page.locator("#totp-secret").inner_text())
    assert len(key) >= 16, "the secret should carry at least 128 bits"
    enrol_step = time_step()
    page.fill("#id_code", hotp(key, enrol_step))
    click_and_wait(page, page.get_by_role("button", name="Turn on"))

    expect(page.locator("h1")).to_have_text("Your recovery codes")
    codes = [c.strip() for c in page.locator("#recovery-codes code").all_inner_texts()]
    assert len(codes) == 10 and len(set(codes)) == 10 and all(codes), codes
    click_and_wait(page, page.get_by_role("link", name="Continue"))
    assert page.url == demo_server.url("/clients/")
    log_out(page)

    # The password alone now stops at the second factor; a wrong code is refused.
    log_in_to_second_factor(page, demo_server, trainee)
    submit_second_factor(page, a_wrong_code(key, time_step()))
    expect_refused_code(page, demo_server)

    # The enrolment used its time step: the next code must come from a later one.
    page.wait_for_timeout(THROTTLE_PAUSE_MS)
    login_step = max(time_step(), enrol_step + 1)
    submit_second_factor(page, hotp(key, login_step))
    assert page.url == demo_server.url("/clients/")
    expect(page.locator(".who")).to_contain_text("Trainee")
    log_out(page)

    # A recovery code stands in for the phone once, and only once.
    log_in_to_second_factor(page, demo_server, trainee)
    submit_second_factor(page, codes[0])
    assert page.url == demo_server.url("/clients/")
    log_out(page)

    log_in_to_second_factor(page, demo_server, trainee)
    submit_second_factor(page, codes[0])
    expect_refused_code(page, demo_server)


def test_break_glass_needs_reauthentication_and_a_reason_and_the_owner_is_notified(
    page: Page,
    console: ConsoleWatch,
    browser: Browser,
    demo_server: DemoServer,
    known_client: KnownClient,
) -> None:
    console.allow(r"status of 404")  # the chart is closed to the colleague before the grant
    console.allow(r"status of 400")  # the too-short reason answers 400 on purpose
    colleague = demo_server.login_named("colleague")
    client_id = client_id_of(known_client.chart_path)

    log_in(page, demo_server, colleague)
    colleague_name = page.locator(".who").inner_text().split("·")[0].strip()
    # Not on the care team: the chart is a 404, as if it did not exist.
    response = page.goto(demo_server.url(known_client.chart_path))
    assert response is not None and response.status == 404
    assert known_client.name not in page.content()

    page.goto(demo_server.url("/clients/"))
    click_and_wait(page, page.get_by_role("link", name="Emergency access"))
    emergency_search(page, demo_server, known_client.name)
    row = page.locator("#emergency-results tbody tr").filter(has_text=known_client.name)
    expect(row).to_have_count(1)
    click_and_wait(page, row.get_by_role("link", name="Request emergency access"))

    # Sent to re-authenticate first, then back to the reason.
    break_glass_path = f"/clients/{client_id}/break-glass/"
    assert urlsplit(page.url).path == "/reauthenticate/", page.url
    reauthenticate(page, colleague.password)
    assert page.url == demo_server.url(break_glass_path)

    page.fill("#id_reason", SHORT_REASON)
    click_and_wait(page, page.locator("#start-break-glass"))
    assert page.url == demo_server.url(break_glass_path)
    expect(page.get_by_role("alert")).to_contain_text("give the reason for emergency access")
    assert known_client.name not in page.locator("body").inner_text()

    page.fill("#id_reason", EMERGENCY_REASON)
    click_and_wait(page, page.locator("#start-break-glass"))
    assert page.url == demo_server.url(known_client.chart_path)
    expect(page.locator("h1")).to_contain_text(known_client.name)
    expect(page.locator("#notes article.note").first).to_be_visible()
    expect(page.locator("#notes")).to_contain_text(known_client.note_text)

    with another_desk(browser, console) as owner_page:
        log_in(owner_page, demo_server, demo_server.login_for("owner"))
        count = owner_page.locator("#notification-count")
        expect(count).to_have_text(re.compile(r"Notifications \(\d+\)"))
        click_and_wait(owner_page, count)
        assert owner_page.url == demo_server.url("/notifications/")
        notice = owner_page.locator("#notifications tbody tr.unread").filter(has_text=client_id)
        expect(notice).to_have_count(1)
        expect(notice).to_contain_text("Emergency (break-glass) access to a chart")
        expect(notice).to_contain_text(colleague_name)
        # The notice names the chart by its id only: no client data on the owner's screen.
        assert known_client.name not in owner_page.locator("body").inner_text()


def test_a_restricted_client_is_not_offered_for_break_glass(
    page: Page, console: ConsoleWatch, browser: Browser, demo_server: DemoServer
) -> None:
    console.allow(r"status of 404")  # the restricted chart's break-glass page answers 404
    colleague = demo_server.login_named("colleague")
    # The demo restricts one of the colleague's clients (AB 352): read it off their list.
    with another_desk(browser, console) as colleague_page:
        log_in(colleague_page, demo_server, colleague)
        restricted_name, restricted_path = restricted_client_of(colleague_page)
        open_name, open_path = first_visible_client(colleague_page)
    restricted_id = client_id_of(restricted_path)
    open_id = client_id_of(open_path)

    # The clinician is on neither client's care team.
    log_in(page, demo_server, demo_server.login_for("clinician"))
    emergency_search(page, demo_server, open_name)
    offered = page.locator(f'#emergency-results a[href="/clients/{open_id}/break-glass/"]')
    expect(offered).to_have_count(1)

    emergency_search(page, demo_server, restricted_name)
    results = page.locator("#emergency-results")
    expect(results.locator(f'a[href="/clients/{restricted_id}/break-glass/"]')).to_have_count(0)
    assert restricted_name not in results.inner_text()

    response = page.goto(demo_server.url(f"/clients/{restricted_id}/break-glass/"))
    assert response is not None and response.status == 404
    assert restricted_name not in page.content()
