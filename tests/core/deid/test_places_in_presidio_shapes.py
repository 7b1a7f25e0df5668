"""Issue 13, tenth round: addresses, postcodes, dates, phones and ages as Faker writes them
in many locales (the shapes of the presidio-synth corpus), found by mechanism.

Every sentence here is written for these tests (synthetic streets, towns and numbers).
Each mechanism has a sentence it finds and one it leaves alone.
"""

from __future__ import annotations

from sealbook.core.deid import analyse
from sealbook.core.deid.datetext import parse_date, shift
from sealbook.core.deid.spans import Label
from tests.core.deid.removal import all_removed, labels_over, none_removed

# --- street types of Australia, New Zealand and India -----------------------------------


def test_an_australian_or_indian_street_type_makes_a_street() -> None:
    text = "The parcel went to 40 Carrowby Esplanade and then to 14/17, Velankar Chowk."
    assert all_removed(text, "40 Carrowby Esplanade")
    assert all_removed(text, "14/17, Velankar Chowk")


def test_a_road_type_that_is_an_ordinary_noun_after_a_number_is_not_a_street() -> None:
    text = "She had 3 Trauma Centre visits and joined 2 Care Pathway groups."
    assert none_removed(text, "Trauma Centre")
    assert none_removed(text, "Care Pathway")


# --- a flat, unit or level before the street --------------------------------------------


def test_a_unit_written_before_the_street_is_part_of_the_address() -> None:
    for text, part in (
        ("Send it to Unit 4 / 27 Harrowgate Esplanade please.", "Unit 4 / 27 Harrowgate Esplanade"),
        ("Delivery address:\nFlat 12 Morrow Mews\nEast Tandle", "Flat 12 Morrow Mews"),
        ("Her new flat is H.No. 548 Varkel Nagar in Dunmore.", "H.No. 548 Varkel Nagar"),
    ):
        assert all_removed(text, part), text


def test_a_unit_then_a_house_number_vouch_for_a_street_of_any_type() -> None:
    for text, part in (
        (
            "Our clinic moved from Unit 14 / 98 Madlin Dip to a bigger building.",
            "Unit 14 / 98 Madlin Dip",
        ),
        (
            "The meeting point is Apt. 047 699 Halvey Cross, just behind it.",
            "Apt. 047 699 Halvey Cross",
        ),
    ):
        assert labels_over(text, part) == {Label.ADDRESS}, text


def test_a_unit_word_with_no_street_after_it_is_not_taken_in() -> None:
    text = "We met on level 3 and then walked to 14 Carrow Lane."
    assert none_removed(text, "level 3 and")
    assert all_removed(text, "14 Carrow Lane")


# --- streets in the European orders -----------------------------------------------------


def test_a_street_type_word_of_southern_or_eastern_europe_makes_a_street() -> None:
    for text, part in (
        ("I moved from Pasaje de Almendro Ruiz 5 last spring.", "Pasaje de Almendro Ruiz 5"),
        ("Our clinic is on Viale Marconetti, 34 Piano 7 now.", "Viale Marconetti, 34 Piano 7"),
        ("Address on file: ulica Lipowska 98/82", "ulica Lipowska 98/82"),
        ("They sold the house at Trecho de Morgado, 26 last year.", "Trecho de Morgado, 26"),
        ("Residence: 10, place de la Tourelle, Saint Ambrel.", "10, place de la Tourelle"),
    ):
        assert all_removed(text, part), text
    text = "Is Martinstr. 3/5 still right? No, Tielenboulevard 478 is."
    assert all_removed(text, "Martinstr. 3/5")
    assert all_removed(text, "Tielenboulevard 478")
    text = "Invoice recipient - Charlottepad 2, 8135 AQ Zegge"
    assert all_removed(text, "Charlottepad 2")
    text = "It was Wolfsallee 87-89 before; now Área Teodor Novais, 33."
    assert all_removed(text, "Wolfsallee 87-89")
    assert all_removed(text, "Área Teodor Novais, 33")


