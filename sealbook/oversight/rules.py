"""Alerts for inappropriate access: rules run on each audit entry as it is written.

`on_entry` is registered with `audit.hooks` (oversight.apps) and sees every
appended entry. It returns at once for the entries no rule watches (all but
chart views, refusals, break-glass, exports and disclosures), so the cost on
the other entries is one set lookup; a watched entry costs one or two indexed
queries (bench/audit_screen_bench.py measures it). Window rules count the
staff member's own entries since the window began, found through the
`(actor_id, seq)` index from the first seq at or after the window's start.

Thresholds are read from the practice policy (`access.models.PracticePolicy`),
kept here for a few seconds and forgotten when the policy row is saved.

The family rule matches a staff member's surname against the client's name
tokens in the blind index (records.SearchToken): the surname's index value is
computed from the staff member's display name (staff names are not client
data), and no client field is decrypted. The index is truncated on purpose,
so a match means "possibly family", which is what the alert says.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.db.models import Exists, OuterRef
from django.db.models.signals import post_save
from django.utils import timezone

from sealbook.access.models import PracticePolicy, current_policy
from sealbook.accounts.models import User
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.core.crypto import blind_index as bidx
from sealbook.oversight.models import Alert, AlertKind
from sealbook.records.models import Client, SearchToken
from sealbook.vault import runtime

CHART = int(AuditEvent.CHART_VIEWED)
DENIED = int(AuditEvent.ACCESS_DENIED)
BREAK_GLASS = int(AuditEvent.BREAK_GLASS_STARTED)
EXPORTS = frozenset(
    int(e)
    for e in (
        AuditEvent.RECORD_EXPORTED,
        AuditEvent.DISCLOSURE_RECORDED,
        AuditEvent.AUDIT_LOG_EXPORTED,
        AuditEvent.CASE_PACKET_CREATED,
    )
)
WATCHED = frozenset({CHART, DENIED, BREAK_GLASS, *EXPORTS})
DENIED_WINDOW = datetime.timedelta(minutes=10)
EXPORT_WINDOW = datetime.timedelta(hours=24)
# A second finding of the same kind about the same person (and client) while
# the first is still open and this recent adds to its count instead.
REPEAT_WINDOW = datetime.timedelta(hours=12)

_POLICY_SECONDS = 10.0
_policy: tuple[float, PracticePolicy] | None = None
_surnames: dict[int, int | None] = {}


def forget(**_: Any) -> None:
    """Drop what is kept between entries (a policy or staff change; tests)."""
    global _policy
    _policy = None
    _surnames.clear()


post_save.connect(forget, sender=PracticePolicy, dispatch_uid="oversight-rules-policy")
post_save.connect(forget, sender=User, dispatch_uid="oversight-rules-staff")


def policy() -> PracticePolicy:
    global _policy
    now = time.monotonic()
    if _policy is None or now - _policy[0] > _POLICY_SECONDS:
        _policy = (now, current_policy())
    return _policy[1]


def on_entry(entry: AuditEntry) -> None:
    """Run the rules that watch this entry's event (audit.hooks calls this)."""
    event = entry.event
    if event not in WATCHED or entry.actor_id is None:
        return
    rules = policy()
    if event == CHART:
        _chart_opened(entry, rules)
    elif event == DENIED:
        _over(entry, rules.alert_denied - 1, DENIED_WINDOW, {DENIED}, AlertKind.DENIED)
    elif event == BREAK_GLASS:
        window = datetime.timedelta(days=rules.alert_break_glass_days)
        _over(entry, rules.alert_break_glass, window, {BREAK_GLASS}, AlertKind.BREAK_GLASS)
    else:
        _over(entry, rules.alert_exports_per_day, EXPORT_WINDOW, EXPORTS, AlertKind.EXPORTS)


def _chart_opened(entry: AuditEntry, rules: PracticePolicy) -> None:
    assert entry.actor_id is not None  # noqa: S101 - on_entry returns early without an actor
    window = datetime.timedelta(minutes=rules.alert_chart_views_minutes)
    _over(entry, rules.alert_chart_views - 1, window, {CHART}, AlertKind.MANY_CHARTS)
    if _outside_hours(entry.occurred_at, rules):
        _raise(AlertKind.OUTSIDE_HOURS, entry, None)
    if entry.client_id is None or not (rules.alert_restricted_chart or rules.alert_family_snooping):
        return
    surname = _surname_index(entry.actor_id) if rules.alert_family_snooping else None
    query = Client.objects.filter(pk=entry.client_id)
    if surname is not None:
        tokens = SearchToken.objects.filter(client=OuterRef("pk"), kind=bidx.NAME, value=surname)
        row = query.annotate(family=Exists(tokens)).values_list("restricted", "family").first()
    else:
        row = query.values_list("restricted", "restricted").first()
        row = None if row is None else (row[0], False)
    if row is None:
        return
    restricted, family = row
    if restricted and rules.alert_restricted_chart:
        _raise(AlertKind.RESTRICTED_CHART, entry, entry.client_id)
    if family:
        _raise(AlertKind.FAMILY, entry, entry.client_id)


def _outside_hours(moment: datetime.datetime, rules: PracticePolicy) -> bool:
    start, end = rules.alert_hours_start, rules.alert_hours_end
    if start is None or end is None:
        return False
    hour = timezone.localtime(moment).hour
    if start <= end:
        return not start <= hour < end
    return end <= hour < start  # usual hours across midnight (a night shift)


def _surname_index(actor_id: int) -> int | None:
    if actor_id not in _surnames:
        if len(_surnames) > 4096:
            _surnames.clear()
        name = User.objects.filter(pk=actor_id).values_list("display_name", flat=True).first()
        tokens = bidx.name_tokens(name or "")
        # The last word of the display name; a one-word name is no surname.
        _surnames[actor_id] = (
            runtime.indexer().index(bidx.NAME, tokens[-1]) if len(tokens) > 1 else None
        )
    return _surnames[actor_id]


def first_seq_since(moment: datetime.datetime) -> int | None:
    """The first entry at or after `moment` (the `occurred_at` index), or None."""
    return (
        AuditEntry.objects.filter(occurred_at__gte=moment)
        .order_by("occurred_at")
        .values_list("seq", flat=True)
        .first()
    )


def _over(
    entry: AuditEntry, limit: int, window: datetime.timedelta, events: set[int] | frozenset[int],
    kind: AlertKind,
) -> None:  # fmt: skip
    """Alert when the actor has more than `limit` entries of `events` within `window`."""
    low = first_seq_since(entry.occurred_at - window)
    if low is None:
        return
    count = AuditEntry.objects.filter(
        actor_id=entry.actor_id, seq__gte=low, seq__lte=entry.seq, event__in=events
    ).count()
    if count > limit:
        _raise(kind, entry, None, count=count)


def _raise(kind: AlertKind, entry: AuditEntry, client_id: Any, *, count: int = 1) -> None:
    from sealbook.oversight.actions import raise_alert

    since = entry.occurred_at - REPEAT_WINDOW
    open_alert = Alert.objects.filter(
        kind=kind,
        staff_id=entry.actor_id,
        client_id=client_id,
        acknowledged_at__isnull=True,
        raised_at__gte=since,
    ).first()
    if open_alert is not None:
        new_count = max(count, open_alert.count + 1) if count == 1 else count
        Alert.objects.filter(pk=open_alert.pk).update(count=new_count)
        return
    raise_alert(kind, staff_id=entry.actor_id, client_id=client_id, seq=entry.seq, count=count)
