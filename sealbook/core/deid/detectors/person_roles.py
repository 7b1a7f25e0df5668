"""A capitalised word that the sentence makes a person, even an ordinary word ("Pita",
"Hope", "Davit"): the speaker named after an inverted speech verb (", says Pita."), and a
child's place among siblings ("Pita is the second of three children").

The name rules take a capitalised word for a name by what it is (in a name list, in no
dictionary); a word that is also a noun needs more. Here the grammar gives it: only a
person is quoted as saying something, or is the eldest of three children. Found this way,
the name is strong evidence, so its other mentions are followed ("Pita's half-sister").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.detectors.relation_cues import FAMILY
from sealbook.core.deid.lexicon import (
    closed_class,
    common_words,
    month_words,
    never_a_name,
    word_set,
)
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.spans import Label, Span
from sealbook.core.deid.tokens import UPPER, cue_words, cued_matches, tokens_for

_NAME: Final = r"(?P<name>" + UPPER + r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)?)"
_SPEECH_VERBS: Final = (
    "says|said|asks|asked|adds|added|explains|explained|recalls|recalled|replies|replied"
)
_SPEECH_CUES: Final = cue_words(set(_SPEECH_VERBS.split("|")))
# '..., says Pita.', '"Not yet," replied Hope': the verb after a comma or a closing quote,
# then one capitalised word that ends the clause.
SPEAKER_AFTER_SPEECH: Final = compiled(
    r"(?:" + _SPEECH_VERBS + r")[ \t]+" + _NAME + r"(?=[ \t]*(?:[.!?;]|\n|$))"
)
_QUOTE_OR_COMMA: Final = (",", '"', "\u201d", "'", "\u2019")

# "Pita is the second of three children", "Hope was the youngest of five",
# "Davit is an only child": a place among siblings, said of the one who holds it.
_ORDER_CUES: Final = cue_words(
    word_set("eldest oldest youngest middle only first second third fourth fifth")
)
_SUBJECT_BEFORE: Final = compiled(_NAME + r"[ \t]+(?:is|was)[ \t]+(?:the|an?)[ \t]+$")
# The siblings named ("of three children", "only child"), or only counted ("the eldest of
# five"): then the subject must be no ordinary word ("Group is the first of two").
_SIBLINGS_AFTER: Final = compiled(
    r"[^\W\d_]+[ \t]+(?:of[ \t]+(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
    r"(?P<named>[ \t]+(?:children|siblings|sons|daughters|brothers|sisters|kids))?\b"
    r"|(?P<one>child|son|daughter|sibling)\b)"
)
_KIN_WORDS: Final = frozenset(FAMILY.replace("[ée]", "e").replace("e?", "e").split("|"))

_SPEAKER_REASON: Final = "the one quoted after a speech verb (', says Pita.')"
_SIBLING_REASON: Final = "the subject of a place among siblings ('is the second of three children')"


def _a_person_word(word: str) -> bool:
    """Could `word` be a person's name here? Not a pronoun or other closed-class word, a
    month or weekday, a word never a name, nor a relation ("Mother is the eldest")."""
    low = word.lower()
    return not (
        low in closed_class() or low in month_words() or never_a_name(low) or low in _KIN_WORDS
    )


def _speakers(text: str) -> Iterator[Span]:
    for m in cued_matches(text, _SPEECH_CUES, SPEAKER_AFTER_SPEECH):
        before = text[max(0, m.start() - 3) : m.start()].rstrip(" \t")
        if not before.endswith(_QUOTE_OR_COMMA) or not _a_person_word(m.group("name")):
            continue
        yield Span(m.start("name"), m.end("name"), Label.NAME, "person_role", _SPEAKER_REASON, 0.75)


def _siblings(text: str) -> Iterator[Span]:
    common = common_words()
    for tok in tokens_for(text, _ORDER_CUES):
        siblings = _SIBLINGS_AFTER.match(text, tok.start)
        if siblings is None:
            continue
        m = _SUBJECT_BEFORE.search(text, max(0, tok.start - 40), tok.start)
        if m is None or not _a_person_word(m.group("name")):
            continue
        if not (siblings.group("named") or siblings.group("one")) and (
            m.group("name").lower() in common
        ):
            continue
        yield Span(m.start("name"), m.end("name"), Label.NAME, "person_role", _SIBLING_REASON, 0.75)


@register(
    "person_role",
    [Label.NAME],
    "a word the sentence makes a person: quoted after a speech verb, a place among siblings",
)
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    yield from _speakers(text)
    yield from _siblings(text)
