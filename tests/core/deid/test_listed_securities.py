"""Companies and funds named as stock lists write them: a share class after a slash,
preferred shares and notes in listing abbreviations, a fund by its last word.

Every company and fund here is invented for these tests.
"""

from __future__ import annotations

import pytest

from sealbook.core.deid.detectors.listed_securities import listing_names
from sealbook.core.deid.policies import DISGUISE
from sealbook.core.deid.spans import Label
from tests.core.deid.removal import all_removed, labels_over, none_removed

# text, the company or fund it names
MATCH = [
    ("The address of VESTAL WIND SYS/ADR is on the quay.", "VESTAL WIND SYS/ADR"),
    ("She works at ORVAN ETFS COMM/3X DAILY LONG TIN now.", "ORVAN ETFS COMM/3X DAILY LONG TIN"),
    ("Ravi of KORV BK DS REP 1/40 SRS D NON CUM PRF's board",
     "KORV BK DS REP 1/40 SRS D NON CUM PRF"),
    ("according to the TAVEL WOHNEN SE/AKT O.N. website", "TAVEL WOHNEN SE/AKT O.N."),
    ("We met at QUOR I.SOL.-E.GL./USD, on the corner.", "QUOR I.SOL.-E.GL./USD"),
    ("I work for BRELL&GEN UCITS/SHS ETF EUR ACCUM", "BRELL&GEN UCITS/SHS ETF EUR ACCUM"),
    ("Lena of KESTA ETF(IR)/SHS CL-DIST GBP is here", "KESTA ETF(IR)/SHS CL-DIST GBP"),
    ("A year at Tavrun Energy Inc. JR SUB NT 52 as a clerk.", "Tavrun Energy Inc. JR SUB NT 52"),
    ("The Ovelia Corporation SR NT 6% 121543 office", "Ovelia Corporation SR NT 6% 121543"),
    ("at Drenna Power Corporation PFD 3.60% as the assistant",
     "Drenna Power Corporation PFD 3.60%"),
    ("Lund of Kaspo Corporation Preferred Shares Series G's team",
     "Kaspo Corporation Preferred Shares Series G"),
    ("I left Halvor Global Income Fund in May.", "Halvor Global Income Fund"),
    ("I used to work for iQuorva 0-5 Year Investment Grade Bond ETF as a clerk.",
     "iQuorva 0-5 Year Investment Grade Bond ETF"),
    ("Gauthier is from Brevo Index Fund", "Brevo Index Fund"),
    ("A year at Tavrun Telecom (Hong Kong) Limited as the assistant.",
     "Tavrun Telecom (Hong Kong) Limited"),
    ("Kesta Holdings Company(Japan)Ltd. is a design agency.", "Kesta Holdings Company(Japan)Ltd."),
    ("She spent a year at KRSA (India) Ltd as a clerk.", "KRSA (India) Ltd"),
    ("Pohjonen of The Kesta Kyoritsu BankLtd.'s board", "The Kesta Kyoritsu BankLtd."),
    ("recorded for MOS TAVRO SERVICESINC. became", "MOS TAVRO SERVICESINC."),
    ("Orvan Steel Mfg.Co.Ltd. / 622 Via Vigizzi", "Orvan Steel Mfg.Co.Ltd."),
    ("recorded for Kozovo Co.LTD. became", "Kozovo Co.LTD."),
    ("Tavrun Arkansas Inc. 1MTG BD 52 songwriter", "Tavrun Arkansas Inc. 1MTG BD 52"),
    ("I work for Kesta Mortgage Corp. Class A", "Kesta Mortgage Corp. Class A"),
    ("TVO Orvatronics Ltd (Merged) is a Dutch bank.", "TVO Orvatronics Ltd (Merged)"),
    ("Lena / Leverage Shares 2x Kestabucks ETC A / 12 Elm Row",
     "Leverage Shares 2x Kestabucks ETC A"),
    ("Ivo Moretti of SG Tavril x5 GBP Daily Short's board", "SG Tavril x5 GBP Daily Short"),
    ("EL VORANO ENERGY CAPITL 4.75% CNV PRF", "EL VORANO ENERGY CAPITL 4.75% CNV PRF"),
]  # fmt: skip
# text with no listed company or fund in it
NO_MATCH = [
    "PMH/SH/FH: reviewed. DEP/ANX screen negative.",
    "HIV/AIDS REVIEW IN 2 WEEKS.",
    "Started Wellbutrin SR and Bactrim DS today.",
    "MEDS/ALLERGIES: NKDA.",
    "The Pension Fund paid her a lump sum.",
    "She applied to the Hardship Fund.",
    "Acme Inc. Sarah Lund called.",
    "N/A",
    "Seen at Northfield (Main) Clinic today.",
    "Mood (Low) Limited insight.",
    "Range of motion limited. Ltd. Good.",
    "Took 1 TAB BD/PRN for pain.",
    "Sertraline 50mg X2 Daily As Needed.",
    "Paid 3x GBP Fees Today.",
]


@pytest.mark.parametrize(("text", "company"), MATCH)
def test_a_listed_company_or_fund_is_found_whole(text: str, company: str) -> None:
    assert all_removed(text, company, DISGUISE)
    assert {Label.ORGANIZATION, Label.EMPLOYER} & labels_over(text, company)


@pytest.mark.parametrize("text", NO_MATCH)
def test_clinical_abbreviations_and_generic_funds_are_no_listing(text: str) -> None:
    assert list(listing_names(text)) == []


def test_a_glued_form_begins_the_name_after_a_sentences_small_word() -> None:
    text = "At Kesta BankLtd. now"
    assert list(listing_names(text)) == [(3, text.index(" now"))]


def test_a_person_of_a_fund_is_no_part_of_it() -> None:
    text = "Sini Lund of Kesta Holdings Inc.'s, Kuba Kozłowski of Daiwo ETF FTSE Index, and"
    assert [text[a:b] for a, b in listing_names(text)] == ["Daiwo ETF"]
    assert all_removed(text, "Kuba Kozłowski")


def test_the_sentence_after_a_listing_is_left() -> None:
    text = "The address of VESTAL WIND SYS/ADR is on the quay."
    assert none_removed(text, "is on the quay", DISGUISE)
