"""A packet that still identifies the client goes out only through the disclosure gate."""

from __future__ import annotations

import hashlib
import html
import re

import pytest

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.disclosure import actions as disclosure_actions
from sealbook.disclosure.models import Disclosure, LegalBasis
from sealbook.records import actions as records
from sealbook.staff.sudo import SESSION_KEY
from tests.conftest import sign_in
from tests.disclosure.support import BASIS_DETAILS, PHYSICIAN, complete_draft

NOTE = "Riley Synthwood felt calmer this week and practised paced breathing."


@pytest.fixture
def note(cast):
    return records.create_note(
        cast.casey, cast.riley, note_format="soap", sections={"subjective": NOTE}
    )


@pytest.fixture
def casey(client, cast):
    sign_in(client, cast.casey)
    session = client.session
    session[SESSION_KEY] = 4102444800  # re-authenticated, far into the future
    session.save()
    return client


def url(cast, step: str) -> str:
    return f"/clients/{cast.riley.pk}/share/{step}/"


def name_keys(casey, cast, note) -> list[str]:
    page = casey.post(url(cast, "review"), identifying(note))
    return re.findall(r'value="(\d+:\d+:\d+:NAME)"', page.content.decode())


def identifying(note, **extra):
    data = {"notes": [str(note.pk)], "policy": "disguise", "operator": "redact"}
    data.update(extra)
    return data


def packet_text(page) -> str:
    found = re.search(
        r'<textarea id="packet-text"[^>]*>(.*?)</textarea>', page.content.decode(), re.S
    )
    assert found
    return html.unescape(found.group(1))


def test_the_refusal_offers_the_disclosure_form(casey, cast, note):
    keys = name_keys(casey, cast, note)
    page = casey.post(url(cast, "packet"), identifying(note, rejected=keys))
    assert page.status_code == 400
    assert b'id="disclose-packet-button"' in page.content
    assert b'id="reauthenticate-first"' not in page.content


def test_a_packet_is_disclosed_under_an_authorization_that_covers_it(casey, cast, note):
    auth = disclosure_actions.record_authorization(cast.casey, cast.riley, complete_draft())
    keys = name_keys(casey, cast, note)
    data = identifying(
        note, rejected=keys, basis="authorization", authorization=str(auth.pk),
        recipient_name=PHYSICIAN, purpose="",
    )  # fmt: skip
    page = casey.post(url(cast, "disclose"), data)
    assert page.status_code == 200, page.content.decode()[-800:]
    text = packet_text(page)
    assert "Riley Synthwood" in text
    assert b'id="disclosed"' in page.content
    disclosure = Disclosure.objects.get(client=cast.riley)
    assert disclosure.channel == "case-packet" and disclosure.authorization_id == auth.pk
    assert disclosure.content_sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert disclosure.categories == ["progress-notes"]
    created = read_detail(AuditEntry.objects.get(event=AuditEvent.CASE_PACKET_CREATED))
    assert created["sha256"] == disclosure.content_sha256 and created["still_identifying"] >= 1
    assert "Riley" not in str(created)


def test_a_packet_goes_out_on_a_legal_basis_with_its_details(casey, cast, note):
    details = {f"treatment__{k}": v for k, v in BASIS_DETAILS[LegalBasis.TREATMENT].items()}
    data = identifying(
        note, rejected=name_keys(casey, cast, note), basis="treatment",
        recipient_name="Dr. Synthetic Psychiatrist", purpose="Medication consultation",
        **details,
    )  # fmt: skip
    assert casey.post(url(cast, "disclose"), data).status_code == 200
    assert Disclosure.objects.get(client=cast.riley).basis == LegalBasis.TREATMENT


@pytest.mark.parametrize(
    ("overrides", "status", "message"),
    [
        ({"basis": "authorization", "recipient_name": PHYSICIAN}, 409,
         b"Choose one of this client&#x27;s authorizations"),
        ({"basis": "treatment", "recipient_name": "Dr. X", "purpose": "Care"}, 409,
         b"role in the client&#x27;s treatment: required for this basis"),
        ({"basis": "gossip"}, 400, b"Choose one of the legal bases"),
        ({"basis": "treatment", "recipient_name": "", "purpose": "Care"}, 409,
         b"Name the recipient"),
    ],
)  # fmt: skip
def test_the_gate_refuses_and_says_why(casey, cast, note, overrides, status, message):
    data = identifying(note, rejected=name_keys(casey, cast, note), **overrides)
    page = casey.post(url(cast, "disclose"), data)
    assert page.status_code == status
    assert message in page.content
    assert not Disclosure.objects.exists()
    assert not AuditEntry.objects.filter(event=AuditEvent.CASE_PACKET_CREATED).exists()


def test_an_authorization_to_someone_else_is_refused(casey, cast, note):
    auth = disclosure_actions.record_authorization(cast.casey, cast.riley, complete_draft())
    data = identifying(
        note, rejected=name_keys(casey, cast, note), basis="authorization",
        authorization=str(auth.pk), recipient_name="Someone Else",
    )  # fmt: skip
    page = casey.post(url(cast, "disclose"), data)
    assert page.status_code == 409
    assert b"not the one the authorization names" in page.content
    assert AuditEntry.objects.filter(event=AuditEvent.DISCLOSURE_REFUSED).exists()
    assert not Disclosure.objects.exists()


def test_a_de_identified_packet_needs_no_disclosure(casey, cast, note):
    data = identifying(note, basis="treatment", recipient_name="Dr. X", purpose="Care")
    page = casey.post(url(cast, "disclose"), data)
    assert page.status_code == 400 and b"identifies no one" in page.content
    assert not Disclosure.objects.exists()


def test_pasted_text_is_not_disclosed(casey, cast, note):
    data = identifying(
        note, pasted="Riley Synthwood again.", basis="treatment", recipient_name="Dr. X",
        purpose="Care",
    )  # fmt: skip
    page = casey.post(url(cast, "disclose"), data)
    assert page.status_code == 400 and b"Only notes from the record" in page.content


def test_disclosing_needs_a_fresh_password(client, cast, note):
    sign_in(client, cast.casey)
    data = identifying(note, basis="treatment", recipient_name="Dr. X", purpose="Care")
    data["rejected"] = name_keys(client, cast, note)
    page = client.post(url(cast, "packet"), data)
    assert b'id="reauthenticate-first"' in page.content
    response = client.post(url(cast, "disclose"), data)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/reauthenticate/?next=")
    assert not Disclosure.objects.exists()
    # Back from re-authenticating, the GET starts the share flow again.
    back = client.get(url(cast, "disclose"))
    assert back.status_code == 302
    assert back.headers["Location"] == f"/clients/{cast.riley.pk}/share/"


def test_a_trainee_on_the_team_is_told_who_may_disclose(client, cast, note, password_hash):
    from sealbook.records.models import CareTeamMembership
    from tests.conftest import make_user

    trainee = make_user("tia@practice.example.org", "trainee", "Tia Trainee", password_hash)
    CareTeamMembership.objects.create(client=cast.riley, user=trainee)
    sign_in(client, trainee)
    data = identifying(note, rejected=name_keys(client, cast, note))
    page = client.post(url(cast, "packet"), data)
    assert b"Only a licensed clinician" in page.content
    assert b'id="disclose-packet-button"' not in page.content
