"""Breach response: the affected clients come from the audit log, exactly."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.oversight import actions, breach
from sealbook.oversight.models import AffectedClient, Conclusion
from sealbook.records import actions as records
from tests.conftest import client_details, sign_in


@pytest.fixture
def owner(cast):
    cast.owner.sudo_active = True  # re-authenticated, as staff.sudo marks the request's user
    return cast.owner


def make_clients(cast, n):
    return [
        records.create_client(cast.casey, client_details(legal_first_name=f"Synth{i}"))
        for i in range(n)
    ]


def test_an_incident_on_one_account_lists_exactly_the_clients_it_opened_in_the_window(cast, owner):
    a, b, c, d = make_clients(cast, 4)
    records.view_chart(cast.casey, a)  # before the window
    start = timezone.now()
    records.view_chart(cast.casey, b)
    records.view_chart(cast.casey, c)
    records.view_chart(cast.casey, b)
    records.view_chart(cast.morgan, cast.riley)  # another account, in the window
    end = timezone.now()
    records.view_chart(cast.casey, d)  # after the window
    incident = actions.open_incident(
        owner,
        actions.IncidentDetails(
            summary="A synthetic phished password.",
            discovered_at=end,
            window_start=start,
            window_end=end,
            account_ids=[cast.casey.pk],
        ),
    )
    found = set(
        AffectedClient.objects.filter(incident=incident).values_list("client_id", flat=True)
    )
    # The same answer as reading the log directly.
    expected = set(
        AuditEntry.objects.filter(
            actor_id=cast.casey.pk,
            occurred_at__gte=start,
            occurred_at__lte=end,
            event=AuditEvent.CHART_VIEWED,
        ).values_list("client_id", flat=True)
    )
    assert found == expected == {b.pk, c.pk}
    assert AuditEntry.objects.filter(event=AuditEvent.INCIDENT_OPENED).exists()


def test_assessment_deadlines_letters_and_mailing(client, cast, owner):
    start = timezone.now()
    records.view_chart(cast.casey, cast.riley)
    incident = actions.open_incident(
        owner,
        actions.IncidentDetails(
            summary="A synthetic lost laptop.",
            discovered_at=timezone.now(),
            window_start=start,
            window_end=timezone.now(),
            account_ids=[cast.casey.pk],
        ),
    )
    assert breach.deadlines(incident) == []
    with pytest.raises(actions.OversightError):
        actions.incident_letter(owner, incident, cast.riley.pk)  # not assessed yet
    with pytest.raises(actions.OversightError):
        actions.assess_incident(owner, incident, actions.Assessment("x", "", "x", "x", "breach"))
    actions.assess_incident(
        owner,
        incident,
        actions.Assessment(
            "Names, dates of sessions.", "Unknown finder.", "Unknown.", "Remote wipe failed.",
            Conclusion.BREACH,
        ),
    )  # fmt: skip
    due = breach.deadlines(incident)
    found = timezone.localtime(incident.discovered_at).date()
    assert due[0].due == found + datetime.timedelta(days=60)
    assert due[-1].who.startswith("The Secretary (HHS), in the yearly")
    assert due[-1].due == datetime.date(found.year, 12, 31) + datetime.timedelta(days=60)
    assert not any("media" in d.who for d in due)

    sign_in(client, cast.owner)
    session = client.session
    session["sealbook_sudo_until"] = __import__("time").time() + 300
    session.save()
    page = client.get(reverse("incident", kwargs={"incident_id": incident.pk})).content.decode()
    assert str(cast.riley.pk) in page
    refused = client.post(
        reverse("incident-mailed", kwargs={"incident_id": incident.pk}),
        {"clients": [str(cast.riley.pk)]},
    )
    assert refused.status_code == 400  # no letter yet
    letter = client.get(
        reverse("incident-letter", kwargs={"incident_id": incident.pk, "client_id": cast.riley.pk})
    )
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    mailed = client.post(
        reverse("incident-mailed", kwargs={"incident_id": incident.pk}),
        {"clients": [str(cast.riley.pk)]},
    )
    assert mailed.status_code == 302
    row = AffectedClient.objects.get(incident=incident)
    assert row.letter_at is not None and row.mailed_at is not None
    assert AuditEntry.objects.filter(
        event=AuditEvent.INCIDENT_LETTERS_PRODUCED, client_id=cast.riley.pk
    ).exists()
    assert AuditEntry.objects.filter(event=AuditEvent.INCIDENT_NOTICE_MAILED).exists()


def test_five_hundred_or_more_means_hhs_now_and_media_above_five_hundred_in_a_state(
    cast, owner, monkeypatch
):
    from collections import Counter

    incident = actions.open_incident(
        owner,
        actions.IncidentDetails(
            summary="Synthetic.", discovered_at=timezone.now(),
            window_start=timezone.now() - datetime.timedelta(hours=1), window_end=timezone.now(),
            account_ids=[cast.casey.pk],
        ),
    )  # fmt: skip
    incident.conclusion = Conclusion.BREACH
    monkeypatch.setattr(breach, "states", lambda _: Counter({"OR": 501, "WA": 20}))
    monkeypatch.setattr(type(incident.affected), "count", lambda self: 521, raising=False)
    who = [d.who for d in breach.deadlines(incident)]
    assert "Prominent media outlets in OR" in who
    assert "Prominent media outlets in WA" not in who
    assert "The Secretary (HHS)" in who


def test_the_incident_form_refuses_a_bad_window(client, cast):
    sign_in(client, cast.owner)
    session = client.session
    session["sealbook_sudo_until"] = __import__("time").time() + 300
    session.save()
    response = client.post(
        reverse("incidents"),
        {
            "summary": "Synthetic.",
            "discovered_at": "2026-01-02T10:00",
            "window_start": "2026-01-02T10:00",
            "window_end": "2026-01-01T10:00",
            "accounts": [cast.casey.pk],
        },
    )
    assert response.status_code == 400
    assert "The window must end after it starts." in response.content.decode()
