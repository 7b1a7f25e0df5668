"""Run inside a CLI test's home: fill a practice with records, or dump everything it can read.

    python -m tests.backup.practice_tool populate N
    python -m tests.backup.practice_tool dump
    python -m tests.backup.practice_tool features GONE KEPT
    python -m tests.backup.practice_tool sha256-documents
    python -m tests.backup.practice_tool format-1 BACKUP

Used by the restore drill and the crypto-shredding test, which compare a dump
taken before a backup with one taken after restoring it, and by the test that
backups from before BLAKE3 still verify and restore. All data is synthetic.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import re
import sys


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sealbook.settings")
    import django

    django.setup()
    from sealbook.cli import unsealing

    assert unsealing.unseal_from_environment(prompt=False)


def populate(count: int) -> None:
    from sealbook.accounts.models import Role, User
    from sealbook.documents import actions as documents
    from sealbook.records import actions
    from sealbook.records.actions import ClientDetails

    clinician = User.objects.create_staff(
        "casey@practice.example.org", "a long clinician password 1", Role.CLINICIAN, "Casey"
    )
    for i in range(count):
        client = actions.create_client(
            clinician,
            ClientDetails(
                legal_first_name=f"Synthia{i}",
                legal_last_name=f"Testperson{i}",
                date_of_birth=datetime.date(1970 + i, 1 + i % 12, 10),
                phone=f"555-0100-{1000 + i}",
            ),
        )
        session = actions.schedule_session(
            clinician, client, clinician=clinician, date=datetime.date(2012, 3, 4),
            start_time=datetime.time(10, 0), duration_minutes=50, service="individual",
            modality="in-person",
        )  # fmt: skip
        note = actions.create_note(
            clinician, client, note_format="soap", session=session,
            sections={"subjective": f"Synthetic note {i}", "plan": "Continue."},
        )  # fmt: skip
        actions.sign_note(clinician, note)
        actions.amend_note(clinician, note, text=f"Amendment {i}", reason="typo")
        for size in (0, 5, 200_000):
            upload = documents.encrypt_upload(
                io.BytesIO(os.urandom(size)),
                filename=f"scan{i}.pdf",
                content_type="application/pdf",
            )
            documents.add_document(clinician, client, upload, title=f"Scan {i}", kind="document")


def dump() -> dict[str, object]:
    from sealbook.audit.models import AuditEntry, AuditHead
    from sealbook.core.errors import SealbookError
    from sealbook.documents.actions import read_document
    from sealbook.documents.models import Document
    from sealbook.records.models import Client, NoteAmendment, ProgressNote

    def readable(read):
        try:
            return read()
        except SealbookError:
            return "UNREADABLE"

    out: dict[str, dict[str, object]] = {"clients": {}, "notes": {}, "documents": {}}
    for c in Client.objects.order_by("id"):
        out["clients"][str(c.id)] = readable(
            lambda c=c: [c.legal_first_name, c.legal_last_name, str(c.date_of_birth), c.phone]
        )
    for n in ProgressNote.objects.order_by("id"):
        out["notes"][str(n.id)] = readable(lambda n=n: [n.sections, n.status, n.signed_digest])
    for a in NoteAmendment.objects.order_by("id"):
        out["notes"][str(a.id)] = readable(lambda a=a: [a.text, a.reason])
    for d in Document.objects.order_by("id"):
        out["documents"][str(d.id)] = readable(
            lambda d=d: [d.title, hashlib.sha256(read_document(d)).hexdigest()]
        )
    head = AuditHead.objects.get(pk=1)
    chain = [
        bytes(h).hex()
        for h in AuditEntry.objects.order_by("seq").values_list("chain_hash", flat=True)
    ]
    out["audit"] = {"size": head.size, "root": bytes(head.root_hash).hex(), "chain": chain}
    return out


def session() -> dict[str, str]:
    """A logged-in, second-factor-verified web session of the clinician, as after a login."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from sealbook.accounts.models import User
    from sealbook.records.models import Client
    from sealbook.staff.models import TOTPDevice

    user = User.objects.get(email="casey@practice.example.org")
    device = TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["otp_device_id"] = device.persistent_id
    store.create()
    client = Client.objects.order_by("id").first()
    return {"session": str(store.session_key), "client": str(client.pk if client else "")}


