"""The client portal's pages with 20,000 clients, and "who has seen my record" over 5,000 entries.

    .venv/bin/python bench/portal_bench.py [--clients 20000] [--history 5000] [--rounds 200]
        [--database-url postgresql://root@127.0.0.1:5432/sealbook_portal_bench]

Builds, in one throwaway practice, `--clients` clients each with a portal
account (its login and its user row) and five appointments with their
attendee rows, bulk-inserted (those clients have no keys and no
demographics: the portal never shows them). Then 40 real clients are made
through the real actions (keys, encrypted names, audit): each has a portal
account, five appointments (one a video appointment), a conversation of
three messages and a consent document to sign; 20 of them are minors with a
guardian's account as well, and one individual service of theirs the minor
consented to alone (the guardian's appointments page filters it out). One
more client's chart is opened `--history` times by staff through `record()`
(chart views, note and document openings, a break-glass grant among them).

Timed through Django's test client with the full middleware stack (session,
second factor, the portal's boundary, the guardian's majority check), each
page `--rounds` times, rotating over the 40 clients' accounts: the home
page, appointments, messages, one conversation, documents to sign, requests;
the guardians' home and appointments; and `/portal/history/` of the client
with `--history` audit entries. p50/p95/max in ms, CPU time beside wall.

With `--database-url`, the database named is dropped and made anew (it must
be a throwaway one). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _foundation as fb
from audit_screen_bench import use_database

BATCH = 5_000
REAL = 40
# Django's mark of an unusable password: the benchmark signs its accounts in directly.
UNUSABLE = "!"


def bulk_clients(count: int) -> None:
    """`count` clients with a portal account and five appointments each (no keys, no names)."""
    from django.db import transaction

    from sealbook.accounts.models import User
    from sealbook.portal.models import PortalAccount
    from sealbook.records.models import Client
    from sealbook.scheduling.models import Appointment, Attendee

    rng = random.Random(2026)  # synthetic rows, not secrets
    staff = User.objects.filter(role="clinician").first()
    first = datetime.datetime(2024, 1, 1, 14, tzinfo=datetime.UTC)
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        ids = [uuid.uuid4() for _ in range(size)]
        users = [
            User(username=f"portal-bench{start + i:06d}", role="client", display_name="Client",
                 password=UNUSABLE, is_active=True)
            for i in range(size)
        ]  # fmt: skip
        appointments, attendees = [], []
        for pk in ids:
            for _ in range(5):
                when = first + datetime.timedelta(days=rng.randrange(1460), hours=rng.randrange(8))
                appointment = Appointment(
                    id=uuid.uuid4(), client_id=pk, clinician=staff, modality="room",
                    start=when, end=when + datetime.timedelta(minutes=50),
                    time_zone="America/New_York",
                )  # fmt: skip
                appointments.append(appointment)
                attendees.append(Attendee(appointment_id=appointment.id, client_id=pk))
        with transaction.atomic():
            Client.objects.bulk_create(Client(id=pk) for pk in ids)
            made = User.objects.bulk_create(users)
            PortalAccount.objects.bulk_create(
                PortalAccount(user=user, client_id=pk, kind="client", invited_by=staff,
                              activated_at=first)
                for user, pk in zip(made, ids, strict=True)
            )  # fmt: skip
            Appointment.objects.bulk_create(appointments)
            Attendee.objects.bulk_create(attendees)
        fb.say(f"  {start + size} bulk clients")


def account(client: Any, email: str, kind: str, inviter: Any) -> Any:
    from django.utils import timezone

    from sealbook.accounts.models import User
    from sealbook.portal.actions import portal_username
    from sealbook.portal.models import PortalAccount

    user = User.objects.create(
        username=portal_username(email), role=kind, display_name=kind.title(), password=UNUSABLE
    )
    row = PortalAccount(
        user=user, client=client, kind=kind, invited_by=inviter, activated_at=timezone.now()
    )
    row.email = email
    row.save()
    return row


def real_clients(clinician: Any) -> tuple[list[Any], list[Any], list[Any]]:
    """The 40 measured clients: accounts, appointments, a conversation, a document to sign."""
    from django.utils import timezone

    from sealbook.access.models import current_policy
    from sealbook.consent.actions import current_document
    from sealbook.portal.guardians import record_minor_consent
    from sealbook.portal.messaging import reply_from_staff, start_thread
    from sealbook.portal.models import SigningRequest
    from sealbook.records.actions import ClientDetails, create_client, schedule_session

    policy = current_policy()
    policy.minors_jurisdiction = "OR"
    policy.save()
    today = timezone.localdate()
    clients, guardians, threads = [], [], []
    for i in range(REAL):
        minor = i % 2 == 1
        born = datetime.date(today.year - (15 if minor else 40), 1, 1 + i % 28)
        client = create_client(
            clinician,
            ClientDetails(legal_first_name=f"Bench{i}", legal_last_name="Portalclient",
                          date_of_birth=born, email=f"bench{i}@client.example.net"),
            care_team=[clinician],
        )  # fmt: skip
        own = account(client, f"bench{i}@client.example.net", "client", clinician)
        for day in range(5):
            schedule_session(
                clinician, client, clinician=clinician,
                date=today + datetime.timedelta(days=3 + 7 * day), start_time=datetime.time(15),
                duration_minutes=50, service="individual" if day % 2 else "family",
                modality="in-person",
            )  # fmt: skip
        thread = start_thread(own, subject="Synthetic subject", body="A synthetic message.",
                              link_base="http://testserver/")  # fmt: skip
        reply_from_staff(clinician, thread, body="A synthetic answer.", link_base="http://x/")
        SigningRequest.objects.create(
            account=own, document=current_document("informed-consent"), requested_by=clinician
        )
        clients.append(own)
        threads.append(thread)
        if minor:
            guardians.append(account(client, f"guardian{i}@client.example.net", "guardian",
                                     clinician))  # fmt: skip
            record_minor_consent(clinician, client, service="individual")
    return clients, guardians, threads


def history_client(clinician: Any, others: list[Any], entries: int) -> Any:
    """A client whose chart staff opened `entries` times (as the audit log records it)."""
    from sealbook.audit.events import AuditEvent
    from sealbook.audit.log import record
    from sealbook.records.actions import ClientDetails, create_client

    client = create_client(
        clinician,
        ClientDetails(legal_first_name="History", legal_last_name="Portalclient",
                      date_of_birth=datetime.date(1980, 5, 5),
                      email="history@client.example.net"),
        care_team=[clinician],
    )  # fmt: skip
    own = account(client, "history@client.example.net", "client", clinician)
    events = [AuditEvent.CHART_VIEWED, AuditEvent.NOTE_VIEWED, AuditEvent.DOCUMENT_VIEWED]
    for i in range(entries):
        actor = others[i % len(others)]
        record(events[i % 3], actor=actor, client_id=client.pk,
               detail={"scope": "clinical"} if i % 3 == 0 else None)  # fmt: skip
    return own


def row(name: str, found: dict[str, float]) -> str:
    return (
        f"| {name} | {found['median']:.1f} | {found['p95']:.1f} | {found['max']:.1f} | "
        f"{found['cpu_p95']:.1f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--history", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    use_database(args.database_url)
    with fb.throwaway_practice("portal", expected_clients=args.clients) as bench:
        from django.conf import settings
        from django.contrib.auth.hashers import make_password
        from django.db import connection
        from django.test import Client as WebClient

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        fb.heading("portal_bench: the portal's pages at scale")
        fb.say(f"machine: {fb.machine_line()}")
        fb.say(f"database: {connection.vendor}; home: {bench.path}")
        fb.say(f"code: {fb.code_line()}; {fb.load_line()}")
        password = make_password("bench")
        staff = [
            fb.make_staff(f"clinician{i}@bench.example.org", "clinician", f"C {i}", password)
            for i in range(10)
        ]
        started = time.perf_counter()
        bulk_clients(args.clients)
        clients, guardians, threads = real_clients(staff[0])
        history = history_client(staff[0], staff, args.history)
        fb.say(f"built {args.clients} + {REAL + 1} clients, {args.history} history entries in "
               f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        fb.say(fb.load_line())
        fb.say("| page | p50 ms | p95 ms | max ms | CPU p95 ms |")
        fb.say("|---|---|---|---|---|")
        pages = ["/portal/", "/portal/appointments/", "/portal/messages/", "/portal/sign/",
                 "/portal/requests/"]  # fmt: skip
        webs = [fb.sign_in(WebClient(), own.user) for own in clients]
        for page in pages:
            found = measure_rotating(webs, [page] * len(webs), args.rounds)
            fb.say(row(f"`{page}` (client)", found))
        found = measure_rotating(webs, [f"/portal/messages/{t.pk}/" for t in threads], args.rounds)
        fb.say(row("`/portal/messages/<id>/` (client, 2 messages)", found))
        guardian_webs = [fb.sign_in(WebClient(), g.user) for g in guardians]
        for page in ("/portal/", "/portal/appointments/"):
            found = measure_rotating(guardian_webs, [page] * len(guardian_webs), args.rounds)
            fb.say(row(f"`{page}` (guardian)", found))
        web = fb.sign_in(WebClient(), history.user)
        found = measure_rotating([web], ["/portal/history/"], args.rounds)
        fb.say(row(f"`/portal/history/` ({args.history} entries, newest 200 shown)", found))
        fb.say(fb.load_line())
    return 0


def measure_rotating(webs: list[Any], urls: list[str], rounds: int) -> dict[str, float]:
    """Each round the next account's signed-in client asks for its own URL."""
    wall, cpu = [], []
    for i in range(rounds):
        web, url = webs[i % len(webs)], urls[i % len(urls)]
        started, started_cpu = time.perf_counter(), time.process_time()
        response = web.get(url)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200, (url, response.status_code)
    found = fb.summary_ms(wall)
    found["cpu_p95"] = fb.percentile([c * 1000 for c in cpu], 0.95)
    return found


if __name__ == "__main__":
    sys.exit(main())
