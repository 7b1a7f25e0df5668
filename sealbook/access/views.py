"""The owner's notifications pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from sealbook.access.notifications import mark_notifications_read, recent_notifications


@require_GET
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    return render(
        request, "access/notifications.html", {"items": recent_notifications(request.user)}
    )


@require_POST
@login_required
def notifications_read(request: HttpRequest) -> HttpResponse:
    mark_notifications_read(request.user)
    return redirect("notifications")
