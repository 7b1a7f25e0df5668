"""The psychotherapy-note page: only the escrows a clinician has are offered (and
others refused), and the list says when, for which session, and who else can read."""

from __future__ import annotations

import datetime

import pytest

from sealbook.access.models import Supervision
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.practice.custodian import name_custodian
from sealbook.psychotherapy.models import PsychotherapyNote
from sealbook.records import actions as record_actions
from sealbook.records.models import CareTeamMembership
from tests.conftest import make_user
from tests.psychotherapy.test_notes import enrol, login

PRIVATE = "Synthetic private reflection about the session's long silence and what it held"


def url(cast) -> str:
    return f"/clients/{cast.riley.pk}/psychotherapy-notes/"


@pytest.fixture
def sam(client, cast, password_hash):
    """Casey's supervisor, on Riley's care team, with a key of their own."""
    sam = make_user("sam@practice.example.org", "supervisor", "Sam Supervisor", password_hash)
    Supervision.objects.create(supervisor=sam, supervisee=cast.casey)
    CareTeamMembership.objects.create(client=cast.riley, user=sam)
    enrol(client, sam)
    client.post("/logout/")
    return sam


def test_a_clinician_without_a_supervisor_is_not_offered_the_box(client, cast):
    enrol(client, cast.casey)
    page = client.get(url(cast)).content.decode()
    assert 'name="text"' in page
    assert 'name="to_supervisor"' not in page and "supervisor" not in page.lower()
    assert 'name="to_custodian"' not in page  # no custodian named either


@pytest.mark.parametrize(
    ("box", "message"),
    [("to_supervisor", "no supervisor"), ("to_custodian", "not named a successor custodian")],
)
def test_an_escrow_posted_anyway_is_refused_and_nothing_saved(client, cast, box, message):
    enrol(client, cast.casey)
    response = client.post(url(cast), {"text": PRIVATE, box: "on"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PsychotherapyNote.objects.exists()


def test_a_supervisor_with_a_key_is_offered_by_name(client, cast, sam):
    enrol(client, cast.casey)
    page = client.get(url(cast)).content.decode()
    assert 'name="to_supervisor"' in page and "my supervisor, Sam Supervisor" in page
    assert client.post(url(cast), {"text": PRIVATE, "to_supervisor": "on"}).status_code == 302


def test_the_author_sees_session_preview_and_other_readers(client, cast, sam):
    session = record_actions.schedule_session(
        cast.casey, cast.riley, clinician=cast.casey, date=datetime.date(2026, 10, 8),
        start_time=datetime.time(10, 0), duration_minutes=50, service="individual",
        modality="in-person",
    )  # fmt: skip
    cast.owner.sudo_active = True
    name_custodian(cast.owner, cast.morgan)
    enrol(client, cast.casey)
    client.post(url(cast), {"text": "Alone: " + PRIVATE})
    client.post(
        url(cast),
        {"text": PRIVATE, "session": str(session.pk), "to_supervisor": "on", "to_custodian": "on"},
    )
    page = client.get(url(cast)).content.decode()
    assert "Note on the individual psychotherapy of 2026-10-08 10:00" in page
    assert "Synthetic private reflection about the session" in page and "…" in page
    assert PRIVATE not in page  # a preview, not the note
    assert (
        "Also readable by: Sam Supervisor (supervisor), the practice&#x27;s successor custodian"
        in page
    )
    assert "Readable by you only" in page
    previews = AuditEntry.objects.filter(event=AuditEvent.PSYCHOTHERAPY_NOTE_VIEWED)
    assert previews.count() == 2
    assert all(read_detail(e) == {"preview": True} for e in previews)


def test_only_the_author_gets_a_preview(client, cast, sam):
    enrol(client, cast.casey)
    client.post(url(cast), {"text": PRIVATE, "to_supervisor": "on"})
    client.post("/logout/")
    login(client, sam)
    page = client.get(url(cast)).content.decode()
    assert "Also readable by: Casey Clinician (author)" in page
    assert "Synthetic private reflection" not in page
    assert not AuditEntry.objects.filter(event=AuditEvent.PSYCHOTHERAPY_NOTE_VIEWED).exists()
