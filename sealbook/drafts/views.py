"""JSON endpoints of the browser's idle script: each parses, calls one action, answers.

They answer JSON rather than pages, since only the script calls them; a caller
who is not logged in gets 403, never a redirect to the login page. Every
error is one line that names no client and quotes none of the text.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from sealbook.access.policy import AccessDenied
from sealbook.drafts import actions
from sealbook.drafts.placement import DraftError
from sealbook.psychotherapy.keyring import KeyNotOpen
from sealbook.web.idle import not_activity


def _problem(message: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _logged_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return _problem("log in first", 403)
        return view(request, *args, **kwargs)

    return wrapper


def _json_body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body)
    # A form-encoded body was already read as a form (by the CSRF check): not JSON either.
    except (ValueError, UnicodeDecodeError, RawPostDataException):
        raise DraftError("the request is not JSON") from None


@require_GET
@_logged_in
def drafts_for_page(request: HttpRequest) -> HttpResponse:
    page = request.GET.get("page")
    if not page:
        return _problem("say which page: ?page=", 400)
    drafts = actions.drafts_for_page(request.user, page)
    return JsonResponse(
        {
            "drafts": [
                {"id": str(d.id), "form": d.form, "saved_at": d.saved_at.isoformat()}
                for d in drafts
            ]
        }
    )


@require_POST
@_logged_in
def restore(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    try:
        fields = actions.restore_draft(request, draft_id)
    except actions.DraftNotFound as exc:
        return _problem(str(exc), 404)
    except AccessDenied:
        return _problem(str(actions.DraftNotFound()), 404)
    except KeyNotOpen as exc:
        return _problem(str(exc), 409)
    return JsonResponse({"fields": fields})


@require_POST
@_logged_in
def discard(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    try:
        actions.discard_draft(request.user, draft_id)
    except actions.DraftNotFound as exc:
        return _problem(str(exc), 404)
    return HttpResponse(status=204)


@not_activity
@require_POST
def idle_logoff(request: HttpRequest) -> HttpResponse:
    """Keep the page's unsaved forms as drafts and end the session (the idle logoff).

    Answers 200 whenever the request made sense, also when the session had
    already ended: the script then shows which forms were not kept.
    """
    try:
        body = _json_body(request)
        if not isinstance(body, dict) or not isinstance(body.get("forms"), list):
            raise DraftError('the request needs "page" and a list of "forms"')
        page = body.get("page")
        forms = [
            actions.UnsavedForm(page=page, form=f.get("form"), fields=f.get("fields"))
            if isinstance(f, dict)
            else actions.UnsavedForm(page=page, form=None, fields=None)
            for f in body["forms"]
        ]
        result = actions.keep_and_log_off(request, forms)
    except actions.NotIdle as exc:
        return JsonResponse({"logged_off": False, "seconds_left": int(exc.seconds_left)})
    except DraftError as exc:
        return _problem(str(exc), 400)
    # A kept draft means `page` was a valid page path (a str).
    login = "/login/?" + urlencode({"idle": "1", **({"next": str(page)} if result.kept else {})})
    return JsonResponse(
        {
            "logged_off": True,
            "kept": result.kept,
            "refused": {str(i): reason for i, reason in result.refused.items()},
            "login": login,
        }
    )
