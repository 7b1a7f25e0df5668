"""The export ZIP: FHIR bundle, readable PDFs, attached files, access log, README and manifest.

The ZIP is written member by member into an `EphemeralSpool` (a temporary
file encrypted under a key held only in memory), so neither a recording nor
the archive is ever whole in memory and no plaintext of the record reaches
the disk. Attached files are decrypted from storage one chunk at a time;
recordings are stored uncompressed (they are compressed media already) and
take ZIP64 when they need it. Each member's SHA-256 is taken as it streams
in; the manifest, which lists them all, is therefore the last member.
Timestamps are fixed and the other names sorted, so the same content gives
the same bytes.

The archive's own SHA-256 (which the disclosure record keeps) is read back
from the spool once it is complete: `zipfile` rewrites each local header
after the member's data, so the final bytes exist only then. Streaming with
data descriptors instead would avoid the rewrite, but macOS's Archive Utility
refuses such archives, and a client must be able to open their copy.
"""

from __future__ import annotations

import hashlib
import io
import json
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from sealbook.core.crypto.stream import EphemeralSpool
from sealbook.core.spreadsheet import CsvWriter
from sealbook.disclosure.models import Category
from sealbook.disclosure.pdfs import accounting_pdf
from sealbook.documents.actions import open_document
from sealbook.export.content import AttachedDocument, RecordContent
from sealbook.export.fhir import FORMAT_URL, bundle
from sealbook.export.record_pdf import record_pdf

MANIFEST = "manifest.json"
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)
_READ_BLOCK = 1024 * 1024

README = """\
Copy of a client record, exported by Sealbook
==============================================

Files
- record.fhir.json: the designated record set as a FHIR R4B Bundle (type "collection").
  Format: {format_url} (FHIR R4B, version 4.3.0). Resources: Patient, Encounter,
  DocumentReference (notes and amendments, with meta.security labels), Provenance
  (signatures and amendments), Consent (consents and authorizations) and AuditEvent
  (the access log and the accounted disclosures).
- record.pdf: the same content, readable.
{extra}- manifest.json: the SHA-256 of every other file in this archive (its last file).

Not included
- Psychotherapy notes, which HIPAA keeps apart from the record (45 CFR 164.501,
  164.524(a)(1)(i)), unless their author released them.
- Draft notes that were never signed.

Produced {generated_at} UTC. Check the files with: sha256sum -c (see manifest.json).
"""


@dataclass
class SpooledExport:
    """A finished export ZIP in its encrypted spool, ready to be read from the start.

    Whoever holds it closes it (a streaming response does, when it is
    closed); closing drops the key and deletes the temporary file.
    """

    file: EphemeralSpool
    size: int
    sha256: str
    manifest_sha256: str
    names: list[str]

    def close(self) -> None:
        self.file.close()

    def __enter__(self) -> SpooledExport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _access_log_csv(content: RecordContent) -> bytes:
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow(["time (UTC)", "who", "what", "outcome"])
    for entry in content.access_log:
        writer.writerow(
            [entry.at.isoformat(timespec="seconds"), entry.who, entry.what, entry.outcome]
        )
    return out.getvalue().encode()


def build_files(content: RecordContent, practice_name: str) -> dict[str, bytes]:
    """The members made in memory: everything but the attached files and the manifest."""
    files: dict[str, bytes] = {
        "record.fhir.json": bundle(content).model_dump_json(indent=2).encode(),
        "record.pdf": record_pdf(content, practice_name),
    }
    extra = ""
    if content.documents:
        extra += "- documents/: the documents attached to the record, one file each.\n"
    if content.recordings:
        extra += "- recordings/: the session recordings attached to the record, one file each.\n"
    if content.has(Category.ACCOUNTING):
        files["accounting-of-disclosures.pdf"] = accounting_pdf(
            content.client,
            practice_name,
            content.accounting,
            content.generated_at.date(),
            created=content.generated_at,
        )
        extra += "- accounting-of-disclosures.pdf: the accounting of disclosures (164.528).\n"
    if content.has(Category.ACCESS_LOG):
        files["access-log.csv"] = _access_log_csv(content)
        extra += "- access-log.csv: every recorded access to the record.\n"
    files["README.txt"] = README.format(
        format_url=FORMAT_URL,
        extra=extra,
        generated_at=content.generated_at.strftime("%Y-%m-%d %H:%M"),
    ).encode()
    return files


def manifest(digests: dict[str, str]) -> bytes:
    """`manifest.json`: the SHA-256 (hex) of each other member, by name."""
    entries = dict(sorted(digests.items()))
    return (json.dumps({"algorithm": "sha256", "files": entries}, indent=2) + "\n").encode()


def _write_member(
    archive: zipfile.ZipFile, name: str, size: int, pieces: Iterable[bytes], *, stored: bool
) -> str:
    """Stream one member into the archive; returns the SHA-256 of its content."""
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    # Known up front, so zipfile chooses ZIP64 for a member that needs it.
    info.file_size = size
    digest = hashlib.sha256()
    with archive.open(info, "w") as member:
        for piece in pieces:
            digest.update(piece)
            member.write(piece)
    return digest.hexdigest()


def _write_attached(archive: zipfile.ZipFile, attached: AttachedDocument) -> str:
    reader, source = open_document(attached.document)
    with source:
        # The reader's size is the authenticated one: the stored file's, not the row's.
        return _write_member(
            archive, attached.path, reader.size, reader, stored=attached.is_recording
        )


def _sha256_of(spool: EphemeralSpool) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    spool.seek(0)
    buffer = bytearray(_READ_BLOCK)
    with memoryview(buffer) as view:
        while count := spool.readinto(view):
            digest.update(view[:count])
            size += count
    spool.seek(0)
    return size, digest.hexdigest()


def new_spool() -> EphemeralSpool:
    """An encrypted temporary file (in TMPDIR), deleted when it is closed."""
    return EphemeralSpool(tempfile.TemporaryFile("w+b"))


def write_export(content: RecordContent, practice_name: str) -> SpooledExport:
    """Write the export ZIP of `content` into a new encrypted spool."""
    files = build_files(content, practice_name)
    attached = {a.path: a for a in [*content.documents, *content.recordings]}
    spool = new_spool()
    try:
        digests: dict[str, str] = {}
        with zipfile.ZipFile(spool, "w") as archive:
            for name in sorted([*files, *attached]):
                if name in attached:
                    digests[name] = _write_attached(archive, attached[name])
                else:
                    data = files[name]
                    digests[name] = _write_member(archive, name, len(data), [data], stored=False)
            listing = manifest(digests)
            _write_member(archive, MANIFEST, len(listing), [listing], stored=False)
        size, sha256 = _sha256_of(spool)
    except BaseException:
        spool.close()
        raise
    return SpooledExport(
        spool, size, sha256, hashlib.sha256(listing).hexdigest(), [*sorted(digests), MANIFEST]
    )
