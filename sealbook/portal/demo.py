"""The demo practice's portal: an adult client with a portal account, a minor with a guardian
(the minor's individual therapy is their own, so the guardian sees only the family session).

All synthetic: the addresses use the reserved example.net domain, the minor's
name is made up. The demo practice turns the second factor off, so these
accounts log in with a password alone (an invited account always enrols one).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from sealbook.accounts.models import Role, User
from sealbook.portal.actions import portal_username
from sealbook.portal.guardians import record_minor_consent
from sealbook.portal.models import AccountKind, PortalAccount
from sealbook.records import actions
from sealbook.records.models import Client, Modality, Service

CLIENT_EMAIL = "portal.client@demo.example.net"
GUARDIAN_EMAIL = "portal.guardian@demo.example.net"
# (role, e-mail) of each demo portal login; the password is the demo's.
PORTAL_LOGINS = ((Role.CLIENT, CLIENT_EMAIL), (Role.GUARDIAN, GUARDIAN_EMAIL))


def _account(client: Client, email: str, kind: str, password: str, inviter: User) -> None:
    role = Role.CLIENT if kind == AccountKind.CLIENT else Role.GUARDIAN
    user = User(username=portal_username(email), role=role, display_name=role.label)
    user.set_password(password)
    user.save()
    now = timezone.now()
    account = PortalAccount(
        user=user, client=client, kind=kind, invited_by=inviter, activated_at=now,
        email_verified_at=now,
    )  # fmt: skip
    account.email = email
    account.save()


def set_up_portal(clinician: User, colleague: User, password: str) -> None:
    """Give one of `clinician`'s adult clients a portal account, and add a minor, a client
    of `colleague`, with a guardian (on the colleague's list, so that the first
    clinician's list still opens on a client with a course of care)."""
    adult = (
        Client.objects.filter(care_team__user=clinician, restricted=False).order_by("pk").first()
    )
    today = timezone.localdate()
    if adult is not None:
        _account(adult, CLIENT_EMAIL, AccountKind.CLIENT, password, clinician)
        _upcoming(clinician, adult, today + datetime.timedelta(days=7))
    minor = actions.create_client(
        None,
        actions.ClientDetails(
            legal_first_name="Jordan", legal_last_name="Example-Minor", preferred_name="Jordie",
            date_of_birth=today.replace(year=today.year - 15, day=1),
            email="jordan.minor@client.example.net", state="OR",
        ),
        care_team=[colleague],
    )  # fmt: skip
    _account(minor, GUARDIAN_EMAIL, AccountKind.GUARDIAN, password, colleague)
    # The minor's individual therapy is their own (they consented alone): the guardian
    # sees the family session only.
    record_minor_consent(colleague, minor, service=Service.INDIVIDUAL)
    _upcoming(colleague, minor, today + datetime.timedelta(days=9))
    _upcoming(colleague, minor, today + datetime.timedelta(days=16), Service.FAMILY)


def _upcoming(
    clinician: User, client: Client, day: datetime.date, service: str = Service.INDIVIDUAL
) -> None:
    # In person: a telehealth session would need the client's telehealth consent first.
    actions.schedule_session(
        clinician, client, clinician=clinician, date=day, start_time=datetime.time(16, 0),
        duration_minutes=50, service=service, modality=Modality.IN_PERSON,
    )  # fmt: skip
