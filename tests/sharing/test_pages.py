"""The share-case-material pages and the leak check: what they show, what they make,
what they refuse, and what they leave in the audit log. All data is synthetic."""

from __future__ import annotations

import hashlib
import html
import re

import pytest

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.core.crypto.user_keys.enrolment import enrol
from sealbook.psychotherapy.actions import write_note as write_psychotherapy_note
from sealbook.psychotherapy.models import ClinicianKey
from sealbook.records import actions as records
from sealbook.records.models import Contact
from sealbook.sharing.forms import MAX_PASTED_CHARACTERS
from tests.conftest import client_details, sign_in

# Riley's identifiers, as tests/conftest.py enters them, plus a contact added below.
RILEY = (
    "Riley", "Synthwood", "555-0100-2000", "riley.synthwood@client.example.net",
    "12 Imaginary Lane", "Fictionville", "Dana Synthwood", "555-0144-7788",
)  # fmt: skip
FIRST_NOTE = (
    "Riley Synthwood came in tired. Riley called from 555-0100-2000 after a fight with "
    "her sister Dana Synthwood. She swims at Blue Harbor Aquatic Center on weekends."
)
SECOND_NOTE = (
    "Riley wrote from riley.synthwood@client.example.net. Dana Synthwood (555-0144-7788) "
    "drove her from 12 Imaginary Lane. Riley practised paced breathing."
)


@pytest.fixture
def notes(cast):
    Contact.objects.create(
        client=cast.riley, name="Dana Synthwood", relationship="sibling", phone="555-0144-7788"
    )
    first = records.create_note(
        cast.casey, cast.riley, note_format="soap", sections={"subjective": FIRST_NOTE}
    )
    second = records.create_note(
        cast.casey, cast.riley, note_format="dap", sections={"data": SECOND_NOTE}
    )
    return first, second


@pytest.fixture
def casey(client, cast):
    return sign_in(client, cast.casey)


def urls(cast):
    base = f"/clients/{cast.riley.pk}/share/"
    return base, base + "review/", base + "packet/"


def choice(*notes, **extra):
    data = {"notes": [str(n.pk) for n in notes], "policy": "disguise", "operator": "redact"}
    data.update(extra)
    return data


def findings_of(page) -> list[tuple[str, str]]:
    """(key, label) of every finding row on a review page."""
    rows = re.findall(r'data-label="([A-Z_0-9]+)">\s*<td><input type="checkbox" '
                      r'name="rejected" value="([^"]+)"', page.content.decode())  # fmt: skip
    return [(key, label) for label, key in rows]


def packet_text(page) -> str:
    found = re.search(
        r'<textarea id="packet-text"[^>]*>(.*?)</textarea>', page.content.decode(), re.S
    )
    assert found, "no packet on the page"
    return html.unescape(found.group(1))


def test_the_chart_links_to_sharing_for_the_care_team_only(client, cast):
    chart = f"/clients/{cast.riley.pk}/"
    assert b"Share case material" in sign_in(client, cast.casey).get(chart).content
    assert b"Share case material" not in sign_in(client, cast.frankie).get(chart).content


def test_the_nav_links_to_the_leak_check_but_not_for_the_auditor(client, cast):
    assert b'href="/leak-check/"' in sign_in(client, cast.frankie).get("/clients/").content
    assert b'href="/leak-check/"' not in sign_in(client, cast.avery).get("/").content


def test_the_choose_page_lists_the_clients_progress_notes(casey, cast, notes):
    page = casey.get(urls(cast)[0])
    assert page.status_code == 200
    for note in notes:
        assert str(note.pk).encode() in page.content
    assert b"Psychotherapy notes are never shared" in page.content


def test_the_review_page_shows_each_finding_with_its_kind_and_reason(casey, cast, notes):
    page = casey.post(urls(cast)[1], choice(*notes))
    assert page.status_code == 200
    labels = {label for _key, label in findings_of(page)}
    assert {"NAME", "PHONE", "EMAIL", "RELATIVE", "PLACE"} <= labels
    assert b"<mark" in page.content and b"on the roster" in page.content
    assert b"client of the practice" in page.content


def test_the_packet_holds_none_of_the_clients_identifiers(casey, cast, notes):
    page = casey.post(urls(cast)[2], choice(*notes))
    assert page.status_code == 200
    text = packet_text(page)
    assert "Document 1 of 2" in text and "paced breathing" in text
    for identifier in RILEY:
        assert identifier.lower() not in text.lower(), identifier
    assert b"De-identified under disguise" in page.content


