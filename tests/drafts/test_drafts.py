"""Drafts kept at the idle logoff: only their author gets them back, and the
database never holds their text in the clear."""

from __future__ import annotations

import datetime
import json
import time

import pytest
from django.db import connection
from django.test import Client as WebClient
from django.utils import timezone

from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.drafts.models import Draft, SealedWith
from sealbook.web import idle
from tests.conftest import sign_in
from tests.psychotherapy.test_notes import enrol, login

SENTENCE = "Synthetic draft: rehearsed the paced-breathing script before the interview."


def note_page(cast):
    return f"/clients/{cast.riley.pk}/notes/new/?format=soap"


def soap(text=SENTENCE):
    return {"session": [""], "subjective": [text], "objective": [""], "assessment": [""]}


def about_to_idle_out(client, seconds_left=5.0):
    """Move the session's idle clock to `seconds_left` before the logoff."""
    session = client.session
    session[idle.SESSION_KEY] = time.time() - idle.limit_seconds() + seconds_left
    session.save()


def log_off_with(client, page, forms, **headers):
    return client.post(
        "/drafts/idle-logoff/",
        json.dumps({"page": page, "forms": forms}),
        content_type="application/json",
        **headers,
    )


def keep(client, cast, user=None, page=None, fields=None):
    """`user` (Casey) idles out on the note form with unsaved text; returns the JSON answer."""
    sign_in(client, user or cast.casey)
    about_to_idle_out(client)
    page = page or note_page(cast)
    response = log_off_with(client, page, [{"form": page, "fields": fields or soap()}])
    assert response.status_code == 200, response.content
    return response.json()


