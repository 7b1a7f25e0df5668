"""Importing clients from a CSV file (docs/import.md documents the columns).

The file is checked completely before anything is written; then every row is
created in one transaction. A bad row is reported by its line number and the
column at fault, never by its contents (they are identifying); a header
problem by the column's position, since a file without a header row has a
client's details where the names should be. Every value passes the web
form's validators (`ClientForm`: lengths, e-mail) and may hold no control
character.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import transaction

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.errors import SealbookError
from sealbook.records.actions import ClientDetails, create_client
from sealbook.records.forms import ClientForm

REQUIRED = ("first_name", "last_name", "date_of_birth")
OPTIONAL = (
    "preferred_name", "pronouns", "phone", "email", "street", "city", "state", "zip",
    "emergency_contact", "contact_name", "contact_relationship", "contact_phone", "contact_email",
)  # fmt: skip
COLUMNS = REQUIRED + OPTIONAL
MAX_ROWS = 100_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ZIP = re.compile(r"^\d{5}(-\d{4})?$")
# C0 and C1 control characters (NUL, escape, line breaks inside a quoted field,
# DEL) and the bidirectional overrides that make text display other than it
# reads: none belongs in a name or an address.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class CsvImportRefused(SealbookError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:5]) + (
            f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        )
        super().__init__(f"nothing was imported: {shown}")


@dataclass(frozen=True)
class ImportResult:
    clients: int
    contacts: int


def parse(raw: bytes) -> list[ClientDetails]:
    """Parse and validate the whole file; raise CsvImportRefused listing every bad line."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportRefused(["the file is not UTF-8 text"]) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        first = next(reader, None)
    except csv.Error:
        raise CsvImportRefused(["line 1: not a CSV header"]) from None
    if not first:
        raise CsvImportRefused(["the file is empty"])
    header = _header([h.strip() for h in first])
    details: list[ClientDetails] = []
    problems: list[str] = []
    try:
        for fields in reader:
            line = reader.line_num
            if len(details) + len(problems) >= MAX_ROWS:
                raise CsvImportRefused([f"more than {MAX_ROWS} rows; split the file"])
            if len(fields) != len(header):
                problems.append(f"line {line}: wrong number of fields")
                continue
            try:
                details.append(_row_details(_row(header, fields)))
            except ValueError as exc:
                problems.append(f"line {line}: {exc}")
    except csv.Error:
        problems.append(f"line {reader.line_num}: malformed CSV")
    if problems:
        raise CsvImportRefused(problems)
    if not details:
        raise CsvImportRefused(["the file has no rows"])
    return details


def _header(header: list[str]) -> list[str]:
    """The column names, checked; refused by position, never by content.

    A file without a header row has a client's details on line 1: naming an
    unknown column would print them, so a column is named by its number.
    """
    problems = []
    seen: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        if name not in COLUMNS:
            problems.append(f"line 1: column {number} is not a known column name")
        elif name in seen:
            problems.append(f"line 1: column {number} repeats column {seen[name]}")
        else:
            seen[name] = number
    if not seen:
        raise CsvImportRefused(
            ["line 1: no known column name: the first line must be the header row "
             "(see docs/import.md)"]
        )  # fmt: skip
    problems += [f"line 1: missing column {c}" for c in REQUIRED if c not in seen]
    if problems:
        raise CsvImportRefused(problems)
    return header


def _row(header: list[str], fields: list[str]) -> dict[str, str]:
    row = {}
    for number, (column, value) in enumerate(zip(header, fields, strict=True), start=1):
        if _CONTROL.search(value):
            raise ValueError(f"column {number} ({column}) contains a control character")
        row[column] = value.strip()
    return row


