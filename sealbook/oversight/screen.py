"""What the audit screen shows beside each entry: names of staff, links only where allowed.

An entry names a staff member (by id) and perhaps a client (by id). The
screen shows staff names (staff names are not client data) and a client's
short reference, which filters the log by that client; a "chart" link is
added only for a client the policy lets the viewer see (`visible_clients`,
which writes nothing): never for the auditor. No client field is read.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from sealbook.access.policy import visible_clients
from sealbook.accounts.models import User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.audit.status import LogSummary, summary
from sealbook.oversight.links import object_links
from sealbook.oversight.models import IntegrityCheck
from sealbook.oversight.query import Row
from sealbook.records.models import Client


def staff_names(ids: set[int | None] | None = None) -> dict[int, str]:
    wanted = None if ids is None else [i for i in ids if i is not None]
    users = User.objects.all() if wanted is None else User.objects.filter(pk__in=wanted)
    return {u.pk: f"{u.display_name} ({u.get_role_display()})" for u in users}


@dataclass
class Shown:
    row: Row
    staff: str
    chart_url: str  # empty: the viewer may not open the chart
    staff_url: str  # the log filtered by this staff member
    client_url: str  # the log filtered by this client
    # The page of the object the entry names, and its text (oversight.links): empty
    # when the viewer may not open it.
    object_url: str = ""
    object_text: str = ""


def decorate(viewer: Any, rows: list[Row]) -> list[Shown]:
    names = staff_names({r.actor_id for r in rows})
    client_ids = {r.client_id for r in rows if r.client_id is not None}
    # One query for the page: the clients the policy lets the viewer see in a list
    # (`visible_clients`), a subset of those whose chart the viewer may open; a
    # chart reached only through supervision or break-glass gets no link here.
    listed = visible_clients(viewer, Client.objects.filter(pk__in=client_ids))
    openable = {
        pk: reverse("chart", kwargs={"client_id": pk}) for pk in listed.values_list("pk", flat=True)
    }
    log = reverse("audit-log")
    objects = object_links(viewer, rows)
    return [
        Shown(
            row,
            names.get(row.actor_id, "") if row.actor_id is not None else "Sealbook",
            openable.get(row.client_id, "") if row.client_id is not None else "",
            f"{log}?staff={row.actor_id}" if row.actor_id is not None else "",
            f"{log}?client={row.client_id}" if row.client_id is not None else "",
            *objects.get(row.seq, ("", "")),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class Witnessed:
    size: int
    at: datetime.datetime


@dataclass(frozen=True)
class Integrity:
    summary: LogSummary
    last_check: IntegrityCheck | None
    witnessed: Witnessed | None


def integrity() -> Integrity:
    """The head, the newest checkpoint, the last verification and the last witness export."""
    exported = (
        AuditEntry.objects.filter(event=int(AuditEvent.CHECKPOINT_EXPORTED))
        .order_by("-seq")
        .first()
    )
    witnessed = None
    if exported is not None:
        size = read_detail(exported).get("size")
        witnessed = Witnessed(int(size) if size is not None else exported.seq, exported.occurred_at)
    return Integrity(summary(), IntegrityCheck.objects.first(), witnessed)


def client_exists(client_id: uuid.UUID | None) -> bool:
    return client_id is not None and Client.objects.filter(pk=client_id).exists()
