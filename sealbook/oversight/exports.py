"""The audit log as CSV (every matching entry) and as PDF (the newest PDF_LIMIT of them).

Both show what the screen shows: time, staff member, event, client reference
(the client's id, never a name), object, outcome, and the detail keys the
screen opens (`query.SHOWN_DETAIL`). CSV cells go through
`core.spreadsheet.CsvWriter`, so a staff name beginning with `=` stays text.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from sealbook.oversight.query import LogFilter, Row, event_label, export_rows
from sealbook.pdf.document import PdfDocument, local_time
from sealbook.vault import runtime

CSV_HEADER = (
    "seq", "time (UTC)", "staff id", "staff", "event", "client", "object type", "object id",
    "outcome", "action", "basis",
)  # fmt: skip
PDF_LIMIT = 500


def csv_row(row: Row, names: dict[int, str]) -> list[object]:
    return [
        row.seq,
        row.occurred_at.astimezone(datetime.UTC).isoformat(timespec="seconds"),
        row.actor_id if row.actor_id is not None else "",
        names.get(row.actor_id, "") if row.actor_id is not None else "Sealbook",
        row.event_label,
        row.client_id or "",
        row.object_type,
        row.object_id,
        row.outcome,
        row.detail.get("action", ""),
        row.detail.get("basis", ""),
    ]


def _describe(log_filter: LogFilter, names: dict[int, str]) -> str:
    parts = []
    if log_filter.staff is not None:
        parts.append(f"staff member: {names.get(log_filter.staff, log_filter.staff)}")
    if log_filter.client is not None:
        parts.append(f"client: {log_filter.client}")
    if log_filter.event is not None:
        parts.append(f"event: {event_label(log_filter.event)}")
    if log_filter.outcome:
        parts.append(f"outcome: {log_filter.outcome}")
    if log_filter.since or log_filter.until:
        parts.append(f"dates: {log_filter.since or '…'} to {log_filter.until or '…'}")
    return "; ".join(parts) or "every entry"


def log_pdf(log_filter: LogFilter, names: dict[int, str]) -> bytes:
    practice = runtime.practice_name()
    doc = PdfDocument(
        "Audit log", practice, running=f"{practice} · audit log", created=timezone.now()
    )
    doc.field("Filter", _describe(log_filter, names))
    doc.field("Printed", local_time(timezone.now()))
    doc.paragraph(
        f"The newest {PDF_LIMIT} matching entries at most, newest first; "
        "the CSV export has every one."
    )
    doc.rule()
    for row in export_rows(log_filter, limit=PDF_LIMIT):
        who = names.get(row.actor_id, "") if row.actor_id is not None else "Sealbook"
        line = f"#{row.seq} · {local_time(row.occurred_at)} · {who or '-'} · {row.event_label}"
        extra = [row.outcome]
        if row.client_id:
            extra.append(f"client {row.client_id}")
        extra += [f"{k} {v}" for k, v in row.detail.items()]
        doc.paragraph(f"{line}\n{' · '.join(extra)}")
    return doc.output()
