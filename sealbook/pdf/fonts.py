"""The one font set of every PDF, and the check that no character is lost.

A PDF is a legal copy of a record: a name printed without its Chinese
characters is a different name. fpdf2 drops a character no embedded font
has (it only logs it), so before anything is drawn every character is
looked up in the fonts' character maps (cmap) and a PDF that would lose one
is refused with `GlyphMissing`.

The fonts are Debian's Noto Sans (`fonts-noto-core`) for Latin, Greek,
Cyrillic and the scripts of South and Southeast Asia, the Middle East and
Africa, and Noto Sans CJK (`fonts-noto-cjk`) for Chinese, Japanese and
Korean. `FACES` is the fallback order: the first face that has a character
draws it. Only the faces a document needs are embedded (and only the
glyphs it uses), so a PDF in Latin script never parses the CJK collection.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sealbook.core.errors import SealbookError

NOTO_CORE = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
PACKAGES = "fonts-noto-core and fonts-noto-cjk"


class PdfRefused(SealbookError):
    """A PDF was not produced, and nothing of it was written; the message says why."""


class FontsMissing(PdfRefused):
    """The Noto fonts every PDF embeds, or HarfBuzz that shapes them, are not installed."""


class GlyphMissing(PdfRefused):
    """The text has a character no font of the set can show."""

    def __init__(self, char: str) -> None:
        # The code point only: the character is part of a name or a note.
        super().__init__(
            f"This PDF was not made: no font Sealbook embeds can show the character "
            f"U+{ord(char):04X}, and a PDF must not drop a character. Remove or replace it."
        )
        self.char = char


@dataclass(frozen=True)
class Face:
    """One font of the set: a TrueType or OpenType file (a face of a collection)."""

    family: str
    regular: Path
    bold: Path | None = None
    index: int = 0  # the face within a .ttc collection

    def covers(self, char: str) -> bool:
        return ord(char) in _cmap(self.regular, self.index)


# The scripts of clients' names, most common first after Noto Sans itself.
# Each (family, file stem) is NotoSans<stem>-Regular.ttf, with -Bold.ttf if installed.
_SCRIPTS = (
    "Arabic", "Hebrew", "Devanagari", "Bengali", "Gurmukhi", "Gujarati", "Oriya", "Tamil",
    "Telugu", "Kannada", "Malayalam", "Sinhala", "Thai", "Lao", "Khmer", "Myanmar",
    "Armenian", "Georgian", "Ethiopic", "Thaana", "Syriac", "Tifinagh", "CanadianAboriginal",
    "Cherokee", "Mongolian", "Yi",
)  # fmt: skip
# Noto Sans CJK SC: the collection's face 2 (JP, KR, SC, TC, HK): the simplified Chinese forms.
_CJK_FACE = 2
_SYMBOLS = ("Symbols", "Symbols2", "Math")


def _core(stem: str, core: Path) -> Face:
    bold = core / f"NotoSans{stem}-Bold.ttf"
    return Face(
        f"NotoSans{stem}",
        core / f"NotoSans{stem}-Regular.ttf",
        bold if bold.is_file() else None,
    )


def font_set() -> tuple[Face, ...]:
    """The faces in fallback order, Noto Sans first; raises FontsMissing if one is absent."""
    return faces_in(NOTO_CORE, NOTO_CJK)


@functools.cache
def faces_in(core: Path, cjk: Path) -> tuple[Face, ...]:
    faces = [
        Face("NotoSans", core / "NotoSans-Regular.ttf", core / "NotoSans-Bold.ttf"),
        *(_core(stem, core) for stem in _SCRIPTS),
        Face(
            "NotoSansCJK",
            cjk / "NotoSansCJK-Regular.ttc",
            cjk / "NotoSansCJK-Bold.ttc",
            index=_CJK_FACE,
        ),
        *(_core(stem, core) for stem in _SYMBOLS),
    ]
    if not all(face.regular.is_file() for face in faces) or faces[0].bold is None:
        raise FontsMissing(
            f"PDFs need the Noto fonts: install the Debian packages {PACKAGES} "
            "(scripts/setup.sh installs them)."
        )
    # Then any other Noto Sans script font installed (historic scripts, mostly).
    known = {face.regular.name for face in faces}
    for path in sorted(core.glob("NotoSans*-Regular.ttf")):
        if path.name not in known and not path.name.startswith(("NotoSansMono", "NotoSansDisplay")):
            faces.append(Face(path.name.removesuffix("-Regular.ttf"), path))
    return tuple(faces)


def require_shaping() -> None:
    """FontsMissing unless uharfbuzz (which fpdf2 shapes text with) can be imported."""
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        raise FontsMissing(
            "PDFs need the Python package uharfbuzz to shape text: run bash scripts/setup.sh."
        ) from None


@functools.cache
def _cmap(path: Path, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


# Line breaks and tabs are layout, not glyphs.
_LAYOUT = frozenset("\n\r\t")


def faces_for(texts: Iterable[str], faces: tuple[Face, ...] | None = None) -> list[Face]:
    """The faces that draw `texts` (Noto Sans always first); GlyphMissing if none has a character.

    A control character is refused like a missing glyph: it would print as nothing.
    """
    faces = faces if faces is not None else font_set()
    used = {0}
    for char in sorted(set("".join(texts)) - _LAYOUT):
        if unicodedata.category(char) == "Cc":
            raise GlyphMissing(char)
        for i, face in enumerate(faces):
            if face.covers(char):
                used.add(i)
                break
        else:
            raise GlyphMissing(char)
    return [faces[i] for i in sorted(used)]
