"""Progress notes: drafted, signed and locked, then amended but never overwritten."""

from __future__ import annotations

import datetime
import hashlib

import pytest

from sealbook.access.policy import AccessDenied
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.records import actions
from sealbook.records.models import NoteAmendment, ProgressNote

SOAP = {
    "subjective": "Reports better sleep.",
    "objective": "Calm.",
    "assessment": "Improving.",
    "plan": "Continue.",
}


def new_note(cast):
    return actions.create_note(cast.casey, cast.riley, note_format="soap", sections=SOAP)


def test_a_new_note_is_a_draft_with_its_sections(cast):
    note = ProgressNote.objects.get(pk=new_note(cast).pk)
    assert note.status == "draft"
    assert note.section_items()[0] == ("Subjective", "Reports better sleep.")


def test_signing_locks_the_note_and_audits_its_ciphertext_digest(cast):
    note = actions.sign_note(cast.casey, new_note(cast))
    assert note.is_locked
    stored = ProgressNote.objects.values_list("sections", flat=True).get(pk=note.pk)
    assert note.signed_digest == hashlib.sha256(bytes(stored)).hexdigest()
    entry = AuditEntry.objects.filter(event=AuditEvent.NOTE_SIGNED).get()
    assert read_detail(entry) == {"ciphertext_sha256": note.signed_digest}


def test_a_signed_note_cannot_be_edited(cast):
    note = actions.sign_note(cast.casey, new_note(cast))
    with pytest.raises(actions.RecordError, match="locked"):
        actions.update_note(cast.casey, note, {**SOAP, "plan": "Rewritten history."})
    assert ProgressNote.objects.get(pk=note.pk).sections["plan"] == "Continue."


def test_an_amendment_is_appended_and_the_note_stays_as_signed(cast):
    note = actions.sign_note(cast.casey, new_note(cast))
    actions.amend_note(
        cast.casey, note, text="Sleep improved only partly.", reason="Client correction"
    )
    assert [a.text for a in NoteAmendment.objects.filter(note=note)] == [
        "Sleep improved only partly."
    ]
    assert ProgressNote.objects.get(pk=note.pk).sections == SOAP


def test_a_draft_cannot_be_amended(cast):
    with pytest.raises(actions.RecordError):
        actions.amend_note(cast.casey, new_note(cast), text="x", reason="y")


def test_only_the_author_signs_a_note(cast):
    with pytest.raises(actions.RecordError, match="author"):
        actions.sign_note(cast.morgan, new_note(cast))


def test_an_empty_note_is_refused_and_nothing_is_saved(cast):
    with pytest.raises(actions.RecordError, match="empty"):
        actions.create_note(cast.casey, cast.riley, note_format="soap", sections={"plan": "  "})
    assert not ProgressNote.objects.exists()


def test_a_clinician_outside_the_care_team_cannot_write_a_note(cast):
    with pytest.raises(AccessDenied):
        actions.create_note(cast.quinn, cast.riley, note_format="dap", sections={"data": "x"})
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor_id=cast.quinn.pk
    ).exists()


def test_front_desk_schedules_but_cannot_write_notes(cast):
    session = actions.schedule_session(
        cast.frankie,
        cast.riley,
        clinician=cast.casey,
        date=datetime.date(2026, 11, 20),
        start_time=datetime.time(10),
        duration_minutes=50,
        service="individual",
        modality="in-person",
    )
    assert session.client_id == cast.riley.pk
    with pytest.raises(AccessDenied):
        actions.create_note(cast.frankie, cast.riley, note_format="soap", sections=SOAP)


def test_a_failed_action_leaves_only_its_access_decision_in_the_log(cast):
    before = AuditEntry.objects.count()
    with pytest.raises(actions.RecordError):
        actions.create_note(cast.casey, cast.riley, note_format="soap", sections={})
    new = list(AuditEntry.objects.filter(seq__gte=before).values_list("event", flat=True))
    assert new == [AuditEvent.ACCESS_GRANTED]
