"""Response hardening and automatic logoff."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# No inline script or style anywhere: htmx and our own script are static files,
# htmx's indicator styles are turned off by a meta tag in the base template.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        # Client data must not linger in shared caches or the browser's back button.
        if not request.path.startswith("/" + settings.STATIC_URL):
            response.headers["Cache-Control"] = "no-store"
        return response


class IdleLogoffMiddleware:
    """Log a user out after SEALBOOK_IDLE_LOGOFF_MINUTES without a request
    (HIPAA 164.312(a)(2)(iii)). The browser side (static/sealbook/app.js)
    blanks the page at the same moment so nothing stays on screen."""

    SESSION_KEY = "sealbook_last_seen"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(self.SESSION_KEY, now)
            if now - float(last) > settings.SEALBOOK_IDLE_LOGOFF_MINUTES * 60:
                from sealbook.staff.actions import log_out

                log_out(request, idle=True)
                return redirect("/login/?idle=1")
            request.session[self.SESSION_KEY] = now
        return self.get_response(request)
