"""The engine finds names in the forms therapy notes use, and every later mention."""

from __future__ import annotations

import ast
import gc
import itertools
import threading
from pathlib import Path

import pytest

from sealbook.core.deid import Label, Roster, RosterClient, analyse, datetext, leak_check, tokens
from sealbook.core.deid.detectors import names, zip_codes

CLIENT = "3d9b7c1e-1111-4111-8111-000000000001"


def found(text: str, roster: Roster | None = None) -> list[tuple[str, Label]]:
    compiled = roster.compile() if roster else None
    return [(text[s.start : s.end], s.label) for s in analyse(text, compiled)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Session with kate today.", "kate"),
        ("KATE arrived late.", "KATE"),
        ("Kate's mother called.", "Kate"),
        ("J.M. reported nightmares.", "J.M."),
        ("She argued with her sister Dana.", "Dana"),
        ("My boss Ray keeps yelling.", "Ray"),
        ("Mr. Oyelaran was calm.", "Oyelaran"),
    ],
)
def test_names_are_found_in_every_form(text: str, name: str) -> None:
    assert name in [t for t, label in found(text) if label in (Label.NAME, Label.RELATIVE)]


# Words that open an instruction in a note; none is a frequent given name.
IMPERATIVES = ("Call", "Ask", "Tell", "Email", "Text", "Meet", "See", "Thank", "Remind",
               "Invite", "Help", "Let")  # fmt: skip


@pytest.mark.parametrize("verb", IMPERATIVES)
@pytest.mark.parametrize(
    "name", ["Kate Morrow", "Kate", "Xochitl Moore", "Okafor", "Kate N. Morrow"]
)
def test_an_instruction_opening_a_sentence_is_not_taken_into_the_name_after_it(
    verb: str, name: str
) -> None:
    text = f"{verb} {name} about the forms."
    assert found(text) == [(name, Label.NAME)]


@pytest.mark.parametrize("verb", IMPERATIVES)
def test_an_instruction_in_capitals_is_not_taken_into_the_name_after_it(verb: str) -> None:
    text = f"{verb.upper()} KATE MORROW TODAY."
    assert found(text) == [("KATE MORROW", Label.NAME)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call Kate Morrow at 503-555-0142.", [("Kate Morrow", Label.NAME),
                                               ("503-555-0142", Label.PHONE)]),
        ("Ask Kate Morrow about it.", [("Kate Morrow", Label.NAME)]),
        ("Tell Kate Morrow.", [("Kate Morrow", Label.NAME)]),
        ("She will call Kate Morrow.", [("Kate Morrow", Label.NAME)]),
        ("Saw Kate Morrow today.", [("Kate Morrow", Label.NAME)]),
        ("Called Kate Morrow today.", [("Kate Morrow", Label.NAME)]),
        ("Ask Kate Morrow's mother.", [("Kate Morrow", Label.NAME)]),
        ("ask kate about it.", [("kate", Label.NAME)]),
        ("Tell her sister Dana.", [("Dana", Label.RELATIVE)]),
        ("Call Kate Morrow. Later Kate called.", [("Kate Morrow", Label.NAME),
                                                  ("Kate", Label.NAME)]),
        # "Will" is a frequent given name, so the ambiguous question keeps it in the name.
        ("Will Kate come?", [("Will Kate", Label.NAME)]),
        ("Rose Kate Morrow came.", [("Rose Kate Morrow", Label.NAME)]),
        ("Dr. Call arrived.", [("Call", Label.NAME)]),
        ("Mr. Tell was calm.", [("Tell", Label.NAME)]),
        ("Kate Call arrived.", [("Kate Call", Label.NAME)]),
        # Evidence that the opening word is a name: an earlier mention, "Surname, Given".
        ("Kate Call arrived. Call Kate Morrow.", [("Kate Call", Label.NAME), ("Call", Label.NAME),
                                                  ("Kate Morrow", Label.NAME)]),
        ("Call, Kate Morrow.", [("Call", Label.NAME), ("Kate Morrow", Label.NAME)]),
    ],
)  # fmt: skip
def test_a_name_after_a_word_opening_the_sentence_is_the_name_alone(
    text: str, expected: list[tuple[str, Label]]
) -> None:
    assert found(text) == expected


