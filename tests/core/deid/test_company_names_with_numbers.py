"""Issue 13, eleventh session: a company whose name holds a number ("Network 18 Media &
Investments Ltd", "7C Solarparken AG") keeps its words before the number. Found on a fresh
probe of presidio-evaluator's generator (seeds 3101-3106). Every firm here is made up.
"""

from __future__ import annotations

import pytest

from sealbook.core.deid import analyse


def _organisations(text: str) -> list[str]:
    return [
        text[s.start : s.end] for s in analyse(text) if s.label.name in ("ORGANIZATION", "EMPLOYER")
    ]


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("In her Network 18 Media & Investments Ltd resignation letter.",
         "Network 18 Media & Investments Ltd"),
        ("He spent a year at 7C Solarparken AG as an assistant.", "7C Solarparken AG"),
        ("She bought 3D Quorvane GmbH shares.", "3D Quorvane GmbH"),
        ("Network 18 Media & Investments Ltd hired him.", "Network 18 Media & Investments Ltd"),
    ],
)  # fmt: skip
def test_a_companys_name_keeps_its_number_and_the_words_before_it(text: str, firm: str) -> None:
    assert firm in _organisations(text)


def test_a_weight_in_kilograms_is_no_company() -> None:
    assert _organisations("She weighed 70 KG at intake.") == []


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("including Jared Bisliev of loglyInc., and others", "loglyInc."),
        ("The Bank of IwateLtd. is a design agency.", "The Bank of IwateLtd."),
        ("and THE SHIZUOKA BANKLTD.'s Jessica Kaczmarek.", "THE SHIZUOKA BANKLTD."),
    ],
)
def test_a_legal_form_written_onto_the_names_last_word_is_a_company(text: str, firm: str) -> None:
    assert firm in _organisations(text)


def test_a_word_ending_in_inc_in_lower_case_is_no_company() -> None:
    assert _organisations("She takes zinc. He had a distinc. look.") == []


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("According to the Quorvane de Mexico S.A.B. de C.V. website.", "S.A.B. de C.V."),
        ("Grupo Quorvane del Sureste S. A. B. de C. V. employs many.",
         "Grupo Quorvane del Sureste S. A. B. de C. V."),
        ("Favian is from RCM Beteiligungs Aktiengesellschaft",
         "RCM Beteiligungs Aktiengesellschaft"),
        ("He joined Vessar Société Anonyme.", "Vessar Société Anonyme"),
    ],
)  # fmt: skip
def test_a_legal_form_written_out_in_full_or_mexicos_names_a_company(text: str, firm: str) -> None:
    assert any(firm in found for found in _organisations(text))


def test_a_name_the_sentence_calls_a_501c3_is_an_organisation() -> None:
    text = "Celebrating its 10th year, Way Better Patents is a 501(c)3 that helps carers."
    assert "Way Better Patents" in _organisations(text)


def test_it_is_a_501c3_names_no_organisation() -> None:
    assert _organisations("It is a 501(c)(3) organisation.") == []


@pytest.mark.parametrize(
    ("text", "firm"),
    [("Nusi Siposs\nzooplus AG\nNusi Siposs", "zooplus AG"), ("Then m4e AG hired her.", "m4e AG")],
)
def test_a_brand_in_lower_case_before_a_form_in_capitals_is_a_company(text: str, firm: str) -> None:
    assert firm in _organisations(text)


def test_a_town_in_lower_case_before_a_provinces_code_is_no_company() -> None:
    assert _organisations("He lives in calgary AB now.") == []
