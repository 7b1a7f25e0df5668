"""The owner's staff page: new accounts start least privileged; roles and
supervisors change from the page, after re-authentication, with clear errors
and an audit entry for each change."""

from __future__ import annotations

import time

import pytest

from sealbook.access.models import Supervision
from sealbook.access.policy import RULES, Action
from sealbook.accounts.models import STAFF_ROLE_CHOICES, Role, User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.staff.members import least_privileged_role
from tests.conftest import make_user, sign_in, sign_in_reauthenticated


@pytest.fixture
def owner(client, cast):
    """The owner on the staff page, re-authenticated a moment ago."""
    return sign_in_reauthenticated(client, cast.owner)


@pytest.fixture
def sam(cast, password_hash):
    return make_user("sam@practice.example.org", "supervisor", "Sam Super", password_hash)


def granted(role: str) -> set[Action]:
    return {action for action, rule in RULES.items() if role in rule.grants}


def test_the_least_privileged_role_is_granted_the_fewest_actions_and_no_client_data():
    role = least_privileged_role()
    assert role == Role.AUDITOR
    # Among staff roles: the portal's roles (a client, a guardian) are granted nothing at all.
    staff_roles = [value for value, _ in STAFF_ROLE_CHOICES]
    assert all(len(granted(other)) > len(granted(role)) for other in staff_roles if other != role)
    assert not granted(role) & {Action.LIST_CLIENTS, Action.VIEW_DEMOGRAPHICS, Action.VIEW_CLINICAL}


def test_a_new_staff_member_defaults_to_the_least_privileged_role(owner):
    body = owner.get("/staff/").content.decode()
    assert '<option value="auditor" selected>Auditor</option>' in body
    assert '<option value="owner" selected>' not in body


def test_the_staff_page_needs_a_fresh_reauthentication(client, cast):
    response = sign_in(client, cast.owner).get("/staff/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/reauthenticate/?next=%2Fstaff%2F"


def test_a_lapsed_reauthentication_on_a_role_change_comes_back_to_the_staff_page(client, cast):
    sign_in(client, cast.owner)
    response = client.post(f"/staff/{cast.quinn.pk}/role/", {"role": "trainee"})
    assert response.headers["Location"].startswith("/reauthenticate/?next=")
    assert User.objects.get(pk=cast.quinn.pk).role == "clinician"
    session = client.session
    session["sealbook_sudo_until"] = time.time() + 300
    session.save()
    # Where the re-authentication page sends the owner back to: the staff page, not a 405.
    for path in (f"/staff/{cast.quinn.pk}/role/", f"/staff/{cast.quinn.pk}/supervisor/",
                 "/staff/new/"):  # fmt: skip
        assert client.get(path).headers["Location"] == "/staff/"


def test_changing_a_role_from_the_page_is_audited(owner, cast):
    response = owner.post(f"/staff/{cast.quinn.pk}/role/", {"role": "trainee"}, follow=True)
    assert response.redirect_chain == [("/staff/", 302)]
    assert "Quinn Outsider is now Trainee." in response.content.decode()
    assert User.objects.get(pk=cast.quinn.pk).role == "trainee"
    entry = AuditEntry.objects.get(event=AuditEvent.ROLE_CHANGED)
    assert entry.actor_id == cast.owner.pk and entry.object_id == str(cast.quinn.pk)
    assert read_detail(entry) == {"from": "clinician", "to": "trainee"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Quinn Outsider&#x27;s role was not changed: choose a role."),
        ({"role": "emperor"}, "role was not changed: choose one of the roles listed."),
        ({"role": "clinician"}, "role was not changed: Quinn Outsider already has that role."),
    ],
)
def test_a_bad_role_change_is_a_400_with_a_clear_error(owner, cast, data, message):
    response = owner.post(f"/staff/{cast.quinn.pk}/role/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuditEntry.objects.filter(event=AuditEvent.ROLE_CHANGED).exists()


def test_the_owner_cannot_change_their_own_role(owner, cast):
    body = owner.get("/staff/").content.decode()
    assert f'action="/staff/{cast.owner.pk}/role/"' not in body
    response = owner.post(f"/staff/{cast.owner.pk}/role/", {"role": "auditor"})
    assert response.status_code == 400
    assert "ask another owner to change your own role" in response.content.decode()


def test_assigning_a_supervisor_from_the_page_is_audited(owner, cast, sam):
    body = owner.get("/staff/").content.decode()
    assert f'action="/staff/{cast.quinn.pk}/supervisor/"' in body
    assert f'action="/staff/{cast.frankie.pk}/supervisor/"' not in body  # not clinical
    assert f'action="/staff/{sam.pk}/supervisor/"' not in body  # no other supervisor to offer
    response = owner.post(f"/staff/{cast.quinn.pk}/supervisor/", {"supervisor": sam.pk})
    assert response.headers["Location"] == "/staff/"
    assert Supervision.objects.filter(supervisor=sam, supervisee=cast.quinn).exists()
    entry = AuditEntry.objects.get(event=AuditEvent.SUPERVISION_STARTED)
    assert read_detail(entry) == {"supervisor": sam.pk}
    page = owner.get("/staff/").content.decode()
    assert "Sam Super now supervises Quinn Outsider." in page
    # Sam is Quinn's already, and the practice has no other supervisor to offer.
    assert f'action="/staff/{cast.quinn.pk}/supervisor/"' not in page


@pytest.mark.parametrize(
    ("who", "supervisor", "message"),
    [
        ("quinn", "", "No supervisor was assigned: choose a supervisor."),
        ("quinn", "casey", "No supervisor was assigned: choose one of the supervisors listed."),
        ("frankie", "sam", "a supervisor supervises clinicians and trainees"),
        ("sam", "sam", "nobody supervises themself"),
    ],
)
def test_a_bad_supervisor_assignment_is_a_400_with_a_clear_error(
    owner, cast, sam, who, supervisor, message
):
    people = {"quinn": cast.quinn, "frankie": cast.frankie, "casey": cast.casey, "sam": sam}
    data = {"supervisor": people[supervisor].pk} if supervisor else {}
    response = owner.post(f"/staff/{people[who].pk}/supervisor/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Supervision.objects.exists()


def test_assigning_the_same_supervisor_twice_says_so(owner, cast, sam):
    owner.post(f"/staff/{cast.quinn.pk}/supervisor/", {"supervisor": sam.pk})
    response = owner.post(f"/staff/{cast.quinn.pk}/supervisor/", {"supervisor": sam.pk})
    assert response.status_code == 400
    assert "Sam Super already supervises Quinn Outsider" in response.content.decode()
    assert AuditEntry.objects.filter(event=AuditEvent.SUPERVISION_STARTED).count() == 1


def test_a_bad_new_account_redisplays_the_page_with_the_error(owner, cast):
    response = owner.post("/staff/new/", {"email": "not-an-address", "display_name": "X"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "The account was not created" in body and 'id="staff"' in body
    response = owner.post(
        "/staff/new/",
        {"email": cast.quinn.username, "display_name": "Again", "role": "trainee"},
    )
    assert "a staff account with that e-mail already exists" in response.content.decode()


def test_each_reset_password_link_says_whose(owner, cast):
    body = owner.get("/staff/").content.decode()
    for user in (cast.casey, cast.quinn, cast.frankie):
        assert f'aria-label="Reset password for {user.display_name}">Reset password</a>' in body
        assert f'aria-label="Change role of {user.display_name}">Change role</button>' in body
