"""The chart's "Minors and guardians" page: the minor's own services, and when the
guardians' portal access ends."""

from __future__ import annotations

import datetime
import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sealbook.access import practice_policy
from sealbook.access.pages import denied_as_404, problem
from sealbook.access.policy import Action
from sealbook.portal import guardians
from sealbook.portal.models import AccountKind, MinorConsent, PortalAccount
from sealbook.records.getters import get_client_for, get_client_owned_for, owned_by
from sealbook.records.models import Client, Service


@require_http_methods(["GET", "POST"])
@login_required
def minors(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for(request.user, client_id, Action.RECORD_MINOR_CONSENT)
    if request.method == "POST":
        try:
            with denied_as_404():
                guardians.record_minor_consent(
                    request.user, client, service=request.POST.get("service", "")
                )
            return redirect("chart-portal-minors", client_id=client.pk)
        except guardians.MinorsError as exc:
            return _page(request, client, f"Nothing was recorded: {exc}.", 400)
    return _page(request, client, "", 200)


def _page(request: HttpRequest, client: Client, error: str, status: int) -> HttpResponse:
    rules = practice_policy.minors_rules()
    born = client.date_of_birth
    of_age = (
        guardians.coming_of_age(born, rules.age_of_majority)
        if isinstance(born, datetime.date)
        else None
    )
    consents = owned_by(client, MinorConsent.objects.filter(withdrawn_at__isnull=True))
    context = {
        "client": client, "rules": rules, "of_age": of_age, "error": error,
        "minor": guardians.is_minor(client), "consents": consents,
        "services": [(v, label) for v, label in Service.choices if v in rules.services],
        "guardians": PortalAccount.objects.filter(client=client, kind=AccountKind.GUARDIAN),
    }  # fmt: skip
    return render(request, "portal/minors.html", context, status=status)


@require_POST
@login_required
def withdraw(request: HttpRequest, consent_id: uuid.UUID) -> HttpResponse:
    consent = get_client_owned_for(
        request.user, MinorConsent, consent_id, Action.RECORD_MINOR_CONSENT
    )
    try:
        with denied_as_404():
            guardians.withdraw_minor_consent(request.user, consent)
    except guardians.MinorsError as exc:
        return problem(request, f"Nothing was withdrawn: {exc}.", 400)
    return redirect("chart-portal-minors", client_id=consent.client_id)
