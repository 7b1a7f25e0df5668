"""Reading the audit log for the screen: filters, keyset pages, reports, export batches.

Entries are read newest first, a page at a time, by keyset (`seq < before`),
never by offset: each filter walks its own `(column, seq)` index from the
newest matching entry down, so page 1 and page 20,000 cost the same at a
million entries (bench/audit_screen_bench.py). A date range becomes a range of
seq through the `occurred_at` index (entries are numbered in the order they
were written), so it narrows the same index walk instead of filtering rows.

Nothing here decrypts a client field: entries name clients by id. An entry's
sealed detail is opened only for the few keys the screen shows (`SHOWN_DETAIL`).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry

PAGE_SIZE = 50
EXPORT_BATCH = 5000

# What each outcome filter matches in the stored outcome column.
OUTCOMES: dict[str, tuple[str, ...]] = {
    "allowed": ("success", "granted"),
    "denied": ("denied", "failure"),
    "break-glass": ("break-glass",),
}
OUTCOME_LABELS = {"allowed": "Allowed", "denied": "Denied or failed", "break-glass": "Break-glass"}
# The detail keys the screen and the exports show: what was asked and on what basis.
# Everything else in an entry's detail stays sealed.
SHOWN_DETAIL = ("action", "basis", "kind")


def event_label(event: int) -> str:
    try:
        name = AuditEvent(event).name
    except ValueError:  # written by a later release
        return f"Event {event}"
    return name.replace("_", " ").capitalize()


@dataclass(frozen=True)
class LogFilter:
    staff: int | None = None
    client: uuid.UUID | None = None
    event: int | None = None
    outcome: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None  # inclusive

    def is_empty(self) -> bool:
        return self == LogFilter()

    def as_query(self) -> dict[str, str]:
        """The filter as URL query parameters (the export links and the next page keep it)."""
        values = {
            "staff": self.staff,
            "client": self.client,
            "event": self.event,
            "outcome": self.outcome,
            "since": self.since,
            "until": self.until,
        }
        return {k: str(v) for k, v in values.items() if v not in (None, "")}

    def as_detail(self) -> dict[str, str]:
        return self.as_query()


@dataclass
class Row:
    seq: int
    occurred_at: datetime.datetime
    actor_id: int | None
    event: int
    client_id: uuid.UUID | None
    object_type: str
    object_id: str
    outcome: str
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def event_label(self) -> str:
        return event_label(self.event)

    @property
    def outcome_kind(self) -> str:
        for kind, stored in OUTCOMES.items():
            if self.outcome in stored:
                return kind
        return "allowed"

    @property
    def client_ref(self) -> str:
        """The short form of the client's id the screen shows (the filter takes the full id)."""
        return str(self.client_id)[:8] if self.client_id else ""


_COLUMNS = (
    "seq", "occurred_at", "actor_id", "event", "client_id", "object_type", "object_id",
    "outcome", "detail",
)  # fmt: skip


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def first_seq_at(moment: datetime.datetime) -> int | None:
    """The first entry at or after `moment`, through the `occurred_at` index."""
    return (
        AuditEntry.objects.filter(occurred_at__gte=moment)
        .order_by("occurred_at")
        .values_list("seq", flat=True)
        .first()
    )


def seq_range(since: datetime.date | None, until: datetime.date | None) -> tuple[int, int | None]:
    """[low, high) in seq for a date range (practice time, both days included); high None: open."""
    low = 0
    if since is not None:
        found = first_seq_at(_day_start(since))
        if found is None:
            return 0, 0  # nothing on or after the start
        low = found
    high = None
    if until is not None:
        high = first_seq_at(_day_start(until + datetime.timedelta(days=1)))
    return low, high


def filtered(f: LogFilter) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.all()
    if f.staff is not None:
        qs = qs.filter(actor_id=f.staff)
    if f.client is not None:
        qs = qs.filter(client_id=f.client)
    if f.event is not None:
        qs = qs.filter(event=f.event)
    if f.outcome in OUTCOMES:
        qs = qs.filter(outcome__in=OUTCOMES[f.outcome])
    if f.since is not None or f.until is not None:
        low, high = seq_range(f.since, f.until)
        qs = qs.filter(seq__gte=low)
        if high is not None:
            qs = qs.filter(seq__lt=high)
    return qs


def _rows(qs: QuerySet[AuditEntry], with_detail: bool) -> list[Row]:
    rows = []
    for values in qs.values_list(*_COLUMNS):
        *plain, sealed = values
        row = Row(*plain)
        if with_detail and sealed:
            opened = read_detail(AuditEntry(seq=row.seq, detail=sealed))
            row.detail = {k: str(opened[k]) for k in SHOWN_DETAIL if k in opened}
        rows.append(row)
    return rows


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    older: int | None  # the `before` of the next (older) page, or None at the end


def page(f: LogFilter, before: int | None = None, size: int = PAGE_SIZE) -> Page:
    """One page of matching entries, newest first, older than `before`."""
    qs = filtered(f)
    if before is not None:
        qs = qs.filter(seq__lt=before)
    rows = _rows(qs.order_by("-seq")[: size + 1], with_detail=True)
    older = rows[size - 1].seq if len(rows) > size else None
    return Page(rows[:size], older)


def export_rows(f: LogFilter, limit: int | None = None) -> Iterator[Row]:
    """Every matching entry, newest first, in keyset batches (the CSV streams these)."""
    before: int | None = None
    sent = 0
    while True:
        qs = filtered(f)
        if before is not None:
            qs = qs.filter(seq__lt=before)
        batch = _rows(qs.order_by("-seq")[:EXPORT_BATCH], with_detail=True)
        for row in batch:
            if limit is not None and sent >= limit:
                return
            yield row
            sent += 1
        if len(batch) < EXPORT_BATCH:
            return
        before = batch[-1].seq


@dataclass(frozen=True)
class ReportLine:
    key: Any
    entries: int
    denied: int
    break_glass: int
    first: datetime.datetime
    last: datetime.datetime

    @property
    def label(self) -> str:
        """The event's name, for a line of the staff report (keyed by event)."""
        return event_label(self.key) if isinstance(self.key, int) else str(self.key)


def _report(qs: QuerySet[AuditEntry], by: str) -> list[ReportLine]:
    lines = (
        qs.values(by)
        .annotate(
            entries=Count("seq"),
            denied=Count("seq", filter=Q(outcome__in=OUTCOMES["denied"])),
            glass=Count("seq", filter=Q(outcome="break-glass")),
            first=Min("occurred_at"),
            last=Max("occurred_at"),
        )
        .order_by("-entries")
    )
    return [
        ReportLine(v[by], v["entries"], v["denied"], v["glass"], v["first"], v["last"])
        for v in lines
    ]


def client_report(f: LogFilter) -> list[ReportLine]:
    """Who touched the filter's client: one line per staff member (None: Sealbook itself)."""
    return _report(filtered(f), "actor_id")


def staff_report(f: LogFilter) -> tuple[list[ReportLine], int]:
    """What the filter's staff member did, one line per event type; and how many clients."""
    qs = filtered(f)
    clients = qs.exclude(client_id=None).values("client_id").distinct().count()
    return _report(qs, "event"), clients
