"""Issue 13, seventh round: organisations told by what the sentence says of them.

Each clue is tested on a sentence it must find and one it must leave alone. Every firm,
person and place here is invented for these tests.
"""

from __future__ import annotations

from sealbook.core.deid import analyse
from sealbook.core.deid.policies import DISGUISE, SAFE_HARBOR, Policy

_ORGANISATION_LABELS = ("ORGANIZATION", "EMPLOYER")


def _covered(text: str, part: str, policy: Policy = DISGUISE) -> bool:
    """Are all the letters and digits of `part` inside spans `policy` removes?"""
    at = text.index(part)
    removed = {i for s in analyse(text) if s.label in policy.labels for i in range(s.start, s.end)}
    return all(i in removed for i in range(at, at + len(part)) if text[i].isalnum())


def _organisations(text: str) -> list[str]:
    return [text[s.start : s.end] for s in analyse(text) if s.label.value in _ORGANISATION_LABELS]


def _found_and_left_alone(found: list[tuple[str, str]], clean: list[str]) -> None:
    """Each (sentence, organisation) has the organisation removed; each clean sentence has
    no organisation found in it."""
    for text, org in found:
        assert _covered(text, org), text
    for text in clean:
        assert _organisations(text) == [], text


def test_the_subject_of_what_only_an_organisation_does_is_one() -> None:
    _found_and_left_alone(
        [
            ("Collective Quay is the brainchild of two nurses.", "Collective Quay"),
            ("Harbor Mint is headquartered in a converted mill.", "Harbor Mint"),
            ("Bright Path was founded in 1998.", "Bright Path"),
            ("Open Field's shareholders met in May.", "Open Field"),
            ("Open Field's headquarters are by the river.", "Open Field"),
            ("Last year Velmorra acquired a smaller rival.", "Velmorra"),
            ("Brass Bell invested heavily in new machines.", "Brass Bell"),
            ("Deep Well laid off half its staff.", "Deep Well"),
            ("Green Cove employs three hundred people.", "Green Cove"),
        ],
        [
            "Management announced cuts to the service.",  # one ordinary word opening a sentence
            "Mum hired a lawyer after the divorce.",  # a relative
            "Human Resources hired two nurses.",  # a generic department
            "Occupational Health hired a new doctor.",
            "Therapy was founded on trust, she said.",
            "Dad announced he was moving out.",
            "The Board announced new rules.",
        ],
    )


def test_an_organisation_before_its_site_or_after_the_address_of_is_one() -> None:
    _found_and_left_alone(
        [
            ("The Mint office is at 12 Quarry Row.", "Mint"),
            ("The Kestrel website lists the prices.", "Kestrel"),
            ("Please contact the Glass Door team for details.", "Glass Door"),
            ("The address of Compliance And Risks is 4 Mill Lane.", "Compliance And Risks"),
            ("The headquarters of Tarrowby are by the docks.", "Tarrowby"),
        ],
        [
            "Please call the Finance office about the bill.",  # a department
            "The Head Office is closed on Monday.",  # a site's own name, in capitals
            "The Crisis team visited on Tuesday.",  # one ordinary word before a team
            "She visited the Regional office.",
        ],
    )


def test_a_firm_in_apposition_to_its_relation_is_one() -> None:
    text = "His business partner left. Ostravel, his biggest client, has cancelled its contract."
    assert _organisations(text) == ["Ostravel"]
    text = "Quillfeather, her employer, refused the request."
    assert ("Quillfeather", "EMPLOYER") in [(text[s.start : s.end], s.label.value)
                                           for s in analyse(text)]  # fmt: skip
    assert _covered(text, "Quillfeather", SAFE_HARBOR)  # an employer goes under Safe Harbor
    for text in (
        "Sunday, her favourite day, was quiet.",
        "Social Services, her biggest worry, called again.",
        "Yesterday, our client, a teacher, arrived late.",
    ):
        assert _organisations(text) == [], text


def test_a_firm_after_a_job_and_at_is_the_employer() -> None:
    _found_and_left_alone(
        [
            ("2013-2025: line cook at Orrin Technologies", "Orrin Technologies"),
            ("She is a barista at Blue Spoon on weekends.", "Blue Spoon"),
            ("He has a role with Fable Works now.", "Fable Works"),
        ],
        [
            "She is a nurse at the local hospital.",
            "He is a driver with 8 years of experience.",
            "A salesperson with 8+ years of experience.",
        ],
    )


def test_a_line_of_a_letters_head_above_re_or_dear_is_the_sender() -> None:
    text = "Payroll\nPellacourt\n\nRe: Samira Haddad, sales assistant\n\nThank you."
    assert _organisations(text) == ["Pellacourt"]
    text = "Private and Confidential\n\nDear Ms Haddad,\nThank you."
    assert _organisations(text) == []


def test_the_items_of_a_list_of_names_found_are_found_with_it() -> None:
    text = "Its clients: Quorvex, Reed Tallis and T Marrow Price. Then more."
    assert _covered(text, "T Marrow Price"), text
    text = "Our partners include Tovantis, Glimmer and Sable Works."
    assert _covered(text, "Glimmer"), text
    # A town and a region in an address are no list of firms.
    text = "She lives at 12 Olive Street, Pughmore, NH 06886. Best contact is email."
    assert _organisations(text) == []
    assert _organisations("She saw Dana, Tom and Mum on Sunday.") == []


def test_a_name_cut_at_the_window_of_an_earlier_kind_word_is_found_whole() -> None:
    # The kind word of the line above ("Haulage") found "CT Tech" in its window, cut at
    # the window's end; a name must hold its own kind word.
    text = "2010-2013: driver, Old Mill Haulage (Ennis)\n2013-2025: line cook at CT Technologies\n"
    assert "CT Technologies" in _organisations(text)


