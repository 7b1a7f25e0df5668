"""How the chart lays out a client's sessions and progress notes.

One order everywhere, newest first. A note sorts by the session it documents
(when the care happened), or, without a session, by when it was written: a
note written a day late still sits beside its session. A long note shows a
one-line preview and opens in place (a <details> element, so it works without
JavaScript); the whole text is on the note's own page.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from sealbook.records.models import NoteAmendment, ProgressNote, Session

# About a line on a laptop screen: the first sentence or so. Notes longer than
# this (all sections together) are collapsed behind their preview.
PREVIEW_CHARS = 120


@dataclass(frozen=True)
class ChartNote:
    note: ProgressNote
    preview: str
    collapsed: bool
    amendments: list[NoteAmendment]


@dataclass
class ChartSession:
    session: Session
    notes: list[ChartNote] = field(default_factory=list)


def _when(note: ProgressNote) -> tuple[datetime.datetime, datetime.datetime]:
    written = timezone.localtime(note.created_at).replace(tzinfo=None)
    if note.session is not None:
        held = datetime.datetime.combine(note.session.date, note.session.start_time)
        return held, written
    return written, written


def preview(note: ProgressNote, limit: int = PREVIEW_CHARS) -> tuple[str, bool]:
    """The note's first words on one line, and whether the note is longer than that."""
    texts = [" ".join(text.split()) for _, text in note.section_items() if text]
    whole = " ".join(texts)
    if len(whole) <= limit:
        return whole, False
    cut = whole[:limit].rsplit(" ", 1)[0] if " " in whole[:limit] else whole[:limit]
    return cut.rstrip(" ,;:.") + "…", True


def chart_note(note: ProgressNote) -> ChartNote:
    text, long = preview(note)
    amendments = sorted(note.amendments.all(), key=lambda a: a.created_at, reverse=True)
    # A note with amendments is collapsed too: they belong under the note, not in the list.
    return ChartNote(note, text, long or bool(amendments), amendments)


def arrange(
    notes: Iterable[ProgressNote], sessions: Iterable[Session]
) -> tuple[list[ChartNote], list[ChartSession]]:
    """Notes newest first, and each session (newest first) with its own notes."""
    ordered = [chart_note(n) for n in sorted(notes, key=_when, reverse=True)]
    rows = [ChartSession(s) for s in sessions]
    # Keyed so that a note with no session (session_id None) simply finds no row.
    by_id: dict[uuid.UUID | None, ChartSession] = {row.session.pk: row for row in rows}
    for item in ordered:
        row = by_id.get(item.note.session_id)
        if row is not None:
            row.notes.append(item)
    rows.sort(key=lambda r: (r.session.date, r.session.start_time), reverse=True)
    return ordered, rows


@dataclass(frozen=True)
class Overview:
    """The chart's first lines: where the care stands, before any detail."""

    sessions: int
    last_session: Session | None
    next_session: Session | None
    notes: int
    drafts: int


def overview(notes: list[ChartNote], rows: list[ChartSession], today: datetime.date) -> Overview:
    held = [r.session for r in rows if r.session.date <= today]
    coming = [r.session for r in rows if r.session.date > today]
    return Overview(
        sessions=len(rows),
        last_session=held[0] if held else None,
        next_session=coming[-1] if coming else None,
        notes=len(notes),
        drafts=sum(1 for n in notes if not n.note.is_locked),
    )
