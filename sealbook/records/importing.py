"""Importing clients from a CSV file (docs/import.md documents the columns).

The file is checked completely before anything is written; then every row is
created in one transaction. A bad row is reported by its line number and the
column at fault, never by its contents (they are identifying).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.errors import SealbookError
from sealbook.records.actions import ClientDetails, create_client

REQUIRED = ("first_name", "last_name", "date_of_birth")
OPTIONAL = (
    "preferred_name", "pronouns", "phone", "email", "street", "city", "state", "zip",
    "emergency_contact", "contact_name", "contact_relationship", "contact_phone", "contact_email",
)  # fmt: skip
COLUMNS = REQUIRED + OPTIONAL
MAX_ROWS = 100_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ZIP = re.compile(r"^\d{5}(-\d{4})?$")


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
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames
    except csv.Error:
        raise CsvImportRefused(["line 1: not a CSV header"]) from None
    if not header:
        raise CsvImportRefused(["the file is empty"])
    header = [h.strip() for h in header]
    reader.fieldnames = header
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown:
        problems = [f"line 1: missing column {c}" for c in missing]
        problems += [f"line 1: unknown column {c!r}" for c in unknown[:5]]
        raise CsvImportRefused(problems)
    details: list[ClientDetails] = []
    problems: list[str] = []
    try:
        for row in reader:
            line = reader.line_num
            if len(details) + len(problems) >= MAX_ROWS:
                raise CsvImportRefused([f"more than {MAX_ROWS} rows; split the file"])
            if None in row or any(v is None for v in row.values()):
                problems.append(f"line {line}: wrong number of fields")
                continue
            try:
                details.append(_row_details({k: (v or "").strip() for k, v in row.items()}))
            except ValueError as exc:
                problems.append(f"line {line}: {exc}")
    except csv.Error:
        problems.append(f"line {reader.line_num}: malformed CSV")
    if problems:
        raise CsvImportRefused(problems)
    if not details:
        raise CsvImportRefused(["the file has no rows"])
    return details


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
    contacts = []
    if row.get("contact_name"):
        contacts.append(
            {
                "name": row["contact_name"],
                "relationship": row.get("contact_relationship", ""),
                "phone": row.get("contact_phone", ""),
                "email": row.get("contact_email", ""),
                "notes": "",
            }
        )
    elif any(row.get(c) for c in ("contact_relationship", "contact_phone", "contact_email")):
        raise ValueError("contact details without contact_name")
    return ClientDetails(
        legal_first_name=row["first_name"],
        legal_last_name=row["last_name"],
        preferred_name=row.get("preferred_name", ""),
        date_of_birth=dob,
        pronouns=row.get("pronouns", ""),
        phone=phone,
        email=email,
        street=row.get("street", ""),
        city=row.get("city", ""),
        state=row.get("state", ""),
        postal_code=postal,
        emergency_contact=row.get("emergency_contact", ""),
        contacts=contacts,
    )


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
