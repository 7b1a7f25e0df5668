"""A street named in its own language, then the English word for it: step one of
`street_address`.

An English sentence about a street abroad names it as written there, house number and all,
and adds the English word in lower case after it: "the title refers to Norra Bäckebo 73
street", "127 Adelianos Kambos street in Larnaka" (issue 13, twelfth round). The foreign
name holds no street type word the patterns know, so it was read as a person's name or
left. Here one to three words, the first capitalised and the others capitalised or in no
dictionary ("Českého odboje"), a house number before or after them, and
"street", "road" or "avenue" in lower case after them are a street, when one of the words
is in no English dictionary; the English word itself is left ("the 5 Green street" is no
one's address, "on Oak 5 street" by its dictionary words neither).

The town such a sentence goes on to name, "... street in OULU", "12 Elm Street in Tovira",
is read here too, for every street the address step found: after "in", one to three
capitalised words, none a month, a weekday or a dictionary word ("in March", "in Room 4"
stay), or a town geonames knows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.detectors.address_grammar import UP
from sealbook.core.deid.lexicon import cities, closed_class, common_words, never_a_name
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import cue_words, tokens_for

# (After the first word, a word in lower case too: "lives on Českého odboje 1735 street".)
NAMED_BEFORE: Final = compiled(
    r"(?<![\w.-])(?:(?P<building>\d{1,6})[ \t]+)?(?P<names>" + UP
    + r"[\w'\u2019.-]*[ \t]+(?:(?:" + UP + r"|[a-z\u00df-\u017f])[\w'\u2019.-]*[ \t]+){0,2}?)"
    r"(?:(?P<number>\d{1,5}[A-Za-z]?)[ \t]+)?$"
)  # fmt: skip
_STREET_WORDS: Final = cue_words({"street", "road", "avenue"})
_LIVES_ON: Final = compiled(r"(?i:lives|lived|living|live)[ \t]+(?:on|at)[ \t]+$")
_REASON: Final = "a street's own name and house number, then the English word 'street'"


def street_word_after(text: str) -> Iterator[tuple[int, int, str, float, bool]]:
    """(start, end, reason, score, number_last) of every such street, without its word."""
    common = common_words()
    for tok in tokens_for(text, _STREET_WORDS):
        if not tok.text.islower():
            continue
        m = NAMED_BEFORE.search(text, max(0, tok.start - 80), tok.start)
        if m is None or (m.group("building") is None and m.group("number") is None):
            continue
        words = m.group("names").split()
        # Where one lives, or a street of a town named after it ("refers to Alter Wall 79
        # street in Karlstadt"), is an address, of ordinary words too.
        lived_on = _LIVES_ON.search(text, max(0, m.start() - 16), m.start()) is not None or (
            town_after_street(text, tok.end) is not None
        )
        if (all(w.lower().strip(".") in common for w in words) and not lived_on) or any(
            w.islower() and w.strip(".") in common for w in words
        ):
            # ("on Oak 5 street"; "the Green big 5 street": a word in lower case; but where
            # one lives: "lives on Linden 250 street")
            continue
        if m.group("number") is not None:
            yield m.start(), m.end("number"), _REASON, 0.92, True
        else:
            yield m.start(), m.start("names") + len(m.group("names").rstrip()), _REASON, 0.92, False


TOWN_AFTER_IN: Final = compiled(
    r"(?:[ \t]+(?i:street|road|avenue))?[ \t]+in[ \t]+(?P<town>" + UP
    + r"[\w'\u2019-]+(?:[ \t]+" + UP + r"[\w'\u2019-]+){0,2})(?![\w'\u2019-])"
)  # fmt: skip


def town_after_street(text: str, end: int) -> tuple[int, int] | None:
    """(start, end) of the town named after "in" right after a street ending at `end`."""
    m = TOWN_AFTER_IN.match(text, end)
    if m is None:
        return None
    town = m.group("town")
    words = [w.lower() for w in town.split()]
    if any(w in closed_class() or never_a_name(w) for w in words):
        return None
    capitals = town.isupper() and len(town) > 2  # ("... street in SKI": a town's capitals)
    if town.lower() not in cities() and any(w in common_words() for w in words) and not capitals:
        return None
    return m.start("town"), m.end("town")
