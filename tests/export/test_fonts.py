"""The one font set of every PDF: what it covers, and what it refuses (sealbook/pdf/fonts.py)."""

from __future__ import annotations

import pytest

from sealbook.pdf import fonts
from sealbook.pdf.document import PdfDocument
from sealbook.pdf.fonts import FontsMissing, GlyphMissing, faces_for, faces_in
from tests.disclosure.support import MULTI_SCRIPT_FIRST, MULTI_SCRIPT_LAST, pdf_text

pytestmark = pytest.mark.backend_independent

# (text, the face that must draw it): the scripts of clients' names.
COVERED = [
    ("Zoë Ñúñez-Łukasiewicz", "NotoSans"),
    ("Αλέξανδρος Ιωάννου", "NotoSans"),
    ("Мария Иванова", "NotoSans"),
    ("Nguyễn Thị Thu", "NotoSans"),
    ("李明", "NotoSansCJK"),
    ("山田花子", "NotoSansCJK"),
    ("김민준", "NotoSansCJK"),
    ("سمير", "NotoSansArabic"),
    ("שרה כהן", "NotoSansHebrew"),
    ("शर्मा", "NotoSansDevanagari"),
    ("সুমিত", "NotoSansBengali"),
    ("தமிழ்", "NotoSansTamil"),
    ("สมชาย", "NotoSansThai"),
    ("አበበ", "NotoSansEthiopic"),
    ("Հայկ", "NotoSansArmenian"),
    ("ნინო", "NotoSansGeorgian"),
]

# Characters no face has, or that would print as nothing: each must be refused.
REFUSED = [
    ("\U0010fffd", "plane 16 private use"),
    ("\u0378", "unassigned"),
    ("\x00", "a control character, though Noto maps it to an empty glyph"),
    ("\x1b", "escape"),
]


@pytest.mark.parametrize(("text", "family"), COVERED)
def test_each_script_is_drawn_by_its_noto_face(text, family):
    families = [face.family for face in faces_for([text])]
    assert families[0] == "NotoSans" and family in families


@pytest.mark.parametrize(("char", "why"), REFUSED)
def test_a_character_no_face_shows_is_refused_naming_its_code_point(char, why):
    with pytest.raises(GlyphMissing, match=f"U\\+{ord(char):04X}"):
        faces_for([f"Riley {char} Synthwood"])


def test_line_breaks_and_tabs_are_layout_not_missing_glyphs():
    assert [face.family for face in faces_for(["one\ntwo\r\n\tthree"])] == ["NotoSans"]


def test_a_pdf_with_an_uncovered_character_is_refused_before_anything_is_drawn():
    document = PdfDocument("Accounting of disclosures")
    document.field("Recipient", f"{MULTI_SCRIPT_FIRST} \U0010fffd")
    with pytest.raises(GlyphMissing):
        document.output()
    assert not hasattr(document, "pdf")


def test_a_pdf_embeds_only_the_faces_its_text_needs():
    latin = PdfDocument("Copy of the record")
    latin.paragraph("Riley Synthwood")
    data = latin.output()
    assert b"NotoSansCJK" not in data and b"NotoSansArabic" not in data
    mixed = PdfDocument("Copy of the record")
    mixed.paragraph(f"{MULTI_SCRIPT_FIRST} {MULTI_SCRIPT_LAST}")
    data = mixed.output()
    for name in (b"NotoSansCJK", b"NotoSansArabic", b"NotoSansDevanagari"):
        assert name in data


def test_every_pdf_has_a_title_a_language_an_outline_and_page_numbers():
    from io import BytesIO

    from pypdf import PdfReader

    document = PdfDocument("Accounting of disclosures", running="Riley Synthwood")
    document.heading("First section")
    document.paragraph("Synthetic text.")
    data = document.output()
    reader = PdfReader(BytesIO(data))
    assert reader.metadata.title == "Accounting of disclosures"
    assert reader.trailer["/Root"]["/Lang"] == "en-US"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    assert [item["/Title"] for item in reader.outline] == ["First section"]
    assert "Riley Synthwood · Page 1 of 1" in pdf_text(data)


def test_missing_fonts_fail_with_one_line_naming_the_debian_packages(tmp_path):
    with pytest.raises(FontsMissing, match="fonts-noto-core and fonts-noto-cjk") as failure:
        faces_in(tmp_path, tmp_path)
    assert "\n" not in str(failure.value)


def test_the_installed_font_set_starts_with_noto_sans_and_has_cjk():
    families = [face.family for face in fonts.font_set()]
    assert families[0] == "NotoSans" and "NotoSansCJK" in families


def test_windows_line_breaks_and_tabs_in_a_note_print_as_layout():
    document = PdfDocument("Copy of the record")
    document.paragraph("Line one\r\nline\ttwo\rthree")
    text = pdf_text(document.output())
    assert "Line one\nline    two\nthree" in text


def test_fpdf2_finding_no_face_for_a_character_refuses_the_pdf_too(monkeypatch):
    """The second guard: were the cmap check ever to let a character through, the
    PDF is still refused when fpdf2 finds no face to draw it."""
    from sealbook.pdf import document as module

    real = module.faces_for
    monkeypatch.setattr(module, "faces_for", lambda texts: real(t[:5] for t in texts))
    document = PdfDocument("Title")
    document.paragraph("Riley \U0010fffd")
    with pytest.raises(GlyphMissing, match="U\\+10FFFD"):
        document.output()
