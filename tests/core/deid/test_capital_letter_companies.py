"""Companies written in capitals with their legal form, and companies numbered in a series.

Every company here is invented for these tests.
"""

from __future__ import annotations

import pytest

from sealbook.core.deid.detectors.capital_letter_companies import capital_letter_companies
from sealbook.core.deid.policies import DISGUISE
from sealbook.core.deid.spans import Label
from tests.core.deid.removal import all_removed, labels_over, none_removed

# text, the company it names
MATCH = [
    ("She spent a year at KORVEL CHEMICAL CO.LTD. as an assistant.", "KORVEL CHEMICAL CO.LTD."),
    ("In Canaga, TAVIRO PULP AND PAPER COMPANY LIMITED is a charity.",
     "TAVIRO PULP AND PAPER COMPANY LIMITED"),
    ("I WORKED AT SAKURO OVEL CO., LTD. FOR YEARS", "SAKURO OVEL CO., LTD."),
    ("her SUN-VALE HOLDING CO.LTD. resignation letter", "SUN-VALE HOLDING CO.LTD."),
    ("at B&K TRAVION PLC now", "B&K TRAVION PLC"),
]  # fmt: skip
# text with no company in capitals
NO_MATCH = [
    "WE AND THE INC. were",
    "PLAN: REVIEW IN 2 WEEKS.",
    "RANGE OF MOTION LIMITED ON THE LEFT",
    "Korvel Chemical Co. Ltd. wrote in running text",
]


@pytest.mark.parametrize(("text", "company"), MATCH)
def test_a_company_in_capitals_with_its_form_is_found_whole(text: str, company: str) -> None:
    at = text.index(company)
    assert (at, at + len(company)) in list(capital_letter_companies(text))
    assert all_removed(text, company, DISGUISE)
    assert Label.ORGANIZATION in labels_over(text, company)


@pytest.mark.parametrize("text", NO_MATCH)
def test_capitals_without_a_company_form_are_no_company(text: str) -> None:
    assert list(capital_letter_companies(text)) == []


def test_a_company_numbered_in_a_series_keeps_its_number() -> None:
    for text, company in (
        ("Ravi Orlen of Tavrun Connect Acquisition Corp. I, Ovel Capital Corp.'s CFO",
         "Tavrun Connect Acquisition Corp. I"),
        ("Draventa Growth Opportunities Corp. III is a design agency.",
         "Draventa Growth Opportunities Corp. III"),
        ("Ana Lima of Apolvo Strategic Growth Capital II is the CEO.",
         "Apolvo Strategic Growth Capital II"),
    ):  # fmt: skip
        assert all_removed(text, company, DISGUISE), text


def test_an_initial_after_a_company_is_not_its_number() -> None:
    text = "We met Tavrun Group V. Smith there."
    assert all_removed(text, "Tavrun Group", DISGUISE)
    assert none_removed(text, "V.", DISGUISE) or Label.ORGANIZATION not in labels_over(text, "V.")


def test_a_legal_form_after_a_kind_words_stop_without_a_space_is_part_of_the_name() -> None:
    text = "Ana Lima\nTovira Foods International Co.Ltd.\nAna Lima\n12 Rue de Varo"
    assert all_removed(text, "Tovira Foods International Co.Ltd.", DISGUISE)
    assert labels_over(text, "Co.Ltd.") == {Label.ORGANIZATION}
