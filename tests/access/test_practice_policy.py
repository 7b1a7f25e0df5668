"""The practice policy (issue 17): one page built from the model, every change audited with
old and new values, every setting read through one module, and no dead settings: each
editable field of PracticePolicy is in BEHAVIOUR, with a test that shows it changing what
Sealbook does."""

from __future__ import annotations

import ast
import datetime
import time
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from sealbook.access import practice_policy
from sealbook.access.models import PracticePolicy
from sealbook.access.policy import (
    Action,
    ReauthenticationRequired,
    authorize,
    passkey_required_at_login,
)
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.practice import selfcheck
from sealbook.records.breakglass import start_break_glass
from sealbook.staff.models import Passkey
from tests.conftest import sign_in, sign_in_reauthenticated

ROOT = Path(__file__).resolve().parents[2] / "sealbook"


def set_policy(**values):
    PracticePolicy.objects.update_or_create(pk=1, defaults=values)


@pytest.fixture
def owner(client, cast):
    return sign_in_reauthenticated(client, cast.owner)


# The page ------------------------------------------------------------------------


def page_values(**changes):
    """The form as the page offers it with every setting at its default, then `changes`."""
    values = {}
    for field in practice_policy.editable_fields():
        default = field.get_default()
        if isinstance(default, bool):
            values[field.name] = "on" if default else None  # an unticked box is not sent
        else:
            values[field.name] = "" if default is None else str(default)
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def test_the_page_shows_every_setting_by_section_and_audits_old_and_new(owner, cast):
    page = owner.get("/practice/policy/").content.decode()
    for field in practice_policy.editable_fields():
        assert f'name="{field.name}"' in page
    for section in ("Sign-in", "Sessions", "Passwords", "Emergency access"):
        assert f"<legend>{section}</legend>" in page
    assert "[Sign-in]" not in page  # the convention's prefix is not shown
    response = owner.post("/practice/policy/", page_values(idle_logoff_minutes="7"))
    assert response.status_code == 302
    assert practice_policy.idle_logoff_minutes() == 7
    entry = AuditEntry.objects.filter(event=AuditEvent.PRACTICE_POLICY_CHANGED).latest("seq")
    assert read_detail(entry) == {"changed": {"idle_logoff_minutes": [None, 7]}}
    assert entry.actor_id == cast.owner.pk


def test_a_value_out_of_range_changes_nothing(owner):
    response = owner.post("/practice/policy/", page_values(password_min_length="4"))
    assert response.status_code == 400
    assert practice_policy.password_min_length() == 12
    assert not AuditEntry.objects.filter(event=AuditEvent.PRACTICE_POLICY_CHANGED).exists()


def test_requiring_a_passkey_without_one_is_refused(owner):
    response = owner.post("/practice/policy/", page_values(passkey_required_for_owner="on"))
    assert response.status_code == 400
    assert "add a passkey to your own account first" in response.content.decode()
    assert not practice_policy.passkey_required_for_owner()


def test_only_the_owner_after_reauthentication_sees_the_page(client, cast):
    for user in (cast.casey, cast.frankie, cast.avery):
        assert sign_in(client, user).get("/practice/policy/").status_code == 404
    response = sign_in(client, cast.owner).get("/practice/policy/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/reauth")


def test_a_field_without_a_section_goes_under_other_settings():
    field = PracticePolicy._meta.get_field("break_glass_minutes")
    assert practice_policy.field_text(field).section == "Emergency access"
    bare = PracticePolicy._meta.get_field("updated_at")
    assert practice_policy.field_text(bare).section == practice_policy.OTHER_SECTION


# Every setting is read through one module -----------------------------------------

# Writers of the row (they save what they change) and the module itself.
ALLOWED = {"access/practice_policy.py", "access/models.py", "practice/custodian.py",
           "staff/policy_page.py",
           "staff/passkeys.py", "practice/demo.py"}  # fmt: skip


def test_every_setting_is_read_through_access_practice_policy():
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = str(path.relative_to(ROOT))
        if relative in ALLOWED or "/migrations/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            text = ast.unparse(node) if isinstance(node, ast.Call | ast.Attribute) else ""
            if text.startswith("current_policy(") or text.startswith("PracticePolicy.objects"):
                offenders.append(f"{relative}:{node.lineno}")
    assert offenders == []


