"""The export ZIP: FHIR bundle, readable PDFs, access log, README and a SHA-256 manifest.

The ZIP is built in memory with fixed timestamps, so the same content gives
the same bytes; its SHA-256 is what the disclosure record keeps.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile

from sealbook.disclosure.models import Category
from sealbook.export.content import RecordContent
from sealbook.export.documents import accounting_pdf, record_pdf
from sealbook.export.fhir import FORMAT_URL, bundle

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
{extra}- manifest.json: the SHA-256 of every other file in this archive.

Not included
- Session recordings, which are too large for this archive; ask the practice for a copy.
- Psychotherapy notes, which HIPAA keeps apart from the record (45 CFR 164.501,
  164.524(a)(1)(i)), unless their author released them.
- Draft notes that were never signed.

Produced {generated_at} UTC. Check the files with: sha256sum -c (see manifest.json).
"""


def _access_log_csv(content: RecordContent) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["time (UTC)", "who", "what", "outcome"])
    for entry in content.access_log:
        writer.writerow(
            [entry.at.isoformat(timespec="seconds"), entry.who, entry.what, entry.outcome]
        )
    return out.getvalue().encode()


def build_files(content: RecordContent, practice_name: str) -> dict[str, bytes]:
    files: dict[str, bytes] = {
        "record.fhir.json": bundle(content).model_dump_json(indent=2).encode(),
        "record.pdf": record_pdf(content, practice_name),
    }
    extra = ""
    if content.documents:
        for attached in content.documents:
            files[attached.path] = attached.data
        extra += "- documents/: the documents attached to the record, one file each.\n"
    if content.has(Category.ACCOUNTING):
        files["accounting-of-disclosures.pdf"] = accounting_pdf(
            "client " + str(content.client.id)[:8],
            practice_name,
            content.accounting,
            content.generated_at.date().isoformat(),
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
    files["manifest.json"] = manifest(files)
    return files


def manifest(files: dict[str, bytes]) -> bytes:
    entries = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
    return (json.dumps({"algorithm": "sha256", "files": entries}, indent=2) + "\n").encode()


def zip_files(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()
