"""Who may open each view of the client's rights: the portal's releases and requests, and
the care team's pages that answer them (`tests/access/test_every_view.py` reads VIEWS from
here, so a new view without an entry fails `test_every_view_is_in_the_table`)."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from sealbook.portal.models import PortalAccount
from sealbook.portal.rights_models import RecordCopy
from tests.conftest import sign_in
from tests.portal.support import amendment_for, copy_for, release_for
from tests.portal.test_view_table import (
    CASEY,
    GUARDIAN,
    OWNER,
    PORTAL,
    RILEY,
    everyone,  # noqa: F401 - the same cast of accounts
)

# view name: (method, URL target, who may use it; casey is on Riley's care team)
VIEWS: dict[str, tuple[str, str, set[str]]] = {
    # The portal's own pages: the signed-in account's rows only.
    "portal-releases": ("GET", "portal", PORTAL),
    "portal-release-sign": ("GET", "release", {RILEY}),
    # A release recorded by the clinician: the client revokes it, a guardian cannot.
    "portal-release-revoke": ("POST", "authorization", {RILEY}),
    "portal-copy-request": ("POST", "portal", PORTAL),
    "portal-copy-download": ("GET", "delivered-copy", {RILEY}),
    "portal-amendment-request": ("POST", "portal", PORTAL),
    "portal-amendment-disagree": ("POST", "amendment", {RILEY}),
    "portal-restriction-request": ("POST", "portal", PORTAL),
    # The care team's side: sending a release needs manage-authorizations; the page of
    # requests, view-clinical; delivering a copy, export-record (a re-authentication:
    # the owner may, as for any export); an amendment is answered by whoever writes notes.
    "chart-portal-release": ("GET", "client", {CASEY}),
    "chart-portal-rights": ("GET", "client", {CASEY}),
    "rights-copy-deliver": ("GET", "copy", {CASEY, OWNER}),
    "rights-amendment-answer": ("POST", "amendment", {CASEY}),
    "rights-restriction-answer": ("POST", "restriction", {CASEY}),
}


def targets(cast, people) -> dict[str, dict[str, uuid.UUID]]:
    from sealbook.disclosure.actions import record_authorization
    from sealbook.portal.restrictions import request_restriction
    from tests.disclosure.support import complete_draft

    riley = PortalAccount.objects.get(user=people[RILEY])
    delivered = copy_for(riley)
    now = timezone.now()
    RecordCopy.objects.filter(pk=delivered.pk).update(
        delivered_at=now, available_until=now + datetime.timedelta(days=1)
    )
    guardian = PortalAccount.objects.get(user=people[GUARDIAN])
    return {
        "client": {"client_id": cast.riley.pk},
        "release": {"release_id": release_for(cast, riley).pk},
        "authorization": {
            "authorization_id": record_authorization(cast.casey, cast.riley, complete_draft()).pk
        },
        "delivered-copy": {"copy_id": delivered.pk},
        "copy": {"copy_id": copy_for(guardian).pk},
        "amendment": {"amendment_id": amendment_for(riley).pk},
        "restriction": {"restriction_id": request_restriction(riley, restriction="Synthetic.").pk},
    }


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_each_rights_view_opens_for_exactly_the_users_the_table_names(
    client,
    cast,
    everyone,  # noqa: F811
    name,
):
    method, target, allowed = VIEWS[name]
    url = reverse(name, kwargs=targets(cast, everyone).get(target, {}))
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
        if name.startswith("portal-"):
            key = {
                "release": "release_id",
                "authorization": "authorization_id",
                "delivered-copy": "copy_id",
                "amendment": "amendment_id",
            }.get(target)
            url = reverse(name, kwargs={key: uuid.uuid4()} if key else {})
            response = client.get(url) if method == "GET" else client.post(url)
            assert response.headers["Location"] == "/portal/login/", name
