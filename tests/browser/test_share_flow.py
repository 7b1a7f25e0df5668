"""Sharing case material in a real browser (issue 3): pick two notes of one client,
review the findings, reject one, produce the packet; the packet holds none of the
client's identifiers that the vault knows. Every page must run under the app's
CSP without a console error (the `page` fixture fails the test otherwise).

The demo's notes hold no identifiers, so the test first writes two notes that
do, with the client's own name, phone, e-mail, street and contact read from the
chart (all synthetic, made by `sealbook demo`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from tests.browser.support import DemoServer, click_and_wait, expect, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# A generic named place: a quasi-identifier under the "disguise" policy that the
# reviewer may judge harmless and keep. It is not one of the client's identifiers.
PLACE = "Blue Harbor Aquatic Center"
TITLES = {"mr", "mrs", "ms", "miss", "dr", "md", "dds", "dvm", "phd", "jr", "sr", "ii", "iii", "iv"}


@dataclass(frozen=True)
class ChartIdentifiers:
    """What the chart shows of the client and their contacts (decrypted from the vault)."""

    first: str
    last: str
    phone: str
    email: str
    street: str
    contact: str
    others: tuple[str, ...]

    def all(self) -> list[str]:
        values = [f"{self.first} {self.last}", self.first, self.last, self.phone, self.email,
                  self.street, self.contact, *self.others]  # fmt: skip
        return [v for v in values if v and v != "—"]


def last_visible_client(page: Page) -> str:
    """The chart path of the last unrestricted client on /clients/ (other tests use the first)."""
    row = (
        page.locator("#results tbody tr")
        .filter(has=page.locator("a"))
        .filter(has_not=page.locator(".badge.restricted"))
        .last
    )
    return row.locator("a").first.get_attribute("href") or ""


def read_identifiers(page: Page) -> ChartIdentifiers:
    text = page.locator("#demographics").inner_text()

    def field(label: str) -> str:
        found = re.search(rf"{label}: ([^\n·]+)", text)
        return found.group(1).strip() if found else ""

    first, last = field("Legal name").split(" ", 1)
    address = field("Address")
    contacts = page.locator("#demographics li").all_inner_texts()
    # "Name (relationship) phone" -> the name and the phone.
    parsed = [re.match(r"(.+?) \((.+?)\) ?(.*)", c) for c in contacts]
    names = [m.group(1).strip() for m in parsed if m]
    phones = [m.group(3).strip() for m in parsed if m and m.group(3).strip()]
    emergency = field("Emergency contact")
    emergency_phone = re.search(r"[\d-]{7,}", emergency)
    others = [*names[1:], *phones, emergency]
    if emergency_phone:
        others += [emergency_phone.group(), emergency[: emergency_phone.start()].strip()]
    street = " ".join(address.split()[:3])  # "123 Maple Street ..." up to the city
    return ChartIdentifiers(
        first=first,
        last=last.strip(),
        phone=field("Phone").split()[0],
        email=field("E-mail"),
        street=street,
        contact=names[0] if names else "",
        others=tuple(others),
    )


def write_note(page: Page, subjective: str) -> str:
    """From the chart, save a SOAP draft; return its id."""
    click_and_wait(page, page.get_by_role("link", name="New SOAP note"))
    page.fill("#id_subjective", subjective)
    page.fill("#id_objective", "Alert and oriented; affect full range.")
    page.fill("#id_assessment", "Anxiety symptoms easing with skills practice.")
    page.fill("#id_plan", "Continue weekly sessions.")
    click_and_wait(page, page.get_by_role("button", name="Save draft"))
    found = re.search(r"/notes/([0-9a-f-]{36})/$", page.url)
    assert found, page.url
    return found.group(1)


def name_words(who: ChartIdentifiers) -> set[str]:
    words = re.findall(r"[A-Za-z][A-Za-z'-]+", " ".join([who.first, who.last, who.contact]))
    return {w.lower() for w in words if len(w) >= 3 and w.lower().strip(".") not in TITLES}


def test_share_two_notes_reject_one_finding_and_get_a_clean_packet(
    page: Page, demo_server: DemoServer
) -> None:
    log_in(page, demo_server, demo_server.login_for("clinician"))
    chart_path = last_visible_client(page)
    page.goto(demo_server.url(chart_path))
    who = read_identifiers(page)
    assert who.first and who.last and who.phone and who.email and who.contact

    first_id = write_note(
        page,
        f"{who.first} {who.last} reported a calmer week. {who.first} called from {who.phone} "
        f"after a visit from {who.contact}. Swims at {PLACE} on weekends.",
    )
    page.goto(demo_server.url(chart_path))
    second_id = write_note(
        page,
        f"{who.first} wrote from {who.email}; {who.contact} drove {who.first} home from "
        f"{who.street}. {who.first} practised paced breathing.",
    )

    page.goto(demo_server.url(chart_path))
    click_and_wait(page, page.locator("#share-case-material-link"))
    expect(page.locator("h1")).to_have_text("Share case material")
    page.check(f'input[name="notes"][value="{first_id}"]')
    page.check(f'input[name="notes"][value="{second_id}"]')
    page.select_option("#id_policy", "disguise")
    page.select_option("#id_operator", "redact")
    click_and_wait(page, page.locator("#review-findings"))

    # The review: every finding highlighted, with its kind and reason.
    expect(page.locator("h1")).to_have_text("Review findings")
    expect(page.locator("section.review-document")).to_have_count(2)
    marks = page.locator(".document-text mark.finding")
    assert marks.count() >= 6
    assert "on the roster" in (marks.first.get_attribute("title") or "")
    assert page.locator('tr.finding-row[data-label="NAME"]').count() >= 2
    assert page.locator('tr.finding-row[data-label="PHONE"]').count() >= 1
    assert page.locator('tr.finding-row[data-label="EMAIL"]').count() >= 1

    # Reject one finding: the named place, which identifies nobody here.
    place = page.locator('tr.finding-row[data-label="PLACE"]').filter(has_text=PLACE)
    expect(place).to_have_count(1)
    place.locator('input[name="rejected"]').check()
    click_and_wait(page, page.locator("#produce-packet"))

    expect(page.locator("h1")).to_have_text("Case packet")
    expect(page.locator("#deidentified")).to_contain_text("You kept 1 finding")
    packet = page.locator("#packet-text").input_value()
    assert "Document 1 of 2" in packet and "Document 2 of 2" in packet
    assert "paced breathing" in packet
    assert PLACE in packet, "the rejected finding stays in the packet"

    lowered = packet.lower()
    for identifier in who.all():
        assert identifier.lower() not in lowered, "a roster identifier is in the packet"
    packet_words = set(re.findall(r"[a-z][a-z'-]+", lowered))
    assert not (name_words(who) & packet_words), "a name of the client is in the packet"

    # The download is the same text as the box.
    with page.expect_download() as downloaded:
        page.locator("#download-packet").click()
    path = downloaded.value.path()
    assert path is not None
    with open(path, encoding="utf-8") as saved:
        assert saved.read() == packet.replace("\r\n", "\n")


def test_the_leak_check_page_flags_a_client_and_passes_clean_text(
    page: Page, demo_server: DemoServer
) -> None:
    log_in(page, demo_server, demo_server.login_for("clinician"))
    chart_path = last_visible_client(page)
    page.goto(demo_server.url(chart_path))
    who = read_identifiers(page)

    click_and_wait(page, page.get_by_role("navigation").get_by_role("link", name="Leak check"))
    page.fill("#id_text", f"Quick question about {who.first} {who.last}, reachable at {who.phone}.")
    click_and_wait(page, page.locator("#check-text"))
    expect(page.locator("#leak-verdict")).to_contain_text("do not send this text as it is")
    expect(page.locator(f'#leak-result a[href="{chart_path}"]').first).to_be_visible()

    page.fill("#id_text", "A client in their thirties practised paced breathing.")
    click_and_wait(page, page.locator("#check-text"))
    expect(page.locator("#leak-verdict")).to_have_text(
        "No direct identifier and no client of yours found."
    )
