"""Psychotherapy notes leave the practice only when their author releases them, in the
author's own session, under a psychotherapy-note authorization (HIPAA 164.508(a)(2))."""

from __future__ import annotations

import base64
import io
import json
import zipfile

import pytest
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from sealbook.disclosure import actions as disclosure_actions
from sealbook.disclosure.models import Category, Disclosure, LegalBasis
from sealbook.export import actions
from sealbook.export.release import ReleaseRefused
from sealbook.psychotherapy.models import PsychotherapyNote
from sealbook.staff.sudo import SESSION_KEY
from tests.disclosure.support import BASIS_DETAILS, basis_request, complete_draft
from tests.psychotherapy.test_notes import enrol, login

NOTE = "Synthetic process note 4471: the recurring dream of the locked greenhouse"


def reauthenticated(client):
    session = client.session
    session[SESSION_KEY] = 4102444800  # far in the future
    session.save()
    return client


@pytest.fixture
def note_authorization(client, cast):
    """Casey (key open in this session) has written a psychotherapy note, and Riley
    signed a psychotherapy-note authorization for it."""
    enrol(client, cast.casey)
    written = client.post(f"/clients/{cast.riley.pk}/psychotherapy-notes/", {"text": NOTE})
    assert written.status_code == 302 and PsychotherapyNote.objects.count() == 1
    return disclosure_actions.record_authorization(
        cast.casey,
        cast.riley,
        complete_draft(kind="psychotherapy-notes", categories=[Category.PSYCHOTHERAPY_NOTES]),
    )


def send(client, auth):
    return client.post(
        f"/authorizations/{auth.pk}/send/",
        {
            "recipient_name": auth.recipient_name,
            "purpose": auth.purpose,
            "categories": [Category.PSYCHOTHERAPY_NOTES],
        },
    )


def test_the_author_releases_their_note_under_its_own_authorization(client, note_authorization):
    response = send(reauthenticated(client), note_authorization)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    bundle = Bundle.model_validate_json(archive.read("record.fhir.json"))
    released = [
        e.resource
        for e in bundle.entry
        if e.resource.get_resource_type() == "DocumentReference"
        and any(c.code == "PSYTHPN" for c in e.resource.meta.security)
    ]
    assert len(released) == 1
    raw = json.loads(archive.read("record.fhir.json"))
    data = next(e["resource"] for e in raw["entry"] if e["fullUrl"].endswith(released[0].id))
    assert base64.b64decode(data["content"][0]["attachment"]["data"]).decode() == NOTE
    pdf = PdfReader(io.BytesIO(archive.read("record.pdf")))
    assert "locked greenhouse" in " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    disclosure = Disclosure.objects.get()
    assert disclosure.categories == [Category.PSYCHOTHERAPY_NOTES]
    assert disclosure.authorization_id == note_authorization.pk


def test_a_colleague_on_the_care_team_cannot_release_the_authors_note(
    client, cast, note_authorization
):
    client.logout()
    login(client, cast.morgan)
    response = send(reauthenticated(client), note_authorization)
    assert response.status_code == 409
    assert b"Only a psychotherapy note&#x27;s author can release it" in response.content
    assert not Disclosure.objects.exists()


def test_without_the_authors_key_open_nothing_is_sent(client, cast, note_authorization):
    client.cookies.pop("sealbook_pk")
    response = send(reauthenticated(client), note_authorization)
    assert response.status_code == 409 and b"not open in this session" in response.content
    assert not Disclosure.objects.exists()


def test_psychotherapy_notes_are_refused_when_nobody_releases_them(cast):
    cast.casey.sudo_active = True
    request = basis_request(
        cast.riley,
        LegalBasis.DUTY_TO_WARN,
        categories=frozenset({Category.PSYCHOTHERAPY_NOTES}),
        details=dict(BASIS_DETAILS[LegalBasis.DUTY_TO_WARN]),
    )
    with pytest.raises(ReleaseRefused):
        actions.export_record(cast.casey, request)
    assert not Disclosure.objects.exists()


def test_the_record_set_never_carries_a_psychotherapy_note(client, cast, note_authorization):
    cast.casey.sudo_active = True
    request = basis_request(
        cast.riley,
        LegalBasis.CLIENT_REQUEST,
        to_client=True,
        categories=frozenset(set(Category.values) - {Category.PSYCHOTHERAPY_NOTES}),
    )
    _, export = actions.export_record(cast.casey, request, release=lambda: pytest.fail("read"))
    with export:
        archive = zipfile.ZipFile(io.BytesIO(export.file.read()))
    bundle = archive.read("record.fhir.json").decode()
    assert "PSYTHPN" not in bundle and "greenhouse" not in bundle