def test_a_request_reads_the_row_once_and_a_change_within_it_is_read_at_once(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    set_policy(mfa_required=False, lockout_minutes=15)
    with practice_policy.policy_memo(), CaptureQueriesContext(connection) as queries:
        assert practice_policy.mfa_required() is False
        assert practice_policy.lockout_minutes() == 15
        assert practice_policy.idle_logoff_minutes() > 0
        assert len(queries) == 1
        set_policy(mfa_required=True)
        assert practice_policy.mfa_required() is True
        PracticePolicy.objects.filter(pk=1).delete()
        assert practice_policy.current().pk == 1 and practice_policy.current()._state.adding
    # Outside a request every read queries: a job or a command never sees an old row.
    with CaptureQueriesContext(connection) as queries:
        practice_policy.mfa_required()
        practice_policy.mfa_required()
    assert len(queries) == 2


# No dead settings ------------------------------------------------------------------


def test_mfa_required(client, cast):
    from sealbook.staff.models import TOTPDevice

    TOTPDevice.objects.filter(user=cast.quinn).delete()
    client.force_login(cast.quinn)
    set_policy(mfa_required=True)
    assert client.get("/clients/").headers["Location"] == "/mfa/enrol/"
    set_policy(mfa_required=False)
    assert client.get("/clients/").status_code == 200


def test_passkey_required_for_owner(cast):
    set_policy(passkey_required_for_owner=False)
    assert not passkey_required_at_login(cast.owner)
    set_policy(passkey_required_for_owner=True)
    assert passkey_required_at_login(cast.owner)


def test_passkey_required_for_key_operations(cast):
    cast.owner.sudo_active, cast.owner.sudo_by_passkey = True, False
    set_policy(passkey_required_for_key_operations=False)
    authorize(cast.owner, Action.MANAGE_STAFF)
    set_policy(passkey_required_for_key_operations=True)
    with pytest.raises(ReauthenticationRequired):
        authorize(cast.owner, Action.MANAGE_STAFF)


def test_break_glass_minutes(cast):
    cast.quinn.sudo_active = True
    set_policy(break_glass_minutes=15)
    grant = start_break_glass(cast.quinn, cast.riley, "a synthetic emergency reason")
    left = grant.expires_at - timezone.now()
    assert datetime.timedelta(minutes=14) < left <= datetime.timedelta(minutes=15)


def test_idle_logoff_minutes(client, cast, settings):
    settings.SEALBOOK_IDLE_LOGOFF_MINUTES = 15
    sign_in(client, cast.casey)
    page = client.get("/clients/").content.decode()
    assert 'name="sealbook-idle-seconds" content="900"' in page
    set_policy(idle_logoff_minutes=3)
    page = client.get("/clients/").content.decode()
    assert 'name="sealbook-idle-seconds" content="180"' in page
    session = client.session
    session["sealbook_last_seen"] = time.time() - 3 * 60 - 5
    session.save()
    response = client.get("/clients/")
    assert response.status_code == 302 and response.headers["Location"] == "/login/?idle=1"


def test_password_min_length(practice):
    set_policy(password_min_length=12)
    validate_password("fourteen chars")
    set_policy(password_min_length=20)
    with pytest.raises(ValidationError, match="at least 20 characters"):
        validate_password("fourteen chars")


def test_login_failure_limit(client, cast):
    from tests.conftest import PASSWORD

    set_policy(login_failure_limit=3)
    wrong = {"email": cast.quinn.username, "password": "not the password"}
    statuses = [client.post("/login/", wrong).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    right = {"email": cast.quinn.username, "password": PASSWORD}
    assert client.post("/login/", right).status_code == 429


def test_lockout_minutes(client, cast):
    from axes.models import AccessAttempt

    from tests.conftest import PASSWORD

    def locked_two_minutes_ago(user, minutes):
        set_policy(login_failure_limit=3, lockout_minutes=minutes)
        wrong = {"email": user.username, "password": "not the password"}
        assert [client.post("/login/", wrong).status_code for _ in range(3)] == [401, 401, 429]
        AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=2))
        return client.post("/login/", {"email": user.username, "password": PASSWORD})

    still = locked_two_minutes_ago(cast.quinn, 15)
    assert still.status_code == 429 and b"locked for 15 minutes " in still.content
    AccessAttempt.objects.all().delete()
    assert locked_two_minutes_ago(cast.morgan, 1).status_code == 302


