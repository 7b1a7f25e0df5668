"""The calendar at scale: a clinician's week view and the due-reminder query.

    .venv/bin/python bench/calendar_bench.py [--clients 20000] [--appointments 1000000]
        [--rounds 200] [--postgres postgresql://root@127.0.0.1:5432/NAME] [--cache DIR]

Builds, in one throwaway practice, `--clients` client rows and `--appointments`
appointments (each with its attendee row and a reminder, most already sent)
spread over 50 clinicians and ten years; the rows are bulk-inserted (the
demographics of the bulk clients are empty: they are never shown). Then one
clinician's week holds 40 appointments of 40 real clients made through the
real actions (encrypted names, keys, audit). Measured:

- GET /calendar/?span=week of that clinician, signed in, Django's test Client
  (the policy decisions, 40 names decrypted, the template), p50/p95;
- `scheduling.reminders.due(now)`: the pending reminders due now among all.

With --postgres the practice is made in that (new, empty) database instead of
SQLite. With --cache DIR the built practice (its home with the SQLite file and
keys, plus a `pg_dump` on PostgreSQL) is kept in DIR after the first run, and
later runs of the same size and database start from it instead of building
again (a few seconds instead of many minutes). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _foundation as fb

WEEK = datetime.date(2027, 3, 1)  # a Monday
BATCH = 20_000


# The rows are made by the database itself (INSERT ... SELECT): a million appointments,
# their attendees and reminders in a minute or two rather than an hour of Python.
# Appointments start at 13:00-21:00 UTC on a random day of ten years from 2022-01-03,
# with a random client and clinician; none in the measured week (moved two weeks back);
# each has its attendee and a reminder 24 hours before, pending from 2027 on.
SQLITE_GENERATE = (
    "CREATE TEMP TABLE bench_clients AS SELECT id FROM records_client",
    "CREATE TEMP TABLE bench_staff (id INTEGER)",
    """CREATE TEMP TABLE bench_gen AS
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %(count)s)
       SELECT lower(hex(randomblob(16))) AS id,
              1 + abs(random()) %% (SELECT count(*) FROM bench_clients) AS cn,
              1 + abs(random()) %% (SELECT count(*) FROM bench_staff) AS sn,
              datetime('2022-01-03 13:00:00', '+' || (abs(random()) %% 3650) || ' days',
                       '+' || (abs(random()) %% 9) || ' hours') AS start
       FROM n""",
    """UPDATE bench_gen SET start = datetime(start, '-14 days')
       WHERE start >= %(week)s AND start < %(week_end)s""",
    """INSERT INTO scheduling_appointment (id, client_id, clinician_id, modality, start, "end",
           time_zone, status, detached, version, created_at)
       SELECT g.id, c.id, s.id, 'phone', g.start, datetime(g.start, '+50 minutes'),
              'America/New_York', 'scheduled', 0, 1, datetime('now')
       FROM bench_gen g JOIN bench_clients c ON c.rowid = g.cn
       JOIN bench_staff s ON s.rowid = g.sn""",
    """INSERT INTO scheduling_attendee (appointment_id, client_id)
       SELECT id, client_id FROM scheduling_appointment WHERE id IN (SELECT id FROM bench_gen)""",
    """INSERT INTO scheduling_reminder (id, appointment_id, client_id, lead_minutes, due_at, state)
       SELECT lower(hex(randomblob(16))), id, client_id, 1440, datetime(start, '-24 hours'),
              CASE WHEN start >= '2027-01-01' THEN 'pending' ELSE 'sent' END
       FROM scheduling_appointment WHERE id IN (SELECT id FROM bench_gen)""",
)
POSTGRES_GENERATE = (
    "CREATE TEMP TABLE bench_clients AS SELECT row_number() OVER () AS n, id FROM records_client",
    "CREATE TEMP TABLE bench_staff (n serial, id integer)",
    """CREATE TEMP TABLE bench_gen AS
       SELECT gen_random_uuid() AS id,
              1 + floor(random() * (SELECT count(*) FROM bench_clients))::int AS cn,
              1 + floor(random() * (SELECT count(*) FROM bench_staff))::int AS sn,
              timestamptz '2022-01-03 13:00:00+00'
                + floor(random() * 3650)::int * interval '1 day'
                + floor(random() * 9)::int * interval '1 hour' AS start
       FROM generate_series(1, %(count)s)""",
    """UPDATE bench_gen SET start = start - interval '14 days'
       WHERE start >= %(week)s AND start < %(week_end)s""",
    """INSERT INTO scheduling_appointment (id, client_id, clinician_id, modality, start, "end",
           time_zone, status, detached, version, created_at)
       SELECT g.id, c.id, s.id, 'phone', g.start, g.start + interval '50 minutes',
              'America/New_York', 'scheduled', false, 1, now()
       FROM bench_gen g JOIN bench_clients c ON c.n = g.cn JOIN bench_staff s ON s.n = g.sn""",
    """INSERT INTO scheduling_attendee (appointment_id, client_id)
       SELECT a.id, a.client_id FROM scheduling_appointment a JOIN bench_gen g ON g.id = a.id""",
    """INSERT INTO scheduling_reminder (id, appointment_id, client_id, lead_minutes, due_at, state)
       SELECT gen_random_uuid(), a.id, a.client_id, 1440, a.start - interval '24 hours',
              CASE WHEN a.start >= '2027-01-01' THEN 'pending' ELSE 'sent' END
       FROM scheduling_appointment a JOIN bench_gen g ON g.id = a.id""",
)


def generate(count: int, staff_ids: list[int]) -> None:
    from django.db import connection

    sqlite = connection.vendor == "sqlite"
    week = datetime.datetime.combine(WEEK, datetime.time(), tzinfo=datetime.UTC)
    week_end = week + datetime.timedelta(days=7)
    params = {
        "count": count,
        "week": week.strftime("%Y-%m-%d %H:%M:%S") if sqlite else week,
        "week_end": week_end.strftime("%Y-%m-%d %H:%M:%S") if sqlite else week_end,
    }
    with connection.cursor() as cursor:
        if sqlite:
            # A cache large enough for the indexes being filled in random order.
            cursor.execute("PRAGMA cache_size = -400000")
        for number, statement in enumerate(SQLITE_GENERATE if sqlite else POSTGRES_GENERATE):
            if number == 2:
                cursor.executemany(
                    "INSERT INTO bench_staff (id) VALUES (%s)", [(pk,) for pk in staff_ids]
                )
            used = {k: v for k, v in params.items() if f"%({k})s" in statement}
            began = time.perf_counter()
            cursor.execute(statement, used or None)
            print(f"    {statement.split()[0]} {statement.split()[2]}: "
                  f"{time.perf_counter() - began:.1f} s", flush=True)  # fmt: skip
        for table in ("bench_gen", "bench_clients", "bench_staff"):
            cursor.execute(f"DROP TABLE {table}")


def build(clients: int, appointments: int, password: str) -> tuple[object, object]:
    from django.db import transaction

    from sealbook.records.actions import ClientDetails, create_client
    from sealbook.records.models import Client
    from sealbook.scheduling import actions

    staff = [
        fb.make_staff(f"clinician{i}@bench.example.org", "clinician", f"Clinician {i}", password)
        for i in range(50)
    ]
    ids = [uuid.uuid4() for _ in range(clients)]
    for start in range(0, clients, BATCH):
        Client.objects.bulk_create([Client(id=i) for i in ids[start : start + BATCH]])
    with transaction.atomic():
        generate(appointments, [s.pk for s in staff])
    print(f"  {appointments} appointments", flush=True)
    casey = staff[0]
    for i in range(40):
        real = create_client(
            None,
            ClientDetails(
                legal_first_name=f"Bench{i}", legal_last_name="Weekclient",
                date_of_birth=datetime.date(1980, 1, 1 + i % 28),
            ),
            care_team=[casey],
        )  # fmt: skip
        day, hour = divmod(i, 8)
        local = datetime.datetime.combine(WEEK + datetime.timedelta(days=day), datetime.time(9))
        actions.book(
            casey,
            actions.Booking(
                clients=[real], clinician=casey,
                local_start=local + datetime.timedelta(hours=hour), duration_minutes=50,
                time_zone="America/New_York", service="individual", modality="phone",
            ),
            now=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC),
        )  # fmt: skip
    return casey, staff


def on_postgres(url: str) -> None:
    """Make `fb.start_django` use the PostgreSQL database at `url`."""
    # _foundation clears SEALBOOK_DATABASE_URL; set it again right after it does.
    original = fb.start_django

    def start_on_postgres(home: Path) -> None:
        os.environ["SEALBOOK_DATABASE_URL"] = url
        real_pop = os.environ.pop
        os.environ.pop = lambda name, *d: (  # type: ignore[method-assign]
            None if name == "SEALBOOK_DATABASE_URL" else real_pop(name, *d)
        )
        try:
            original(home)
        finally:
            os.environ.pop = real_pop  # type: ignore[method-assign]

    fb.start_django = start_on_postgres


@contextlib.contextmanager
def reopened(cache: Path, postgres: str) -> Iterator[Any]:
    """The practice kept in `cache`, copied to a temporary place and unsealed here."""
    root = Path(tempfile.mkdtemp(prefix="sealbook-bench-calendar-"))
    try:
        shutil.copytree(cache / "root", root, dirs_exist_ok=True)
        if postgres:
            subprocess.run(
                ["pg_restore", "--no-owner", "--dbname", postgres, str(cache / "db.dump")],
                check=True,
            )  # fmt: skip
        fb.start_django(root / "home")
        from django.conf import settings

        from sealbook.cli.bootstrap import open_practice
        from sealbook.vault import paths, runtime

        os.environ["SEALBOOK_KEY_FILE"] = str(root / "practice.key")
        open_practice(unseal=True, prompt=False)
        settings.SECRET_KEY = paths.web_secret_path().read_text().strip()
        try:
            yield fb.BenchHome(root / "home", root / "practice.key", None)
        finally:
            runtime.seal()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def keep(bench: Any, cache: Path, postgres: str) -> None:
    """Keep the built practice in `cache` for the next run."""
    from django.db import connections

    connections.close_all()
    cache.mkdir(parents=True, exist_ok=True)
    shutil.copytree(bench.path.parent, cache / "root", dirs_exist_ok=True)
    if postgres:
        subprocess.run(
            ["pg_dump", "--format=custom", "--file", str(cache / "db.dump"), postgres], check=True
        )
    (cache / "ready").write_text("built\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--appointments", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--postgres", default="")
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    if args.postgres:
        on_postgres(args.postgres)
    cache = None
    if args.cache is not None:
        kind = "postgres" if args.postgres else "sqlite"
        cache = args.cache / f"{kind}-{args.clients}-{args.appointments}"
    cached = cache is not None and (cache / "ready").exists()
    opened = (
        reopened(cache, args.postgres)
        if cache is not None and cached
        else fb.throwaway_practice("calendar", expected_clients=args.clients)
    )
    with opened as bench:
        from django.contrib.auth.hashers import make_password
        from django.db import connection
        from django.test import Client as WebClient

        from sealbook.accounts.models import User
        from sealbook.scheduling import reminders

        fb.heading("calendar_bench: a week view and the due reminders at scale")
        fb.say(f"machine: {fb.machine_line()}")
        fb.say(f"database: {connection.vendor}; home: {bench.path}")
        fb.say(f"code: {fb.code_line()}; {fb.load_line()}")
        if cached:
            casey = User.objects.get(username="clinician0@bench.example.org")
            fb.say(f"reopened the practice kept in {cache}")
        else:
            seconds, (casey, _) = fb.timed(
                lambda: build(args.clients, args.appointments, make_password("bench"))
            )
            fb.say(f"built {args.clients} clients, {args.appointments} appointments in "
                   f"{seconds:.0f} s")  # fmt: skip
            if cache is not None:
                keep(bench, cache, args.postgres)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        web = fb.sign_in(WebClient(), casey)
        url = f"/calendar/?span=week&date={WEEK.isoformat()}"
        page = web.get(url).content.decode()
        assert page.count("Weekclient") == 40, page.count("Weekclient")
        samples, cpu = [], []
        for _ in range(args.rounds):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = web.get(url)
            samples.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            assert response.status_code == 200
        fb.say(f"week view, 40 appointments: {fb.summary_ms(samples)} (ms, wall)")
        fb.say(f"week view, this process's CPU: {fb.summary_ms(cpu)} (ms)")
        now = datetime.datetime(2027, 2, 27, 15, tzinfo=datetime.UTC)
        due_samples = []
        for _ in range(50):
            start = time.perf_counter()
            found = reminders.due(now)
            due_samples.append(time.perf_counter() - start)
        fb.say(f"due reminders ({len(found)} due): {fb.summary_ms(due_samples)} (ms)")
        fb.say(fb.load_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
