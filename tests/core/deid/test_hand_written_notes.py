"""Issue 13: shapes found by reading the engine's output on notes, transcripts, e-mails and
group notes written by hand for the purpose (not a corpus, not a generator). Each rule is
checked both ways: what it must take, and the clinical sentences of the same shape it must
leave alone. Every name, number and place here is made up.
"""

from __future__ import annotations

import pytest

from sealbook.core.deid import analyse


def _found(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label.name) for s in analyse(text)]


def _texts(text: str) -> list[str]:
    return [found for found, _ in _found(text)]


# --- an age over 89 that a person is ----------------------------------------------------

AGES = [
    ("My nan is lovely. She's 93, she's tough.", "93"),
    ("She lives with their father, who is 91 and lives alone.", "91"),
    ("grandma (she's 92!) might take him", "92"),
    ("I'm 90 now.", "90"),
    ("He turned 95 last month.", "95"),
    ("She'll be 90 in May.", "90"),
    ("Her koro is 96 and has dementia.", "96"),
]
NOT_AGES = [
    "She's 90 minutes late again.",
    "He was 95 kg at intake.",
    "He is 92 percent sure of it.",
    "Her score was 94.",
    "The room is 91.",
    "She is 91st on the waiting list.",
]


@pytest.mark.parametrize(("text", "age"), AGES)
def test_an_age_over_89_after_a_person_and_a_verb_of_being(text: str, age: str) -> None:
    assert (age, "AGE_OVER_89") in _found(text)


@pytest.mark.parametrize("text", NOT_AGES)
def test_a_quantity_after_a_person_is_no_age(text: str) -> None:
    assert not [f for f in _found(text) if f[1] == "AGE_OVER_89"]


# --- kin words -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Scared. My nan said I should go.",
        "My nana is lovely. Their gran came too.",
        "then his mam phoned the school",
        "our oma cooked for everyone",
        "She misses her nan, who died last year.",
    ],
)
def test_a_kin_word_after_a_possessive_is_no_name(text: str) -> None:
    assert _found(text) == []


def test_a_name_after_a_kin_word_of_another_language_is_a_relative() -> None:
    assert ("Tamati", "RELATIVE") in _found("She visits her koro Tamati on Sundays.")
    assert ("Halina", "RELATIVE") in _found("Her babcia Halina raised her.")


# --- a month and day written in a note's shorthand --------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("next appt 9/19 @ 4:30. call mom", "9/19"),
        ("Seen 10/2 for follow-up.", "10/2"),
        ("moved to 3/14 at 2pm", "3/14 at 2pm"),
        ("Rescheduled, 11/5 4pm.", "11/5"),
    ],
)
def test_a_month_and_day_before_a_time_or_after_a_visit_word(text: str, date: str) -> None:
    assert any(found.startswith(date) and label == "DATE" for found, label in _found(text))


@pytest.mark.parametrize(
    "text", ["Pain is 3/4 today.", "She scored 9/12 on the quiz.", "Took 1/2 a tablet."]
)
def test_a_score_or_fraction_is_no_date(text: str) -> None:
    assert _found(text) == []


# --- a greeting of two words ------------------------------------------------------------


def test_a_name_found_elsewhere_does_not_spread_into_a_greeting() -> None:
    text = "Kia ora koutou,\nThanks for the referral.\nNgā mihi,\nHemi\nWhānau Ora navigator"
    assert "ora" not in _texts(text)


# --- initials ---------------------------------------------------------------------------


def test_initials_written_together_in_a_list_of_people() -> None:
    found = _texts("Present: A.M., Jordan P., Kwame")
    assert "A.M." in found
    assert any(f.startswith("Jordan P") for f in found)


def test_a_surnames_initial_ends_a_list_item() -> None:
    assert any(f.startswith("Jordan P") for f in _texts("Thanks to Jordan P., Kwame and me."))
    assert _texts("Plan A. Review in May.") == []


