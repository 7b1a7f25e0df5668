"""A clinician's private key during their session, and only then.

At login the password unwraps the private key (Argon2id). The key is then
split (core.crypto.user_keys.session_split): the sealed half goes into the
server-side session, the secret half into a separate HttpOnly cookie. A stolen
session store or database alone, or a stolen cookie alone, yields nothing.
Logout and idle logoff flush the session, and with it the sealed half; this
module's middleware then deletes the cookie.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from sealbook.core.crypto.user_keys.key_pair import UserKeyPair
from sealbook.core.crypto.user_keys.password_wrap import unwrap_private_key_with_password
from sealbook.core.crypto.user_keys.session_split import join_from_session, split_for_session
from sealbook.core.errors import SealbookError
from sealbook.psychotherapy.models import ClinicianKey

SESSION_KEY = "sealbook_private_key"
COOKIE = "sealbook_pk"


class KeyNotOpen(SealbookError):
    """The user's private key is not open in this session."""

    def __init__(self) -> None:
        super().__init__("your psychotherapy-note key is not open in this session: log in again")


def hold(request: HttpRequest, key_pair: UserKeyPair) -> None:
    """Keep `key_pair` for the rest of this session (split between session and cookie)."""
    server_half, cookie_half = split_for_session(key_pair)
    request.session[SESSION_KEY] = base64.b64encode(server_half).decode()
    # An attribute of this request only, which PrivateKeyCookieMiddleware turns into the cookie.
    request.sealbook_key_cookie = cookie_half  # type: ignore[attr-defined]


def open_at_login(request: HttpRequest, user: Any, password: str) -> None:
    """Unwrap the user's key with the password they just logged in with, if they have one."""
    keys = ClinicianKey.objects.filter(user=user).first()
    if keys is None or not keys.password_wrapped:
        return
    hold(request, unwrap_private_key_with_password(bytes(keys.password_wrapped), password))


def current(request: HttpRequest) -> UserKeyPair:
    """The user's private key for this request; KeyNotOpen if the session does not hold it."""
    server_half = request.session.get(SESSION_KEY)
    cookie_half = getattr(request, "sealbook_key_cookie", None) or request.COOKIES.get(COOKIE)
    if not server_half or not cookie_half:
        raise KeyNotOpen()
    try:
        return join_from_session(base64.b64decode(server_half), cookie_half)
    except SealbookError:
        raise KeyNotOpen() from None


def is_open(request: HttpRequest) -> bool:
    try:
        current(request)
    except KeyNotOpen:
        return False
    return True


class PrivateKeyCookieMiddleware:
    """Sets the cookie half after login and deletes it once the session no longer holds a key."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        cookie_half = getattr(request, "sealbook_key_cookie", None)
        if cookie_half and request.session.get(SESSION_KEY):
            response.set_cookie(
                COOKIE,
                cookie_half,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Strict",
                path="/",
            )
        elif COOKIE in request.COOKIES and not request.session.get(SESSION_KEY):
            response.delete_cookie(COOKIE, path="/", samesite="Strict")
        return response
