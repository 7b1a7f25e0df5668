"""The audit screen on a log of 1,000,000 entries, and what the alert rules cost per entry.

    .venv/bin/python bench/audit_screen_bench.py [--entries 1000000]
    .venv/bin/python bench/audit_screen_bench.py --database-url postgresql://root@127.0.0.1:5432/sealbook_audit_screen_bench

The log is built in bulk as `audit_verify_bench.build_log` builds it (the
same encoding, hashes, checkpoints and event mix: 59 staff members, 5,000
clients). The staff members and the clients are then made real rows (the
clients without names: the screen never reads one), each client with a
clinician on its care team, so the screen's link decisions run the policy's
queries as they would in a practice.

Timed, through Django's test client with the full middleware stack, each
request 40 times on rotating clients or staff members: `/audit/` filtered by
client, by staff member, by staff member one page further (keyset), by
staff member and a one-week date range, as the owner and as the auditor; and
the client report. Then the alert rules: `oversight.rules.on_entry` on 5,000
stored chart views and on 5,000 unwatched entries, and `record()` with the
rules on and off (2,000 chart views each, alternated).

With `--database-url`, the database named is dropped and made anew (it must
be a throwaway one).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _foundation as fb

ACTORS = range(2, 61)  # build_log's actor ids
ROUNDS = 40


def fresh_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def use_database(url: str | None) -> None:
    """Make the throwaway practice use `url` (PostgreSQL) instead of its SQLite file."""
    if url is None:
        return
    fresh_postgres(url)
    original = fb.start_django

    def start(home: Path) -> None:
        os.environ["SEALBOOK_HOME"] = str(home)
        os.environ["DJANGO_SETTINGS_MODULE"] = "sealbook.settings"
        os.environ["SEALBOOK_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
        for name in ("SEALBOOK_PASSPHRASE_FILE", "SEALBOOK_KEY_FILE", "SEALBOOK_HSM_PIN_FILE",
                     "SEALBOOK_DEBUG"):  # fmt: skip
            os.environ.pop(name, None)
        os.environ["SEALBOOK_DATABASE_URL"] = url
        import django

        django.setup()

    fb.start_django = start
    _ = original


def client_ids(seed: int) -> list[uuid.UUID]:
    """The 5,000 client ids build_log draws first from its generator."""
    rng = random.Random(seed)
    return [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(5000)]


# PostgreSQL builds its million rows in SQL (`--sql-build`): the same event mix as
# build_log (percent ranges), the same 58 staff members and 5,000 clients, an
# entry every 30 seconds; hashes are placeholders and no detail is stored, so
# this log does not verify (the screen never verifies on a GET).
_SQL_BUILD = """
INSERT INTO audit_auditentry (seq, occurred_at, actor_id, event, client_id, object_type,
                              object_id, outcome, detail, leaf_hash, chain_hash)
SELECT g, ts, actor, ev, CASE WHEN ev IN (101, 103, 304) THEN NULL ELSE ids.a[ci] END,
       '', '', CASE WHEN ev = 401 THEN 'denied' ELSE 'success' END, ''::bytea, '\\x00'::bytea,
       '\\x00'::bytea
FROM (SELECT g, TIMESTAMPTZ '2025-01-06 08:00+00' + g * INTERVAL '30 seconds' AS ts,
             2 + floor(random() * 58)::int AS actor, floor(random() * 100)::int AS r,
             1 + floor(random() * 5000)::int AS ci
      FROM generate_series(%s, %s) g) x
CROSS JOIN (SELECT array_agg(id ORDER BY id) AS a FROM records_client) ids
CROSS JOIN LATERAL (SELECT CASE WHEN r < 40 THEN 303 WHEN r < 55 THEN 325 WHEN r < 63 THEN 101
    WHEN r < 65 THEN 103 WHEN r < 75 THEN 304 WHEN r < 81 THEN 321 WHEN r < 87 THEN 323
    WHEN r < 93 THEN 311 WHEN r < 94 THEN 324 WHEN r < 95 THEN 301 ELSE 401 END AS ev) e