def _row_details(row: dict[str, Any]) -> ClientDetails:
    for column in REQUIRED:
        if not row.get(column):
            raise ValueError(f"{column} is empty")
    try:
        dob = datetime.date.fromisoformat(row["date_of_birth"])
    except ValueError:
        raise ValueError("date_of_birth is not an ISO 8601 date (YYYY-MM-DD)") from None
    if not datetime.date(1900, 1, 1) <= dob <= datetime.datetime.now(datetime.UTC).date():
        raise ValueError("date_of_birth is out of range")
    email = row.get("email", "")
    if email and not _EMAIL.match(email):
        raise ValueError("email is not an e-mail address")
    phone = row.get("phone", "")
    if phone and len(re.sub(r"\D", "", phone)) < 7:
        raise ValueError("phone has too few digits")
    postal = row.get("zip", "")
    if postal and not _ZIP.match(postal):
        raise ValueError("zip is not a US ZIP code")
    client = _validated(_client_form, _FORM_FIELDS, {**row, "date_of_birth": dob.isoformat()})
    contacts = []
    if row.get("contact_name"):
        contacts.append({**_validated(_contact_form, _CONTACT_FIELDS, row), "notes": ""})
    elif any(row.get(c) for c in ("contact_relationship", "contact_phone", "contact_email")):
        raise ValueError("contact details without contact_name")
    return ClientDetails(
        legal_first_name=client["legal_first_name"],
        legal_last_name=client["legal_last_name"],
        preferred_name=client["preferred_name"],
        date_of_birth=dob,
        pronouns=client["pronouns"],
        phone=client["phone"],
        email=client["email"],
        street=client["street"],
        city=client["city"],
        state=client["state"],
        postal_code=client["postal_code"],
        emergency_contact=client["emergency_contact"],
        contacts=contacts,
    )


class ContactForm(forms.Form):
    """A collateral contact's fields, with the limits the client form uses for such values."""

    name = forms.CharField(max_length=200)
    relationship = forms.CharField(max_length=200, required=False)
    phone = forms.CharField(max_length=40, required=False)
    email = forms.EmailField(required=False)


def _contact_form(data: dict[str, str]) -> forms.Form:
    return ContactForm(data=data)


# The web form's field for each CSV column (the CSV names follow other systems' exports).
_FORM_FIELDS = {
    "first_name": "legal_first_name", "last_name": "legal_last_name",
    "preferred_name": "preferred_name", "date_of_birth": "date_of_birth",
    "pronouns": "pronouns", "phone": "phone", "email": "email", "street": "street",
    "city": "city", "state": "state", "zip": "postal_code",
    "emergency_contact": "emergency_contact",
}  # fmt: skip
_CONTACT_FIELDS = {
    "contact_name": "name", "contact_relationship": "relationship",
    "contact_phone": "phone", "contact_email": "email",
}  # fmt: skip


def _client_form(data: dict[str, str]) -> forms.Form:
    form = ClientForm(None, data=data)
    # The file names no clinician (`--care-team` does) and no restriction: only the
    # fields it carries are validated, each by the web form's own field.
    for name in set(form.fields) - set(_FORM_FIELDS.values()):
        del form.fields[name]
    return form


def _validated(
    make_form: Callable[..., forms.Form], fields: dict[str, str], row: dict[str, Any]
) -> dict[str, Any]:
    """The row's values cleaned by the form `make_form(data)` makes (the web form's validators).

    Django's messages are not repeated (a future one might quote the value):
    each error is named by its column and its kind.
    """
    form = make_form({field: row.get(column, "") for column, field in fields.items()})
    if form.is_valid():
        return {
            field: ("" if value is None else value) for field, value in form.cleaned_data.items()
        }
    column_of = {field: column for column, field in fields.items()}
    problems = []
    for field, errors in form.errors.as_data().items():
        column = column_of.get(field, field)
        for error in errors:
            if error.code == "max_length":
                limit = form.fields[field].max_length  # type: ignore[attr-defined]
                problems.append(f"{column} is longer than {limit} characters")
            elif error.code == "required":
                problems.append(f"{column} is empty")
            else:
                problems.append(f"{column} is not valid")
    raise ValueError("; ".join(problems))


def import_clients(raw: bytes, *, actor: Any, care_team: list[Any]) -> ImportResult:
    """Import every client of the file, or none."""
    rows = parse(raw)
    with transaction.atomic():
        for details in rows:
            create_client(actor, details, care_team=care_team, audit=False)
        contacts = sum(len(d.contacts) for d in rows)
        record(
            AuditEvent.CLIENTS_IMPORTED,
            actor=actor,
            detail={"clients": len(rows), "contacts": contacts},
        )
    return ImportResult(clients=len(rows), contacts=contacts)
