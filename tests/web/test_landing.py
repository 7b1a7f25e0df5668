"""Where each role lands after login, the auditor's page, and the 403 page.

Nobody lands on a page the policy refuses them: the start page and the 403
page's way back are asked of the policy, so the auditor is never stranded.
"""

from __future__ import annotations

import pytest
from django.db import connection

from sealbook.access.landing import start_page
from sealbook.access.models import current_policy
from sealbook.access.policy import Action, permits
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry, AuditHead
from tests.audit.test_tampering import drop_triggers
from tests.conftest import PASSWORD, make_user, sign_in

ROLES = ("owner", "clinician", "supervisor", "trainee", "frontdesk", "auditor")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_lands_on_a_page_it_may_open(client, cast, password_hash, role):
    policy = current_policy()
    policy.mfa_required = False  # straight in after the password, as in the MFA tests
    policy.save()
    user = make_user(f"{role}-lands@practice.example.org", role, "Lands Somewhere", password_hash)
    response = client.post("/login/", {"email": user.username, "password": PASSWORD})
    assert response.status_code == 302
    start = response.headers["Location"]
    assert start == start_page(user).url
    sign_in(client, user)
    assert client.get(start).status_code == 200
    assert client.get("/").headers["Location"] == start


def test_the_auditor_lands_on_the_audit_log_and_staff_with_client_lists_on_clients(cast):
    assert start_page(cast.avery).url == "/audit/"
    for user in (cast.casey, cast.frankie, cast.owner):
        assert start_page(user).url == "/clients/"


def test_someone_the_policy_gives_no_page_lands_on_their_account(cast, monkeypatch):
    # A role with no practice-wide page (as a future role might be) still lands somewhere.
    from sealbook.access import policy

    rules = dict(policy.RULES)
    for action in (Action.LIST_CLIENTS, Action.VIEW_AUDIT_LOG):
        rules[action] = policy.Rule({})
    monkeypatch.setattr(policy, "RULES", rules)
    assert start_page(cast.avery).url == "/account/password/"


def test_the_auditor_sees_the_log_size_and_menu_but_no_clinical_content(client, cast):
    page = sign_in(client, cast.avery).get("/audit/")
    body = page.content.decode()
    assert page.status_code == 200
    size = AuditHead.objects.get(pk=1).size
    assert f"holds {size - 1} entries" in body or f"holds {size} entries" in body
    assert 'href="/audit/"' in body and "Log out" in body
    assert 'href="/clients/"' not in body  # the auditor may not list clients
    assert "Synthwood" not in body and "Riley" not in body


def test_verifying_from_the_audit_page_gives_the_verdict_of_audit_verify(client, cast):
    response = sign_in(client, cast.avery).post("/audit/")
    assert response.status_code == 302  # the verdict is kept and shown at the top of the page
    granted = AuditEntry.objects.filter(event=AuditEvent.ACCESS_GRANTED, actor_id=cast.avery.pk)
    assert granted.count() == 1
    body = client.get(response.headers["Location"]).content.decode()
    assert "The audit log verifies:" in body


def test_a_tampered_log_fails_on_the_audit_page(client, cast):
    sign_in(client, cast.avery)
    drop_triggers()  # an attacker with full database rights
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET outcome = 'forged' WHERE seq = 2")
    body = client.post("/audit/", follow=True).content.decode()
    assert "The audit log FAILS verification" in body and "entry 2" in body


def test_the_clinicians_and_front_desk_may_not_open_the_audit_page(client, cast):
    for user in (cast.casey, cast.frankie):
        assert not permits(user, Action.VIEW_AUDIT_LOG)
        assert sign_in(client, user).get("/audit/").status_code == 403


def test_the_403_page_keeps_the_layout_and_links_to_a_page_the_user_may_open(client, cast):
    sign_in(client, cast.avery)
    response = client.get("/clients/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Log out" in body and 'class="topbar"' in body
    assert '<a href="/audit/">Back to the audit log</a>' in body
    assert client.get("/audit/").status_code == 200


def test_the_403_page_sends_a_clinician_back_to_clients(client, cast):
    body = sign_in(client, cast.casey).get("/audit/").content.decode()
    assert '<a href="/clients/">Back to clients</a>' in body


def test_a_logged_out_403_offers_the_login_page(client, cast):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/login/", {"email": "x@example.org", "password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert '<a href="/login/">Back to the login page</a>' in body and "Log out" not in body
