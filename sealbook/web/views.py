from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views import defaults
from django.views.decorators.http import require_GET, require_POST

from sealbook.access.landing import start_page
from sealbook.staff.actions import stay_signed_in as record_stay
from sealbook.web import idle


def home(request: HttpRequest) -> HttpResponse:
    return redirect(start_page(request.user).url)


@require_POST
def still_here(request: HttpRequest) -> HttpResponse:
    """Activity ping from the browser: the idle-logoff middleware has already
    refreshed the session's last-seen time; a logged-out caller gets a 403."""
    return HttpResponse(status=204 if request.user.is_authenticated else 403)


@idle.not_activity
@require_GET
def idle_status(request: HttpRequest) -> HttpResponse:
    """How long this session may stay idle, asked by the idle script before it warns;
    asking does not count as activity, so another tab's activity shows up here."""
    if not request.user.is_authenticated:
        return JsonResponse({"seconds_left": 0}, status=403)
    return JsonResponse({"seconds_left": max(0, int(idle.seconds_left(request)))})


@require_POST
def stay_signed_in(request: HttpRequest) -> HttpResponse:
    """The idle warning's "Stay signed in": the request restarted the idle clock."""
    if not request.user.is_authenticated:
        return JsonResponse({"seconds_left": 0}, status=403)
    record_stay(request)
    return JsonResponse({"seconds_left": idle.limit_seconds()})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Django's own page uses an inline style, which our CSP forbids.
    return render(request, "403.html", status=403)


# Seconds a client (or Caddy, or a script) is asked to wait before trying again: a
# failover of PostgreSQL to its standby took 2-5 s under load (docs/scale.md).
RETRY_AFTER_SECONDS = 5


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or a 503 while the database cannot be reached.

    During a failover or a restart of PostgreSQL, the connection fails
    (OperationalError, or InterfaceError on a connection already closed) and the
    request's transaction rolls back: nothing was written, and the same request
    will work again in seconds, so "try again" is the truthful answer, not "server
    error". SQLite's lock timeout is the same kind of passing failure. Django calls
    this while the exception is being handled, so `sys.exc_info()` names it. The
    page is rendered without a request context: no context processor may touch
    the database that just failed."""
    failure = sys.exc_info()[1]
    if isinstance(failure, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)
