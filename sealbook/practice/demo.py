"""The demo practice: synthetic staff, clients, sessions and notes (Faker, fixed seed).

Nothing here is about a real person: names, dates, phones and addresses come
from Faker, e-mail addresses use the reserved example.org/.net domains, and
the note sentences are assembled from generic clinical phrases.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from faker import Faker

from sealbook.accounts.models import Role, User
from sealbook.records import actions
from sealbook.records.models import (
    Client,
    Modality,
    NoteFormat,
    ProgressNote,
    Service,
    Session,
)
from sealbook.scheduling.models import Attendee, Room
from sealbook.scheduling.zones import practice_zone_name, zone

DEMO_PASSWORD = "sealbook-demo-2026"  # noqa: S105 - published demo login


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


OWNER_EMAIL = "owner@demo.example.org"
OWNER_NAME = "Olive Owner"
STAFF = (
    (Role.OWNER, OWNER_EMAIL, OWNER_NAME),
    (Role.CLINICIAN, "clinician@demo.example.org", "Dr. Casey Clinician"),
    (Role.CLINICIAN, "colleague@demo.example.org", "Dr. Morgan Colleague"),
    (Role.SUPERVISOR, "supervisor@demo.example.org", "Dr. Sam Supervisor"),
    (Role.TRAINEE, "trainee@demo.example.org", "Taylor Trainee"),
    (Role.FRONT_DESK, "frontdesk@demo.example.org", "Frankie Frontdesk"),
    (Role.AUDITOR, "auditor@demo.example.org", "Avery Auditor"),
)

_SUBJECTIVE = (
    "Client reports sleeping poorly for the past two weeks and feeling on edge at work.",
    "Client describes fewer panic episodes since the last session and used breathing skills twice.",
    "Client states mood has been low most days with reduced interest in usual activities.",
    "Client reports an argument with a family member and ruminating about it afterwards.",
    "Client says the exposure homework felt difficult but manageable.",
)
_OBJECTIVE = (
    "Alert and oriented; affect constricted; speech normal rate and volume.",
    "Appeared tired; good eye contact; thought process linear and goal directed.",
    "Affect brighter than last session; engaged throughout; no evidence of psychosis.",
)
_ASSESSMENT = (
    "Symptoms consistent with generalized anxiety; gradual improvement with CBT skills.",
    "Depressive symptoms persist; no current safety concerns reported.",
    "Progress toward treatment goals is steady; motivation remains good.",
)
_PLAN = (
    "Continue weekly sessions; practise cognitive restructuring worksheet daily.",
    "Introduce behavioural activation schedule; review at next session.",
    "Continue graded exposure hierarchy; next step agreed in session.",
)


def create_demo_staff() -> list[DemoLogin]:
    """Create every demo login but the owner, whom `create_practice` made."""
    from sealbook.access.models import Supervision

    for role, email, name in STAFF:
        if role != Role.OWNER:
            User.objects.create_staff(email, DEMO_PASSWORD, role, name)
    # The training-clinic case: the supervisor reads the trainee's clients' charts.
    Supervision.objects.create(
        supervisor=User.objects.get(role=Role.SUPERVISOR),
        supervisee=User.objects.get(role=Role.TRAINEE),
    )
    return [DemoLogin(role, email, DEMO_PASSWORD) for role, email, _ in STAFF]


def populate(clients: int = 30, seed: int = 2026) -> None:
    """Create synthetic clients with contacts, and each a course of care: an intake, then
    weekly sessions with their notes, dated in the order they would have happened."""
    fake = Faker("en_US")
    Faker.seed(seed)
    rng = random.Random(seed)  # noqa: S311 - picks synthetic demo content, not secrets
    clinicians = list(User.objects.filter(role=Role.CLINICIAN).order_by("pk"))
    supervisor = User.objects.get(role=Role.SUPERVISOR)
    trainee = User.objects.get(role=Role.TRAINEE)
    today = datetime.date(2026, 11, 2)
    for i in range(clients):
        clinician = clinicians[i % len(clinicians)]
        team = [clinician]
        if i % 5 == 0:
            team += [supervisor, trainee]
        first = fake.first_name()
        details = actions.ClientDetails(
            legal_first_name=first,
            legal_last_name=fake.last_name(),
            preferred_name=first if i % 4 else fake.first_name(),
            date_of_birth=fake.date_of_birth(minimum_age=18, maximum_age=80),
            pronouns=rng.choice(["she/her", "he/him", "they/them"]),
            phone=fake.numerify("555-01##-####"),
            email=f"{first.lower()}.{i}@client.example.net",
            street=fake.street_address(),
            city=fake.city(),
            state=fake.state_abbr(),
            postal_code=fake.zipcode(),
            emergency_contact=f"{fake.name()} {fake.numerify('555-01##-####')}",
            restricted=(i == 7),
            contacts=[
                {
                    "name": fake.name(),
                    "relationship": rng.choice(["spouse", "parent", "sibling"]),
                    "phone": fake.numerify("555-01##-####"),
                    "email": "",
                    "notes": "",
                }
            ],
        )
        client = actions.create_client(None, details, care_team=team)
        _add_course_of_care(client, clinician, rng, today, sessions=rng.randint(2, 6))


def _add_course_of_care(
    client: Client, clinician: User, rng: random.Random, today: datetime.date, *, sessions: int
) -> None:
    """An intake, then weekly sessions up to `today`, each with a note written and
    signed after it, as a real course of care runs. The newest note of some
    clients is still a draft, written but not yet signed."""
    first = today - datetime.timedelta(days=7 * (sessions - 1))
    booked = _local(first - datetime.timedelta(days=rng.randint(3, 10)), datetime.time(12, 0))
    _backdate(Client.objects.filter(pk=client.pk), created_at=booked)
    telehealth_consented = False
    for week in range(sessions):
        day = first + datetime.timedelta(days=7 * week)
        if week:  # the intake keeps its day; later sessions move by a day or two
            day = min(today, day + datetime.timedelta(days=rng.randint(-2, 2)))
        start = datetime.time(rng.choice([9, 10, 11, 14, 15, 16]), 0)
        duration = rng.choice([50, 50, 60, 90])
        modality = (
            Modality.IN_PERSON
            if week == 0
            else rng.choice([Modality.IN_PERSON, Modality.TELEHEALTH])
        )
        if modality == Modality.TELEHEALTH and not telehealth_consented:
            _sign_telehealth_consent(clinician, client, signed_on=first)
            telehealth_consented = True
        session = actions.schedule_session(
            clinician,
            client,
            clinician=clinician,
            date=day,
            start_time=start,
            duration_minutes=60 if week == 0 else duration,
            service=Service.INTAKE if week == 0 else Service.INDIVIDUAL,
            modality=modality,
        )
        _backdate(Session.objects.filter(pk=session.pk), created_at=booked)
        note = actions.create_note(
            clinician,
            client,
            note_format=NoteFormat.SOAP,
            session=session,
            sections={
                "subjective": rng.choice(_SUBJECTIVE),
                "objective": rng.choice(_OBJECTIVE),
                "assessment": rng.choice(_ASSESSMENT),
                "plan": rng.choice(_PLAN),
            },
        )
        ended = _local(day, start) + datetime.timedelta(minutes=session.duration_minutes)
        written = ended + datetime.timedelta(minutes=rng.randint(10, 90))
        notes = ProgressNote.objects.filter(pk=note.pk)
        newest = week == sessions - 1
        if newest and rng.random() < 0.4:
            _backdate(notes, created_at=written, updated_at=written)
            continue
        actions.sign_note(clinician, note)
        signed = written + datetime.timedelta(minutes=rng.randint(5, 30))
        _backdate(notes, created_at=written, updated_at=signed, signed_at=signed)
        booked = ended


def _add_video_session_today(clients: list[Client], clinician: User) -> Session:
    """A telehealth session that is on now, for trying the video room (README): it began
    ten minutes before the demo was made and lasts four hours. With two clients it is a
    couples session, so the room has three participants, each client with their own link."""
    from sealbook.consent.status import ConsentMissing, require_consent

    for client in clients:
        try:
            require_consent(client, "telehealth")
        except ConsentMissing:
            _sign_telehealth_consent(clinician, client, signed_on=timezone.localdate())
    # The session's date and time are the practice's clock, as the calendar reads them.
    now = timezone.now().astimezone(zone(practice_zone_name()))
    start = (now - datetime.timedelta(minutes=10 + now.minute % 5)).replace(second=0, microsecond=0)
    session = actions.schedule_session(
        clinician,
        clients[0],
        clinician=clinician,
        date=start.date(),
        start_time=start.time(),
        duration_minutes=240,
        service=Service.COUPLES if len(clients) > 1 else Service.INDIVIDUAL,
        modality=Modality.TELEHEALTH,
    )
    # The session's appointment (made with it) gets its other attendees.
    for client in clients[1:]:
        Attendee.objects.create(appointment=session.appointment, client=client)
    return session


def _sign_telehealth_consent(clinician: User, client: Client, *, signed_on: datetime.date) -> None:
    """The client's telehealth consent (APA 4.02(c)), signed on paper at the intake:
    scheduling a telehealth session needs it."""
    from sealbook.consent import actions as consent

    document = consent.current_document("telehealth")
    consent.sign(
        clinician,
        client,
        document,
        consent.Signature(
            signer_name=client.display_name,
            signed_on=signed_on,
            method="paper",
            text_sha256=document.text_sha256,
        ),
    )


def _local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _backdate(rows: QuerySet[Any], **timestamps: datetime.datetime) -> None:
    """Give synthetic rows the times of the course of care they stand for.

    The actions stamp rows with the moment the demo is made; a believable demo
    dates them with their sessions. Only plaintext timestamps change: no
    ciphertext binds them, and a signed note's digest covers its sections alone.
    (The audit log keeps the true times at which the demo was made.)
    """
    rows.update(**timestamps)


# The practice's rooms, for booking appointments in person on the calendar.
DEMO_ROOMS = ("Room 1", "Room 2")


def set_up(clients: int) -> None:
    """Fill a new practice with the demo's staff and clients, with the second factor off.

    The second factor is off so that a newcomer can log in with the printed
    logins; every page of the demo says so.
    """
    from django.db import transaction

    from sealbook.access.models import current_policy

    with transaction.atomic():
        policy = current_policy()
        policy.mfa_required = False
        # The demo's minor lives in Oregon, where a minor of 14 consents alone to therapy.
        policy.minors_jurisdiction = "OR"
        policy.save(update_fields=["mfa_required", "minors_jurisdiction", "updated_at"])
        create_demo_staff()
        for name in DEMO_ROOMS:
            Room.objects.get_or_create(name=name)
        populate(clients=clients)
        clinician = User.objects.get(email=STAFF[1][1])
        couple = list(Client.objects.filter(care_team__user=clinician).order_by("created_at")[:2])
        if couple:
            _add_video_session_today(couple, clinician)
