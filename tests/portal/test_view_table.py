"""Who may open each portal view: the staff's invitation page and the portal's own pages
(`tests/access/test_every_view.py` reads VIEWS and PUBLIC_VIEWS from here, so a new
portal view without an entry fails `test_every_view_is_in_the_table`)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from sealbook.portal.models import AccountKind
from tests.conftest import client_details, sign_in
from tests.portal.support import (
    appointment_for,
    make_minor,
    own_consent,
    passkey_for,
    portal_account,
    signing_request_for,
    thread_for,
)

CASEY, QUINN, FRANKIE, OWNER, AVERY = "casey", "quinn", "frankie", "owner", "avery"
# Riley's own portal account, a guardian's account for Riley, and another client's account.
RILEY, GUARDIAN, SAM = "riley-portal", "riley-guardian", "sam-portal"
STAFF = {CASEY, QUINN, FRANKIE, OWNER, AVERY}
PORTAL = {RILEY, GUARDIAN, SAM}

# view name: (method, URL target, who may use it; casey is on Riley's care team)
VIEWS: dict[str, tuple[str, str, set[str]]] = {
    "chart-portal": ("GET", "client", {CASEY, FRANKIE}),
    # The portal's pages show the signed-in account's own chart: no identifier in the URL.
    "portal-home": ("GET", "portal", PORTAL),
    "portal-appointments": ("GET", "portal", PORTAL),
    "portal-messages": ("GET", "portal", PORTAL),
    # A conversation opens for the account that holds it, and for nobody else in the portal.
    "portal-thread": ("GET", "thread", {RILEY}),
    "message-inbox": ("GET", "practice", {CASEY, QUINN}),
    "message-thread": ("GET", "thread", {CASEY}),
    "message-file": ("POST", "message", {CASEY}),
    "chart-portal-sign": ("POST", "client", {CASEY, FRANKIE}),
    "portal-documents": ("GET", "portal", PORTAL),
    "portal-sign": ("GET", "signing", {RILEY}),
    # The client's own account only: a guardian never reads the chart's access log.
    "portal-history": ("GET", "portal", {RILEY, SAM}),
    "portal-requests": ("GET", "portal", PORTAL),
    # Minors and guardians: the clinician on the care team records the minor's own consents.
    "chart-portal-minors": ("GET", "client", {CASEY}),
    "chart-portal-minor-withdraw": ("POST", "minor-consent", {CASEY}),
    # Riley's (and the guardian's) appointment; the join button itself answers 409 outside
    # the join window, 404 to anyone not shown the appointment.
    "portal-appointment-join": ("POST", "appointment", {RILEY, GUARDIAN}),
    # Passkeys (tests/portal/test_passkeys.py): each account its own; at login, after the
    # password, any portal account (one without a passkey is sent home or told so).
    "portal-passkeys": ("GET", "portal", PORTAL),
    "portal-passkey-options": ("POST", "portal", PORTAL),
    "portal-passkey-enrol": ("POST", "portal", PORTAL),
    "portal-passkey-remove": ("POST", "passkey", {RILEY}),
    "portal-login-passkey": ("GET", "portal", PORTAL),
    "portal-login-passkey-options": ("POST", "portal", PORTAL),
    "portal-login-passkey-verify": ("POST", "portal", PORTAL),
    # The portal's own second-factor pages (tests/portal/test_second_factor.py): a
    # verified account is sent home.
    "portal-login-verify": ("GET", "portal", PORTAL),
    "portal-login-enrol": ("GET", "portal", PORTAL),
}
# Signing in and out, and the invitation's one-time link (tests/portal/test_invitation.py).
PUBLIC_VIEWS = {"portal-login", "portal-logout", "portal-welcome"}


@pytest.fixture
def everyone(cast, password_hash):
    from sealbook.records.actions import create_client

    sam = create_client(cast.casey, client_details(legal_first_name="Sam"))
    make_minor(cast.riley)
    people = {name: getattr(cast, name) for name in STAFF}
    people[RILEY] = portal_account(cast, cast.riley, "riley@client.example.net").user
    people[GUARDIAN] = portal_account(
        cast, cast.riley, "guardian@client.example.net", AccountKind.GUARDIAN
    ).user
    people[SAM] = portal_account(cast, sam, "sam@client.example.net").user
    return people


@pytest.fixture
def riley_thread(everyone):
    from sealbook.portal.models import PortalAccount

    return thread_for(PortalAccount.objects.get(user=everyone[RILEY]))


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_each_portal_view_opens_for_exactly_the_users_the_table_names(
    client, cast, everyone, riley_thread, name
):
    method, target, allowed = VIEWS[name]
    kwargs = {
        "client": {"client_id": cast.riley.pk},
        "thread": {"thread_id": riley_thread.pk},
        "message": {"message_id": riley_thread.messages.get().pk},
        "signing": {"request_id": signing_request_for(cast, riley_thread.account).pk},
        "appointment": {"appointment_id": appointment_for(cast, cast.riley).pk},
        "passkey": {"passkey_id": passkey_for(everyone[RILEY]).pk},
    }.get(target, {})
    if target == "minor-consent":
        consent = own_consent(cast, cast.riley)
        kwargs = {"consent_id": consent.pk}
    url = reverse(name, kwargs=kwargs)
    for who, user in sorted(everyone.items()):
        sign_in(client, user)
        response = client.get(url) if method == "GET" else client.post(url, {})
        if who in allowed:
            assert response.status_code not in (403, 404), (who, response.status_code)
        else:
            assert response.status_code == 404, (who, response.status_code)
        client.logout()


def test_anonymous_visitors_go_to_the_portal_login(client, practice):
    for name, (method, target, _) in VIEWS.items():
        if method == "GET" and target in ("portal", "thread", "signing") and name.startswith(
            "portal-"
        ):
            key = {"thread": "thread_id", "signing": "request_id"}.get(target)
            kwargs = {key: uuid.uuid4()} if key else {}
            assert client.get(reverse(name, kwargs=kwargs)).headers["Location"] == "/portal/login/"
