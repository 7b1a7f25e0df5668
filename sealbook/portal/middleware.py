"""The portal's boundary: a portal account reaches nothing outside the portal.

Placed after authentication, before any view: a client or guardian who asks
for a staff page (or any page outside `access.OPEN_TO_PORTAL`) gets a 404
without the view running, whatever that view would have decided; the site's
root sends them to the portal's home. A portal account whose second factor is
not proved in this session (or not enrolled, where the policy requires one) is
sent to the portal's own code or enrolment page, never the staff's `/mfa/`
pages: the staff second-factor gate leaves portal accounts to this one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from sealbook.portal.access import (
    OPEN_BEFORE_SECOND_FACTOR,
    OPEN_TO_PORTAL,
    is_portal_user,
    second_factor_step,
)


class PortalBoundaryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_portal_user(getattr(request, "user", None)):
            if request.path == "/":
                return redirect("/portal/")
            if not request.path.startswith(OPEN_TO_PORTAL):
                raise Http404()
            step = second_factor_step(request.user)
            if step is not None and not request.path.startswith(OPEN_BEFORE_SECOND_FACTOR):
                return redirect(step)
        return self.get_response(request)
