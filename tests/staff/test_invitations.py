"""Staff invitations by e-mail and reactivation (issue 17), the e-mail read off a real server."""

from __future__ import annotations

import datetime
import re

from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from sealbook.accounts.models import User
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.sharing.roster import practice_roster
from sealbook.staff import deactivation
from sealbook.staff.models import Passkey, StaffInvitation, TOTPDevice
from tests.conftest import PASSWORD, sign_in_reauthenticated
from tests.mail.support import assert_reveals_nothing, links_in
from tests.portal.support import code_for

NEW_PASSWORD = "a long synthetic staff password 7"
INVITE = {"email": "jo.newhire@practice.example.org", "display_name": "Jo Newhire",
          "role": "clinician", "send": "invitation"}  # fmt: skip


def welcome_path(smtp_server) -> str:
    (link,) = links_in(smtp_server.messages[-1])
    path = re.sub(r"^https?://[^/]+", "", link)
    assert path.startswith("/staff/welcome/")
    return path


def set_up(path, user, offset=0):
    browser = Browser()
    assert browser.get(path).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    data = {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD,
            "code": code_for(device, offset)}  # fmt: skip
    return browser, browser.post(path, data)


def test_an_invited_member_sets_their_own_password_and_second_factor_once(
    client, cast, smtp_server
):
    owner = sign_in_reauthenticated(client, cast.owner)
    assert owner.post(reverse("staff-new"), INVITE).status_code == 302
    user = User.objects.get(username=INVITE["email"])
    assert not user.has_usable_password() and user.is_active
    (message,) = smtp_server.messages
    assert message["To"] == INVITE["email"]
    assert_reveals_nothing(message, practice_roster())
    assert b"invited" in owner.get(reverse("staff")).content
    path = welcome_path(smtp_server)
    invited = AuditEntry.objects.filter(event=AuditEvent.STAFF_INVITED, object_id=str(user.pk))
    assert invited.exists()

    browser, wrong = set_up(path, user, offset=-40)
    assert wrong.status_code == 400 and not User.objects.get(pk=user.pk).has_usable_password()
    # django-otp's throttle holds the next try back after a wrong code; time has passed.
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=None,
                                                throttling_failure_count=0)  # fmt: skip
    browser, done = set_up(path, user)
    assert done.status_code == 200 and b'id="recovery-codes"' in done.content
    assert browser.get(reverse("client-list")).status_code == 200  # signed in, both factors
    assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(event=AuditEvent.STAFF_INVITATION_ACCEPTED).exists()
    assert Browser().get(path).status_code == 404  # the link works once


def test_an_expired_invitation_is_sent_again_and_an_unsent_one_leaves_nothing(
    client, cast, smtp_server, settings
):
    owner = sign_in_reauthenticated(client, cast.owner)
    owner.post(reverse("staff-new"), INVITE)
    StaffInvitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = welcome_path(smtp_server)
    assert Browser().get(expired).status_code == 404
    # The owner sends a new link from the staff page; only the new one works.
    assert b"invitation expired" in owner.get(reverse("staff")).content
    user = User.objects.get(username=INVITE["email"])
    assert owner.post(reverse("staff-invite-again", args=[user.pk])).status_code == 302
    assert Browser().get(expired).status_code == 404
    assert Browser().get(welcome_path(smtp_server)).status_code == 200
    # Someone with a password of their own is not invited again.
    again = owner.post(reverse("staff-invite-again", args=[cast.casey.pk]))
    assert again.status_code == 400 and b"set up their account already" in again.content

    settings.EMAIL_BACKEND = "sealbook.mail.backend.NotConfigured"  # raises on every send
    other = dict(INVITE, email="kim.other@practice.example.org")
    response = owner.post(reverse("staff-new"), other)
    assert response.status_code == 400 and b"could not be e-mailed" in response.content
    assert not User.objects.filter(username=other["email"]).exists()


def test_a_reactivated_member_gets_a_new_link_and_none_of_their_old_credentials(
    client, cast, smtp_server
):
    Passkey.objects.create(user=cast.casey, name="key", credential_id=b"c1", public_key=b"p",
                           confirmed=True)  # fmt: skip
    TOTPDevice.objects.create(user=cast.casey, name="phone", confirmed=True)
    owner = sign_in_reauthenticated(client, cast.owner)
    cast.owner.sudo_active = True
    deactivation.deactivate(cast.owner, cast.casey)
    staff_page = owner.get(reverse("staff")).content.decode()
    assert reverse("staff-reactivate", args=[cast.casey.pk]) in staff_page
    assert owner.get(reverse("staff-reactivate", args=[cast.casey.pk])).status_code == 200

    response = owner.post(reverse("staff-reactivate", args=[cast.casey.pk]))
    assert response.status_code == 302
    casey = User.objects.get(pk=cast.casey.pk)
    assert casey.is_active and not casey.has_usable_password()
    assert not casey.check_password(PASSWORD)
    assert not TOTPDevice.objects.filter(user=casey).exists()
    assert not Passkey.objects.filter(user=casey).exists()
    entry = AuditEntry.objects.get(event=AuditEvent.STAFF_REACTIVATED)
    assert entry.object_id == str(casey.pk)
    _, done = set_up(welcome_path(smtp_server), casey)
    assert done.status_code == 200
    # Twice is refused, with the reason.
    again = owner.post(reverse("staff-reactivate", args=[casey.pk]))
    assert again.status_code == 400 and b"is active" in again.content