def test_the_owner_of_its_staff_or_mission_is_the_name_before_it() -> None:
    text = "Looking to support Quorvane Data Explorer in Tarrow 840 24 in its mission to grow."
    assert _covered(text, "Quorvane Data Explorer"), text
    assert _covered("Velmorra cut its workforce by half.", "Velmorra")
    for text in (
        "She moved to Leeds for its schools.",
        "Our Manager praised its staff.",
        "Kate praised the ward for its staff.",
    ):
        assert "ORGANIZATION" not in [s.label.value for s in analyse(text)
                                      if s.detector == "organisation"], text  # fmt: skip


def test_the_small_words_between_names_found_are_no_organisation() -> None:
    text = "We honour Ana Holm of Velmorra Labs, Tom Reyes of Quarnwick, and Bo Li of Ostrelle."
    flagged = [text[s.start : s.end] for s in analyse(text)]
    assert " of " not in flagged and "of" not in flagged


def test_more_of_what_only_an_organisation_does_or_has() -> None:
    _found_and_left_alone(
        [
            ("Contact Blue Pebble customer service for a refund.", "Blue Pebble"),
            ("A Velmorra spokesperson declined to comment.", "Velmorra"),
            ("She is the president of Quiet Harbor.", "Quiet Harbor"),
            ("Glass Arrow filed for bankruptcy in 2009.", "Glass Arrow"),
            ("Kettle Works went public in 1999.", "Kettle Works"),
            ("Lantern Road has offices in three towns.", "Lantern Road"),
            ("He is a cook at Mint.", "Mint"),
            ("We met at Kestrel headquarters.", "Kestrel"),
        ],
        [
            "She is the head of Year 9.",
            "He is a teacher at Christmas and Easter.",
            "Her manager at Easter was kind.",
            "A Polish employee translated.",
            "The director of Nursing approved it.",
            "Stop the worker with SIGTERM first.",
            "Copyright 2000, 2001, 2007 and 2008.",
            "Our office is at 51 Elm Street, Fifth Floor, Boston MA 02110.",
        ],
    )


def test_the_clues_in_a_text_written_all_in_lower_case_need_a_word_in_no_dictionary() -> None:
    _found_and_left_alone(
        [
            ("collective quorv is the brainchild of two nurses.", "collective quorv"),
            ("the address of quorvane risks is 12 elm street.", "quorvane risks"),
        ],
        [
            "the whole plan is the brainchild of my mum.",
            "we think the plan was founded on trust.",
        ],
    )


def test_the_name_above_an_address_behind_a_quotes_marker_is_an_organisation() -> None:
    text = "??? kofi mensah\n??? quiet harbour care\n??? 688 rue du centre 320\n??? apt. 169\n"
    assert _covered(text, "quiet harbour care"), text


def test_what_only_an_organisation_is_the_object_of_or_says_in_a_statement() -> None:
    _found_and_left_alone(
        [
            ("Blue Harbor is a German multinational bank.", "Blue Harbor"),
            ("Silver Fern said in a statement that it would close.", "Silver Fern"),
            ("She has an account with Northern Rock Savings.", "Northern Rock Savings"),
            ("He donated to Open Hands last year.", "Open Hands"),
            ("We ordered it from Paper Moon.", "Paper Moon"),
            ("Customers of Tall Tree complained.", "Tall Tree"),
            ("Copper Lane's founder spoke first.", "Copper Lane"),
        ],
        [
            "He donated to Mum and Dad.",
            "The Board said in a statement that it would meet.",
            "Dad's spokesperson, Mum, said no.",
            "She has an account with her bank.",
        ],
    )


def test_a_firm_greeted_called_from_chosen_or_holding_an_account() -> None:
    _found_and_left_alone(
        [
            ("I'm calling from Bright Meadow about your order.", "Bright Meadow"),
            ("Welcome to Harbour Lights!", "Harbour Lights"),
            ("Thank you for choosing Sky Anchor.", "Sky Anchor"),
            ("Please log in to your Velmora account.", "Velmora"),
            ("Green Arch is located at 12 Elm Street.", "Green Arch"),
            ("Iron Gate was established in 1950.", "Iron Gate"),
            ("She is an employee of Quiet Pine.", "Quiet Pine"),
        ],
        [
            "Welcome to the group, everyone.",
            "Welcome to Monday's session.",
            "Please check your Christmas order.",
            "Trust was established in session two.",
            "Thank you for choosing Therapy.",
        ],
    )


def test_a_firm_a_person_is_from_or_ones_bank_named_after_it() -> None:
    _found_and_left_alone(
        [
            ("Stefanie Brandt from Quiet Harbor Labs is the keynote speaker.", "Quiet Harbor Labs"),
            ("Dana Okafor from Silver Birch gave the talk.", "Silver Birch"),
            ("I moved my savings to my bank, Mint, last year.", "Mint"),
            ("Her insurer, Blue Shield Mutual, refused.", "Blue Shield Mutual"),
            ("He is the CEO at Open Road.", "Open Road"),
        ],
        [
            "Dana Okafor from Work called.",
            "Kate from Accounts rang.",
            "My bank, the one in town, closed.",
            "My landlord, Mr Hale, called.",
        ],
    )


def test_an_oxford_comma_before_and_does_not_hide_the_item_before() -> None:
    text = "Clients: Velmorra, T Marrow Price, and Reed Tallis."
    assert _covered(text, "T Marrow Price"), text
