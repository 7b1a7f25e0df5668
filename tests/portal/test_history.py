""" "Who has seen my record": staff accesses in plain words, break-glass flagged, by date."""

from __future__ import annotations

import datetime

from django.utils import timezone

from sealbook.access.models import current_policy
from sealbook.portal.models import AccountKind
from tests.conftest import sign_in
from tests.portal.support import portal_account


def history(client, account, query=""):
    sign_in(client, account.user)
    return client.get(f"/portal/history/{query}").content.decode()


def test_the_clinicians_chart_view_is_listed_with_name_and_role(client, cast):
    account = portal_account(cast, cast.riley, "riley@client.example.net")
    sign_in(client, cast.casey)
    client.get(f"/clients/{cast.riley.pk}/")
    page = history(client, account)
    assert "Casey Clinician (Clinician)" in page
    assert "your chart: sessions and notes" in page
    assert "emergency access</strong>" not in page

    policy = current_policy()
    policy.portal_history_shows_names = False
    policy.save()
    page = history(client, account)
    assert "Casey Clinician" not in page and "Clinician" in page


def test_break_glass_is_flagged(client, cast):
    from sealbook.access.models import BreakGlassGrant

    account = portal_account(cast, cast.riley, "riley@client.example.net")
    BreakGlassGrant(
        client=cast.riley, user=cast.quinn, reason="synthetic emergency",
        expires_at=timezone.now() + datetime.timedelta(minutes=5),
    ).save()  # fmt: skip
    sign_in(client, cast.quinn)
    assert client.get(f"/clients/{cast.riley.pk}/").status_code == 200
    page = history(client, account)
    assert "Quinn Outsider" in page and "emergency access</strong>" in page


def test_dates_filter_and_bad_dates_are_refused(client, cast):
    account = portal_account(cast, cast.riley, "riley@client.example.net")
    sign_in(client, cast.casey)
    client.get(f"/clients/{cast.riley.pk}/")
    today = timezone.localdate()
    tomorrow, yesterday = today + datetime.timedelta(days=1), today - datetime.timedelta(days=1)
    assert "Casey Clinician" not in history(client, account, f"?from={tomorrow.isoformat()}")
    assert "Casey Clinician" not in history(client, account, f"?to={yesterday.isoformat()}")
    assert "Casey Clinician" in history(client, account, f"?from={today}&to={today}")
    sign_in(client, account.user)
    assert client.get("/portal/history/?from=yesterday").status_code == 400


def test_psychotherapy_note_access_only_if_the_policy_says(client, cast):
    from sealbook.audit.events import AuditEvent
    from sealbook.audit.log import record

    account = portal_account(cast, cast.riley, "riley@client.example.net")
    record(AuditEvent.PSYCHOTHERAPY_NOTE_VIEWED, actor=cast.casey, client_id=cast.riley.pk)
    assert "psychotherapy" not in history(client, account)
    policy = current_policy()
    policy.portal_history_shows_psychotherapy_access = True
    policy.save()
    assert "psychotherapy notes (what they say is never shown here)" in history(client, account)


def test_a_guardian_does_not_see_the_log(client, cast):
    guardian = portal_account(cast, cast.riley, "g@client.example.net", AccountKind.GUARDIAN)
    sign_in(client, guardian.user)
    assert client.get("/portal/history/").status_code == 404
    assert "Who has seen my record" not in client.get("/portal/").content.decode().split("<main")[0]
