"""Tables pasted as text (a CSV export, a spreadsheet's rows): the header names each column.

"client_id,first_name,last_name,dob,phone,email,postcode,notes" says what every cell under
it is, whatever its shape: "2000" under "postcode" is a postcode, "1043" under "client_id"
a record number, "Te Rangi" under "last_name" a surname, though no detector would take them
from their shape alone. A table is read when the text's first line is a header: three
fields or more parted by commas, tabs, semicolons or bars, none with a digit, two or more
of them a known identifier's name. Its rows run to the first blank line; a cell in quotes
may hold the delimiter. Free-text columns ("notes") are left to the other detectors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.spans import Label, Span

# Header names, lower case without blanks, "_", "-" or ".", and the label of their cells.
_COLUMN_NAMES: Final[tuple[tuple[Label, str], ...]] = (
    (Label.NAME, "name firstname lastname surname givenname givennames fullname familyname "
                 "middlename forename forenames preferredname clientname patientname nickname "
                 "nextofkin emergencycontact contactname guardian parentname spouse partner "
                 "mothersname fathersname referrer gp"),
    (Label.DATE, "dob dateofbirth birthdate birthday date admissiondate dischargedate "
                 "appointmentdate referraldate intakedate dateofdeath dod visitdate"),
    (Label.PHONE, "phone mobile cell cellphone telephone tel phonenumber homephone workphone "
                  "contactnumber mobilenumber"),
    (Label.EMAIL, "email emailaddress mail"),
    (Label.ZIP, "postcode zip zipcode postalcode"),
    (Label.ADDRESS, "address street streetaddress address1 address2 addressline1 addressline2"),
    (Label.CITY, "city town suburb locality"),
    (Label.ID, "id clientid patientid mrn recordnumber caseid casenumber nhsnumber chinumber "
               "nhinumber medicaidid memberid insuranceid policynumber"),
    (Label.SSN, "ssn"),
    (Label.AGE_OVER_89, "age"),
)  # fmt: skip
_COLUMNS: Final[dict[str, Label]] = {
    name: label for label, names in _COLUMN_NAMES for name in names.split()
}
# Labels whose cells must hold a digit to be taken ("unknown", "n/a" under "dob" are not).
_NEEDS_DIGIT: Final = frozenset({Label.DATE, Label.PHONE, Label.ZIP, Label.ID, Label.SSN})
_DELIMITERS: Final = (",", "\t", ";", "|")
_NO_VALUE: Final = frozenset({"", "n/a", "na", "none", "unknown", "null", "nan", "-", "--", "?"})


def _key(field: str) -> str:
    return "".join(c for c in field.strip().strip('"').lower() if c.isalnum())


def _cells(line: str, delimiter: str) -> list[tuple[int, int]]:
    """The cells of `line` as (start, end) inside it, a quoted cell without its quotes."""
    cells: list[tuple[int, int]] = []
    i, n = 0, len(line)
    while i <= n:
        if i < n and line[i] == '"':
            close = i + 1
            while True:
                close = line.find('"', close)
                if close < 0 or close + 1 >= n or line[close + 1] != '"':
                    break
                close += 2  # ("" is a quote inside a quoted cell)
            end = n if close < 0 else close
            cells.append((i + 1, end))
            after = line.find(delimiter, end)
            if after < 0:
                break
            i = after + 1
        else:
            after = line.find(delimiter, i)
            cells.append((i, n if after < 0 else after))
            if after < 0:
                break
            i = after + 1
    return cells


def _header(line: str) -> tuple[str, list[Label | None]] | None:
    """The delimiter and each column's label, when `line` is a table's header."""
    if any(c.isdigit() for c in line):
        return None
    for delimiter in _DELIMITERS:
        fields = line.split(delimiter)
        if len(fields) < 3 or any(len(f) > 40 for f in fields):
            continue
        labels = [_COLUMNS.get(_key(f)) for f in fields]
        if sum(label is not None for label in labels) >= 2:
            return delimiter, labels
    return None


@register("table_column", sorted(set(_COLUMNS.values())), "cells under an identifier's column")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    start = len(text) - len(text.lstrip())
    first_end = text.find("\n", start)
    if first_end < 0:
        return
    header = _header(text[start:first_end].rstrip("\r"))
    if header is None:
        return
    delimiter, labels = header
    at = first_end + 1
    while at < len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = text[at:end].rstrip("\r")
        if not line.strip():
            break  # the table ends at a blank line
        for (lo, hi), label in zip(_cells(line, delimiter), labels, strict=False):
            if label is None:
                continue
            value = line[lo:hi].strip()
            if value.lower() in _NO_VALUE:
                continue
            if label in _NEEDS_DIGIT and not any(c.isdigit() for c in value):
                continue
            if label is Label.AGE_OVER_89 and not (value.isdigit() and int(value) >= 90):
                continue
            cell_start = at + lo + (len(line[lo:hi]) - len(line[lo:hi].lstrip()))
            yield Span(cell_start, cell_start + len(value), label, "table_column",
                       "a cell under an identifier's column in a table's header", 0.9)  # fmt: skip
        at = end + 1
