"""Who may open each sharing view (the table tests/access keeps for the rest of the app;
`test_every_view_is_in_the_table` there reads VIEWS from here)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from tests.conftest import sign_in

CASEY, MORGAN, QUINN, FRANKIE, OWNER, AVERY = (
    "casey", "morgan", "quinn", "frankie", "owner", "avery",
)  # fmt: skip
EVERYONE = {CASEY, MORGAN, QUINN, FRANKIE, OWNER, AVERY}

# view name: (method, URL target, who may use it: casey and morgan are on the client's care team)
VIEWS: dict[str, tuple[str, str, set[str]]] = {
    "share-case-material": ("GET", "client", {CASEY, MORGAN}),
    "share-review": ("POST", "client", {CASEY, MORGAN}),
    "share-packet": ("POST", "client", {CASEY, MORGAN}),
    "share-disclose": ("POST", "client", {CASEY, MORGAN}),
    # Anyone who sends text out of the practice; the auditor sends nothing.
    "leak-check": ("GET", "practice", {CASEY, MORGAN, QUINN, FRANKIE, OWNER}),
}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_each_view_opens_for_exactly_the_users_the_table_names(client, cast, name):
    method, target, allowed = VIEWS[name]
    kwargs = {"client_id": cast.riley.pk} if target == "client" else {}
    url = reverse(name, kwargs=kwargs)
    for who in sorted(EVERYONE):
        user = getattr(cast, who)
        sign_in(client, user)
        response = client.get(url) if method == "GET" else client.post(url, {})
        refused = 403 if target == "practice" else 404
        if who in allowed:
            assert response.status_code not in (403, 404), (who, response.status_code)
        else:
            assert response.status_code == refused, (who, response.status_code)
            denied = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor_id=user.pk)
            assert denied.exists(), who
        client.logout()
