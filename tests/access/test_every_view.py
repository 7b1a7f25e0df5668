"""The exhaustive authorization table (issue #4): every view x every role x every relation.

EXPECTED below is the specification, written out independently of the policy
module: for each action, which (role, relation to the client) pairs may take
it. Every URL of the app must be in VIEWS (or in PUBLIC_VIEWS), so a new view
cannot be added without deciding who may use it: `test_every_view_is_in_the_table`
fails otherwise.
"""

from __future__ import annotations

import datetime
import io
import time
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from sealbook.access.models import BreakGlassGrant, Supervision
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.audit.verification import verify
from sealbook.core.crypto.user_keys.enrolment import enrol
from sealbook.documents import actions as documents
from sealbook.documents.models import DocumentKind
from sealbook.psychotherapy.actions import write_note as write_psychotherapy_note
from sealbook.psychotherapy.models import ClinicianKey
from sealbook.records import actions
from sealbook.records.models import CareTeamMembership, Client
from sealbook.scheduling import actions as scheduling
from sealbook.vault import runtime
from tests.conftest import client_details, make_user, new_cast, new_practice, sign_in

# The consent, disclosure and export views have their own table (same idea, the shared cast).
from tests.disclosure.test_view_table import VIEWS as CONSENT_DISCLOSURE_EXPORT_VIEWS
from tests.oversight.test_view_table import VIEWS as OVERSIGHT_VIEWS
from tests.portal.test_rights_view_table import VIEWS as PORTAL_RIGHTS_VIEWS
from tests.portal.test_view_table import PUBLIC_VIEWS as PORTAL_PUBLIC_VIEWS
from tests.portal.test_view_table import VIEWS as PORTAL_VIEWS
from tests.sharing.test_view_table import VIEWS as SHARING_VIEWS
from tests.telehealth.test_view_table import PUBLIC_VIEWS as TELEHEALTH_PUBLIC_VIEWS
from tests.telehealth.test_view_table import VIEWS as TELEHEALTH_VIEWS

CLINICAL = ("clinician", "supervisor", "trainee")
NEW_YORK = "America/New_York"

# Relations a user can have to the client under test.
TEAM, OUTSIDE, GLASS, SUPERVISION = "team", "outside", "glass", "supervision"
R_TEAM, R_OUTSIDE, R_SUPERVISION = "restricted-team", "restricted-outside", "restricted-supervision"

RELATIONS = {
    "clinician": (TEAM, OUTSIDE, GLASS, R_TEAM, R_OUTSIDE),
    "supervisor": (TEAM, OUTSIDE, GLASS, SUPERVISION, R_OUTSIDE, R_SUPERVISION),
    "trainee": (TEAM, OUTSIDE, R_TEAM, R_OUTSIDE),
    "owner": (OUTSIDE, R_OUTSIDE),
    "frontdesk": (OUTSIDE, R_OUTSIDE),
    "auditor": (OUTSIDE, R_OUTSIDE),
}

