"""Access-checked getters: every view loads client data through these (404 on no access).

A missing object and a forbidden one look the same from outside, so the
existence of a chart never leaks. An action that is allowed but needs a fresh
re-authentication is not hidden: ReauthenticationRequired passes through, and
accounts.sudo turns it into a redirect to the re-authentication page.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django.db import models
from django.http import Http404

from sealbook.access.policy import AccessDenied, Action, ReauthenticationRequired, authorize
from sealbook.records.models import Client, ProgressNote

M = TypeVar("M", bound=models.Model)


def _authorized(user: Any, action: Action, client: Client) -> None:
    try:
        authorize(user, action, client)
    except ReauthenticationRequired:
        raise
    except AccessDenied:
        raise Http404() from None


def get_client_for(user: Any, client_id: uuid.UUID, action: Action) -> Client:
    client = Client.objects.filter(pk=client_id).first()
    if client is None:
        raise Http404()
    _authorized(user, action, client)
    return client


def get_client_owned_for(user: Any, model: type[M], pk: Any, action: Action) -> M:
    """Load a record that belongs to a client (a note, a document, a consent...)."""
    obj = model._default_manager.select_related("client").filter(pk=pk).first()
    if obj is None:
        raise Http404()
    _authorized(user, action, obj.client)  # type: ignore[attr-defined]
    return obj


def get_note_for(user: Any, note_id: uuid.UUID, action: Action) -> ProgressNote:
    return get_client_owned_for(user, ProgressNote, note_id, action)