def test_a_roster_name_that_is_a_word_opening_a_sentence_needs_more_than_its_capital() -> None:
    # Issue 13: "Tell" opening a sentence is the verb, unless what follows tells of a person.
    roster = Roster((RosterClient(CLIENT, names=("Ada Tell",)),))
    assert found("Tell Kate Morrow.", roster) == [("Kate Morrow", Label.NAME)]
    assert ("Tell", Label.NAME) in found("Tell said she would come.", roster)
    assert ("Tell", Label.NAME) in found("We met Tell at noon.", roster)


def test_every_later_mention_of_a_found_name_is_found() -> None:
    text = "Her sister Zuzu visited. Later zuzu called, and ZUZU's dog barked."
    names = [t for t, _ in found(text)]
    assert names.count("Zuzu") == 1
    assert "zuzu" in names
    assert "ZUZU" in names


def test_a_later_mention_of_an_ordinary_word_name_must_be_capitalised() -> None:
    text = "My friend Grace came. We said grace. Grace left."
    names = [t for t, label in found(text) if label is Label.NAME]
    assert names == ["Grace", "Grace"]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Her therapist is Dr. Anna Best. Best contact is the cell phone.", "Best"),
        ("My friend Bill visited. Bill the insurer for the missed session.", "Bill"),
        ("Her friend Grace came. Grace period for payment is ten days.", "Grace"),
        ("I told Will about it. Will you be able to come on Monday?", "Will"),
    ],
)
def test_a_later_mention_opening_a_sentence_as_the_ordinary_word_is_not_a_name(
    text: str, word: str
) -> None:
    # The name is found where a cue shows it; the sentence it opens uses the word.
    names = [t for t, label in found(text) if label is Label.NAME]
    assert len(names) == 1
    assert names[0].endswith(word)


@pytest.mark.parametrize(
    "later",
    ["Hope is doing better.", "Hope said she slept.", "Hope, can you hear me?", "Hope's dog died."],
)
def test_a_later_mention_opening_a_sentence_as_a_person_stays_a_name(later: str) -> None:
    text = f"My friend Hope visited. {later}"
    assert [t for t, label in found(text) if label is Label.NAME] == ["Hope", "Hope"]


def test_spans_never_overlap_and_are_sorted() -> None:
    text = "Kate Moore, 1423 Maple Street, Springfield, IL 62704, kate@example.org, 3/4/21"
    spans = analyse(text)
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start


def test_identifier_free_prose_has_no_findings() -> None:
    text = (
        "The client reported improved sleep and fewer intrusive thoughts this week. "
        "We reviewed the thought record and practised paced breathing. Mood was euthymic, "
        "affect congruent, and she denied suicidal ideation. Plan: continue weekly CBT."
    )
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "institution", "label"),
    [
        ("Session at Lincoln Middle School.", "Lincoln Middle School", Label.SCHOOL),
        ("Parents of Kennedy High School students met.", "Kennedy High School", Label.SCHOOL),
        ("We met at Kennedy High School today.", "Kennedy High School", Label.SCHOOL),
        ("He attends Kennedy High School now.", "Kennedy High School", Label.SCHOOL),
        ("Admitted to St. Mary's Hospital.", "St. Mary's Hospital", Label.PLACE),
        ("Kids go to Washington Elementary.", "Washington Elementary", Label.SCHOOL),
    ],
)
def test_a_place_named_after_a_person_is_one_span_of_its_own_kind(
    text: str, institution: str, label: Label
) -> None:
    assert found(text) == [(institution, label)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kate's Lincoln Middle School friends came.", "Kate"),
        ("Sessions with Kate and Lincoln Middle School staff.", "Kate"),
        ("Allan Bjork\nScale Unlimited", "Allan Bjork"),
        ("Her sister Dana Church visited.", "Dana"),
    ],
)
def test_a_name_beside_a_place_but_not_in_its_name_stays_a_name(text: str, name: str) -> None:
    assert name in [t for t, label in found(text) if label in (Label.NAME, Label.RELATIVE)]


def test_a_roster_name_inside_a_place_name_is_still_reported_with_its_client() -> None:
    roster = Roster((RosterClient(CLIENT, names=("Lincoln Adeyemi",)),))
    spans = analyse("Session at Lincoln Middle School.", roster.compile())
    assert [(s.label, s.client_refs) for s in spans if s.client_refs] == [(Label.NAME, (CLIENT,))]


def test_the_cycle_collector_runs_again_after_an_analysis() -> None:
    assert gc.isenabled()
    analyse("Kate Moore called on 3/4/21 from Springfield, IL.")
    assert gc.isenabled()


