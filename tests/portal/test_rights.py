"""The client's rights requests from the portal: a copy (164.524), an amendment (164.526),
a restriction (164.522(a)); the care team answers each on the chart's page."""

from __future__ import annotations

import datetime
import hashlib
import io
import zipfile

import pytest
from django.utils import timezone

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.disclosure.models import Disclosure, LegalBasis, Restriction
from sealbook.export.models import AccessRequest
from sealbook.portal.amendments import ACCEPTED
from sealbook.portal.copies import copy_store, remove_expired
from sealbook.portal.rights_models import (
    AmendmentRequest,
    AmendmentState,
    RecordCopy,
    RestrictionRequest,
    RestrictionState,
)
from sealbook.records.models import NoteAmendment
from sealbook.sharing.roster import practice_roster
from sealbook.staff.models import TOTPDevice
from tests.conftest import PASSWORD, sign_in, sign_in_reauthenticated
from tests.mail.support import assert_reveals_nothing
from tests.portal.support import code_for, portal_account, signed_note

EMAIL = "riley.synthwood@client.example.net"
PLAN = "Acme Health Plan"


def test_a_copy_is_asked_for_delivered_encrypted_and_downloaded_after_reauthentication(
    client, cast, smtp_server, password_hash
):
    account = portal_account(cast, cast.riley, EMAIL, password_hash=password_hash)
    signed_note(cast)
    sign_in(client, account.user)
    assert client.post("/portal/requests/copy/").status_code == 302
    copy = RecordCopy.objects.get()
    access_request = AccessRequest.objects.get()
    assert copy.access_request == access_request
    assert access_request.due_on == timezone.localdate() + datetime.timedelta(days=30)
    assert "Being prepared" in client.get("/portal/requests/").content.decode()
    # A second request while the first is open is refused.
    assert client.post("/portal/requests/copy/").status_code == 400

    # The clinician answers it (after re-authenticating: an export is a sudo action).
    sign_in(client, cast.casey)
    assert client.get(f"/rights/copies/{copy.pk}/").status_code == 302  # to re-authenticate
    sign_in_reauthenticated(client, cast.casey)
    assert client.post(f"/rights/copies/{copy.pk}/").status_code == 302
    copy.refresh_from_db()
    disclosure = Disclosure.objects.get()
    assert disclosure.basis == LegalBasis.CLIENT_REQUEST and disclosure.to_client
    assert copy.zip_sha256 == disclosure.content_sha256
    access_request.refresh_from_db()
    assert access_request.fulfilled_at is not None
    (told,) = smtp_server.messages
    assert_reveals_nothing(told, practice_roster())
    # At rest the file is ciphertext: no member name of the ZIP is readable in it.
    stored = copy_store().path(copy.storage_name).read_bytes()
    assert b"record.fhir.json" not in stored and stored[:2] != b"PK"

    sign_in(client, account.user)
    page = client.get(f"/portal/requests/copy/{copy.pk}/")
    assert page.status_code == 200 and b'name="password"' in page.content
    device = TOTPDevice.objects.get(user=account.user)
    wrong = {"password": "not the password", "code": code_for(device)}
    assert client.post(f"/portal/requests/copy/{copy.pk}/", wrong).status_code == 401
    right = {"password": PASSWORD, "code": code_for(device, 1)}
    response = client.post(f"/portal/requests/copy/{copy.pk}/", right)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    # Exactly the bytes the disclosure record's digest names.
    assert hashlib.sha256(body).hexdigest() == disclosure.content_sha256
    assert "record.fhir.json" in zipfile.ZipFile(io.BytesIO(body)).namelist()
    detail = read_detail(AuditEntry.objects.get(event=AuditEvent.PORTAL_COPY_DOWNLOADED))
    assert detail == {"factor": "totp"}
    outcomes = AuditEntry.objects.filter(event=AuditEvent.REAUTHENTICATED).values_list(
        "outcome", flat=True
    )
    assert sorted(outcomes) == ["failure", "success"]

    # When the window ends the file is deleted and the link opens nothing.
    assert remove_expired(copy.available_until) == 1
    assert remove_expired(copy.available_until) == 0  # removed once, by one process
    assert not copy_store().path(copy.storage_name).exists()
    assert client.get(f"/portal/requests/copy/{copy.pk}/").status_code == 404
    assert AuditEntry.objects.filter(event=AuditEvent.PORTAL_COPY_REMOVED).count() == 1


