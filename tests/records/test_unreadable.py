"""A client whose data key is gone is left out, counted and named once; the others still work.

This is the state a restore leaves (tests/backup/test_shredded_restore.py runs
the whole drill through the CLI): the destroyed client's rows are back, its key
is not. Here the key row is deleted in place, which is the same state, so each
web feature can be driven through its page.
"""

from __future__ import annotations

import datetime

import pytest

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.export.actions import open_access_request
from sealbook.records.actions import create_client
from sealbook.records.models import Client
from sealbook.records.search import search_clients
from sealbook.records.unreadable import readable, unreadable_count
from sealbook.sharing.actions import check_for_leaks
from sealbook.vault import runtime
from sealbook.vault.models import KeyPurpose, WrappedKey
from tests.conftest import client_details, sign_in
from tests.disclosure.support import today

LEFT_OUT = b"1 client record was left out: its data key was destroyed"


@pytest.fixture
def shredded(cast):
    """A second client of Casey's, sharing Riley's surname, whose data key is then lost."""
    gone = create_client(
        cast.casey,
        client_details(
            legal_first_name="Morrow", preferred_name="", phone="555-0100-7777",
            email="morrow@client.example.net", date_of_birth=datetime.date(1990, 2, 3),
        ),
    )  # fmt: skip
    for client in (gone, cast.riley):
        open_access_request(
            cast.casey, client, received_on=today(), requested_by="Synthetic requester"
        )
    WrappedKey.objects.filter(purpose=KeyPurpose.CLIENT_DATA, client_id=gone.pk).delete()
    runtime.forget_client_key(gone.pk)
    return gone


def test_the_helpers_tell_the_readable_clients_from_the_others(cast, shredded):
    everyone = Client.objects.all()
    assert set(readable(everyone)) == {cast.riley}
    assert unreadable_count(everyone) == 1


def test_the_leak_check_still_finds_the_other_clients_and_counts_the_lost_one(cast, shredded):
    checked = check_for_leaks(cast.casey, "Saw Riley Synthwood today.")
    assert [s.client_refs for s in checked.findings if s.client_refs] == [(str(cast.riley.pk),)]
    assert checked.unreadable == 1
    entry = AuditEntry.objects.filter(event=AuditEvent.LEAK_CHECK_RUN).latest("seq")
    assert read_detail(entry)["unreadable_clients"] == 1


def test_the_leak_check_page_says_once_that_a_client_was_left_out(client, cast, shredded):
    page = sign_in(client, cast.casey).post("/leak-check/", {"text": "Saw Riley Synthwood."})
    assert page.status_code == 200
    assert page.content.count(LEFT_OUT) == 1
    assert b'id="leak-verdict"' in page.content and b"Riley" in page.content


def test_the_client_list_shows_the_others_and_says_so_once(client, cast, shredded):
    page = sign_in(client, cast.casey).get("/clients/")
    assert page.status_code == 200
    assert b"Ri Synthwood" in page.content
    assert page.content.count(LEFT_OUT) == 1
    assert str(shredded.pk).encode() not in page.content


def test_search_skips_the_client_without_a_key(client, cast, shredded):
    assert search_clients("Synthwood", Client.objects.all()) == [cast.riley]
    page = sign_in(client, cast.casey).post("/clients/search/", {"q": "Synthwood"})
    assert page.status_code == 200
    assert b"Ri Synthwood" in page.content and page.content.count(LEFT_OUT) == 1


def test_the_access_request_dashboard_lists_the_others(client, cast, shredded):
    page = sign_in(client, cast.casey).get("/access-requests/")
    assert page.status_code == 200
    assert b"Ri Synthwood" in page.content
    assert page.content.count(LEFT_OUT) == 1


def test_nothing_is_said_when_every_key_is_there(client, cast):
    casey = sign_in(client, cast.casey)
    for page in (casey.get("/clients/"), casey.post("/leak-check/", {"text": "Riley"})):
        assert page.status_code == 200 and b"left out" not in page.content
