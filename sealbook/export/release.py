"""Psychotherapy notes their author releases into a disclosure (HIPAA 164.508(a)(2)).

Psychotherapy notes are outside the designated record set and sealed to their
author's key (sealbook.psychotherapy); the server alone cannot read them. They
leave the practice only when their author, in the author's own session (which
holds the key), sends them under a psychotherapy-note authorization or one of
the few legal bases that allow it (`bases.MAY_CARRY_PSYCHOTHERAPY_NOTES`).
Anyone else asking gets a refusal that says so, never an export that silently
lacks the notes.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest

from sealbook.access.signed_in import staff_user
from sealbook.core.errors import SealbookError
from sealbook.export.content import ReleasedPsychotherapyNote, in_period
from sealbook.psychotherapy.actions import read_note
from sealbook.psychotherapy.models import PsychotherapyNote
from sealbook.records.models import Client


class ReleaseRefused(SealbookError):
    """Psychotherapy notes were asked for, and nobody who may release them did."""


NOT_RELEASED = (
    "Psychotherapy notes leave the practice only when their author releases them "
    "(164.508(a)(2)); send them from the author's own session."
)


def authors_notes(
    request: HttpRequest,
    client: Client,
    *,
    information_from: datetime.date | None,
    information_to: datetime.date | None,
) -> list[ReleasedPsychotherapyNote]:
    """The signed-in author's own psychotherapy notes of `client` in the period, decrypted.

    Decrypting needs the author's key open in this session
    (`psychotherapy.keyring.KeyNotOpen` otherwise); each note read is audited.
    """
    notes = (
        PsychotherapyNote.objects.filter(client=client, author=staff_user(request))
        .select_related("session", "author")
        .order_by("created_at")
    )
    chosen = [
        note
        for note in notes
        if in_period(
            note.session.date if note.session else note.created_at.date(),
            information_from,
            information_to,
        )
    ]
    if not chosen:
        raise ReleaseRefused(
            "Only a psychotherapy note's author can release it, and you wrote none for this "
            "client in that period."
        )
    return [
        ReleasedPsychotherapyNote(
            id=str(note.id),
            author=str(note.author),
            written_at=note.created_at,
            text=read_note(request, note),
        )
        for note in chosen
    ]
