"""Break-glass pages: find a chart off your care team and request emergency access to it."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sealbook.access.pages import authorize_or_404, denied_as_404
from sealbook.access.policy import Action
from sealbook.records.breakglass import BreakGlassRefused, search_for_emergency, start_break_glass
from sealbook.records.models import Client


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
    authorize_or_404(request.user, Action.EMERGENCY_SEARCH)
    form = EmergencySearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = search_for_emergency(request.user, form.cleaned_data["q"])
    return render(request, "records/emergency_search.html", {"form": form, "results": results})


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
            with denied_as_404():
                start_break_glass(request.user, client, form.cleaned_data["reason"])
            return redirect("chart", client_id=client.id)
        except BreakGlassRefused as exc:
            error = str(exc)
    elif request.method == "GET":
        authorize_or_404(request.user, Action.BREAK_GLASS, client)
    return render(
        request,
        "records/break_glass.html",
        {"form": form, "client_id": client.id, "error": error},
        status=400 if error or form.errors else 200,
    )
