"""Session recordings in the records export: byte-exact under recordings/, streamed
through an encrypted spool (never whole in memory, never plaintext on disk), and
the disclosure keeps the SHA-256 of exactly the bytes served."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import tempfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.http import FileResponse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from sealbook.consent import actions as consent
from sealbook.disclosure.models import DESIGNATED_RECORD_SET, Category, Disclosure, LegalBasis
from sealbook.documents import actions as documents
from sealbook.export import actions
from sealbook.export.content import gather
from sealbook.export.models import AccessRequest
from sealbook.export.package import write_export
from tests.conftest import sign_in
from tests.disclosure.support import basis_request, today
from tests.documents.test_spool import spool_files
from tests.export.test_release import reauthenticated

MARKER = b"Synthetic session audio of Riley Synthwood 7741. "
MiB = 1024 * 1024


class SyntheticRecording(io.RawIOBase):
    """`size` bytes of MARKER repeated, made as they are read (never all in memory)."""

    _block = MARKER * (MiB // len(MARKER) + 2)

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size
        self.offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        count = min(len(buffer), self.size - self.offset, MiB)
        start = self.offset % len(MARKER)
        buffer[:count] = self._block[start : start + count]
        self.offset += count
        return count

    def sha256(self) -> str:
        digest, copy = hashlib.sha256(), SyntheticRecording(self.size)
        while piece := copy.read(MiB):
            digest.update(piece)
        return digest.hexdigest()


def attach_recording(cast, size: int, name: str = "session.ogg"):
    document = consent.current_document("recording")
    consent.sign(
        cast.casey,
        cast.riley,
        document,
        consent.Signature("Riley Synthwood", today(), "typed", document.text_sha256),
    )
    upload = documents.encrypt_upload(
        SyntheticRecording(size), filename=name, content_type="audio/ogg"
    )
    return documents.add_document(
        cast.casey, cast.riley, upload, title="Session of the week", kind="recording"
    )


def record_set_request(cast, **overrides):
    cast.casey.sudo_active = True
    values = {
        "to_client": True,
        "recipient_name": cast.riley.display_name,
        "categories": DESIGNATED_RECORD_SET,
    }
    values.update(overrides)
    return basis_request(cast.riley, LegalBasis.CLIENT_REQUEST, **values)


# Open files are found through /proc (Linux), with tests/documents/test_spool.py's helper.
pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")


@pytest.fixture
def spool_dir(tmp_path, monkeypatch) -> Path:
    """The folder where this test's temporary files (the export spools) go."""
    folder = tmp_path / "spool"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_fulfilled_access_request_streams_the_recording_byte_exact(client, cast, spool_dir):
    recording = attach_recording(cast, 3 * MiB + 12345)
    request = actions.open_access_request(
        cast.casey, cast.riley, received_on=today(), requested_by="Riley Synthwood"
    )
    web = reauthenticated(sign_in(client, cast.casey))
    response = web.post(f"/access-requests/{request.pk}/fulfil/", {"identity_verified": "on"})
    assert response.status_code == 200 and isinstance(response, FileResponse)
    assert len(spool_files(os.getpid(), spool_dir)) == 1
    # Reading the stream to its end closes the response, which deletes the spool.
    served = b"".join(response.streaming_content)
    assert spool_files(os.getpid(), spool_dir) == []
    assert int(response["Content-Length"]) == len(served)
    disclosure = AccessRequest.objects.get(pk=request.pk).disclosure
    name = f"sealbook-export-{disclosure.disclosed_at:%Y%m%d}-{disclosure.id.hex[:8]}.zip"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert Disclosure.objects.get(pk=disclosure.pk).content_sha256 == (
        hashlib.sha256(served).hexdigest()
    )

    archive = zipfile.ZipFile(io.BytesIO(served))
    path = f"recordings/{recording.pk}.ogg"
    expected = SyntheticRecording(recording.size).sha256()
    assert hashlib.sha256(archive.read(path)).hexdigest() == expected
    assert archive.getinfo(path).compress_type == zipfile.ZIP_STORED
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["algorithm"] == "sha256" and manifest["files"][path] == expected
    assert set(manifest["files"]) == set(archive.namelist()) - {"manifest.json"}
    for member, digest in manifest["files"].items():
        assert hashlib.sha256(archive.read(member)).hexdigest() == digest
    assert archive.namelist()[-1] == "manifest.json"

    bundle = Bundle.model_validate_json(archive.read("record.fhir.json"))
    [reference] = [
        e.resource
        for e in bundle.entry
        if e.resource.get_resource_type() == "DocumentReference"
        and e.resource.id == str(recording.pk)
    ]
    attachment = reference.content[0].attachment
    assert (attachment.url, attachment.contentType, attachment.size) == (
        path, "audio/ogg", recording.size
    )  # fmt: skip
    assert reference.type.text == "Session recording"
    readme = archive.read("README.txt").decode()
    assert "recordings/" in readme and "ask the practice" not in readme


def test_recordings_go_out_only_with_their_category_and_within_the_period(cast):
    attach_recording(cast, 200_000)

    def recordings_in(**overrides) -> list[str]:
        _, export = actions.export_record(cast.casey, record_set_request(cast, **overrides))
        with export:
            names = zipfile.ZipFile(export.file).namelist()
        return [n for n in names if n.startswith("recordings/")]

    assert len(recordings_in()) == 1
    assert recordings_in(categories=frozenset({Category.DOCUMENTS})) == []
    yesterday = today() - datetime.timedelta(days=1)
    assert recordings_in(information_to=yesterday) == []


def test_the_same_content_gives_the_same_bytes(cast):
    attach_recording(cast, 300_000)
    content = gather(cast.riley, DESIGNATED_RECORD_SET, now=timezone.now())
    first, second = write_export(content, "Test practice"), write_export(content, "Test practice")
    with first, second:
        assert first.sha256 == second.sha256 and first.size == second.size
        assert first.file.read() == second.file.read()


def test_building_and_serving_a_64_mb_recording_keeps_memory_flat(cast):
    recording = attach_recording(cast, 64 * MiB)
    request = record_set_request(cast)
    tracemalloc.start()
    try:
        disclosure, export = actions.export_record(cast.casey, request)
        with export:
            digest = hashlib.sha256()
            while piece := export.file.read(MiB):
                digest.update(piece)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert digest.hexdigest() == disclosure.content_sha256
    assert export.size > recording.size
    assert peak < 16 * MiB, f"peak {peak / MiB:.1f} MiB while exporting a 64 MiB recording"


def test_no_plaintext_of_the_export_reaches_the_disk(cast, spool_dir):
    attach_recording(cast, 2 * MiB)
    _, export = actions.export_record(cast.casey, record_set_request(cast))
    with export:
        [spooled] = spool_files(os.getpid(), spool_dir)
        on_disk = spooled.read_bytes()
        served = export.file.read()
    assert len(on_disk) == export.size == len(served)
    # The recording is stored uncompressed, so a plaintext ZIP would show the marker.
    assert MARKER in served and MARKER[:16] not in on_disk
    assert cast.riley.legal_last_name.encode() not in on_disk
    assert spool_files(os.getpid(), spool_dir) == [] and list(spool_dir.iterdir()) == []
