"""Issue 13, tenth session: a person's initials before a surname that is also a word, a
limited partnership's "L.P.", and a British area code of five digits (found on a fresh
probe of presidio-evaluator's generator, seed 3081, and by hand). Each rule both ways:
what it must take, and what it must leave. Every name and number here is made up.
"""

from __future__ import annotations

import pytest

from sealbook.core.deid import analyse


def _found(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label.name) for s in analyse(text)]


# Two initials, spaced or not, before a surname that is an ordinary word too ("Smith",
# "Cooper"): the name ended at the first initial, and the surname was left.
INITIALS = [
    ("Dr. J. R. Smith saw her.", "J. R. Smith"),
    ("Seen by Dr. L. P. Smith today.", "L. P. Smith"),
    ("Dr. L.P. Smith saw her.", "L.P. Smith"),
    ("Mr L.P. Jones came.", "L.P. Jones"),
    ("Dr. A. B. Smith saw her.", "A. B. Smith"),
    ("Dr. I. M. Cooper saw her.", "I. M. Cooper"),
    ("Dear Dr. A. Brown, thank you.", "A. Brown"),
    ("J. R. R. Tolkien wrote it.", "J. R. R. Tolkien"),
]


@pytest.mark.parametrize(("text", "name"), INITIALS)
def test_initials_before_a_surname_that_is_a_word_take_the_surname(text: str, name: str) -> None:
    assert (name, "NAME") in _found(text)


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("We chose Plan A. B. Then we left.", "Then"),
        ("Dr. A said it was fine.", "said"),
    ],
)
def test_initials_take_no_word_that_is_no_surname(text: str, left: str) -> None:
    assert not [f for f, _ in _found(text) if left in f]


PARTNERSHIPS = [
    ("Looking to support Ferrellgas Partners L.P. in its mission.", "Ferrellgas Partners L.P."),
    ("We met at Quorvane Multifamily Investors L.P., 12 Rue de Pologne.",
     "Quorvane Multifamily Investors L.P."),
    ("Acme Partners LP hired her.", "Acme Partners LP"),
    ("She works for Quorvane Holdings L.P. now.", "Quorvane Holdings L.P."),
]  # fmt: skip


@pytest.mark.parametrize(("text", "firm"), PARTNERSHIPS)
def test_a_limited_partnership_keeps_its_legal_form(text: str, firm: str) -> None:
    # (After "works for" the employer's final full stop is left, as after "Inc.")
    firms = [f for f, label in _found(text) if label in ("ORGANIZATION", "EMPLOYER")]
    assert firm in firms or firm.rstrip(".") in firms


@pytest.mark.parametrize(
    "text",
    [
        "She had an LP on Monday. Neurology LP results normal.",
        "Post-LP headache resolved.",
        "the L.P. record was scratched",
        "Seen by Dr L.P. today.",
    ],
)
def test_a_lumbar_puncture_or_initials_are_no_partnership(text: str) -> None:
    assert not [f for f, label in _found(text) if label == "ORGANIZATION"]


# A British number with a five-digit area code in brackets, then the number in two groups.
@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Phone: (01632) 960 983", "(01632) 960 983"),
        ("Call her on (07700) 900 123 tomorrow.", "(07700) 900 123"),
        ("Desk: (07700) 942 582 / Fax: +41 36 200 66 38", "(07700) 942 582"),
    ],
)
def test_a_five_digit_area_code_in_brackets_opens_a_phone_number(text: str, phone: str) -> None:
    assert any(f == phone and label in ("PHONE", "FAX") for f, label in _found(text))


@pytest.mark.parametrize("text", ["Dose (10000) 250 mg daily.", "in (12345) 678 cases"])
def test_a_number_in_brackets_before_a_quantity_is_no_phone(text: str) -> None:
    assert not [f for f, label in _found(text) if label in ("PHONE", "FAX")]


# Two Dutch or German particles before a capitalised word mid-sentence: a surname, though
# the word is a town too ("Waal").
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("This song by ex-Zombie van der Waal is a perfect example.", "van der Waal"),
        ("I spoke with van der Waal yesterday.", "van der Waal"),
        ("Met von der Heide on Monday.", "von der Heide"),
        ("Anna van der Waal called.", "Anna van der Waal"),
    ],
)
def test_a_surname_after_two_particles_is_a_name(text: str, name: str) -> None:
    assert (name, "NAME") in _found(text)


def test_a_town_without_two_particles_before_it_stays_a_town() -> None:
    assert ("Waal", "CITY") in _found("We drove along the Waal river.")
    # The Romance "de la" names squares and streets too: no surname by its particles.
    assert ("de la Paz", "NAME") not in _found("Plaza de la Paz is busy.")


# A month that is a given name too, listed between names: a name as they are.
@pytest.mark.parametrize(
    "text",
    ["They had 6: Leevi, John, Phillip, Angela, April and Maria.",
     "Present: Leevi, John, April and Maria."],
)  # fmt: skip
def test_a_months_given_name_listed_between_names_is_a_name(text: str) -> None:
    assert ("April", "NAME") in _found(text)


@pytest.mark.parametrize(
    "text",
    ["We saw Maria, April and the summer went by.", "Maria visits in March, April and May."],
)
def test_a_month_listed_with_months_or_one_name_stays_a_month(text: str) -> None:
    assert ("April", "NAME") not in _found(text)
