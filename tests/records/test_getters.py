"""Loading a chart's rows once access to the client has been checked (`owned_by`)."""

from __future__ import annotations

from sealbook.records import actions
from sealbook.records.getters import owned_by
from sealbook.records.models import ProgressNote
from tests.conftest import client_details

SOAP = {"subjective": "Synthetic text.", "objective": "o", "assessment": "a", "plan": "p"}


def test_every_row_holds_the_one_loaded_client(cast):
    for _ in range(3):
        actions.create_note(cast.casey, cast.riley, note_format="soap", sections=SOAP)
    notes = owned_by(cast.riley, ProgressNote.objects.all())
    assert len(notes) == 3
    assert all(note.client is cast.riley for note in notes)


def test_reading_each_rows_client_and_text_costs_no_query_per_row(cast, django_assert_num_queries):
    for _ in range(3):
        actions.create_note(cast.casey, cast.riley, note_format="soap", sections=SOAP)
    with django_assert_num_queries(1):
        notes = owned_by(cast.riley, ProgressNote.objects.all())
        texts = [(note.client.display_name, note.sections["subjective"]) for note in notes]
    assert texts == [("Ri Synthwood", "Synthetic text.")] * 3


def test_another_clients_rows_are_left_out(cast):
    other = actions.create_client(cast.casey, client_details(legal_first_name="Rowan"))
    mine = actions.create_note(cast.casey, cast.riley, note_format="soap", sections=SOAP)
    actions.create_note(cast.casey, other, note_format="soap", sections=SOAP)
    assert [note.pk for note in owned_by(cast.riley, ProgressNote.objects.all())] == [mine.pk]
