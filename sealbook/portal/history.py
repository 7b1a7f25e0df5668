""" "Who has seen my record": the accesses to a client's chart, from the audit log, in plain words.

Read from the tamper-evident audit log itself (the entries the chart's pages
write when they open a chart, a note, a document or a conversation), so the
client sees what the practice's own auditors see. The practice policy decides
whether a staff member's name is shown beside their role, and whether an
opening of a psychotherapy note is listed at all (its content never is).
Emergency (break-glass) access is flagged.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from sealbook.access import practice_policy
from sealbook.access.models import BreakGlassGrant
from sealbook.accounts.models import User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.records.models import Client

# The most rows one page shows (newest first): narrow the dates to see older ones.
LIMIT = 200

WHAT = {
    AuditEvent.NOTE_VIEWED: "a progress note",
    AuditEvent.DOCUMENT_VIEWED: "a document in your chart",
    AuditEvent.PORTAL_THREAD_VIEWED: "your messages",
    AuditEvent.RECORD_EXPORTED: "your whole record, to make a copy",
    AuditEvent.PSYCHOTHERAPY_NOTE_VIEWED: "psychotherapy notes (what they say is never shown here)",
}


@dataclass(frozen=True)
class Access:
    when: datetime.datetime
    who: str
    what: str
    emergency: bool


def accesses(
    client: Client, *, since: datetime.date | None = None, until: datetime.date | None = None
) -> list[Access]:
    """The staff's accesses to `client`'s chart between two days (inclusive), newest first."""
    policy = practice_policy.current()
    events = [AuditEvent.CHART_VIEWED, *WHAT]
    if not policy.portal_history_shows_psychotherapy_access:
        events.remove(AuditEvent.PSYCHOTHERAPY_NOTE_VIEWED)
    rows = AuditEntry.objects.filter(client_id=client.pk, actor_id__isnull=False)
    rows = rows.filter(event__in=events) | rows.filter(
        event=AuditEvent.ACCESS_GRANTED, outcome="break-glass"
    )
    zone = timezone.get_current_timezone()
    if since:
        rows = rows.filter(occurred_at__gte=datetime.datetime.combine(since, datetime.time(), zone))
    if until:
        end = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time(), zone)
        rows = rows.filter(occurred_at__lt=end)
    entries = list(rows.order_by("-seq")[:LIMIT])
    staff = {
        user.pk: user for user in User.objects.staff().filter(pk__in={e.actor_id for e in entries})
    }
    grants = list(BreakGlassGrant.objects.filter(client=client).values_list(
        "user_id", "granted_at", "expires_at"
    ))  # fmt: skip
    found = []
    for entry in entries:
        actor = staff.get(entry.actor_id or 0)
        if actor is None:  # the client's own account, or a guardian's: not an access by staff
            continue
        emergency = entry.outcome == "break-glass" or any(
            uid == actor.pk and start <= entry.occurred_at < end for uid, start, end in grants
        )
        found.append(Access(entry.occurred_at, _who(actor, policy), _what(entry), emergency))
    return found


def _who(actor: Any, policy: Any) -> str:
    role = actor.get_role_display()
    return f"{actor.display_name} ({role})" if policy.portal_history_shows_names else role


def _what(entry: AuditEntry) -> str:
    if entry.event == AuditEvent.ACCESS_GRANTED:
        return "emergency access to your chart was opened"
    if entry.event == AuditEvent.CHART_VIEWED:
        if read_detail(entry).get("scope") == "demographics":
            return "your contact details and appointments"
        return "your chart: sessions and notes"
    return WHAT[AuditEvent(entry.event)]
