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
import random
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


APPOINTMENT_COLUMNS = (
    "id", "client_id", "clinician_id", "modality", "start", "end", "time_zone", "status",
    "detached", "version", "created_at",
)  # fmt: skip
REMINDER_COLUMNS = ("id", "appointment_id", "client_id", "lead_minutes", "due_at", "state")


def insert(model: Any, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    """Insert `rows` without the ORM: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    table = model._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("%s" for _ in columns)
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


def build(clients: int, appointments: int, password: str) -> tuple[object, object]:
    from django.db import connection, transaction

    from sealbook.records.actions import ClientDetails, create_client
    from sealbook.records.models import Client
    from sealbook.scheduling import actions
    from sealbook.scheduling.models import Appointment, Attendee, Reminder

    rng = random.Random(2026)  # synthetic rows, not secrets
    staff = [
        fb.make_staff(f"clinician{i}@bench.example.org", "clinician", f"Clinician {i}", password)
        for i in range(50)
    ]
    ids = [uuid.uuid4() for _ in range(clients)]
    for start in range(0, clients, BATCH):
        Client.objects.bulk_create([Client(id=i) for i in ids[start : start + BATCH]])
    first = datetime.datetime(2022, 1, 3, 13, tzinfo=datetime.UTC)
    sqlite = connection.vendor == "sqlite"

    def key(value: uuid.UUID) -> object:
        return value.hex if sqlite else value

    def when(value: datetime.datetime) -> object:
        # SQLite keeps UTC as naive text (Django's format); PostgreSQL a timestamptz.
        return value.replace(tzinfo=None).isoformat(" ") if sqlite else value

    client_keys = [key(i) for i in ids]
    clinician_ids = [s.pk for s in staff]
    created = when(datetime.datetime.now(datetime.UTC))
    made = 0
    while made < appointments:
        size = min(BATCH, appointments - made)
        rows, people, queue = [], [], []
        for _ in range(size):
            start = first + datetime.timedelta(days=rng.randrange(3650), hours=rng.randrange(9))
            if WEEK <= start.date() < WEEK + datetime.timedelta(days=7):
                start -= datetime.timedelta(days=14)  # keep the measured week to its 40
            pk = key(uuid.uuid4())
            client = rng.choice(client_keys)
            rows.append((
                pk, client, rng.choice(clinician_ids), "phone", when(start),
                when(start + datetime.timedelta(minutes=50)), "America/New_York", "scheduled",
                False, 1, created,
            ))  # fmt: skip
            people.append((pk, client))
            state = "pending" if start.year >= 2027 else "sent"
            queue.append((
                key(uuid.uuid4()), pk, client, 1440,
                when(start - datetime.timedelta(hours=24)), state,
            ))  # fmt: skip
        with transaction.atomic():
            insert(Appointment, APPOINTMENT_COLUMNS, rows)
            insert(Attendee, ("appointment_id", "client_id"), people)
            insert(Reminder, REMINDER_COLUMNS, queue)
        made += size
        if made % 100_000 == 0 or made == appointments:
            print(f"  {made} appointments", flush=True)
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