def test_an_accepted_amendment_is_appended_to_the_note(client, cast, smtp_server):
    account = portal_account(cast, cast.riley, EMAIL)
    note = signed_note(cast)
    sign_in(client, account.user)
    data = {"change": "The session date was the 3rd.", "reason": "It was moved."}
    assert client.post("/portal/requests/amendment/", data).status_code == 302
    amendment = AmendmentRequest.objects.get()
    assert amendment.due_on == amendment.received_on + datetime.timedelta(days=60)

    sign_in(client, cast.casey)
    page = client.get(f"/clients/{cast.riley.pk}/portal/rights/").content.decode()
    assert "The session date was the 3rd." in page and "60 days left" in page
    answer = {f"{amendment.pk}-decision": "accept", f"{amendment.pk}-note": str(note.pk)}
    assert client.post(f"/rights/amendments/{amendment.pk}/", answer).status_code == 302
    amendment.refresh_from_db()
    assert amendment.state == AmendmentState.ACCEPTED and amendment.note == note
    (told,) = smtp_server.messages  # the answer is in the portal; the e-mail says only that
    assert told["To"] == EMAIL and told["Subject"] == "Your request has an answer"
    assert_reveals_nothing(told, practice_roster())
    appended = NoteAmendment.objects.get(note=note)
    assert appended.text == "The session date was the 3rd."
    assert appended.reason == ACCEPTED and appended.author == cast.casey
    # Answered once.
    assert client.post(f"/rights/amendments/{amendment.pk}/", answer).status_code == 400
    sign_in(client, account.user)
    assert "Accepted" in client.get("/portal/requests/").content.decode()


def test_a_denial_and_the_statement_of_disagreement_go_with_the_note(client, cast):
    from sealbook.export.content import gather

    account = portal_account(cast, cast.riley, EMAIL)
    note = signed_note(cast)
    sign_in(client, account.user)
    client.post("/portal/requests/amendment/", {"change": "Remove line two.", "reason": "Wrong."})
    amendment = AmendmentRequest.objects.get()
    # A statement of disagreement needs a denial first.
    url = f"/portal/requests/amendment/{amendment.pk}/disagree/"
    assert client.post(url, {"statement": "I disagree."}).status_code == 400

    sign_in(client, cast.casey)
    answer = {f"{amendment.pk}-decision": "deny", f"{amendment.pk}-note": str(note.pk)}
    assert client.post(f"/rights/amendments/{amendment.pk}/", answer).status_code == 400
    answer[f"{amendment.pk}-reason"] = "The note is accurate and complete."
    assert client.post(f"/rights/amendments/{amendment.pk}/", answer).status_code == 302

    sign_in(client, account.user)
    assert "The note is accurate and complete." in client.get("/portal/requests/").content.decode()
    assert client.post(url, {"statement": "Line two is still wrong."}).status_code == 302
    assert client.post(url, {"statement": "Again."}).status_code == 400
    text = note.as_text(amendments=True)
    assert "Remove line two." in text and "The note is accurate and complete." in text
    assert "Line two is still wrong." in text
    # A later export carries the request, the denial and the disagreement with the note.
    content = gather(cast.riley, frozenset({"progress-notes"}), now=timezone.now())
    (exported,) = content.notes
    assert [a.text for a in exported.amendments.all()][-1] == "Line two is still wrong."
    events = set(AuditEntry.objects.values_list("event", flat=True))
    assert {AuditEvent.AMENDMENT_DENIED, AuditEvent.AMENDMENT_DISAGREEMENT_FILED} <= events


def _ask_restriction(client, account, **extra):
    sign_in(client, account.user)
    data = {"restriction": "Nothing about my sessions to my employer's plan.", **extra}
    assert client.post("/portal/requests/restriction/", data).status_code == 302
    return RestrictionRequest.objects.latest("requested_at")


