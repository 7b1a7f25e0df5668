"""The "Care team" page of a chart: who is on it, its history, adding and removing members.

Open to those the policy lets manage this client's care team (`MANAGE_CARE_TEAMS`). The
page names the client only to a viewer who may see their demographics: whoever
manages the care team of a restricted chart they are not on sees its members,
never the client (AB 352).
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sealbook.access.pages import denied_as_404
from sealbook.access.policy import Action, permits
from sealbook.accounts.models import User
from sealbook.records import care_team
from sealbook.records.models import Client


class CareTeamChangeForm(forms.Form):
    op = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")])
    member = forms.ModelChoiceField(
        queryset=User.objects.all(),
        error_messages={"required": "choose a staff member",
                        "invalid_choice": "choose one of the staff members listed"},
    )  # fmt: skip
    reason = forms.CharField(max_length=500, error_messages={"required": "give the reason"})


def _client(request: HttpRequest, client_id: uuid.UUID) -> Client:
    client = Client.objects.filter(pk=client_id).first()
    if client is None:
        raise Http404()
    with denied_as_404():
        care_team.authorize_manage(request.user, client)
    return client


@require_http_methods(["GET", "POST"])
@login_required
def care_team_page(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = _client(request, client_id)
    error = ""
    if request.method == "POST":
        form = CareTeamChangeForm(request.POST)
        if not form.is_valid():
            error = f"Nothing was changed: {next(iter(form.errors.values()))[0]}."
        else:
            data = form.cleaned_data
            change = care_team.add_member if data["op"] == "add" else care_team.remove_member
            try:
                change(request.user, client, data["member"], data["reason"])
            except care_team.CareTeamError as exc:
                error = f"Nothing was changed: {exc}."
            else:
                done = "added to" if data["op"] == "add" else "removed from"
                messages.success(
                    request, f"{data['member'].display_name} was {done} the care team."
                )
                return redirect("care-team", client_id=client.id)
    shows_client = permits(request.user, Action.VIEW_DEMOGRAPHICS, client)
    return render(
        request,
        "records/care_team.html",
        {
            "client": client,
            "shows_client": shows_client,
            "members": care_team.members(client),
            "eligible": care_team.eligible_members(client),
            # The reasons are about the client: shown only to who may see the client.
            "history": care_team.history(client) if shows_client else [],
            "error": error,
        },
        status=400 if error else 200,
    )
