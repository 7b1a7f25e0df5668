"""Re-authentication ("sudo mode") before export, break-glass, role and key changes.

After the user re-enters their password (and their second factor when they
have one), sensitive actions are allowed for SUDO_MINUTES. The access policy
reads `request.user.sudo_active`, which this middleware sets on every request;
when a view hits an action that needs it, the user is sent to the
re-authentication page and back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from sealbook.access.policy import ReauthenticationRequired

SUDO_MINUTES = 5
SESSION_KEY = "sealbook_sudo_until"


def grant(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = time.time() + SUDO_MINUTES * 60
    request.user.sudo_active = True  # type: ignore[union-attr]


def active(request: HttpRequest) -> bool:
    return float(request.session.get(SESSION_KEY, 0)) > time.time()


class SudoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user.sudo_active = active(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ReauthenticationRequired):
            # Only the path (UUIDs, never names) goes into the URL.
            return redirect("/reauthenticate/?" + urlencode({"next": request.path}))
        return None
