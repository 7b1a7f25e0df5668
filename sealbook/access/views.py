"""Break-glass pages and the owner's notifications."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sealbook.access.breakglass import BreakGlassRefused, start_break_glass
from sealbook.access.models import Notification
from sealbook.access.policy import AccessDenied, Action, ReauthenticationRequired, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.records.models import Client
from sealbook.records.search import search_clients


class EmergencySearchForm(forms.Form):
    q = forms.CharField(label="Client's name, date of birth, phone or e-mail", max_length=200)


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need this chart now?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@require_http_methods(["GET", "POST"])
@login_required
def emergency_search(request: HttpRequest) -> HttpResponse:
    """Find an unrestricted client off your care team, to request emergency access."""
    try:
        authorize(request.user, Action.EMERGENCY_SEARCH)
    except AccessDenied:
        raise Http404() from None
    form = EmergencySearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        candidates = Client.objects.filter(restricted=False).exclude(care_team__user=request.user)
        results = search_clients(form.cleaned_data["q"], candidates)
        record(
            AuditEvent.CLIENT_SEARCHED,
            actor=request.user,
            detail={"purpose": "break-glass", "results": len(results)},
        )
    return render(request, "access/emergency_search.html", {"form": form, "results": results})


@require_http_methods(["GET", "POST"])
@login_required
def break_glass(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    # Restricted charts are refused by the policy (and the refusal audited), not filtered here.
    client = Client.objects.filter(pk=client_id).first()
    if client is None:
        raise Http404()
    form = BreakGlassForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            start_break_glass(request.user, client, form.cleaned_data["reason"])
            return redirect("chart", client_id=client.id)
        except ReauthenticationRequired:
            raise
        except AccessDenied:
            raise Http404() from None
        except BreakGlassRefused as exc:
            error = str(exc)
    elif request.method == "GET":
        try:
            authorize(request.user, Action.BREAK_GLASS, client)
        except ReauthenticationRequired:
            raise
        except AccessDenied:
            raise Http404() from None
    return render(
        request,
        "access/break_glass.html",
        {"form": form, "client_id": client.id, "error": error},
        status=400 if error or form.errors else 200,
    )


@require_GET
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = list(Notification.objects.filter(recipient=request.user).select_related("actor")[:100])
    return render(request, "access/notifications.html", {"items": items})


@require_POST
@login_required
def notifications_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("notifications")
