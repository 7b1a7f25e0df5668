"""Where a form's draft belongs, and what seals it, decided from the form's own URL.

The browser says only which page and form the text came from; the server
resolves those URLs against its own routes, finds the client they are about
and picks the key itself. Nothing the browser says reaches the database as
plaintext except these two paths, and a path that is not one of Sealbook's
routes (or carries a query string other than short slugs) is refused: the
paths are stored in the clear, so they must never carry free text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import Resolver404, ResolverMatch, resolve

from sealbook.access.policy import Action, decide
from sealbook.core.errors import SealbookError
from sealbook.drafts.models import SealedWith
from sealbook.records.models import Client


class DraftError(SealbookError):
    """A draft request was refused (the message says why, never what the text was)."""


# Forms whose text is a psychotherapy note (HIPAA 164.501): sealed to the author only.
SEALED_TO_AUTHOR = frozenset({"psychotherapy-notes"})

# Routes that name a client's record instead of the client: (model, URL argument).
RECORD_OF_A_CLIENT: dict[str, tuple[str, str]] = {
    "note": ("records.ProgressNote", "note_id"),
    "note-amend": ("records.ProgressNote", "note_id"),
    "authorization": ("disclosure.Authorization", "authorization_id"),
    "authorization-revoke": ("disclosure.Authorization", "authorization_id"),
    "send-under-authorization": ("disclosure.Authorization", "authorization_id"),
    "access-request-extend": ("export.AccessRequest", "request_id"),
    "access-request-fulfil": ("export.AccessRequest", "request_id"),
    "consent-withdraw": ("consent.ConsentSignature", "signature_id"),
}

MAX_PATH = 300
_PATH = re.compile(r"^/[A-Za-z0-9/_-]*$")
# The query parameters that choose which form a page shows (a note's format);
# any other (a search term, say) could carry a name, and is refused.
FORM_PARAMETERS = frozenset({"format"})
_SLUG = re.compile(r"^[a-z0-9-]{1,20}$")


@dataclass(frozen=True)
class Placement:
    page: str
    form: str
    client: Client | None
    sealed_with: str


def clean_location(location: Any) -> tuple[str, ResolverMatch]:
    """A page or form location as stored: a Sealbook route, plus slug-only parameters."""
    if not isinstance(location, str) or not 0 < len(location) <= MAX_PATH:
        raise DraftError("a draft's page or form is not a Sealbook address")
    path, _, query = location.partition("?")
    if not _PATH.match(path) or (query and not _form_parameters(query)):
        raise DraftError("a draft's page or form is not a Sealbook address")
    try:
        match = resolve(path)
    except Resolver404:
        raise DraftError("a draft's page or form is not a Sealbook address") from None
    return location, match


def _form_parameters(query: str) -> bool:
    pairs = [pair.partition("=") for pair in query.split("&")]
    return all(name in FORM_PARAMETERS and _SLUG.match(value) for name, _, value in pairs)


def _client_of(match: ResolverMatch) -> Client | None:
    if "client_id" in match.kwargs:
        return Client.objects.filter(pk=match.kwargs["client_id"]).first()
    found = RECORD_OF_A_CLIENT.get(match.url_name or "")
    if found is None:
        return None
    model = apps.get_model(found[0])
    record_id = match.kwargs[found[1]]
    record = model._default_manager.select_related("client").filter(pk=record_id).first()
    return record.client if record is not None else None


def place(user: Any, page: Any, form: Any) -> Placement:
    """Where the draft of `form` on `page` belongs and which key seals it."""
    page, page_match = clean_location(page)
    form, form_match = clean_location(form)
    client = _client_of(form_match) or _client_of(page_match)
    if form_match.url_name in SEALED_TO_AUTHOR:
        if client is None:
            raise DraftError("a psychotherapy note's draft needs its client")
        return Placement(page, form, client, SealedWith.AUTHOR_KEY)
    # Someone who may not see the client (a break-glass reason, say) still keeps
    # their text, under their own key rather than the client's.
    if client is not None and decide(user, Action.VIEW_DEMOGRAPHICS, client).allowed:
        return Placement(page, form, client, SealedWith.CLIENT_KEY)
    return Placement(page, form, client, SealedWith.USER_KEY)
