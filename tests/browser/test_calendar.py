"""The calendar in a real browser (issue 16): the front desk books a weekly series, moves
one occurrence and cancels another as a late cancellation, a conflict is refused, the
clinician's week shows the result, and a restricted client is "Restricted client" to the
front desk.

The demo server is shared by the whole session, so this test books only for clients it
creates, with the supervisor as their clinician (no other browser test reads the
supervisor's list or calendar), two weeks ahead.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pytest

from tests.browser.support import ConsoleWatch, DemoServer, click_and_wait, expect, log_in, log_out

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SUPERVISOR = "Dr. Sam Supervisor"


def create_client(
    page: Page, server: DemoServer, first: str, last: str, *, restricted: bool = False
) -> None:
    page.goto(server.url("/clients/new/"))
    page.fill("#id_legal_first_name", first)
    page.fill("#id_legal_last_name", last)
    page.fill("#id_date_of_birth", "1990-02-03")
    page.get_by_label("Clinician").select_option(label=f"{SUPERVISOR} (Supervisor)")
    if restricted:
        page.get_by_label("Restricted chart").check()
    click_and_wait(page, page.get_by_role("button", name="Create client"))


def book(page: Page, client: str, day: datetime.date, time: str, **extra: str) -> None:
    page.get_by_role("link", name="Calendar", exact=True).click()
    click_and_wait(page, page.get_by_role("link", name="Book an appointment"))
    page.select_option("#id_clients", label=client)
    page.select_option("#id_clinician", label=SUPERVISOR)
    page.fill("#id_date", day.isoformat())
    page.fill("#id_time", time)
    page.select_option("#id_modality", "phone")
    for selector, value in extra.items():
        if selector in ("repeat",):
            page.select_option(f"#id_{selector}", value)
        else:
            page.fill(f"#id_{selector}", value)
    click_and_wait(page, page.get_by_role("button", name="Book"))


def week_url(server: DemoServer, day: datetime.date, who: str = "all") -> str:
    return server.url(f"/calendar/?span=week&date={day.isoformat()}&who={who}")


def test_front_desk_books_moves_and_late_cancels_a_series_and_the_clinician_sees_it(
    page: Page, console: ConsoleWatch, demo_server: DemoServer
) -> None:
    console.allow(r"status of 400")  # the refused conflict answers 400, on purpose
    day = datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=15)
    day -= datetime.timedelta(days=day.weekday())  # a Monday two weeks or so ahead
    log_in(page, demo_server, demo_server.login_for("frontdesk"))
    create_client(page, demo_server, "Weekly", "Calendarson")
    create_client(page, demo_server, "Hidden", "Calendarson", restricted=True)

    book(page, "Weekly Calendarson", day, "10:00", repeat="weekly", count="3")
    assert "/calendar/" in page.url
    expect(page.locator(".calendar-entry", has_text="Weekly Calendarson")).to_have_count(1)

    # A conflict: the same client and clinician, same morning.
    book(page, "Weekly Calendarson", day, "10:30")
    expect(page.locator("#booking-error")).to_contain_text(
        "the clinician already has an appointment"
    )

    # Next week, without a page reload (htmx), then move that occurrence alone.
    page.goto(week_url(demo_server, day))
    page.evaluate("window.__sameDocument = true")
    page.locator("#calendar-next").click()
    expect(page.locator("#calendar-heading")).to_contain_text(
        f"Week of {(day + datetime.timedelta(days=7)).day} "
    )
    assert page.evaluate("window.__sameDocument") is True
    click_and_wait(page, page.get_by_role("link", name="Weekly Calendarson"))
    page.fill("#move-form #id_time", "14:00")
    click_and_wait(page, page.locator("#move-form button"))
    expect(page.locator("#appointment-when")).to_contain_text("14:00")

    # The third: a late cancellation with its reason.
    page.goto(week_url(demo_server, day + datetime.timedelta(days=14)))
    click_and_wait(page, page.get_by_role("link", name="Weekly Calendarson"))
    page.fill("#cancel-form #id_reason", "Called an hour before")
    page.get_by_label("Late cancellation").check()
    click_and_wait(page, page.locator("#cancel-form button"))
    expect(page.locator("#appointment-status")).to_have_text("Late cancellation")
    log_out(page)

    # The clinician books the restricted client and sees the week.
    log_in(page, demo_server, demo_server.login_for("supervisor"))
    book(page, "Hidden Calendarson", day + datetime.timedelta(days=1), "09:00")
    page.goto(week_url(demo_server, day + datetime.timedelta(days=7), who=""))
    entry = page.locator(".calendar-entry", has_text="Weekly Calendarson")
    expect(entry).to_contain_text("14:00")
    page.goto(week_url(demo_server, day + datetime.timedelta(days=14), who=""))
    expect(page.locator(".calendar-entry", has_text="Weekly Calendarson")).to_contain_text(
        "Late cancellation"
    )
    page.goto(week_url(demo_server, day, who=""))
    expect(page.locator(".calendar-entry", has_text="Hidden Calendarson")).to_have_count(1)
    log_out(page)

    # The front desk sees that slot as taken by a "Restricted client", without a name.
    log_in(page, demo_server, demo_server.login_for("frontdesk"))
    page.goto(week_url(demo_server, day))
    calendar = page.locator(".calendar")
    expect(calendar).to_contain_text("Restricted client")
    expect(calendar).not_to_contain_text("Hidden Calendarson")
