"""Rooms, working hours and time off: the pages, and the policy deciding who may change what."""

from __future__ import annotations

import datetime

import pytest

from sealbook.access.policy import AccessDenied
from sealbook.scheduling import actions, calendar_setup
from sealbook.scheduling.models import Availability, Room, TimeOff
from tests.conftest import sign_in
from tests.scheduling.support import NOW, booking

D = datetime.datetime


def test_the_front_desk_adds_and_retires_a_room_a_clinician_may_not(client, cast):
    sign_in(client, cast.frankie)
    assert client.post("/calendar/rooms/", {"name": "  Garden   room "}).status_code == 302
    room = Room.objects.get(name="Garden room")
    assert client.post("/calendar/rooms/", {"name": "Garden room"}).status_code == 400
    client.post("/calendar/rooms/", {"room": str(room.pk), "use": "0"})
    room.refresh_from_db()
    assert room.active is False
    with pytest.raises(actions.SchedulingError, match="no longer in use"):
        actions.book(cast.frankie, booking(cast, D(2026, 3, 3, 9), room=room), now=NOW)
    assert sign_in(client, cast.casey).get("/calendar/rooms/").status_code == 404
    with pytest.raises(AccessDenied):
        calendar_setup.add_room(cast.casey, "Another room")


def test_a_clinician_sets_their_own_hours_and_time_off_but_not_a_colleagues(client, cast):
    sign_in(client, cast.casey)
    page = f"/calendar/hours/{cast.casey.pk}/"
    assert "Working hours of Casey Clinician" in client.get(page).content.decode()
    assert client.post(page, {"kind": "hours", "from_1": "09:00"}).status_code == 400
    response = client.post(page, {"kind": "hours", "from_1": "09:00", "to_1": "17:00"})
    assert response.status_code == 302
    slot = Availability.objects.get(clinician=cast.casey)
    assert (slot.weekday, slot.start_time, slot.end_time) == (
        1,
        datetime.time(9),
        datetime.time(17),
    )
    client.post(page, {"kind": "time-off", "first_day": "2026-08-03", "last_day": "2026-08-14"})
    off = TimeOff.objects.get(clinician=cast.casey)
    assert (off.end - off.start).days == 12
    assert "3 August 2026 to 14 August 2026" in client.get(page).content.decode()
    client.post(page, {"kind": "remove-time-off", "time_off": str(off.pk)})
    assert not TimeOff.objects.exists()
    # A colleague's hours: the front desk and the owner's, not another clinician's.
    assert client.get(f"/calendar/hours/{cast.quinn.pk}/").status_code == 404
    with pytest.raises(AccessDenied):
        calendar_setup.set_hours(cast.casey, cast.quinn, [], time_zone="America/New_York")
    sign_in(client, cast.frankie)
    assert client.get(page).status_code == 200
    assert client.get(f"/calendar/hours/{cast.frankie.pk}/").status_code == 404