def test_the_pseudonym_packet_holds_none_of_them_either(casey, cast, notes):
    text = packet_text(casey.post(urls(cast)[2], choice(*notes, operator="pseudonym")))
    for identifier in RILEY:
        assert identifier.lower() not in text.lower(), identifier
    assert "[NAME]" not in text  # names became made-up names, not placeholders


def test_creating_a_packet_is_audited_with_its_hash_and_no_text(casey, cast, notes):
    page = casey.post(urls(cast)[2], choice(*notes, pasted="Riley felt calmer at work."))
    text = packet_text(page)
    entry = AuditEntry.objects.get(event=AuditEvent.CASE_PACKET_CREATED)
    detail = read_detail(entry)
    digest = hashlib.sha256(text.encode()).hexdigest()
    assert entry.object_id == digest == detail["sha256"]
    assert entry.client_id == cast.riley.pk and entry.actor_id == cast.casey.pk
    assert sorted(detail["notes"]) == sorted(str(n.pk) for n in notes)
    assert detail["pasted"] == 1 and detail["policy"] == "disguise"
    assert detail["still_identifying"] == 0


def test_rejecting_a_place_keeps_it_and_says_so(casey, cast, notes):
    review = casey.post(urls(cast)[1], choice(*notes))
    place = [key for key, label in findings_of(review) if label == "PLACE"]
    assert place
    page = casey.post(urls(cast)[2], choice(*notes, rejected=place[:1]))
    assert page.status_code == 200
    assert "Blue Harbor Aquatic Center" in packet_text(page)
    assert b"You kept 1 finding" in page.content
    assert (
        read_detail(AuditEntry.objects.get(event=AuditEvent.CASE_PACKET_CREATED))["rejected"] == 1
    )


def test_a_packet_that_still_identifies_the_client_is_refused_and_says_why(casey, cast, notes):
    review = casey.post(urls(cast)[1], choice(*notes))
    names = [key for key, label in findings_of(review) if label == "NAME"]
    page = casey.post(urls(cast)[2], choice(*notes, rejected=names[:1]))
    assert page.status_code == 400
    assert b"would still identify someone" in page.content
    assert b"disclosure gate" in page.content and b'id="disclose-packet"' in page.content
    assert b'id="packet-text"' not in page.content
    assert not AuditEntry.objects.filter(event=AuditEvent.CASE_PACKET_CREATED).exists()


def test_marked_text_is_removed_everywhere(casey, cast, notes):
    data = choice(*notes, marks="paced breathing\n", mark_label="OCCUPATION")
    review = casey.post(urls(cast)[1], data)
    assert "OCCUPATION" in {label for _k, label in findings_of(review)}
    text = packet_text(casey.post(urls(cast)[2], data))
    assert "paced breathing" not in text and "[OCCUPATION]" in text


def test_a_limited_data_set_says_plainly_that_it_is_not_de_identified(casey, cast, notes):
    page = casey.post(urls(cast)[2], choice(*notes, policy="limited-data-set"))
    assert page.status_code == 200
    assert b"not de-identified" in page.content and b"data use agreement" in page.content


# Bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"notes": []}, b"Choose at least one note or paste some text"),
        ({"policy": "hipaa-ish"}, b"Choose one of the policies: safe-harbor, disguise"),
        ({"operator": "shred"}, b"Choose one of the operators: redact, pseudonym"),
        ({"notes": ["not-a-uuid"]}, b"A chosen note is not a note of this chart"),
        ({"mark_label": "COLOUR"}, b"Choose one of the kinds"),
        ({"rejected": ["<script>"]}, b"not ones this review showed"),
        ({"notes": [], "pasted": "x" * (MAX_PASTED_CHARACTERS + 1)}, b"too long"),
    ],
)
@pytest.mark.parametrize("step", [1, 2])
def test_bad_input_is_a_400_with_a_clear_message(casey, cast, notes, overrides, message, step):
    data = choice(*notes)
    data.update(overrides)
    page = casey.post(urls(cast)[step], data)
    assert page.status_code == 400
    assert message in page.content
    assert not AuditEntry.objects.filter(event=AuditEvent.CASE_PACKET_CREATED).exists()


