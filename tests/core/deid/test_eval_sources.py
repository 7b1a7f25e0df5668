"""The evaluation stays honest: a fixed, disjoint dev/test split, valid gold, documented sizes."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from tests.deid_eval import (
    PARTS,
    EvalDoc,
    MarkupError,
    bench_scorer,
    clinical_notes,
    independent_sources,
    label_table,
    parse,
    part_of,
    source_table,
    split,
)
from tests.deid_eval.more_names import MORE_TOWNS, MORE_TRADITIONS
from tests.deid_eval.names import TOWNS, TRADITIONS

ROOT = Path(__file__).resolve().parents[3]
README = ROOT / "bench" / "deid" / "README.md"


@pytest.fixture(scope="module")
def sources() -> dict[str, list[EvalDoc]]:
    return independent_sources()


def test_the_split_is_a_fixed_function_of_source_and_id() -> None:
    # Pinned: changing the rule or its salt would move documents between parts; it must not.
    pinned = {
        ("project", "intake-0000"): "dev", ("transcripts", "tx-0000"): "dev",
        ("transcripts", "tx-0002"): "test", ("world-names", "wn-0002"): "test",
        ("presidio-synth-v2", "synth-0000"): "test", ("clean", "cp-0000"): "dev",
        ("messages", "ms-0000"): "dev", ("messages", "ms-0001"): "test",
    }  # fmt: skip
    for (source, doc_id), part in pinned.items():
        assert part_of(source, doc_id) == part, (source, doc_id)
    # The source's name is part of the key: the same id may fall in different parts.
    assert {part_of(s, "doc-1") for s in ("a", "b", "c", "d", "e", "f", "g", "h")} == {
        "dev",
        "test",
    }


def test_every_source_has_disjoint_non_empty_parts_of_about_the_fixed_share(
    sources: dict[str, list[EvalDoc]],
) -> None:
    for name, docs in sources.items():
        ids = [d.doc_id for d in docs]
        assert len(ids) == len(set(ids)), name
        dev, test = ({d.doc_id for d in split(docs, p)} for p in PARTS)
        assert dev and test and not dev & test and dev | test == set(ids), name
        assert 0.15 < len(test) / len(ids) < 0.45, name
    # The same documents, in the same parts, when generated again.
    again = independent_sources()
    for name, docs in sources.items():
        assert [(d.doc_id, d.text, d.part) for d in docs] == [
            (d.doc_id, d.text, d.part) for d in again[name]
        ]


def test_every_gold_span_and_trap_is_the_text_at_its_offsets(
    sources: dict[str, list[EvalDoc]],
) -> None:
    for docs in sources.values():
        for doc in docs:
            marks = sorted(
                [(g.start, g.end) for g in doc.gold] + [(t.start, t.end) for t in doc.traps]
            )
            for a, b in itertools.pairwise(marks):
                assert a[1] <= b[0], doc.doc_id  # no two marks overlap
            for g in doc.gold:
                assert 0 <= g.start < g.end <= len(doc.text)
                assert doc.text[g.start : g.end] == g.text == g.text.strip(), doc.doc_id
            for t in doc.traps:
                assert doc.text[t.start : t.end] == t.text, doc.doc_id
            assert "[[" not in doc.text and "<<" not in doc.text, doc.doc_id


def test_the_markup_rejects_what_would_make_bad_gold() -> None:
    assert parse("Hi [[NAME|Aroha]], <<backchannel|Mm>>.")[0] == "Hi Aroha, Mm."
    for bad in ("[[NAME| Aroha]]", "[[NAME|]]", "[[NOPE|x]]", "[[NAME|x", "<<x|y"):
        with pytest.raises(MarkupError):
            parse(bad)


def test_the_readme_tables_match_the_sources() -> None:
    text = README.read_text(encoding="utf-8")
    rows = [
        line
        for line in text.splitlines()
        if re.match(
            r"\| (transcripts|world-names(?:-2)?|clean|affiliations|messages"
            r"|clinical-notes(?:-2)?) \|",
            line,
        )
    ]
    assert rows == source_table() + label_table()


def test_the_sources_hold_what_the_issue_asks_for(sources: dict[str, list[EvalDoc]]) -> None:
    transcripts, world, clean = sources["transcripts"], sources["world-names"], sources["clean"]
    categories = {t.category for d in transcripts for t in d.traps}
    assert {"backchannel", "discourse", "drug", "weekday", "contraction", "greeting", "decade",
            "type", "credential", "ip-word"} <= categories  # fmt: skip
    assert {g.label for d in transcripts for g in d.gold} >= {
        "NAME", "RELATIVE", "CITY", "DATE", "PHONE", "EMAIL", "IP"
    }  # fmt: skip
    assert len(TRADITIONS) >= 20
    names = {g.text for d in world for g in d.gold if g.label in {"NAME", "RELATIVE"}}
    for tradition, (given, family, _) in TRADITIONS.items():
        assert any(p in n for n in names for p in given + family), tradition
    assert any(not n.isascii() for n in names)
    assert any(re.search(r"\b(van|de|dos|da|bin|Ó|Ní)\b", n) for n in names)
    assert any(g.text == "S.Ş." for d in world for g in d.gold)
    assert any(g.text.islower() for d in world for g in d.gold if g.label == "NAME")
    assert any(re.search(r", \S+ and \S+", g.text) for d in world for g in d.gold)  # law firm
    all_text = "\n".join(d.text for d in world)
    for needle in ("Sincerely,\n", "Emergency contact: ", "Rowing Club", " LLC", " PLC", " Ltd",
                   " and Sons", "Family Dental"):  # fmt: skip
        assert needle in all_text, needle
    assert not any(d.gold for d in clean)
    clean_text = "\n".join(d.text for d in clean)
    for sentence in ("Hope is an important factor", "Grace period", "Will you be able",
                     "Bill the insurer", "Kit contents"):  # fmt: skip
        assert sentence in clean_text


def test_the_affiliations_source_is_rich_in_organisations_of_several_shapes(
    sources: dict[str, list[EvalDoc]],
) -> None:
    docs = sources["affiliations"]
    gold = [g for d in docs for g in d.gold]
    assert {"EMPLOYER", "ORGANIZATION", "SCHOOL"} <= {g.label for g in gold}
    quasi = [g for g in gold if g.scope == "quasi"]
    assert len(quasi) >= 2 * len(docs)  # organisations are what this source is about
    assert any(g.text.islower() for g in quasi)  # "got the job at quorvane"
    assert any(" & " in g.text for g in quasi)  # partners
    assert any(" " not in g.text and g.text[0].isupper() for g in quasi)  # no head word
    assert {t.category for d in docs for t in d.traps} == {"generic-service"}


def test_the_messages_source_shares_no_name_part_with_world_names() -> None:
    # New development text: no given name, surname word or town of names.py again
    # (particles such as "van", "de", "da" are grammar, not name parts).
    def words(table: dict[str, tuple[list[str], list[str], str]]) -> set[str]:
        return {w for given, family, _ in table.values() for part in given + family
                for w in part.split() if w[:1].isupper()}  # fmt: skip

    assert len(MORE_TRADITIONS) >= 20
    assert not words(MORE_TRADITIONS) & words(TRADITIONS)
    assert not set(MORE_TOWNS) & set(TOWNS)


def test_the_messages_source_holds_its_shapes(sources: dict[str, list[EvalDoc]]) -> None:
    docs = sources["messages"]
    assert 100 <= len(docs) <= 150
    names = {g.text for d in docs for g in d.gold if g.label in {"NAME", "RELATIVE"}}
    for tradition, (given, family, _) in MORE_TRADITIONS.items():
        assert any(p in n for n in names for p in given + family), tradition
    assert any(n.isupper() and len(n) > 3 for n in names)  # a surname in capitals
    assert any(n.islower() for n in names)  # a name in a text message
    assert any(re.fullmatch(r"\w+-\w+", n) for n in names)  # "Jean-Baptiste"
    assert any(re.fullmatch(r"(?:[A-Z]\.){2}", n) for n in names)  # initials
    text = "\n".join(d.text for d in docs)
    for needle in ("From: ", "Subject: ", "Surname: ", "Next of kin: ", "(d. 2019)",
                   "Client ", "RE: ", "Taken by: ", "Apologies:\n", "'s "):  # fmt: skip
        assert needle in text, needle
    # A name alone on its line (a signature, a list of those present).
    assert any(re.search(rf"^{re.escape(g.text)}$", d.text, re.M) for d in docs for g in d.gold)
    assert {t.category for d in docs for t in d.traps} == {"sign-off", "heading", "language"}


@pytest.mark.parametrize(
    ("source", "prefix", "count"), [("clinical-notes", "cn", 100), ("clinical-notes-2", "cn2", 80)]
)
def test_the_hand_written_clinical_notes_are_whole_indexed_and_identifier_free(
    sources: dict[str, list[EvalDoc]], source: str, prefix: str, count: int
) -> None:
    docs = sources[source]
    folder = clinical_notes.FOLDER if source == "clinical-notes" else clinical_notes.SECOND_FOLDER
    assert [d.doc_id for d in docs] == [f"{prefix}-{n:03d}" for n in range(count)]
    assert set(clinical_notes.kinds(folder)) == {d.doc_id for d in docs}
    styles = {style for _kind, style in clinical_notes.kinds(folder).values()}
    if source == "clinical-notes":
        assert {"UK-NHS", "IE", "AU", "NZ", "ZA", "IN", "SG", "CA"} <= styles
    for d in docs:
        assert not d.gold and not d.traps and d.text.endswith("\n"), d.doc_id
        assert 120 <= len(d.text.split()) <= 480, d.doc_id
        # What a reader can check by machine: no e-mail, address on the web, telephone
        # number or date with a day in it (the writers checked the rest by reading).
        assert not re.search(r"@|https?:|www\.|\d{3}[-. ]\d{3,4}[-. ]\d{4}", d.text), d.doc_id
        assert not re.search(rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:{_MONTHS})\b", d.text), d.doc_id
        assert not re.search(rf"\b(?:{_MONTHS}) \d{{1,2}}\b", d.text), d.doc_id


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def test_the_bench_loads_each_part_of_each_corpus_by_the_rule() -> None:
    bench = bench_scorer()
    for corpus in (
        "project", "transcripts", "world-names", "world-names-2", "clean", "affiliations",
        "messages", "clinical-notes", "clinical-notes-2",
    ):  # fmt: skip
        dev = bench.load_corpus(corpus, "dev", 40)
        test = bench.load_corpus(corpus, "test", 40)
        assert dev and test, corpus
        assert {d["id"] for d in dev}.isdisjoint({d["id"] for d in test})
        assert all(part_of(corpus, d["id"]) == "dev" for d in dev)
        for d in dev + test:
            for g in d["gold"]:
                assert 0 <= g["start"] < g["end"] <= len(d["text"])


def test_the_scorer_counts_full_spans_clean_words_and_traps() -> None:
    bench = bench_scorer()
    docs = [
        {"id": "a", "text": "Seen Aroha Ngata today.", "clean": False, "traps": [],
         "gold": [{"start": 5, "end": 16, "kind": "NAME", "scope": "direct", "form": "",
                   "roster": False}]},
        {"id": "b", "text": "So, Hope is key.", "clean": True, "gold": [],
         "traps": [{"start": 0, "end": 2, "category": "discourse"}]},
    ]  # fmt: skip
    half = [[(5, 10, "NAME")], [(0, 2, "NAME")]]
    result = bench.score(docs, half)
    assert result["recall"]["scope:direct"]["recall"] == 0.0  # "Ngata" is not covered
    assert result["clean_words_flagged"] == 0.25
    assert result["speech_words_flagged"] == 1
    full = bench.score(docs, [[(5, 16, "NAME")], []])
    assert full["recall"]["scope:direct"]["recall"] == 1.0
    assert full["char_precision"] == 1.0 and full["clean_words_flagged"] == 0.0
    detailed = bench.score(docs, half, details=True)
    assert len(detailed["missed"]) == 1 and "'Aroha Ngata'" in detailed["missed"][0]
    assert len(detailed["wrongly_flagged"]) == 1 and "'So'" in detailed["wrongly_flagged"][0]
    # A span of a label Safe Harbor keeps does not count for direct recall.
    assert bench.score(docs, [[(5, 16, "PLACE")], []])["recall"]["scope:direct"]["found"] == 0


def test_the_readme_gives_the_split_sizes_of_the_older_corpora() -> None:
    from tests.deid_corpus import GENRES

    genres = list(GENRES)
    project = [f"{genres[n % len(genres)]}-{n:04d}" for n in range(250)]
    prose = [f"prose-{n:03d}" for n in range(60)]
    synth = [f"synth-{n:04d}" for n in range(1500)]

    def count(source: str, ids: list[str], part: str) -> int:
        return sum(part_of(source, i) == part for i in ids)

    text = " ".join(README.read_text(encoding="utf-8").split())
    assert (
        f"dev {count('project', project, 'dev')} documents and {count('project', prose, 'dev')} "
        f"paragraphs, test {count('project', project, 'test')} and "
        f"{count('project', prose, 'test')}." in text
    )
    dev, test = count("presidio-synth-v2", synth, "dev"), count("presidio-synth-v2", synth, "test")
    assert f"dev {dev:,} samples, test {test}." in text