# --- national health and person numbers -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("I'm referring her (NHI ZAB1234), 27, who lives alone.", "ZAB1234"),
        ("OHIP 4821-337-904 on file.", "4821-337-904"),
        ("PPS number 7823419TA.", "7823419TA"),
        ("National insurance number: QQ123456C", "QQ123456C"),
    ],
)
def test_a_national_health_or_person_number_after_its_name(text: str, number: str) -> None:
    assert number in _texts(text)


def test_a_clinical_code_after_an_acronym_is_kept() -> None:
    assert _found("Billed CPT 90837; ICD-10 F41.1; PHQ-9 of 14.") == []


# --- a client's message pasted whole, in lower case -------------------------------------


def test_names_in_a_whole_message_written_in_lower_case() -> None:
    text = (
        "hi dr s, its bex. sorry to msg on a sunday. me and jaz broke up again and im at my "
        "cousin tanya's till tues. can we move thurs to friday? x"
    )
    found = _texts(text)
    assert {"bex", "jaz", "tanya"} <= set(found)
    assert not {"sunday", "tues", "thurs", "friday", "msg"} & set(found)


@pytest.mark.parametrize(
    "text",
    [
        "continue with cbt and f/u with pcp in 2 wks. pt and wife agree.",
        "its ok. it's fine, this is hard. thanks for today",
        "mood low, sleep poor. discussed with supervisor and team.",
    ],
)
def test_a_note_in_lower_case_shorthand_is_left_alone(text: str) -> None:
    assert _found(text) == []


# --- social media handles and registrations ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("The client posts as @sunny_vibes_91 on Instagram.", "@sunny_vibes_91"),
        ("She has a Snapchat account too (snap: maren.l).", "maren.l"),
        ("Her insta is luna.moth, she said.", "luna.moth"),
        ("His gamertag: Wolfe_77", "Wolfe_77"),
    ],
)
def test_a_social_media_handle(text: str, handle: str) -> None:
    assert (handle, "ID") in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Meet @ 4:30 or @3pm at the clinic.",
        "insta: no account. Her username is unknown.",
    ],
)
def test_no_handle_in_a_time_or_an_ordinary_word(text: str) -> None:
    assert not [f for f in _found(text) if f[1] == "ID"]


def test_an_e_mail_address_is_no_handle() -> None:
    assert _found("Write to kit@harbour.example today.") == [("kit@harbour.example", "EMAIL")]


def test_a_vehicles_registration_after_reg() -> None:
    assert ("AB 12345", "VEHICLE") in _found("She drives a blue hatchback, reg. AB 12345.")
    assert ("XYZ-123", "VEHICLE") in _found("Car rego XYZ-123 was seen.")
    assert not [f for f in _found("Registration 2024 is closed.") if f[1] == "VEHICLE"]


# --- numbered streets and ranges of days ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Lives at 2231 SW 8th St Apt 3, Miami FL 33135.", "2231 SW 8th St Apt 3"),
        ("Lives at 55 W 42nd Street.", "55 W 42nd Street"),
        ("He lives at 12 NE 3rd Ave.", "12 NE 3rd Ave."),
        ("lives at 400 e 5th st now", "400 e 5th st"),
    ],
)
def test_a_numbered_street(text: str, street: str) -> None:
    assert (street, "ADDRESS") in _found(text)


@pytest.mark.parametrize("text", ["She has 2 1st graders.", "He took 3 2nd place ribbons."])
def test_ordinals_after_a_count_are_no_street(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("Date of evaluation: October 8-10, 2026", ["October 8-10, 2026"]),
        ("Seen March 3-5, 2025 and 12-14 April 2025.", ["March 3-5, 2025", "12-14 April 2025"]),
    ],
)
def test_a_range_of_days_is_one_date(text: str, dates: list[str]) -> None:
    assert [f for f, label in _found(text) if label == "DATE"] == dates


