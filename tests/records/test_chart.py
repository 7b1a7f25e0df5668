"""The chart page: one order (newest first), each note tied to its session, long
notes collapsed behind a preview, and each role seeing exactly what it saw before."""

from __future__ import annotations

import datetime
import re

import pytest

from sealbook.records import actions
from sealbook.records.chart import PREVIEW_CHARS, preview
from sealbook.records.models import ProgressNote
from tests.conftest import sign_in

LONG = "Client describes a steady week with two short episodes of worry at night. " * 4


def session_on(cast, day: int, hour: int = 10, service: str = "individual"):
    return actions.schedule_session(
        cast.casey,
        cast.riley,
        clinician=cast.casey,
        date=datetime.date(2026, 10, day),
        start_time=datetime.time(hour, 0),
        duration_minutes=50,
        service=service,
        modality="in-person",
    )


def note_for(cast, session, subjective: str, sign: bool = True):
    note = actions.create_note(
        cast.casey,
        cast.riley,
        note_format="soap",
        sections={"subjective": subjective, "plan": "Review next week."},
        session=session,
    )
    return actions.sign_note(cast.casey, note) if sign else note


@pytest.fixture
def course(cast):
    """Three sessions whose notes were written out of order: the latest first."""
    intake = session_on(cast, 1, service="intake")
    second = session_on(cast, 8)
    third = session_on(cast, 15)
    notes = {
        "third": note_for(cast, third, "Third session text."),
        "intake": note_for(cast, intake, "Intake session text."),
        "second": note_for(cast, second, "Second session text.", sign=False),
    }
    return {"intake": intake, "second": second, "third": third}, notes


def chart(client, cast, user):
    response = sign_in(client, user).get(f"/clients/{cast.riley.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def positions(page: str, markers: list[str]) -> list[int]:
    found = [page.find(m) for m in markers]
    assert -1 not in found, markers
    return found


def test_sessions_and_notes_are_both_newest_first(client, cast, course):
    sessions, notes = course
    page = chart(client, cast, cast.casey)
    rows = positions(
        page, [f'id="session-{sessions[k].pk}"' for k in ("third", "second", "intake")]
    )
    assert rows == sorted(rows)
    # Written third, intake, second: listed by the session they document, newest first.
    order = positions(page, [f'id="note-{notes[k].pk}"' for k in ("third", "second", "intake")])
    assert order == sorted(order)


def test_a_note_without_a_session_sorts_by_when_it_was_written(client, cast, course):
    sessions, _ = course
    loose = note_for(cast, None, "A phone call between sessions.")
    ProgressNote.objects.filter(pk=loose.pk).update(
        created_at=datetime.datetime(2026, 10, 10, 12, 0, tzinfo=datetime.UTC)
    )
    page = chart(client, cast, cast.casey)
    third, here, second = positions(
        page,
        [f'id="note-{ProgressNote.objects.get(session=sessions["third"]).pk}"',
         f'id="note-{loose.pk}"',
         f'id="note-{ProgressNote.objects.get(session=sessions["second"]).pk}"'],
    )  # fmt: skip
    assert third < here < second
    assert "not tied to a session" in page


def test_every_note_names_and_links_its_session_even_a_draft(client, cast, course):
    sessions, notes = course
    page = chart(client, cast, cast.casey)
    draft = re.search(
        rf'<article class="note" id="note-{notes["second"].pk}">(.*?)</article>', page, re.S
    ).group(1)
    assert "Draft" in draft
    assert f'href="#session-{sessions["second"].pk}"' in draft
    assert "individual psychotherapy of 2026-10-08 10:00" in draft
    # And the session's row links back to its note.
    assert f'href="#note-{notes["second"].pk}"' in page


def test_a_long_note_is_collapsed_behind_a_one_line_preview(client, cast, course):
    sessions, _ = course
    long_note = note_for(cast, sessions["third"], LONG)
    page = chart(client, cast, cast.casey)
    article = re.search(
        rf'<article class="note" id="note-{long_note.pk}">(.*?)</article>', page, re.S
    ).group(1)
    summary = re.search(r"<summary>(.*?)</summary>", article, re.S).group(1)
    assert "Client describes a steady week" in summary and "…" in summary
    assert LONG.strip() in article  # the whole text is inside the <details>
    short = re.search(
        rf'<article class="note" id="note-{course[1]["intake"].pk}">(.*?)</article>', page, re.S
    ).group(1)
    assert "<details" not in short and "Intake session text." in short


def test_the_preview_is_one_line_cut_at_a_word():
    note = ProgressNote(format="soap", sections={"subjective": "word " * 100, "plan": "x"})
    text, collapsed = preview(note)
    assert collapsed and text.endswith("…") and "\n" not in text
    assert len(text) <= PREVIEW_CHARS + 1 and not text[:-1].endswith(" ")
    short = ProgressNote(format="dap", sections={"data": "Calm.\n", "plan": "Continue."})
    assert preview(short) == ("Calm. Continue.", False)


def test_the_section_links_lead_to_sections_that_exist(client, cast, course):
    page = chart(client, cast, cast.casey)
    nav = re.search(r'<nav class="chart-nav".*?</nav>', page, re.S).group(0)
    targets = re.findall(r'href="#([\w-]+)"', nav)
    assert targets == ["overview", "sessions", "documents", "consents", "releases",
                       "case-material", "care-team-section"]  # fmt: skip
    for target in targets:
        assert f'id="{target}"' in page


def test_the_overview_counts_sessions_and_drafts(client, cast, course):
    page = chart(client, cast, cast.casey)
    overview = re.search(r'<section[^>]*id="overview".*?</section>', page, re.S).group(0)
    assert "Sessions: 3; last" in overview and "2026-10-15" in overview
    assert "Progress notes: 3" in overview and "1 draft not yet signed" in overview


def test_front_desk_sees_the_sessions_but_nothing_clinical(client, cast, course):
    page = chart(client, cast, cast.frankie)
    # The page's own content: the layout loads scripts (drafts.js) whose names say "draft".
    page = page[page.index("<main") : page.index("</main>")]
    assert 'id="sessions"' in page and "2026-10-15" in page
    clinical = ['id="notes"', "Third session text.", "Progress notes", "draft",
                'href="#releases"', 'id="releases"', "New SOAP note", "Write a note"]  # fmt: skip
    for text in clinical:
        assert text not in page, text
    assert 'href="#consents"' in page


def test_the_note_form_preselects_the_session_it_was_opened_from(client, cast, course):
    sessions, _ = course
    sign_in(client, cast.casey)
    page = client.get(
        f"/clients/{cast.riley.pk}/notes/new/?format=soap&session={sessions['second'].pk}"
    ).content.decode()
    assert f'<option value="{sessions["second"].pk}" selected>' in page
    assert page.count(" selected>") == 1


def test_the_note_page_says_which_session_it_documents(client, cast, course):
    sessions, notes = course
    sign_in(client, cast.casey)
    page = client.get(f"/notes/{notes['second'].pk}/").content.decode()
    assert f'#session-{sessions["second"].pk}"' in page
    assert "individual psychotherapy of 2026-10-08 10:00" in page