def test_the_pad_of_a_device_is_no_dutch_path() -> None:
    text = "Press Trackpad 3 twice, then Keypad 2."
    assert not any(s.label is Label.ADDRESS for s in analyse(text))


def test_a_street_word_before_ordinary_lower_case_words_is_not_a_street() -> None:
    text = "I sent it via email 3 times; it took place on 3 March; the route to 5 wards."
    assert none_removed(text, "via email 3 times")
    assert none_removed(text, "place on")
    assert none_removed(text, "route to 5 wards")


def test_the_street_type_outranks_a_name_or_town_read_inside_it() -> None:
    text = "I moved from Pasaje de Almendro Ruiz 5 last spring."
    assert labels_over(text, "Pasaje de Almendro Ruiz 5") == {Label.ADDRESS}


def test_a_german_street_named_after_a_person_with_hyphens() -> None:
    text = "Can you update my address to Kordula-Mangold-Straße 8533, 06812 Corbach?"
    assert labels_over(text, "Kordula-Mangold-Straße 8533") == {Label.ADDRESS}
    assert all_removed(
        "Her flat is Suzette-Kabel-Allee 1/3 in Schwanfeld.", "Suzette-Kabel-Allee 1/3"
    )


def test_a_hyphenated_name_without_a_street_word_and_number_is_no_street() -> None:
    text = "Anna-Marie walks 5 km along the river every day."
    assert not any(s.label is Label.ADDRESS for s in analyse(text))


def test_a_french_street_named_without_a_number() -> None:
    for text, part in (
        ("My previous address was rue Lecorve; the new one is near.", "rue Lecorve"),
        ("I live at chemin de Grévorel, Coulanbourg.", "chemin de Grévorel"),
        ("Our clinic moved from Via da Rochetta to a bigger building.", "Via da Rochetta"),
    ):
        assert labels_over(text, part) == {Label.ADDRESS}, text


def test_a_street_without_a_number_before_a_comma_and_its_postcode() -> None:
    text = "Return address: avenue Charlotte Renaudin, 20136 Huberville"
    assert labels_over(text, "avenue Charlotte Renaudin") == {Label.ADDRESS}
    assert labels_over(text, "20136") == {Label.ZIP}


def test_a_street_word_without_a_name_after_it_is_no_street() -> None:
    for text in (
        "The boulevard was busy.",
        "We drove down the avenue Monday.",
        "I sent it via Dr Ames.",
    ):
        assert not any(s.label is Label.ADDRESS for s in analyse(text)), text


def test_a_street_with_its_suffix_is_read_whole_before_a_second_unit() -> None:
    text = "My previous address was 271 Barnford Ranch Suite 712 Suite 237; the new one"
    assert labels_over(text, "271 Barnford Ranch Suite 712 Suite 237") == {Label.ADDRESS}
    # A compass word after the suffix stays with the street, and the lines after it too.
    text = "A taxi to 124 67 Devlin Street West\n Suite 240\n West Brook\n New Zealand."
    assert labels_over(text, "124 67 Devlin Street West") == {Label.ADDRESS}
    assert all_removed(text, "West Brook")


def test_a_title_case_abbreviation_begins_the_town_and_is_no_region_code() -> None:
    text = "Correspondence should go to PO Box 22540, St. Padrig 2914."
    assert all_removed(text, "St. Padrig")
    assert labels_over(text, "2914") == {Label.ZIP}


def test_a_street_word_reading_outdoes_a_cue_reading_of_the_same_street() -> None:
    text = "My address is Ronda Artemio Oller 207 Apt. 19 , La Rioja, 45989"
    assert labels_over(text, "Ronda Artemio Oller 207 Apt. 19") == {Label.ADDRESS}
    assert labels_over(text, "45989") == {Label.ZIP}


def test_an_article_begins_a_town_after_an_address_but_not_a_lower_case_phrase() -> None:
    assert labels_over("Send to 4 Oakvale Road, La Pazuela, 28001", "La Pazuela") == {Label.CITY}
    text = "He lives at 12 Maplin Street, de la part de Jean"
    assert not any(s.label is Label.CITY for s in analyse(text))