def test_a_day_of_the_month_before_a_preposition() -> None:
    assert ("the 14th", "DATE") in _found("Yeah, it's on the 14th in Galway.")
    assert _found("She lives on the 3rd floor in a flat.") == []


# --- a nickname, an address spelled out, a masked number --------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('She is known as "Mouse" by everyone on the ward.', "Mouse"),
        ("He goes by Bex now.", "Bex"),
        ("She calls herself Raven online.", "Raven"),
    ],
)
def test_the_name_a_person_goes_by(text: str, name: str) -> None:
    assert (name, "NAME") in _found(text)


@pytest.mark.parametrize(
    "text", ["This is what is known as 'catastrophising'.", "A therapy known as CBT helped."]
)
def test_a_term_known_as_is_no_name(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("email me at jane dot doe at gmail dot com", "jane dot doe at gmail dot com"),
        ("write kit [at] harbour [dot] org please", "kit [at] harbour [dot] org"),
        ("mail kit_22 at mail dot co dot uk today", "kit_22 at mail dot co dot uk"),
    ],
)
def test_an_e_mail_address_spelled_out(text: str, address: str) -> None:
    assert (address, "EMAIL") in _found(text)


@pytest.mark.parametrize(
    "text",
    ["Look at the dot at the end dot com.", "She said to meet at the café dot com stand."],
)
def test_a_sentence_with_at_and_dot_is_no_address(text: str) -> None:
    assert not [f for f in _found(text) if f[1] == "EMAIL"]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("SSN xxx-xx-1234 on file.", "xxx-xx-1234"),
        ("The ***-**-5521 number.", "***-**-5521"),
        ("Last four of SSN 4821.", "4821"),
        ("Her SSN ending in 7719.", "7719"),
    ],
)
def test_a_masked_or_partial_social_security_number(text: str, number: str) -> None:
    assert (number, "SSN") in _found(text)


def test_four_digits_without_the_cue_are_no_ssn() -> None:
    assert _found("She scored 1234 points; the last four sessions helped.") == []


# --- addresses written the European or the Indian way -----------------------------------


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Lives at Calle Mayor 15, 3º B, 28013 Madrid.", ["3º B", "28013", "Madrid"]),
        ("Calle Mayor 15, 2º 1ª, 08001 Barcelona", ["2º 1ª", "08001", "Barcelona"]),
        ("Lives at Calle Mayor 15, 3B, 28013 Madrid.", ["3B", "28013", "Madrid"]),
    ],
)
def test_a_floor_and_door_after_a_street_then_the_postcode_and_town(
    text: str, parts: list[str]
) -> None:
    assert set(parts) <= set(_texts(text))


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "Address: Flat 4B, Shanti Apartments, MG Road, Bengaluru 560001.",
            "Flat 4B, Shanti Apartments, MG Road, Bengaluru 560001",
        ),
        (
            "Home address: The Old Rectory, Church Lane, Little Snoring",
            "The Old Rectory, Church Lane, Little Snoring",
        ),
    ],
)
def test_the_value_of_an_address_field(text: str, address: str) -> None:
    assert (address, "ADDRESS") in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Address: unknown",
        "Address: same as above, see file.",
        "Email address: none given",
        "We discussed how to address: the panic, the sleep.",
    ],
)
def test_an_address_field_with_no_address_in_it(text: str) -> None:
    assert _found(text) == []


# --- a given name that is a word, doing what only a person does -------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Rusty phoned this morning.", "Rusty"),
        ("Honey emailed me again.", "Honey"),
        ("Summer cried in session.", "Summer"),
    ],
)
def test_a_word_name_opening_a_sentence_before_what_only_a_person_does(
    text: str, name: str
) -> None:
    assert (name, "NAME") in _found(text)


