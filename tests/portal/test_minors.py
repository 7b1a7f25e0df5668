"""Minors and guardians (issue 15): what a guardian sees is policy, a service the minor consented
to alone never appears to the guardian, and guardian access ends on the day of majority (the
daily job, or the guardian's own next request), with the client invited to take over."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sealbook.access.models import PracticePolicy
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.conf import PublicURL
from sealbook.portal import majority
from sealbook.portal.actions import PortalError, invite
from sealbook.portal.guardians import (
    MinorsError,
    coming_of_age,
    record_minor_consent,
    withdraw_minor_consent,
)
from sealbook.portal.models import AccountKind, PortalAccount
from sealbook.portal.signing import send_for_signature
from sealbook.sharing.roster import practice_roster
from tests.conftest import sign_in
from tests.mail.support import assert_reveals_nothing, links_in
from tests.portal.support import appointment_for, make_minor, own_consent, portal_account

GUARDIAN_EMAIL = "guardian@client.example.net"


def set_policy(**values):
    PracticePolicy.objects.update_or_create(pk=1, defaults=values)


def born(day: datetime.date, cast) -> None:
    cast.riley.date_of_birth = day
    cast.riley.save()


@pytest.fixture
def guardian(cast):
    make_minor(cast.riley)
    return portal_account(cast, cast.riley, GUARDIAN_EMAIL, AccountKind.GUARDIAN)


# What a guardian sees ------------------------------------------------------------------


def test_a_service_the_minor_consented_to_alone_never_appears_to_the_guardian(
    client, cast, guardian
):
    own = appointment_for(cast, cast.riley, service="individual")
    family = appointment_for(
        cast, cast.riley, service="family", start=timezone.localtime() + datetime.timedelta(days=8)
    )
    own_consent(cast, cast.riley, "individual")
    riley = portal_account(cast, cast.riley, "riley@client.example.net")
    sign_in(client, guardian.user)
    page = client.get("/portal/appointments/").content.decode()
    assert page.count("<tr>") == 2  # the header and the family appointment only
    assert f"{family.local_start:%H:%M}" in page
    for method in (client.get, client.post):
        assert method(f"/portal/appointments/{own.pk}/join/").status_code == 404
    sign_in(client, riley.user)
    assert client.get("/portal/appointments/").content.decode().count("<tr>") == 3
    # Withdrawn: the minor involves the guardian after all.
    withdraw_minor_consent(cast.casey, _only_consent(cast))
    sign_in(client, guardian.user)
    assert client.get("/portal/appointments/").content.decode().count("<tr>") == 3


def _only_consent(cast):
    from sealbook.portal.models import MinorConsent

    return MinorConsent.objects.get(client=cast.riley)


def test_the_state_and_the_ages_decide_what_a_minor_may_consent_to_alone(cast):
    make_minor(cast.riley, age=13)
    with pytest.raises(MinorsError, match="nothing alone"):  # the default: nothing alone
        record_minor_consent(cast.casey, cast.riley, service="individual")
    set_policy(minors_jurisdiction="OR")  # from 14
    with pytest.raises(MinorsError, match="from the age of 14"):
        record_minor_consent(cast.casey, cast.riley, service="individual")
    set_policy(minors_jurisdiction="WA")  # from 13
    with pytest.raises(MinorsError, match="not consent to this service alone"):
        record_minor_consent(cast.casey, cast.riley, service="family")
    set_policy(minors_jurisdiction="WA", minor_consent_age=15)
    with pytest.raises(MinorsError, match="from the age of 15"):
        record_minor_consent(cast.casey, cast.riley, service="individual")
    set_policy(minors_jurisdiction="WA", minor_consent_age=None)
    consent = record_minor_consent(cast.casey, cast.riley, service="individual")
    entry = AuditEntry.objects.get(event=AuditEvent.PORTAL_MINOR_CONSENT_RECORDED)
    assert entry.client_id == cast.riley.pk and entry.object_id == str(consent.pk)
    with pytest.raises(MinorsError, match="already recorded"):
        record_minor_consent(cast.casey, cast.riley, service="individual")


def test_the_chart_page_records_a_minors_own_consent(client, cast):
    make_minor(cast.riley)
    set_policy(minors_jurisdiction="OR")
    sign_in(client, cast.casey)
    url = f"/clients/{cast.riley.pk}/portal/minors/"
    assert "comes of age (at 18" in client.get(url).content.decode()
    assert client.post(url, {"service": "individual"}).status_code == 302
    assert "Individual psychotherapy, since" in client.get(url).content.decode()
    response = client.post(url, {"service": "couples"})
    assert response.status_code == 400 and "Nothing was recorded" in response.content.decode()


def test_guardian_sees_appointments(client, cast, guardian):
    appointment_for(cast, cast.riley)
    sign_in(client, guardian.user)
    set_policy(guardian_sees_appointments=True)
    assert client.get("/portal/appointments/").status_code == 200
    assert 'href="/portal/appointments/"' in client.get("/portal/").content.decode()
    set_policy(guardian_sees_appointments=False)
    assert client.get("/portal/appointments/").status_code == 404
    assert 'href="/portal/appointments/"' not in client.get("/portal/").content.decode()
    riley = portal_account(cast, cast.riley, "riley@client.example.net")
    sign_in(client, riley.user)
    assert client.get("/portal/appointments/").status_code == 200


def test_guardian_signs_consents(client, cast, guardian, smtp_server):
    set_policy(guardian_signs_consents=True)
    assert [r.account for r in send_for_signature(cast.casey, cast.riley, kind="recording")] == [
        guardian
    ]
    set_policy(guardian_signs_consents=False)
    with pytest.raises(PortalError, match="nobody who may sign"):
        send_for_signature(cast.casey, cast.riley, kind="recording")
    sign_in(client, guardian.user)
    assert client.get("/portal/sign/").status_code == 404


def test_a_guardian_is_invited_only_for_a_minor(cast, smtp_server):
    with pytest.raises(PortalError, match="for a minor client"):
        invite(cast.casey, cast.riley, email=GUARDIAN_EMAIL, kind="guardian", link_base="x")
    make_minor(cast.riley)
    invite(cast.casey, cast.riley, email=GUARDIAN_EMAIL, kind="guardian", link_base="http://x/")
    assert len(smtp_server.messages) == 1


# The end of guardian access at majority -----------------------------------------------


def test_the_daily_job_ends_guardian_access_on_the_day_of_majority(
    cast, guardian, smtp_server, settings
):
    settings.SEALBOOK_PUBLIC_URL = PublicURL("https", "notes.example.org", None)
    born(datetime.date(2009, 3, 10), cast)
    assert majority.end_at_majority(today=datetime.date(2027, 3, 9)) == 0
    assert PortalAccount.objects.get(pk=guardian.pk).ended_at is None
    assert majority.end_at_majority(today=datetime.date(2027, 3, 10)) == 1
    assert PortalAccount.objects.get(pk=guardian.pk).ended_at is not None
    entry = AuditEntry.objects.get(event=AuditEvent.PORTAL_GUARDIAN_ACCESS_ENDED)
    assert read_detail(entry) == {"majority": 18, "by": "daily"}
    assert entry.actor_id is None and entry.client_id == cast.riley.pk
    # The client is invited to their own account, at the chart's address.
    (message,) = smtp_server.messages
    assert message["To"] == cast.riley.email
    (link,) = links_in(message)
    assert link.startswith("https://notes.example.org/portal/welcome/")
    assert_reveals_nothing(message, practice_roster())
    own = PortalAccount.objects.get(client=cast.riley, kind=AccountKind.CLIENT)
    assert own.activated_at is None and own.invitations.count() == 1
    taken = AuditEntry.objects.get(event=AuditEvent.PORTAL_TAKEOVER_INVITED)
    assert read_detail(taken) == {"sent": True}
    # Once: the next day's run finds nothing to do.
    assert majority.end_at_majority(today=datetime.date(2027, 3, 11)) == 0
    assert len(smtp_server.messages) == 1


def test_age_of_majority(cast, guardian):
    born(datetime.date(2009, 3, 10), cast)
    set_policy(minors_jurisdiction="AL")  # 19
    assert majority.end_at_majority(today=datetime.date(2028, 3, 9)) == 0
    set_policy(minors_jurisdiction="AL", age_of_majority=18)
    assert majority.end_at_majority(today=datetime.date(2028, 3, 9)) == 1


def test_a_leap_day_birthday_comes_of_age_on_the_first_of_march(cast, guardian):
    born(datetime.date(2008, 2, 29), cast)
    assert majority.end_at_majority(today=datetime.date(2026, 2, 28)) == 0
    assert majority.end_at_majority(today=datetime.date(2026, 3, 1)) == 1


def test_the_guardians_own_request_ends_it_when_the_job_did_not_run(
    client, cast, guardian, smtp_server
):
    today = timezone.localdate()
    # Eighteen tomorrow: still a guardian today.
    born(coming_of_age(today + datetime.timedelta(days=1), -18), cast)
    sign_in(client, guardian.user)
    assert client.get("/portal/").status_code == 200
    # Eighteen today.
    born(coming_of_age(today, -18), cast)
    assert client.get("/portal/").status_code == 404
    assert PortalAccount.objects.get(pk=guardian.pk).ended_at is not None
    entry = AuditEntry.objects.get(event=AuditEvent.PORTAL_GUARDIAN_ACCESS_ENDED)
    assert read_detail(entry)["by"] == "request"
    # The request knew the site's address: the client's invitation went out.
    (message,) = smtp_server.messages
    assert links_in(message)[0].startswith("http://testserver/portal/welcome/")
    assert client.get("/portal/appointments/").status_code == 404
    assert majority.end_at_majority() == 0  # already ended: audited once


def test_a_client_with_their_own_account_is_not_invited_again(cast, guardian, smtp_server):
    portal_account(cast, cast.riley, "riley@client.example.net")
    born(datetime.date(2000, 1, 1), cast)
    assert majority.end_at_majority() == 1
    assert smtp_server.messages == []
    assert not AuditEntry.objects.filter(event=AuditEvent.PORTAL_TAKEOVER_INVITED).exists()
