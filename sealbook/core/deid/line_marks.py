"""Quoting marks at the start of a line, blanked before the detectors read the text.

A reply quotes the lines it answers behind ">" ("> ", "> >", ">>"), an address block
among them ("> Suite 724", "> Žamberk"). The marks are no words, but the detectors that
read a line from its start (an address block's town line above its country, a company or
a name alone on its line) take them for the line's first word, and the line's shape is
lost. They are replaced by spaces of the same length, so every span's offsets stay the
text's own; a mark anywhere else is left.

So are a list's bullets ("• Suite 002", "· Lemona") and what is left of them when a text
passed through a system that knew no such character: question marks ("??? Lemona", issue
13, eleventh session; two or more, so that a question's own mark is never blanked).

And the invisible characters a text picks up when pasted (a byte-order mark, zero-width
spaces and joiners: "Jan \ufeffKučera"), which no detector reads as part of a word: the
engine reads the text without them (`without_invisible`), so "Ja\u200bne Kučera" is the name
it would be without the character, and maps what it finds back onto the text as written;
a detector called alone sees them as spaces.
"""

from __future__ import annotations

from typing import Final

from sealbook.core.deid.patterns import compiled

_BULLETS: Final = "\u2022\u25e6\u25aa\u2023\u00b7"
_LEADING_MARKS: Final = compiled(r"(?m)^[ \t]*(?:>[> \t]*|(?:\?{2,}|[" + _BULLETS + r"])[ \t]+)")


_INVISIBLE_CHARACTERS: Final = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE: Final = compiled("[" + _INVISIBLE_CHARACTERS + "]")


def without_invisible(text: str) -> tuple[str, list[int]] | None:
    """`text` without its invisible characters (zero-width spaces and joiners, byte-order
    marks, soft hyphens) and, for each character left, its offset in `text`; None when it
    has none (most texts: an ASCII text is checked in one call)."""
    if text.isascii() or _INVISIBLE.search(text) is None:
        return None
    kept = [i for i, c in enumerate(text) if c not in _INVISIBLE_CHARACTERS]
    return "".join(text[i] for i in kept), kept


def quoting_blanked(text: str) -> str:
    """`text` with the quoting marks and bullets that open its lines, and its invisible
    characters, replaced by spaces."""
    if not text.isascii() and _INVISIBLE.search(text):
        text = _INVISIBLE.sub(" ", text)
    if ">" not in text and "??" not in text and not any(b in text for b in _BULLETS):
        return text
    return _LEADING_MARKS.sub(lambda m: " " * len(m.group()), text)
