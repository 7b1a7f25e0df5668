"""Documents and recordings: encrypted on upload, streamed on download, ranges, access, audit."""

from __future__ import annotations

import io
import os

import blake3
import pytest
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.consent import actions as consent
from sealbook.core.crypto.stream import DEFAULT_CHUNK
from sealbook.core.errors import InvalidCiphertext
from sealbook.documents import actions
from sealbook.documents.models import Document, DocumentKind
from sealbook.documents.storage import storage
from tests.conftest import sign_in
from tests.disclosure.support import today

C = DEFAULT_CHUNK


def attach(cast, data: bytes, *, title="Intake form", kind=DocumentKind.DOCUMENT, name="f.pdf"):
    upload = actions.encrypt_upload(io.BytesIO(data), filename=name, content_type="application/pdf")
    return actions.add_document(cast.casey, cast.riley, upload, title=title, kind=kind)


def upload_via_web(client, cast, data: bytes, **fields):
    file = io.BytesIO(data)
    file.name = fields.pop("name", "Riley Synthwood intake.pdf")
    return client.post(
        f"/clients/{cast.riley.pk}/documents/new/",
        {"title": "Intake form", "kind": "document", "file": file, **fields},
    )


def stored_files(home):
    return sorted(p for p in (home / "attachments").rglob("*") if p.is_file())


@pytest.mark.parametrize("size", [0, 1, C - 1, C, C + 1, 3 * C + 17])
def test_documents_round_trip_through_storage(cast, size):
    data = os.urandom(size)
    document = attach(cast, data)
    assert actions.read_document(Document.objects.get(pk=document.pk)) == data
    assert document.size == size


def test_the_stored_file_is_ciphertext_named_by_a_random_id(cast, home):
    data = b"Riley Synthwood said something private. " * 5000
    document = attach(cast, data, title="Riley letter")
    [path] = stored_files(home)
    assert path.name == document.id.hex
    raw = path.read_bytes()
    assert b"Riley" not in raw and b"private" not in raw
    assert not list((home / "attachments" / "incoming").iterdir())


def test_the_stored_fingerprint_is_the_blake3_of_the_file_on_disk_and_the_audit_pins_it(cast, home):
    document = attach(cast, os.urandom(2 * C + 5))
    [path] = stored_files(home)
    assert document.digest_algorithm == "blake3"
    assert document.stored_digest == blake3.blake3(path.read_bytes()).hexdigest()
    entry = AuditEntry.objects.get(event=AuditEvent.DOCUMENT_ADDED, object_id=str(document.pk))
    assert read_detail(entry) == {
        "kind": "document",
        "size": 2 * C + 5,
        "blake3": document.stored_digest,
    }


def test_the_web_upload_encrypts_without_django_s_plaintext_temp_files(client, cast, home):
    data = os.urandom(2 * C + 5)
    response = upload_via_web(sign_in(client, cast.casey), cast, data)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.title == "Intake form"
    assert document.filename == "Riley Synthwood intake.pdf"
    assert actions.read_document(document) == data
    assert AuditEntry.objects.filter(
        event=AuditEvent.DOCUMENT_ADDED, actor_id=cast.casey.pk
    ).exists()
    assert [p.name for p in stored_files(home)] == [document.id.hex]


def test_the_upload_handler_never_holds_the_file_in_memory(client, cast, monkeypatch):
    """Django's own handlers would buffer the file; make them fail if anything uses them."""

    def refuse(*args, **kwargs):
        raise AssertionError("a plaintext upload handler was used")

    monkeypatch.setattr(MemoryFileUploadHandler, "new_file", refuse)
    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", refuse)
    assert upload_via_web(sign_in(client, cast.casey), cast, os.urandom(C * 3)).status_code == 302


