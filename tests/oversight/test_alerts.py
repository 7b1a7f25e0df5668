"""Alerts for inappropriate access, raised by rules as audit entries are written."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sealbook.access.models import current_policy
from sealbook.access.policy import AccessDenied, Action, authorize
from sealbook.audit import hooks
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.audit.models import AuditEntry
from sealbook.audit.verification import verify
from sealbook.oversight import rules
from sealbook.oversight.models import Alert, AlertKind
from sealbook.records import actions
from tests.conftest import client_details, make_user, sign_in, sign_in_reauthenticated


@pytest.fixture(autouse=True)
def fresh_rules(practice):
    # The blind index collides on purpose (a bucket holds a few values), so any
    # staff surname may match a client's name token: the family rule is on only
    # in the test about it.
    rules.forget()
    set_policy(alert_family_snooping=False)
    yield
    rules.forget()


def set_policy(**values):
    policy = current_policy()
    for name, value in values.items():
        setattr(policy, name, value)
    policy.save()


def kinds() -> list[str]:
    return sorted(Alert.objects.values_list("kind", flat=True))


def test_many_charts_in_a_short_time_raise_one_alert_that_counts_on(cast):
    set_policy(alert_chart_views=5, alert_chart_views_minutes=2)
    for _ in range(4):
        actions.view_chart(cast.casey, cast.riley)
    assert kinds() == []
    actions.view_chart(cast.casey, cast.riley)
    actions.view_chart(cast.casey, cast.riley)
    alert = Alert.objects.get()
    assert (alert.kind, alert.staff_id, alert.count) == (AlertKind.MANY_CHARTS, cast.casey.pk, 6)
    raised = AuditEntry.objects.get(event=AuditEvent.ALERT_RAISED)
    assert raised.client_id is None  # the client's access history never lists an alert
    verify()


def test_the_alert_is_mailed_without_identifying_content(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    set_policy(alert_chart_views=2)
    with django_capture_on_commit_callbacks(execute=True):
        actions.view_chart(cast.casey, cast.riley)
        actions.view_chart(cast.casey, cast.riley)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [cast.owner.email]
    text = message.subject + message.body
    for identifying in ("Casey", "Riley", "Synthwood", str(cast.riley.pk), str(cast.riley.pk)[:8]):
        assert identifying not in text


def test_an_alert_whose_mail_fails_still_stands(cast, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "sealbook.mail.backend.NotConfigured"  # raises on every send
    set_policy(alert_chart_views=2)
    with django_capture_on_commit_callbacks(execute=True):
        actions.view_chart(cast.casey, cast.riley)
        actions.view_chart(cast.casey, cast.riley)
    assert kinds() == [AlertKind.MANY_CHARTS]


def test_opening_a_restricted_chart_raises_an_alert_naming_the_client(cast):
    secret = actions.create_client(
        cast.casey, client_details(legal_first_name="Rae", restricted=True)
    )
    actions.view_chart(cast.casey, secret)
    alert = Alert.objects.get()
    assert (alert.kind, alert.client_id) == (AlertKind.RESTRICTED_CHART, secret.pk)
    set_policy(alert_restricted_chart=False)
    Alert.objects.all().delete()
    actions.view_chart(cast.casey, secret)
    assert kinds() == []


def test_a_chart_of_someone_sharing_the_staff_surname_raises_a_family_alert(cast, password_hash):
    relative = make_user("sam@practice.example.org", "clinician", "Sam Synthwood", password_hash)
    from sealbook.records.models import CareTeamMembership

    CareTeamMembership.objects.create(client=cast.riley, user=relative)
    set_policy(alert_family_snooping=True)
    actions.view_chart(relative, cast.riley)
    alert = Alert.objects.get(kind=AlertKind.FAMILY, staff=relative)
    assert alert.client_id == cast.riley.pk
    set_policy(alert_family_snooping=False)
    Alert.objects.all().delete()
    actions.view_chart(relative, cast.riley)
    assert kinds() == []


def test_the_family_rule_can_be_turned_off(cast, password_hash):
    set_policy(alert_family_snooping=False)
    relative = make_user("sam@practice.example.org", "clinician", "Sam Synthwood", password_hash)
    from sealbook.records.models import CareTeamMembership

    CareTeamMembership.objects.create(client=cast.riley, user=relative)
    actions.view_chart(relative, cast.riley)
    assert kinds() == []


def test_the_break_glass_window_bounds_what_is_counted(cast):
    # A window of no days counts nothing before this moment: never more than one.
    set_policy(alert_break_glass=1, alert_break_glass_days=0)
    for _ in range(3):
        record(AuditEvent.BREAK_GLASS_STARTED, actor=cast.quinn, client_id=cast.riley.pk)
    assert kinds() == []
    set_policy(alert_break_glass_days=30)
    rules.forget()
    record(AuditEvent.BREAK_GLASS_STARTED, actor=cast.quinn, client_id=cast.riley.pk)
    assert kinds() == [AlertKind.BREAK_GLASS]


def test_repeated_refusals_raise_an_alert(cast):
    set_policy(alert_denied=3)
    for _ in range(3):
        with pytest.raises(AccessDenied):
            authorize(cast.quinn, Action.VIEW_CLINICAL, cast.riley)
    assert kinds() == [AlertKind.DENIED]


def test_charts_outside_the_usual_hours(cast):
    hour = timezone.localtime().hour
    set_policy(alert_hours_start=(hour + 3) % 24, alert_hours_end=(hour + 4) % 24 or 24)
    actions.view_chart(cast.casey, cast.riley)
    assert kinds() == [AlertKind.OUTSIDE_HOURS]
    Alert.objects.all().delete()
    set_policy(alert_hours_start=(hour + 23) % 24, alert_hours_end=(hour + 2) % 24 or 24)
    actions.view_chart(cast.casey, cast.riley)
    assert kinds() == []


def test_break_glass_more_than_the_threshold_and_exports_above_it(cast):
    set_policy(alert_break_glass=1, alert_exports_per_day=2)
    record(AuditEvent.BREAK_GLASS_STARTED, actor=cast.quinn, client_id=cast.riley.pk)
    assert kinds() == []
    record(AuditEvent.BREAK_GLASS_STARTED, actor=cast.quinn, client_id=cast.riley.pk)
    assert kinds() == [AlertKind.BREAK_GLASS]
    for _ in range(3):
        record(AuditEvent.RECORD_EXPORTED, actor=cast.casey, client_id=cast.riley.pk)
    assert kinds() == [AlertKind.BREAK_GLASS, AlertKind.EXPORTS]


def test_a_failing_rule_never_loses_the_entry(cast):
    def broken(entry):
        raise RuntimeError("synthetic failure")

    hooks.register(broken)
    try:
        entry = record(AuditEvent.CLIENT_SEARCHED, actor=cast.casey)
    finally:
        hooks.unregister(broken)
    assert AuditEntry.objects.filter(seq=entry.seq).exists()


def test_the_owner_sees_the_count_and_acknowledges_with_a_note(client, cast):
    set_policy(alert_chart_views=2)
    actions.view_chart(cast.casey, cast.riley)
    actions.view_chart(cast.casey, cast.riley)
    sign_in(client, cast.owner)
    page = client.get(reverse("alerts")).content.decode()
    assert 'id="alert-count">Alerts (1)' in page
    alert = Alert.objects.get()
    refused = client.post(reverse("alert-acknowledge"), {"alert": alert.pk, "note": " "})
    assert refused.status_code == 400
    done = client.post(
        reverse("alert-acknowledge"), {"alert": alert.pk, "note": "Asked Casey: audit prep."}
    )
    assert done.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == cast.owner and alert.note == "Asked Casey: audit prep."
    assert AuditEntry.objects.filter(
        event=AuditEvent.ALERT_ACKNOWLEDGED, actor_id=cast.owner.pk
    ).exists()
    again = client.post(reverse("alert-acknowledge"), {"alert": alert.pk, "note": "twice"})
    assert again.status_code == 400
    assert 'id="alert-count">Alerts<' in client.get(reverse("alerts")).content.decode()
    # Nobody else has the link.
    assert (
        'id="alert-count"'
        not in sign_in(client, cast.avery).get(reverse("audit-log")).content.decode()
    )


def test_a_chart_of_a_client_at_the_staff_members_home_address_raises_a_family_alert(
    client, cast, password_hash
):
    # A one-word name has no surname, so only the address can match.
    lodger = make_user("lodger@practice.example.org", "clinician", "Lodger", password_hash)
    from sealbook.records.models import CareTeamMembership

    CareTeamMembership.objects.create(client=cast.riley, user=lodger)
    other = actions.create_client(cast.casey, client_details(street="3 Elsewhere Road"))
    CareTeamMembership.objects.create(client=other, user=lodger)
    set_policy(alert_family_snooping=True)
    owner = sign_in_reauthenticated(client, cast.owner)
    url = reverse("staff-home-address", args=[lodger.pk])
    assert owner.post(url, {"street": "12 Imaginary Lane"}).status_code == 400  # both or neither
    # Typed another way than the client's "12 Imaginary Lane", "97000".
    response = owner.post(url, {"street": "12 imaginary ln.", "postal_code": " 97000 "})
    assert response.status_code == 302
    lodger.refresh_from_db()
    assert isinstance(lodger.home_address_index, int)  # a blind index, no address anywhere
    entry = AuditEntry.objects.filter(event=AuditEvent.STAFF_HOME_ADDRESS_SET).get()
    assert entry.object_id == str(lodger.pk)

    actions.view_chart(lodger, other)
    assert kinds() == []
    actions.view_chart(lodger, cast.riley)
    alert = Alert.objects.get(kind=AlertKind.FAMILY, staff=lodger)
    assert alert.client_id == cast.riley.pk

    Alert.objects.all().delete()
    assert owner.post(url, {"street": "", "postal_code": ""}).status_code == 302
    actions.view_chart(lodger, cast.riley)
    assert kinds() == []
