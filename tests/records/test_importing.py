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
        (f"{HEADER},ssn\n{GOOD},000\n", "line 1: column 11 is not a known column name"),
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


def test_a_file_without_a_header_row_is_refused_without_quoting_its_first_row(cast):
    body = f"{GOOD}\n{GOOD}\n".encode()
    before = Client.objects.count()
    with pytest.raises(CsvImportRefused) as refused:
        import_clients(body, actor=None, care_team=[])
    message = str(refused.value)
    assert "the first line must be the header row" in message
    for identifying in ("Avalon", "Testerby", "1990", "555", "Nowhere"):
        assert identifying not in message
    assert Client.objects.count() == before


def test_an_unknown_column_is_named_by_its_position_not_its_text(cast):
    body = f"{HEADER},Avalon Testerby\n{GOOD},x\n".encode()
    with pytest.raises(CsvImportRefused) as refused:
        import_clients(body, actor=None, care_team=[])
    assert "line 1: column 11 is not a known column name" in str(refused.value)
    assert "Avalon" not in str(refused.value)


def test_a_repeated_column_is_refused(cast):
    body = f"{HEADER},last_name\n{GOOD},Othername\n".encode()
    before = Client.objects.count()
    with pytest.raises(CsvImportRefused) as refused:
        import_clients(body, actor=None, care_team=[])
    assert "line 1: column 11 repeats column 2" in str(refused.value)
    assert Client.objects.count() == before


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("first_name", "A" * 201, "first_name is longer than 200 characters"),
        ("last_name", "B" * 100_000, "last_name is longer than 200 characters"),
        ("state", "W" * 41, "state is longer than 40 characters"),
        ("preferred_name", "C" * 201, "preferred_name is longer than 200 characters"),
        ("contact_name", "D" * 201, "contact_name is longer than 200 characters"),
        ("contact_email", "not-an-email", "contact_email is not valid"),
    ],
)
def test_the_web_form_s_limits_apply_to_every_imported_value(cast, column, value, problem):
    header = "first_name,last_name,date_of_birth,preferred_name,state,contact_name,contact_email"
    row = {"first_name": "Avalon", "last_name": "Testerby", "date_of_birth": "1990-01-31",
           "preferred_name": "", "state": "", "contact_name": "Bo",
           "contact_email": ""}  # fmt: skip
    row[column] = value
    body = f"{header}\n{','.join(row.values())}\n".encode()
    before = Client.objects.count()
    with pytest.raises(CsvImportRefused) as refused:
        import_clients(body, actor=None, care_team=[])
    assert f"line 2: {problem}" in str(refused.value)
    assert value[:20] not in str(refused.value)
    assert Client.objects.count() == before


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x07", "\x7f", "\x85", "\u202e", "\t"])
def test_a_control_character_in_any_value_is_refused(cast, character):
    body = f"{HEADER}\n{GOOD.replace('Nowhere', 'Now' + character + 'here')}\n".encode()
    before = Client.objects.count()
    with pytest.raises(CsvImportRefused) as refused:
        import_clients(body, actor=None, care_team=[])
    assert "line 2: column 8 (city) contains a control character" in str(refused.value)
    assert Client.objects.count() == before


def test_a_line_break_inside_a_quoted_value_is_refused(cast):
    quoted = '"1 Any St\nApt 2"'
    body = f"{HEADER}\n{GOOD.replace('1 Any St', quoted)}\n"
    with pytest.raises(CsvImportRefused, match="column 7 \\(street\\) contains a control"):
        import_clients(body.encode(), actor=None, care_team=[])
