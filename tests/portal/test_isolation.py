"""Isolation (issue 15): portal accounts reach no staff page, and no other client's data.

Both tests are generated from the URL configuration, so a new view is covered
the day it is added: every URL that is not the portal's answers 404 to a
client's and a guardian's account (GET and POST), and every portal URL that
takes an identifier answers 404 when given another client's.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from sealbook.portal.models import AccountKind
from sealbook.portal.rights_models import RecordCopy
from tests.conftest import client_details, sign_in
from tests.portal.support import (
    amendment_for,
    appointment_for,
    copy_for,
    make_minor,
    own_consent,
    passkey_for,
    portal_account,
    release_for,
    signing_request_for,
    thread_for,
)

# Outside the portal, a portal account may reach only the idle script's endpoints
# (they serve the caller's own session: sealbook/portal/access.py, OPEN_TO_PORTAL)
# and a video session's waiting room (it opens only for its join link's token, which
# the portal's join button makes). The site's root sends them to the portal's home.
OPEN_TO_PORTAL = {"idle-status", "stay-signed-in", "home", "join", "join-status", "join-leave",
                  "join-janus", "join-janus-session", "join-janus-handle"}  # fmt: skip
SAMPLE = {"uuid": uuid.UUID(int=1), "int": 1, "str": "x", "string": "x", "slug": "x", "path": "x"}


def patterns(entries=None):
    for entry in entries if entries is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry


def sample_kwargs(pattern: URLPattern) -> dict[str, object]:
    converters = getattr(pattern.pattern, "converters", {})
    return {
        name: SAMPLE[type(converter).__name__.removesuffix("Converter").lower()]
        for name, converter in converters.items()
    }


def staff_urls() -> list[tuple[str, str]]:
    found = []
    for pattern in patterns():
        name = str(pattern.name)
        if name.startswith("portal-") or name in OPEN_TO_PORTAL:
            continue
        found.append((name, reverse(name, kwargs=sample_kwargs(pattern))))
    return found


@pytest.fixture
def portal_users(cast):
    make_minor(cast.riley)
    client_user = portal_account(cast, cast.riley, "riley@client.example.net").user
    guardian = portal_account(
        cast, cast.riley, "guardian@client.example.net", AccountKind.GUARDIAN
    ).user
    return {"client": client_user, "guardian": guardian}


@pytest.mark.parametrize("role", ["client", "guardian"])
def test_every_staff_url_is_a_404_to_portal_accounts(client, cast, portal_users, role):
    sign_in(client, portal_users[role])
    urls = staff_urls()
    assert len(urls) > 50
    for name, url in urls:
        for response in (client.get(url), client.post(url, {})):
            assert response.status_code == 404, (name, url, response.status_code)
    # The real identifiers of their own chart open nothing either.
    for name in ("chart", "client-consents", "client-authorizations", "chart-portal"):
        url = reverse(name, kwargs={"client_id": cast.riley.pk})
        assert client.get(url).status_code == 404, name
    assert client.get("/").headers["Location"] == "/portal/"


# How to make, for a portal URL's keyword, an identifier that belongs to ANOTHER client.
# A new portal URL with an identifier fails `test_every_portal_identifier_can_be_forged`
# until its keyword is here.
def other_clients_client_id(cast, other):
    return other.pk


def other_clients_thread_id(cast, other):
    return thread_for(portal_account(cast, other, "sam@client.example.net")).pk


def other_clients_signing_request(cast, other):
    return signing_request_for(cast, other.portal_accounts.get()).pk


def other_clients_release(cast, other):
    return release_for(cast, other.portal_accounts.get()).pk


def other_clients_authorization(cast, other):
    from sealbook.disclosure.actions import record_authorization
    from tests.disclosure.support import complete_draft

    return record_authorization(cast.casey, other, complete_draft()).pk


def other_clients_copy(cast, other):
    # Delivered and in its window, so that only its owner decides the answer.
    copy = copy_for(other.portal_accounts.get())
    now = timezone.now()
    RecordCopy.objects.filter(pk=copy.pk).update(
        delivered_at=now, available_until=now + datetime.timedelta(days=1)
    )
    return copy.pk


def other_clients_amendment(cast, other):
    return amendment_for(other.portal_accounts.get()).pk


def other_clients_appointment(cast, other):
    return appointment_for(cast, other).pk


def other_clients_minor_consent(cast, other):
    make_minor(other)
    return own_consent(cast, other).pk


def other_clients_passkey(cast, other):
    return passkey_for(other.portal_accounts.get().user).pk


# In order: the forgers after the thread's use the account the thread's made.
FORGERS = {
    "client_id": other_clients_client_id,
    "thread_id": other_clients_thread_id,
    "request_id": other_clients_signing_request,
    "release_id": other_clients_release,
    "authorization_id": other_clients_authorization,
    "copy_id": other_clients_copy,
    "amendment_id": other_clients_amendment,
    "appointment_id": other_clients_appointment,
    "consent_id": other_clients_minor_consent,
    "passkey_id": other_clients_passkey,
}
# Keywords that are not identifiers of a client's data.
NOT_IDENTIFIERS = {"token"}


def portal_patterns_with_identifiers():
    for pattern in patterns():
        name = str(pattern.name)
        keywords = set(getattr(pattern.pattern, "converters", {})) - NOT_IDENTIFIERS
        if name.startswith(("portal-", "chart-portal")) and keywords:
            yield name, keywords


def test_every_portal_identifier_can_be_forged():
    for name, keywords in portal_patterns_with_identifiers():
        assert keywords <= set(FORGERS), f"add a forger for {name}'s {keywords - set(FORGERS)}"


def test_another_clients_identifiers_give_404(client, cast, portal_users):
    from sealbook.records.actions import create_client

    other = create_client(cast.casey, client_details(legal_first_name="Sam"))
    forged = {key: forger(cast, other) for key, forger in FORGERS.items()}
    # Riley's own conversation opens for Riley (so a 404 below is the identifier's doing).
    riley = portal_users["client"].portal_accounts.get()
    sign_in(client, portal_users["client"])
    assert client.get(f"/portal/messages/{thread_for(riley).pk}/").status_code == 200
    for role in ("client", "guardian"):
        sign_in(client, portal_users[role])
        for name, keywords in portal_patterns_with_identifiers():
            kwargs = {key: forged[key] for key in keywords}
            url = reverse(name, kwargs=kwargs)
            assert client.get(url).status_code == 404, (role, name)
            assert client.post(url, {}).status_code == 404, (role, name)
        client.logout()
