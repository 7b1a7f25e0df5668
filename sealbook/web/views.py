from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST


def home(request: HttpRequest) -> HttpResponse:
    return redirect("client-list")


@require_POST
def still_here(request: HttpRequest) -> HttpResponse:
    """Activity ping from the browser: the idle-logoff middleware has already
    refreshed the session's last-seen time; a logged-out caller gets a 403."""
    return HttpResponse(status=204 if request.user.is_authenticated else 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Django's own page uses an inline style, which our CSP forbids.
    return render(request, "403.html", status=403)
