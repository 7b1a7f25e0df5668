"""The portal's appointments come from the calendar; a video one has a join button in its
window, which opens the video session's waiting room with a link made for the client."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.portal.appointments import may_join
from sealbook.portal.models import AccountKind
from sealbook.scheduling.actions import cancel
from sealbook.telehealth.models import JoinLink
from tests.conftest import sign_in
from tests.consent.support import sign
from tests.portal.support import appointment_for, make_minor, portal_account
from tests.telehealth.support import practice_now


def video_in(cast, minutes):
    start = practice_now() + datetime.timedelta(minutes=minutes)
    return appointment_for(cast, cast.riley, start=start.replace(microsecond=0),
                           modality="telehealth")  # fmt: skip


def test_the_calendars_appointments_are_listed_and_cancelled_ones_are_not(client, cast):
    kept = appointment_for(cast, cast.riley)
    gone = appointment_for(
        cast, cast.riley, start=timezone.localtime() + datetime.timedelta(days=3)
    )
    cancel(cast.casey, gone, reason="a synthetic reason", expected_version=gone.version)
    riley = portal_account(cast, cast.riley, "riley@client.example.net")
    sign_in(client, riley.user)
    page = client.get("/portal/appointments/").content.decode()
    assert page.count("<tr>") == 2
    assert f"{kept.local_start:%A %-d %B %Y}" in page
    assert "Casey Clinician" in page


def test_the_join_button_opens_the_waiting_room_only_in_its_window(client, cast):
    sign(cast, kind="telehealth")
    soon, later = video_in(cast, 10), video_in(cast, 120)
    riley = portal_account(cast, cast.riley, "riley@client.example.net")
    sign_in(client, riley.user)
    page = client.get("/portal/appointments/").content.decode()
    assert page.count("Join the video session") == 1
    assert f'action="/portal/appointments/{soon.pk}/join/"' in page
    assert "the join button appears 15 minutes before" in page  # the later one
    assert client.post(f"/portal/appointments/{later.pk}/join/").status_code == 409
    assert not JoinLink.objects.exists()
    response = client.post(f"/portal/appointments/{soon.pk}/join/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/video/join/")
    link = JoinLink.objects.get()
    assert link.session_id == soon.session_id and link.client_id == cast.riley.pk
    entry = AuditEntry.objects.get(event=AuditEvent.VIDEO_LINK_ISSUED)
    assert entry.actor_id == riley.user_id
    # The waiting room opens for the portal account (the boundary lets the join link through).
    assert client.get(response.headers["Location"]).status_code == 200
    # Pressing again makes a new link and revokes the first (one device at a time).
    client.post(f"/portal/appointments/{soon.pk}/join/")
    assert JoinLink.objects.filter(revoked_at__isnull=True).count() == 1


def test_a_guardian_has_no_join_button(client, cast):
    make_minor(cast.riley)
    sign(cast, kind="telehealth")
    soon = video_in(cast, 5)
    guardian = portal_account(cast, cast.riley, "guardian@client.example.net", AccountKind.GUARDIAN)
    sign_in(client, guardian.user)
    page = client.get("/portal/appointments/").content.decode()
    assert page.count("<tr>") == 2 and "Join the video session" not in page
    assert client.post(f"/portal/appointments/{soon.pk}/join/").status_code == 409


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "America/Los_Angeles"])
def test_the_join_button_follows_the_practices_clock(client, cast, zone):
    """Far from UTC the button shows 10 minutes before the local start, not 20 minutes
    before, and not after the scheduled end (the window of the video session's links)."""
    sign(cast, kind="telehealth")
    riley = portal_account(cast, cast.riley, "riley@client.example.net")
    sign_in(client, riley.user)
    with override_settings(SEALBOOK_TIME_ZONE=zone):
        soon, early, on = video_in(cast, 10), video_in(cast, 20), video_in(cast, -40)
        page = client.get("/portal/appointments/").content.decode()
        assert page.count("Join the video session") == 2
        assert f'action="/portal/appointments/{soon.pk}/join/"' in page
        assert f'action="/portal/appointments/{on.pk}/join/"' in page
        assert client.post(f"/portal/appointments/{early.pk}/join/").status_code == 409
        assert not may_join(riley, on, on.end)
        assert may_join(riley, on, on.end - datetime.timedelta(seconds=1))
        assert not may_join(riley, early, early.start - datetime.timedelta(minutes=16))