@pytest.mark.parametrize(
    "text",
    ["Summer ended too soon this year.", "Hope fades when sleep is poor.", "The bell rang."],
)
def test_a_word_before_what_anything_may_do_stays(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("aged ninety, he still drives", "ninety"),
        ("Gran turned ninety last week.", "ninety"),
        ("She's ninety.", "ninety"),
        ("He is in his early nineties.", "in his early nineties"),
        ("He celebrated his 90th birthday in June.", "90th"),
    ],
)
def test_an_age_over_89_in_words_or_a_birthday(text: str, age: str) -> None:
    assert (age, "AGE_OVER_89") in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "It was ninety degrees.",
        "He is ninety percent sure.",
        "Back in the nineties we moved.",
        "We waited ninety minutes.",
        "Her 21st birthday is soon.",
    ],
)
def test_ninety_of_something_else_is_no_age(text: str) -> None:
    assert not [f for f in _found(text) if f[1] == "AGE_OVER_89"]


def test_a_kin_word_after_an_age_is_no_name() -> None:
    assert _texts("She lives with my 95-yr-old nan.") == ["95"]


def test_an_account_number_in_groups_and_a_banks_sort_code() -> None:
    found = _found("BSB 062-000, account 1234 5678; sort code 12-34-56.")
    assert {("062-000", "ACCOUNT"), ("1234 5678", "ACCOUNT"), ("12-34-56", "ACCOUNT")} <= set(found)
    assert ("4452", "ACCOUNT") in _found("Claim 4452 covers 12 sessions.")


# --- proper nouns that are no person ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "She prefers WhatsApp for reminders.",
        "She watched it on YouTube yesterday.",
        "She said Mother's Day is coming.",
        "Diagnosis: F33.1 Major depressive disorder, recurrent.",
    ],
)
def test_a_brand_a_holiday_or_a_diagnosis_is_no_name(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "We saw him over the Labor Day weekend.",
        "Before Memorial Day she felt better.",
        "She dreads Boxing Day with the family.",
        "We spent Christmas Eve at home.",
        "On New Year's Eve she drank more than she meant to.",
        "Valentine's Day was difficult this year.",
        "The fireworks on Independence Day scare the dog.",
    ],
)
def test_a_named_day_ending_in_a_given_name_is_no_name(text: str) -> None:
    # "Day" and "Eve" are given names too; after a possessive or a capitalised word that
    # is no given name, they end the name of a day.
    assert not [f for f in _found(text) if f[1] == "NAME"]


@pytest.mark.parametrize(
    "text",
    [
        "By session 4 of the Recovery Course she spoke up.",
        "It was week 3 of the Summer Camp.",
        "The UK left by invoking Article 50 of the Treaty on European Union.",
        "3 of the kids live nearby.",
    ],
)
def test_a_number_counting_a_part_of_a_whole_is_no_house_number(text: str) -> None:
    # "<number> of the ..." counts a part; the words after it may end in a street type
    # ("Course", "Camp", "Union") without making a street.
    assert not [f for f in _found(text) if f[1] == "ADDRESS"]


@pytest.mark.parametrize(
    "text",
    [
        "Her GP increased sertraline to 100 mg in March.",
        "We met in March and again in April.",
        "From March to May she slept badly.",
    ],
)
def test_a_month_that_names_a_town_too_is_the_month_after_in_or_from(text: str) -> None:
    # March is a town in Cambridgeshire; "in March" is the month, as "in May" is.
    assert not [f for f in _found(text) if f[1] == "CITY"]


@pytest.mark.parametrize(
    "text", ["She moved to March last year.", "She lives in March, Cambridgeshire."]
)
def test_a_month_that_names_a_town_is_the_town_where_one_lives_or_moves(text: str) -> None:
    assert ("March", "CITY") in _found(text)


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        ("She attends yoga on Fridays and the Hearing Voices Group.", "Hearing Voices Group"),
        ("She sees Kate and the Lantern Group weekly.", "Lantern Group"),
        ("He joined the Boys and Girls Club.", "Boys and Girls Club"),
    ],
)
def test_a_day_or_a_person_and_the_before_a_group_are_no_words_of_its_name(
    text: str, organisation: str
) -> None:
    assert organisation in [f[0] for f in _found(text)]
    assert not [f for f in _found(text) if f[0].startswith(("Fridays", "and ", "Kate and"))]


