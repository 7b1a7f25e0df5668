"""Creating a client names its clinician, who joins the care team.

Whoever creates the client (front desk, owner or a clinician), someone on the
clinical staff can open the chart afterwards, a restricted one included, and
the creator is sent to a page they may open: never a 404.
"""

from __future__ import annotations

import pytest

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.records import actions
from sealbook.records.models import CareTeamMembership, Client
from tests.conftest import client_details, make_user, sign_in


def form(clinician=None, **overrides):
    values = {
        "legal_first_name": "Noor",
        "legal_last_name": "Quillfield",
        "date_of_birth": "1990-02-03",
    }
    if clinician is not None:
        values["clinician"] = str(clinician.pk)
    values.update(overrides)
    return values


def newest() -> Client:
    return Client.objects.order_by("-created_at").first()


@pytest.mark.parametrize("creator", ["frankie", "owner"])
def test_front_desk_and_owner_name_the_clinician_who_can_then_open_the_chart(client, cast, creator):
    sign_in(client, getattr(cast, creator))
    response = client.post("/clients/new/", form(cast.quinn))
    assert response.status_code == 302
    new = newest()
    assert new.pk != cast.riley.pk
    team = set(CareTeamMembership.objects.filter(client=new).values_list("user_id", flat=True))
    assert team == {cast.quinn.pk}
    # Both may see an unrestricted client's demographics, so they go to the chart.
    assert response.headers["Location"] == f"/clients/{new.pk}/"
    assert client.get(response.headers["Location"]).status_code == 200
    assert sign_in(client, cast.quinn).get(f"/clients/{new.pk}/").status_code == 200


@pytest.mark.parametrize("creator", ["frankie", "owner"])
def test_a_restricted_client_opens_for_its_clinician_and_the_creator_goes_to_the_list(
    client, cast, creator
):
    sign_in(client, getattr(cast, creator))
    response = client.post("/clients/new/", form(cast.quinn, restricted="on"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/clients/"
    body = response.content.decode()
    assert "The client was created; Quinn Outsider is their clinician" in body
    assert "Quillfield" not in body  # the list hides the restricted client from its creator
    new = newest()
    assert new.restricted
    assert sign_in(client, cast.quinn).get(f"/clients/{new.pk}/").status_code == 200
    assert sign_in(client, cast.casey).get(f"/clients/{new.pk}/").status_code == 404


def test_front_desk_must_name_a_clinician(client, cast):
    before = Client.objects.count()
    response = sign_in(client, cast.frankie).post("/clients/new/", form())
    assert response.status_code == 400
    assert "Choose the client&#x27;s clinician." in response.content.decode()
    assert Client.objects.count() == before


def test_only_active_clinical_staff_may_be_named(client, cast):
    before = Client.objects.count()
    sign_in(client, cast.frankie)
    response = client.post("/clients/new/", form(cast.avery))
    assert response.status_code == 400
    assert "Choose one of the clinicians listed." in response.content.decode()
    cast.quinn.is_active = False
    cast.quinn.save()
    assert client.post("/clients/new/", form(cast.quinn)).status_code == 400
    assert Client.objects.count() == before


def test_the_form_offers_a_clinician_their_own_name_first(client, cast):
    body = sign_in(client, cast.casey).get("/clients/new/").content.decode()
    assert f'<option value="{cast.casey.pk}" selected>Casey Clinician (Clinician)</option>' in body
    assert "Avery Auditor" not in body and "Frankie Desk" not in body


def test_a_clinician_naming_a_colleague_stays_on_the_team_too(client, cast):
    response = sign_in(client, cast.casey).post("/clients/new/", form(cast.morgan))
    new = newest()
    assert response.headers["Location"] == f"/clients/{new.pk}/"
    team = set(CareTeamMembership.objects.filter(client=new).values_list("user_id", flat=True))
    assert team == {cast.casey.pk, cast.morgan.pk}


def test_the_action_defaults_a_clinician_creator_to_themself(cast):
    new = actions.create_client(cast.quinn, client_details(legal_first_name="Sol"))
    assert list(new.care_team.values_list("user_id", flat=True)) == [cast.quinn.pk]


def test_the_action_refuses_a_client_nobody_clinical_can_open(cast):
    before = Client.objects.count()
    with pytest.raises(actions.RecordError, match="name the client's clinician"):
        actions.create_client(cast.frankie, client_details(legal_first_name="Sol"))
    with pytest.raises(actions.RecordError, match="active member of the clinical staff"):
        actions.create_client(cast.owner, client_details(), clinician=cast.frankie)
    assert Client.objects.count() == before


def test_creation_is_one_audit_entry_naming_the_care_team(cast, password_hash):
    supervisor = make_user("sam@practice.example.org", "supervisor", "Sam Super", password_hash)
    new = actions.create_client(
        cast.frankie, client_details(legal_first_name="Sol", restricted=True), clinician=supervisor
    )
    entry = AuditEntry.objects.get(event=AuditEvent.CLIENT_CREATED, client_id=new.pk)
    assert entry.actor_id == cast.frankie.pk
    detail = read_detail(entry)
    assert detail["clinician"] == supervisor.pk and detail["care_team"] == [supervisor.pk]
    assert "Sol" not in str(detail)


def test_a_failure_after_the_client_row_leaves_nothing_half_written(cast, monkeypatch):
    from sealbook.records import actions as records_actions

    before = (Client.objects.count(), AuditEntry.objects.count())

    def broken_index(client):
        raise RuntimeError("the search index is unavailable")

    monkeypatch.setattr(records_actions, "index_client", broken_index)
    with pytest.raises(RuntimeError):
        actions.create_client(cast.frankie, client_details(), clinician=cast.quinn)
    # The ACCESS_GRANTED entry of the authorization stays; the client and its entry do not.
    assert Client.objects.count() == before[0]
    assert (
        not AuditEntry.objects.filter(event=AuditEvent.CLIENT_CREATED)
        .exclude(client_id=cast.riley.pk)
        .exists()
    )
