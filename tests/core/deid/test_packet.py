"""Policies, operators and the review flow of a case packet."""

from __future__ import annotations

import datetime

import pytest

from sealbook.core.deid import (
    Label,
    Packet,
    Roster,
    RosterClient,
    RosterContact,
    Span,
    UnknownPolicy,
    get_policy,
    review,
)
from sealbook.core.deid.datetext import parse_date

CLIENT = "0a7e55c1-2222-4222-8222-000000000001"
ROSTER = Roster(
    (
        RosterClient(
            CLIENT,
            names=("Katherine Moore",),
            dates_of_birth=(datetime.date(1984, 3, 4),),
            contacts=(RosterContact(names=("Dana Moore",)),),
        ),
    )
)
NOTE = (
    "Katherine Moore (DOB 3/4/1984) was seen on March 10, 2021 at 1423 Maple Street, "
    "Springfield, IL 62704. Katie's sister Dana called on March 17, 2021. "
    "Her grandmother is a 93-year-old widow. She works at Harbor Freight."
)
SECRET_A = b"a" * 32
SECRET_B = b"b" * 32


def test_redaction_uses_typed_placeholders() -> None:
    out = Packet("safe-harbor", "redact", ROSTER, SECRET_A).deidentify(NOTE).text
    assert out.startswith("[NAME] (DOB [DATE]) was seen on [DATE] at [ADDRESS], [CITY], IL [ZIP].")
    assert "[RELATIVE]" in out
    assert "[AGE_OVER_89]" in out
    for word in ("Katherine", "Moore", "Katie", "Dana", "1423", "62704", "Harbor Freight"):
        assert word not in out


def test_limited_data_set_keeps_dates_city_and_zip_but_not_names() -> None:
    out = Packet("limited-data-set", "redact", ROSTER, SECRET_A).deidentify(NOTE).text
    assert "March 10, 2021" in out and "Springfield" in out and "62704" in out
    assert "Katherine" not in out and "1423 Maple" not in out


def test_disguise_also_removes_quasi_identifiers() -> None:
    text = "She attends Lincoln Middle School and her father is a state senator."
    assert "Lincoln" in Packet("safe-harbor", "redact", secret=SECRET_A).deidentify(text).text
    out = Packet("disguise", "redact", secret=SECRET_A).deidentify(text).text
    assert out == "She attends [SCHOOL] and her father is a [OCCUPATION]."


def test_an_unknown_policy_is_refused() -> None:
    with pytest.raises(UnknownPolicy):
        get_policy("anything-goes")


def test_pseudonyms_are_consistent_within_a_packet() -> None:
    packet = Packet("safe-harbor", "pseudonym", ROSTER, SECRET_A)
    first = packet.deidentify("Katherine Moore called.").text
    second = packet.deidentify("Later katie and KATHERINE returned; Moore smiled.").text
    given, family = first.split()[:2]
    assert second.split()[1] == given.lower()
    assert second.split()[3].rstrip(";") == given.upper()
    assert family in second


def test_pseudonyms_differ_between_packets_and_never_echo_the_name() -> None:
    a = Packet("safe-harbor", "pseudonym", ROSTER, SECRET_A).deidentify("Katherine Moore")
    b = Packet("safe-harbor", "pseudonym", ROSTER, SECRET_B).deidentify("Katherine Moore")
    assert a.text != b.text
    assert "Katherine" not in a.text and "Moore" not in a.text


def test_date_shifting_keeps_intervals_between_dates() -> None:
    packet = Packet("safe-harbor", "pseudonym", ROSTER, SECRET_A)
    out = packet.deidentify("Seen on March 10, 2021 and again on March 17, 2021.").text
    first = out.split("Seen on ")[1].split(" and")[0]
    second = out.split("again on ")[1].rstrip(".")
    d1, d2 = parse_date(first), parse_date(second)
    assert d1 is not None and d2 is not None
    assert d1.as_date() is not None and d2.as_date() is not None
    assert (d2.as_date() - d1.as_date()).days == 7  # type: ignore[operator]
    assert d1.as_date() != datetime.date(2021, 3, 10)


def test_generalisation_bands_ages_and_truncates_zip_codes() -> None:
    packet = Packet("safe-harbor", "pseudonym", secret=SECRET_A)
    out = packet.deidentify("A 93-year-old from Springfield, IL 62704 and zip 03601.").text
    assert "90+-year-old" in out
    assert "627XX" in out
    assert "000XX" in out  # a three-digit area of 20,000 people or fewer


def test_a_us_city_generalises_to_its_state() -> None:
    out = Packet("safe-harbor", "pseudonym", secret=SECRET_A).deidentify("She moved to Boston.")
    assert out.text == "She moved to Massachusetts."


def test_review_drops_rejected_findings_and_adds_marked_spans() -> None:
    packet = Packet("safe-harbor", "redact", secret=SECRET_A)
    text = "Kate met the team at the Blue Door on 3/4/21."
    findings = packet.analyse(text)
    date = next(s for s in findings if s.label is Label.DATE)
    marked = Span(text.index("Blue Door"), text.index(" on"), Label.PLACE, "", "")
    out = packet.apply(text, review(findings, rejected=[date], added=[marked]))
    assert out == "[NAME] met the team at the [PLACE] on 3/4/21."


def test_de_identifying_the_output_again_finds_nothing_new() -> None:
    for operator in ("redact", "pseudonym"):
        packet = Packet("disguise", operator, ROSTER, SECRET_A)
        out = packet.deidentify(NOTE).text
        assert packet.new_findings(out) == [], operator


def test_a_name_found_in_one_document_is_found_in_the_next_of_the_packet() -> None:
    packet = Packet("safe-harbor", "redact", secret=SECRET_A)
    assert packet.deidentify("Her sister Zuzu called.").text == "Her sister [RELATIVE] called."
    assert packet.deidentify("Zuzu came too.").text == "[RELATIVE] came too."


def test_a_packet_secret_must_be_long_enough() -> None:
    with pytest.raises(ValueError):
        Packet("safe-harbor", "pseudonym", secret=b"short")


def test_an_analysis_made_elsewhere_with_the_packets_seeds_gives_what_the_packet_gives() -> None:
    # `sealbook deid` analyses a chunk in a child process with `packet.seeds` as they are
    # once the chunks before it are done, and the packet only replaces (`analysed=`).
    from sealbook.core.deid import analyse

    documents = [
        "Her sister Dana Okafor called on 3/4/21.",
        "Dana said the week was hard; Okafor will call back.",
        "Nothing new from dana.",
    ]
    alone = Packet("safe-harbor", "pseudonym", secret=b"s" * 32)
    given = Packet("safe-harbor", "pseudonym", secret=b"s" * 32)
    assert dict(given.seeds) == {}
    for text in documents:
        made_elsewhere = analyse(text, given.roster, seeds=dict(given.seeds))
        assert given.deidentify(text, analysed=made_elsewhere) == alone.deidentify(text)
    assert "dana" in given.seeds and "okafor" in given.seeds
    with pytest.raises(TypeError):
        given.seeds["grace"] = Label.NAME  # type: ignore[index]
