"""The person-name detectors' shortcuts skip only work that could find nothing."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sealbook.core.deid import analyse
from sealbook.core.deid.detectors import name_lexicon, valedictions
from sealbook.core.deid.detectors.name_lexicon import NameLexicon, unknown_word
from sealbook.core.deid.detectors.name_neighbours import name_lines
from sealbook.core.deid.tokens import Token


def _names(text: str) -> list[str]:
    return [text[s.start : s.end] for s in analyse(text) if s.label.name in ("NAME", "RELATIVE")]


def test_the_widest_closing_is_what_the_pattern_takes_at_most() -> None:
    parsed = re._parser.parse(valedictions.FOREIGN_CLOSINGS)  # type: ignore[attr-defined]
    assert parsed.getwidth()[1] == valedictions._WIDEST


def test_a_foreign_closing_padded_with_blanks_is_still_read_as_a_closing() -> None:
    assert _names("Mit freundlichen Grüßen   ,\nG. Zorbach") == ["G. Zorbach"]


def test_a_line_longer_than_any_closing_is_no_closing() -> None:
    assert not valedictions.in_foreign_closing("Met vriendelijke groeten Hendrika", 25, 33)


def test_names_one_to_a_line_are_found_when_one_is_found() -> None:
    found = _names("Present:\nKawika Kalama\nDr. Pita Havili\nRangimarie Tane\n")
    assert "Rangimarie Tane" in found


def test_lines_of_names_without_a_found_name_alone_on_a_line_are_left() -> None:
    # The name found stands in a sentence: the short lines after it are no list of its names.
    text = "Saw Dr. Pita Havili today.\nKawika Kalama\nRangimarie Tane\n"
    start = text.index("Pita")
    lex = NameLexicon()
    assert list(name_lines(lex, [(start, start + len("Pita Havili"))], text)) == []
    listed = "Present:\nPita Havili\nKawika Kalama\nRangimarie Tane\n"
    start = listed.index("Pita")
    assert len(list(name_lines(lex, [(start, start + len("Pita Havili"))], listed))) == 3


@given(st.text(alphabet="abcdeklmnoprstuyáöAKMS'\u2019-", min_size=1, max_size=12))
@settings(max_examples=200, deadline=None)
def test_unknown_word_kept_by_word_answers_as_the_lists_do(word: str) -> None:
    lex = NameLexicon()
    tok = Token(0, len(word), word, False)
    if not tok.lower:
        return
    first = unknown_word(lex, tok)
    assert first == name_lexicon._in_no_list(lex, tok.lower) == unknown_word(lex, tok)
