"""The audit log on screen and the access alerts, in a real browser (issue 17).

The demo server is shared by the whole session: these tests read the log as
it stands and acknowledge only the alert their own chart views raised.
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.support import (
    ConsoleWatch,
    DemoServer,
    KnownClient,
    another_desk,
    click_and_wait,
    expect,
    log_in,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

CLIENT_ID = re.compile(r"client=([0-9a-f-]{36})")


def test_the_auditor_filters_by_client_and_staff_exports_csv_and_is_refused_every_chart(
    page: Page,
    console: ConsoleWatch,
    demo_server: DemoServer,
    known_client: KnownClient,
    screenshot_dir: Path,
) -> None:
    console.allow(r"status of 404")  # every chart answers 404 to the auditor, on purpose
    log_in(page, demo_server, demo_server.login_for("auditor"))
    assert page.url == demo_server.url("/audit/")
    expect(page.locator("#audit-integrity")).to_be_visible()

    # Every client the log names, from the chart views in it.
    page.select_option("#id_event", label="Chart viewed")
    click_and_wait(page, page.get_by_role("button", name="Filter"))
    hrefs = page.locator("#audit-entries a.client-filter").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    client_ids = sorted({m.group(1) for h in hrefs if (m := CLIENT_ID.search(h or ""))})
    assert client_ids, "the demo's chart views name clients"
    expect(page.locator("#audit-entries a.chart-link")).to_have_count(0)

    # By client: a click on a client's reference keeps that client only.
    first = page.locator("#audit-entries a.client-filter").first
    reference = first.inner_text()
    click_and_wait(page, first)
    refs = set(page.locator("#audit-entries a.client-filter").all_inner_texts())
    assert refs == {reference}
    page.screenshot(path=str(screenshot_dir / "sealbook-audit-by-client.png"), full_page=True)

    # By staff member, chosen in the filter.
    click_and_wait(page, page.get_by_role("link", name="Clear"))
    page.select_option("#id_staff", label="Dr. Casey Clinician (Clinician)")
    click_and_wait(page, page.get_by_role("button", name="Filter"))
    staff = set(page.locator("#audit-entries td:nth-child(3)").all_inner_texts())
    assert staff == {"Dr. Casey Clinician (Clinician)"}

    # Export what the filter shows, as CSV.
    with page.expect_download() as download_info:
        page.locator("#export-csv").click()
    download = download_info.value
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text())))
    assert rows[0][:5] == ["seq", "time (UTC)", "staff id", "staff", "event"]
    assert len(rows) > 1 and {r[3] for r in rows[1:]} == {"Dr. Casey Clinician (Clinician)"}

    # Every chart the log names is refused, as if it did not exist.
    for client_id in client_ids:
        response = page.goto(demo_server.url(f"/clients/{client_id}/"))
        assert response is not None and response.status == 404, client_id
    response = page.goto(demo_server.url(known_client.chart_path))
    assert response is not None and response.status == 404


def test_thirty_charts_in_two_minutes_raise_an_alert_the_owner_acknowledges(
    page: Page,
    browser: Browser,
    console: ConsoleWatch,
    demo_server: DemoServer,
    known_client: KnownClient,
    screenshot_dir: Path,
) -> None:
    with another_desk(browser, console) as clinician:
        log_in(clinician, demo_server, demo_server.login_for("clinician"))
        started = time.monotonic()
        for _ in range(30):
            response = clinician.request.get(demo_server.url(known_client.chart_path))
            assert response.status == 200
        assert time.monotonic() - started < 120

    log_in(page, demo_server, demo_server.login_for("owner"))
    count = page.locator("#alert-count")
    expect(count).to_contain_text(re.compile(r"Alerts \(\d+\)"))
    click_and_wait(page, count)
    row = (
        page.locator("#alerts tr.alert-open")
        .filter(has_text="Many charts opened in a short time")
        .filter(has_text="Dr. Casey Clinician")
    )
    expect(row).to_have_count(1)
    page.screenshot(path=str(screenshot_dir / "sealbook-alerts.png"), full_page=True)
    row.get_by_label("Note").fill("Synthetic check: the clinician was preparing a case review.")
    click_and_wait(page, row.get_by_role("button", name="Acknowledge"))
    done = page.locator("#alerts tr.alert-done").filter(has_text="preparing a case review")
    expect(done).to_have_count(1)
