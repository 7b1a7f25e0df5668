"""A large practice for the load test, kept as a PostgreSQL template database.

    .venv/bin/python bench/load/seed.py [--clients 20000] [--audit-entries 1000000]
        [--name sealbook_load_seed_20000] [--home /var/tmp/sealbook-load-seed-20000]
        [--database-url postgresql://root@127.0.0.1:5432] [--no-verify]

Makes (once) a practice in the PostgreSQL database `--name` and its
SEALBOOK_HOME in `--home` (the key passphrase file, the web secret, the
logins), then marks the database a template. A load run copies it with
`CREATE DATABASE ... TEMPLATE` in seconds (`bench/load/run_load.py
--clients 20000 --audit-entries 1000000` calls `ensure_template` and makes
it on first use). A second call with a home and database that match reuses
them; a home whose practice is not the database's (or a half-made one) is
refused, so a home never pairs with another practice's keys.

What the practice holds, all synthetic (Faker, fixed seed), all written
through the application's own code:

- the practice, made by `practice.setup.create_practice(expected_clients=
  --clients)`, so the blind index is sized for the roster (as
  bench/search_bench.py does), sealed with a passphrase kept in the home;
- the demo's staff, rooms and 30 clients with their courses of care
  (`practice.demo.set_up`, as `sealbook demo` makes them; the second factor
  is off, as in the demo), and 60 more clinicians and 20 more front-desk
  logins (`load-clinicianNN@load.example.org`, `load-deskNN@...`, the demo
  password), enough for 100 simulated users to spread over; their password
  hash is computed once and given to all (one Argon2id per user would only
  slow the seeding: the rows are what `create_staff` makes, with one salt);
- the clients up to `--clients` through `records.actions.create_client(...,
  care_team=[a clinician], audit=False)`, 1,000 per transaction: each its
  own wrapped data key, its encrypted fields and its blind-index tokens;
  every client on one clinician's care team, every tenth also on a second's;
- one session and a signed note for every tenth client
  (`schedule_session`, `create_note`, `sign_note`, with their audit entries);
- then audit entries up to `--audit-entries` in all, written by the audit
  log's own append (`audit.log._write_batch`, the function `record()`'s
  group commit calls), 5,000 per transaction: chart views (a clinician and a
  client of their care team, the detail a chart view carries), note views
  and searches, so the hash chain, the Merkle frontier and the signed
  checkpoints are the real ones and `sealbook audit verify` passes (checked
  at the end unless `--no-verify`). The alert rules' hook is not run for
  these entries: they all carry the seeding's time, and a real history
  spread over months would not have raised the burst of "many charts"
  alerts they would.

Timings are printed as it goes; the home's `seed.json` records the database,
the sizes, the practice id and how long each step took.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import _foundation as fb  # noqa: E402

SEALBOOK = [sys.executable, "-m", "sealbook"]
PASSPHRASE_FILE = "load-passphrase"  # noqa: S105 - a file name
MARKER = "seed.json"
LOGINS = "logins"
EXTRA_CLINICIANS = 60
EXTRA_DESKS = 20
CLIENT_BATCH = 1000
AUDIT_BATCH = 5000
DEMO_CLIENTS = 30


def default_name(clients: int) -> str:
    return f"sealbook_load_seed_{clients}"


def default_home(clients: int) -> Path:
    # Fixed, outside /tmp (cleared at boot), so that the lead can reuse it: root-only (0700).
    return Path(f"/var/tmp/sealbook-load-seed-{clients}")  # noqa: S108


def say(text: str) -> None:
    print(f"[seed {time.strftime('%H:%M:%S')}] {text}", flush=True)


def _admin(base_url: str) -> Any:
    import psycopg

    return psycopg.connect(f"{base_url}/postgres", autocommit=True)


SQLITE_FILE = "sealbook.sqlite3"  # where Sealbook keeps a home's SQLite database


def _exists(base_url: str | None, name: str, home: Path) -> bool:
    if base_url is None:
        return (home / SQLITE_FILE).exists()
    with _admin(base_url) as admin:
        row = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def _practice_id(base_url: str | None, name: str, home: Path) -> str:
    sql = "SELECT practice_id FROM vault_keyring WHERE id = 1"
    if base_url is None:
        import sqlite3

        with contextlib.closing(sqlite3.connect(home / SQLITE_FILE)) as db:
            row = db.execute(sql).fetchone()
        return str(uuid.UUID(row[0])) if row else ""
    import psycopg

    with psycopg.connect(f"{base_url}/{name}") as conn:
        row = conn.execute(sql).fetchone()
    return str(row[0]) if row else ""


def _drop(base_url: str | None, name: str) -> None:
    if base_url is not None:
        with _admin(base_url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ensure_template(
    base_url: str | None,
    name: str,
    home: Path,
    clients: int,
    audit_entries: int,
    *,
    verify: bool = True,
) -> dict[str, Any]:
    """Make the template (database + home) if it does not exist; return its marker.

    `base_url` None: SQLite, the database in the home (the home is the template).
    Refuses (SystemExit) a home or a database left by something else or half made."""
    if base_url is None:
        name = "sqlite"
    marker_path = home / MARKER
    db_exists = _exists(base_url, name, home)
    if marker_path.exists():
        marker = json.loads(marker_path.read_text())
        wanted = {"database": name, "clients": clients, "audit_entries": audit_entries}
        if {k: marker.get(k) for k in wanted} != wanted:
            raise SystemExit(
                f"{home} was seeded for {marker.get('database')} with "
                f"{marker.get('clients')} clients and {marker.get('audit_entries')} audit "
                f"entries, not {name} with {clients} and {audit_entries}: use another --home"
            )
        if not db_exists:
            raise SystemExit(f"{home} belongs to database {name}, which is gone: remove {home}")
        if _practice_id(base_url, name, home) != marker["practice_id"]:
            raise SystemExit(f"database {name} holds another practice than {home}'s")
        say(f"reusing template {name} ({home}), seeded in {marker['seconds']['total']:.0f} s")
        return dict(marker)
    if home.exists() and any(home.iterdir()):
        raise SystemExit(f"{home} holds no finished seed ({MARKER} missing): remove it first")
    if db_exists and base_url is not None:
        raise SystemExit(f"database {name} exists without a seeded home: DROP DATABASE {name}")
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEALBOOK_")}
    env["SEALBOOK_HOME"] = str(home)
    if base_url is not None:
        with _admin(base_url) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        env["SEALBOOK_DATABASE_URL"] = f"{base_url}/{name}"
    started = time.monotonic()
    try:
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--build",
                "--clients",
                str(clients),
                "--audit-entries",
                str(audit_entries),
            ],
            env=env,
            cwd=REPO,
            check=True,
        )
        seconds = json.loads((home / "timings.json").read_text())
        if verify:
            t0 = time.monotonic()
            say("sealbook audit verify ...")
            done = subprocess.run(
                [*SEALBOOK, "audit", "verify"], env=env, cwd=REPO, capture_output=True, text=True
            )
            seconds["verify"] = round(time.monotonic() - t0, 1)
            say(
                f"verify: exit {done.returncode} in {seconds['verify']} s: "
                f"{(done.stdout.strip() or done.stderr.strip())[-160:]}"
            )
            if done.returncode != 0:
                raise SystemExit("the seeded audit log does not verify")
        if base_url is not None:
            with _admin(base_url) as admin:
                admin.execute(f'ALTER DATABASE "{name}" IS_TEMPLATE true')
    except BaseException:
        # Half made is useless and would be refused next time: leave nothing behind.
        _drop(base_url, name)
        shutil.rmtree(home, ignore_errors=True)
        raise
    seconds["total"] = round(time.monotonic() - started, 1)
    marker = {
        "database": name,
        "clients": clients,
        "audit_entries": audit_entries,
        "practice_id": _practice_id(base_url, name, home),
        "seconds": seconds,
        "made_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
    }
    (home / "timings.json").unlink()
    marker_path.write_text(json.dumps(marker, indent=1) + "\n")
    say(f"template {name} made in {seconds['total']:.0f} s: {seconds}")
    return marker


def copy_of(
    base_url: str | None, template: str, copy: str, home: Path, into: Path
) -> dict[str, str]:
    """A fresh database `copy` from the template and a copy of its home in `into`
    (on SQLite the home holds the database); the environment a Sealbook process
    needs to serve it."""
    t0 = time.monotonic()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEALBOOK_")}
    env |= {"SEALBOOK_HOME": str(into), "SEALBOOK_PASSPHRASE_FILE": str(into / PASSPHRASE_FILE)}
    if base_url is not None:
        with _admin(base_url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{template}"')
        env["SEALBOOK_DATABASE_URL"] = f"{base_url}/{copy}"
    # A run's uploads go to its own home, never into the template's.
    shutil.copytree(home, into, ignore=shutil.ignore_patterns(MARKER))
    say(f"practice copied from {template} in {time.monotonic() - t0:.1f} s")
    return env


# --- the build, in its own process (Django set up on the new database) -------------------


def build(clients: int, audit_entries: int) -> None:
    import secrets

    from sealbook.cli.bootstrap import setup_django

    home = Path(os.environ["SEALBOOK_HOME"])
    passphrase = secrets.token_urlsafe(24).encode()
    (home / PASSPHRASE_FILE).write_bytes(passphrase + b"\n")
    (home / PASSPHRASE_FILE).chmod(0o600)
    setup_django()
    from django.conf import settings

    from sealbook.practice import demo
    from sealbook.practice.setup import KekChoice, create_practice, migrate_database
    from sealbook.vault import paths

    timings: dict[str, float] = {}
    t0 = time.monotonic()
    migrate_database()
    create_practice(
        name="Load-test practice",
        choice=KekChoice(passphrase=passphrase),
        owner_email=demo.OWNER_EMAIL,
        owner_password=demo.DEMO_PASSWORD,
        owner_name=demo.OWNER_NAME,
        expected_clients=clients,
    )
    settings.SECRET_KEY = paths.web_secret_path().read_text().strip()
    demo.set_up(clients=min(DEMO_CLIENTS, clients))
    staff = _more_staff()
    timings["practice_and_staff"] = round(time.monotonic() - t0, 1)
    say(
        f"practice, demo staff and {DEMO_CLIENTS} demo clients, {len(staff)} more logins "
        f"in {timings['practice_and_staff']} s"
    )
    t0 = time.monotonic()
    _clients(clients - min(DEMO_CLIENTS, clients))
    timings["clients"] = round(time.monotonic() - t0, 1)
    t0 = time.monotonic()
    _sessions_and_notes()
    timings["sessions_notes"] = round(time.monotonic() - t0, 1)
    t0 = time.monotonic()
    _audit_history(audit_entries)
    timings["audit_entries"] = round(time.monotonic() - t0, 1)
    t0 = time.monotonic()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as a maintained database would have been
    timings["analyze"] = round(time.monotonic() - t0, 1)
    _write_logins(home)
    (home / "timings.json").write_text(json.dumps(timings))


def _more_staff() -> list[Any]:
    from django.contrib.auth.hashers import make_password

    from sealbook.accounts.models import Role, User
    from sealbook.practice import demo

    hashed = make_password(demo.DEMO_PASSWORD)
    made = []
    for role, prefix, count, title in (
        (Role.CLINICIAN, "load-clinician", EXTRA_CLINICIANS, "Dr. Load Clinician"),
        (Role.FRONT_DESK, "load-desk", EXTRA_DESKS, "Desk Person"),
    ):
        for n in range(count):
            email = f"{prefix}{n:02d}@load.example.org"
            made.append(
                User.objects.create(
                    username=email,
                    email=email,
                    role=role,
                    display_name=f"{title} {n:02d}",
                    password=hashed,
                )
            )
    return made


def _clients(count: int) -> None:
    from django.db import transaction
    from faker import Faker

    from sealbook.accounts.models import Role, User
    from sealbook.records.actions import create_client

    fake = Faker("en_US")
    Faker.seed(18)
    rng = random.Random(18)
    clinicians = list(User.objects.filter(role=Role.CLINICIAN).order_by("pk"))
    started = time.monotonic()
    for first_index in range(0, count, CLIENT_BATCH):
        with transaction.atomic():
            for i in range(first_index, min(count, first_index + CLIENT_BATCH)):
                details = fb.synthetic_client_details(fake, rng, i)
                team = [clinicians[i % len(clinicians)]]
                if i % 10 == 3:
                    team.append(clinicians[(i + 1) % len(clinicians)])
                create_client(None, details, care_team=team, audit=False)
        done = min(count, first_index + CLIENT_BATCH)
        if done % 5000 == 0 or done == count:
            say(f"  {done} clients ({done / (time.monotonic() - started):.0f}/s)")


def _sessions_and_notes() -> None:
    import datetime

    from django.db import transaction

    from sealbook.records import actions
    from sealbook.records.models import Client, Modality, NoteFormat, Service

    day = datetime.date(2026, 11, 2)
    every_tenth = list(
        Client.objects.filter(restricted=False)
        .order_by("created_at")
        .prefetch_related("care_team__user")[DEMO_CLIENTS::10]
    )
    started = time.monotonic()
    for start in range(0, len(every_tenth), 200):
        with transaction.atomic():
            for n, client in enumerate(every_tenth[start : start + 200], start):
                clinician = client.care_team.all()[0].user
                session = actions.schedule_session(
                    clinician,
                    client,
                    clinician=clinician,
                    date=day - datetime.timedelta(days=n % 300),
                    start_time=datetime.time(9 + n % 8, 0),
                    duration_minutes=50,
                    service=Service.INDIVIDUAL,
                    modality=Modality.IN_PERSON,
                )
                note = actions.create_note(
                    clinician,
                    client,
                    note_format=NoteFormat.SOAP,
                    session=session,
                    sections={
                        "subjective": "Synthetic load-test history.",
                        "objective": "Calm.",
                        "assessment": "Steady.",
                        "plan": "Continue weekly.",
                    },
                )
                actions.sign_note(clinician, note)
    say(
        f"  a session and a signed note for {len(every_tenth)} clients in "
        f"{time.monotonic() - started:.0f} s"
    )


def _audit_history(total: int) -> None:
    from sealbook.access.policy import Action
    from sealbook.accounts.models import Role, User
    from sealbook.audit import hooks, log
    from sealbook.audit.events import AuditEvent
    from sealbook.audit.models import AuditHead
    from sealbook.oversight.rules import on_entry
    from sealbook.records.models import CareTeamMembership, ProgressNote

    rng = random.Random(1_000_000)
    teams = list(CareTeamMembership.objects.values_list("user_id", "client_id"))
    notes = list(ProgressNote.objects.values_list("author_id", "client_id", "id"))
    desks = list(User.objects.filter(role=Role.FRONT_DESK).values_list("pk", flat=True))
    chart_detail = json.dumps(
        {"action": str(Action.VIEW_CLINICAL), "basis": "care-team"}, sort_keys=True
    ).encode()
    note_detail = json.dumps(
        {"action": str(Action.VIEW_CLINICAL), "basis": "care-team"}, sort_keys=True
    ).encode()

    def one() -> Any:
        pick = rng.random()
        if pick < 0.8 or not notes:
            actor, client = teams[rng.randrange(len(teams))]
            return log._Pending(
                actor,
                int(AuditEvent.CHART_VIEWED),
                client,
                "records.client",
                str(client),
                "granted",
                chart_detail,
            )
        if pick < 0.92:
            actor, client, note = notes[rng.randrange(len(notes))]
            return log._Pending(
                actor,
                int(AuditEvent.NOTE_VIEWED),
                client,
                "records.progressnote",
                str(note),
                "granted",
                note_detail,
            )
        detail = json.dumps(
            {"results": rng.randint(0, 6), "terms": rng.randint(1, 2)}, sort_keys=True
        ).encode()
        return log._Pending(
            desks[rng.randrange(len(desks))],
            int(AuditEvent.CLIENT_SEARCHED),
            None,
            "",
            "",
            "success",
            detail,
        )

    size = AuditHead.objects.get(pk=1).size
    say(
        f"audit log: {size} entries so far; appending {max(0, total - size)} "
        f"({AUDIT_BATCH} per transaction)"
    )
    hooks.unregister(on_entry)
    started = time.monotonic()
    reported = first = size
    try:
        while size < total:
            batch = [one() for _ in range(min(AUDIT_BATCH, total - size))]
            size = log._write_batch(batch)[-1].seq + 1
            if size - reported >= 100_000 or size == total:
                reported = size
                rate = (size - first) / max(time.monotonic() - started, 1e-9)
                say(f"  {size} entries ({rate:.0f}/s)")
    finally:
        hooks.register(on_entry)


def _write_logins(home: Path) -> None:
    from sealbook.accounts.models import Role, User
    from sealbook.practice import demo

    roles = {Role.CLINICIAN: "clinician", Role.FRONT_DESK: "frontdesk"}
    lines = [
        f"{roles[role]} {email} {demo.DEMO_PASSWORD}\n"
        for email, role in User.objects.filter(role__in=list(roles), is_active=True)
        .order_by("pk")
        .values_list("email", "role")
    ]
    (home / LOGINS).write_text("".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--audit-entries", type=int, default=1_000_000)
    parser.add_argument("--name", help="template database (default sealbook_load_seed_CLIENTS)")
    parser.add_argument("--home", type=Path, help="default /var/tmp/sealbook-load-seed-CLIENTS")
    parser.add_argument("--database-url", default="postgresql://root@127.0.0.1:5432")
    parser.add_argument(
        "--sqlite", action="store_true", help="SQLite in the home instead (no template database)"
    )
    parser.add_argument("--no-verify", action="store_true", help="skip `sealbook audit verify`")
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.clients, args.audit_entries)
        return 0
    if args.clients < DEMO_CLIENTS:
        raise SystemExit(f"--clients must be at least {DEMO_CLIENTS}")
    ensure_template(
        None if args.sqlite else args.database_url,
        args.name or default_name(args.clients),
        args.home or default_home(args.clients),
        args.clients,
        args.audit_entries,
        verify=not args.no_verify,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
