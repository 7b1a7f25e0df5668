"""While the practice is sealed, every page is the "sealed" page (HTTP 503)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from sealbook.vault import runtime


class SealedPracticeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if runtime.is_unsealed() or request.path.startswith("/" + settings.STATIC_URL):
            return self.get_response(request)
        body = render_to_string("vault/sealed.html", {"how": runtime.HOW_TO_UNSEAL})
        return HttpResponse(body, status=503, headers={"Retry-After": "60"})