@pytest.mark.parametrize(
    "text",
    [
        "Also my Nan's birthday is in June.",
        "She lives with her Nana.",
        "I told my Gran about the panic attacks.",
        "We bought food for Eid.",
        "At Diwali they visit family.",
    ],
)
def test_a_capitalised_kin_word_after_a_possessive_or_a_festival_is_no_name(text: str) -> None:
    assert _found(text) == []


def test_the_name_after_a_capitalised_kin_word_is_still_found() -> None:
    assert ("Edna", "RELATIVE") in _found("I told my Gran Edna about it.")
    assert ("Nana", "NAME") in _found("She met her friend Nana yesterday.")


def test_a_street_after_a_counted_part_is_still_an_address() -> None:
    assert ("12 Elm Street", "ADDRESS") in _found("3 of the kids live at 12 Elm Street.")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I met Doris Day in 1960.", "Doris Day"),
        ("She asked Nurse Day for help.", "Day"),
        ("Dr Day called back.", "Day"),
        ("She saw Eve yesterday.", "Eve"),
        ("Call Day about it.", "Day"),
        ("We told Rachel Day the news.", "Rachel Day"),
    ],
)
def test_day_and_eve_as_names_stay_names(text: str, name: str) -> None:
    assert (name, "NAME") in _found(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("We saw DeShawn and LaToya.", "DeShawn"),
        ("Her friend McKenzie came.", "McKenzie"),
        ("MaryKate said hi to us.", "MaryKate"),
        ("We called FitzGerald later.", "FitzGerald"),
        ("She met Major yesterday.", "Major"),
        ("We saw Will today.", "Will"),
    ],
)
def test_names_with_an_inner_capital_or_that_are_words_stay_names(text: str, name: str) -> None:
    assert (name, "NAME") in _found(text)


@pytest.mark.parametrize(
    ("text", "date"),
    [("Next session Tuesday 17th at 3pm.", "Tuesday 17th at 3pm"), ("Until Fri 2nd.", "Fri 2nd")],
)
def test_a_weekday_and_an_ordinal_day(text: str, date: str) -> None:
    assert (date, "DATE") in _found(text)
    assert _found("Thursday 3 people came.") == []


def test_a_street_wrapped_before_its_suffix() -> None:
    found = _found("He is living at 3F2, 17 Easter\nRoad, Edinburgh EH7 5PW.")
    assert ("17 Easter\nRoad", "ADDRESS") in found
    assert _found("Seen 17 Times\nRoad safety was discussed.") == []


def test_a_phone_number_wrapped_onto_the_next_line() -> None:
    assert ("0131 537\n6000", "PHONE") in _found("call her on 0131 537\n6000 today")
    assert ("(617) 555-0142", "PHONE") in _found("call (617) 555-0142\n12 sessions left")


# --- a table pasted as text -------------------------------------------------------------


def test_the_cells_under_an_identifiers_column() -> None:
    text = (
        "client_id,first_name,last_name,dob,phone,postcode,notes\n"
        '1043,Amara,Te Rangi,1988-04-17,07700 900231,2000,"anxious, referred"\n'
        "1044,Wei,Zhang,n/a,,6011,exam stress\n"
        "\n"
        "Seen 3 times in 2000."
    )
    found = _found(text)
    for cell, label in [
        ("1043", "ID"), ("Te Rangi", "NAME"), ("1988-04-17", "DATE"), ("2000", "ZIP"),
        ("1044", "ID"), ("Wei", "NAME"), ("6011", "ZIP"),
    ]:  # fmt: skip
        assert (cell, label) in found, cell
    assert "n/a" not in _texts(text)
    assert "anxious" not in _texts(text)
    assert text.rindex("2000") not in [s.start for s in analyse(text)]  # after the table


