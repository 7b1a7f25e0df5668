"""Issue 13, tenth round: mechanisms that fresh seeds of the eval generators still missed or
flagged wrongly. Each has a sentence it finds and one it leaves alone.

Every sentence here is written for these tests (synthetic names and places).
"""

from __future__ import annotations

from sealbook.core.deid import Label, analyse


def _found(text: str) -> list[tuple[Label, str]]:
    return [(s.label, text[s.start : s.end]) for s in analyse(text)]


def _flagged(text: str) -> list[str]:
    return [text[s.start : s.end] for s in analyse(text)]


# --- a club named by its town and ordinary words ---------------------------------------


def test_a_club_named_by_its_town_and_ordinary_words_flags_the_town_only() -> None:
    assert _found("She rows with the Quorvale Rowing Club again.") == [(Label.CITY, "Quorvale")]


def test_an_organisation_named_by_its_town_keeps_its_other_words() -> None:
    # An organisation is a quasi-identifier of its own: its words stay flagged.
    assert _flagged("His rent is paid through Quorvale Credit Union.") == [
        "Quorvale",
        " Credit Union",
    ]
