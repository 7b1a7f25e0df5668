"""Words the sentence makes a person, even ordinary words (issue 13, seventh round).

Synthetic sentences: each mechanism beside the sentence it must leave alone.
"""

from __future__ import annotations

from sealbook.core.deid.engine import analyse
from sealbook.core.deid.spans import NAME_LABELS


def names(text: str) -> list[str]:
    return [text[s.start : s.end] for s in analyse(text) if s.label in NAME_LABELS]


def test_the_one_quoted_after_a_speech_verb_is_a_person_and_is_followed() -> None:
    text = "Nobody in the family has sought help, says Tulip. Tulip's aunt agrees."
    assert names(text) == ["Tulip", "Tulip"]
    assert names('"Not yet," replied Hope.') == ["Hope"]


def test_a_speech_verb_without_a_quotation_or_before_a_day_names_no_one() -> None:
    assert names("The board said Monday it would decide.") == []
    assert names("The plan, said Tuesday.") == []


def test_a_place_among_siblings_is_said_of_a_person() -> None:
    assert names("Pumice is the second of three children.")[:1] == ["Pumice"]
    assert names("Quorvelle was the eldest of five.") == ["Quorvelle"]
    assert names("Tarn is an only child.") == ["Tarn"]


def test_a_place_among_siblings_needs_a_person_as_its_subject() -> None:
    for text in (
        "She is the second of three children.",
        "Mother is the eldest of five.",
        "Group is the first of two sessions.",
        "Hope is the eldest of five.",  # an ordinary word, and no children named
    ):
        assert names(text) == [], text


def relatives(text: str) -> list[str]:
    return [text[s.start : s.end] for s in analyse(text) if s.label.value == "RELATIVE"]


def test_a_month_that_is_a_given_name_after_a_family_word_is_the_relative() -> None:
    assert relatives("She lives with her sister June in Tarnby.") == ["June"]
    assert relatives("Her partner August Moss phoned.") == ["August Moss"]
    # With a day after it, or the cue not right before it, the month is a month.
    assert relatives("She saw her mother May 3.") == []
    assert relatives("I went with my brother in June.") == []
