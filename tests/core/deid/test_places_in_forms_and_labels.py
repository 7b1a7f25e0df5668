"""Issue 13, tenth round: addresses in forms, shipping labels and letters' heads, and
streets whose road type is also an ordinary noun, found (or left alone) by mechanism.

Every sentence here is written for these tests (synthetic streets, towns and firms).
Each mechanism has a sentence it finds and one it leaves alone.
"""

from __future__ import annotations

from sealbook.core.deid import analyse
from sealbook.core.deid.spans import Label
from tests.core.deid.removal import labels_over


def _span_of(text: str, part: str, label: Label) -> bool:
    at = text.index(part)
    return any(
        s.label is label and s.start <= at and s.end >= at + len(part) for s in analyse(text)
    )


# --- road types that are also nouns ("Sound", "Steps", "Beach") ------------------------------


def test_a_noun_road_type_after_a_number_and_names_ends_a_street() -> None:
    text = "The ambulance went to 376 Velmora Beach by mistake, then to 57/290 Quorran Circus."
    assert _span_of(text, "376 Velmora Beach", Label.ADDRESS)
    assert _span_of(text, "57/290 Quorran Circus", Label.ADDRESS)


def test_a_noun_road_type_after_an_ordinary_word_is_no_street() -> None:
    text = "Take 3 Steps forward, then 2 Quiet Sound checks."
    assert labels_over(text, "Steps") == set()
    assert labels_over(text, "Quiet Sound") == set()


# --- a form's heading above an address -----------------------------------------------------


def test_a_heading_in_lower_case_above_an_address_is_no_organisation() -> None:
    text = "Billing address\n12 Tallow Row\nBranmouth"
    assert Label.ORGANIZATION not in labels_over(text, "Billing address")


def test_a_capitalised_name_above_an_address_is_still_its_addressee() -> None:
    text = "Kestrel Dynamics\n12 Tallow Row\nBranmouth"
    assert Label.ORGANIZATION in labels_over(text, "Kestrel Dynamics")


# --- a field's name on the line after an address -------------------------------------------


def test_a_field_name_beginning_the_next_line_is_no_region() -> None:
    text = "FROM:\n575 Tallow Motorway\nBranmouth, WI 75113\nTO:\n12 Quill Row"
    assert labels_over(text, "TO:") == set()
    assert _span_of(text, "12 Quill Row", Label.ADDRESS)


def test_a_town_before_a_colon_inside_the_sentence_is_still_a_town() -> None:
    text = "Send it to 4 Tallow Row, Leeds: they will sign for it."
    assert labels_over(text, "Leeds") == {Label.CITY}


# --- a list of places is no firm of partners -------------------------------------------------


def test_a_list_with_a_town_that_is_no_surname_is_no_firm() -> None:
    text = "He spent his childhood between Sevilla, Zaragoza and Jaén."
    assert Label.ORGANIZATION not in labels_over(text, " and ")
    assert labels_over(text, "Jaén") == {Label.CITY}


def test_a_list_of_surnames_is_still_a_firm() -> None:
    text = "The bill came from Gibney, Barron and Kerville last week."
    assert labels_over(text, "Gibney, Barron and Kerville")


# --- a town before "-based" ------------------------------------------------------------------


def test_a_name_in_no_dictionary_before_based_is_a_town() -> None:
    text = "A Velmorbury-based charity and a Quarra Sharif-based trust paid for the wheelchair."
    assert _span_of(text, "Velmorbury", Label.CITY)
    assert _span_of(text, "Quarra Sharif", Label.CITY)
    assert labels_over(text, "-based") == set()


def test_an_ordinary_word_or_an_acronym_before_based_is_no_town() -> None:
    text = "Evidence-based care, CBT-based work and a Python-based tool helped."
    assert labels_over(text, "Evidence") == set()
    assert labels_over(text, "CBT") == set()
    assert labels_over(text, "Python") == set()


# --- a form's town field ---------------------------------------------------------------------


def test_a_town_field_after_a_dash_or_holding_an_ordinary_word_is_a_town() -> None:
    assert _span_of("City of residence - Velmorbury", "Velmorbury", Label.CITY)
    assert _span_of("Place of birth: Goes\nDate of birth: 1982", "Goes", Label.CITY)


def test_a_town_field_that_names_no_town_is_left_alone() -> None:
    assert labels_over("City: Unknown", "Unknown") == set()
    assert labels_over("Town of residence - Same as above", "Same as above") == set()


# --- a town in brackets after an address -----------------------------------------------------


def test_a_name_in_brackets_after_a_street_is_its_town() -> None:
    text = "We are located at 12 Tallow Row (Lopes), opposite the pharmacy."
    assert _span_of(text, "Lopes", Label.CITY)


def test_ordinary_words_in_brackets_after_a_street_are_no_town() -> None:
    text = "We met at 12 Tallow Row (Back Entrance) yesterday."
    assert labels_over(text, "Back Entrance") == set()


# --- European and Indian street shapes -------------------------------------------------------


def test_a_dutch_pad_after_a_name_in_no_dictionary_is_a_street() -> None:
    text = "The parcel was left at Fienpad 822 even though I asked."
    assert _span_of(text, "Fienpad 822", Label.ADDRESS)


def test_a_device_pad_with_a_number_is_no_street() -> None:
    text = "Press the keypad 3 times; the helipad 2 is closed."
    assert labels_over(text, "keypad 3") == set()
    assert labels_over(text, "helipad 2") == set()