def features(gone: str, kept: str) -> dict[str, dict[str, object]]:
    """The client list, search and leak-check pages as the clinician sees them, in-process.

    `gone` and `kept` are the first names of a client without a key and one with.
    """
    from django.test import Client as Browser

    from sealbook.accounts.models import User
    from sealbook.staff.models import TOTPDevice

    user = User.objects.get(email="casey@practice.example.org")
    device = TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)
    browser = Browser()
    browser.force_login(user)
    session = browser.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    pages = {
        "list": browser.get("/clients/"),
        "search_gone": browser.post("/clients/search/", {"q": gone}),
        "search_kept": browser.post("/clients/search/", {"q": kept}),
        "leak_check": browser.post("/leak-check/", {"text": f"Saw {gone} and {kept} today."}),
    }
    out: dict[str, dict[str, object]] = {}
    for name, response in pages.items():
        text = response.content.decode()
        out[name] = {
            "status": response.status_code,
            "left_out": text.count("1 client record was left out: its data key was destroyed"),
            # Names shown as links to a chart: not the query echoed back in its field.
            "names": sorted(set(re.findall(r'href="/clients/[^"]+">(Synthia\d+)', text))),
        }
    return out


def audited() -> dict[str, list[str]]:
    """Objects whose creation the log records, and the rows that exist."""
    from sealbook.audit.events import AuditEvent
    from sealbook.audit.models import AuditEntry
    from sealbook.documents.models import Document
    from sealbook.records.models import ProgressNote

    def created(event: AuditEvent) -> list[str]:
        return sorted(AuditEntry.objects.filter(event=event).values_list("object_id", flat=True))

    return {
        "notes": created(AuditEvent.NOTE_CREATED),
        "documents": created(AuditEvent.DOCUMENT_ADDED),
        "note_rows": sorted(str(i) for i in ProgressNote.objects.values_list("id", flat=True)),
        "document_rows": sorted(str(i) for i in Document.objects.values_list("id", flat=True)),
    }


def sha256_documents() -> None:
    """Make every document's row as migration 0002 leaves one stored before BLAKE3."""
    from sealbook.documents import fingerprint
    from sealbook.documents.models import Document
    from sealbook.documents.storage import storage

    for document in Document.objects.all():
        _, digest = fingerprint.fingerprint_file(storage().path(document.storage_name), "sha256")
        document.digest_algorithm, document.stored_digest = "sha256", digest
        document.save(update_fields=["digest_algorithm", "stored_digest"])


def format_1(path: str) -> None:
    """Rewrite a backup's manifest as format 1 wrote it (SHA-256 for every file), signed."""
    from pathlib import Path

    from sealbook.backup.archive import SIGNED_PREFIX
    from sealbook.documents import fingerprint
    from sealbook.vault import runtime

    backup = Path(path)
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["sealbook_backup"] = 1
    for entry in manifest["files"]:
        entry.pop("blake3", None)
        _, entry["sha256"] = fingerprint.fingerprint_file(backup / entry["path"], "sha256")
    body = json.dumps(manifest, indent=1, sort_keys=True).encode() + b"\n"
    (backup / "manifest.json").write_bytes(body)
    signature = runtime.audit_signing_key().sign(SIGNED_PREFIX + body)
    (backup / "manifest.sig").write_text(signature.hex() + "\n")


if __name__ == "__main__":
    setup()
    if sys.argv[1] == "populate":
        populate(int(sys.argv[2]))
    elif sys.argv[1] == "audited":
        print(json.dumps(audited()))
    elif sys.argv[1] == "features":
        print(json.dumps(features(sys.argv[2], sys.argv[3])))
    elif sys.argv[1] == "session":
        print(json.dumps(session()))
    elif sys.argv[1] == "sha256-documents":
        sha256_documents()
    elif sys.argv[1] == "format-1":
        format_1(sys.argv[2])
    else:
        print(json.dumps(dump(), sort_keys=True))
