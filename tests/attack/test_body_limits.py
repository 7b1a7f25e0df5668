"""No route takes a body larger than a form's from a stranger (the check `sealbook serve` runs
on the headers, before a byte of the body is read; tests/web/test_body_limits.py tests the
server itself). Routes come from the URL conf, so a new one is held to the limit too."""

from __future__ import annotations

import pytest

from sealbook.web.body_limits import (
    FORM_BODY_BYTES,
    NOT_SIGNED_IN,
    TOO_LARGE,
    UPLOAD_VIEWS,
    large_body_refusal,
)
from tests.attack.routes import route, route_names

pytestmark = pytest.mark.backend_independent

LARGE = FORM_BODY_BYTES * 4


def test_every_route_refuses_a_strangers_large_body_before_reading_it(world):
    refusals = {}
    for name in route_names():
        url = route(name).url(world.objects)
        for method in ("POST", "PUT", "GET"):
            refusals[(name, method)] = large_body_refusal(method, url, LARGE, "", "")
    expected = {
        (name, method): NOT_SIGNED_IN if name in UPLOAD_VIEWS and method == "POST" else TOO_LARGE
        for name, method in refusals
    }
    assert refusals == expected


def test_the_upload_endpoints_are_routes_that_exist():
    assert set(UPLOAD_VIEWS) <= set(route_names())
