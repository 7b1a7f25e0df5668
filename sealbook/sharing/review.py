"""The documents of a case packet, their findings, and how the reviewer's choices apply.

A finding is named by `finding_key` (document number, offsets, kind), so the
review page can post back which findings were rejected without the text
itself. The analysis is deterministic: analysing the same documents in the
same order under the same policy and roster finds the same spans, so the
keys shown at review still name the same findings when the packet is made.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sealbook.core.deid import DIRECT_IDENTIFIERS, Label, Operator, Packet, Policy, Span, review

MAX_MARKS = 50


@dataclass(frozen=True)
class SourceDocument:
    """One document of a packet: a progress note's text, or text the clinician pasted."""

    text: str
    note_id: uuid.UUID | None = None


@dataclass(frozen=True)
class PacketRequest:
    """What the reviewer chose: documents, policy and operator, findings rejected, text marked."""

    documents: Sequence[SourceDocument]
    policy: Policy
    operator: Operator
    rejected: set[str]
    marks: Sequence[str]
    mark_label: Label


@dataclass(frozen=True)
class Segment:
    """A run of a document's text, and the finding it belongs to (if any), for display."""

    text: str
    span: Span | None = None
    key: str = ""
    rejected: bool = False


@dataclass(frozen=True)
class Finding:
    """One row of the review table: the finding, its key, and the text it covers."""

    key: str
    span: Span
    text: str
    rejected: bool


@dataclass(frozen=True)
class ReviewedDocument:
    number: int
    findings: tuple[Span, ...]
    segments: tuple[Segment, ...]
    keys: tuple[str, ...]
    rows: tuple[Finding, ...] = ()


def finding_key(number: int, span: Span) -> str:
    return f"{number}:{span.start}:{span.end}:{span.label.value}"


def marks_in(text: str, phrases: Iterable[str], label: Label) -> list[Span]:
    """Every whole-word, case-insensitive occurrence of the reviewer's marked phrases."""
    found = []
    for phrase in phrases:
        pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)
        found += [
            Span(m.start(), m.end(), label, "reviewer", "marked by the reviewer", 1.0)
            for m in pattern.finditer(text)
        ]
    return found


def parse_marks(raw: str) -> list[str]:
    """The reviewer's marked phrases, one per line, blank lines and duplicates dropped."""
    lines = [line.strip() for line in raw.splitlines()]
    return list(dict.fromkeys(line for line in lines if line))[:MAX_MARKS]


def segments_of(
    text: str, spans: Sequence[Span], keys: Sequence[str], rejected: set[str]
) -> tuple[Segment, ...]:
    out: list[Segment] = []
    at = 0
    for span, key in zip(spans, keys, strict=True):
        if span.start > at:
            out.append(Segment(text[at : span.start]))
        out.append(Segment(text[span.start : span.end], span, key, key in rejected))
        at = span.end
    if at < len(text):
        out.append(Segment(text[at:]))
    return tuple(out)


def review_documents(
    packet: Packet,
    documents: Sequence[SourceDocument],
    rejected: set[str],
    marks: Sequence[str],
    mark_label: Label,
) -> list[ReviewedDocument]:
    """Each document's findings (and the reviewer's marks) laid out for the review page."""
    reviewed = []
    for number, doc in enumerate(documents, start=1):
        findings = packet.analyse(doc.text)
        shown = review(findings, (), marks_in(doc.text, marks, mark_label))
        keys = [finding_key(number, s) for s in shown]
        rows = tuple(
            Finding(k, s, s.text_in(doc.text), k in rejected)
            for s, k in zip(shown, keys, strict=True)
        )
        reviewed.append(
            ReviewedDocument(
                number,
                tuple(shown),
                segments_of(doc.text, shown, keys, rejected),
                tuple(keys),
                rows,
            )
        )
    return reviewed


def still_identifies(span: Span) -> bool:
    """A finding that identifies whoever it names: a roster hit or a direct identifier.

    Quasi-identifiers (a school, a gym, an occupation) are the reviewer's call
    under APA 4.07; a name, a phone number or a date is not.
    """
    return bool(span.client_refs) or span.label in DIRECT_IDENTIFIERS


@dataclass(frozen=True)
class PacketText:
    text: str
    removed: int
    rejected: int
    marked: int
    still_identifying: int
    identifying_kinds: tuple[str, ...] = ()


def make_packet_text(
    packet: Packet,
    documents: Sequence[SourceDocument],
    rejected: set[str],
    marks: Sequence[str],
    mark_label: Label,
) -> PacketText:
    """Apply the reviewed spans to every document; count what was done and what remains.

    `still_identifying` counts the rejected findings that still identify
    someone (`still_identifies`) and any roster hit left in the output, and
    `identifying_kinds` names their kinds, so the packet can be refused with
    a reason that quotes no text.
    """
    outputs = []
    kept: list[Span] = []
    removed = rejected_count = marked = 0
    for number, doc in enumerate(documents, start=1):
        findings = packet.analyse(doc.text)
        shown = review(findings, (), marks_in(doc.text, marks, mark_label))
        drop = [s for s in shown if finding_key(number, s) in rejected]
        spans = [s for s in shown if finding_key(number, s) not in rejected]
        outputs.append(packet.apply(doc.text, spans))
        removed += len(spans)
        rejected_count += len(drop)
        kept += [s for s in drop if still_identifies(s)]
        marked += sum(1 for s in spans if s.detector == "reviewer")
    # Checked only after every document is analysed: analysing an output feeds the
    # packet's name memory, which must not change the findings of a later document.
    left = [s for out in outputs for s in packet.new_findings(out) if s.client_refs]
    kinds = tuple(sorted({s.label.value for s in [*kept, *left]}))
    parts = [
        f"Document {n} of {len(outputs)}\n\n{out.strip()}\n" for n, out in enumerate(outputs, 1)
    ]
    return PacketText(
        "\n".join(parts), removed, rejected_count, marked, len(kept) + len(left), kinds
    )
