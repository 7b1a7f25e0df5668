"""The demo practice reads like a real one: each client's care starts with an intake,
and sessions and notes follow in time, each note written and signed after its session."""

from __future__ import annotations

import datetime

from django.utils import timezone

from sealbook.practice.demo import create_demo_staff, populate
from sealbook.records.models import Client, NoteStatus, ProgressNote, Service, Session


def test_every_course_of_care_is_in_a_believable_order(practice):
    create_demo_staff()
    populate(clients=6)
    assert Client.objects.count() == 6
    for client in Client.objects.all():
        sessions = list(Session.objects.filter(client=client).order_by("date", "start_time"))
        assert len(sessions) >= 2
        assert sessions[0].service == Service.INTAKE
        assert all(s.service != Service.INTAKE for s in sessions[1:])
        assert client.created_at < timezone.make_aware(
            datetime.datetime.combine(sessions[0].date, sessions[0].start_time)
        )
        notes = ProgressNote.objects.filter(client=client).select_related("session")
        assert sorted(n.session_id for n in notes) == sorted(s.pk for s in sessions)
        for note in notes:
            held = timezone.make_aware(
                datetime.datetime.combine(note.session.date, note.session.start_time)
            )
            ended = held + datetime.timedelta(minutes=note.session.duration_minutes)
            assert ended <= note.created_at < held + datetime.timedelta(days=1)
            if note.status == NoteStatus.SIGNED:
                assert note.created_at < note.signed_at < held + datetime.timedelta(days=1)
            else:  # only the newest session's note may still wait for a signature
                assert note.session == sessions[-1]
        # Written in session order: a later session's note was written later.
        by_session = sorted(notes, key=lambda n: (n.session.date, n.session.start_time))
        assert [n.created_at for n in by_session] == sorted(n.created_at for n in notes)
