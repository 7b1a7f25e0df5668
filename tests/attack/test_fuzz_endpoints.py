"""Every route, posted random and hostile values with a valid token: no 500, nothing half-written.

Each route is fetched first and the names of its form's fields are read from
the page (a POST-only route gets the field names of every form of the apps),
then posted hostile values by the user the route is meant for. The test
client re-raises any exception a view lets escape, so a traceback fails the
test. A refusal (4xx) must leave every table as it was, apart from the audit
log and the login-attempt tables, and the audit log must still verify.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sealbook.audit.verification import verify
from tests.attack.conftest import signed_in
from tests.attack.hostile import HOSTILE_TEXT, hostile_text
from tests.attack.routes import route, route_names
from tests.attack.test_fuzz_forms import FORMS, make_form

# Written on any request by design: the log of the refusal itself, the alert its rules raise
# (repeated refusals are one), login attempts, sessions.
BOOKKEEPING = ("audit_", "oversight_alert", "axes_", "django_session", "otp_")
FIELD = re.compile(rb'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
TOKEN = "fuzzcontroltoken" * 2


def row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if not table.startswith(BOOKKEEPING):
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - introspected
                counts[table] = cursor.fetchone()[0]
    return counts


def field_names(world: Any) -> dict[str, list[str]]:
    every_form = sorted({n for cls in FORMS for n in make_form(cls, None, world.cast).fields})
    names = {}
    for name in route_names():
        page = signed_in(world.user_for(name)).get(route(name).url(world.objects))
        html = b"" if page.streaming else page.content
        found = sorted({m.decode() for m in FIELD.findall(html)} - {"csrfmiddlewaretoken"})
        names[name] = found if page.status_code == 200 and found else every_form
    return names


def post_hostile(world: Any, name: str, values: dict[str, list[str]], upload: bytes) -> None:
    data: dict[str, Any] = dict(values)
    data["file"] = io.BytesIO(upload)
    data["csrfmiddlewaretoken"] = TOKEN
    browser = signed_in(world.user_for(name), enforce_csrf=True)
    browser.cookies[django_settings.CSRF_COOKIE_NAME] = TOKEN
    before = row_counts()
    response = browser.post(route(name).url(world.objects), data)
    assert response.status_code < 500, name
    if response.status_code >= 400:
        after = row_counts()
        changed = {t: (before.get(t), n) for t, n in after.items() if before.get(t) != n}
        assert changed == {}, f"{name} refused the request ({response.status_code}) but wrote"


_FIELDS: dict[str, list[str]] = {}


@pytest.fixture
def fields(world: Any) -> dict[str, list[str]]:
    # The pages' field names do not depend on which world's objects they show: read them once.
    if not _FIELDS:
        _FIELDS.update(field_names(world))
    return _FIELDS


def test_every_route_takes_hostile_values_without_a_500(world, fields):
    # Every route, every field: a different hostile value in each field, shifted per route.
    for shift, name in enumerate(route_names()):
        values = {
            f: [HOSTILE_TEXT[(shift + i) % len(HOSTILE_TEXT)]] for i, f in enumerate(fields[name])
        }
        post_hostile(world, name, values, b"\x00" * shift)
    verify()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(draw=st.data())
def test_random_posts_to_random_routes_end_in_a_page_or_a_clean_refusal(world, fields, draw):
    name = draw.draw(st.sampled_from(route_names()), label="route")
    values = {
        f: draw.draw(st.lists(hostile_text, min_size=1, max_size=2), label=f) for f in fields[name]
    }
    post_hostile(world, name, values, draw.draw(st.binary(max_size=64), label="file"))
