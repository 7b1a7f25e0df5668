"""Psychotherapy notes: only their author (and whom the author chose) can ever read them."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session as StoredSession

from sealbook.access.models import Supervision
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.core.crypto.user_keys.custodian_kit import new_custodian_kit, parse_custodian_kit
from sealbook.core.crypto.user_keys.key_pair import UserKeyPair, WrongSecret
from sealbook.core.crypto.user_keys.note_envelope import open_as_recipient, recipients_of
from sealbook.core.crypto.user_keys.password_wrap import unwrap_private_key_with_password
from sealbook.core.crypto.user_keys.recovery_code import unwrap_private_key_with_recovery_code
from sealbook.core.crypto.user_keys.session_split import join_from_session
from sealbook.core.errors import SealbookError
from sealbook.practice.custodian import name_custodian, take_over
from sealbook.psychotherapy import actions, keyring
from sealbook.psychotherapy.models import CUSTODIAN, ClinicianKey, PsychotherapyNote, recipient_id
from sealbook.vault import runtime
from sealbook.vault.fields import EncryptedField
from sealbook.vault.models import WrappedKey
from tests.conftest import PASSWORD, sign_in

SECRET_SENTENCE = "Dreamt again of the flooded lighthouse and the unsent letter"


def login(client, user):
    """A real password login (opens the key), with the second factor already done."""
    from sealbook.staff.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="phone", defaults={"confirmed": True}
    )
    assert client.post("/login/", {"email": user.username, "password": PASSWORD}).status_code == 302
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def enrol(client, user) -> str:
    login(client, user)
    page = client.post("/account/key/enrol/", {"password": PASSWORD}).content.decode()
    return re.search(r'<code id="recovery-code">([^<]+)</code>', page).group(1)


@pytest.fixture
def written(client, cast):
    """Casey enrols and writes a note escrowed to the custodian: (note, recovery code, kit)."""
    code = enrol(client, cast.casey)
    cast.owner.sudo_active = True
    kit = name_custodian(cast.owner, cast.morgan)
    response = client.post(
        f"/clients/{cast.riley.pk}/psychotherapy-notes/",
        {"text": SECRET_SENTENCE, "to_custodian": "on"},
    )
    assert response.status_code == 302
    return PsychotherapyNote.objects.get(), code, kit


def test_the_author_reads_the_note_in_their_session(client, written):
    note, _, _ = written
    page = client.get(f"/psychotherapy-notes/{note.pk}/")
    assert SECRET_SENTENCE in page.content.decode()
    assert AuditEntry.objects.filter(event=AuditEvent.PSYCHOTHERAPY_NOTE_VIEWED).exists()


@pytest.mark.parametrize("who", ["morgan", "owner", "frankie", "quinn", "avery"])
def test_nobody_else_can_open_or_even_list_it(client, cast, written, who):
    note, _, _ = written
    sign_in(client, getattr(cast, who))
    assert client.get(f"/psychotherapy-notes/{note.pk}/").status_code == 404
    listing = client.get(f"/clients/{cast.riley.pk}/psychotherapy-notes/")
    assert str(note.pk) not in listing.content.decode()


def test_after_logout_the_session_no_longer_holds_the_key(client, cast, written):
    note, _, _ = written
    client.post("/logout/")
    sign_in(client, cast.casey)  # a session without the password: the key is not open
    assert client.get(f"/psychotherapy-notes/{note.pk}/").headers["Location"] == "/account/key/"


def test_everything_on_the_server_together_cannot_read_it(client, cast, written, home):
    """Database, unsealed KEK, every key it unwraps, sessions, files: none opens the note."""
    note, _, _ = written
    envelope, context = bytes(note.envelope), note.context()
    text = SECRET_SENTENCE.encode()
    # 1. No encrypted field anywhere holds the text, decrypted with the practice's keys.
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedField):
                for obj in model._default_manager.all():
                    assert SECRET_SENTENCE not in str(getattr(obj, field.attname))
    # 2. No audit detail holds it.
    assert all(SECRET_SENTENCE not in str(read_detail(e)) for e in AuditEntry.objects.all())
    # 3. No key the KEK unwraps opens the envelope, under any recipient id.
    kek = runtime.kek()
    candidates = [kek.unwrap(bytes(w.wrapped)) for w in WrappedKey.objects.all()]
    for secret in candidates:
        if len(secret) != 32:
            continue
        for rid in recipients_of(envelope):
            with pytest.raises(SealbookError):
                open_as_recipient(envelope, rid, UserKeyPair(secret), context)
    # 4. The server half of the session is useless without the browser's cookie half.
    for stored in StoredSession.objects.all():
        half = stored.get_decoded().get(keyring.SESSION_KEY)
        if half:
            import base64

            with pytest.raises(SealbookError):
                join_from_session(base64.b64decode(half), "A" * 43)
    # 5. The stored wrapped private key does not open with the practice's secrets.
    wrapped = bytes(ClinicianKey.objects.get(user=cast.casey).password_wrapped)
    for guess in ("", cast.casey.username, "sealbook"):
        with pytest.raises(WrongSecret):
            unwrap_private_key_with_password(wrapped, guess)
    # 6. The text is nowhere in the files of the home.
    for path in home.rglob("*"):
        if path.is_file():
            assert text not in path.read_bytes()


def test_each_of_the_three_secrets_opens_it(cast, written):
    note, code, kit = written
    envelope, context = bytes(note.envelope), note.context()
    keys = ClinicianKey.objects.get(user=cast.casey)
    me = recipient_id(cast.casey.pk)
    by_password = unwrap_private_key_with_password(bytes(keys.password_wrapped), PASSWORD)
    by_code = unwrap_private_key_with_recovery_code(bytes(keys.recovery_wrapped), code)
    by_kit = parse_custodian_kit(kit)
    assert open_as_recipient(envelope, me, by_password, context).decode() == SECRET_SENTENCE
    assert open_as_recipient(envelope, me, by_code, context).decode() == SECRET_SENTENCE
    assert open_as_recipient(envelope, CUSTODIAN, by_kit, context).decode() == SECRET_SENTENCE


def test_a_password_change_rewraps_the_key_and_the_notes_stay_readable(client, cast, written):
    note, _, _ = written
    new = "a brand new synthetic password 77"
    response = client.post("/account/password/", {"old_password": PASSWORD, "new_password": new})
    assert response.status_code == 200
    wrapped = bytes(ClinicianKey.objects.get(user=cast.casey).password_wrapped)
    with pytest.raises(WrongSecret):
        unwrap_private_key_with_password(wrapped, PASSWORD)
    key = unwrap_private_key_with_password(wrapped, new)
    plain = open_as_recipient(
        bytes(note.envelope), recipient_id(cast.casey.pk), key, note.context()
    )
    assert plain.decode() == SECRET_SENTENCE


def test_an_admin_reset_cannot_restore_access_but_the_recovery_code_can(client, cast, written):
    from sealbook.staff.members import reset_password

    note, code, _ = written
    cast.owner.sudo_active = True
    sign_in(client, cast.owner)
    warning = client.get(f"/staff/{cast.casey.pk}/reset-password/")
    assert warning.status_code == 302  # re-authentication first
    temporary = reset_password(cast.owner, cast.casey)
    assert ClinicianKey.objects.get(user=cast.casey).password_wrapped is None
    client.post("/logout/")
    from sealbook.staff.models import TOTPDevice

    device = TOTPDevice.objects.get(user=cast.casey)
    assert (
        client.post("/login/", {"email": cast.casey.username, "password": temporary}).status_code
        == 302
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    assert client.get("/clients/").headers["Location"] == "/account/password/"
    client.post("/account/password/", {"old_password": temporary, "new_password": PASSWORD})
    assert client.get(f"/psychotherapy-notes/{note.pk}/").headers["Location"] == "/account/key/"
    assert b'id="needs-recovery"' in client.get("/account/key/").content
    bad = client.post("/account/key/", {"recovery_code": "AAAA-BBBB", "password": PASSWORD})
    assert bad.status_code == 401
    client.post("/account/key/", {"recovery_code": code, "password": PASSWORD})
    assert SECRET_SENTENCE in client.get(f"/psychotherapy-notes/{note.pk}/").content.decode()


def test_the_reset_page_says_plainly_what_a_reset_cannot_do(client, cast):
    sign_in(client, cast.owner)
    session = client.session
    import time

    session["sealbook_sudo_until"] = time.time() + 60
    session.save()
    page = client.get(f"/staff/{cast.casey.pk}/reset-password/").content.decode()
    assert "does not restore access to psychotherapy notes" in page


def test_a_supervisor_reads_what_the_author_shares_with_them(client, cast, password_hash):
    from tests.conftest import make_user

    sam = make_user("sam@practice.example.org", "supervisor", "Sam Supervisor", password_hash)
    Supervision.objects.create(supervisor=sam, supervisee=cast.casey)
    enrol(client, sam)
    client.post("/logout/")
    enrol(client, cast.casey)
    note = actions.write_note(cast.casey, cast.riley, SECRET_SENTENCE, to_supervisor=True)
    client.post("/logout/")
    login(client, sam)
    assert SECRET_SENTENCE in client.get(f"/psychotherapy-notes/{note.pk}/").content.decode()


def test_the_custodian_takes_over_escrowed_notes_with_the_kit(client, cast, written):
    note, _, kit = written
    client.post("/logout/")
    enrol(client, cast.morgan)  # the custodian has logged in once and has a key
    _, other_kit = new_custodian_kit("Another practice")
    with pytest.raises(SealbookError, match="not the practice's current custodian kit"):
        take_over(other_kit, cast.morgan.username)
    with pytest.raises(SealbookError, match="not the practice's named custodian"):
        take_over(kit, cast.quinn.username)
    _, resealed = take_over(kit, cast.morgan.username)
    assert resealed == 1
    assert SECRET_SENTENCE in client.get(f"/psychotherapy-notes/{note.pk}/").content.decode()
    loud = AuditEntry.objects.get(event=AuditEvent.CUSTODIAN_KIT_USED)
    assert loud.outcome == "break-glass"


def test_psychotherapy_notes_are_not_searchable_or_in_the_chart(client, cast, written):
    from sealbook.records.models import Client
    from sealbook.records.search import search_clients

    assert search_clients("lighthouse", Client.objects.all()) == []
    chart = client.get(f"/clients/{cast.riley.pk}/").content.decode()
    assert SECRET_SENTENCE not in chart
