"""Response hardening, the trusted TLS proxy, and automatic logoff."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from sealbook.accounts.models import PORTAL_ROLES
from sealbook.web import idle

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


class TrustedProxyMiddleware:
    """Believe X-Forwarded-Proto and X-Forwarded-For only from SEALBOOK_TRUSTED_PROXIES.

    Behind a TLS proxy every request arrives over plain http from the proxy's
    own address. When (and only when) the connection comes from a trusted
    proxy, the scheme and client address it reports replace the connection's,
    so the CSRF origin check, HSTS and the login lockout see the user's side
    of the proxy. Anyone else's forwarded headers are ignored: believing them
    would let a client choose the address the lockout counts against.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        proxies = settings.SEALBOOK_TRUSTED_PROXIES
        if proxies and _within(request.META.get("REMOTE_ADDR", ""), proxies):
            proto = request.META.get("HTTP_X_FORWARDED_PROTO", "").strip().lower()
            if proto in ("http", "https"):
                # A WSGIRequest's META is its WSGI environ, where request.scheme looks.
                request.META["wsgi.url_scheme"] = proto
            client = forwarded_client(request.META.get("HTTP_X_FORWARDED_FOR", ""), proxies)
            if client is not None:
                request.META["REMOTE_ADDR"] = client
        return self.get_response(request)


Networks = tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]


def _within(address: str, networks: Networks) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def forwarded_client(header: str, proxies: Networks) -> str | None:
    """The client address in an X-Forwarded-For chain, read from the right.

    Each proxy appends the address it saw, so the rightmost entry that is not
    itself a trusted proxy is the client; anything left of it was written by
    the client and proves nothing. None when the chain names no such address
    or holds something that is not an address.
    """
    for entry in reversed([part.strip() for part in header.split(",") if part.strip()]):
        try:
            ip = ipaddress.ip_address(entry)
        except ValueError:
            return None
        if not any(ip in network for network in proxies):
            return str(ip)
    return None


def client_address(request: HttpRequest) -> str | None:
    """The client's address for the login lockout (AXES_CLIENT_IP_CALLABLE)."""
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


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
    (HIPAA 164.312(a)(2)(iii)). The browser side (static/sealbook/idle.js)
    warns a minute before, keeps unsaved text as a draft, and blanks the page
    at the same moment so nothing stays on screen."""

    SESSION_KEY = idle.SESSION_KEY

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and idle.seconds_left(request) < 0:
            from sealbook.staff.actions import log_out

            portal = getattr(user, "role", "") in PORTAL_ROLES
            log_out(request, idle=True)
            return redirect("/portal/login/?idle=1" if portal else "/login/?idle=1")
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        # Restart the clock here rather than in __call__: only here is the view
        # known, and the idle script's own requests must not count as activity.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and idle.counts_as_activity(view):
            idle.touch(request)
