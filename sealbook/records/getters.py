"""Access-checked getters: every view loads client data through these (404 on no access).

A missing object and a forbidden one look the same from outside, so the
existence of a chart never leaks. An action that is allowed but needs a fresh
re-authentication is not hidden: ReauthenticationRequired passes through, and
staff.sudo turns it into a redirect to the re-authentication page
(`access.pages.authorize_or_404`).

`owned_by` loads a chart's rows once access to the client has been checked.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django.db import models
from django.http import Http404

from sealbook.access.pages import authorize_or_404, denied_as_404
from sealbook.access.policy import Action, permits
from sealbook.records.models import Client, ProgressNote

M = TypeVar("M", bound=models.Model)


def get_client_for(user: Any, client_id: uuid.UUID, action: Action) -> Client:
    client = Client.objects.filter(pk=client_id).first()
    if client is None:
        raise Http404()
    authorize_or_404(user, action, client)
    return client


def get_chart_for(user: Any, client_id: uuid.UUID) -> tuple[Client, bool]:
    """The client of a chart view, and whether its clinical part is shown.

    One access decision and one audit entry per view: the clinical chart if
    the policy allows it, else the demographics (CHART_VIEWED either way), else
    a 404 with its ACCESS_DENIED entry. `permits` only looks, it writes nothing.
    """
    from sealbook.records.actions import view_chart, view_demographics

    client = Client.objects.filter(pk=client_id).first()
    if client is None:
        raise Http404()
    clinical = permits(user, Action.VIEW_CLINICAL, client)
    with denied_as_404():
        if clinical:
            view_chart(user, client)
        else:
            view_demographics(user, client)
    return client, clinical


def get_client_owned_for(user: Any, model: type[M], pk: Any, action: Action) -> M:
    """Load a record that belongs to a client (a note, a document, a consent...)."""
    obj = model._default_manager.select_related("client").filter(pk=pk).first()
    if obj is None:
        raise Http404()
    # Every model passed here belongs to a client; M, any model, cannot say so.
    authorize_or_404(user, action, obj.client)  # type: ignore[attr-defined]
    return obj


def get_note_for(user: Any, note_id: uuid.UUID, action: Action) -> ProgressNote:
    return get_client_owned_for(user, ProgressNote, note_id, action)


def get_note_to_read(user: Any, note_id: uuid.UUID) -> ProgressNote:
    """A note opened for reading: one access decision, one NOTE_VIEWED entry (404 if refused)."""
    from sealbook.records.actions import view_note

    note = ProgressNote.objects.select_related("client").filter(pk=note_id).first()
    if note is None:
        raise Http404()
    with denied_as_404():
        view_note(user, note)
    return note


def owned_by(client: Client, rows: models.QuerySet[M] | models.Manager[M]) -> list[M]:
    """The rows that belong to `client`, each holding this one loaded client object.

    For a client the caller has already loaded through a getter above. Without
    it, reading `row.client` (a template, `as_text`, an export) would query the
    client once per row. Decrypting a row needs no client object: its data key
    is found by client id, and vault.runtime caches unwrapped keys per process
    by client id.
    """
    found = list(rows.filter(client=client))
    for row in found:
        row.client = client  # type: ignore[attr-defined]
    return found
