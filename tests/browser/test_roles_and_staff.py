"""Landing pages, client creation by the front desk and the owner, and the staff
page, in a real browser (issue 10, "a first day with the demo").

The demo server is shared by the whole session, so these tests change only what
they create: new clients name the supervisor as their clinician (no other
browser test reads the supervisor's list), and the role and supervisor changes
are made to a staff account the test creates itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.support import (
    ConsoleWatch,
    DemoServer,
    click_and_wait,
    expect,
    log_in,
    log_out,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SUPERVISOR_NAME = "Dr. Sam Supervisor"


def reauthenticate(page: Page, password: str) -> None:
    expect(page.locator("h1")).to_have_text("Confirm it is you")
    page.fill("#id_password", password)
    click_and_wait(page, page.get_by_role("button", name="Confirm"))


def test_the_auditor_lands_on_the_audit_log_with_the_menu_and_a_logout(
    page: Page, console: ConsoleWatch, demo_server: DemoServer, screenshot_dir: Path
) -> None:
    console.allow(r"status of 403")  # the client list answers 403 to the auditor, on purpose
    log_in(page, demo_server, demo_server.login_for("auditor"))
    assert page.url == demo_server.url("/audit/")
    expect(page.locator("h1")).to_have_text("Audit log")
    nav = page.locator("header nav")
    expect(nav.get_by_role("link", name="Audit log")).to_be_visible()
    expect(nav.get_by_role("link", name="Clients")).to_have_count(0)
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()

    click_and_wait(page, page.get_by_role("button", name="Verify every entry now"))
    expect(page.locator("#audit-verdict")).to_contain_text("The audit log verifies:")
    page.screenshot(path=str(screenshot_dir / "sealbook-audit-log.png"), full_page=True)

    response = page.goto(demo_server.url("/clients/"))
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_have_text("403")
    expect(page.locator("header nav").get_by_role("button", name="Log out")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "sealbook-403.png"), full_page=True)
    click_and_wait(page, page.get_by_role("link", name="Back to the audit log"))
    assert page.url == demo_server.url("/audit/")
    expect(page.locator("#audit-integrity")).to_be_visible()

    log_out(page)
    assert page.url.startswith(demo_server.url("/login/"))


def create_client(page: Page, first: str, last: str, *, restricted: bool) -> None:
    click_and_wait(page, page.get_by_role("link", name="New client"))
    expect(page.get_by_label("Clinician")).to_have_value("")  # no default for a non-clinician
    page.fill("#id_legal_first_name", first)
    page.fill("#id_legal_last_name", last)
    page.fill("#id_date_of_birth", "1991-04-05")
    page.get_by_label("Clinician").select_option(label=f"{SUPERVISOR_NAME} (Supervisor)")
    if restricted:
        page.get_by_label("Restricted chart").check()
    click_and_wait(page, page.get_by_role("button", name="Create client"))


def open_from_list(page: Page, demo_server: DemoServer, name: str) -> None:
    page.goto(demo_server.url("/clients/"))
    click_and_wait(page, page.locator("#results").get_by_role("link", name=name))
    expect(page.locator("h1")).to_contain_text(name.split()[-1])


def test_front_desk_and_owner_create_clients_their_named_clinician_can_open(
    page: Page, demo_server: DemoServer
) -> None:
    log_in(page, demo_server, demo_server.login_for("frontdesk"))
    create_client(page, "Noor", "Quillfield", restricted=False)
    # The front desk may see an unrestricted client's demographics: on to the chart.
    assert page.url.startswith(demo_server.url("/clients/")) and page.url != demo_server.url(
        "/clients/"
    )
    expect(page.locator("h1")).to_contain_text("Quillfield")
    # The named clinician is on the care team (issue 17); the front desk does not manage it.
    expect(page.locator("#care-team-members")).to_contain_text(SUPERVISOR_NAME)
    expect(page.locator("#care-team-link")).to_have_count(0)
    log_out(page)

    log_in(page, demo_server, demo_server.login_for("owner"))
    create_client(page, "Ivo", "Brackenridge", restricted=True)
    # A restricted chart opens for its care team only: the owner goes back to the list.
    assert page.url == demo_server.url("/clients/")
    expect(page.locator("#client-list-message")).to_contain_text(
        f"The client was created; {SUPERVISOR_NAME} is their clinician"
    )
    expect(page.locator("#results")).not_to_contain_text("Brackenridge")
    log_out(page)

    log_in(page, demo_server, demo_server.login_for("supervisor"))
    open_from_list(page, demo_server, "Noor Quillfield")
    open_from_list(page, demo_server, "Ivo Brackenridge")


def test_the_owner_adds_staff_as_the_least_privileged_role_then_changes_role_and_supervisor(
    page: Page, console: ConsoleWatch, demo_server: DemoServer, screenshot_dir: Path
) -> None:
    console.allow(r"status of 400")  # the empty supervisor choice answers 400, on purpose
    owner = demo_server.login_for("owner")
    log_in(page, demo_server, owner)
    click_and_wait(page, page.locator("header nav").get_by_role("link", name="Staff"))
    reauthenticate(page, owner.password)
    assert page.url == demo_server.url("/staff/")

    expect(page.locator("#id_role")).to_have_value("auditor")
    page.fill("#id_email", "pat.newhire@demo.example.org")
    page.fill("#id_display_name", "Pat Newhire")
    click_and_wait(page, page.get_by_role("button", name="Create account"))
    expect(page.locator("#temporary-password")).not_to_be_empty()
    click_and_wait(page, page.get_by_role("link", name="Back to staff"))

    row = page.locator("#staff tbody tr").filter(has_text="pat.newhire@demo.example.org")
    expect(row).to_contain_text("Auditor")
    page.get_by_label("Role of Pat Newhire", exact=True).select_option(label="Trainee")
    click_and_wait(page, page.get_by_role("button", name="Change role of Pat Newhire"))
    expect(page.locator("#staff-message")).to_have_text("Pat Newhire is now Trainee.")

    click_and_wait(page, page.get_by_role("button", name="Assign supervisor for Pat Newhire"))
    expect(page.locator("#staff-error")).to_have_text(
        "No supervisor was assigned: choose a supervisor."
    )
    page.get_by_label("Supervisor for Pat Newhire", exact=True).select_option(label=SUPERVISOR_NAME)
    click_and_wait(page, page.get_by_role("button", name="Assign supervisor for Pat Newhire"))
    expect(page.locator("#staff-message")).to_have_text(
        f"{SUPERVISOR_NAME} now supervises Pat Newhire."
    )
    row = page.locator("#staff tbody tr").filter(has_text="pat.newhire@demo.example.org")
    expect(row).to_contain_text(SUPERVISOR_NAME)
    page.screenshot(path=str(screenshot_dir / "sealbook-staff.png"), full_page=True)

    # Each repeated link says whose password it resets.
    expect(page.get_by_role("link", name="Reset password for Pat Newhire")).to_have_count(1)
    expect(page.get_by_role("link", name=f"Reset password for {SUPERVISOR_NAME}")).to_have_count(1)