def test_the_download_streams_the_whole_file(client, cast):
    data = os.urandom(3 * C + 99)
    document = attach(cast, data)
    response = sign_in(client, cast.casey).get(f"/documents/{document.pk}/file/")
    assert response.status_code == 200
    assert response.streaming
    pieces = list(response.streaming_content)
    assert len(pieces) == 4 and max(len(p) for p in pieces) <= C
    assert b"".join(pieces) == data
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert "Intake" not in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "header,start,end",
    [
        ("bytes=0-0", 0, 1),
        ("bytes=10-99", 10, 100),
        (f"bytes={C - 3}-{C + 2}", C - 3, C + 3),
        (f"bytes={2 * C}-", 2 * C, 3 * C + 99),
        ("bytes=-50", 3 * C + 49, 3 * C + 99),
        ("bytes=5-999999999", 5, 3 * C + 99),
    ],
)
def test_a_range_download_returns_exactly_those_bytes(client, cast, header, start, end):
    data = os.urandom(3 * C + 99)
    document = attach(cast, data)
    response = sign_in(client, cast.casey).get(f"/documents/{document.pk}/file/", HTTP_RANGE=header)
    assert response.status_code == 206
    body = b"".join(response.streaming_content)
    assert body == data[start:end]
    assert response["Content-Length"] == str(end - start)
    assert response["Content-Range"] == f"bytes {start}-{end - 1}/{len(data)}"


