"""Every route refuses a POST without a CSRF token with 403, and none is exempt by accident.

Routes come from the URL conf, so a new endpoint is attacked as soon as it
exists. The browser is signed in as someone the route is meant for, so the
403 is the CSRF check's, not the policy's (the policy answers 404); the same
POST with the token is then not refused, which shows the check is what
stopped it.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import get_resolver

from tests.attack.conftest import signed_in
from tests.attack.routes import route, route_names

pytestmark = pytest.mark.backend_independent

# Views that do the CSRF check themselves, after a cheaper check that must come first.
# document-new: the upload's body is streamed into encrypted storage, so it checks
# access before reading it, then applies `csrf_protect` (documents/views.py).
# portal-messages, portal-thread: the same for a message's attachment, after finding the
# signed-in portal account (portal/views.py).
CHECKS_CSRF_ITSELF = {"document-new", "portal-messages", "portal-thread", "video-recording-file"}

CSRF_PAGE = b"403"


def csrf_exempt_routes() -> set[str]:
    exempt = set()
    for name in route_names():
        callback = get_resolver().resolve(route(name).url({})).func
        if getattr(callback, "csrf_exempt", False):
            exempt.add(name)
    return exempt


def test_no_route_is_csrf_exempt_except_those_that_check_it_themselves():
    assert csrf_exempt_routes() == CHECKS_CSRF_ITSELF


def test_every_route_refuses_a_post_without_a_token(world):
    people = (world.cast.casey, world.cast.owner, world.portal_user)
    browsers = {u.pk: signed_in(u, enforce_csrf=True) for u in people}
    accepted = {}
    for name in route_names():
        response = browsers[world.user_for(name).pk].post(
            route(name).url(world.objects), {"anything": "x"}
        )
        if response.status_code != 403:
            accepted[name] = response.status_code
    assert accepted == {}, "these routes took a POST without a CSRF token"


def test_a_stranger_is_refused_before_anything_else(world):
    from django.test import Client

    stranger = Client(enforce_csrf_checks=True)
    for name in sorted(set(route_names()) - CHECKS_CSRF_ITSELF):
        response = stranger.post(route(name).url(world.objects), {"email": "x"})
        assert response.status_code == 403, name


def test_with_the_token_the_same_post_is_not_refused_by_the_csrf_check(world):
    # The control: a 403 above must come from the missing token, not from the route.
    token = "csrfcontroltoken" * 2  # any 32 letters: the check compares cookie and form
    refused = {}
    for name in route_names():
        # A fresh browser each time: one route (logout) ends the session it was given.
        browser = signed_in(world.user_for(name), enforce_csrf=True)
        browser.cookies[settings.CSRF_COOKIE_NAME] = token
        response = browser.post(
            route(name).url(world.objects),
            {"csrfmiddlewaretoken": token},
            HTTP_X_CSRFTOKEN=token,
        )
        if response.status_code == 403:
            refused[name] = response.status_code
    assert refused == {}