def test_a_brazilian_park_or_garden_street_with_its_number_is_a_street() -> None:
    text = "They sold the house at Parque de Tallow, 40 and the one at Jardim Quarra, 98."
    assert _span_of(text, "Parque de Tallow, 40", Label.ADDRESS)
    assert _span_of(text, "Jardim Quarra, 98", Label.ADDRESS)


def test_a_spanish_c_de_street_is_a_street_but_an_initial_before_de_is_a_person() -> None:
    text = "TO:\nC. de Joaquina Tallow 97\n28597 Ceuta"
    assert _span_of(text, "C. de Joaquina Tallow 97", Label.ADDRESS)
    person = "Seen by C. de Vries 14 May."
    assert Label.ADDRESS not in labels_over(person, "C. de Vries")


def test_an_indian_house_number_and_a_bare_surname_after_a_cue_is_a_street() -> None:
    text = "We walked down to 39/693, Chopra and knocked; the van went to 669, Shan by mistake."
    assert _span_of(text, "39/693, Chopra", Label.ADDRESS)
    assert _span_of(text, "669, Shan", Label.ADDRESS)


def test_a_count_and_a_person_before_a_verb_is_no_street() -> None:
    text = "We counted to 100, Smith said."
    assert Label.ADDRESS not in labels_over(text, "100, Smith")


def test_an_indian_house_number_abbreviation_is_no_web_address() -> None:
    text = "H.No. 12, Gupta Road, Delhi -042676"
    assert Label.URL not in labels_over(text, "H.No")
    assert _span_of(text, "H.No. 12, Gupta Road", Label.ADDRESS)
    assert _span_of(text, "042676", Label.ZIP)


def test_a_dash_before_a_number_that_is_no_pin_code_ends_the_address() -> None:
    text = "Send it to 12 Tallow Row, Kolkata - 2 parcels."
    assert labels_over(text, "2 parcels") == set()


# --- a compass town named in another alphabet ------------------------------------------------


def test_a_compass_word_before_a_name_of_turkish_letters_is_a_town() -> None:
    text = "We drove through South Altuğ and West Sat\u0131atown on the way to the coast."
    assert _span_of(text, "South Altuğ", Label.CITY)
    assert _span_of(text, "West Sat\u0131atown", Label.CITY)


def test_a_compass_word_before_a_word_in_capitals_or_an_ordinary_word_is_no_town() -> None:
    assert Label.CITY not in labels_over("The North MRI suite is closed.", "North MRI")
    assert labels_over("We wished them a Happy New Year.", "New Year") == set()


# --- a unit word is a word of its own --------------------------------------------------------


def test_a_town_beginning_with_a_unit_word_on_the_next_line_stays_the_town() -> None:
    text = "Send it to 12 Tallow Lake\nStevenberg\nL8 4LN"
    assert _span_of(text, "12 Tallow Lake", Label.ADDRESS)
    assert labels_over(text, "Stevenberg") == {Label.CITY}
    assert labels_over(text, "L8 4LN") == {Label.ZIP}


def test_a_suite_after_a_street_is_still_its_unit() -> None:
    text = "Send it to 271 Tallow Ranch Ste 712, please."
    assert _span_of(text, "271 Tallow Ranch Ste 712", Label.ADDRESS)


# --- a town's name joined by a particle after a place cue -------------------------------------


def test_a_town_joined_by_a_particle_after_a_place_cue_is_one_town() -> None:
    text = "Moving to Berg en Quarrijt was the best decision; I live in Velm ob der Tauber."
    assert _span_of(text, "Berg en Quarrijt", Label.CITY)
    assert _span_of(text, "Velm ob der Tauber", Label.CITY)


def test_a_person_named_with_a_particle_or_a_town_before_a_month_is_no_such_town() -> None:
    text = "I got a card from Anna de Vries and moved to Leeds in March."
    assert Label.CITY not in labels_over(text, "Anna de Vries")
    assert labels_over(text, "in") == set()


def test_a_list_with_a_town_ending_or_after_between_is_no_firm() -> None:
    text = "He commutes between Tallowmouth, Quarratown and Velmorbury."
    assert Label.ORGANIZATION not in labels_over(text, " and ")
    other = "He spent his childhood between Årre, Barrit and Hellebæk."
    assert Label.ORGANIZATION not in labels_over(other, " and ")


def test_a_surname_that_is_a_word_before_a_noun_road_type_ending_its_line_is_a_street() -> None:
    text = "The surgery has moved to:\n3 Smith Interchange\nBriggsburgh 2724"
    assert _span_of(text, "3 Smith Interchange", Label.ADDRESS)


def test_a_surname_that_is_a_word_before_a_noun_road_type_mid_sentence_is_no_street() -> None:
    text = "We lined up 3 Brown Steps behind the others."
    assert Label.ADDRESS not in labels_over(text, "3 Brown Steps")


# --- a shipping label's fields between bars --------------------------------------------------


def test_a_town_before_a_bar_on_a_shipping_label_ends_the_address() -> None:
    text = "SHIP TO: Incrocio Tallow, 22, 30027 Velmorbury | PHONE: 846.435.1381"
    assert _span_of(text, "Velmorbury", Label.CITY)
    assert labels_over(text, "PHONE") == set()
