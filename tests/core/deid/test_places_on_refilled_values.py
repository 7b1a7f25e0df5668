"""Issue 13, value refill: towns, streets and postcodes of many locales put into the shapes
of the presidio-synth corpus, found by mechanism.

Every sentence here is written for these tests (synthetic streets, towns and numbers).
Each mechanism has a sentence it finds and one it leaves alone.
"""

from __future__ import annotations

from sealbook.core.deid.spans import Label
from tests.core.deid.removal import all_removed, labels_over, none_removed

# --- an English street type word with the house number after it ---------------------------


def test_an_english_street_type_then_a_house_number_is_a_street_with_its_number() -> None:
    for text, part in (
        ("Ines Varga\n\n44184 Kelvy Cove 66\n Suite 517\n Oakvale", "44184 Kelvy Cove 66"),
        ("Where should it go? User: Joseph Motorway 82", "Joseph Motorway 82"),
        ("He lives on the north side of Martin Ports 1981.", "Martin Ports 1981"),
        ("Please return to Ants Wells 11 in case of an issue.", "Ants Wells 11"),
    ):
        assert all_removed(text, part), text
        assert labels_over(text, part) == {Label.ADDRESS}, text


def test_a_street_type_word_and_a_number_that_do_not_end_a_street_are_left() -> None:
    assert none_removed("She walks down Main Street 5 times a week.", "5 times")
    assert none_removed("He had a Grade Point 4. Then he left.", "Grade Point 4")
