"""The layout every Sealbook PDF shares: title, headings, fields, footer with page numbers.

A `PdfDocument` first collects its content and draws nothing; `output()`
checks every character against the font set (`fonts.faces_for`), embeds
only the faces the text needs, and only then draws. A PDF that would lose a
character is therefore refused before a byte of it exists.

Text is shaped with HarfBuzz (uharfbuzz), so Arabic joins and runs right to
left and Devanagari clusters form. Each PDF has its title (shown by viewers
in place of the file name), its language and an outline of its headings,
which screen readers and the viewer's sidebar use; fpdf2 does not tag the
text itself (no structure tree for paragraphs).

fpdf2 (with fontTools and Pillow) takes about 21 MiB once imported, so it is
imported only when a PDF is made: every server process loads this module
through the URL conf, and most never print anything.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from sealbook.pdf.fonts import GlyphMissing, faces_for, font_set, require_shaping

if TYPE_CHECKING:
    from fpdf import FPDF

LANGUAGE = "en-US"
_MARGIN = 18.0


def local_time(moment: datetime.datetime) -> str:
    """`2026-12-04 14:05 PST`: the practice's local time, with its zone."""
    local = timezone.localtime(moment)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def _layout(text: str) -> str:
    """Line breaks as fpdf2 knows them (a lone newline), a tab as spaces: neither is a glyph."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")


class PdfDocument:
    """A plain, paginated document: a title, headings, paragraphs and key-value lines.

    `running` is printed at the foot of every page with the page number
    (whose record this is, so a loose page still says it).
    """

    def __init__(
        self,
        title: str,
        subtitle: str = "",
        *,
        running: str = "",
        created: datetime.datetime | None = None,
    ) -> None:
        self.title = _layout(title)
        self.subtitle = _layout(subtitle)
        self.running = _layout(running)
        self.created = created
        self._blocks: list[tuple[Callable[..., None], tuple[str, ...]]] = []
        self._regular: tuple[str, ...] = ()
        self._bold: tuple[str, ...] = ()
        self._unshown: list[str] = []

    # Content: each call records a block; nothing is drawn until output().

    def _add(
        self, draw: Callable[..., None], regular: tuple[str, ...], bold: tuple[str, ...] = ()
    ) -> None:
        regular, bold = tuple(map(_layout, regular)), tuple(map(_layout, bold))
        self._blocks.append((draw, (*bold, *regular)))
        self._regular += regular
        self._bold += bold

    def heading(self, text: str) -> None:
        self._add(self._draw_heading, (), (text,))

    def subheading(self, text: str) -> None:
        self._add(self._draw_subheading, (), (text,))

    def paragraph(self, text: str) -> None:
        self._add(self._draw_paragraph, (text or "-",))

    def field(self, label: str, value: str) -> None:
        self._add(self._draw_field, (value or "-",), (label,))

    def signature_line(self, label: str) -> None:
        """A line to sign on by hand, with what it is for printed under it."""
        self._add(self._draw_signature_line, (label,))

    def rule(self) -> None:
        self._add(self._draw_rule, ())

    def output(self) -> bytes:
        """The PDF's bytes; GlyphMissing (or FontsMissing) before anything is drawn."""
        regular = faces_for([self.subtitle, self.running, "Page 0123456789 of", *self._regular])
        bold = faces_for([self.title, *self._bold])
        require_shaping()
        self.pdf = _new_pdf(self)
        # Each face in the weights its text needs: parsing a face costs time (Noto
        # Sans CJK most), and a script with no bold face draws bold text regular.
        used = [face for face in font_set() if face in regular or face in bold]
        for face in used:
            path = str(face.regular)
            if face in regular or face.bold is None:
                self.pdf.add_font(face.family, "", path, collection_font_number=face.index)
            if face in bold and face.bold is not None:
                self.pdf.add_font(
                    face.family, "B", str(face.bold), collection_font_number=face.index
                )
        self.family = regular[0].family
        # In the set's order, as faces_for chose them.
        self.pdf.set_fallback_fonts([face.family for face in used[1:]], exact_match=False)
        self.pdf.set_text_shaping(True)
        self.pdf.add_page()
        self._font(16, bold=True)
        self._write(self.title, 8)
        if self.subtitle:
            self._font(10)
            self._write(self.subtitle, 5)
        self.pdf.ln(3)
        for draw, args in self._blocks:
            draw(*args)
        # A second guard, should fpdf2 ever choose fonts differently from faces_for.
        if self._unshown:
            raise GlyphMissing(self._unshown[0])
        return bytes(self.pdf.output())

    # Drawing.

    def _font(self, size: int, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def _write(self, text: str, height: float) -> None:
        from fpdf.enums import XPos, YPos

        self.pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def _draw_heading(self, text: str) -> None:
        self.pdf.ln(2)
        self._font(13, bold=True)
        self.pdf.start_section(text, level=0, strict=False)
        self._write(text, 7)

    def _draw_subheading(self, text: str) -> None:
        self._font(11, bold=True)
        self.pdf.start_section(text, level=1, strict=False)
        self._write(text, 6)

    def _draw_paragraph(self, text: str) -> None:
        self._font(10)
        self._write(text, 5)
        self.pdf.ln(1)

    def _draw_field(self, label: str, value: str) -> None:
        self._font(10, bold=True)
        self._write(label, 5)
        self._font(10)
        self._write(value, 5)

    def _draw_signature_line(self, label: str) -> None:
        pdf = self.pdf
        if pdf.get_y() + 22 > pdf.h - _MARGIN:
            pdf.add_page()
        pdf.ln(12)
        y = pdf.get_y()
        pdf.line(pdf.l_margin, y, pdf.l_margin + 110, y)
        pdf.ln(1)
        self._font(9)
        self._write(label, 5)

    def _draw_rule(self) -> None:
        y = self.pdf.get_y() + 1
        self.pdf.line(self.pdf.l_margin, y, self.pdf.w - self.pdf.r_margin, y)
        self.pdf.ln(3)

    def _draw_footer(self) -> None:
        pdf = self.pdf
        pdf.set_y(-12)
        self._font(8)
        text = f"Page {pdf.page_no()} of {{nb}}"
        if self.running:
            text = f"{self.running} · {text}"
        pdf.cell(0, 5, text, align="C")


def _new_pdf(document: PdfDocument) -> FPDF:
    from fpdf import FPDF, ViewerPreferences

    class _Pdf(FPDF):
        def footer(self) -> None:
            document._draw_footer()

        def get_fallback_font(self, char: str, style: str = "") -> str | None:
            # fpdf2 asks only for a character the current font lacks; with no
            # fallback either, it would draw nothing (or an empty box).
            found: str | None = super().get_fallback_font(char, style)
            if found is None:
                document._unshown.append(char)
            return found

    pdf: Any = _Pdf(format="Letter")
    pdf.set_title(document.title)
    pdf.set_lang(LANGUAGE)
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    if document.created is not None:
        # The export's own time, so the same content gives the same bytes.
        pdf.set_creation_date(document.created)
    pdf.set_creator("Sealbook")
    pdf.set_auto_page_break(auto=True, margin=_MARGIN)
    pdf.alias_nb_pages()
    result: FPDF = pdf
    return result
