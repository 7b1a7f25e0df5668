"""Blind-index client search at 20,000 clients on SQLite.

    .venv/bin/python bench/search_bench.py [--clients 20000] [--queries 600]

Creates a practice sized for 20,000 clients (`expected_clients=20000`, so the
blind index keeps `plan_bits(20000, 3)` = 13 bits), 40 clinicians and a front
desk, then 20,000 synthetic clients (Faker, fixed seed) through the real
`records.actions.create_client(..., audit=False)`, 1,000 per transaction:
every client gets its own wrapped data key, twelve AES-GCM fields and its real
SearchToken rows. Each client is on one clinician's care team; 1% are
restricted.

Then times `search_clients(query, visible_clients(user, Client.objects.all()))`
for a mix of queries (a last name, first and last name, date of birth in two
formats, phone, e-mail, and misses: made-up names, a real first name with a
made-up last name, an unused date of birth, phone or e-mail). Hits are drawn
from random existing clients, so common names come up as often as they do in
the roster. The blind-index key is random for each run, so which rare terms
share a bucket with a common name (and cost as much as searching for it)
changes from run to run; the made-up names sample that.

The query mix is run:

- as the front desk, who sees every unrestricted client (the whole practice);
- as one clinician, who sees a caseload of about 500.

Each user's queries run twice: first with an empty data-key cache (the process
has just unsealed, as after a server restart; the cache fills as queries go),
then again with every key cached (a server that has been up a while). The
average number of candidates decrypted per query is counted in a separate,
untimed pass. Finally one search through the web view (POST /clients/search/,
htmx partial, which also writes an audit entry) is timed for reference, with
the keys of the clients it finds cached.
"""

from __future__ import annotations

import argparse
import collections
import gc
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _foundation as fb

CLINICIANS = 40
BATCH = 1000
TARGET_P95_MS = 20.0
KINDS = ("last name", "first + last", "date of birth", "phone", "e-mail", "miss")


def make_clients(count: int, clinicians: list[Any], seed: int) -> list[dict[str, Any]]:
    """Create `count` synthetic clients; return what a user might search each by."""
    from django.db import transaction
    from faker import Faker

    from sealbook.records.actions import create_client

    fake = Faker("en_US")
    Faker.seed(seed)
    rng = random.Random(seed)
    made: list[dict[str, Any]] = []
    started = time.perf_counter()
    for first_index in range(0, count, BATCH):
        with transaction.atomic():
            for i in range(first_index, min(count, first_index + BATCH)):
                details = fb.synthetic_client_details(fake, rng, i)
                client = create_client(
                    None, details, care_team=[clinicians[i % len(clinicians)]], audit=False
                )
                made.append(
                    {
                        "id": client.id,
                        "first": details.legal_first_name,
                        "last": details.legal_last_name,
                        "dob": details.date_of_birth,
                        "phone": details.phone,
                        "email": details.email,
                        "clinician": i % len(clinicians),
                        "restricted": details.restricted,
                    }
                )
        if (first_index + BATCH) % 5000 == 0:
            rate = len(made) / (time.perf_counter() - started)
            fb.say(f"  {len(made)} clients ({rate:.0f}/s)")
    return made


def make_queries(
    pool: list[dict[str, Any]], count: int, rng: random.Random
) -> list[tuple[str, str]]:
    """(kind, query) pairs, an equal share of each kind, in random order."""
    queries: list[tuple[str, str]] = []

    def word() -> str:
        # A made-up name: each one falls into a random blind-index bucket, so the
        # misses sample how often a rare term shares a bucket with a common name.
        return "".join(rng.choice("bcdfghjklmnpqrstvwxz") + rng.choice("aeiouy") for _ in range(4))

    misses = (
        lambda: word().title(),
        lambda: f"{word().title()} {word().title()}",
        lambda: f"{rng.choice(pool)['first']} {word().title()}",
        lambda: f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/1901",
        lambda: f"555-99{rng.randint(10, 99)}-{rng.randint(0, 9999):04d}",
        lambda: f"nobody.{rng.randint(0, 10**6)}@client.example.net",
    )
    for n in range(count):
        kind = KINDS[n % len(KINDS)]
        c = rng.choice(pool)
        if kind == "last name":
            q = c["last"]
        elif kind == "first + last":
            q = f"{c['first']} {c['last']}"
        elif kind == "date of birth":
            q = c["dob"].isoformat() if n % 2 else c["dob"].strftime("%m/%d/%Y")
        elif kind == "phone":
            q = c["phone"].replace("-", "") if n % 2 else c["phone"]
        elif kind == "e-mail":
            q = c["email"].upper() if n % 3 == 0 else c["email"]
        else:
            q = rng.choice(misses)()
        queries.append((kind, q))
    rng.shuffle(queries)
    return queries


