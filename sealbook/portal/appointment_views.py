"""The portal's join button: a video appointment's link into the waiting room, made when the
client presses it (the link's token exists only in the redirect)."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sealbook.access.pages import problem
from sealbook.portal.appointments import appointment_or_none, may_join
from sealbook.portal.models import PortalAccount
from sealbook.portal.views import portal_page
from sealbook.telehealth.actions import VideoError, issue_link_to_client


@require_http_methods(["GET", "POST"])
@portal_page
def join(request: HttpRequest, account: PortalAccount, appointment_id: uuid.UUID) -> HttpResponse:
    appointment = appointment_or_none(account, appointment_id)
    if appointment is None or appointment.session is None:
        # Another client's appointment, or one hidden from a guardian, is not there at all
        # (before the method is looked at, so that nothing tells them apart).
        return problem(request, "There is no such appointment.", 404)
    if request.method != "POST":
        return problem(request, "Use the join button on the Appointments page.", 405)
    if not may_join(account, appointment, timezone.now()):
        return problem(
            request, "This appointment cannot be joined now: the button appears 15 minutes "
            "before a video appointment starts.", 409,
        )  # fmt: skip
    try:
        _, token = issue_link_to_client(request.user, appointment.session, account.client)
    except VideoError as exc:
        return problem(request, f"The video session did not open: {exc}.", 409)
    return redirect("join", token=token)
