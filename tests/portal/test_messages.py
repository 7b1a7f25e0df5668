"""Secure messages: a client writes with an attachment, the care team reads and answers."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from sealbook.access.models import DEFAULT_CRISIS_TEXT, current_policy
from sealbook.documents.actions import read_document
from sealbook.documents.models import Document
from sealbook.portal.models import Message, Thread
from sealbook.sharing.roster import practice_roster
from tests.conftest import sign_in
from tests.mail.support import assert_reveals_nothing
from tests.portal.support import portal_account

EMAIL = "riley.synthwood@client.example.net"


def write(client, **extra):
    data = {"subject": "About next week", "body": "Can we move the time? Synthetic."}
    data.update(extra)
    return client.post("/portal/messages/", data)


def test_a_message_with_an_attachment_reaches_the_care_team_and_back(client, cast, smtp_server):
    account = portal_account(cast, cast.riley, EMAIL)
    sign_in(client, account.user)
    page = client.get("/portal/messages/").content.decode()
    assert DEFAULT_CRISIS_TEXT.split(".")[0] in page
    scan = SimpleUploadedFile("form.pdf", b"%PDF-1.4 synthetic", content_type="application/pdf")
    response = write(client, file=scan)
    assert response.status_code == 302
    thread = Thread.objects.get()
    assert thread.subject == "About next week"
    message = thread.messages.get()
    assert read_document(message.attachment) == b"%PDF-1.4 synthetic"
    # The care team is told there is a message, and nothing else.
    assert {m["To"] for m in smtp_server.messages} >= {cast.casey.email, cast.morgan.email}
    for sent in smtp_server.messages:
        assert_reveals_nothing(sent, practice_roster())

    sign_in(client, cast.casey)
    inbox = client.get("/messages/").content.decode()
    assert "About next week" in inbox and "<strong>1</strong>" in inbox
    opened = client.get(f"/messages/{thread.pk}/").content.decode()
    assert "Can we move the time?" in opened
    assert "<strong>1</strong>" not in client.get("/messages/").content.decode()
    before = len(smtp_server.messages)
    client.post(f"/messages/{thread.pk}/", {"body": "Yes: Thursday works. Synthetic."})
    (told,) = smtp_server.messages[before:]
    assert told["To"] == EMAIL
    assert_reveals_nothing(told, practice_roster())

    client.post(f"/messages/file/{message.pk}/")
    filed = Message.objects.get(pk=message.pk).filed_as
    assert filed is not None and b"Can we move the time?" in read_document(filed)

    sign_in(client, account.user)
    listing = client.get("/portal/messages/").content.decode()
    assert "1 new" in listing
    assert "Thursday works" in client.get(f"/portal/messages/{thread.pk}/").content.decode()


def test_a_wrong_kind_of_attachment_is_refused_and_not_kept(client, cast):
    account = portal_account(cast, cast.riley, EMAIL)
    sign_in(client, account.user)
    program = SimpleUploadedFile("run.exe", b"MZ synthetic", content_type="application/x-msdos")
    response = write(client, file=program)
    assert response.status_code == 400
    assert not Thread.objects.exists() and not Document.objects.exists()


def test_an_empty_message_is_refused(client, cast):
    sign_in(client, portal_account(cast, cast.riley, EMAIL).user)
    assert write(client, body="  ").status_code == 400


def test_the_crisis_wording_is_the_practices(client, cast):
    policy = current_policy()
    policy.portal_crisis_text = "Synthetic practice wording: call the on-call line."
    policy.save()
    account = portal_account(cast, cast.riley, EMAIL)
    sign_in(client, account.user)
    assert "call the on-call line" in client.get("/portal/messages/").content.decode()
