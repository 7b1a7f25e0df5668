"""White and Black: among the commonest English surnames, and words of ethnicity on a form.

The never-a-name list holds "white" and "black" so that "Ethnicity: White British" or "a
Black woman" names no one. After a given name that is no ordinary word, one space apart
and capitalised ("Brian White", "Declan Black"), the word is the surname, unless what
follows makes it the adjective of a group ("Amara Black British", "Ines White Irish"), or
the given name is a label's value before it ("Ethnicity: White"), which no given name is.
"""

from __future__ import annotations

from typing import Final

from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import Token

COLOUR_SURNAMES: Final = frozenset({"white", "black"})
# What follows "White" or "Black" when they name a group: a nationality or region, "and",
# "/", "other", "mixed", a word for people.
_GROUP_AFTER: Final = compiled(
    r"[ \t/-]*(?:British|Irish|American|African|Caribbean|European|Asian|Other|Mixed|and|or|"
    r"other|mixed|people|person|man|woman|men|women|family|families|community|communities|"
    r"population|patients?|clients?|students?|youths?|background)\b"
)


def colour_surname(nxt: Token, text: str) -> bool:
    """Is `nxt`, "White" or "Black" after a given name, the surname (not a group's word)?"""
    return (
        nxt.shape == "C"
        and nxt.lower in COLOUR_SURNAMES
        and nxt.base == nxt.text
        and _GROUP_AFTER.match(text, nxt.end) is None
    )
