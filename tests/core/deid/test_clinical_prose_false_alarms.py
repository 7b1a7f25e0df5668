"""False alarms on identifier-free clinical prose, written fresh for the fourteenth session
(progress notes, transcripts, MSEs, supervision notes from the UK, US, Australia and New
Zealand): each mechanism's false alarm, and beside it the identifier it must still find."""

from __future__ import annotations

import pytest

from sealbook.core.deid import analyse


def _found(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label.name) for s in analyse(text)]


def _names(text: str) -> list[str]:
    return [word for word, label in _found(text) if label == "NAME"]


# --- a word in no dictionary after a determiner or a verb whose object is a thing ----------


@pytest.mark.parametrize(
    "text",
    [
        "Uses the Headspace app most mornings.",
        "She asked her flatmate to turn down the Xbox.",
        "He plays Fortnite until 3 a.m. on school nights.",
        "Then I played Minecraft with my cousin.",
        "She bought Nutella for the first time in a year.",
    ],
)
def test_a_brand_after_a_determiner_or_a_things_verb_is_no_name(text: str) -> None:
    assert _names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("We met the Arsanukayev family at the school gate.", "Arsanukayev"),
        ("Unlike the Arsanukayev novel, it is short.", "Arsanukayev"),
        ("She went out with Jildau after school.", "Jildau"),
    ],
)
def test_a_surname_before_a_familys_word_or_a_person_after_with_stays_a_name(
    text: str, name: str
) -> None:
    assert name in _names(text)


# --- kin words said as names --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Rings Gran every Sunday and cooks with her.",
        "When Gran picked me up she was calm.",
        "Nana's hospital appointment is next week.",
        "Protective: her cat, Nana, wish to finish her course.",
    ],
)
def test_a_kin_word_said_as_a_name_is_the_relative(text: str) -> None:
    assert _names(text) == []


def test_a_kin_word_that_is_a_given_name_before_a_surname_is_a_name() -> None:
    assert "Nana" in _names("Nana Mensah called to rebook.")


# --- transcripts' speakers and notes' headings ----------------------------------------------


def test_a_transcripts_client_label_is_a_speaker_not_a_name_field() -> None:
    text = (
        "Therapist: So the window will be 12:30 to 6:30.\n"
        "Client: Six hours? But I'm already tired.\n"
        "Therapist: It feels worse before it gets better.\n"
        "Client: Fair. Mm. I'll give it a go.\n"
    )
    assert _names(text) == []


def test_a_forms_client_field_still_names_the_client() -> None:
    assert "Bill Christian" in _names("Client: Bill Christian (self-referred)")


@pytest.mark.parametrize(
    "text",
    [
        "Progress is steady.\nPsychosocial: Attends the group on Fridays.\n",
        "Actions agreed.\nCBTp: Session 12 of 16.\n",
        'Speech: normal rate.\nMood: "Numb." Objectively flat.\n',
        'Warm-up: "What gave you a smile this week?"\n',
    ],
)
def test_a_notes_heading_before_a_colon_is_no_speaker(text: str) -> None:
    assert _names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dawit: I can't come today.\nTherapist: That's okay.\nDawit: Thanks.\n", "Dawit"),
        ("Fruzsina: What a wife.\nCharles: Remember me?\n", "Fruzsina"),
        ('Quarto: "Who are you?"\nWendy: "I am her daughter."', "Quarto"),
        ("The Keiran White version was recorded in one take.", "Keiran White"),
        ('Dawit: "no."', "Dawit"),
        ('April: "You saved my life!"', "April"),
    ],
)
def test_a_speaker_on_two_lines_or_before_a_quotation_is_a_name(text: str, name: str) -> None:
    assert name in _names(text)