def test_an_analysis_leaves_a_paused_cycle_collector_paused() -> None:
    gc.disable()
    try:
        analyse("Kate Moore called on 3/4/21 from Springfield, IL.")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_cycle_collector_runs_again_after_analyses_in_several_threads() -> None:
    text = "Kate Moore called on 3/4/21 from Springfield, IL. " * 200
    threads = [threading.Thread(target=analyse, args=(text + str(i),)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gc.isenabled()


def test_an_analysis_keeps_no_words_of_its_text_when_it_ends() -> None:
    analyse("Kate Moore called on 3/4/21 from Springfield, IL.")
    assert tokens._scan.cache_info().currsize == 0
    assert tokens._digit_runs.cache_info().currsize == 0
    assert datetext.dates_in.cache_info().currsize == 0


def test_a_cue_set_declared_after_a_text_was_sorted_into_cue_sets_is_still_found() -> None:
    text = "Meet me at the corner of Elm Street, ZIP 02134."
    assert [t.text for t in tokens.tokens_for(text, zip_codes._CUE_WORDS)] == ["ZIP"]
    late = tokens.cue_words({"elm", "not-in-any-other-set"})
    assert [t.text for t in tokens.tokens_for(text, late)] == ["Elm"]
    tokens.forget_texts()


def test_the_tokens_of_a_cue_set_come_in_text_order_whether_one_word_or_several() -> None:
    text = "Elm Road, then Oak Lane; the lane by Elm Street. Oak's shade."
    several = tokens.cue_words({"elm", "oak", "lane"})
    one = tokens.cue_words({"oak", "never-in-a-text"})
    assert [t.start for t in tokens.tokens_for(text, several)] == [0, 15, 19, 29, 37, 49]
    assert [t.text for t in tokens.tokens_for(text, one)] == ["Oak", "Oak's"]
    tokens.forget_texts()


def test_a_word_class_declared_after_its_words_were_seen_still_finds_them() -> None:
    text = "Bártová met Novakova at Storgatan; the gate was open."
    analyse(text)  # (its words' classes are kept, without the class declared below)
    late = tokens.word_class(lambda word: word.endswith("gatan") or word == "gate")
    try:
        assert tokens.words_in_class(text, late) == ["storgatan", "gate"]
        assert [t.text for t in names.surname_shapes(text)] == ["Bártová", "Novakova"]
    finally:
        tokens._WORD_CLASS_TESTS.pop()
        tokens._WORD_CLASSES.clear()
        tokens.forget_texts()


def test_leak_check_reports_roster_hits_with_the_client_reference() -> None:
    roster = Roster((RosterClient(CLIENT, names=("Oluwaseun Adeyemi",), nicknames=("Seun",)),))
    hits = leak_check("Quick question about seun's meds", roster)
    assert [(h.label, h.client_refs) for h in hits] == [(Label.NAME, (CLIENT,))]


def test_leak_check_of_clean_text_is_empty() -> None:
    assert leak_check("How do you handle a client who cancels often?") == []


def test_the_core_deid_package_does_not_import_django() -> None:
    package = Path(__file__).resolve().parents[3] / "sealbook" / "core" / "deid"
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] == "django" for n in names), path


def test_loading_the_engine_imports_no_number_checker_until_a_number_needs_one() -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from sealbook.core.deid.engine import analyse, preload\n"
        "preload()\n"
        "print(sorted({'stdnum', 'phonenumbers', 'importlib.metadata'} & set(sys.modules)))\n"
        "analyse('Call +44 20 7946 0958, card 4111 1111 1111 1111.')\n"
        "print(sorted({'stdnum', 'phonenumbers'} & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert done.stdout.splitlines() == ["[]", "['phonenumbers', 'stdnum']"]


@pytest.mark.parametrize(
    "text",
    [
        "Suicidality denied. Anhedonia endorsed. Hypervigilance reported at work.",
        "Akathisia presented after the dose change. Catastrophizing was seen in session.",
        "Psychoeducation provided on sleep hygiene. Dysthymia noted; avolition and alogia too.",
        "Derealization episodes eased. Escitalopram and Sertraline were compared.",
        "Mindfulness was practiced. Hyperarousal presented in the evenings, with CBT and EMDR.",
        "Spring 2021 was hard; she is in PAIN and offering 12 sessions During 2019 helped.",
    ],
)
def test_clinical_prose_is_left_alone(text: str) -> None:
    assert found(text) == []
