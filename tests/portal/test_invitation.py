"""Invitation from the chart to a working portal login, the e-mail read off a real SMTP server."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.conf import smtp_settings
from sealbook.portal.models import Invitation, PortalAccount
from sealbook.sharing.roster import practice_roster
from sealbook.staff.models import TOTPDevice
from tests.conftest import sign_in
from tests.mail.support import assert_reveals_nothing, links_in
from tests.portal.support import code_for

EMAIL = "riley.synthwood@client.example.net"
NEW_PASSWORD = "a long synthetic portal password 9"


def invite(client, cast, email=EMAIL, kind="client"):
    sign_in(client, cast.casey)
    response = client.post(f"/clients/{cast.riley.pk}/portal/", {"email": email, "kind": kind})
    client.logout()
    return response


def welcome_path(smtp_server) -> str:
    (link,) = links_in(smtp_server.messages[-1])
    path = re.sub(r"^https?://[^/]+", "", link)
    assert path.startswith("/portal/welcome/")
    return path


def set_up(client, path, offset=0):
    page = client.get(path)
    assert page.status_code == 200
    account = PortalAccount.objects.get()
    device = TOTPDevice.objects.get(user=account.user, confirmed=False)
    data = {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD,
            "code": code_for(device, offset)}  # fmt: skip
    return client.post(path, data)


def test_an_invitation_sets_up_a_portal_login_with_both_factors(client, cast, smtp_server):
    assert invite(client, cast).status_code == 302
    (message,) = smtp_server.messages
    assert message["To"] == EMAIL
    assert_reveals_nothing(message, practice_roster())
    response = set_up(client, welcome_path(smtp_server))
    assert response.status_code == 200
    assert b'id="recovery-codes"' in response.content
    account = PortalAccount.objects.get()
    assert account.activated_at and account.email_verified_at
    # The login name is a digest: neither the address nor the name is on the user row.
    assert EMAIL not in account.user.username and account.user.email == ""
    assert client.get("/portal/").status_code == 200
    assert client.get("/clients/").status_code == 404
    client.post("/portal/logout/")
    assert client.get("/portal/").headers["Location"] == "/portal/login/"
    device = TOTPDevice.objects.get(user=account.user)
    login = {"email": EMAIL.upper(), "password": NEW_PASSWORD, "code": code_for(device, 1)}
    assert client.post("/portal/login/", login).headers["Location"] == "/portal/"
    assert client.get("/portal/appointments/").status_code == 200
    events = set(AuditEntry.objects.values_list("event", flat=True))
    assert {AuditEvent.PORTAL_INVITED, AuditEvent.PORTAL_ACTIVATED} <= events


def test_the_link_works_once(client, cast, smtp_server):
    invite(client, cast)
    path = welcome_path(smtp_server)
    set_up(client, path)
    client.post("/portal/logout/")
    assert client.get(path).status_code == 404


def test_the_link_expires_after_72_hours(client, cast, smtp_server):
    invite(client, cast)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(welcome_path(smtp_server)).status_code == 404


def test_a_wrong_code_sets_up_nothing(client, cast, smtp_server):
    invite(client, cast)
    path = welcome_path(smtp_server)
    client.get(path)
    data = {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD, "code": "000000"}
    assert client.post(path, data).status_code == 400
    assert PortalAccount.objects.get().activated_at is None
    assert client.get("/portal/").status_code == 302


def test_a_short_password_is_refused(client, cast, smtp_server):
    invite(client, cast)
    path = welcome_path(smtp_server)
    client.get(path)
    response = client.post(path, {"password": "short", "password_again": "short", "code": "1"})
    assert response.status_code == 400
    assert PortalAccount.objects.get().activated_at is None


def test_the_staff_login_never_signs_a_portal_account_in(client, cast, smtp_server):
    invite(client, cast)
    set_up(client, welcome_path(smtp_server))
    client.post("/portal/logout/")
    response = client.post("/login/", {"email": EMAIL, "password": NEW_PASSWORD})
    assert response.status_code == 401


def test_a_wrong_portal_code_starts_no_session(client, cast, smtp_server):
    invite(client, cast)
    set_up(client, welcome_path(smtp_server))
    client.post("/portal/logout/")
    login = {"email": EMAIL, "password": NEW_PASSWORD, "code": "000000"}
    assert client.post("/portal/login/", login).status_code == 401
    assert client.get("/portal/").status_code == 302


@pytest.mark.parametrize("who", ["quinn", "avery"])
def test_only_the_care_team_and_the_front_desk_invite(client, cast, smtp_server, who):
    sign_in(client, getattr(cast, who))
    response = client.post(f"/clients/{cast.riley.pk}/portal/", {"email": EMAIL, "kind": "client"})
    assert response.status_code == 404
    assert smtp_server.messages == []


def test_a_refused_mail_keeps_no_invitation(client, cast, settings):
    for name, value in smtp_settings("smtp://127.0.0.1:9").items():  # nothing listens there
        setattr(settings, name, value)
    response = invite(client, cast)
    assert response.status_code == 400
    assert not PortalAccount.objects.exists()


def test_the_practice_chooses_the_sender_name(client, cast, smtp_server):
    from sealbook.access.models import PracticePolicy

    PracticePolicy.objects.update_or_create(pk=1, defaults={"portal_sender_name": "Front Office"})
    invite(client, cast)
    (message,) = smtp_server.messages
    assert message["From"].startswith("Front Office <")
    assert_reveals_nothing(message, practice_roster())
