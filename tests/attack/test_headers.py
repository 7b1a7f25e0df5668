"""Every page, signed in or not, carries the hardening headers; every cookie is set as configured.

The routes come from the URL conf (`routes.py`), so a new page is checked
without being listed anywhere. A redirect, a 404 and the CSRF failure page
are pages too: a browser renders them, so they get the same headers.
"""

from __future__ import annotations

from http.cookies import Morsel
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.attack.conftest import signed_in
from tests.attack.routes import route, route_names
from tests.conftest import PASSWORD

pytestmark = pytest.mark.backend_independent


def assert_hardened(response: Any, where: str) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = dict(
        [*part.split(" ", 1), ""][:2] for part in (d.strip() for d in csp.split(";")) if part
    )
    assert directives.get("frame-ancestors") == "'none'", where
    assert directives.get("default-src") == "'self'", where
    assert directives.get("object-src") == "'none'", where
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy") == settings.SECURE_REFERRER_POLICY, where
    assert settings.SECURE_REFERRER_POLICY in ("same-origin", "no-referrer"), where
    assert response.headers.get("X-Frame-Options") == "DENY", where
    assert response.headers.get("Cache-Control") == "no-store", where
    for cookie in response.cookies.values():
        assert_cookie_as_configured(cookie, where)


def _deleted(cookie: Morsel[str]) -> bool:
    return cookie.value == "" and str(cookie["max-age"]) == "0"


def assert_cookie_as_configured(cookie: Morsel[str], where: str) -> None:
    if _deleted(cookie):
        return
    if cookie.key == settings.CSRF_COOKIE_NAME:
        secure, httponly, samesite = (
            settings.CSRF_COOKIE_SECURE,
            settings.CSRF_COOKIE_HTTPONLY,
            settings.CSRF_COOKIE_SAMESITE,
        )
    else:
        # The session cookie and the psychotherapy key's cookie half.
        secure, httponly, samesite = settings.SESSION_COOKIE_SECURE, True, "Strict"
    assert bool(cookie["secure"]) is secure, (where, cookie.key, "Secure")
    assert bool(cookie["httponly"]) is httponly, (where, cookie.key, "HttpOnly")
    assert cookie["samesite"] == samesite, (where, cookie.key, "SameSite")


def test_the_session_cookie_is_strict_and_http_only_as_configured():
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == settings.CSRF_COOKIE_SAMESITE == "Strict"


def test_every_page_is_hardened_for_a_signed_in_user(world):
    # One world for all routes: building it per route would cost most of a minute.
    people = (world.cast.casey, world.cast.owner, world.portal_user)
    browsers = {u.pk: signed_in(u) for u in people}
    for name in route_names():
        response = browsers[world.user_for(name).pk].get(route(name).url(world.objects))
        assert response.status_code < 500, name
        assert_hardened(response, name)


def test_every_page_is_hardened_for_a_stranger(world):
    stranger = Client()
    for name in route_names():
        response = stranger.get(route(name).url(world.objects))
        assert response.status_code < 500, name
        assert_hardened(response, name)
    assert_hardened(stranger.get("/no-such-page/"), "404")
    refused = Client(enforce_csrf_checks=True).post("/login/", {"email": "x", "password": "y"})
    assert refused.status_code == 403
    assert_hardened(refused, "csrf failure")


@pytest.mark.parametrize("secure", [False, True], ids=["plain-http", "secure-cookies"])
def test_logging_in_sets_cookies_exactly_as_configured(settings, cast, secure):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = secure
    browser = Client(enforce_csrf_checks=True)
    form = browser.get("/login/")
    assert_hardened(form, "login form")
    token = form.cookies[settings.CSRF_COOKIE_NAME].value
    response = browser.post(
        "/login/",
        {"email": cast.casey.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert settings.SESSION_COOKIE_NAME in response.cookies
    assert_hardened(response, "login")


def test_the_psychotherapy_key_cookie_is_set_as_configured(settings, cast, casey_key):
    settings.SESSION_COOKIE_SECURE = True
    browser = signed_in(cast.casey)
    response = browser.post("/account/key/", {"password": casey_key})
    cookies = [c for c in response.cookies.values() if not _deleted(c)]
    assert [c.key for c in cookies if c.key != settings.SESSION_COOKIE_NAME], "no key cookie set"
    assert_hardened(response, "psychotherapy key")


@pytest.fixture
def casey_key(cast):
    from sealbook.core.crypto.user_keys.enrolment import enrol
    from sealbook.psychotherapy.models import ClinicianKey

    password = "a synthetic key password 1"
    enrolment = enrol(password)
    ClinicianKey.objects.create(
        user=cast.casey,
        public_key=enrolment.public_key,
        password_wrapped=enrolment.password_wrapped,
        recovery_wrapped=enrolment.recovery_wrapped,
    )
    return password
