"""The closings of letters in other languages ("Mit freundlichen Grüßen", "Cordialement").

A closing's capitalised nouns ("Grüßen", "Hilsen") are in no English dictionary, so the
name rules take them for names mid-sentence; and the signature rules, which know the
English closings only, miss the name on the next line. These are the common closings of
the languages Sealbook's texts are written in besides English, a closed class.
"""

from __future__ import annotations

from typing import Final

from sealbook.core.deid.patterns import compiled

FOREIGN_CLOSINGS: Final = (
    r"(?:mit (?:freundlichen|besten|herzlichen|lieben) grüßen|(?:viele|liebe|beste|herzliche|"
    r"freundliche) grüße|met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|"
    r"(?:cordiali|distinti) saluti|un (?:caro )?saluto|cordialement|bien cordialement|"
    r"bien à vous|salutations distinguées|(?:saludos(?: cordiales)?|un saludo|atentamente|"
    r"cordialmente|atenciosamente|abraços)|(?:med )?venn?lig(?:e)? hilsen|"
    r"(?:med )?vänliga hälsningar|ystävällisin terveisin|terveisin|s pozdravem|"
    r"z poważaniem|pozdrawiam|sayg\u0131l\u0131r\u0131mla|iyi \u00e7al\u0131\u015fmalar)"
)
_LONGEST: Final = 40  # characters: "Mit freundlichen Grüßen" and room
_WIDEST: Final = 24  # characters: the longest closing the pattern takes (a test keeps it true)
_CLOSING_LINE: Final = compiled(r"(?im)^[ \t]*(?i:" + FOREIGN_CLOSINGS + r")[ \t]*[,!]?[ \t]*$")


def in_foreign_closing(text: str, start: int, end: int) -> bool:
    """Do `text[start:end]`'s words belong to a closing alone on its line?"""
    # A closing's line is short: its start lies within `_LONGEST` characters of `end`
    # (looked for no further back, as most names stand on longer lines).
    line_start = text.rfind("\n", max(0, end - _LONGEST - 1), start) + 1
    if line_start == 0 and end > _LONGEST:
        return False
    # The line holds a closing alone, up to blanks and a comma: a line longer than the
    # longest closing, once those are stripped, holds none (checked first, as most do not).
    line_end = text.find("\n", end)
    if len(text[line_start : None if line_end < 0 else line_end].strip(" \t,!")) > _WIDEST:
        return False
    m = _CLOSING_LINE.match(text, line_start)
    return m is not None and end <= m.end()
