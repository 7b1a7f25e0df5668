"""CSV import: all rows or none, errors by line number and column, never by content."""

from __future__ import annotations

import pytest

from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.records.importing import CsvImportRefused, import_clients
from sealbook.records.models import Client, Contact

HEADER = "first_name,last_name,preferred_name,date_of_birth,phone,email,street,city,state,zip"
GOOD = (
    "Avalon,Testerby,Av,1990-01-31,555-0101-0001,avalon@client.example.net,"
    "1 Any St,Nowhere,WA,98000"
)
BAD_EMAIL = GOOD.replace("avalon@", "not-an-email")


def test_a_good_file_imports_every_client_with_one_audit_entry(cast):
    raw = f"{HEADER},contact_name,contact_relationship\n{GOOD},Bo Testerby,brother\n".encode()
    result = import_clients(raw, actor=None, care_team=[cast.casey])
    assert (result.clients, result.contacts) == (1, 1)
    imported = [c for c in Client.objects.all() if c.legal_last_name == "Testerby"]
    assert len(imported) == 1
    assert imported[0].care_team.get().user == cast.casey
    assert Contact.objects.get(client=imported[0]).relationship == "brother"
    assert AuditEntry.objects.filter(event=AuditEvent.CLIENTS_IMPORTED).count() == 1


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            f"{HEADER}\n{GOOD.replace('1990-01-31', '31/01/1990')}\n",
            "line 2: date_of_birth is not an ISO 8601 date",
        ),
        (f"{HEADER}\n{GOOD.replace('Avalon,', ',', 1)}\n", "line 2: first_name is empty"),
        (f"{HEADER}\n{GOOD}\n{BAD_EMAIL}\n", "line 3: email is not an e-mail address"),
        (f"{HEADER}\n{GOOD.replace('98000', '9800')}\n", "line 2: zip is not a US ZIP code"),
        (f"{HEADER}\n{GOOD},extra\n", "line 2: wrong number of fields"),
        ("first_name,date_of_birth\nA,1990-01-01\n", "line 1: missing column last_name"),
        (f"{HEADER},ssn\n{GOOD},000\n", "line 1: unknown column 'ssn'"),
        ("", "the file is empty"),
        (f"{HEADER}\n", "the file has no rows"),
        (f'{HEADER}\n"Avalon,Testerby\n', "malformed CSV"),
    ],
)  # fmt: skip
def test_a_bad_file_imports_nothing_and_says_where(cast, body, problem):
    before = Client.objects.count(), AuditEntry.objects.count()
    with pytest.raises(CsvImportRefused) as refused:
        import_clients(body.encode(), actor=None, care_team=[])
    assert problem in str(refused.value)
    assert (Client.objects.count(), AuditEntry.objects.count()) == before


def test_error_messages_never_repeat_the_rows_contents(cast):
    body = f"{HEADER}\n{GOOD.replace('1990-01-31', 'Avalon-secret')}\n".encode()
    with pytest.raises(CsvImportRefused) as refused:
        import_clients(body, actor=None, care_team=[])
    assert "Avalon" not in str(refused.value)


def test_a_file_that_is_not_utf8_is_refused(cast):
    with pytest.raises(CsvImportRefused, match="not UTF-8"):
        import_clients(b"\xff\xfe\x00a", actor=None, care_team=[])