@pytest.mark.parametrize("header", ["bytes=500-", "bytes=9-3", "items=0-1", "bytes=0-1,4-5"])
def test_an_unsatisfiable_range_is_416(client, cast, header):
    document = attach(cast, b"x" * 500)
    response = sign_in(client, cast.casey).get(f"/documents/{document.pk}/file/", HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */500"


def test_downloads_are_audited_with_their_range(client, cast):
    document = attach(cast, b"y" * 1000)
    sign_in(client, cast.morgan).get(f"/documents/{document.pk}/file/", HTTP_RANGE="bytes=0-9")
    entry = AuditEntry.objects.filter(event=AuditEvent.DOCUMENT_VIEWED).get()
    assert entry.actor_id == cast.morgan.pk and entry.client_id == cast.riley.pk


def test_outsiders_and_the_front_desk_get_a_404(client, cast):
    document = attach(cast, b"private")
    for user in (cast.quinn, cast.frankie):
        assert sign_in(client, user).get(f"/documents/{document.pk}/file/").status_code == 404


def test_the_front_desk_may_add_a_document_but_not_read_it(client, cast):
    assert upload_via_web(sign_in(client, cast.frankie), cast, b"scanned form").status_code == 302
    document = Document.objects.get()
    assert client.get(f"/documents/{document.pk}/file/").status_code == 404


def test_an_outsider_cannot_upload_and_leaves_no_file(client, cast, home):
    assert upload_via_web(sign_in(client, cast.quinn), cast, b"nope").status_code == 404
    assert stored_files(home) == []
    assert not Document.objects.exists()


def test_an_upload_without_a_csrf_token_is_refused_and_leaves_no_file(cast, home):
    from django.test import Client

    strict = sign_in(Client(enforce_csrf_checks=True), cast.casey)
    assert upload_via_web(strict, cast, b"data").status_code == 403
    assert stored_files(home) == []


def test_a_refused_upload_leaves_no_file(client, cast, home):
    response = upload_via_web(sign_in(client, cast.casey), cast, b"data", title="  ")
    assert response.status_code == 400
    assert stored_files(home) == []


def test_a_recording_without_recording_consent_is_refused(client, cast, home):
    response = upload_via_web(sign_in(client, cast.casey), cast, b"audio", kind="recording")
    assert response.status_code == 400
    assert b"consent" in response.content
    assert stored_files(home) == [] and not Document.objects.exists()


def sign_consent(cast, kind):
    document = consent.current_document(kind)
    signature = consent.Signature(
        signer_name="Riley Synthwood", signed_on=today(), method="typed",
        text_sha256=document.text_sha256,
    )  # fmt: skip
    return consent.sign(cast.casey, cast.riley, document, signature)


def test_only_a_current_recording_consent_lets_a_recording_in(client, cast, home):
    web = sign_in(client, cast.casey)
    sign_consent(cast, "informed-consent")
    sign_consent(cast, "telehealth")
    assert upload_via_web(web, cast, b"audio", kind="recording").status_code == 400
    signature = sign_consent(cast, "recording")
    response = upload_via_web(web, cast, b"audio", kind="recording", title="Session 3")
    assert response.status_code == 302
    [recording] = Document.objects.filter(kind=DocumentKind.RECORDING)
    assert actions.read_document(recording) == b"audio"
    # Withdrawn consent (APA 4.03): no further recordings; the one already attached stays.
    consent.withdraw(cast.casey, signature)
    refused = upload_via_web(web, cast, b"more", kind="recording")
    assert refused.status_code == 400 and b"withdrawn on" in refused.content
    assert Document.objects.filter(kind=DocumentKind.RECORDING).count() == 1
    assert len(stored_files(home)) == 1


def test_a_tampered_stored_file_is_refused(cast, home):
    document = attach(cast, os.urandom(C + 10))
    [path] = stored_files(home)
    raw = bytearray(path.read_bytes())
    raw[100] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(InvalidCiphertext):
        actions.read_document(document)


def test_a_truncated_stored_file_is_refused_before_any_byte(cast, home):
    document = attach(cast, os.urandom(2 * C + 10))
    [path] = stored_files(home)
    path.write_bytes(path.read_bytes()[: -(C + 26)])
    with pytest.raises(InvalidCiphertext):
        actions.open_document(document)


def test_a_stored_file_cannot_be_swapped_for_another_document_s(cast, home):
    first = attach(cast, b"first" * 100)
    second = attach(cast, b"second" * 100)
    store = storage()
    store.path(second.storage_name).write_bytes(store.path(first.storage_name).read_bytes())
    Document.objects.filter(pk=second.pk).update(stored_size=first.stored_size)
    with pytest.raises(InvalidCiphertext):
        actions.read_document(Document.objects.get(pk=second.pk))


def test_the_chart_lists_documents_for_the_care_team_only(client, cast):
    attach(cast, b"abc", title="Psych testing report")
    assert (
        b"Psych testing report"
        in sign_in(client, cast.casey).get(f"/clients/{cast.riley.pk}/").content
    )
    front_desk = sign_in(client, cast.frankie).get(f"/clients/{cast.riley.pk}/").content
    assert b"Psych testing report" not in front_desk
    assert b"Upload" in front_desk


def test_recovery_finishes_committed_uploads_and_clears_dead_ones(cast, home):
    store = storage()
    committed = attach(cast, b"kept")
    # A file whose row committed but which a crash left in incoming/ (pid 999999 is dead).
    path = store.path(committed.storage_name)
    incoming = home / "attachments" / "incoming" / f"999999.{committed.storage_name}.part"
    path.rename(incoming)
    dead = home / "attachments" / "incoming" / f"999999.{'ab' * 16}.part"
    dead.write_bytes(b"never committed")
    orphan = store.path("cd" * 16)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"row deleted")
    assert actions.recover_storage() == (1, 2)
    assert actions.read_document(committed) == b"kept"
    assert [p.name for p in stored_files(home)] == [committed.storage_name]


def test_a_committed_file_left_in_incoming_by_a_dead_process_is_moved_in_when_read(cast, home):
    store = storage()
    committed = attach(cast, b"kept")
    # Killed after its row committed, before the move (pid 999999 is dead).
    incoming = home / "attachments" / "incoming" / f"999999.{committed.storage_name}.part"
    store.path(committed.storage_name).rename(incoming)
    assert actions.read_document(committed) == b"kept"
    assert not incoming.exists()
    assert [p.name for p in stored_files(home)] == [committed.storage_name]
    # A live process's file is never taken: its own move is still to come.
    store.path(committed.storage_name).rename(
        home / "attachments" / "incoming" / f"{os.getpid()}.{committed.storage_name}.part"
    )
    with pytest.raises(actions.DocumentError, match="missing"):
        actions.read_document(committed)
