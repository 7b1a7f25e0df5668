"""Who may open each consent, disclosure and export view (the table tests/access keeps for
the rest of the app; `test_every_view_is_in_the_table` there reads VIEWS from here)."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from sealbook.disclosure import actions
from sealbook.export.actions import open_access_request
from tests.conftest import sign_in
from tests.consent.support import sign as sign_consent
from tests.disclosure.support import complete_draft, today

CASEY, QUINN, FRANKIE, OWNER, AVERY = "casey", "quinn", "frankie", "owner", "avery"
EVERYONE = {CASEY, QUINN, FRANKIE, OWNER, AVERY}

# view name: (method, URL target, who may use it: casey is on the client's care team)
VIEWS: dict[str, tuple[str, str, set[str]]] = {
    "client-consents": ("GET", "client", {CASEY, FRANKIE, OWNER}),
    "consent-sign": ("GET", "consent", {CASEY, FRANKIE}),
    "consent-withdraw": ("POST", "signature", {CASEY, FRANKIE}),
    "consent-documents": ("GET", "practice", {CASEY, QUINN, FRANKIE, OWNER}),
    "consent-document-edit": ("GET", "document", {OWNER}),
    "client-authorizations": ("GET", "client", {CASEY}),
    "authorization-new": ("GET", "client", {CASEY}),
    "accounting": ("GET", "client", {CASEY}),
    "authorization": ("GET", "authorization", {CASEY}),
    "authorization-revoke": ("POST", "authorization", {CASEY}),
    "authorization-expiry-event": ("POST", "authorization", {CASEY}),
    "authorization-print": ("GET", "authorization", {CASEY}),
    "send-under-authorization": ("GET", "authorization", {CASEY}),
    "disclose": ("GET", "client", {CASEY}),
    "client-access-requests": ("GET", "client", {CASEY, FRANKIE, OWNER}),
    "access-request-extend": ("POST", "access-request", {CASEY, FRANKIE}),
    "access-request-fulfil": ("GET", "access-request", {CASEY, OWNER}),
    "access-requests": ("GET", "practice", {CASEY, QUINN, FRANKIE, OWNER}),
}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_each_view_opens_for_exactly_the_users_the_table_names(client, cast, name):
    method, target, allowed = VIEWS[name]
    auth = actions.record_authorization(cast.casey, cast.riley, complete_draft())
    access_request = open_access_request(
        cast.casey, cast.riley, received_on=today(), requested_by="Synthetic requester"
    )
    signature = sign_consent(cast, "recording")
    kwargs = {
        "client": {"client_id": cast.riley.pk},
        "consent": {"client_id": cast.riley.pk, "kind": "informed-consent"},
        "document": {"kind": "recording"},
        "signature": {"signature_id": signature.pk},
        "authorization": {"authorization_id": auth.pk},
        "access-request": {"request_id": access_request.pk},
    }.get(target, {})
    url = reverse(name, kwargs=kwargs)
    for who in sorted(EVERYONE):
        sign_in(client, getattr(cast, who))
        session = client.session
        session["sealbook_sudo_until"] = time.time() + 300
        session.save()
        response = client.get(url) if method == "GET" else client.post(url, {})
        refused = 403 if target in ("practice", "document") else 404
        if who in allowed:
            assert response.status_code not in (403, 404), (who, response.status_code)
        else:
            assert response.status_code == refused, (who, response.status_code)
        client.logout()