def stored_bytes():
    """Every byte of every draft row as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM drafts_draft")
        return b"".join(
            bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode()
            for row in cursor.fetchall()
            for v in row
        )


def events(event):
    return AuditEntry.objects.filter(event=event)


# Keeping ------------------------------------------------------------------------


def test_an_idle_logoff_keeps_the_unsaved_note_sealed_under_the_clients_key(client, cast):
    answer = keep(client, cast)
    assert answer["logged_off"] is True and answer["kept"] == [0] and answer["refused"] == {}
    assert answer["login"].startswith("/login/?idle=1&next=")
    draft = Draft.objects.get()
    assert draft.author == cast.casey and draft.client == cast.riley
    assert draft.sealed_with == SealedWith.CLIENT_KEY and draft.envelope is None
    assert draft.expires_at - draft.saved_at == datetime.timedelta(hours=24)
    assert SENTENCE.encode() not in stored_bytes()
    assert b"paced-breathing" not in stored_bytes()
    # The session is over, and both the logoff and the draft are in the log.
    assert client.get("/clients/").status_code == 302
    assert events(AuditEvent.IDLE_LOGOFF).filter(actor_id=cast.casey.pk).exists()
    kept = events(AuditEvent.DRAFT_KEPT).get()
    assert kept.actor_id == cast.casey.pk and kept.client_id == cast.riley.pk


def test_a_session_still_in_use_is_not_logged_off_and_nothing_is_kept(client, cast):
    sign_in(client, cast.casey)
    page = note_page(cast)
    response = log_off_with(client, page, [{"form": page, "fields": soap()}])
    assert response.json()["logged_off"] is False
    assert response.json()["seconds_left"] > idle.limit_seconds() - 60
    assert not Draft.objects.exists()
    assert client.get("/clients/").status_code == 200


def test_asking_to_be_logged_off_does_not_restart_the_idle_clock(client, cast):
    sign_in(client, cast.casey)
    about_to_idle_out(client, seconds_left=40)
    page = note_page(cast)
    answer = log_off_with(client, page, [{"form": page, "fields": soap()}]).json()
    assert answer["logged_off"] is False and 35 <= answer["seconds_left"] <= 40
    assert client.get("/session/idle/").json()["seconds_left"] <= 40


def test_an_empty_form_is_refused_but_the_logoff_happens(client, cast):
    answer = keep(client, cast, fields={"subjective": ["  "]})
    assert answer["kept"] == [] and "nothing to keep" in answer["refused"]["0"]
    assert "next" not in answer["login"]
    assert not Draft.objects.exists()
    assert client.get("/clients/").status_code == 302


@pytest.mark.parametrize(
    "page",
    [
        "/no/such/page/",
        "https://elsewhere.example.com/clients/",
        "/clients/?q=Riley Synthwood",
        "/clients/?q=riley",
        "/clients/?format=soap&q=riley",
        "clients/",
        "/" + "a" * 400,
    ],
)
def test_a_page_that_is_not_a_sealbook_address_is_refused(client, cast, page):
    answer = keep(client, cast, page=page)
    assert answer["kept"] == [] and "not a Sealbook address" in answer["refused"]["0"]
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    "body",
    ["not json", json.dumps([1]), json.dumps({"page": "/clients/"}), json.dumps({"forms": "x"})],
)
def test_a_malformed_request_is_a_400_and_keeps_the_session(client, cast, body):
    sign_in(client, cast.casey)
    about_to_idle_out(client, seconds_left=10)
    response = client.post("/drafts/idle-logoff/", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]
    assert client.get("/clients/").status_code == 200


def test_a_form_without_a_client_is_sealed_under_the_authors_own_key(client, cast):
    keep(client, cast, page="/leak-check/", fields={"text": [SENTENCE]})
    draft = Draft.objects.get()
    assert draft.sealed_with == SealedWith.USER_KEY and draft.client is None
    assert SENTENCE.encode() not in stored_bytes()


def test_a_client_the_author_may_not_see_gets_the_authors_key_not_the_clients(client, cast):
    # Quinn is off Riley's team: the break-glass reason is Quinn's own text.
    page = f"/clients/{cast.riley.pk}/break-glass/"
    keep(client, cast, user=cast.quinn, page=page, fields={"reason": [SENTENCE]})
    draft = Draft.objects.get()
    assert draft.sealed_with == SealedWith.USER_KEY and draft.author == cast.quinn


def test_a_second_logoff_on_the_same_form_replaces_the_draft(client, cast):
    keep(client, cast, fields=soap("first version"))
    keep(client, cast, fields=soap("second version"))
    assert Draft.objects.count() == 1
    sign_in(client, cast.casey)
    draft_id = Draft.objects.get().pk
    restored = client.post(f"/drafts/{draft_id}/restore/").json()["fields"]
    assert restored["subjective"] == ["second version"]


def test_destroying_the_client_destroys_the_drafts_about_them(client, cast):
    from sealbook.retention.actions import destroy_clients
    from tests.retention.test_retention import FAR_FUTURE, rotation

    keep(client, cast)
    keep(client, cast, user=cast.quinn, page=f"/clients/{cast.riley.pk}/break-glass/",
         fields={"reason": [SENTENCE]})  # fmt: skip
    assert Draft.objects.count() == 2
    [certificate] = destroy_clients(cast.owner, [cast.riley], rotate=rotation(), today=FAR_FUTURE)
    assert not Draft.objects.exists()
    assert certificate["rows"]["drafts.Draft"] == 2


# Restoring and discarding ------------------------------------------------------


def offered(client, page):
    response = client.get("/drafts/", {"page": page})
    assert response.status_code == 200
    return response.json()["drafts"]


def test_after_logging_in_again_the_author_is_offered_the_draft_and_restores_it(client, cast):
    keep(client, cast)
    sign_in(client, cast.casey)
    [draft] = offered(client, note_page(cast))
    assert draft["form"] == note_page(cast)
    assert datetime.datetime.fromisoformat(draft["saved_at"]) <= timezone.now()
    response = client.post(f"/drafts/{draft['id']}/restore/")
    assert response.status_code == 200
    assert response.json()["fields"] == soap()
    # Restored once, then gone.
    assert not Draft.objects.exists()
    assert offered(client, note_page(cast)) == []
    assert client.post(f"/drafts/{draft['id']}/restore/").status_code == 404
    restored = events(AuditEvent.DRAFT_RESTORED).get()
    assert restored.actor_id == cast.casey.pk and restored.client_id == cast.riley.pk


def test_a_discarded_draft_is_deleted_unread(client, cast):
    keep(client, cast)
    sign_in(client, cast.casey)
    [draft] = offered(client, note_page(cast))
    assert client.post(f"/drafts/{draft['id']}/discard/").status_code == 204
    assert not Draft.objects.exists()
    assert events(AuditEvent.DRAFT_DISCARDED).filter(actor_id=cast.casey.pk).exists()
    assert client.post(f"/drafts/{draft['id']}/discard/").status_code == 404


def test_no_audit_entry_holds_the_text_or_a_field_name(client, cast):
    keep(client, cast)
    sign_in(client, cast.casey)
    [draft] = offered(client, note_page(cast))
    client.post(f"/drafts/{draft['id']}/restore/")
    from sealbook.audit.log import read_detail

    for entry in AuditEntry.objects.filter(event__gte=800):
        detail = json.dumps(read_detail(entry))
        assert "breathing" not in detail and "subjective" not in detail


def test_an_expired_draft_is_neither_offered_nor_restored_and_is_purged(client, cast):
    keep(client, cast)
    Draft.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    draft_id = Draft.objects.get().pk
    sign_in(client, cast.casey)
    assert client.post(f"/drafts/{draft_id}/restore/").status_code == 404
    assert offered(client, note_page(cast)) == []
    assert not Draft.objects.exists()


def test_a_page_that_cannot_hold_drafts_has_none(client, cast):
    sign_in(client, cast.casey)
    assert offered(client, "/clients/?q=Riley Synthwood") == []
    assert client.get("/drafts/").status_code == 400


# Who may do what -----------------------------------------------------------------


def test_another_user_can_neither_see_restore_nor_discard_a_draft(client, cast):
    keep(client, cast)
    draft_id = Draft.objects.get().pk
    # Morgan is on Riley's care team too, and still gets nothing.
    sign_in(client, cast.morgan)
    assert offered(client, note_page(cast)) == []
    assert client.post(f"/drafts/{draft_id}/restore/").status_code == 404
    assert client.post(f"/drafts/{draft_id}/discard/").status_code == 404
    assert Draft.objects.filter(pk=draft_id).exists()


def test_another_users_logoff_on_the_same_form_does_not_overwrite_the_draft(client, cast):
    keep(client, cast)
    keep(client, cast, user=cast.morgan, fields=soap("Morgan's own text"))
    assert Draft.objects.count() == 2
    sign_in(client, cast.casey)
    [draft] = offered(client, note_page(cast))
    assert client.post(f"/drafts/{draft['id']}/restore/").json()["fields"] == soap()


def test_an_author_taken_off_the_care_team_cannot_restore_the_clients_draft(client, cast):
    keep(client, cast, user=cast.morgan)
    cast.riley.care_team.filter(user=cast.morgan).delete()
    sign_in(client, cast.morgan)
    draft_id = Draft.objects.get().pk
    assert client.post(f"/drafts/{draft_id}/restore/").status_code == 404
    assert events(AuditEvent.ACCESS_DENIED).filter(actor_id=cast.morgan.pk).exists()


def test_nobody_logged_in_gets_a_403_and_no_draft(client, cast):
    keep(client, cast)
    draft_id = Draft.objects.get().pk
    client.logout()
    assert client.get("/drafts/", {"page": note_page(cast)}).status_code == 403
    assert client.post(f"/drafts/{draft_id}/restore/").status_code == 403
    assert client.post(f"/drafts/{draft_id}/discard/").status_code == 403
    page = note_page(cast)
    answer = log_off_with(client, page, [{"form": page, "fields": soap()}]).json()
    assert answer["kept"] == [] and "already ended" in answer["refused"]["0"]
    assert Draft.objects.count() == 1


def test_every_draft_request_needs_the_csrf_token(cast):
    browser = WebClient(enforce_csrf_checks=True)
    sign_in(browser, cast.casey)
    browser.get("/clients/")  # sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    about_to_idle_out(browser)
    page = note_page(cast)
    forms = [{"form": page, "fields": soap()}]
    assert log_off_with(browser, page, forms).status_code == 403
    assert not Draft.objects.exists()
    about_to_idle_out(browser)
    assert log_off_with(browser, page, forms, HTTP_X_CSRFTOKEN=token).json()["kept"] == [0]
    sign_in(browser, cast.casey)
    browser.get("/clients/")
    token = browser.cookies["csrftoken"].value
    draft_id = Draft.objects.get().pk
    assert browser.post(f"/drafts/{draft_id}/restore/").status_code == 403
    assert browser.post(f"/drafts/{draft_id}/discard/").status_code == 403
    assert browser.post(f"/drafts/{draft_id}/discard/", HTTP_X_CSRFTOKEN=token).status_code == 204


def test_reading_and_keeping_drafts_needs_the_right_methods(client, cast):
    sign_in(client, cast.casey)
    assert client.get("/drafts/idle-logoff/").status_code == 405
    assert client.post("/drafts/", {"page": "/clients/"}).status_code == 405


# Psychotherapy notes -------------------------------------------------------------


def test_a_psychotherapy_note_draft_is_sealed_to_its_author_alone(client, cast):
    enrol(client, cast.casey)
    page = f"/clients/{cast.riley.pk}/psychotherapy-notes/"
    about_to_idle_out(client)
    answer = log_off_with(client, page, [{"form": page, "fields": {"text": [SENTENCE]}}]).json()
    assert answer["kept"] == [0]
    draft = Draft.objects.get()
    assert draft.sealed_with == SealedWith.AUTHOR_KEY and draft.fields is None
    assert SENTENCE.encode() not in stored_bytes()
    # Not even the client's data key opens it: there is no field sealed with it.
    with pytest.raises(ValueError, match="no data key"):
        draft.data_key()

    login(client, cast.casey)  # the password opens the author's key again
    [offer] = offered(client, page)
    restored = client.post(f"/drafts/{offer['id']}/restore/")
    assert restored.status_code == 200 and restored.json()["fields"] == {"text": [SENTENCE]}


def test_a_psychotherapy_note_draft_waits_while_the_authors_key_is_not_open(client, cast):
    enrol(client, cast.casey)
    page = f"/clients/{cast.riley.pk}/psychotherapy-notes/"
    about_to_idle_out(client)
    log_off_with(client, page, [{"form": page, "fields": {"text": [SENTENCE]}}])
    sign_in(client, cast.casey)  # no password given: the key stays shut
    draft_id = Draft.objects.get().pk
    response = client.post(f"/drafts/{draft_id}/restore/")
    assert response.status_code == 409 and "log in again" in response.json()["error"]
    assert Draft.objects.filter(pk=draft_id).exists()


def test_a_psychotherapy_note_draft_needs_the_authors_key(client, cast):
    page = f"/clients/{cast.riley.pk}/psychotherapy-notes/"
    answer = keep(client, cast, page=page, fields={"text": [SENTENCE]})
    assert answer["kept"] == [] and "psychotherapy-note key" in answer["refused"]["0"]


# The idle clock and "Stay signed in" -----------------------------------------------


def test_asking_how_long_is_left_does_not_count_as_activity(client, cast):
    sign_in(client, cast.casey)
    about_to_idle_out(client, seconds_left=40)
    left = client.get("/session/idle/").json()["seconds_left"]
    assert 35 <= left <= 40
    assert 35 <= client.get("/session/idle/").json()["seconds_left"] <= 40


def test_stay_signed_in_restarts_the_idle_clock_and_is_audited(client, cast):
    sign_in(client, cast.casey)
    about_to_idle_out(client, seconds_left=40)
    response = client.post("/session/stay/")
    assert response.status_code == 200
    assert response.json()["seconds_left"] == idle.limit_seconds()
    assert client.get("/session/idle/").json()["seconds_left"] >= idle.limit_seconds() - 2
    assert events(AuditEvent.SESSION_EXTENDED).filter(actor_id=cast.casey.pk).exists()


def test_stay_signed_in_comes_too_late_once_the_session_is_over(client, cast):
    sign_in(client, cast.casey)
    about_to_idle_out(client, seconds_left=-5)
    response = client.post("/session/stay/")
    assert response.status_code == 302 and response.headers["Location"] == "/login/?idle=1"
    assert not events(AuditEvent.SESSION_EXTENDED).exists()


def test_stay_signed_in_needs_the_csrf_token_and_a_login(cast):
    browser = WebClient(enforce_csrf_checks=True)
    sign_in(browser, cast.casey)
    assert browser.post("/session/stay/").status_code == 403
    assert not events(AuditEvent.SESSION_EXTENDED).exists()
    assert WebClient().post("/session/stay/").status_code == 403
    assert WebClient().get("/session/idle/").status_code == 403
