"""Confidential communications (164.522(b)): every e-mail goes only to the address asked for."""

from __future__ import annotations

from sealbook.portal.models import PortalAccount
from sealbook.sharing.roster import practice_roster
from tests.conftest import sign_in
from tests.mail.support import assert_reveals_nothing
from tests.portal.support import portal_account, thread_for

INVITED = "riley.synthwood@client.example.net"
PRIVATE = "riley.private@client.example.net"


def test_every_email_honours_the_confidential_address(client, cast, smtp_server):
    account = portal_account(cast, cast.riley, INVITED)
    sign_in(client, account.user)
    assert client.post("/portal/requests/", {"email": PRIVATE}).status_code == 302
    assert PRIVATE in client.get("/portal/requests/").content.decode()
    thread = thread_for(account)
    sign_in(client, cast.casey)
    assert PRIVATE in client.get(f"/clients/{cast.riley.pk}/portal/").content.decode()
    before = len(smtp_server.messages)
    client.post(f"/messages/{thread.pk}/", {"body": "A synthetic reply."})
    client.post(f"/clients/{cast.riley.pk}/portal/sign/", {"kind": "telehealth"})
    sent = smtp_server.messages[before:]
    assert [m["To"] for m in sent] == [PRIVATE, PRIVATE]
    for message in sent:
        assert_reveals_nothing(message, practice_roster())

    sign_in(client, account.user)
    client.post("/portal/requests/", {"withdraw": "1"})
    assert PortalAccount.objects.get().confidential_since is None
    sign_in(client, cast.casey)
    client.post(f"/messages/{thread.pk}/", {"body": "Another synthetic reply."})
    assert smtp_server.messages[-1]["To"] == INVITED


def test_a_bad_address_changes_nothing(client, cast):
    account = portal_account(cast, cast.riley, INVITED)
    sign_in(client, account.user)
    assert client.post("/portal/requests/", {"email": "not an address"}).status_code == 400
    assert PortalAccount.objects.get().confidential_since is None