CARE = {TEAM, GLASS, SUPERVISION, R_TEAM}
EXPECTED: dict[str, dict[str, set[str]]] = {
    "view-demographics": {
        "clinician": CARE, "supervisor": CARE, "trainee": CARE,
        "owner": {OUTSIDE}, "frontdesk": {OUTSIDE},
    },
    "schedule-session": {
        "clinician": {TEAM, R_TEAM}, "supervisor": {TEAM}, "trainee": {TEAM, R_TEAM},
        "frontdesk": {OUTSIDE},
    },
    "view-clinical": {"clinician": CARE, "supervisor": CARE, "trainee": CARE},
    "write-note": {"clinician": {TEAM, R_TEAM}, "supervisor": {TEAM}, "trainee": {TEAM, R_TEAM}},
    "break-glass": {"clinician": {OUTSIDE, GLASS}, "supervisor": {OUTSIDE, GLASS, SUPERVISION}},
    "write-psychotherapy-note": {
        "clinician": {TEAM, R_TEAM}, "supervisor": {TEAM}, "trainee": {TEAM, R_TEAM},
    },
    # A psychotherapy note opens for its recipients only: none of the users under test.
    "read-psychotherapy-note": {},
    "view-documents": {"clinician": CARE, "supervisor": CARE, "trainee": CARE},
    "add-document": {
        "clinician": {TEAM, R_TEAM}, "supervisor": {TEAM}, "trainee": {TEAM, R_TEAM},
        "frontdesk": {OUTSIDE},
    },
    # Practice-wide for the owner: every care team, a restricted one included (without
    # seeing the client: tests/records/test_care_team.py); a licensed clinician, the
    # teams they are on.
    "manage-care-teams": {
        "owner": {OUTSIDE, R_OUTSIDE}, "clinician": {TEAM, R_TEAM}, "supervisor": {TEAM},
    },
    "edit-demographics": {
        "clinician": {TEAM, R_TEAM}, "supervisor": {TEAM}, "owner": {OUTSIDE},
        "frontdesk": {OUTSIDE},
    },
    # Moving, cancelling, marking a no-show: whoever may schedule the client.
    "reschedule-appointment": {
        "clinician": {TEAM, R_TEAM}, "supervisor": {TEAM}, "trainee": {TEAM, R_TEAM},
        "frontdesk": {OUTSIDE},
    },
    "cancel-appointment": {
        "clinician": {TEAM, R_TEAM}, "supervisor": {TEAM}, "trainee": {TEAM, R_TEAM},
        "frontdesk": {OUTSIDE},
    },
    "mark-no-show": {
        "clinician": {TEAM, R_TEAM}, "supervisor": {TEAM}, "trainee": {TEAM, R_TEAM},
        "frontdesk": {OUTSIDE},
    },
}  # fmt: skip
PRACTICE_EXPECTED: dict[str, set[str]] = {
    "list-clients": {"clinician", "supervisor", "trainee", "owner", "frontdesk"},
    "create-client": {"clinician", "supervisor", "owner", "frontdesk"},
    "emergency-search": {"clinician", "supervisor"},
    "any-staff": {"clinician", "supervisor", "trainee", "owner", "frontdesk", "auditor"},
    "manage-staff": {"owner"},
    "manage-practice": {"owner"},
    "view-audit-log": {"auditor", "owner"},
    "view-calendar": {"clinician", "supervisor", "trainee", "owner", "frontdesk"},
    "book-appointments": {"clinician", "supervisor", "trainee", "frontdesk"},
    "subscribe-calendar-feed": {"clinician", "supervisor", "trainee"},
    "manage-calendar-setup": {"owner", "frontdesk"},
}


@dataclass(frozen=True)
class View:
    method: str
    action: str
    target: str  # "client", "note" or "practice"


VIEWS = {
    "chart": View("GET", "view-demographics", "client"),
    "care-team": View("GET", "manage-care-teams", "client"),
    "demographics-edit": View("GET", "edit-demographics", "client"),
    "session-new": View("GET", "schedule-session", "client"),
    "note-new": View("GET", "write-note", "client"),
    "note": View("GET", "view-clinical", "note"),
    "note-sign": View("POST", "write-note", "note"),
    "note-amend": View("POST", "write-note", "note"),
    "break-glass": View("GET", "break-glass", "client"),
    "client-list": View("GET", "list-clients", "practice"),
    "client-search": View("POST", "list-clients", "practice"),
    "client-new": View("GET", "create-client", "practice"),
    "calendar": View("GET", "view-calendar", "practice"),
    "calendar-book": View("GET", "book-appointments", "practice"),
    "calendar-subscribe": View("GET", "subscribe-calendar-feed", "practice"),
    "calendar-rooms": View("GET", "manage-calendar-setup", "practice"),
    # Someone else's hours (the user under test is never the clinician whose hours these
    # are; one's own: tests/scheduling/test_calendar_setup.py).
    "calendar-hours": View("GET", "manage-calendar-setup", "staff-member"),
    "appointment": View("GET", "view-demographics", "appointment"),
    "appointment-move": View("POST", "reschedule-appointment", "appointment"),
    "appointment-cancel": View("POST", "cancel-appointment", "appointment"),
    "appointment-no-show": View("POST", "mark-no-show", "appointment"),
    "appointment-note": View("GET", "write-note", "appointment"),
    "emergency-search": View("GET", "emergency-search", "practice"),
    "notifications": View("GET", "any-staff", "practice"),
    "notifications-read": View("POST", "any-staff", "practice"),
    "psychotherapy-notes": View("GET", "write-psychotherapy-note", "client"),
    "psychotherapy-note": View("GET", "read-psychotherapy-note", "psychotherapy-note"),
    "staff": View("GET", "manage-staff", "practice"),
    "staff-new": View("POST", "manage-staff", "practice"),
    "staff-reset-password": View("GET", "manage-staff", "staff-member"),
    "staff-role": View("POST", "manage-staff", "staff-member"),
    "staff-deactivate": View("GET", "manage-staff", "staff-member"),
    "staff-report": View("GET", "manage-staff", "staff-member"),
    "staff-report-pdf": View("GET", "manage-staff", "staff-member"),
    "staff-reactivate": View("GET", "manage-staff", "staff-member"),
    "staff-invite-again": View("POST", "manage-staff", "staff-member"),
    "staff-supervisor": View("POST", "manage-staff", "staff-member"),
    "staff-home-address": View("GET", "manage-staff", "staff-member"),
    "custodian": View("GET", "manage-practice", "practice"),
    "practice-policy": View("GET", "manage-practice", "practice"),
    "passkey-policy": View("GET", "manage-practice", "practice"),
    "document-new": View("POST", "add-document", "client"),
    "document-file": View("GET", "view-documents", "document"),
}
# Views that touch no client data, open to anyone (or to the logged-in user about themselves).
PUBLIC_VIEWS = {
    "home", "login", "logout", "reauthenticate", "mfa-verify", "mfa-enrol", "still-here",
    "psychotherapy-key", "psychotherapy-enrol", "change-password",
    # An invited staff member's one-time link (tests/staff/test_invitations.py).
    "staff-welcome",
    # The idle script's own endpoints: each serves only the logged-in user's
    # session and drafts (tests/drafts/test_drafts.py tests who gets what).
    "idle-status", "stay-signed-in", "drafts", "draft-restore", "draft-discard", "idle-logoff",
    # Your own passkeys (tests/staff/test_passkeys.py): adding and removing them needs
    # a re-authentication, which the policy's manage-own-passkeys rule asks for.
    "passkeys", "passkey-enrol-options", "passkey-enrol", "passkey-remove", "mfa-passkey",
    "mfa-passkey-options", "mfa-passkey-verify", "reauthenticate-passkey-options",
    "reauthenticate-passkey-verify",
    # The demo's mailbox (tests/mail/test_demo_mailbox.py): a 404 outside the demo.
    "demo-mail",
    # The load balancer's probe (tests/web/test_health.py): "ok" or 503, nothing else.
    "health",
    # A clinician's calendar feed: its secret address is its credential
    # (tests/scheduling/test_feed.py: unknown or revoked addresses are a 404).
    "calendar-feed",
}  # fmt: skip