"""


def sql_build(total: int) -> None:
    from django.db import connection, transaction

    from sealbook.audit.models import AuditHead

    start = AuditHead.objects.get(pk=1).size
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.2026)")
    low = start
    while low < total:
        high = min(total, low + 100_000)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_SQL_BUILD, [low, high - 1])
        low = high
        fb.say(f"  {low:>9} entries")
    AuditHead.objects.filter(pk=1).update(size=total)


def make_people(seed: int) -> tuple[Any, Any, list[uuid.UUID]]:
    from django.contrib.auth.hashers import make_password

    from sealbook.accounts.models import User
    from sealbook.records.models import CareTeamMembership, Client

    password = make_password("bench-staff-password-2026")
    roles = ["clinician"] * 45 + ["supervisor"] * 5 + ["trainee"] * 5 + ["frontdesk"] * 3
    made = [
        User(id=pk, username=f"staff{pk}@bench.example.org", email=f"staff{pk}@bench.example.org",
             role=role, display_name=f"Staff Member{pk}", password=password)
        for pk, role in zip(range(2, 60), roles, strict=True)
    ]  # fmt: skip
    made.append(
        User(id=60, username="auditor@bench.example.org", email="auditor@bench.example.org",
             role="auditor", display_name="Avery Auditor", password=password)
    )  # fmt: skip
    User.objects.bulk_create(made)
    ids = client_ids(seed)
    Client.objects.bulk_create(Client(id=pk) for pk in ids)
    clinicians = [u.pk for u in made if u.role == "clinician"]
    CareTeamMembership.objects.bulk_create(
        CareTeamMembership(client_id=pk, user_id=clinicians[i % len(clinicians)])
        for i, pk in enumerate(ids)
    )
    return User.objects.get(role="owner"), User.objects.get(pk=60), ids


def time_requests(web: Any, paths: list[str]) -> dict[str, float]:
    seconds = []
    for path in paths:
        start = time.perf_counter()
        response = web.get(path)
        seconds.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    return fb.summary_ms(seconds)


def screen(owner: Any, auditor: Any, ids: list[uuid.UUID]) -> None:
    from django.test import Client as WebClient

    from sealbook.audit.models import AuditEntry

    rng = random.Random(7)
    clients = rng.sample(ids, ROUNDS)
    actors = [rng.choice(list(ACTORS[:-1])) for _ in range(ROUNDS)]
    last = AuditEntry.objects.order_by("-seq").values_list("occurred_at", flat=True).first()
    assert last is not None
    week_end = (last - __import__("datetime").timedelta(days=30)).date()
    week_start = week_end - __import__("datetime").timedelta(days=6)
    cases = {
        "by client": [f"/audit/?client={c}" for c in clients],
        "by staff member": [f"/audit/?staff={a}" for a in actors],
        "by staff member, page 2": [],
        "by staff member and one week": [
            f"/audit/?staff={a}&since={week_start}&until={week_end}" for a in actors
        ],
        "client access report": [f"/audit/report/?client={c}" for c in clients],
    }
    for viewer, name in ((owner, "owner"), (auditor, "auditor")):
        web = fb.sign_in(WebClient(), viewer)
        for path in cases["by client"][:3]:
            web.get(path)  # warm caches and the connection
        # The second page starts below the first page's last entry.
        second = []
        for a in actors:
            seqs = list(
                AuditEntry.objects.filter(actor_id=a)
                .order_by("-seq")
                .values_list("seq", flat=True)[:51]
            )
            second.append(f"/audit/?staff={a}&before={seqs[49]}")
        cases["by staff member, page 2"] = second
        for case, paths in cases.items():
            if name == "auditor" and case == "client access report":
                continue
            s = time_requests(web, paths)
            fb.say(f"| {name} | {case} | {s['median']:.1f} | {s['p95']:.1f} | {s['max']:.1f} |")


def rules_cost() -> None:
    from sealbook.audit import hooks
    from sealbook.audit.events import AuditEvent
    from sealbook.audit.log import record
    from sealbook.audit.models import AuditEntry
    from sealbook.oversight import rules
    from sealbook.records.models import Client

    charts = list(
        AuditEntry.objects.filter(event=int(AuditEvent.CHART_VIEWED)).order_by("-seq")[:5000]
    )
    other = list(
        AuditEntry.objects.filter(event=int(AuditEvent.LOGIN_SUCCEEDED)).order_by("-seq")[:5000]
    )
    rules.on_entry(charts[0])  # the policy row, kept for a few seconds
    for label, entries in (("chart view (watched)", charts), ("login (not watched)", other)):
        start = time.perf_counter()
        for entry in entries:
            rules.on_entry(entry)
        per = (time.perf_counter() - start) / len(entries) * 1e6
        fb.say(f"| `on_entry`, {label} | {per:.1f} µs |")

    client = Client.objects.first()
    assert client is not None
    # No alert in the timed loop: raising one is the rare path; the rules' queries are timed.
    from sealbook.access.models import current_policy

    policy = current_policy()
    policy.alert_chart_views = 30000
    policy.save()
    rounds: dict[bool, list[float]] = {True: [], False: []}
    for i in range(8):
        on = i % 2 == 0
        if on:
            hooks.register(rules.on_entry)
        else:
            hooks.unregister(rules.on_entry)
        start = time.perf_counter()
        for _ in range(250):
            record(AuditEvent.CHART_VIEWED, actor=2 + (i % 50), client_id=client.pk)
        rounds[on].append((time.perf_counter() - start) / 250 * 1e6)
    hooks.register(rules.on_entry)
    with_rules, without = statistics.median(rounds[True]), statistics.median(rounds[False])
    fb.say(f"| `record()` of a chart view, rules on | {with_rules:.0f} µs |")
    fb.say(f"| `record()` of a chart view, rules off | {without:.0f} µs |")
    fb.say(f"| difference per chart view written | {with_rules - without:.0f} µs |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--sql-build", action="store_true", help="PostgreSQL: build in SQL")
    args = parser.parse_args()
    use_database(args.database_url)
    with fb.throwaway_practice("audit-screen"):
        from django.conf import settings

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        import audit_verify_bench
        from django.db import connection

        fb.heading(f"audit screen on {args.entries:,} entries ({connection.vendor})")
        fb.say(fb.machine_line())
        fb.say(fb.code_line())
        owner, auditor, ids = make_people(seed=2026)
        if args.sql_build:
            build_seconds, _ = fb.timed(lambda: sql_build(args.entries))
        else:
            build_seconds, _ = fb.timed(
                lambda: audit_verify_bench.build_log(args.entries, seed=2026)
            )
        fb.say(f"built in {build_seconds:.0f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        fb.say(fb.load_line())
        fb.say("| viewer | `/audit/` filtered | median ms | p95 ms | max ms |")
        fb.say("|---|---|---|---|---|")
        screen(owner, auditor, ids)
        fb.say("")
        fb.say("| alert rules | cost |")
        fb.say("|---|---|")
        rules_cost()
        fb.say(fb.load_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