BEHAVIOUR = {
    "login_failure_limit": test_login_failure_limit,
    "lockout_minutes": test_lockout_minutes,
    "retention_extra_years": "retention/test_retention.py::test_the_schedule_runs_from_the_last_session",  # noqa: E501
    "mfa_required": test_mfa_required,
    "passkey_required_for_owner": test_passkey_required_for_owner,
    "passkey_required_for_key_operations": test_passkey_required_for_key_operations,
    "break_glass_minutes": test_break_glass_minutes,
    "idle_logoff_minutes": test_idle_logoff_minutes,
    "password_min_length": test_password_min_length,
    # Settings of other apps: the test that changes the setting and sees its effect,
    # named as "module::test" so it runs once, in its own module.
    "reminder_lead_hours": "scheduling/test_reminders.py::test_each_due_reminder_is_sent_once_and_reveals_nothing",  # noqa: E501
    "reminder_practice_name": "scheduling/test_reminders.py::test_the_practice_may_sign_its_reminders",  # noqa: E501
    "calendar_feed_detail": "scheduling/test_feed.py::test_the_feed_says_appointment_or_initials_never_a_name_and_can_be_revoked",  # noqa: E501
    "alert_chart_views": "oversight/test_alerts.py::test_many_charts_in_a_short_time_raise_one_alert_that_counts_on",  # noqa: E501
    "alert_chart_views_minutes": "oversight/test_alerts.py::test_many_charts_in_a_short_time_raise_one_alert_that_counts_on",  # noqa: E501
    "alert_hours_start": "oversight/test_alerts.py::test_charts_outside_the_usual_hours",
    "alert_hours_end": "oversight/test_alerts.py::test_charts_outside_the_usual_hours",
    "alert_break_glass": "oversight/test_alerts.py::test_break_glass_more_than_the_threshold_and_exports_above_it",  # noqa: E501
    "alert_break_glass_days": "oversight/test_alerts.py::test_the_break_glass_window_bounds_what_is_counted",  # noqa: E501
    "alert_denied": "oversight/test_alerts.py::test_repeated_refusals_raise_an_alert",
    "alert_exports_per_day": "oversight/test_alerts.py::test_break_glass_more_than_the_threshold_and_exports_above_it",  # noqa: E501
    "alert_restricted_chart": "oversight/test_alerts.py::test_opening_a_restricted_chart_raises_an_alert_naming_the_client",  # noqa: E501
    "alert_family_snooping": "oversight/test_alerts.py::test_the_family_rule_can_be_turned_off",
    "portal_sender_name": "portal/test_invitation.py::test_the_practice_chooses_the_sender_name",
    "portal_crisis_text": "portal/test_messages.py::test_the_crisis_wording_is_the_practices",
    "portal_history_shows_names": "portal/test_history.py::test_the_clinicians_chart_view_is_listed_with_name_and_role",  # noqa: E501
    "portal_history_shows_psychotherapy_access": "portal/test_history.py::test_psychotherapy_note_access_only_if_the_policy_says",  # noqa: E501
    "minors_jurisdiction": "portal/test_minors.py::test_the_state_and_the_ages_decide_what_a_minor_may_consent_to_alone",  # noqa: E501
    "minor_consent_age": "portal/test_minors.py::test_the_state_and_the_ages_decide_what_a_minor_may_consent_to_alone",  # noqa: E501
    "age_of_majority": "portal/test_minors.py::test_age_of_majority",
    "guardian_sees_appointments": "portal/test_minors.py::test_guardian_sees_appointments",
    "guardian_signs_consents": "portal/test_minors.py::test_guardian_signs_consents",
}  # fmt: skip


def test_every_setting_changes_behaviour_somewhere():
    """A field added to PracticePolicy needs a line in BEHAVIOUR and the test it names.

    A test named by "module::test" must exist and mention the setting it stands for.
    """
    assert set(BEHAVIOUR) == {f.name for f in practice_policy.editable_fields()}
    tests = Path(__file__).resolve().parents[1]
    for name, test in BEHAVIOUR.items():
        if callable(test):
            continue
        module, function = str(test).split("::")
        source = (tests / module).read_text()
        found = [
            node for node in ast.parse(source).body
            if isinstance(node, ast.FunctionDef) and node.name == function
        ]  # fmt: skip
        assert found, f"{test} does not exist"
        assert name in (ast.get_source_segment(source, found[0]) or ""), (
            f"{test} does not change {name}"
        )


# sealbook check -------------------------------------------------------------------


def test_sealbook_check_reports_settings_below_164_312(practice):
    set_policy(idle_logoff_minutes=45, password_min_length=8, break_glass_minutes=600,
               mfa_required=False, login_failure_limit=15)  # fmt: skip
    assert selfcheck.check_idle_logoff().status == selfcheck.FAIL
    finding = selfcheck.check_practice_policy()
    assert finding.status == selfcheck.WARN
    assert "8 characters" in finding.message and "600 minutes" in finding.message
    assert "after 15 wrong passwords" in finding.message
    assert selfcheck.check_mfa().status == selfcheck.WARN
    set_policy(idle_logoff_minutes=10, password_min_length=12, break_glass_minutes=60,
               login_failure_limit=None)  # fmt: skip
    assert selfcheck.check_idle_logoff().status == selfcheck.PASS
    assert selfcheck.check_practice_policy().status == selfcheck.PASS
    assert Passkey.objects.count() == 0
