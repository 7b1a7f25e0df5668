"""A video session's windows are on the practice's clock, as the calendar is.

A session's date and time are written in the practice's zone
(`SEALBOOK_TIME_ZONE`), never Django's TIME_ZONE (UTC). Far from UTC, a
window computed in UTC would open and close hours off: these tests put the
practice in Auckland (UTC+13 in December, +12 in June) and in Los Angeles
(UTC-8/-7). No media server: links, arrivals and the windows need none.
"""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.test import override_settings
from django.utils import timezone

from sealbook.records import actions as records
from sealbook.records.models import Session
from sealbook.telehealth import actions
from tests.consent.support import sign
from tests.telehealth.support import practice_now

ZONES = ["Pacific/Auckland", "America/Los_Angeles"]


def session_at(cast, minutes_from_now: int, duration: int = 50):
    """Riley's telehealth session starting `minutes_from_now` on the practice's clock."""
    start = (practice_now() + datetime.timedelta(minutes=minutes_from_now)).replace(microsecond=0)
    return records.schedule_session(
        cast.casey, cast.riley, clinician=cast.casey, date=start.date(),
        start_time=start.time(), duration_minutes=duration, service="individual",
        modality="telehealth",
    )  # fmt: skip


@pytest.mark.parametrize("zone", ZONES)
def test_a_link_opens_15_minutes_before_the_local_start_and_closes_at_its_end(cast, zone):
    sign(cast, kind="telehealth")
    with override_settings(SEALBOOK_TIME_ZONE=zone):
        soon = session_at(cast, 10)
        _, token = actions.issue_link(cast.casey, soon, cast.riley)
        link, _ = actions.arrive(token, None)
        assert link.state == "waiting"

        early = session_at(cast, 20)
        _, token = actions.issue_link(cast.casey, early, cast.riley)
        with pytest.raises(actions.LinkRefused, match="too early") as refused:
            actions.arrive(token, None)
        # The message names the time on the practice's clock.
        opens = datetime.datetime.combine(early.date, early.start_time) - actions.EARLY
        assert f"opens on {opens:%Y-%m-%d} at {opens:%H:%M}" in str(refused.value)

        over = session_at(cast, -60, duration=50)  # ended ten minutes ago
        with pytest.raises(actions.VideoError, match="time is over"):
            actions.issue_link(cast.casey, over, cast.riley)


@pytest.mark.parametrize("zone", ZONES)
def test_an_issued_link_is_refused_after_the_local_end(cast, zone):
    sign(cast, kind="telehealth")
    with override_settings(SEALBOOK_TIME_ZONE=zone):
        session = session_at(cast, -40, duration=50)  # ends in ten minutes
        _, token = actions.issue_link(cast.casey, session, cast.riley)
        actions.arrive(token, None)
        session.duration_minutes = 30  # now it ended ten minutes ago
        session.save()
        with pytest.raises(actions.LinkRefused, match="ended"):
            actions.arrive(token, None)


def test_the_room_and_its_tokens_end_with_the_appointment(cast):
    """The room's end (the Janus tokens' and TURN credentials' expiry) is the calendar's."""
    sign(cast, kind="telehealth")
    with override_settings(SEALBOOK_TIME_ZONE="Pacific/Auckland"):
        session = session_at(cast, 5)
        assert actions.session_start(session) == session.appointment.start
        assert actions.session_end(session) == session.appointment.end


def test_the_demos_video_appointment_is_on_now_on_the_practices_clock(cast):
    from sealbook.practice.demo import _add_video_session_today

    with override_settings(SEALBOOK_TIME_ZONE="Pacific/Auckland"):
        session = _add_video_session_today([cast.riley], cast.casey)
        now = timezone.now()
        assert actions.session_start(session) <= now < actions.session_end(session)
        _, token = actions.issue_link(cast.casey, session, cast.riley)
        assert actions.arrive(token, None)[0].state == "waiting"


def test_a_session_without_an_appointment_is_read_in_the_practices_zone(cast):
    """An appointment's own zone wins; a session without one (made before the calendar)
    is on the practice's clock, never UTC."""
    sign(cast, kind="telehealth")
    with override_settings(SEALBOOK_TIME_ZONE="America/Los_Angeles"):
        booked = session_at(cast, 10)
    with override_settings(SEALBOOK_TIME_ZONE="Pacific/Auckland"):
        assert actions.session_start(booked) == booked.appointment.start  # booked in LA
        session = session_at(cast, 10)
        session.appointment.delete()
        session = Session.objects.get(pk=session.pk)
        local = datetime.datetime.combine(session.date, session.start_time)
        assert actions.session_start(session) == local.replace(
            tzinfo=zoneinfo.ZoneInfo("Pacific/Auckland")
        )
