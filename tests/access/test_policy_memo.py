"""The per-request memo of relationships: shared queries, never a stale decision."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client as WebClient
from django.utils import timezone

from sealbook.access.models import BreakGlassGrant, Supervision
from sealbook.access.policy import AccessDenied, Action, authorize, permits, relationship_memo
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.records.models import CareTeamMembership
from tests.conftest import sign_in


def test_decisions_in_one_request_share_the_relationship_queries(cast, django_assert_num_queries):
    with relationship_memo():
        permits(cast.quinn, Action.VIEW_CLINICAL, cast.riley)
        with django_assert_num_queries(0):
            for action in (Action.VIEW_CLINICAL, Action.VIEW_DOCUMENTS, Action.WRITE_NOTE):
                assert not permits(cast.quinn, action, cast.riley)


def test_outside_a_request_every_decision_queries(cast, django_assert_num_queries):
    permits(cast.quinn, Action.VIEW_CLINICAL, cast.riley)
    with django_assert_num_queries(3):  # care team, supervision, break-glass
        permits(cast.quinn, Action.VIEW_CLINICAL, cast.riley)


def test_removal_from_the_care_team_takes_effect_within_the_request(cast):
    with relationship_memo():
        authorize(cast.morgan, Action.VIEW_CLINICAL, cast.riley)
        CareTeamMembership.objects.get(client=cast.riley, user=cast.morgan).delete()
        with pytest.raises(AccessDenied):
            authorize(cast.morgan, Action.VIEW_CLINICAL, cast.riley)


def test_joining_the_care_team_takes_effect_within_the_request(cast):
    with relationship_memo():
        assert not permits(cast.quinn, Action.WRITE_NOTE, cast.riley)
        CareTeamMembership.objects.create(client=cast.riley, user=cast.quinn)
        assert permits(cast.quinn, Action.WRITE_NOTE, cast.riley)


def test_a_new_supervision_or_grant_takes_effect_within_the_request(cast):
    with relationship_memo():
        assert not permits(cast.quinn, Action.VIEW_CLINICAL, cast.riley)
        Supervision.objects.create(supervisor=cast.quinn, supervisee=cast.morgan)
        assert permits(cast.quinn, Action.VIEW_CLINICAL, cast.riley)


def test_a_remembered_break_glass_grant_lapses_when_it_expires(cast):
    grant = BreakGlassGrant.objects.create(
        client=cast.riley,
        user=cast.quinn,
        reason="Synthetic emergency for the test",
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    with relationship_memo() as memo:
        assert permits(cast.quinn, Action.VIEW_CLINICAL, cast.riley)
        # As if the hour passed while the request ran: only the remembered expiry changes.
        key = (cast.quinn.pk, cast.riley.pk)
        member, supervises, _ = memo.entries[key]
        memo.entries[key] = (member, supervises, timezone.now() - datetime.timedelta(seconds=1))
        assert not permits(cast.quinn, Action.VIEW_CLINICAL, cast.riley)
        grant.delete()
        assert not memo.enabled


def test_a_chart_view_is_one_decision_and_one_audit_entry(cast):
    from sealbook.audit.log import read_detail

    web = sign_in(WebClient(), cast.casey)
    before = AuditEntry.objects.count()
    response = web.get(f"/clients/{cast.riley.id}/")
    assert response.status_code == 200
    new = list(AuditEntry.objects.filter(seq__gte=before))
    assert [e.event for e in new] == [AuditEvent.CHART_VIEWED]
    assert new[0].client_id == cast.riley.id and new[0].outcome == "granted"
    assert read_detail(new[0]) == {"action": "view-clinical", "basis": "care-team"}


def test_a_demographics_only_chart_view_is_one_entry_too(cast):
    from sealbook.audit.log import read_detail

    web = sign_in(WebClient(), cast.frankie)
    before = AuditEntry.objects.count()
    assert web.get(f"/clients/{cast.riley.id}/").status_code == 200
    new = list(AuditEntry.objects.filter(seq__gte=before))
    assert [e.event for e in new] == [AuditEvent.CHART_VIEWED]
    assert read_detail(new[0])["scope"] == "demographics"


def test_a_chart_view_after_removal_from_the_team_is_refused(cast):
    web = sign_in(WebClient(), cast.morgan)
    assert web.get(f"/clients/{cast.riley.id}/").status_code == 200
    CareTeamMembership.objects.get(client=cast.riley, user=cast.morgan).delete()
    assert web.get(f"/clients/{cast.riley.id}/").status_code == 404


def test_opening_a_note_is_one_decision_and_one_audit_entry(cast):
    from sealbook.audit.log import read_detail
    from sealbook.records import actions

    sections = {"subjective": "Synthetic text."}
    note = actions.create_note(cast.casey, cast.riley, note_format="soap", sections=sections)
    web = sign_in(WebClient(), cast.casey)
    before = AuditEntry.objects.count()
    assert web.get(f"/notes/{note.id}/").status_code == 200
    new = list(AuditEntry.objects.filter(seq__gte=before))
    assert [e.event for e in new] == [AuditEvent.NOTE_VIEWED]
    assert new[0].object_id == str(note.id)
    assert read_detail(new[0]) == {"action": "view-clinical", "basis": "care-team"}
    # Someone off the team: one ACCESS_DENIED, and a 404.
    outsider = sign_in(WebClient(), cast.quinn)
    before = AuditEntry.objects.count()
    assert outsider.get(f"/notes/{note.id}/").status_code == 404
    new = list(AuditEntry.objects.filter(seq__gte=before))
    assert [e.event for e in new] == [AuditEvent.ACCESS_DENIED]
