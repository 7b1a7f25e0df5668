"""Scheduling a telehealth session needs the client's current telehealth consent (APA 4.02(c)).

`docs/disclosures.md` promises it; the records app asks the check the consent
app registers, and refuses a gated modality nobody checks (fail closed).
"""

from __future__ import annotations

import datetime

import pytest

from sealbook.consent import actions as consent
from sealbook.records import actions
from sealbook.records.models import Session
from tests.conftest import sign_in
from tests.consent.support import sign


def schedule(cast, modality: str = "telehealth"):
    return actions.schedule_session(
        cast.casey,
        cast.riley,
        clinician=cast.casey,
        date=datetime.date(2026, 10, 5),
        start_time=datetime.time(10, 0),
        duration_minutes=50,
        service="individual",
        modality=modality,
    )


def test_telehealth_is_refused_without_consent_with_the_reason(cast):
    with pytest.raises(actions.RecordError, match="no current telehealth"):
        schedule(cast)
    assert not Session.objects.exists()
    assert schedule(cast, "in-person").modality == "in-person"


def test_a_consent_allows_it_and_withdrawing_refuses_the_next_one(cast):
    signature = sign(cast, kind="telehealth")
    assert schedule(cast).modality == "telehealth"
    consent.withdraw(cast.casey, signature)
    with pytest.raises(actions.RecordError, match="withdrawn"):
        schedule(cast)
    assert Session.objects.count() == 1


def test_a_gated_modality_without_a_registered_check_is_refused(cast, monkeypatch):
    monkeypatch.setattr(actions, "_MODALITY_CHECKS", {})
    sign(cast, kind="telehealth")
    with pytest.raises(actions.RecordError, match="not available"):
        schedule(cast)


def test_the_session_form_says_why_telehealth_is_refused(client, cast):
    sign_in(client, cast.casey)
    page = client.post(
        f"/clients/{cast.riley.pk}/sessions/new/",
        {"date": "2026-10-05", "start_time": "10:00", "duration_minutes": "50",
         "service": "individual", "modality": "telehealth"},
    )  # fmt: skip
    assert page.status_code == 400
    assert b"needs the client&#x27;s consent" in page.content
    assert not Session.objects.exists()
