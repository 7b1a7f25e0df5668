"""The roster leak check (issue 13): every form of a client's name is caught, false alarms are not.

`leak_check(text, roster)` is what the sharing flow and `sealbook leak-check` run before a
text leaves. A form is caught when one finding covers every letter and digit of it and
points to the client it names; a false-alarm sentence is clean when nothing in it points
to a roster client (and, for the names that are words, nothing is found at all).

Cases today's engine fails are marked `xfail(strict=True)`: when the engine learns them,
the test fails as XPASS, and the mark is to be removed.
"""

from __future__ import annotations

import pytest

from sealbook.core.deid import Roster, RosterClient, RosterContact, leak_check

ROB, PAT, HOPE, GRACE, WILL, BILL, KIT, ADA, AUTUMN = (
    f"00000000-0000-4000-8000-00000000000{n}" for n in range(1, 10)
)
ROSTER = Roster(
    (
        RosterClient(ROB, names=("Robert Ngata",), nicknames=("Rob",),
                     addresses=("1423 Maple Street, Springfield, IL 62704",)),
        RosterClient(PAT, names=("Patricia Vogel",), nicknames=("Pat",),
                     addresses=("88 Orchard Avenue, Keene, NH 03431",)),
        RosterClient(HOPE, names=("Hope Tawhiri",)),
        RosterClient(GRACE, names=("Grace Okonkwo",)),
        RosterClient(WILL, names=("William Haddad",), nicknames=("Will",)),
        RosterClient(BILL, names=("Bill Kowalczyk",)),
        RosterClient(KIT, names=("Kit Mäkinen",),
                     contacts=(RosterContact(names=("Kelley Brandt",), relation="sister"),)),
        # A name given with an initial, and a surname that is a word.
        RosterClient(ADA, names=("I. Ada Hardy",)),
        # A given name that is a season.
        RosterClient(AUTUMN, names=("Autumn Whare",)),
    )
).compile()  # fmt: skip

# (text, the form that must be caught, the client it names)
CAUGHT = [
    ("Robert Ngata was seen today.", "Robert Ngata", ROB),
    ("robert was seen for a brief check-in.", "robert", ROB),
    ("ROBERT NGATA", "ROBERT NGATA", ROB),
    ("Robert's mother called.", "Robert", ROB),
    ("Robbert was seen today.", "Robbert", ROB),
    ("Mr. Ngata arrived early.", "Ngata", ROB),
    ("The client lives at 1423 Maple St.", "1423 Maple St", ROB),
    ("Hope Tawhiri arrived.", "Hope Tawhiri", HOPE),
    ("Hope arrived late and looked tired.", "Hope", HOPE),
    ("Session with Grace today.", "Grace", GRACE),
    ("Will said he was tired.", "Will", WILL),
    ("Bill called to reschedule.", "Bill", BILL),
    ("I spoke with Kit about the plan.", "Kit", KIT),
    ("Kelley called about her sister.", "Kelley", KIT),
    # A nickname in lower case at the start of a sentence.
    ("rob came in late and sat by the door.", "rob", ROB),
    ("pat said the week was hard.", "pat", PAT),
    # A street without its house number, its type abbreviated.
    ("He walks down Maple St. every morning.", "Maple St", ROB),
    ("She moved off Orchard Ave last year.", "Orchard Ave", PAT),
    ("I. Ada Hardy attended.", "I. Ada Hardy", ADA),
    ("Hardy says the week was hard.", "Hardy", ADA),
    ("We spoke with Hardy about it.", "Hardy", ADA),
    # A name opening a sentence before a verb a thing may do, where the text names her
    # elsewhere.
    ("Autumn tends to worry before exams, and Autumn's mother agrees.", "Autumn", AUTUMN),
    ("Autumn finds it hard. We asked Autumn to keep a diary.", "Autumn", AUTUMN),
]

# Sentences in which nothing may be found: the name words used as words.
CLEAN = [
    "They tried to rob the store.",
    "She likes to pat the dog.",
    "She will call the office.",
    "The grace of the dancers was noted.",
    "Hope is an important factor in recovery.",
    "Grace period is thirty days.",
    "Will you be able to come next week?",
    "Bill the insurer for the session.",
    "Kit contents are listed on the form.",
    # An initial of a client's name is no name alone; nor is a surname that is a word
    # opening a sentence before a plural.
    "Like, I know what to do, I just- I don't.",
    "Hardy perennials in the garden were in bloom.",
    # A name that is a word, opening a sentence before a verb in "-s" that a thing may do,
    # and nowhere else a name.
    "Autumn tends to be the hardest season for her.",
    "Grace helps when a deadline is missed.",
]

# Sentences that may name someone, but no one on the roster.
NO_ROSTER_HIT = [
    "Kelly from the front desk called.",  # contact "Kelley"
]


@pytest.mark.parametrize(("text", "form", "client"), CAUGHT)
def test_every_form_of_a_clients_name_is_caught(text: str, form: str, client: str) -> None:
    start = text.index(form)
    letters = {i for i in range(start, start + len(form)) if text[i].isalnum()}
    assert any(
        client in span.client_refs and letters <= set(range(span.start, span.end))
        for span in leak_check(text, ROSTER)
    ), [(text[s.start : s.end], s.label, s.client_refs) for s in leak_check(text, ROSTER)]


@pytest.mark.parametrize("text", CLEAN)
def test_name_words_used_as_words_are_clean(text: str) -> None:
    assert leak_check(text, ROSTER) == []


@pytest.mark.parametrize("text", NO_ROSTER_HIT)
def test_a_near_name_is_not_a_roster_hit(text: str) -> None:
    assert not any(span.client_refs for span in leak_check(text, ROSTER))
