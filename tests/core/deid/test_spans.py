from __future__ import annotations

import pytest

from sealbook.core.deid.spans import Label, Span, resolve_overlaps


def span(start: int, end: int, label: Label = Label.NAME, score: float = 0.5) -> Span:
    return Span(start, end, label, "test", "test", score)


def test_a_span_must_not_be_empty_or_negative() -> None:
    with pytest.raises(ValueError):
        span(3, 3)
    with pytest.raises(ValueError):
        span(-1, 2)


def test_overlapping_spans_of_one_label_merge() -> None:
    assert [(s.start, s.end) for s in resolve_overlaps([span(0, 5), span(3, 9)])] == [(0, 9)]


def test_the_stronger_span_keeps_the_overlap_and_the_weaker_keeps_the_rest() -> None:
    text = "Kate Moore Street"
    spans = resolve_overlaps([span(0, 10, Label.NAME, 0.9), span(5, 17, Label.ADDRESS, 0.5)], text)
    assert [(s.start, s.end, s.label) for s in spans] == [
        (0, 10, Label.NAME),
        (11, 17, Label.ADDRESS),
    ]


def test_a_leftover_loses_the_blanks_that_parted_it_from_the_stronger_span() -> None:
    """Issue 13, eleventh round: "Hope " of a two-word name whose second word is a town
    was replaced with its blank ("[NAME][CITY] is fine.")."""
    text = "Hope Kaiserslautern is fine. the Highbury \n Hockey Team"
    spans = resolve_overlaps(
        [span(0, 19, Label.NAME, 0.5), span(5, 19, Label.CITY, 0.9),
         span(33, 55, Label.ORGANIZATION, 0.5), span(33, 41, Label.CITY, 0.9)],
        text,
    )  # fmt: skip
    assert [text[s.start : s.end] for s in spans] == [
        "Hope", "Kaiserslautern", "Highbury", "Hockey Team"
    ]  # fmt: skip


def test_roster_hits_win_over_any_other_detector() -> None:
    roster = Span(0, 4, Label.NAME, "roster", "r", 0.1, client_refs=("c1",))
    other = span(0, 10, Label.ADDRESS, 0.99)
    chosen = resolve_overlaps([other, roster], "Kate Moore")
    assert chosen[0].client_refs == ("c1",)


def test_leftovers_without_letters_or_digits_are_dropped() -> None:
    text = "Kate, "
    spans = resolve_overlaps([span(0, 4, Label.NAME, 0.9), span(0, 6, Label.CITY, 0.1)], text)
    assert [(s.start, s.end) for s in spans] == [(0, 4)]


def test_spans_are_clipped_to_the_text() -> None:
    assert [(s.start, s.end) for s in resolve_overlaps([span(2, 50)], "abcdef")] == [(2, 6)]


def test_a_school_named_after_a_person_keeps_the_name_inside_it() -> None:
    text = "Session at Lincoln Middle School."
    school = span(11, 32, Label.SCHOOL, 0.8)
    name, city = span(11, 25, Label.NAME, 0.85), span(11, 18, Label.CITY, 0.85)
    spans = resolve_overlaps([school, name, city], text)
    assert [(s.text_in(text), s.label) for s in spans] == [("Lincoln Middle School", Label.SCHOOL)]


def test_a_name_joined_to_a_school_by_a_word_is_not_part_of_its_name() -> None:
    text = "Kate and Lincoln Middle School"
    spans = resolve_overlaps([span(0, 30, Label.SCHOOL, 0.8), span(0, 4, Label.NAME, 0.85)], text)
    assert [(s.text_in(text), s.label) for s in spans] == [
        ("Kate", Label.NAME),
        ("and Lincoln Middle School", Label.SCHOOL),
    ]
