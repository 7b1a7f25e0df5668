"""Engine invariants on any text, drawn from the independent evaluation sources (hypothesis).

The texts are lines of the dev parts of `tests/deid_eval` (transcript turns, letters'
lines, clean prose) cut into pieces and joined by arbitrary glue, and arbitrary Unicode.
For any of them: every span is inside the text, spans are sorted and do not overlap, and
no step raises; and the de-identified output, analysed again, holds no direct identifier
of the input (issue 13: this must keep holding when `deidentify` stops analysing its own
output a second time).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sealbook.core.deid import Packet, Roster, RosterClient, Span, analyse, leak_check
from sealbook.core.deid.policies import SAFE_HARBOR
from tests.deid_eval import independent_sources, split

ROSTER = Roster(
    (RosterClient("c0ffee00-4444-4444-8444-000000000001", names=("Aroha Ngata",),
                  nicknames=("Ro",), phones=("541-555-0193",)),)
).compile()  # fmt: skip


def _lines() -> list[str]:
    lines: list[str] = []
    for docs in independent_sources().values():
        for doc in split(docs, "dev"):
            lines += [line for line in doc.text.splitlines() if line.strip()]
    return sorted(set(lines))


LINES = _lines()
PIECES = st.sampled_from(LINES).flatmap(
    lambda line: st.tuples(st.integers(0, len(line)), st.integers(0, len(line))).map(
        lambda ab: line[min(ab) : max(ab)] if ab[0] != ab[1] else line
    )
)
GLUE = st.sampled_from([" ", "", "\n", "\n\n", ", ", ". ", "-", "'", ": ", "\t"])
TEXTS = st.one_of(
    st.lists(st.tuples(PIECES, GLUE), max_size=12).map(lambda xs: "".join(a + b for a, b in xs)),
    st.text(max_size=300),
)
FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _valid(spans: Sequence[Span], length: int) -> None:
    last_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= length
        assert span.start >= last_end
        last_end = span.end


@FAST
@given(TEXTS, st.booleans())
def test_spans_are_valid_and_nothing_raises(text: str, with_roster: bool) -> None:
    roster = ROSTER if with_roster else None
    _valid(analyse(text, roster), len(text))
    _valid(leak_check(text, roster), len(text))
    for policy in ("safe-harbor", "disguise"):
        for operator in ("redact", "pseudonym"):
            out = Packet(policy, operator, roster, secret=b"e" * 32).deidentify(text)
            _valid(list(out.spans), len(text))
            assert isinstance(out.text, str)


_PLACEHOLDER = re.compile(r"\[[A-Z_0-9]+\]")


@FAST
@given(TEXTS, st.booleans())
def test_the_output_analysed_again_holds_no_direct_identifier_of_the_input(
    text: str, with_roster: bool
) -> None:
    roster = ROSTER if with_roster else None
    out = Packet("safe-harbor", "redact", roster, secret=b"e" * 32).deidentify(text).text
    remaining = [
        out[s.start : s.end]
        for s in analyse(out, roster)
        if s.label in SAFE_HARBOR.labels
        and not _PLACEHOLDER.fullmatch(out[s.start : s.end].strip())
        and _PLACEHOLDER.sub("", out[s.start : s.end]).strip()
        and _PLACEHOLDER.sub("", out[s.start : s.end]).strip() in text
    ]
    assert remaining == []