def test_a_note_of_another_client_is_a_404(casey, cast, notes):
    other = records.create_client(cast.casey, client_details(legal_first_name="Sasha"))
    foreign = records.create_note(
        cast.casey, other, note_format="soap", sections={"subjective": "Synthetic text."}
    )
    for step in (1, 2):
        assert casey.post(urls(cast)[step], choice(notes[0], foreign)).status_code == 404


def test_a_psychotherapy_note_cannot_be_shared(casey, cast, notes):
    enrolment = enrol("a synthetic password for sharing 1")
    ClinicianKey.objects.create(
        user=cast.casey,
        public_key=enrolment.public_key,
        password_wrapped=enrolment.password_wrapped,
        recovery_wrapped=enrolment.recovery_wrapped,
    )
    private = write_psychotherapy_note(cast.casey, cast.riley, "Synthetic private process text.")
    assert str(private.pk).encode() not in casey.get(urls(cast)[0]).content
    for step in (1, 2):
        page = casey.post(urls(cast)[step], choice(notes[0], private))
        assert page.status_code == 404
        assert b"Synthetic private process text" not in page.content


def test_an_unknown_note_is_a_404(casey, cast, notes):
    data = choice(notes[0])
    data["notes"].append("00000000-0000-4000-8000-000000000000")
    assert casey.post(urls(cast)[1], data).status_code == 404


def test_a_finding_that_is_no_longer_there_is_refused(casey, cast, notes):
    page = casey.post(urls(cast)[2], choice(*notes, rejected=["1:0:3:PLACE"]))
    assert page.status_code == 400
    assert b"review the packet again" in page.content


def test_the_share_pages_need_post_for_review_and_packet(casey, cast):
    assert casey.get(urls(cast)[1]).status_code == 405
    assert casey.get(urls(cast)[2]).status_code == 405


# The leak check --------------------------------------------------------------


def test_the_leak_check_finds_a_client_and_direct_identifiers(client, cast):
    page = sign_in(client, cast.casey).post(
        "/leak-check/", {"text": "Saw Riley Synthwood today; call 555-0100-2000."}
    )
    assert page.status_code == 200
    assert b"do not send this text as it is" in page.content
    assert f'href="/clients/{cast.riley.pk}/"'.encode() in page.content
    entry = AuditEntry.objects.get(event=AuditEvent.LEAK_CHECK_RUN)
    detail = read_detail(entry)
    assert detail["findings"] >= 2 and detail["roster_hits"] >= 2


def test_clean_text_passes_the_leak_check(client, cast):
    page = sign_in(client, cast.casey).post(
        "/leak-check/", {"text": "A client in their thirties practised paced breathing."}
    )
    assert page.status_code == 200
    assert b"No direct identifier and no client of yours found" in page.content


def test_the_leak_check_does_not_name_a_client_the_user_cannot_see(client, cast):
    # Quinn is outside Riley's care team: the name is not recognised as a client for Quinn.
    page = sign_in(client, cast.quinn).post("/leak-check/", {"text": "Riley Synthwood's week."})
    assert str(cast.riley.pk).encode() not in page.content


@pytest.mark.parametrize(
    ("text", "message"),
    [("", b"Paste the text to check"), ("x" * (MAX_PASTED_CHARACTERS + 1), b"too long")],
)
def test_bad_leak_check_input_is_a_400(client, cast, text, message):
    page = sign_in(client, cast.casey).post("/leak-check/", {"text": text})
    assert page.status_code == 400 and message in page.content
    assert not AuditEntry.objects.filter(event=AuditEvent.LEAK_CHECK_RUN).exists()


def test_the_auditor_may_not_use_the_leak_check(client, cast):
    assert sign_in(client, cast.avery).get("/leak-check/").status_code == 403


def test_no_audit_entry_holds_any_shared_or_checked_text(casey, cast, notes):
    casey.post(urls(cast)[1], choice(*notes))
    casey.post(urls(cast)[2], choice(*notes, pasted="Riley met Dana Synthwood."))
    casey.post("/leak-check/", {"text": "Riley Synthwood, 555-0100-2000"})
    stored = []
    for entry in AuditEntry.objects.all():
        stored.append(f"{entry.object_type} {entry.object_id} {entry.outcome}")
        stored.append(str(read_detail(entry)))
    everything = " ".join(stored).lower()
    for identifier in (*RILEY, "Blue Harbor", "paced breathing"):
        assert identifier.lower() not in everything, identifier
