"""Companies named with an Indonesian or a Vietnamese legal form, which stand apart from the
name in ways `company_forms` does not read.

Indonesian forms come first ("PT", "CV", "UD", "PD", "Perum") and a listed company's mark
"Tbk" last, a state company's "(Persero)" between: "PT Prayoga (Persero) Tbk". "PT" is a
patient or a physical therapist in a note too ("PT Smith said"), so the form before the
name counts only with "Tbk" or "(Persero)" after it.

Vietnamese forms are words of their own ("Công ty Cổ phần", joint-stock company; "Công ty
TNHH" or "Công ty Trách nhiệm hữu hạn", limited; "Công ty Hợp danh", partnership; "Doanh
nghiệp tư nhân", sole proprietorship), before the name or after it ("Phạm và Mai Công ty
Cổ phần"), the name's words capitalised or the joining "và" (and) and "đối tác"
(partners). No English text writes these words.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from sealbook.core.deid.patterns import compiled
from sealbook.core.deid.tokens import UPPER

_WORD: Final = UPPER + r"[\w'\u2019-]*"
_INDONESIAN: Final = compiled(
    r"(?<![\w-])(?:PT|CV|UD|PD|Perum)[ \t]+" + _WORD + r"(?:[ \t]+" + _WORD + r"){0,4}"
    r"(?:[ \t]+\(Persero\)(?:[ \t]+Tbk)?|[ \t]+Tbk)(?![\w])"
)
_VIETNAMESE_FORM: Final = (
    r"(?:Công[ \t]+ty[ \t]+(?:Cổ[ \t]+phần|TNHH(?:[ \t]+MTV)?|Hợp[ \t]+danh|"
    r"Trách[ \t]+nhiệm[ \t]+hữu[ \t]+hạn(?:[ \t]+Một[ \t]+thành[ \t]+viên)?)|"
    r"Doanh[ \t]+nghiệp[ \t]+tư[ \t]+nhân)"
)
_VIETNAMESE_NAME: Final = _WORD + r"(?:[ \t]+(?:và(?:[ \t]+đối[ \t]+tác)?|" + _WORD + r")){0,4}"
_VIETNAMESE: Final = compiled(
    r"(?<![\w-])(?:" + _VIETNAMESE_FORM + r"[ \t]+" + _VIETNAMESE_NAME + r"|"
    + _VIETNAMESE_NAME + r"[ \t]+" + _VIETNAMESE_FORM + r")(?![\w])"
)  # fmt: skip
_REASON: Final = "a company with an Indonesian or Vietnamese legal form ('PT Adi (Persero) Tbk')"


def southeast_asian_companies(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, reason) of each company named with an Indonesian or Vietnamese form."""
    if "Tbk" in text or "(Persero)" in text:
        for m in _INDONESIAN.finditer(text):
            yield m.start(), m.end(), _REASON
    if "Công ty" in text or "Doanh nghiệp" in text:
        for m in _VIETNAMESE.finditer(text):
            yield m.start(), m.end(), _REASON
