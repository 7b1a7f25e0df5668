"""The link from an audit entry to the object it names, only where the viewer may follow it.

An entry names its object by type and id (`audit.log.record`: the model's label
and primary key). For each type with a page, `TARGETS` says which page and
which action of the policy the viewer needs; the answer comes from
`access.policy.permits`, which writes nothing, about the entry's client when
the object belongs to one (unless the viewer's grant is practice-wide, as the
owner's for care teams: `access.policy.about`). The auditor is granted none of these actions, so
an auditor's screen links to no clinical object (and to no incident, alert or
staff record either). A psychotherapy note gets no link: only its author
reads it, from the chart.

The decisions are asked once per (action, client) on a page; the policy's
per-request memo answers the care-team questions behind them once per client.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from sealbook.access.policy import Action, about, permits
from sealbook.oversight.query import Row
from sealbook.records.models import Client


@dataclass(frozen=True)
class Target:
    label: str  # the link's text
    url_name: str
    action: Action
    # The URL argument the object's id fills; None: the page is the client's (client_id)
    # or, for a practice-wide object, has no argument.
    id_kwarg: str | None
    about_client: bool


TARGETS: dict[str, Target] = {
    "records.progressnote": Target("note", "note", Action.VIEW_CLINICAL, "note_id", True),
    "documents.document": Target(
        "document", "document-file", Action.VIEW_DOCUMENTS, "document_id", True
    ),
    "scheduling.appointment": Target(
        "appointment", "appointment", Action.VIEW_DEMOGRAPHICS, "appointment_id", True
    ),
    "records.careteamchange": Target(
        "care team", "care-team", Action.MANAGE_CARE_TEAMS, None, True
    ),
    # A disclosure is shown in the client's accounting of disclosures.
    "disclosure.disclosure": Target(
        "accounting of disclosures", "accounting", Action.MANAGE_AUTHORIZATIONS, None, True
    ),
    "oversight.incident": Target(
        "incident", "incident", Action.MANAGE_INCIDENTS, "incident_id", False
    ),
    "oversight.alert": Target("alerts", "alerts", Action.REVIEW_ALERTS, None, False),
    "accounts.user": Target("staff report", "staff-report", Action.MANAGE_STAFF, "user_id", False),
}


def _url(target: Target, row: Row) -> str:
    kwargs: dict[str, Any] = {}
    if target.id_kwarg is not None:
        kwargs[target.id_kwarg] = (
            int(row.object_id) if target.id_kwarg == "user_id" else row.object_id
        )
    elif target.about_client:
        kwargs["client_id"] = row.client_id
    return reverse(target.url_name, kwargs=kwargs)


def object_links(viewer: Any, rows: list[Row]) -> dict[int, tuple[str, str]]:
    """(url, text) of each row (by seq) whose object the viewer may open; others are absent."""
    linked = [(row, TARGETS[row.object_type]) for row in rows if row.object_type in TARGETS]
    if not linked:
        return {}
    wanted: set[uuid.UUID] = {
        row.client_id for row, t in linked if t.about_client and row.client_id is not None
    }
    clients = Client.objects.in_bulk(list(wanted)) if wanted else {}
    decided: dict[tuple[Action, uuid.UUID | None], bool] = {}
    urls: dict[int, tuple[str, str]] = {}
    for row, target in linked:
        if not row.object_id:
            continue
        if target.about_client:
            client = clients.get(row.client_id) if row.client_id is not None else None
            if client is None:
                continue  # destroyed, or an entry without its client: nothing to open
        else:
            client = None
        key = (target.action, row.client_id if target.about_client else None)
        if key not in decided:
            decided[key] = permits(viewer, target.action, about(viewer, target.action, client))
        if decided[key]:
            urls[row.seq] = (_url(target, row), target.label)
    return urls
