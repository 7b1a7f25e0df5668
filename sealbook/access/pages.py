"""What every page does the same way: refuse without telling, and say why nothing was done.

Every app's views use these, the domain apps' (records, consent, documents,
disclosure, export, sharing, psychotherapy) included, so they live here in
`access` (layer 4) rather than in `web` (layer 7): imports only point down
(docs/architecture.md). The problem page's template, `web/problem.html`,
extends the site's layout as every page does; a template is looked up by name
when a page is rendered, not imported, so that is no upward import.

Views load client data through `records.getters`, which use `authorize_or_404`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sealbook.access.policy import (
    AccessDenied,
    Action,
    Decision,
    ReauthenticationRequired,
    authorize,
)


@contextlib.contextmanager
def denied_as_404() -> Iterator[None]:
    """Show an AccessDenied raised in the block as a 404: forbidden looks like missing.

    For an action that authorizes itself (`start_break_glass`, say). The refusal
    is still audited by `authorize`. An action that is allowed but needs a fresh
    re-authentication is not hidden: ReauthenticationRequired passes through,
    and staff.sudo turns it into a redirect to that page.
    """
    try:
        yield
    except ReauthenticationRequired:
        raise
    except AccessDenied:
        raise Http404() from None


def authorize_or_404(user: Any, action: Action, obj: Any = None) -> Decision:
    """`authorize`, with a refusal shown as a 404 (see `denied_as_404`)."""
    with denied_as_404():
        return authorize(user, action, obj)


def problem(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """The page for a request that did nothing: the site's layout, one line why, `status`."""
    return render(request, "web/problem.html", {"message": message}, status=status)
