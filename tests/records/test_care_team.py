"""Care teams kept up to date: adding and removing members with a reason, audited.

Whoever may manage care teams (the policy's MANAGE_CARE_TEAMS: the owner)
edits every team, a restricted chart's included, but never sees a restricted
client's name there and never adds themself to its team.
"""

from __future__ import annotations

import pytest

from sealbook.access.policy import AccessDenied
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.audit.verification import verify
from sealbook.records import actions, care_team
from sealbook.records.models import CareTeamChange, CareTeamMembership
from tests.conftest import client_details, sign_in


def team(client) -> set[int]:
    return set(CareTeamMembership.objects.filter(client=client).values_list("user_id", flat=True))


def test_the_owner_adds_and_removes_a_member_with_a_reason(client, cast):
    sign_in(client, cast.owner)
    url = f"/clients/{cast.riley.pk}/care-team/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Care team of Ri Synthwood" in page.content.decode()
    response = client.post(url, {"op": "add", "member": cast.quinn.pk, "reason": "covers leave"})
    assert response.status_code == 302
    assert cast.quinn.pk in team(cast.riley)
    change = CareTeamChange.objects.get(member=cast.quinn)
    assert change.reason == "covers leave"
    # The reason is stored encrypted, and the audit entry names the row, not the reason.
    raw = CareTeamChange.objects.filter(pk=change.pk).values_list("reason", flat=True).get()
    assert b"covers leave" not in bytes(raw)
    entry = AuditEntry.objects.filter(event=AuditEvent.CARE_TEAM_MEMBER_ADDED).latest("seq")
    assert read_detail(entry)["member"] == cast.quinn.pk
    assert "covers leave" not in str(read_detail(entry))
    # Quinn may now open the chart; after removal not any more.
    assert sign_in(client, cast.quinn).get(f"/clients/{cast.riley.pk}/").status_code == 200
    sign_in(client, cast.owner)
    response = client.post(url, {"op": "remove", "member": cast.quinn.pk, "reason": "leave ended"})
    assert response.status_code == 302
    assert cast.quinn.pk not in team(cast.riley)
    assert AuditEntry.objects.filter(event=AuditEvent.CARE_TEAM_MEMBER_REMOVED).exists()
    history = client.get(url).content.decode()
    assert "leave ended" in history and "covers leave" in history
    assert sign_in(client, cast.quinn).get(f"/clients/{cast.riley.pk}/").status_code == 404
    verify()


def test_a_change_needs_a_reason_and_nothing_changes_without_one(client, cast):
    sign_in(client, cast.owner)
    response = client.post(
        f"/clients/{cast.riley.pk}/care-team/", {"op": "add", "member": cast.quinn.pk, "reason": ""}
    )
    assert response.status_code == 400
    assert "give the reason" in response.content.decode()
    assert cast.quinn.pk not in team(cast.riley)


def test_the_last_clinician_is_not_removed_by_hand(cast):
    care_team.remove_member(cast.owner, cast.riley, cast.morgan, "moved on")
    with pytest.raises(care_team.CareTeamError, match="no clinician"):
        care_team.remove_member(cast.owner, cast.riley, cast.casey, "moved on")
    assert cast.casey.pk in team(cast.riley)


def test_only_active_team_roles_join(cast):
    with pytest.raises(care_team.CareTeamError):
        care_team.add_member(cast.owner, cast.riley, cast.avery, "audit")
    cast.quinn.is_active = False
    cast.quinn.save()
    with pytest.raises(care_team.CareTeamError):
        care_team.add_member(cast.owner, cast.riley, cast.quinn, "cover")


def test_others_may_not_manage_care_teams(client, cast):
    for user in (cast.quinn, cast.frankie, cast.avery):  # off the team, front desk, auditor
        with pytest.raises(AccessDenied):
            care_team.add_member(user, cast.riley, cast.quinn, "cover")
        assert sign_in(client, user).get(f"/clients/{cast.riley.pk}/care-team/").status_code == 404
    assert cast.quinn.pk not in team(cast.riley)


def test_a_clinician_on_the_team_manages_it_from_the_chart(client, cast):
    chart = sign_in(client, cast.casey).get(f"/clients/{cast.riley.pk}/").content.decode()
    url = f"/clients/{cast.riley.pk}/care-team/"
    assert f'href="{url}"' in chart
    response = client.post(url, {"op": "add", "member": cast.quinn.pk, "reason": "holiday cover"})
    assert response.status_code == 302 and cast.quinn.pk in team(cast.riley)
    entry = AuditEntry.objects.filter(event=AuditEvent.CARE_TEAM_MEMBER_ADDED).last()
    assert entry.actor_id == cast.casey.pk and entry.client_id == cast.riley.pk
    # Only the teams they are on: another clinician's client stays closed.
    other = actions.create_client(cast.quinn, client_details(legal_last_name="Elsewhere"))
    CareTeamMembership.objects.filter(client=other, user=cast.casey).delete()
    assert client.get(f"/clients/{other.pk}/care-team/").status_code == 404


def test_a_restricted_chart_is_managed_without_being_shown(client, cast):
    secret = actions.create_client(
        cast.casey, client_details(legal_last_name="Hiddenbrook", restricted=True)
    )
    sign_in(client, cast.owner)
    url = f"/clients/{secret.pk}/care-team/"
    page = client.get(url).content.decode()
    assert "Hiddenbrook" not in page
    assert "Casey Clinician" in page
    client.post(url, {"op": "add", "member": cast.quinn.pk, "reason": "second opinion"})
    assert cast.quinn.pk in team(secret)
    assert "second opinion" not in client.get(url).content.decode()  # the history is not shown
    # The owner may not let themself in.
    cast.owner.role = "owner"
    with pytest.raises(care_team.CareTeamError):
        care_team.add_member(cast.owner, secret, cast.owner, "curious")
    assert sign_in(client, cast.quinn).get(f"/clients/{secret.pk}/").status_code == 200


def test_the_chart_links_to_the_care_team_only_for_who_manages_it(client, cast):
    chart = f"/clients/{cast.riley.pk}/"
    owner_page = sign_in(client, cast.owner).get(chart).content.decode()
    assert f'href="/clients/{cast.riley.pk}/care-team/"' in owner_page
    desk_page = sign_in(client, cast.frankie).get(chart).content.decode()
    assert "care-team/" not in desk_page
    assert "Morgan Colleague" in desk_page  # the team is listed on the chart
