"""Quoting marks that open a line are blanked before the detectors read it (line_marks).

Every address and name here is written for these tests (synthetic).
"""

from __future__ import annotations

import pytest

from sealbook.core.deid.line_marks import quoting_blanked
from sealbook.core.deid.spans import Label
from tests.core.deid.removal import all_removed, labels_over

# text, what the detectors read instead (same length, same offsets)
BLANKED = [
    ("> Suite 724\n> Kohlau", "  Suite 724\n  Kohlau"),
    ("> > Ledmor\n>>Ledmor", "    Ledmor\n  Ledmor"),
    ("  > Ledmor", "    Ledmor"),
]
# text left exactly as it is: a mark that opens no line, or no mark at all
LEFT = [
    "x > y and }} z",
    "Dose: 5 mg, then > 10 mg",
    "{{person}} was here",
    # Brackets are no quoting marks (a template's stray "}}" is the bench loader's to mend).
    "}}Suite 724\n}} Kohlau",
    "Seen today.\nNo change.",
]


@pytest.mark.parametrize(("text", "read"), BLANKED)
def test_marks_that_open_a_line_are_blanked(text: str, read: str) -> None:
    assert quoting_blanked(text) == read
    assert len(quoting_blanked(text)) == len(text)


@pytest.mark.parametrize("text", LEFT)
def test_marks_elsewhere_are_left(text: str) -> None:
    assert quoting_blanked(text) == text


def test_an_address_block_behind_marks_keeps_its_town_and_postcode() -> None:
    for mark in (">", "> ", ">> "):
        lines = ["Ravi Orlen", "4412 Kesterstraat 391", "Suite 067", "Ledmorvik",
                 "Belgium 37100"]  # fmt: skip
        text = "\n".join(mark + line for line in lines)
        assert all_removed(text, "Ledmorvik"), mark
        assert labels_over(text, "Ledmorvik") == {Label.CITY}, mark
        assert all_removed(text, "37100"), mark
        assert all_removed(text, "Ravi Orlen"), mark
