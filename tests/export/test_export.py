"""The records export: a FHIR R4B bundle that validates, a PDF with the notes, a manifest
whose hashes match (psychotherapy notes: test_release.py)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile

import pytest
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from sealbook.accounts.models import User
from sealbook.consent import actions as consent_actions
from sealbook.disclosure import actions as disclosure_actions
from sealbook.disclosure.models import DESIGNATED_RECORD_SET, Disclosure, LegalBasis
from sealbook.export import actions
from sealbook.practice.demo import create_demo_staff, populate
from sealbook.records import actions as record_actions
from sealbook.records.models import Client, NoteStatus, ProgressNote
from tests.disclosure.support import basis_request, complete_draft, today


@pytest.fixture
def demo_client(practice):
    create_demo_staff()
    populate(clients=2)
    client = Client.objects.order_by("created_at").first()
    clinician = client.care_team.select_related("user").first().user
    clinician.sudo_active = True
    note = ProgressNote.objects.filter(client=client, status=NoteStatus.SIGNED).first()
    record_actions.amend_note(
        clinician, note, text="Synthetic amendment: frequency was twice weekly.", reason="Typo"
    )
    document = consent_actions.current_document("informed-consent")
    consent_actions.sign(
        clinician,
        client,
        document,
        consent_actions.Signature("Synthetic Signer", today(), "typed", document.text_sha256),
    )
    disclosure_actions.record_authorization(clinician, client, complete_draft())
    return client, clinician


def export_for_client(client, clinician):
    request = basis_request(
        client,
        LegalBasis.CLIENT_REQUEST,
        to_client=True,
        recipient_name=client.display_name,
        categories=DESIGNATED_RECORD_SET,
    )
    disclosure, export = actions.export_record(clinician, request)
    with export:
        return disclosure, zipfile.ZipFile(io.BytesIO(export.file.read()))


def test_the_bundle_of_a_demo_client_validates_with_fhir_r4b(demo_client):
    client, clinician = demo_client
    _, archive = export_for_client(client, clinician)
    bundle = Bundle.model_validate_json(archive.read("record.fhir.json"))
    kinds = {entry.resource.get_resource_type() for entry in bundle.entry}
    assert kinds >= {
        "Patient", "Encounter", "DocumentReference", "Consent", "Provenance", "AuditEvent"
    }  # fmt: skip
    documents = [
        e.resource for e in bundle.entry if e.resource.get_resource_type() == "DocumentReference"
    ]
    codes = {c.code for d in documents for c in d.meta.security}
    assert {"R", "BH"} <= codes and "PSYTHPN" not in codes
    assert any(d.relatesTo and d.relatesTo[0].code == "appends" for d in documents)


def test_the_pdf_contains_the_notes_content(demo_client):
    client, clinician = demo_client
    _, archive = export_for_client(client, clinician)
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(archive.read("record.pdf"))).pages
    )
    squashed = " ".join(text.split())
    signed = ProgressNote.objects.filter(client=client, status=NoteStatus.SIGNED)
    assert signed.exists()
    for note in signed:
        note.client = client
        for _, section in note.section_items():
            assert " ".join(section.split()) in squashed
    assert "Synthetic amendment: frequency was twice weekly." in squashed
    assert client.legal_last_name in squashed


def test_draft_notes_are_not_exported(demo_client):
    client, clinician = demo_client
    draft = record_actions.create_note(
        clinician, client, note_format="dap",
        sections={"data": "Unsigned synthetic draft quokka", "assessment": "", "plan": ""},
    )  # fmt: skip
    _, archive = export_for_client(client, clinician)
    assert b"quokka" not in archive.read("record.fhir.json")
    assert draft.pk


def test_the_manifest_hashes_match_the_files(demo_client):
    client, clinician = demo_client
    _disclosure, archive = export_for_client(client, clinician)
    manifest = json.loads(archive.read("manifest.json"))
    names = set(archive.namelist()) - {"manifest.json"}
    assert set(manifest["files"]) == names
    assert names >= {"record.fhir.json", "record.pdf", "accounting-of-disclosures.pdf",
                     "access-log.csv", "README.txt"}  # fmt: skip
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest
    assert "https://hl7.org/fhir/R4B" in archive.read("README.txt").decode()


def test_the_export_is_recorded_with_the_hash_of_the_zip(demo_client):
    client, clinician = demo_client
    disclosure, _archive = export_for_client(client, clinician)
    stored = Disclosure.objects.get(pk=disclosure.pk)
    assert stored.to_client and stored.basis == LegalBasis.CLIENT_REQUEST
    assert len(stored.content_sha256) == 64


def test_the_access_log_names_who_opened_the_chart(demo_client):
    client, clinician = demo_client
    record_actions.view_chart(clinician, client)
    _, archive = export_for_client(client, clinician)
    log = archive.read("access-log.csv").decode()
    assert "chart viewed" in log and clinician.display_name in log


def test_the_owner_may_export_but_not_disclose_to_others(demo_client):
    from sealbook.access.policy import AccessDenied

    client, _ = demo_client
    owner = User.objects.get(role="owner")
    owner.sudo_active = True
    export_for_client(client, owner)
    with pytest.raises(AccessDenied):
        actions.export_record(owner, basis_request(client, LegalBasis.COURT_ORDER))


def test_attached_documents_are_in_documents_and_recordings_in_recordings(demo_client):
    from sealbook.documents import actions as documents

    client, clinician = demo_client
    scan = b"%PDF-1.4 synthetic scanned intake form 6630"

    def attach(data: bytes, name: str, kind: str):
        upload = documents.encrypt_upload(io.BytesIO(data), filename=name, content_type="")
        return documents.add_document(clinician, client, upload, title=f"Title {name}", kind=kind)

    document = attach(scan, "intake.pdf", "document")
    recording_consent = consent_actions.current_document("recording")
    consent_actions.sign(
        clinician,
        client,
        recording_consent,
        consent_actions.Signature(
            "Synthetic Signer", today(), "typed", recording_consent.text_sha256
        ),
    )
    recording = attach(b"synthetic audio 9917", "session.ogg", "recording")
    _, archive = export_for_client(client, clinician)
    path = f"documents/{document.pk}.pdf"
    assert archive.read(path) == scan
    assert [n for n in archive.namelist() if n.startswith("documents/")] == [path]
    assert archive.read(f"recordings/{recording.pk}.ogg") == b"synthetic audio 9917"
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["files"][path] == hashlib.sha256(scan).hexdigest()
    bundle = Bundle.model_validate_json(archive.read("record.fhir.json"))
    urls = [
        c.attachment.url
        for e in bundle.entry
        if e.resource.get_resource_type() == "DocumentReference"
        for c in e.resource.content
    ]
    assert path in urls
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(archive.read("record.pdf"))).pages
    )
    assert "Title intake.pdf" in " ".join(text.split())


def test_a_withdrawn_consent_is_inactive_and_ends_the_day_the_client_withdrew(demo_client):
    client, clinician = demo_client
    signature = client.consentsignature_set.get(document__kind="informed-consent")
    withdrawn_on = today()
    consent_actions.withdraw(clinician, signature, withdrawn_on=withdrawn_on)
    _, archive = export_for_client(client, clinician)
    bundle = Bundle.model_validate_json(archive.read("record.fhir.json"))
    consent = next(
        e.resource
        for e in bundle.entry
        if e.resource.get_resource_type() == "Consent" and e.resource.id == str(signature.id)
    )
    assert consent.status == "inactive"
    assert consent.provision.period.start == signature.signed_on
    assert consent.provision.period.end == withdrawn_on


def test_a_staff_name_that_is_a_formula_is_written_as_text_in_the_access_log(demo_client):
    client, clinician = demo_client
    clinician.display_name = '=HYPERLINK("https://attacker.example/","open")'
    clinician.save(update_fields=["display_name"])
    record_actions.view_chart(clinician, client)
    _, archive = export_for_client(client, clinician)
    rows = list(csv.reader(io.StringIO(archive.read("access-log.csv").decode())))
    names = {row[1] for row in rows[1:]}
    assert "'" + clinician.display_name in names
    assert not [cell for row in rows for cell in row if cell.startswith(("=", "+", "-", "@"))]
