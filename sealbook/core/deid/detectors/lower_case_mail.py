"""The greeting and the signature of a message written all in lower case.

"hi maria,\ncan you send me the forms again?\nthx ester" and "ok see you then\n\nangel\nsent
from my phone" name their people where a letter does, at the greeting and at the sign-off,
but with no capital the name rules see no name, and the closing rules want a capital
("Sincerely,\nP. Morozov"). In a text with no capital letter at all, those two places are
read as a letter's:

- the word after a greeting opening the text ("hi", "hey", "hello", "dear") and before a
  comma or the line's end, when it is a given name;
- the last line (before a "sent from my ..." line), after an optional closing word ("thx",
  "cheers", "love"), when it holds one to four words, the first a given name and the rest
  given names, surnames, particles or initials.

A greeting's ordinary word ("hi all,", "hey guys") or a last line of ordinary words ("see
you soon") is left.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.name_lexicon import NameLexicon
from sealbook.core.deid.patterns import compiled

_WORD: Final = r"[^\W\d_][\w'\u2019-]*"
_GREETING: Final = compiled(
    r"[ \t]*(?:hi|hey|hello|hiya|dear|morning)[ \t]+(?P<name>" + _WORD + r")[ \t]*(?:,|!|\n|$)"
)
_SENT_FROM: Final = compiled(r"(?im)^[ \t]*sent from my\b.*$")
_SIGN_OFF: Final = compiled(
    r"[ \t]*(?:(?:thx|thanks|thank you|cheers|love|regards|best|ta|xx|x)[ \t]*[,!]?[ \t]+)?"
    r"(?P<name>" + _WORD + r"(?:[ \t]+(?:[^\W\d_]\.|" + _WORD + r")){0,3})[ \t]*$"
)
_PARTICLES: Final = frozenset(
    ["van", "von", "de", "da", "der", "den", "del", "della", "di", "du", "dos", "das", "ter", "'t"]
)


def lower_case_names(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    """The greeting's and the signature's names in a text with no capital letter."""
    if "\n" not in text or any(map(str.isupper, text)):
        return
    greeting = _GREETING.match(text)
    if greeting is not None and _given(lex, greeting.group("name")):
        yield greeting.span("name")
    yield from _signature(lex, text)


def _signature(lex: NameLexicon, text: str) -> Iterator[tuple[int, int]]:
    end = len(text.rstrip())
    sent = _SENT_FROM.search(text)
    if sent is not None and not text[sent.end() :].strip():
        end = len(text[: sent.start()].rstrip())
    start = text.rfind("\n", 0, end) + 1
    if start == 0:
        return  # one line: no sign-off of its own
    m = _SIGN_OFF.fullmatch(text, start, end)
    if m is None:
        return
    words = m.group("name").split()
    if not _given(lex, words[0]) or not all(_name_word(lex, w) for w in words[1:]):
        return
    yield m.span("name")


def _given(lex: NameLexicon, word: str) -> bool:
    return word in lex.given and word not in lex.closed and word not in lex.never


def _name_word(lex: NameLexicon, word: str) -> bool:
    if len(word) == 2 and word.endswith("."):
        return True  # an initial, "a."
    if word in _PARTICLES:
        return True
    return word not in lex.closed and (lex.namey_word(word) or word not in lex.common)
