"""Names in e-mails, forms, lists, text threads and genograms (issue 13, the messages source).

Synthetic sentences, each showing one mechanism, with the sentence it must leave alone.
"""

from __future__ import annotations

from sealbook.core.deid.engine import analyse
from sealbook.core.deid.spans import NAME_LABELS, Label


def names(text: str) -> list[str]:
    return [text[s.start : s.end] for s in analyse(text) if s.label in NAME_LABELS]


def test_a_signature_after_an_e_mail_closing_with_or_without_a_blank_line() -> None:
    assert "Odalys" in names("See you Friday.\n\nCheers,\nOdalys\n")
    assert "QUILLON BRAVERTH" in names("Thank you.\n\nBest,\n\nQUILLON BRAVERTH\nConsultant\n")
    # Not a signature: a sentence on the next line, or a team of ordinary words.
    assert names("Thanks,\nMonday works for me.\n") == []
    assert names("Best,\nClinic Staff\n") == []


def test_form_labels_that_name_a_role_take_the_name_after_them() -> None:
    text = (
        "PHONE MESSAGE\nFor: Ysolde\nFrom: Davit Qorbanli (brother)\nTaken by: Mirelle Ostva\n"
        "Surname: KEVORSKA\nSupervisor: T. Ganbold\nTo: Lise van Wyk\n"
    )
    found = names(text)
    for name in ("Ysolde", "Davit Qorbanli", "Mirelle Ostva", "KEVORSKA", "T. Ganbold",
                 "Lise van Wyk"):  # fmt: skip
        assert name in found, name
    # The label words themselves are no names, nor an ordinary value after them, an
    # abbreviation, or a word that is in a name list but ordinary ("Unknown", "File").
    assert names("Supervisee: review pending\nFacilitator: the duty worker\nFor: Review\n") == []
    assert names("CC: File\nSupervisor: TBC\nSupervisee: n/a\nFather: Unknown, abroad.\n") == []


def test_agent_nouns_before_a_colon_are_labels_not_speakers() -> None:
    found = names("Facilitator: Maren Olbrecht\nReferrer: Quintessa Vahl\n")
    assert "Facilitator" not in found and "Referrer" not in found
    assert "Maren Olbrecht" in found and "Quintessa Vahl" in found


def test_an_interpreter_language_is_no_name() -> None:
    assert names("Interpreter: yes, Mongolian\nSpeaks Pashto and Farsi at home.\n") == []


def test_names_one_to_a_line_in_a_list_with_a_name_found() -> None:
    text = "Group attendance\nMargarethe Holm\nTuvshin\nB. Oyunbileg\nApologies:\nZhanar\n"
    found = names(text)
    for name in ("Margarethe Holm", "Tuvshin", "B. Oyunbileg", "Zhanar"):
        assert name in found, name
    # A list of ordinary headings or drugs, and a list with no name found, stay clean.
    assert names("Plan\nReview\nFollow up\n") == []
    assert names("Agenda\nSertraline\nQuetiapine\n") == []


def test_a_word_in_no_dictionary_after_an_initial() -> None:
    assert "V. Tharunika" in names("Quick update on V. Tharunika. She is better.")
    assert names("We spoke about plan B. Then we stopped.") == []


def test_a_surname_in_capitals_before_a_comma_and_a_given_name() -> None:
    found = names("RE: KALEVIRO, Imanuela (DOB 3 May 2020)\n")
    assert "KALEVIRO" in found and "Imanuela" in found
    assert names("NOTE, Monday: no change.\nPLAN, Review in two weeks.\n") == []


def test_lower_case_names_in_a_text_thread() -> None:
    text = (
        "Odile: hi is it ok to come at 4\nClinic: Yes, see you then.\n"
        "Odile: teodrin might drive me is that ok?\nClinic: Of course.\n"
        "Odile: ty vashti!! see u then\n"
    )
    found = names(text)
    assert "teodrin" in found and "vashti" in found
    # The same words outside a thread of lower-case messages are no cue.
    assert names("Ty said thanks and we will call. Clinic: open at 9.\n") == []


def test_an_age_after_a_relative_and_their_name() -> None:
    text = "The paternal grandfather, Anselm, is 93 and still farms."
    ages = [text[s.start : s.end] for s in analyse(text) if s.label == Label.AGE_OVER_89]
    assert ages == ["93"]
    plain = "The paternal grandfather, Anselm, is 93 minutes away."
    assert not [s for s in analyse(plain) if s.label == Label.AGE_OVER_89]


def test_letters_of_a_degree_stand_for_a_person_when_signed_or_possessed() -> None:
    signed = "Ilse will bring a recording next week.\nP.T.\n"
    assert "P.T." in names(signed)
    assert "M.S." in names("3. M.S.'s family meeting moved to Friday.")
    # A degree under a name, and a role with an article, stay what they are.
    assert "M.D." not in names("Yours,\nOrlaith Venn\nM.D.\n")
    assert "P.T." not in names("We read the P.T.'s notes together.")


def test_a_relation_label_inside_a_paragraph_takes_the_name_after_it() -> None:
    assert "Ganzorig" in names("Two children live nearby. Mother: Ganzorig, remarried.")
    assert names("Two children live nearby. Mother: remarried, well.") == []


def test_a_list_makes_a_weakly_found_name_strong_enough_to_follow() -> None:
    # "Andriy Hrytsenko" alone is two words in no dictionary (weak evidence); in a list of
    # names one to a line it is a name, so its later mention is followed too.
    text = (
        "Attendance\nAndriy Hrytsenko\nRosaria\nApologies:\nNoelani\n\n"
        "Later. Andriy; quiet again."
    )
    spans = [text[s.start : s.end] for s in analyse(text) if s.label in NAME_LABELS]
    assert spans.count("Andriy") == 1 and "Andriy Hrytsenko" in spans
