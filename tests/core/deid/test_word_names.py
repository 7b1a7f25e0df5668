"""Names whose words are also ordinary words ("Joy Fields", "Kit Booth"), month names and
unknown words in the possessive ("June's return"), and towns that are given names: found
on the evidence around them, and followed to their later mentions only when that evidence
is strong."""

from __future__ import annotations

import pytest

from sealbook.core.deid import Label, analyse


def names(text: str) -> list[str]:
    return [text[s.start : s.end] for s in analyse(text) if s.label in (Label.NAME, Label.RELATIVE)]


@pytest.mark.parametrize(
    ("text", "pair", "later"),
    [
        ("Thank you for seeing Joy Fields, whom I know well. Joy is kind.", "Joy Fields", "Joy"),
        ("I referred Bill Cox, whom I have treated. Bill asked me to write.", "Bill Cox", "Bill"),
        ("We met Rose Stone at length. Rose is a thoughtful client.", "Rose Stone", "Rose"),
    ],
)
def test_a_given_name_that_is_a_word_before_a_surname_is_followed(
    text: str, pair: str, later: str
) -> None:
    assert names(text) == [pair, later]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # ("Street" makes a street of the word before it, never a surname: "Hope" alone, and
        # after "the" a given name that is a word is none: the thing's name.)
        ("She goes to the Hope Street clinic. Hope is an important factor.", []),
        ("She goes to Hope Street clinic. Hope is an important factor.", ["Hope"]),
        ("They played with Rose Garden today. Rose petals fell.", ["Rose Garden"]),
    ],
)
def test_a_pair_of_word_names_without_a_person_around_it_is_not_followed(
    text: str, found: list[str]
) -> None:
    assert names(text) == found


def test_a_capitalised_given_name_alone_mid_sentence_is_not_followed() -> None:
    # "Grace" alone mid-sentence is weak evidence: the sentence opening with it stays clean.
    assert names("We spoke with Grace yesterday. Grace period ends soon.") == ["Grace"]


@pytest.mark.parametrize(
    ("text", "pair", "later"),
    [
        ("Kit Booth has attended six sessions. Kit consents to this.", "Kit Booth", "Kit"),
        ("Sky Woods was seen on Monday. Sky asked for a letter.", "Sky Woods", "Sky"),
    ],
)
def test_a_word_name_opening_a_sentence_before_what_only_a_person_does(
    text: str, pair: str, later: str
) -> None:
    assert names(text) == [pair, later]


@pytest.mark.parametrize("text", ["Early Start cancelled the group.", "Early Start reported."])
def test_a_programme_opening_a_sentence_before_a_note_verb_stays_clean(text: str) -> None:
    assert names(text) == []


def labelled(text: str) -> list[tuple[str, Label]]:
    return [(text[s.start : s.end], s.label) for s in analyse(text)]


def test_a_given_name_opening_a_clubs_name_before_its_ordinary_words_is_its_town() -> None:
    text = "He has started rowing with the Larissa Rowing Club again."
    assert ("Larissa", Label.CITY) in labelled(text)


def test_a_club_named_after_a_person_is_no_town() -> None:
    text = "She joined the Larissa Grey Society."
    assert all(label is not Label.CITY for _, label in labelled(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I am writing about June's return to class next week.", "June"),
        ("I am writing about Yui's return to class next week.", "Yui"),
        ("The school asked about Quorvik's progress in maths.", "Quorvik"),
        ("I am writing about \u0130lker's return to class.", "\u0130lker"),
    ],
)
def test_a_word_in_the_possessive_before_a_noun_is_a_person(text: str, name: str) -> None:
    assert names(text) == [name]


@pytest.mark.parametrize(
    "text",
    ["We met in June. The plan for June's sessions is set.", "June's weather was hot."],
)
def test_a_months_possessive_without_a_topic_cue_stays_a_month(text: str) -> None:
    assert names(text) == []


def test_a_month_after_session_with_is_a_person_and_is_followed_outside_dates() -> None:
    text = "Session with Jun, today.\nJun mentioned a fall. We meet again in Jun. Next: Jun 5."
    assert names(text) == ["Jun", "Jun"]
    assert ("Jun 5", Label.DATE) in labelled(text)


def test_a_month_addressed_in_a_lower_case_message_is_a_person() -> None:
    text = 'It read: "im sorry, jun pls call me". Jun said it upset him.'
    assert names(text) == ["jun", "Jun"]


@pytest.mark.parametrize(
    "text",
    ['It read: "june will be busy, see you then".', "The session with the family was in June."],
)
def test_a_month_where_a_month_can_stand_stays_a_month(text: str) -> None:
    assert names(text) == []


def test_an_ordinary_word_told_before_the_clause_told_is_a_person_in_a_message() -> None:
    assert names('It read: "i told mere we would come, dont be late".') == ["mere"]


@pytest.mark.parametrize(
    "text", ['It read: "i told mum we would come".', 'It read: "i told work i was sick".']
)
def test_a_relative_or_a_workplace_told_is_no_name(text: str) -> None:
    assert names(text) == []


def test_a_weekdays_short_form_after_a_given_name_before_a_verb_is_a_surname() -> None:
    assert names("Memo: Yan Sun cancelled today.") == ["Yan Sun"]


@pytest.mark.parametrize("text", ["I see Kate Mon and Wed.", "I see Kate Sun 5 May."])
def test_a_weekday_after_a_given_name_in_a_list_or_a_date_stays_a_weekday(text: str) -> None:
    assert names(text) == ["Kate"]


def test_a_listed_surname_that_is_a_word_after_an_unknown_word_and_before_whom() -> None:
    text = "Thank you for seeing Quorvik Mackintosh, whom I have treated since spring."
    assert names(text) == ["Quorvik Mackintosh"]


def test_an_unknown_word_and_a_listed_surname_mid_sentence_are_one_name_even_before_which() -> (
    None
):
    # The surname rule of name_extent.can_follow ("see Ruaridh Mackintosh") needs no person
    # after it: a shop named so is taken whole too, the cost of finding the names.
    assert names("We walked past Quorvik Mackintosh, which was closed.") == ["Quorvik Mackintosh"]