def test_a_british_address_one_part_per_line_without_a_house_number() -> None:
    text = "Ship to:\nFlat 8\nLeslan Mill\nNew Geoffton\nPA22 8WH\nThanks!"
    for part, label in (("Flat 8", Label.ADDRESS), ("Leslan Mill", Label.ADDRESS),
                        ("New Geoffton", Label.CITY), ("PA22 8WH", Label.ZIP)):  # fmt: skip
        assert labels_over(text, part) == {label}, part


def test_lines_above_a_postcode_that_are_no_street_are_left_alone() -> None:
    text = "Notes:\nTake the Main Road\nThen Stop\nSW1 1AA"
    assert none_removed(text, "Take the Main Road")
    assert none_removed(text, "Then Stop")


# --- a number and capitalised words after a cue only an address follows ----------------


def test_a_number_and_capitalised_words_after_located_at_are_a_street() -> None:
    text = "We are located at 8/23 Wu Towers (Lukefort), opposite the pharmacy."
    assert all_removed(text, "8/23 Wu Towers")
    text = "Address on file: Unit 26 / 35 Nelson Deviation\nCity: Gregoryland"
    assert labels_over(text, "Unit 26 / 35 Nelson Deviation") == {Label.ADDRESS}


def test_an_indian_house_number_and_a_surname_street_after_a_cue() -> None:
    for text, part in (
        ("My previous address was 81 Shenvoy; the current one is near.", "81 Shenvoy"),
        ("Residence: 74/904 Mishrani, Saharangar. Tel: 555.", "74/904 Mishrani"),
        ("Her new flat is H.No. 61 Dhingrav in Dibrugarh.", "61 Dhingrav"),
    ):
        assert all_removed(text, part), text
    # The town before a full stop ends there: the next sentence's first word is no town.
    assert none_removed("Residence: 74/904 Mishrani, Saharangar. Tel: 555.", "Tel")


def test_a_grade_and_a_number_are_no_indian_house_number() -> None:
    assert none_removed("Grade H No 4 Pain on the left.", "No 4 Pain")


def test_a_time_or_a_count_after_located_at_is_no_street() -> None:
    for text in ("We are located at 10 AM on Monday.", "The stock is located at 2 Units."):
        assert not any(s.label is Label.ADDRESS for s in analyse(text)), text


# --- PO boxes ---------------------------------------------------------------------------


def test_pob_and_a_french_boite_postale_are_po_boxes() -> None:
    assert all_removed("Mail it to POB 77308 please.", "POB 77308")
    assert all_removed("Correspondence: BP 81909, Tinsalle 89387.", "BP 81909")


def test_a_blood_pressure_is_not_a_boite_postale() -> None:
    text = "BP 140/90 this morning, BP 132 systolic later."
    assert not any(s.label is Label.ADDRESS for s in analyse(text))


# --- postcodes named by a cue -----------------------------------------------------------


def test_a_postcode_before_or_after_its_cue_in_many_forms() -> None:
    for text, part in (
        ("Is 23883 the right postal code for Vennago?", "23883"),
        ("Customer in Dorrowby (zip NR9 8GT) called.", "NR9 8GT"),
        ("City: Lubnice\nPostcode: 48-372", "48-372"),
        ("Postcode: 3694 PP", "3694 PP"),
        ("Zip: 31706-690", "31706-690"),
    ):
        assert all_removed(text, part), text


def test_a_number_near_zip_that_is_no_code_is_left_alone() -> None:
    text = "I need 3 more zip ties and 12 of the postcodes are wrong."
    assert none_removed(text, "3 more")
    assert none_removed(text, "12 of")


def test_an_australian_postcode_after_a_town_and_its_state() -> None:
    text = "Invoice recipient - 6 Fordham Vale, North Shandon, South Australia 2159 - paid"
    assert labels_over(text, "2159") == {Label.ZIP}


def test_a_number_after_an_australian_state_that_is_no_address_is_left_alone() -> None:
    assert none_removed("Crowds in Sydney, NSW 2000 people strong.", "2000")
    assert none_removed("She toured Victoria 2019 and loved it.", "2019")