def run_queries(
    user: Any, queries: list[tuple[str, str]]
) -> tuple[list[float], list[float], list[int]]:
    from sealbook.access.policy import visible_clients
    from sealbook.records.models import Client
    from sealbook.records.search import search_clients

    times: list[float] = []
    cpu: list[float] = []
    results: list[int] = []
    gc.collect()
    for _, query in queries:
        cpu_start = time.thread_time()
        start = time.perf_counter()
        found = search_clients(query, visible_clients(user, Client.objects.all()))
        times.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - cpu_start)
        results.append(len(found))
    return times, cpu, results


def count_candidates(user: Any, queries: list[tuple[str, str]]) -> list[int]:
    """How many clients each query decrypts and checks (untimed: wraps the exact check)."""
    from sealbook.access.policy import visible_clients
    from sealbook.records import search
    from sealbook.records.models import Client

    counts: list[int] = []
    real = search._matches
    calls = 0

    def counting(client: Any, terms: Any, kinds: Any) -> bool:
        nonlocal calls
        calls += 1
        return real(client, terms, kinds)

    search._matches = counting
    try:
        for _, query in queries:
            calls = 0
            search.search_clients(query, visible_clients(user, Client.objects.all()))
            counts.append(calls)
    finally:
        search._matches = real
    return counts