def _gate(cast, basis, recipient=PLAN, categories=("progress-notes",)):
    """Clear a disclosure on `basis` through the gate; the refusal's code, or "" when let go."""
    from sealbook.disclosure.gate import DisclosureRefused, Produced, disclose
    from tests.disclosure.support import basis_request

    request = basis_request(
        cast.riley, basis, recipient_name=recipient, categories=frozenset(categories)
    )
    cast.casey.sudo_active = True  # re-authenticated a moment ago
    try:
        disclose(cast.casey, request, channel="recorded",
                 produce=lambda _r: Produced(b"synthetic", "Synthetic"))  # fmt: skip
    except DisclosureRefused as refused:
        return refused.code
    return ""


def test_an_agreed_restriction_is_enforced_by_the_disclosure_gate(client, cast):
    account = portal_account(cast, cast.riley, EMAIL)
    found = _ask_restriction(client, account)
    assert client.post("/portal/requests/restriction/", {"restriction": ""}).status_code == 400
    sign_in(client, cast.casey)
    url = f"/rights/restrictions/{found.pk}/"
    page = client.get(f"/clients/{cast.riley.pk}/portal/rights/").content.decode()
    assert 'name="bases"' in page and 'name="recipient_name"' in page
    assert client.post(url, {"decision": "decline"}).status_code == 400  # a refusal says why
    # Agreeing says what the gate is to refuse: which disclosures, at the least.
    assert client.post(url, {"decision": "agree"}).status_code == 400
    scope = {"bases": ["payment", "operations"], "recipient_name": " acme  HEALTH plan ",
             "categories": ["progress-notes", "documents"]}  # fmt: skip
    assert client.post(url, {"decision": "agree", **scope}).status_code == 302
    found.refresh_from_db()
    assert found.state == RestrictionState.AGREED and found.answered_by == cast.casey
    restriction = found.agreed_restriction
    assert restriction.bases == ["operations", "payment"]
    assert restriction.reason == "Nothing about my sessions to my employer's plan."
    page = client.get(f"/clients/{cast.riley.pk}/portal/rights/").content.decode()
    assert "disclosures for payment and disclosures for health care operations" in page

    # Covered: refused with the reason and the date, audited with a code only.
    assert _gate(cast, "payment") == "restricted"
    assert _gate(cast, "operations", categories=("documents", "service-dates")) == "restricted"
    refused = AuditEntry.objects.filter(event=AuditEvent.DISCLOSURE_REFUSED).latest("seq")
    assert read_detail(refused) == {"reason": "restricted", "basis": "operations"}
    # Not covered: another recipient, another kind of information, another purpose, and the
    # disclosures an agreed restriction never reaches (164.522(a)(1)(v)).
    assert _gate(cast, "payment", recipient="Another Plan") == ""
    assert _gate(cast, "payment", categories=("service-dates",)) == ""
    assert _gate(cast, "treatment") == ""
    assert _gate(cast, "court-order") == ""
    # The audit entries name no recipient and carry none of the client's words.
    answered = AuditEntry.objects.get(event=AuditEvent.RESTRICTION_ANSWERED)
    assert read_detail(answered) == {
        "agreed": True, "restriction": str(restriction.pk), "bases": ["operations", "payment"],
        "categories": ["documents", "progress-notes"], "recipient_named": True,
        "self_pay": False,
    }  # fmt: skip
    sign_in(client, account.user)
    assert "Agreed" in client.get("/portal/requests/").content.decode()


def test_a_declined_restriction_restricts_nothing(client, cast):
    account = portal_account(cast, cast.riley, EMAIL)
    found = _ask_restriction(client, account)
    sign_in(client, cast.casey)
    answer = {"decision": "decline", "answer": "We bill the plan for every session.",
              "bases": ["payment"]}  # fmt: skip
    assert client.post(f"/rights/restrictions/{found.pk}/", answer).status_code == 302
    found.refresh_from_db()
    assert found.state == RestrictionState.DECLINED and found.agreed_restriction is None
    assert not Restriction.objects.exists()
    assert _gate(cast, "payment") == ""


