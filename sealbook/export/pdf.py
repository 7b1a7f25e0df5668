"""Readable PDFs (the record copy, an authorization, an accounting) with fpdf2.

fpdf2 is pure Python. Its built-in fonts only know Latin-1, so a Unicode
TrueType font is used when the machine has one (DejaVu, shipped with most
Linux desktops and with Debian's chromium); otherwise characters outside
Latin-1 are replaced by "?" and the PDF says so, and the FHIR JSON beside it
keeps the exact text.

fpdf2 (with fontTools and Pillow) takes about 21 MiB once imported, so it is
imported only when a PDF is made: every server process loads this module
through the URL conf, and most never print anything.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/local/share/fonts/DejaVuSans.ttf"),
)


class PdfDocument:
    """A plain, paginated document: a title, headings, paragraphs and key-value lines."""

    def __init__(
        self, title: str, subtitle: str = "", *, created: datetime.datetime | None = None
    ) -> None:
        from fpdf import FPDF

        self.pdf: FPDF = FPDF(format="Letter")
        self.pdf.set_title(title)
        if created is not None:
            # The export's own time, so the same content gives the same bytes.
            self.pdf.set_creation_date(created)
        self.pdf.set_creator("Sealbook")
        self.pdf.set_auto_page_break(auto=True, margin=18)
        self.pdf.alias_nb_pages()
        self.unicode = False
        for candidate in FONT_CANDIDATES:
            if candidate.is_file():
                self.pdf.add_font("Body", "", str(candidate))
                bold = candidate.with_name("DejaVuSans-Bold.ttf")
                self.pdf.add_font("Body", "B", str(bold if bold.is_file() else candidate))
                self.unicode = True
                break
        self.family = "Body" if self.unicode else "Helvetica"
        self.pdf.add_page()
        self._font(16, bold=True)
        self._write(title, 8)
        if subtitle:
            self._font(10)
            self._write(subtitle, 5)
        if not self.unicode:
            self._font(8)
            self._write("(Characters this PDF's font cannot show appear as '?'.)", 4)
        self.pdf.ln(3)

    def _font(self, size: int, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def _clean(self, text: str) -> str:
        if self.unicode:
            return text
        return text.encode("latin-1", "replace").decode("latin-1")

    def _write(self, text: str, height: float) -> None:
        from fpdf.enums import XPos, YPos

        self.pdf.multi_cell(0, height, self._clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str) -> None:
        self.pdf.ln(2)
        self._font(13, bold=True)
        self._write(text, 7)

    def subheading(self, text: str) -> None:
        self._font(11, bold=True)
        self._write(text, 6)

    def paragraph(self, text: str) -> None:
        self._font(10)
        self._write(text or "-", 5)
        self.pdf.ln(1)

    def field(self, label: str, value: str) -> None:
        self._font(10, bold=True)
        self._write(label, 5)
        self._font(10)
        self._write(value or "-", 5)

    def rule(self) -> None:
        y = self.pdf.get_y() + 1
        self.pdf.line(self.pdf.l_margin, y, self.pdf.w - self.pdf.r_margin, y)
        self.pdf.ln(3)

    def output(self) -> bytes:
        return bytes(self.pdf.output())
