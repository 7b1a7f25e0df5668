"""A couples appointment's note: a shared part and a part per client. Each client's records
export holds the shared part and their own part only, with the partner's name replaced."""

from __future__ import annotations

import base64
import re

from django.utils import timezone

from sealbook.disclosure.actions import record_authorization
from sealbook.export.content import Category, gather
from sealbook.export.package import build_files
from sealbook.records import actions as records
from sealbook.records.models import ProgressNote
from sealbook.scheduling import actions
from sealbook.scheduling.joint_notes import OTHER, write_joint_note
from sealbook.scheduling.models import AppointmentNote
from tests.conftest import client_details, sign_in
from tests.disclosure.support import complete_draft
from tests.scheduling.support import booking, consented, soon

SHARED = "Riley Synthwood and Jordan Quellmark practised the repair conversation together."
RILEY_OWN = "Riley spoke privately about work stress."
JORDAN_OWN = "Jordan disclosed a private worry about a sibling."


def exported_text(client) -> str:
    """The export's FHIR bundle with every attachment's base64 data decoded."""
    content = gather(client, frozenset({Category.PROGRESS_NOTES}), now=timezone.now())
    bundle = build_files(content, "Test practice")["record.fhir.json"].decode()
    decoded = [
        base64.b64decode(value).decode("utf-8", "replace")
        for value in re.findall(r'"data": "([A-Za-z0-9+/=]+)"', bundle)
    ]
    return "\n".join([bundle, *decoded])


def test_each_partner_gets_the_shared_part_and_their_own_without_the_other_name(cast):
    jordan = records.create_client(
        cast.casey,
        client_details(
            legal_first_name="Jordan", legal_last_name="Quellmark", preferred_name="",
            email="jordan.q@client.example.net",
        ),
    )  # fmt: skip
    consented(cast, cast.riley, jordan)
    appointment = actions.book(
        cast.casey, booking(cast, soon(), clients=[cast.riley, jordan], service="couples")
    )
    notes = write_joint_note(
        cast.casey, appointment, note_format="dap",
        shared={"data": SHARED, "plan": "Weekly couples sessions."},
        own={str(cast.riley.pk): {"assessment": RILEY_OWN},
             str(jordan.pk): {"assessment": JORDAN_OWN}},
    )  # fmt: skip
    for note in notes:
        records.sign_note(cast.casey, note)
    riley_note = ProgressNote.objects.get(client=cast.riley)
    assert riley_note.session_id == appointment.session_id
    # Both notes are linked to the appointment, not only the first client's.
    assert {(n.client_id, n.note_id) for n in AppointmentNote.objects.filter(
        appointment=appointment)} == {(n.client_id, n.pk) for n in notes}  # fmt: skip
    riley, jordans = exported_text(cast.riley), exported_text(jordan)
    assert RILEY_OWN in riley and JORDAN_OWN not in riley
    assert JORDAN_OWN in jordans and RILEY_OWN not in jordans
    assert "Quellmark" not in riley and "Synthwood" not in jordans
    assert OTHER in riley and OTHER in jordans
    assert "practised the repair conversation together" in riley
    assert "Weekly couples sessions." in jordans

    # Jordan authorizes the release of their identifying information to Riley: from then
    # on Jordan's name stays in Riley's copy of the shared part (and only there).
    record_authorization(cast.casey, jordan, complete_draft(
        recipient_name="Riley Synthwood", signer_name="Jordan Quellmark",
    ))  # fmt: skip
    later = write_joint_note(
        cast.casey, appointment, note_format="dap", shared={"data": SHARED}, own={},
    )  # fmt: skip
    by_client = {n.client_id: n.sections["data"] for n in later}
    assert by_client[cast.riley.pk] == SHARED
    assert "Synthwood" not in by_client[jordan.pk] and "Quellmark" in by_client[jordan.pk]


def test_the_note_page_writes_one_draft_per_client(client, cast):
    jordan = records.create_client(
        cast.casey, client_details(legal_first_name="Jordan", legal_last_name="Quellmark")
    )
    consented(cast, cast.riley, jordan)
    appointment = actions.book(
        cast.casey, booking(cast, soon(), clients=[cast.riley, jordan], service="couples")
    )
    sign_in(client, cast.casey)
    page = client.get(f"/appointments/{appointment.pk}/note/").content.decode()
    assert "Data: shared" in page and "only" in page
    response = client.post(
        f"/appointments/{appointment.pk}/note/",
        {"shared_data": SHARED, "own_0_plan": RILEY_OWN, "own_1_plan": JORDAN_OWN},
    )
    assert response.status_code == 302
    jordans = ProgressNote.objects.get(client=jordan)
    assert JORDAN_OWN in jordans.sections["plan"] and RILEY_OWN not in str(jordans.sections)
    assert "Synthwood" not in jordans.sections["data"]
    assert (
        sign_in(client, cast.frankie).get(f"/appointments/{appointment.pk}/note/").status_code
        == 404
    )
