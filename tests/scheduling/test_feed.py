"""The clinician's calendar feed: a secret, revocable ICS address showing only what the
practice allows."""

from __future__ import annotations

import datetime

from icalendar import Calendar

from sealbook.access.models import current_policy
from sealbook.records import actions as records
from sealbook.scheduling import actions
from tests.conftest import client_details, sign_in
from tests.scheduling.support import booking, soon


def subscribe(client, user) -> str:
    page = sign_in(client, user).post("/calendar/subscribe/", {"make": "1"}).content.decode()
    start = page.index("/calendar/feed/")
    return page[start : page.index('"', start)]


def events(client, address):
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return [c for c in Calendar.from_ical(response.content).walk("VEVENT")]


def test_the_feed_says_appointment_or_initials_never_a_name_and_can_be_revoked(client, cast):
    secret = records.create_client(
        cast.casey, client_details(preferred_name="Rae", restricted=True)
    )
    actions.book(cast.casey, booking(cast, soon(), service="couples"))
    actions.book(cast.casey, booking(cast, soon(hour=12), clients=[secret], modality="phone"))
    address = subscribe(client, cast.casey)
    client.post("/logout/")
    found = events(client, address)
    assert [str(e["SUMMARY"]) for e in found] == ["Appointment", "Appointment"]
    assert found[0].decoded("DTSTART").astimezone(datetime.UTC).hour in (14, 15)
    body = client.get(address).content.decode()
    for word in ("Synthwood", "Riley", "Couples", "Room", "Rae"):
        assert word not in body

    policy = current_policy()
    policy.calendar_feed_detail = "initials"
    policy.save()
    assert [str(e["SUMMARY"]) for e in events(client, address)] == ["RS", "Appointment"]

    renewed = subscribe(client, cast.casey)
    assert client.get(address).status_code == 404  # the old address stopped working
    sign_in(client, cast.casey).post("/calendar/subscribe/", {"revoke": "1"})
    assert client.get(renewed).status_code == 404


def test_the_front_desk_has_no_feed(client, cast):
    assert sign_in(client, cast.frankie).get("/calendar/subscribe/").status_code == 404
    assert client.get("/calendar/feed/not-a-token.ics").status_code == 404
