"""Czech and Slovak streets named by a preposition: step one of `street_address`.

Many Czech and Slovak streets are named for what they lie by, with a preposition first and
no street word at all: "Na Výsluní 12", "K Lesu 4", "U Školy 9", "Pod Hájem 31", "Na
kaštieli 23" (issue 13, value refill). The European patterns look for a street word and
the cued pattern for capitalised words, so these were left. Here such a preposition, one
to three words of which one is in no English dictionary, and a house number are a street
when the number ends the street's phrase or an address cue stands before it ("lives on",
"send to", "address:"); "U Turn 3 times", "V Festival 2" are left.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.suffix_number_streets import ADDRESS_CUE, PHRASE_ENDS
from sealbook.core.deid.lexicon import common_words
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import cue_words, tokens_for

PREPOSITION_STREET: Final = compiled(
    r"(?<![\w.-])(?:Na|Nad|Pod|Pri|Při|Za|Ke|K|Ve|V|U)[ \t]+"
    r"(?P<words>[^\W\d_][\w'\u2019-]*(?:[ \t]+[^\W\d_][\w'\u2019-]*){0,2})"
    r"[ \t]+\d{1,4}[A-Za-z]?\b(?![.,/:-]\d)\.?"
)
_PREPOSITIONS: Final = cue_words(
    {"na", "nad", "pod", "pri", "při", "za", "ke", "k", "ve", "v", "u"}
)
_REASON: Final = "a Czech or Slovak street named by a preposition, and its house number"


def preposition_streets(text: str) -> Iterator[tuple[int, int, str, float, bool]]:
    """(start, end, reason, score, number_last) of every such street."""
    common = common_words()
    for tok in tokens_for(text, _PREPOSITIONS):
        if not tok.text[:1].isupper():
            continue
        m = PREPOSITION_STREET.match(text, tok.start)
        if m is None:
            continue
        if all(w.lower() in common for w in m.group("words").split()):
            continue  # "U Turn 3", "V Festival 2": English words
        cued = ADDRESS_CUE.search(text, max(0, m.start() - 40), m.start()) is not None
        # Alone on its line, or a form's field after its label ("User: K Lipám 87").
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start : m.start()].rstrip(" \t")
        alone = not before.strip(" \t>") or before.endswith(":")
        if cued or (alone and PHRASE_ENDS.match(text, m.end())):
            yield m.start(), m.end(), _REASON, 0.9, True