def test_care_paid_out_of_pocket_is_kept_from_the_health_plan(client, cast):
    # 164.522(a)(1)(vi): the practice must agree, for payment and operations both.
    account = portal_account(cast, cast.riley, EMAIL)
    found = _ask_restriction(client, account, self_pay="yes")
    assert found.self_pay_health_plan
    sign_in(client, cast.casey)
    url = f"/rights/restrictions/{found.pk}/"
    refusal = {"decision": "decline", "answer": "We would rather not."}
    assert client.post(url, refusal).status_code == 400
    payment_only = {"decision": "agree", "bases": ["payment"], "recipient_name": PLAN}
    assert client.post(url, payment_only).status_code == 400
    agreed = {**payment_only, "bases": ["payment", "operations"]}
    assert client.post(url, agreed).status_code == 302
    assert Restriction.objects.get().self_pay_health_plan
    assert _gate(cast, "payment", categories=("service-dates",)) == "restricted"
    assert _gate(cast, "payment", recipient="Another Plan") == ""


def test_a_copy_answered_outside_the_portal_does_not_block_the_next_request(client, cast):
    from sealbook.export.actions import fulfil_access_request

    account = portal_account(cast, cast.riley, EMAIL)
    sign_in(client, account.user)
    client.post("/portal/requests/copy/")
    first = RecordCopy.objects.get()
    cast.casey.sudo_active = True  # re-authenticated a moment ago
    _disclosure, export = fulfil_access_request(
        cast.casey, first.access_request, identity_verified=True
    )
    export.close()
    assert (
        "Answered by the practice outside the portal"
        in client.get("/portal/requests/").content.decode()
    )
    assert client.post("/portal/requests/copy/").status_code == 302
    assert RecordCopy.objects.count() == 2


def test_a_crashed_delivery_leaves_no_file_and_no_change_or_is_finished_later(cast, monkeypatch):
    import os
    import subprocess
    import uuid

    from sealbook.core.crypto.stream import StreamWriter
    from sealbook.documents.storage import LocalStorage
    from sealbook.jobs import registry
    from sealbook.portal import copies

    account = portal_account(cast, cast.riley, EMAIL)
    signed_note(cast)
    copy = copies.request_copy(account)
    cast.casey.sudo_active = True  # re-authenticated a moment ago
    store = copy_store()
    incoming = store.root / "incoming"

    class FailingMidWrite(StreamWriter):
        def write(self, data):
            super().write(data)
            assert list(incoming.iterdir())  # the file is half-written in incoming/
            raise OSError("simulated crash mid-write")

    monkeypatch.setattr(copies, "StreamWriter", FailingMidWrite)
    with pytest.raises(OSError, match="simulated crash"):
        copies.deliver_copy(cast.casey, copy)
    monkeypatch.undo()
    assert list(incoming.iterdir()) == [] and not store.path(copy.storage_name).exists()
    copy.refresh_from_db()
    copy.access_request.refresh_from_db()
    assert copy.delivered_at is None and not copy.file_key
    assert copy.access_request.fulfilled_at is None and not Disclosure.objects.exists()
    assert not AuditEntry.objects.filter(event=AuditEvent.PORTAL_COPY_DELIVERED).exists()

    # The process dies after the commit, before the move: the sweep finishes the move, once
    # the file is stale (a live delivery's is never raced).
    def killed(self, name, pid=None):
        raise SystemExit("simulated kill between the commit and the move")

    monkeypatch.setattr(LocalStorage, "commit", killed)
    with pytest.raises(SystemExit):
        copies.deliver_copy(cast.casey, copy)
    monkeypatch.undo()
    copy.refresh_from_db()
    assert copy.delivered_at is not None and not store.path(copy.storage_name).exists()
    assert copies.sweep_incoming() == (0, 0)
    later = timezone.now() + copies.STALE_INCOMING + datetime.timedelta(minutes=1)
    assert copies.sweep_incoming(later) == (1, 0)
    assert store.size(copy.storage_name) == copy.stored_size

    # A delivery that never committed, its process dead: removed at once; a live one's file
    # stays until it is stale, then the expiry job removes it.
    dead = subprocess.Popen(["true"])  # a process that has ended
    dead.wait()
    for pid in (dead.pid, os.getpid()):
        (incoming / f"{pid}.{uuid.uuid4().hex}.part").write_bytes(b"sealed bytes")
    assert copies.sweep_incoming() == (0, 1)
    monkeypatch.setattr(registry, "clock_offset", copies.STALE_INCOMING * 2)
    registry.remove_expired_copies()
    assert list(incoming.iterdir()) == []
