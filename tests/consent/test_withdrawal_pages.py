"""Withdrawing a consent from the client's consents page, and the bad input it refuses."""

from __future__ import annotations

import re

import pytest

from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.consent.models import ConsentSignature
from tests.conftest import sign_in
from tests.consent.support import days_ago, sign
from tests.consent.test_consent import state
from tests.disclosure.support import today


@pytest.fixture
def casey(client, cast):
    return sign_in(client, cast.casey)


def withdraw_url(signature):
    return f"/consent-signatures/{signature.pk}/withdraw/"


def badge(page, kind):
    row = re.search(rf'<tr class="consent-{kind}">(.*?)</tr>', page.content.decode(), re.S)
    assert row is not None
    return re.search(r'<span class="badge[^"]*">([^<]+)</span>', row.group(1)).group(1)


def test_the_consents_page_offers_withdrawal_beside_the_current_signature_only(casey, cast):
    older = sign(cast, kind="recording", method="paper", signed_on=days_ago(5))
    current = sign(cast, kind="recording")
    page = casey.get(f"/clients/{cast.riley.pk}/consents/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'action="{withdraw_url(current)}"' in html
    assert f'action="{withdraw_url(older)}"' not in html
    # Confirming needs no script (the CSP allows none inline): the form is folded
    # away and asks for a ticked box.
    assert "<details" in html and 'name="confirmed"' in html
    assert "onclick" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_withdrawing_through_the_form_shows_not_consented(casey, cast):
    signature = sign(cast, kind="recording", method="paper", signed_on=days_ago(9))
    # The client withdrew in yesterday's session; the clinician records it today.
    day = days_ago(1)
    response = casey.post(
        withdraw_url(signature), {"withdrawn_on": day.isoformat(), "confirmed": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{cast.riley.pk}/consents/"
    page = casey.get(response["Location"])
    assert badge(page, "recording") == "Not consented"
    assert f"withdrawn on {day:%Y-%m-%d}" in page.content.decode()
    assert f'action="{withdraw_url(signature)}"' not in page.content.decode()
    assert ConsentSignature.objects.get(pk=signature.pk).withdrawn_on == day


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"withdrawn_on": "today"}, b"tick the box to confirm"),
        ({"withdrawn_on": "", "confirmed": "on"}, b"give the day the client withdrew"),
        ({"withdrawn_on": "2026-02-30", "confirmed": "on"}, b"give the day the client withdrew"),
        ({"withdrawn_on": "2999-01-01", "confirmed": "on"}, b"not later"),
    ],
    ids=["unconfirmed", "no-date", "no-such-date", "future"],
)
def test_bad_withdrawal_input_is_a_400_and_changes_nothing(casey, cast, data, message):
    signature = sign(cast, kind="recording")
    if data["withdrawn_on"] == "today":
        data = {"withdrawn_on": today().isoformat()}
    response = casey.post(withdraw_url(signature), data)
    assert response.status_code == 400
    assert message in response.content and b"nothing was changed" in response.content
    assert ConsentSignature.objects.get(pk=signature.pk).withdrawn_at is None
    assert not AuditEntry.objects.filter(event=AuditEvent.CONSENT_WITHDRAWN).exists()
    assert state(cast, "recording").consented


def test_withdrawing_twice_is_a_400_saying_so(casey, cast):
    signature = sign(cast, kind="recording")
    data = {"withdrawn_on": today().isoformat(), "confirmed": "on"}
    assert casey.post(withdraw_url(signature), data).status_code == 302
    again = casey.post(withdraw_url(signature), data)
    assert again.status_code == 400 and b"This consent is already withdrawn" in again.content


def test_withdrawal_takes_a_post_only(casey, cast):
    signature = sign(cast, kind="recording")
    assert casey.get(withdraw_url(signature)).status_code == 405
    assert ConsentSignature.objects.get(pk=signature.pk).withdrawn_at is None


def test_someone_outside_the_care_team_gets_a_404_and_a_denied_entry(client, cast):
    signature = sign(cast, kind="recording")
    quinn = sign_in(client, cast.quinn)
    data = {"withdrawn_on": today().isoformat(), "confirmed": "on"}
    assert quinn.post(withdraw_url(signature), data).status_code == 404
    assert AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor_id=cast.quinn.pk)
    assert ConsentSignature.objects.get(pk=signature.pk).withdrawn_at is None


def test_an_unknown_signature_is_a_404(casey):
    assert casey.post("/consent-signatures/00000000-0000-4000-8000-000000000000/withdraw/",
                      {"confirmed": "on"}).status_code == 404  # fmt: skip


def test_the_form_is_csrf_protected(cast):
    from django.test import Client

    signature = sign(cast, kind="recording")
    browser = sign_in(Client(enforce_csrf_checks=True), cast.casey)
    data = {"withdrawn_on": today().isoformat(), "confirmed": "on"}
    assert browser.post(withdraw_url(signature), data).status_code == 403
    assert ConsentSignature.objects.get(pk=signature.pk).withdrawn_at is None
