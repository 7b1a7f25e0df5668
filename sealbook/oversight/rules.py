"""Alerts for inappropriate access: rules run on each audit entry as it is written.

`on_entry` is registered with `audit.hooks` (oversight.apps) and sees every
appended entry. It returns at once for the entries no rule watches (all but
chart views, refusals, break-glass, exports and disclosures), so the cost on
the other entries is one set lookup; a watched entry costs one statement,
answered from indexes (bench/audit_screen_bench.py measures it). Window rules
count the staff member's own entries of the watched events since the window
began, through the `(actor_id, event, seq, occurred_at)` index (migration
`oversight.0002_perf_rules_index`) from the first seq at or after the window's
start (the `occurred_at` index), in the same statement. `on_entry` only sends
that statement and returns what reads its answer and raises the alerts, which
`record()` runs once the append's statements are answered (`audit.hooks`): on
PostgreSQL the statement travels with the append's own INSERT and head UPDATE
(`audit.log._one_round_trip`), so a chart view's rules cost the server's time
for it, not another round trip.

Thresholds are read from the practice policy (`access.models.PracticePolicy`),
kept here for a few seconds and forgotten when the policy row is saved.

The family rule matches a staff member's surname against the client's name
tokens in the blind index (records.SearchToken): the surname's index value is
computed from the staff member's display name (staff names are not client
data), and no client field is decrypted; or their home address, when the owner
recorded one, against the client's address token (oversight/family.py). The
index is truncated on purpose, so a match means "possibly family", which is
what the alert says.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models.signals import post_save
from django.utils import timezone

from sealbook.access import practice_policy
from sealbook.access.models import PracticePolicy
from sealbook.accounts.models import User
from sealbook.audit.events import AuditEvent
from sealbook.audit.hooks import Finish
from sealbook.audit.models import AuditEntry
from sealbook.core.crypto import blind_index as bidx
from sealbook.oversight.family import shares_address
from sealbook.oversight.models import Alert, AlertKind
from sealbook.records.models import Client
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
        _policy = (now, practice_policy.current())
    return _policy[1]


def on_entry(entry: AuditEntry) -> Finish | None:
    """Send the statement of the rules that watch this entry's event; return what
    reads its answer and raises the alerts (audit.hooks calls both: the statement
    travels with the append's own, `hooks.finish`). None for an unwatched entry."""
    event = entry.event
    if event not in WATCHED or entry.actor_id is None:
        return None
    rules = policy()
    if event == CHART:
        return _chart_opened(entry, rules)
    if event == DENIED:
        return _over(entry, rules.alert_denied - 1, DENIED_WINDOW, {DENIED}, AlertKind.DENIED)
    if event == BREAK_GLASS:
        window = datetime.timedelta(days=rules.alert_break_glass_days)
        return _over(entry, rules.alert_break_glass, window, {BREAK_GLASS}, AlertKind.BREAK_GLASS)
    return _over(entry, rules.alert_exports_per_day, EXPORT_WINDOW, EXPORTS, AlertKind.EXPORTS)


# Written out, as audit.log writes its head statements: compiling these through
# the ORM cost several times what the database spent answering them, on the
# path of every chart view (bench/audit_screen_bench.py).
# The actor's entries of up to four event types (a shorter list repeats its last)
# from the first entry at or after a moment up to a seq.
_COUNT_IN_WINDOW = (
    "SELECT COUNT(*) FROM audit_auditentry WHERE actor_id = %s"
    " AND event IN (%s, %s, %s, %s)"
    " AND seq >= COALESCE((SELECT seq FROM audit_auditentry WHERE occurred_at >= %s"
    " ORDER BY occurred_at LIMIT 1), %s) AND seq >= %s AND seq <= %s"
)
# One round trip for a chart view: whether the actor's chart view `threshold` views
# back (OFFSET threshold - 1) falls inside the window, whether the client is
# restricted, and whether one of its name tokens is the actor's surname. Walking
# the actor's own entries back through `(actor_id, seq)` reads a bounded number
# of rows whatever the clock did; a window found by time could reach back to a
# restore's first entry.
_CHART_FACTS = (
    "SELECT COALESCE((SELECT occurred_at FROM audit_auditentry WHERE actor_id = %s"
    " AND event = %s AND seq <= %s ORDER BY seq DESC LIMIT 1 OFFSET %s) >= %s, FALSE),"
    " (SELECT restricted FROM records_client WHERE id = %s),"
    " EXISTS(SELECT 1 FROM records_searchtoken WHERE client_id = %s AND kind = %s AND value = %s)"
)
# The rarer events (refusals, break-glass, exports) are counted over their window
# by time, never further back than this many entries.
SCAN_LIMIT = 20_000


def _ask(sql: str, params: list[Any]) -> Callable[[], tuple[Any, ...]]:
    """Send `sql`; return what reads its one row. Inside an append on PostgreSQL the
    statement only joins the append's pipeline, and the row is read after it is synced.
    On PostgreSQL as a server-side prepared statement: Django binds parameters on the
    client, so the server would plan these subqueries on every chart view, which cost
    three times what running them did (bench/RESULTS.md)."""
    cursor: Any
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        cursor = psycopg.Cursor(connection.connection)
        cursor.execute(sql, params, prepare=True)
    else:
        cursor = connection.cursor()
        cursor.execute(sql, params)

    def row() -> tuple[Any, ...]:
        with cursor:
            found = cursor.fetchone()
        assert found is not None  # noqa: S101 - an aggregate always answers one row
        return tuple(found)

    return row


def _db_time(moment: datetime.datetime) -> Any:
    return _OCCURRED_AT.get_db_prep_value(moment, connection)


def _db_uuid(value: Any) -> Any:
    return _CLIENT_PK.get_db_prep_value(value, connection)


_OCCURRED_AT = AuditEntry._meta.get_field("occurred_at")
_CLIENT_PK = Client._meta.pk


def _chart_opened(entry: AuditEntry, rules: PracticePolicy) -> Finish:
    assert entry.actor_id is not None  # noqa: S101 - on_entry returns early without an actor
    since = entry.occurred_at - datetime.timedelta(minutes=rules.alert_chart_views_minutes)
    actor = entry.actor_id
    surname = _surname_index(actor) if rules.alert_family_snooping else None
    client = _db_uuid(entry.client_id) if entry.client_id is not None else None
    threshold = max(1, rules.alert_chart_views)
    answer = _ask(
        _CHART_FACTS,
        [entry.actor_id, CHART, entry.seq, threshold - 1, _db_time(since),
         client, client, bidx.NAME, surname if surname is not None else -1],
    )  # fmt: skip

    def act() -> None:
        many, restricted, family = answer()
        if many:
            _raise(AlertKind.MANY_CHARTS, entry, None, count=threshold)
        if _outside_hours(entry.occurred_at, rules):
            _raise(AlertKind.OUTSIDE_HOURS, entry, None)
        if restricted and rules.alert_restricted_chart:
            _raise(AlertKind.RESTRICTED_CHART, entry, entry.client_id)
        # The address half asks the database only for a staff member with a home address
        # recorded (oversight.family), after the pipelined statement has been answered.
        if (family and surname is not None) or (
            rules.alert_family_snooping and shares_address(actor, entry.client_id)
        ):
            _raise(AlertKind.FAMILY, entry, entry.client_id)

    return act


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


def _over(
    entry: AuditEntry, limit: int, window: datetime.timedelta, events: set[int] | frozenset[int],
    kind: AlertKind,
) -> Finish:  # fmt: skip
    """Alert when the actor has more than `limit` entries of `events` within `window`."""
    padded = sorted(events)
    if not 1 <= len(padded) <= 4:
        raise ValueError("a window rule counts one to four event types")
    padded += padded[-1:] * (4 - len(padded))
    answer = _ask(
        _COUNT_IN_WINDOW,
        [entry.actor_id, *padded, _db_time(entry.occurred_at - window), entry.seq,
         entry.seq - SCAN_LIMIT, entry.seq],
    )  # fmt: skip

    def act() -> None:
        (count,) = answer()
        if count > limit:
            _raise(kind, entry, None, count=count)

    return act


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
        new_count = max(count, open_alert.count + 1)
        Alert.objects.filter(pk=open_alert.pk).update(count=new_count)
        return
    raise_alert(kind, staff_id=entry.actor_id, client_id=client_id, seq=entry.seq, count=count)
