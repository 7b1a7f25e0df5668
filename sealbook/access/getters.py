"""Access-checked getters: every view loads client data through these (404 on no access)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404

from sealbook.access.policy import AccessDenied, Action, authorize
from sealbook.records.models import Client, ProgressNote


def get_client_for(user: Any, client_id: uuid.UUID, action: Action) -> Client:
    client = Client.objects.filter(pk=client_id).first()
    if client is None:
        raise Http404()
    try:
        authorize(user, action, client)
    except AccessDenied:
        raise Http404() from None
    return client


def get_note_for(user: Any, note_id: uuid.UUID, action: Action) -> ProgressNote:
    note = ProgressNote.objects.select_related("client").filter(pk=note_id).first()
    if note is None:
        raise Http404()
    try:
        authorize(user, action, note.client)
    except AccessDenied:
        raise Http404() from None
    return note
