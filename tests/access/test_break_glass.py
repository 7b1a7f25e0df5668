"""Break-glass: reason required, time-limited, flagged in the log, owner notified."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sealbook.access.models import BreakGlassGrant, Notification
from sealbook.access.policy import AccessDenied, Action, ReauthenticationRequired, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.records.actions import create_client
from sealbook.records.breakglass import BreakGlassRefused, start_break_glass
from tests.conftest import client_details, sign_in


@pytest.fixture
def quinn(cast):
    cast.quinn.sudo_active = True  # re-authenticated a moment ago
    return cast.quinn


def test_break_glass_opens_the_chart_for_a_limited_time_and_flags_each_read(cast, quinn):
    with pytest.raises(AccessDenied):
        authorize(quinn, Action.VIEW_CLINICAL, cast.riley)
    grant = start_break_glass(quinn, cast.riley, "Client in crisis calling the front desk now")
    decision = authorize(quinn, Action.VIEW_CLINICAL, cast.riley)
    assert decision.basis == "break-glass"
    flagged = AuditEntry.objects.filter(event=AuditEvent.ACCESS_GRANTED, outcome="break-glass")
    assert flagged.filter(actor_id=quinn.pk, client_id=cast.riley.pk).exists()
    BreakGlassGrant.objects.filter(pk=grant.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(AccessDenied):
        authorize(quinn, Action.VIEW_CLINICAL, cast.riley)


def test_the_owner_is_notified(cast, quinn):
    start_break_glass(quinn, cast.riley, "Client in crisis calling the front desk now")
    notice = Notification.objects.get(recipient=cast.owner)
    assert (notice.kind, notice.client_id, notice.actor) == ("break-glass", cast.riley.pk, quinn)


def test_a_reason_is_required(cast, quinn):
    with pytest.raises(BreakGlassRefused):
        start_break_glass(quinn, cast.riley, "  urgent ")
    assert not BreakGlassGrant.objects.exists()


def test_the_reason_is_stored_encrypted(cast, quinn):
    grant = start_break_glass(quinn, cast.riley, "Client in crisis calling the front desk now")
    raw = BreakGlassGrant.objects.values_list("reason", flat=True).get(pk=grant.pk)
    assert b"crisis" not in bytes(raw)
    assert BreakGlassGrant.objects.get(pk=grant.pk).reason.startswith("Client in crisis")


def test_restricted_charts_cannot_be_opened(cast, quinn):
    secret = create_client(cast.casey, client_details(legal_first_name="Rae", restricted=True))
    with pytest.raises(AccessDenied):
        start_break_glass(quinn, secret, "Client in crisis calling the front desk now")


def test_it_needs_a_fresh_reauthentication(cast):
    with pytest.raises(ReauthenticationRequired):
        start_break_glass(cast.quinn, cast.riley, "Client in crisis calling the front desk now")


def test_front_desk_cannot_break_glass(cast):
    cast.frankie.sudo_active = True
    with pytest.raises(AccessDenied):
        start_break_glass(cast.frankie, cast.riley, "Client in crisis calling the front desk now")


def test_the_web_flow_from_search_to_chart(client, cast):
    sign_in(client, cast.quinn)
    found = client.post("/emergency/", {"q": "Synthwood"})
    assert f"/clients/{cast.riley.pk}/break-glass/".encode() in found.content
    session = client.session
    session["sealbook_sudo_until"] = timezone.now().timestamp() + 60
    session.save()
    started = client.post(
        f"/clients/{cast.riley.pk}/break-glass/", {"reason": "Client in crisis calling now"}
    )
    assert started.status_code == 302
    chart = client.get(f"/clients/{cast.riley.pk}/")
    assert chart.status_code == 200 and b"Progress notes" in chart.content
    owner_page = sign_in(client, cast.owner).get("/notifications/")
    assert b"break-glass" in owner_page.content