def test_a_table_parted_by_tabs_with_an_age_column() -> None:
    text = "Name\tAge\tTown\nKiri Moana\t93\tGisborne\nAri Moana\t45\tNapier\n"
    found = _found(text)
    assert {("Kiri Moana", "NAME"), ("93", "AGE_OVER_89"), ("Napier", "CITY")} <= set(found)
    assert ("45", "AGE_OVER_89") not in found


@pytest.mark.parametrize(
    "text",
    [
        "Mood, sleep, appetite\n6, 4, 7\n",
        "Name, date and phone were confirmed.\nShe said 3 things.\n",
    ],
)
def test_a_line_that_is_no_identifiers_header(text: str) -> None:
    assert _found(text) == []


def test_a_number_fields_label_after_client_is_no_initials() -> None:
    assert _found("Client ID: 1043") == [("1043", "ID")]
    assert ("AM", "NAME") in _found("Client AM: missed two sessions.")


def test_a_legal_form_glued_to_the_name_is_an_organisation() -> None:
    found = _found("Looking to support TemairazuInc. in its mission.")
    assert ("TemairazuInc.", "ORGANIZATION") in found


def test_a_possessive_before_a_surname_that_is_a_brand_is_no_name() -> None:
    assert "My" not in " ".join(_texts("My Uber driver was nice. In Sunday's group she spoke."))
    assert ("June Marsh", "NAME") in _found("June Marsh called.")


def test_a_title_in_apposition_after_a_role_is_no_name() -> None:
    assert _found("Dr A. Therapist, Clinical Psychologist") == []
    assert ("Blessing Okafor", "RELATIVE") in _found("her daughter, Blessing Okafor, came.")


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Her mother was born in 1931.", "1931"),
        ("DOB: 1929", "1929"),
        ("Grandad (b. 1930) lives alone.", "1930"),
    ],
)
def test_a_year_of_birth_of_someone_over_89(text: str, year: str) -> None:
    assert (year, "DATE") in _found(text)


@pytest.mark.parametrize(
    "text", ["She was born in 1975.", "The house was built in 1920.", "He fought in 1951."]
)
def test_a_year_of_someone_younger_or_of_no_birth_stays(text: str) -> None:
    assert not [f for f in _found(text) if f[1] == "DATE"]


# --- a safeguarding log -----------------------------------------------------------------


def test_a_name_given_in_quotes_after_a_role_and_spoken_of_later() -> None:
    text = (
        'Mother\'s partner: "Dean" (surname not known), approx 30s.\n'
        'Concern: Lily told her teacher that "Dean hits Mummy".'
    )
    assert [f for f, label in _found(text) if f == "Dean"] == ["Dean", "Dean"]
    assert ("Dean", "RELATIVE") in _found('Her partner, "Dean", hits her.')
    assert _found("Client's father: unknown") == []
    assert ("Rosa", "NAME") in _found("Maternal aunt: Rosa")


def test_a_reference_number_in_parts_after_slashes() -> None:
    assert ("14/201145/26", "ID") in _found("Police informed (crime ref 14/201145/26).")
    assert _found("The case 3/4 was reviewed.") == []


def test_a_solicitors_letter() -> None:
    found = _texts("Messrs Harland, Quayle & Fitzsimons LLP\nSolicitors\nYour ref: HQF/FAM/7731/LB")
    assert any("Quayle & Fitzsimons" in f for f in found)
    assert "HQF/FAM/7731/LB" in found
    assert ("21 and 28 November", "DATE") in _found("I saw him on 21 and 28 November.")
    assert ("Marks & Spencer", "EMPLOYER") in _found("She works at Marks & Spencer now.")


def test_a_town_after_a_venue_and_a_comma() -> None:
    found = _found("He works as a chef at The Wheelhouse, Porthleven.")
    assert ("Porthleven", "CITY") in found
    assert ("Mousehole", "CITY") in _found("They met at the Rectory, Mousehole")
    assert not [f for f in _found("We met at Quorvane, Thanks.") if f[0] == "Thanks"]
