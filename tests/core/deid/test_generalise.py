"""Issue 13: mechanisms that make de-identification hold on text it has never seen.

Every sentence here is written for these tests (synthetic names and places).
"""

from __future__ import annotations

from sealbook.core.deid import Packet, analyse
from sealbook.core.deid import packet as packet_module
from sealbook.core.deid.lexicon import SNAPSHOT, build_snapshot, source_key

SECRET = b"s" * 32


def _found(text: str) -> list[str]:
    return [text[s.start : s.end] for s in analyse(text)]


# --- one analysis per text -------------------------------------------------------------


def test_the_shipped_word_list_snapshot_is_built_from_the_present_sources() -> None:
    import importlib.resources
    import marshal

    folder = importlib.resources.files("sealbook.core.deid").joinpath("data")
    shipped = marshal.loads(folder.joinpath(SNAPSHOT).read_bytes())  # noqa: S302
    assert shipped["source_key"] == source_key()
    fresh = marshal.loads(build_snapshot())  # noqa: S302
    assert shipped == fresh  # rebuild: python -m sealbook.core.deid.lexicon


def test_deidentify_analyses_its_input_once_when_no_replacement_is_glued(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    from sealbook.core.deid.engine import analyse as real

    def counting(text: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(packet_module, "analyse", counting)
    out = Packet("safe-harbor", "redact", secret=SECRET).deidentify(
        "Dr. Velmora Quist saw her on 3/4/2025 at 12 Alder Lane."
    )
    assert "Velmora" not in out.text and "3/4/2025" not in out.text
    assert len(calls) == 1


def test_a_replacement_glued_to_a_word_is_checked_again_in_a_small_window() -> None:
    far = " word" * 20
    text = f"{far} [NAME]son{far}"
    at = text.index("[")
    ((lo, hi),) = packet_module._glued_windows(text, [(at, at + 6)])
    assert lo < at and hi > at + 9 and hi - lo < 2 * packet_module.GLUE_CONTEXT + 20
    assert text[lo - 1] == " " and text[hi] == " "
    assert packet_module._glued_windows(f"{far} [NAME] son", [(at, at + 6)]) == []


def test_a_placeholder_is_never_an_identifier() -> None:
    assert _found("Seen by [NAME] from [IP] on [DATE].") == []


# --- speech stays clean ----------------------------------------------------------------


def _labels(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label.value) for s in analyse(text)]


def test_discourse_markers_back_channels_and_interjections_are_never_names() -> None:
    text = (
        "COUNSELOR: Alright, tell me more.\nPARTICIPANT: Um, okay. So, I guess.\n"
        "COUNSELOR: Mhm.\nPARTICIPANT: Like, honestly, yeah.\nCOUNSELOR: Uh-huh. Well, see, "
        "that matters.\nPARTICIPANT: Hmm? Nah."
    )
    assert _found(text) == []


def test_a_speaker_label_with_a_field_word_is_a_turn_not_a_name_field() -> None:
    assert _found("Client: Yeah, I think so.\nClient: I- I don't know.") == []


def test_greetings_of_other_languages_are_not_names_or_towns() -> None:
    assert _found("Ciao, come in. Merhaba, sit down. Ni hao, welcome back. Bonjour.") == []


def test_a_greeting_after_a_speakers_role_label_is_the_turn_not_a_name() -> None:
    assert _found("CLIENT: Yes.\nTHERAPIST: Kia ora, come on in.") == []
    assert _found("From: Kia Moana\nTo: intake") == ["Kia Moana"]


def test_a_name_on_weak_evidence_alone_is_not_spread() -> None:
    # "Qorvex" is read as a name once, mid-sentence, on its shape alone: its other
    # capitalised mention opening a sentence stays as it is.
    text = "We talked about Qorvex at length.\n\nQorvex. It came up again."
    spans = analyse(text)
    assert [s.detector for s in spans] == ["person_name"]
    assert spans[0].score < 0.7


def test_a_name_found_twice_on_weak_evidence_is_spread() -> None:
    text = "We talked about Qorvex at length. Later Qorvex left.\n\nqorvex texted."
    assert [w for w, _ in _labels(text)] == ["Qorvex", "Qorvex", "qorvex"]


def test_a_relation_cue_does_not_reach_across_a_line_break() -> None:
    assert _found("I was holding my nephew and-\n\nMm-hmm. Right.") == []
    assert _found("her cousin\nDelphine Arroway") == ["Delphine Arroway"]  # the name itself


def test_names_are_carried_to_the_next_document_only_on_strong_evidence() -> None:
    packet = Packet("safe-harbor", "redact", secret=SECRET)
    packet.deidentify("We talked about Qorvex at length. Her brother Tobiah came.")
    assert "tobiah" in packet._names and "qorvex" not in packet._names


def test_drug_names_plural_weekdays_contractions_credentials_are_not_names() -> None:
    text = (
        "He was moved from Sertraline to Wellbutrin. Trazodone helps at night. "
        "Wednesdays are hard. I'll try, we've tried. The referral came from an EdD and a PsyD."
    )
    assert _found(text) == []


def test_a_decade_of_history_is_no_age_but_a_persons_nineties_are() -> None:
    assert _found("Back in the 90s the town was smaller.") == []
    assert _found("Her aunt is in her late 90s.") == ["in her late 90s"]


def test_ordinary_words_after_a_place_cue_are_no_town() -> None:
    assert _found("Her son goes to Head Start and has Type II diabetes.") == []


def test_a_short_acronym_is_no_surname() -> None:
    assert _found("The IP was logged; the OT and the ER were told.") == []


def test_a_british_spelling_is_an_ordinary_word() -> None:
    assert _found("Behavioural experiments tested the prediction.") == []


# --- misses on unseen notes -------------------------------------------------------------


def test_an_age_over_89_after_a_relative() -> None:
    assert _labels("Her great-aunt (96) fell. My grandpa's 91, he said.") == [
        ("96", "AGE_OVER_89"), ("91", "AGE_OVER_89"),
    ]  # fmt: skip
    assert _found("Her son (92 kg) is well.") == []


def test_a_town_at_the_start_of_a_clubs_name_is_a_city() -> None:
    labels = _labels("She rows with the Dunedin Rowing Club.")
    assert ("Dunedin", "CITY") in labels


def test_lone_given_names_of_many_traditions() -> None:
    for text, name in [
        ("Wojciech mentioned the move.", "Wojciech"),
        ("Session with Nguyệt, as planned.", "Nguyệt"),
        ("Emergency contact: Oyelaran Adeyemi", "Oyelaran Adeyemi"),
        ("Sincerely,\nT. Halvorsen, LCSW", "T. Halvorsen"),
        ("Thandeka keeps missing the bus.", "Thandeka"),
    ]:
        assert name in _found(text), text


def test_a_speakers_name_before_a_colon_on_two_lines() -> None:
    text = "Ji-ho: I slept badly.\nT: Tell me more.\nJi-ho: It was loud."
    assert _found(text).count("Ji-ho") == 2


def test_lower_case_names_in_a_quoted_message() -> None:
    text = 'The text read: "i told marisol we would be late, ezinne pls call me".'
    assert _found(text) == ["marisol", "ezinne"]


def test_a_month_name_before_a_surname_is_a_name_and_followed_later() -> None:
    text = "I saw April Hartwell today. April was calm. In April we meet again."
    assert _found(text) == ["April Hartwell", "April"]


def test_a_month_name_before_a_surname_written_with_diacritics_is_a_name() -> None:
    # The surname list holds "nemecek" without its accents; the date stays a date.
    assert _found("Follow up with Jan Němeček next week.") == ["Jan Němeček"]
    assert _found("Seen on Jan 4, 2024 by Dr. Němeček.") == ["Jan 4, 2024", "Němeček"]


def test_a_months_short_form_before_a_surname_is_a_given_name() -> None:
    assert _found("A letter in support of Jun Okafor's application.") == ["Jun Okafor"]
    assert _found("Next review Jun 12; Dr. Okafor to attend.") == ["Jun 12", "Okafor"]
    assert _found("The Dec Report is due.") == []


def test_particles_stay_inside_the_name() -> None:
    assert _found("Dear Dr. van der Waals,") == ["van der Waals"]
    assert "Ramón dela Peña" in _found("I met Ramón dela Peña.")


def test_initials_with_non_ascii_letters_and_those_that_look_like_degrees_in_a_list() -> None:
    assert _found("Present: Ö.Ç., M.D. and J.K.") == ["Ö.Ç.", "M.D.", "J.K."]
    assert _found("She holds an M.S. in nursing.") == []


def test_a_law_firm_is_one_organisation() -> None:
    assert _labels("His attorneys, Marsh, Pike and Hollis, wrote.") == [
        ("Marsh, Pike and Hollis", "ORGANIZATION")
    ]


def test_organisations_with_a_legal_suffix() -> None:
    assert ("Ferncroft Holdings PLC", "ORGANIZATION") in _labels(
        "The client left Ferncroft Holdings PLC in May."
    )


def test_an_organisation_or_street_does_not_cross_a_line_break() -> None:
    text = "Kind regards,\nMarguerite Obi\nSchool counsellor\n\n12 May 2024\n\nDear Dr. Yu,"
    labels = _labels(text)
    assert ("Marguerite Obi", "NAME") in labels
    assert all(label not in ("SCHOOL", "ADDRESS") for _, label in labels)


# --- the roster -------------------------------------------------------------------------

from sealbook.core.deid import Roster, RosterClient, RosterContact  # noqa: E402

_ROSTER = Roster(
    (
        RosterClient("10000000-0000-4000-8000-000000000001", names=("Patience Orley",),
                     nicknames=("Skip",), addresses=("77 Birchwood Road, Keene, NH",)),
        RosterClient("10000000-0000-4000-8000-000000000002", names=("Faith Dunmore",),
                     contacts=(RosterContact(names=("Carrie Vance",)),)),
    )
).compile()  # fmt: skip


def _roster_hits(text: str) -> list[str]:
    return [text[s.start : s.end] for s in analyse(text, _ROSTER) if s.client_refs]


def test_a_roster_word_name_opening_a_sentence_needs_a_verb_of_a_person() -> None:
    assert _roster_hits("Faith said she would call.") == ["Faith"]
    assert _roster_hits("Faith is central to the plan.") == []
    assert _roster_hits("Faith healing came up.") == []
    assert _roster_hits("Patience, can you hear me?") == ["Patience"]


def test_a_lower_case_nickname_opening_a_sentence_before_a_verb() -> None:
    assert _roster_hits("skip texted me twice.") == ["skip"]
    assert _roster_hits("skip the second page.") == []


def test_a_clients_street_without_its_number() -> None:
    assert _roster_hits("She walks along Birchwood Rd daily.") == ["Birchwood Rd"]


def test_a_commoner_spelling_of_a_contacts_name_is_someone_else() -> None:
    assert _roster_hits("Carrie called.") == ["Carrie"]
    assert _roster_hits("Kerrie called.") == []  # more common? then another person


# --- dates in speech ----------------------------------------------------------------------


def test_a_month_and_day_after_a_copula_is_a_date_but_a_score_is_not() -> None:
    assert _labels("Okay, so our next one is 4/9, right?") == [("4/9", "DATE")]
    assert _labels("Hm, it was 11/23, just before the holiday.") == [("11/23", "DATE")]
    assert _found("Her worry is 6/10 today and sleep was 3/4 of normal.") == []


def test_a_day_of_the_month_alone_ending_its_clause_is_a_date() -> None:
    assert _labels("We can pick it up on the 17th.") == [("the 17th", "DATE")]
    assert _labels("It was the 2nd, I think, or since the 9th and then it eased.") == [
        ("the 2nd", "DATE"), ("the 9th", "DATE")
    ]  # fmt: skip
    assert _found("Her office is on the 4th floor; the 3rd attempt worked.") == []
    assert _found("The 21st went well.") == []  # no cue before it


# --- names of many shapes -----------------------------------------------------------------


def test_a_hyphenated_given_name_is_a_name_though_its_first_part_is_a_word() -> None:
    text = "I met Do-hyeok Pyun today. Do-hyeok is calm. So-yeon and Sung-bin came later."
    assert _found(text) == ["Do-hyeok Pyun", "Do-hyeok", "So-yeon", "Sung-bin"]


def test_hyphenated_ordinary_words_are_not_names() -> None:
    text = "Check-in went well. Follow-up due. Self-care matters. Re-eval soon. Long-term aims."
    assert _found(text) == []


def test_a_given_name_that_is_a_town_before_a_surname_and_a_verb_is_a_person() -> None:
    # "Orlando" is a town; "Mackenzie" ends a pair before a verb; particles stay inside.
    assert _labels("Orlando Vexbridge has attended every session.") == [
        ("Orlando Vexbridge", "NAME")
    ]
    found = analyse("Ilha de Quintais reported better sleep.")
    assert (
        "".join("Ilha de Quintais reported"[s.start : s.end] for s in found).replace(" ", "")
        == "IlhadeQuintais"
    )
    # An ordinary word opening the sentence keeps a programme or a place clean.
    assert _found("Early Start began in May. Salt Lake is cold. Head Start said no.") == []


def test_a_listed_name_written_with_diacritics_is_found_as_the_list_has_it_without() -> None:
    # The name lists hold "Renee" and "Muller"; the note writes them with accents.
    assert _labels("Present: Renée, Quorvath and the facilitator.") == [
        ("Renée", "NAME"), ("Quorvath", "NAME")
    ]  # fmt: skip
    assert _labels("I met Renée Müller yesterday.") == [("Renée Müller", "NAME")]


def test_an_unknown_word_opening_a_sentence_with_a_relative_after_it_is_a_person() -> None:
    assert _labels("Zorvenka's mother called twice.") == [("Zorvenka", "NAME")]
    assert _labels("Quillavar and her brother came in.") == [("Quillavar", "NAME")]
    # A condition named after its finder is no person.
    assert _found("Parkinson's disease and Bell's palsy were ruled out.") == []


def test_a_given_name_that_is_an_ordinary_word_opens_a_name_before_an_unknown_surname() -> None:
    assert _labels("Dieter Quorvath said the week was hard.") == [("Dieter Quorvath", "NAME")]


def test_a_town_in_no_list_opening_a_clubs_name_or_after_university_of_is_a_city() -> None:
    assert ("Quorvale", "CITY") in _labels("Where: Quorvale Country Club.")
    assert ("VESTRAHOLM", "CITY") in _labels("He rows with the VESTRAHOLM Rowing Club.")
    assert ("Zelnavik", "CITY") in _labels("She studied at the University of Zelnavik.")
    # A state, a person or ordinary words keep the school or club whole.
    for text in (
        "She studied at the University of Michigan.",
        "He joined the Lincoln Park Rowing Club.",
    ):
        assert all(label != "CITY" for _, label in _labels(text)), text


def test_a_signature_of_an_initial_that_is_also_a_word_and_a_particle_surname() -> None:
    assert _labels("Yours sincerely,\nK. ten Quorvath") == [("K. ten Quorvath", "NAME")]
    assert ("de Quorvath", "NAME") in _labels("Referral for de Quorvath, Aroha.")


def test_a_hyphenated_lower_case_name_in_a_text_message() -> None:
    text = 'Her friend wrote: "i told hye-won we would come"'
    assert ("hye-won", "NAME") in _labels(text)
    assert _found('A text: "thanks from the follow-up team"') == []


def test_a_firm_named_after_its_partners_is_one_span_without_a_cue() -> None:
    for text, firm in (
        (
            "She spent a year at Okafor, Brandt and Vasquez as a clerk.",
            "Okafor, Brandt and Vasquez",
        ),
        ("Okafor, Brandt and Vasquez is a design agency.", "Okafor, Brandt and Vasquez"),
    ):
        assert (firm, "NAME") in _labels(text), text
    # People listed by given name stay apart; a list of ordinary words is nothing.
    assert ("Siobhan", "NAME") in _labels("Present: Siobhan, Maeve and Tom were there.")
    assert _found("We discussed anxiety, sleep and mood.") == []


def test_a_person_of_an_organisation_is_not_inside_the_organisations_name() -> None:
    text = "The award went to Zorvenka Quillavar of Brandtmoor Inc. last year."
    assert ("Zorvenka Quillavar", "NAME") in _labels(text)
    assert ("Brandtmoor Inc.", "ORGANIZATION") in _labels(text)
    assert ("Bank of Montreal Group", "EMPLOYER") in _labels(
        "She works for the Bank of Montreal Group."
    )


def test_ordinary_words_ending_in_a_settlement_word_after_a_place_cue_are_a_town() -> None:
    assert ("Mill Village", "CITY") in _labels("We drove back to Mill Village on foot.")
    assert ("QUORVIK TOWN", "CITY") in _labels("She studied at the University of QUORVIK TOWN.")
    assert _found("He goes to Head Start on Mondays.") == []


def test_a_name_written_surname_first_before_a_verb_and_a_word_pair_before_is() -> None:
    assert _labels("Fang Zhao attended today.") == [("Fang Zhao", "NAME")]
    assert _found("Early Start began in May. Salt Lake is cold.") == []


def test_hyphenated_interjections_reduplications_and_clipped_words_are_not_names() -> None:
    text = "C: Ah-ha! Tsk-tsk. Hip-hop, ping-pong. T: Wi-fi was down. C: Sci-fi."
    assert _found(text) == []


def test_the_person_a_quotation_is_attributed_to_is_a_name() -> None:
    assert ("Du Quorvane", "NAME") in _labels('"We are ready for it," says Du Quorvane.')
    assert _found('"It is fine," said Mom.') == []


def test_a_surrogate_joined_by_a_hyphen_to_a_letter_leaves_no_new_name() -> None:
    # Found by the property test: "COLL A0-AA" is a name, "-A" stays, and the surrogate
    # and "-A" read as a new hyphenated name unless the join is checked again.
    for secret in (b"k" * 32, b"s" * 32):
        for text in ("COLL A0-AA-A", "COLL A0-aq-A"):
            packet = Packet("safe-harbor", "pseudonym", secret=secret)
            out = packet.deidentify(text).text
            assert packet.new_findings(out) == [], (text, out)


def test_a_placeholder_makes_no_line_of_capitals_and_a_code_begins_no_name() -> None:
    # "CY" before "[NAME]": a placeholder is no capitalised word, so "CY" stays an acronym.
    assert _found("CY [NAME] came.") == []
    assert _labels("Room A0 Quorvath said so.") == [("Quorvath", "NAME")]


def test_a_surrogate_read_with_the_unflagged_words_beside_it_is_not_new() -> None:
    packet = Packet("safe-harbor", "pseudonym", secret=SECRET)
    out = packet.deidentify("Ba Jb Mi").text
    assert "Jb" not in out
    assert packet.new_findings(out) == []
