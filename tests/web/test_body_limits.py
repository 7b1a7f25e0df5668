"""Which requests may carry a body larger than a form's, decided from the headers
alone (sealbook.web.body_limits; the real server is exercised in
tests/cli/test_serve_body_limits.py)."""

from __future__ import annotations

import time

import pytest
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from sealbook.web.body_limits import (
    DISK_FULL,
    NOT_SIGNED_IN,
    TOO_LARGE,
    large_body_refusal,
)
from sealbook.web.middleware import IdleLogoffMiddleware
from tests.conftest import sign_in

SIX_MB = 6 * 1024 * 1024


class Browser:
    """A signed-in session's cookies and a CSRF token for its X-CSRFToken header."""

    def __init__(self, client: Client) -> None:
        request = RequestFactory().get("/")
        self.token = get_token(request)  # sets the secret the cookie carries
        secret = request.META["CSRF_COOKIE"]
        self.session = client.session
        self.cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={secret}"

    def ask(self, path: str, length: int = SIX_MB, *, cookie=None, token=None, method="POST"):
        return large_body_refusal(
            method,
            path,
            length,
            self.cookie if cookie is None else cookie,
            self.token if token is None else token,
        )


@pytest.fixture
def upload_path(cast):
    return f"/clients/{cast.riley.pk}/documents/new/"


@pytest.fixture
def signed_in(client, cast):
    return Browser(sign_in(client, cast.casey))


def test_a_signed_in_upload_with_its_csrf_token_may_be_large(signed_in, upload_path):
    assert signed_in.ask(upload_path) is None


@pytest.mark.parametrize(
    "path", ["/login/", "/clients/", "/still-here/", "/static/x", "/no-such-page/"]
)
def test_no_other_page_takes_a_large_body(signed_in, path):
    assert signed_in.ask(path) == TOO_LARGE


def test_only_a_post_may_be_large(signed_in, upload_path):
    assert signed_in.ask(upload_path, method="PUT") == TOO_LARGE


def test_an_upload_over_the_upload_maximum_is_refused(signed_in, upload_path, monkeypatch):
    monkeypatch.setenv("SEALBOOK_MAX_UPLOAD_MB", "4")
    assert signed_in.ask(upload_path) == TOO_LARGE


@pytest.mark.parametrize(
    ("cookie", "token"),
    [
        ("", None),  # no cookies at all: a stranger
        ("csrftoken=abc", None),  # no session
        (None, ""),  # no header token (the form's token is in the unread body)
        (None, "x" * 64),  # a token of the right length that does not match
    ],
)
def test_without_a_session_and_a_matching_csrf_token_it_is_refused(
    signed_in, upload_path, cookie, token
):
    assert signed_in.ask(upload_path, cookie=cookie, token=token) == NOT_SIGNED_IN


def test_a_session_with_only_the_password_done_is_refused(client, cast, upload_path):
    client.force_login(cast.casey)  # the practice requires a second factor
    assert Browser(client).ask(upload_path) == NOT_SIGNED_IN


def test_an_idle_session_is_refused(signed_in, upload_path, settings):
    minutes = settings.SEALBOOK_IDLE_LOGOFF_MINUTES
    signed_in.session[IdleLogoffMiddleware.SESSION_KEY] = time.time() - minutes * 60 - 5
    signed_in.session.save()
    assert signed_in.ask(upload_path) == NOT_SIGNED_IN


def test_a_logged_out_session_is_refused(client, signed_in, upload_path):
    client.logout()
    assert signed_in.ask(upload_path) == NOT_SIGNED_IN


def test_an_upload_that_would_leave_less_than_the_reserve_is_refused(
    signed_in, upload_path, monkeypatch
):
    monkeypatch.setenv("SEALBOOK_UPLOAD_DISK_RESERVE_MB", str(1024**3))  # an exbibyte
    assert signed_in.ask(upload_path) == DISK_FULL
    monkeypatch.setenv("SEALBOOK_UPLOAD_DISK_RESERVE_MB", "0")
    assert signed_in.ask(upload_path) is None
