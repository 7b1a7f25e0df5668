"""The web app through Django's test client: access, forms, headers and the sealed page."""

from __future__ import annotations

import time

import pytest

from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.records import actions
from sealbook.records.models import ProgressNote
from sealbook.vault import runtime
from tests.conftest import PASSWORD, sign_in

SOAP = {"subjective": "Felt calmer this week.", "objective": "o", "assessment": "a", "plan": "p"}


@pytest.fixture
def note(cast):
    return actions.create_note(cast.casey, cast.riley, note_format="soap", sections=SOAP)


def logged_in(client, user):
    return sign_in(client, user)


def test_logging_in_with_the_right_password_is_audited(client, cast):
    response = client.post("/login/", {"email": "casey@practice.example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(
        event=AuditEvent.LOGIN_SUCCEEDED, actor_id=cast.casey.pk
    ).exists()


def test_a_wrong_password_is_refused_and_audited(client, cast):
    response = client.post("/login/", {"email": "casey@practice.example.org", "password": "nope"})
    assert response.status_code == 401
    assert b"do not match" in response.content
    assert AuditEntry.objects.filter(event=AuditEvent.LOGIN_FAILED).exists()


def test_pages_need_a_login(client, cast):
    assert client.get(f"/clients/{cast.riley.pk}/").status_code == 302


def test_the_care_team_sees_the_chart_with_its_notes(client, cast, note):
    response = logged_in(client, cast.casey).get(f"/clients/{cast.riley.pk}/")
    assert response.status_code == 200
    assert b"Felt calmer this week." in response.content
    assert AuditEntry.objects.filter(event=AuditEvent.CHART_VIEWED, actor_id=cast.casey.pk).exists()


def test_a_clinician_off_the_care_team_gets_a_404(client, cast, note):
    assert logged_in(client, cast.quinn).get(f"/clients/{cast.riley.pk}/").status_code == 404
    assert client.get(f"/notes/{note.pk}/").status_code == 404


def test_front_desk_sees_demographics_but_no_notes(client, cast, note):
    response = logged_in(client, cast.frankie).get(f"/clients/{cast.riley.pk}/")
    assert response.status_code == 200
    assert b"Synthwood" in response.content
    assert b"Felt calmer" not in response.content
    assert client.get(f"/notes/{note.pk}/").status_code == 404


def test_search_is_a_post_so_names_stay_out_of_urls(client, cast):
    logged_in(client, cast.casey)
    assert client.get("/clients/search/?q=Synthwood").status_code == 405
    response = client.post("/clients/search/", {"q": "synthwood"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f"/clients/{cast.riley.pk}/".encode() in response.content
    entry = AuditEntry.objects.filter(event=AuditEvent.CLIENT_SEARCHED).latest("seq")
    assert b"ynthwood" not in bytes(entry.detail)


def test_writing_and_signing_a_note_through_the_forms(client, cast):
    logged_in(client, cast.casey)
    response = client.post(
        f"/clients/{cast.riley.pk}/notes/new/?format=dap",
        {"data": "Worked on sleep.", "plan": "Diary."},
    )
    assert response.status_code == 302
    note = ProgressNote.objects.get()
    assert client.post(f"/notes/{note.pk}/sign/").status_code == 302
    page = client.get(f"/notes/{note.pk}/")
    assert b"Worked on sleep." in page.content and b"Signed" in page.content
    assert client.post(f"/notes/{note.pk}/", {"data": "changed"}).status_code == 400
    assert ProgressNote.objects.get().sections["data"] == "Worked on sleep."


def test_a_bad_client_form_is_a_400_and_saves_nothing(client, cast):
    logged_in(client, cast.casey)
    before = cast.riley.__class__.objects.count()
    response = client.post(
        "/clients/new/", {"legal_first_name": "A", "date_of_birth": "not a date"}
    )
    assert response.status_code == 400
    assert cast.riley.__class__.objects.count() == before


def test_an_unknown_note_format_is_a_404(client, cast):
    logged_in(client, cast.casey)
    assert client.get(f"/clients/{cast.riley.pk}/notes/new/?format=essay").status_code == 404


def test_responses_carry_a_strict_content_security_policy_and_no_store(client, cast):
    response = logged_in(client, cast.casey).get("/clients/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_script(client, cast, note):
    body = logged_in(client, cast.casey).get(f"/clients/{cast.riley.pk}/").content.decode()
    assert "<script>" not in body and "onclick" not in body.lower()


def test_a_sealed_practice_serves_only_the_sealed_page(client, cast):
    logged_in(client, cast.casey)
    runtime.seal()
    response = client.get(f"/clients/{cast.riley.pk}/")
    assert response.status_code == 503
    assert b"sealed" in response.content and b"Synthwood" not in response.content


def test_an_idle_session_is_logged_off(client, cast, settings):
    logged_in(client, cast.casey)
    assert client.get("/clients/").status_code == 200
    session = client.session
    session["sealbook_last_seen"] = time.time() - settings.SEALBOOK_IDLE_LOGOFF_MINUTES * 60 - 5
    session.save()
    response = client.get("/clients/")
    assert response.status_code == 302 and response.headers["Location"] == "/login/?idle=1"
    assert AuditEntry.objects.filter(event=AuditEvent.IDLE_LOGOFF).exists()
    assert client.get("/clients/").status_code == 302