def test_a_town_of_two_names_joined_by_an_en_dash_before_its_postcode() -> None:
    text = "Send the card to 665, Shukla Zila, Hubli\u2013Dharwad 773071."
    assert all_removed(text, "Hubli\u2013Dharwad")
    assert all_removed(text, "773071")


# --- dates with a time ------------------------------------------------------------------


def test_a_time_after_a_dated_day_goes_with_the_date() -> None:
    for text, part in (
        ("Can we reschedule to 4/2/1997 01:15?", "4/2/1997 01:15"),
        ("He was admitted on 2024-03-13T04:18:00 and left.", "2024-03-13T04:18:00"),
        ("The policy started Sat 23 Feb 2013 13:15 and ends", "Sat 23 Feb 2013 13:15"),
        ("Received August 2, 1984 at 10:50 a.m.; filed.", "August 2, 1984 at 10:50 a.m."),
    ):
        assert labels_over(text, part) == {Label.DATE}, text
        assert all_removed(text, part), text


def test_a_time_after_a_day_without_a_year_and_a_zone_after_a_time() -> None:
    for text, part in (
        ("Seen March 3rd at 5pm in the clinic.", "March 3rd at 5pm"),
        ("Logged 1998-03-04T14:30:00Z by the server.", "1998-03-04T14:30:00Z"),
        ("Logged 2021-03-04 14:30:00 UTC by the server.", "2021-03-04 14:30:00 UTC"),
        ("Seen 02/Mar/1998 at the clinic.", "02/Mar/1998"),
    ):
        assert labels_over(text, part) == {Label.DATE}, text
        assert all_removed(text, part), text


def test_a_bare_number_after_a_date_is_not_its_time() -> None:
    text = "Take 2 tablets on March 3 at 10 then rest."
    assert none_removed(text, "at 10 then")


def test_a_shifted_date_keeps_its_time_and_separators_as_written() -> None:
    found = parse_date("4/2/1997 01:15")
    assert found is not None and found.end == len("4/2/1997")
    assert shift(found, 10) == "4/12/1997"
    found = parse_date("1998-03-04T14:30:00")
    assert found is not None and shift(found, 10) == "1998-03-14T14:30:00"
    found = parse_date("02/Mar/1998")
    assert found is not None and shift(found, 10) == "12/Mar/1998"


# --- phone numbers ----------------------------------------------------------------------


def test_a_country_code_then_an_unbroken_number_and_a_bracketed_trunk_code() -> None:
    for text, part in (
        ("Call me back on +39 03624521339.", "+39 03624521339"),
        ("Tel. +46 23-856 59 64 / fax (0284)-588352", "(0284)-588352"),
    ):
        assert all_removed(text, part), text


def test_a_country_code_and_a_bracketed_area_code_before_an_unbroken_number() -> None:
    assert all_removed("Phone: +90(321)9195940", "+90(321)9195940")


def test_a_national_number_after_dial_is_a_phone() -> None:
    assert all_removed("For urgent matters dial 6635 0091.", "6635 0091")


def test_a_year_in_brackets_before_a_count_is_no_phone() -> None:
    assert none_removed("In (2019) 123456 people were counted.", "(2019) 123456")


# --- ages ---------------------------------------------------------------------------------


def test_at_a_number_before_a_person_is_their_age() -> None:
    assert all_removed("At 93 she still walks to the market.", "93")
    assert all_removed("She retired late; at 101, he said, she was sharp.", "101")


def test_at_a_number_with_a_unit_or_mid_clause_is_no_age() -> None:
    assert none_removed("We drove at 95 mph he said.", "95")
    assert none_removed("The bus stopped at 95 he said.", "95")


# --- towns before "-based" ------------------------------------------------------------------


def test_a_town_named_with_a_compass_word_before_based() -> None:
    assert all_removed("A North Tamesborough-based charity paid.", "North Tamesborough")


def test_a_country_named_with_a_compass_word_before_based_is_left_alone() -> None:
    assert none_removed("The North Korea-based group met.", "North Korea")