def report(
    label: str,
    queries: list[tuple[str, str]],
    times: list[float],
    cpu: list[float],
    results: list[int],
    candidates: list[int],
) -> dict[str, float]:
    overall = fb.summary_ms(times)
    overall["cpu_p95"] = fb.summary_ms(cpu)["p95"]
    fb.say(
        f"{label}: {len(times)} queries: p50 {overall['median']:.2f} ms, "
        f"p95 {overall['p95']:.2f} ms, max {overall['max']:.2f} ms "
        f"(CPU time p95 {overall['cpu_p95']:.2f} ms); "
        f"{sum(candidates) / len(candidates):.1f} candidates decrypted per query on average "
        f"(max {max(candidates)}), {sum(results) / len(results):.1f} results"
    )
    by_kind: dict[str, list[int]] = collections.defaultdict(list)
    for i, (kind, _) in enumerate(queries):
        by_kind[kind].append(i)
    fb.say(
        f"  {'kind':14} {'p50':>7} {'p95':>7} {'max':>7} {'cand.':>7} {'max c.':>7} {'results':>7}"
    )
    for kind in KINDS:
        idx = by_kind[kind]
        s = fb.summary_ms([times[i] for i in idx])
        fb.say(
            f"  {kind:14} {s['median']:7.2f} {s['p95']:7.2f} {s['max']:7.2f} "
            f"{sum(candidates[i] for i in idx) / len(idx):7.1f} "
            f"{max(candidates[i] for i in idx):7d} "
            f"{sum(results[i] for i in idx) / len(idx):7.1f}"
        )
    return overall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=600, help="queries per user and pass")
    args = parser.parse_args()

    with fb.throwaway_practice("search", expected_clients=args.clients):
        from django.contrib.auth.hashers import make_password
        from django.db import connection
        from django.test import Client as WebClient

        from sealbook.records.models import Client, SearchToken
        from sealbook.vault import runtime
        from sealbook.vault.models import WrappedKey

        fb.heading(f"search_bench: blind-index search at {args.clients} clients")
        fb.say(f"machine: {fb.machine_line()}")
        fb.say(f"code: {fb.code_line()}; {fb.load_line()}")
        password = make_password("bench-staff-password-2026")
        clinicians = [
            fb.make_staff(
                f"clinician{n}@bench.example.org", "clinician", f"Clinician {n}", password
            )
            for n in range(CLINICIANS)
        ]
        desk = fb.make_staff("desk@bench.example.org", "frontdesk", "Frankie Desk", password)

        fb.say(
            f"creating {args.clients} clients through create_client(audit=False), "
            f"{BATCH} per transaction ..."
        )
        build_seconds, roster = fb.timed(lambda: make_clients(args.clients, clinicians, seed=2026))
        fb.say(
            f"created {Client.objects.count()} clients, "
            f"{WrappedKey.objects.filter(client_id__isnull=False).count()} wrapped data keys, "
            f"{SearchToken.objects.count()} search tokens in {build_seconds:.1f} s "
            f"({args.clients / build_seconds:.0f} clients/s); "
            f"blind index {runtime.indexer().bits} bits"
        )
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("ANALYZE")  # as a maintained deployment would have run
            cursor.execute(
                "SELECT COUNT(DISTINCT client_id) FROM records_searchtoken WHERE kind = 'name' "
                "GROUP BY value"
            )
            buckets = sorted((n for (n,) in cursor.fetchall()), reverse=True)
        slots = 2 ** runtime.indexer().bits
        heavy = sum(n >= 100 for n in buckets)
        fb.say(
            f"name index: {len(buckets)} of {slots} buckets used, "
            f"median {buckets[len(buckets) // 2]} clients per used bucket, largest {buckets[:5]}; "
            f"{heavy} buckets hold 100 clients or more (a made-up name lands in one of them "
            f"with probability {heavy / slots:.1%})"
        )

        rng = random.Random(11)
        desk_queries = make_queries([c for c in roster if not c["restricted"]], args.queries, rng)
        caseload = [c for c in roster if c["clinician"] == 0]
        clinician_queries = make_queries(caseload, args.queries, rng)
        summaries: dict[str, dict[str, float]] = {}
        for who, user, queries in (
            (
                f"front desk (sees {len(roster) - sum(c['restricted'] for c in roster)} clients)",
                desk,
                desk_queries,
            ),
            (f"clinician (caseload of {len(caseload)})", clinicians[0], clinician_queries),
        ):
            fb.heading(f"search_clients as the {who}")
            runtime.install(runtime.kek(), runtime.keyring())  # as just unsealed: no keys cached
            cold_times, cold_cpu, results = run_queries(user, queries)
            warm_times, warm_cpu, warm_results = run_queries(user, queries)
            assert results == warm_results
            candidates = count_candidates(user, queries)
            summaries[f"{who}, cold"] = report(
                "cold key cache (first pass)", queries, cold_times, cold_cpu, results, candidates
            )
            summaries[f"{who}, warm"] = report(
                "warm key cache (second pass)", queries, warm_times, warm_cpu, results, candidates
            )
            hits = [r for (kind, _), r in zip(queries, results, strict=True) if kind != "miss"]
            assert all(hits), "every hit query must find its client"

        fb.heading("through the web view: POST /clients/search/ (htmx partial, front desk)")
        web = WebClient()
        fb.sign_in(web, desk)
        view_queries = desk_queries[:60]
        # The clinician's pass started from an empty key cache; warm it again for these
        # clients, so the view is compared with the warm figures above.
        run_queries(desk, view_queries)
        for _, q in view_queries[:10]:
            web.post("/clients/search/", {"q": q}, HTTP_HX_REQUEST="true")
        view_times = []
        for _, q in view_queries:
            start = time.perf_counter()
            response = web.post("/clients/search/", {"q": q}, HTTP_HX_REQUEST="true")
            view_times.append(time.perf_counter() - start)
            assert response.status_code == 200
        s = fb.summary_ms(view_times)
        fb.say(
            f"{len(view_times)} POSTs of the same query mix: median {s['median']:.2f} ms, "
            f"p95 {s['p95']:.2f} ms, max {s['max']:.2f} ms (includes the audit entry and rendering)"
        )

        fb.heading("verdict")
        fb.say(fb.load_line())
        worst = max(v["p95"] for v in summaries.values())
        for name, v in summaries.items():
            mark = "PASS" if v["p95"] < TARGET_P95_MS else "MISS"
            fb.say(
                f"{name:45} p95 {v['p95']:7.2f} ms  {mark} (target < {TARGET_P95_MS:.0f} ms); "
                f"CPU-time p95 {v['cpu_p95']:.2f} ms"
            )
        return 0 if worst < TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
