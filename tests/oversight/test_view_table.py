"""Who may open each oversight view (the table tests/access keeps for the rest of the app;
`test_every_view_is_in_the_table` there reads VIEWS from here)."""

from __future__ import annotations

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from sealbook.oversight import actions
from tests.conftest import sign_in

CASEY, QUINN, FRANKIE, OWNER, AVERY = "casey", "quinn", "frankie", "owner", "avery"
EVERYONE = {CASEY, QUINN, FRANKIE, OWNER, AVERY}

# view name: (method, URL target, who may use it)
VIEWS: dict[str, tuple[str, str, set[str]]] = {
    "audit-log": ("GET", "practice", {OWNER, AVERY}),
    "audit-log-csv": ("GET", "practice", {OWNER, AVERY}),
    "audit-log-pdf": ("GET", "practice", {OWNER, AVERY}),
    "audit-report": ("GET", "practice", {OWNER, AVERY}),
    "alerts": ("GET", "practice", {OWNER}),
    "alert-acknowledge": ("POST", "practice", {OWNER}),
    "incidents": ("GET", "practice", {OWNER}),
    "incident": ("GET", "incident", {OWNER}),
    "incident-letter": ("GET", "letter", {OWNER}),
    "incident-mailed": ("POST", "incident", {OWNER}),
}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_each_view_opens_for_exactly_the_users_the_table_names(client, cast, name):
    method, target, allowed = VIEWS[name]
    now = timezone.now()
    cast.owner.sudo_active = True  # re-authenticated, as staff.sudo marks the request's user
    incident = actions.open_incident(
        cast.owner,
        actions.IncidentDetails(
            summary="A synthetic lost laptop.",
            discovered_at=now,
            window_start=now - datetime.timedelta(days=1),
            window_end=now,
            account_ids=[cast.casey.pk],
        ),
    )
    kwargs = {
        "incident": {"incident_id": incident.pk},
        "letter": {"incident_id": incident.pk, "client_id": cast.riley.pk},
    }.get(target, {})
    url = reverse(name, kwargs=kwargs)
    for who in sorted(EVERYONE):
        user = {"casey": cast.casey, "quinn": cast.quinn, "frankie": cast.frankie,
                "owner": cast.owner, "avery": cast.avery}[who]  # fmt: skip
        sign_in(client, user)
        session = client.session
        session["sealbook_sudo_until"] = time.time() + 300
        session.save()
        response = client.get(url) if method == "GET" else client.post(url, {})
        refused = response.status_code in (403, 404)
        assert refused is (who not in allowed), (who, response.status_code)
