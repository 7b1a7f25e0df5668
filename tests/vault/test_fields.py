"""Encrypted fields: plaintext in Python, ciphertext in the database, bound to their place."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from sealbook.core.errors import InvalidCiphertext, KeyStoreError
from sealbook.records.models import Client, Contact
from sealbook.vault import runtime
from tests.conftest import client_details


def db_id(pk: object) -> object:
    """A UUID as the backend stores it (SQLite: 32 hex characters)."""
    return pk.hex if connection.vendor == "sqlite" else pk  # type: ignore[attr-defined]


def raw_column(table: str, column: str, pk: object) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [db_id(pk)])  # noqa: S608
        return bytes(cursor.fetchone()[0])


def test_fields_read_back_as_they_were_written(cast):
    riley = Client.objects.get(pk=cast.riley.pk)
    assert riley.legal_first_name == "Riley"
    assert riley.date_of_birth == datetime.date(1987, 6, 5)
    assert riley.display_name == "Ri Synthwood"


def test_the_database_holds_only_versioned_ciphertext(cast):
    stored = raw_column("records_client", "legal_last_name", cast.riley.pk)
    assert stored[0] == 0x01
    assert b"Synthwood" not in stored


def test_ciphertext_moved_to_another_record_does_not_decrypt(cast):
    from sealbook.records.actions import create_client

    other = create_client(cast.casey, client_details(legal_first_name="Jordan"))
    stolen = raw_column("records_client", "legal_first_name", cast.riley.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE records_client SET legal_first_name = %s WHERE id = %s",
            [stolen, db_id(other.pk)],
        )
    with pytest.raises((InvalidCiphertext, KeyStoreError)):
        _ = Client.objects.get(pk=other.pk).legal_first_name


def test_ciphertext_moved_to_another_field_does_not_decrypt(cast):
    stolen = raw_column("records_client", "legal_first_name", cast.riley.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE records_client SET city = %s WHERE id = %s", [stolen, db_id(cast.riley.pk)]
        )
    with pytest.raises(InvalidCiphertext):
        _ = Client.objects.get(pk=cast.riley.pk).city


def test_queryset_update_cannot_write_plaintext(cast):
    with pytest.raises(TypeError, match="written only by saving"):
        Client.objects.filter(pk=cast.riley.pk).update(city="Plaintextville")


def test_reading_a_field_while_sealed_refuses(cast):
    runtime.seal()
    riley = Client.objects.get(pk=cast.riley.pk)
    with pytest.raises(runtime.PracticeSealed):
        _ = riley.legal_last_name


def test_contacts_are_encrypted_under_their_clients_key(cast):
    contact = Contact(
        client=cast.riley,
        name="Sam Synthwood",
        relationship="sibling",
        phone="",
        email="",
        notes="",
    )
    contact.save()
    stored = raw_column("records_contact", "name", contact.pk)
    assert b"Sam" not in stored
    assert Contact.objects.get(pk=contact.pk).name == "Sam Synthwood"
