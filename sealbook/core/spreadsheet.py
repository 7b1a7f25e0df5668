"""CSV files that a spreadsheet opens as data, never as formulas.

Excel, LibreOffice and Google Sheets treat a cell that begins with `=`, `+`,
`-` or `@` as a formula, and some also one that begins with a tab or a
carriage return; `=HYPERLINK(...)` in a staff display name would then run in
the office of whoever opens an exported access log ("CSV injection"). Every
CSV the project writes goes through `CsvWriter`, which prefixes such a cell
with a single quote: the spreadsheet shows the text as it was, and a person
reading the file in an editor still sees every character.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """`value` as CSV text that no spreadsheet evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class CsvWriter:
    """`csv.writer` whose every cell passes through `safe_cell`."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)
