"""Issue 13, eleventh round (organisations): firms the value-refill probe found missed when
it refilled the shapes of Presidio's synthetic text with Faker's firms of many countries.

Each mechanism is tested on a sentence it must find and one it must leave alone. Every
firm here is invented for these tests.
"""

from __future__ import annotations

from tests.core.deid.test_organisation_clues import _covered, _found_and_left_alone, _organisations


def test_slovene_hungarian_dutch_and_indonesian_forms_after_a_name() -> None:
    _found_and_left_alone(
        [
            ("Looking to support Gorjup d.d. in Kranj.", "Gorjup d.d."),
            ("James Gomez from Gulyás és Horváth Kft. is the keynote speaker.",
             "Gulyás és Horváth Kft."),
            ("Clients: Somogyi és Balog Bt., Cardoso A/S.", "Somogyi és Balog Bt."),
            ("Pauwels, De Graeve en Michiels VOF, Eriksen A/S and Bùi Oy.",
             "Pauwels, De Graeve en Michiels VOF"),
            ("I work for Marijana Krivec s.p. now.", "Marijana Krivec s.p."),
        ],
        ["The d.d. of the tooth was noted.", "Pt is s.p. appendectomy, doing well."],
    )  # fmt: skip


def test_status_post_after_a_surname_that_is_a_word_is_no_form() -> None:
    assert _organisations("Patient Smith s.p. fall, reviewed today.") == []


def test_an_indonesian_form_before_the_name_with_persero_or_tbk_after_it() -> None:
    _found_and_left_alone(
        [
            ("according to the UD Mandala Hastuti (Persero) Tbk website.",
             "UD Mandala Hastuti (Persero) Tbk"),
            ("Looking to support PD Jailani (Persero) Tbk in Quinta.", "PD Jailani (Persero) Tbk"),
            ("The PT Prayoga Tbk Orchestra was founded in 2004.", "PT Prayoga Tbk"),
        ],
        ["PT Review with the knee team today."],
    )  # fmt: skip


def test_a_vietnamese_form_before_or_after_the_name() -> None:
    _found_and_left_alone(
        [
            ("Chao Dai\nPhạm và đối tác Công ty Cổ phần\nHanoi", "Phạm và đối tác Công ty Cổ phần"),
            ("Hoàng Phạm Công ty Cổ phần is a multinational.", "Hoàng Phạm Công ty Cổ phần"),
            ("She works at Công ty TNHH Hoa Sen now.", "Công ty TNHH Hoa Sen"),
            ("Phạm Đặng Doanh nghiệp tư nhân's Comfort Ojo.", "Phạm Đặng Doanh nghiệp tư nhân"),
        ],
        ["The company had a partnership with the town."],
    )  # fmt: skip
    assert _covered("Comfort is from Trần Dương Công ty TNHH MTV", "Trần Dương Công ty TNHH MTV")


def test_hungarian_and_partner_swiss_and_peruvian_forms() -> None:
    _found_and_left_alone(
        [
            ("I work for Nagy és társa Zrt. now.", "Nagy és társa Zrt."),
            ("It later became Lakatos és társa Kkt. in 2019.", "Lakatos és társa Kkt."),
            ("He spent a year at Armijo González E.I.R.L. as an assistant.",
             "Armijo González E.I.R.L."),
        ],
        ["Her partner, Nagy, visited in 2019."],
    )  # fmt: skip


def test_partners_whose_surnames_open_with_particles_are_one_firm() -> None:
    _found_and_left_alone(
        [
            ("The year after, at van der Linden, Boer and Sitters in Cheb.",
             "van der Linden, Boer and Sitters"),
            ("the first verse of her Baudry, Dos Santos and Lacroix resignation letter",
             "Baudry, Dos Santos and Lacroix"),
            ("He spent a year at De Cock, Smet and Simons as an assistant.",
             "De Cock, Smet and Simons"),
            ("recorded for Ó Ladhradha, Mac Cuirc and Mac Crábháin in 1990",
             "Ó Ladhradha, Mac Cuirc and Mac Crábháin"),
        ],
        [],
    )  # fmt: skip


def test_people_listed_with_particles_are_no_firm() -> None:
    assert _organisations("They had 3: Ana, Carla and Maria da Silva.") == []


def test_one_ordinary_word_said_to_be_a_brainchild_a_multinational_or_to_invest() -> None:
    _found_and_left_alone(
        [
            ("Smashed is the brainchild of our 3 founders: Sofia, Lee and Tom.", "Smashed"),
            ("Bypassed is a Swedish multinational investment bank.", "Bypassed"),
            ("During 1984, Goal invested heavily in new designs.", "Goal"),
        ],
        [
            "This is the brainchild of our founders. It is a multinational.",
            "Management invested heavily in staff. Everyone invested heavily.",
        ],
    )


def test_the_long_vietnamese_limited_form_and_the_turkish_tic() -> None:
    _found_and_left_alone(
        [
            ("Dorota Orkisz\nDương Dương Công ty Trách nhiệm hữu hạn\nHanoi",
             "Dương Dương Công ty Trách nhiệm hữu hạn"),
            ("Clients: Anka Fras s.p. and Öcalan Korutürk Tic.", "Öcalan Korutürk Tic."),
        ],
        ["The tic. was noted twice in the session."],
    )  # fmt: skip
