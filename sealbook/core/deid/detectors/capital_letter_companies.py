"""Companies written wholly in capitals with their legal form: part of `organisation`.

Registers, stock lists and letterheads write a company's name in capitals, its legal form
too: "NICCA CHEMICAL CO.LTD.", "JAPAN PULP AND PAPER COMPANY LIMITED", "SUN-LIFE HOLDING
CO.LTD." (issue 13, twelfth round). The named-organisation patterns know the forms as
written in running text ("Ltd", "Corp", "Company"), so a name in capitals was left, or its
first words read as a town. Here up to five words in capitals (with "AND", "OF" or "&"
inside) before a form in capitals that no ordinary heading ends with (a dotted "CO.LTD.",
"LTD.", "INC.", "CORP.", "PLC", "LLC", "CORPORATION", "INCORPORATED", "COMPANY LIMITED") are
a company; a sentence in capitals before it ("WE MET AT") is not part of the name, but
"THE" opening the name is ("THE KORVAMI BANK LTD.", issue 13, fifteenth round).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.lexicon import closed_class
from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import lines_holding

# A word in capitals (digits, "&", hyphens and inner stops may stand in it: "SUN-LIFE",
# "B&T"), not ending in a stop: "2 WEEKS. LLC" is a sentence's end, then a word.
_CAP: Final = r"A-Z0-9\u00c0-\u00d6\u00d8-\u00de"
_CAPS_WORD: Final = r"[" + _CAP + r"](?:[" + _CAP + r"&'\u2019.-]*[" + _CAP + r"&])?"
_FORM: Final = (
    r"CO\.,?[ \t]?LTD\.?|CO\.,?[ \t]?LIMITED|COMPANY[ \t]+LIMITED|LTD\.|INC\.|CORP\.|"
    r"CORPORATION|INCORPORATED|PLC|LLC"
)
CAPITAL_COMPANY: Final = compiled(
    r"(?<![\w.&'-])(?P<name>(?:" + _CAPS_WORD + r"[ \t]+(?:(?:AND|OF|&)[ \t]+)?){1,5}?)"
    r"(?P<form>" + _FORM + r")(?![\w&-])"
)
_JOINERS: Final = frozenset({"and", "of", "&"})
_HINTS: Final = ("LTD", "INC", "CORP", "PLC", "LLC", "LIMITED")
_HINT: Final = compiled("|".join(_HINTS))


def capital_letter_companies(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every company written in capitals with its form."""
    if not any(hint in text for hint in _HINTS):
        return
    small = closed_class()
    # A company in capitals lies on one line, and its form holds a hint: only the lines that
    # hold one are searched (see `lines_holding`; the pattern begins with a look-behind,
    # which the regex engine tried at every character of the text).
    lines = lines_holding(text, _HINT)
    for m in (m for lo, hi in lines for m in CAPITAL_COMPANY.finditer(text, lo, hi)):
        words = m.group("name").split()
        # The name begins after the last small word of a sentence in capitals before it.
        first = 0
        for i, word in enumerate(words):
            if word == "THE" and i == first and i + 1 < len(words):
                continue  # "THE TORIGOE CO.LTD.": the article opens the company's name
            if word.lower() in small and word.lower() not in _JOINERS:
                first = i + 1
        names = [w for w in words[first:] if w.lower() not in _JOINERS]
        if first == len(words) or not any(c.isalpha() for w in names for c in w):
            continue
        yield m.start("name") + m.group("name").index(words[first]), m.end()