def url_names(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from url_names(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name


def test_every_view_is_in_the_table():
    names = set(url_names())
    tabled = (
        set(VIEWS)
        | set(CONSENT_DISCLOSURE_EXPORT_VIEWS)
        | set(SHARING_VIEWS)
        | set(OVERSIGHT_VIEWS)
        | set(PORTAL_VIEWS)
        | set(PORTAL_RIGHTS_VIEWS)
        | set(TELEHEALTH_VIEWS)
    )
    public = PUBLIC_VIEWS | PORTAL_PUBLIC_VIEWS | TELEHEALTH_PUBLIC_VIEWS
    assert names - tabled - public == set(), "add the new view to VIEWS"
    assert tabled | public <= names


def _allowed(view: View, role: str, relation: str) -> bool:
    if view.target in ("practice", "staff-member"):
        return role in PRACTICE_EXPECTED[view.action]
    return relation in EXPECTED[view.action].get(role, set())


def _cases() -> list[object]:
    """Every view x role x relation. Who may act is decided in Python and checked in full on
    SQLite; on PostgreSQL each view runs once allowed and once refused (the first of each in
    the table), so its queries and its denial's audit entry run there. The relations' own
    queries (care team, supervision, break-glass grants) have their own tests on both."""
    cases = []
    for name, view in VIEWS.items():
        kept: set[bool] = set()
        for role, relations in RELATIONS.items():
            practice_wide = view.target in ("practice", "staff-member")
            for relation in (OUTSIDE,) if practice_wide else relations:
                allowed = _allowed(view, role, relation)
                marks = () if allowed not in kept else (pytest.mark.queries_repeated,)
                kept.add(allowed)
                cases.append(
                    pytest.param(name, role, relation, id=f"{name}-{role}-{relation}", marks=marks)
                )
    return cases


CASES = _cases()


@pytest.fixture(scope="session")
def casey_enrolment():
    # One Argon2 enrolment for the whole table, not one per case.
    return enrol("a synthetic password for the table 1")


@pytest.fixture(scope="module")
def shared_world(
    django_db_setup, django_db_blocker, tmp_path_factory, casey_enrolment, password_hash
):
    """The practice, cast and world of every test in this module, made once, in a
    transaction rolled back after the last test.

    Each test runs inside it in a savepoint of its own (pytest-django's `db`), rolled back
    when it ends, so what a case adds (its user, its relation, its audit entries) is gone
    before the next, as when each case made its own world; making one per case was two
    thirds of the table's CPU, its ~530 cases a fifth of the web apps' stream."""
    home = tmp_path_factory.mktemp("every-view") / "home"
    with django_db_blocker.unblock(), override_settings(SEALBOOK_HOME=home):
        with transaction.atomic():
            cast = new_cast(new_practice(home), password_hash)
            yield make_world(cast, casey_enrolment)
            transaction.set_rollback(True)
        runtime.seal()


@pytest.fixture
def world(db, shared_world):
    return shared_world


@pytest.fixture
def cast(db, shared_world):
    return shared_world[0]


def make_world(cast, casey_enrolment):
    """A client on Casey's team with a draft note and a psychotherapy note of Casey's."""
    note = actions.create_note(
        cast.casey, cast.riley, note_format="soap", sections={"subjective": "Synthetic text."}
    )
    ClinicianKey.objects.create(
        user=cast.casey,
        public_key=casey_enrolment.public_key,
        password_wrapped=casey_enrolment.password_wrapped,
        recovery_wrapped=casey_enrolment.recovery_wrapped,
    )
    psychotherapy_note = write_psychotherapy_note(cast.casey, cast.riley, "Synthetic private text.")
    upload = documents.encrypt_upload(
        io.BytesIO(b"synthetic scan"), filename="scan.pdf", content_type="application/pdf"
    )
    document = documents.add_document(
        cast.casey, cast.riley, upload, title="Intake form", kind=DocumentKind.DOCUMENT
    )
    day = (timezone.now() + datetime.timedelta(days=3)).date()
    appointment = scheduling.book(
        cast.casey,
        scheduling.Booking(
            clients=[cast.riley], clinician=cast.casey,
            local_start=datetime.datetime.combine(day, datetime.time(10)),
            duration_minutes=50, time_zone=NEW_YORK, service="individual", modality="phone",
        ),
    )  # fmt: skip
    return cast, note, psychotherapy_note, document, appointment


def make_relation(cast, user, relation: str) -> None:
    riley = Client.objects.get(pk=cast.riley.pk)  # the shared object stays as made
    if relation.startswith("restricted"):
        riley.restricted = True
        riley.save()
    if relation in (TEAM, R_TEAM):
        CareTeamMembership.objects.create(client=riley, user=user)
    if relation in (SUPERVISION, R_SUPERVISION):
        Supervision.objects.create(supervisor=user, supervisee=cast.casey)
    if relation == GLASS:
        BreakGlassGrant(
            client=riley, user=user, reason="synthetic emergency",
            expires_at=timezone.now() + datetime.timedelta(minutes=5),
        ).save()  # fmt: skip


@pytest.mark.parametrize(("name", "role", "relation"), CASES)
def test_the_authorization_table(client, world, password_hash, name, role, relation):
    cast, note, psychotherapy_note, document, appointment = world
    view = VIEWS[name]
    user = make_user(f"{role}-under-test@practice.example.org", role, "Under Test", password_hash)
    make_relation(cast, user, relation)
    sign_in(client, user)
    session = client.session
    session["sealbook_sudo_until"] = time.time() + 300  # re-authenticated: test the rule itself
    session.save()

    kwargs = {
        "client": {"client_id": cast.riley.pk},
        "note": {"note_id": note.pk},
        "psychotherapy-note": {"note_id": psychotherapy_note.pk},
        "staff-member": {"user_id": cast.casey.pk},
        "document": {"document_id": document.pk},
        "appointment": {"appointment_id": appointment.pk},
    }.get(view.target, {})
    url = reverse(name, kwargs=kwargs)
    response = client.get(url) if view.method == "GET" else client.post(url, {})

    allowed = _allowed(view, role, relation)
    if view.target in ("practice", "staff-member") or allowed:
        assert (response.status_code not in (403, 404)) is allowed, response.status_code
    else:
        # A client's page refused is one that does not exist, so its existence is not told.
        assert response.status_code == 404, response.status_code
    if not allowed:
        # Every denial is in the audit log, and the log still verifies.
        denied = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor_id=user.pk)
        assert denied.exists()
        verify()


def test_sensitive_views_ask_for_reauthentication_first(client, cast):
    sign_in(client, cast.quinn)
    response = client.get(reverse("break-glass", kwargs={"client_id": cast.riley.pk}))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/reauthenticate/?next=")


def test_a_restricted_client_is_invisible_in_lists_and_emergency_search(
    client, cast, password_hash
):
    secret = actions.create_client(
        cast.casey, client_details(legal_first_name="Rae", restricted=True)
    )
    for user in (cast.owner, cast.frankie, cast.quinn):
        page = sign_in(client, user).get("/clients/").content.decode()
        assert str(secret.pk) not in page
    found = sign_in(client, cast.quinn).post("/emergency/", {"q": "Rae"}).content.decode()
    assert str(secret.pk) not in found
