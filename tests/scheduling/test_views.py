"""The calendar's pages: who sees what, booking, conflicts and stale edits through the web."""

from __future__ import annotations

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sealbook.access.models import Supervision
from sealbook.records import actions as records
from sealbook.scheduling import actions
from sealbook.scheduling.models import Appointment
from tests.conftest import client_details, sign_in
from tests.scheduling.support import booking, room, soon


def week_of(moment: datetime.datetime) -> str:
    return f"/calendar/?span=week&date={moment.date().isoformat()}&who=all"


def test_front_desk_sees_names_and_times_but_not_the_service_nor_a_restricted_name(client, cast):
    secret = records.create_client(
        cast.casey, client_details(preferred_name="Rae", restricted=True)
    )
    actions.book(cast.casey, booking(cast, soon(), service="couples"))
    actions.book(cast.casey, booking(cast, soon(hour=12), clients=[secret], modality="phone"))
    page = sign_in(client, cast.frankie).get(week_of(soon())).content.decode()
    assert "Ri Synthwood" in page and "Couples therapy" not in page
    assert "Restricted client" in page and "Rae" not in page
    page = sign_in(client, cast.casey).get(week_of(soon())).content.decode()
    assert "Couples therapy" in page and "Rae Synthwood" in page
    assert "Restricted client" not in page


def test_a_clinician_sees_their_own_and_their_supervisees_calendar_only(client, cast):
    actions.book(cast.casey, booking(cast, soon()))
    assert "Ri Synthwood" not in sign_in(client, cast.quinn).get(week_of(soon())).content.decode()
    Supervision.objects.create(supervisor=cast.quinn, supervisee=cast.casey)
    page = sign_in(client, cast.quinn).get(week_of(soon())).content.decode()
    assert "Casey Clinician" in page


def test_moving_between_weeks_returns_only_the_calendar_body_to_htmx(client, cast):
    sign_in(client, cast.casey)
    response = client.get("/calendar/?span=week", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert 'id="calendar-next"' in response.content.decode()
    for span in ("day", "month"):
        assert client.get(f"/calendar/?span={span}").status_code == 200


def test_booking_through_the_page_refuses_a_conflict_in_one_line(client, cast):
    actions.book(cast.casey, booking(cast, soon()))
    sign_in(client, cast.frankie)
    form = {
        "clients": [str(cast.riley.pk)], "clinician": cast.casey.pk,
        "date": soon().date().isoformat(), "time": "10:20", "duration_minutes": 50,
        "service": "individual", "modality": "room", "room": room().pk,
    }  # fmt: skip
    response = client.post("/calendar/book/", form)
    assert response.status_code == 400
    assert "the clinician already has an appointment" in response.content.decode()
    response = client.post("/calendar/book/", {**form, "override_reason": "Agreed with both"})
    assert response.status_code == 302
    assert Appointment.objects.count() == 2


def test_the_second_of_two_overlapping_edits_is_told_and_keeps_what_was_typed(client, cast):
    appointment = actions.book(cast.casey, booking(cast, soon()))
    actions.reschedule(
        cast.casey, appointment, expected_version=1, local_start=soon(hour=11),
        duration_minutes=50, room=room(),
    )  # fmt: skip
    sign_in(client, cast.frankie)
    response = client.post(
        f"/appointments/{appointment.pk}/cancel/",
        {"version": 1, "reason": "Synthetic reason typed by the second person", "scope": "one"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "someone else changed this appointment" in page
    assert "Synthetic reason typed by the second person" in page
    assert Appointment.objects.get(pk=appointment.pk).status == "scheduled"


def test_the_week_asks_about_its_clients_in_a_fixed_number_of_queries(client, cast):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(week_of(soon())).status_code == 200
        return len(captured.captured_queries)

    sign_in(client, cast.frankie)
    actions.book(cast.casey, booking(cast, soon(hour=9)))
    few = queries()
    for hour in (10, 11, 12):
        other = records.create_client(cast.casey, client_details(legal_first_name=f"N{hour}"))
        actions.book(cast.casey, booking(cast, soon(hour=hour), clients=[other]))
    assert queries() == few


def test_a_video_appointment_offers_its_clinician_the_video_session(client, cast):
    from tests.consent.support import sign

    sign(cast, kind="telehealth")
    appointment = actions.book(cast.casey, booking(cast, soon(), modality="video"))
    actions.book(cast.casey, booking(cast, soon(hour=14)))  # in a room: no video session
    room_url = f"/video/sessions/{appointment.session_id}/"
    page = sign_in(client, cast.casey).get(week_of(soon())).content.decode()
    assert page.count("Start video session") == 1 and room_url in page
    page = client.get(f"/appointments/{appointment.pk}/").content.decode()
    assert 'id="start-video-session"' in page and room_url in page
    # Morgan, on the care team but not the appointment's clinician, is not offered it.
    Supervision.objects.create(supervisor=cast.morgan, supervisee=cast.casey)
    page = sign_in(client, cast.morgan).get(week_of(soon())).content.decode()
    assert "Ri Synthwood" in page and "Start video session" not in page


def test_the_booking_form_lists_the_newest_clients_and_books_any_client_from_its_link(
    client, cast, monkeypatch
):
    # A group practice's roster is not sent with every booking form: only the newest
    # clients and the one chosen from the search results are listed.
    from sealbook.scheduling import forms

    monkeypatch.setattr(forms, "CLIENT_PICK_LIMIT", 2)
    newest = [
        records.create_client(cast.casey, client_details(preferred_name=name))
        for name in ("Nova", "Wren")
    ]
    sign_in(client, cast.frankie)
    page = client.get("/calendar/book/").content.decode()
    options = re.findall(r"<option value=\"([0-9a-f-]{36})\"", page)
    assert sorted(options) == sorted(str(c.pk) for c in newest)
    assert "Nova Synthwood" in page and "Wren Synthwood" in page
    assert str(cast.riley.pk) not in page
    results = client.post("/clients/search/", {"q": "Riley"}, HTTP_HX_REQUEST="true")
    link = f"/calendar/book/?client={cast.riley.pk}"
    assert link in results.content.decode()
    page = client.get(link).content.decode()
    assert f'<option value="{cast.riley.pk}" selected>' in page
    form = {
        "clients": [str(cast.riley.pk)], "clinician": cast.casey.pk,
        "date": soon().date().isoformat(), "time": "10:00", "duration_minutes": 50,
        "service": "individual", "modality": "room", "room": room().pk,
    }  # fmt: skip
    assert client.post("/calendar/book/", form).status_code == 302
    assert Appointment.objects.get().attendees.get().client == cast.riley
    assert client.get("/calendar/book/?client=not-an-id").status_code == 200
