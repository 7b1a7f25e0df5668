"""The synthetic corpus: gold spans match the text, and it is deterministic."""

from __future__ import annotations

from tests.deid_corpus import GENRES, generate


def test_every_gold_span_is_the_text_at_its_offsets() -> None:
    corpus = generate(documents=60)
    for doc in corpus.documents:
        for span in doc.spans:
            assert doc.text[span.start : span.end] == span.text, doc.doc_id


def test_the_corpus_is_the_same_for_the_same_seed() -> None:
    assert generate(seed=7, documents=10) == generate(seed=7, documents=10)
    assert generate(seed=7, documents=10) != generate(seed=8, documents=10)


def test_the_corpus_covers_every_genre_and_name_form() -> None:
    corpus = generate(documents=100)
    assert {d.genre for d in corpus.documents} == set(GENRES)
    forms = {s.form for d in corpus.documents for s in d.spans if s.kind == "NAME"}
    assert {"lowercase", "caps", "possessive", "nickname", "typo", "initials", "title"} <= forms
    kinds = {s.kind for d in corpus.documents for s in d.spans}
    assert {"RELATIVE", "EMPLOYER", "SCHOOL", "ADDRESS", "PHONE", "EMAIL", "DATE"} <= kinds


def test_roster_spans_point_to_clients_on_the_roster() -> None:
    corpus = generate(documents=30)
    refs = {c.client_ref for c in corpus.roster.clients}
    for doc in corpus.documents:
        for span in doc.spans:
            assert span.client_ref is None or span.client_ref in refs


def test_clinical_prose_has_no_gold_identifiers_to_find() -> None:
    corpus = generate(documents=1, prose=10)
    assert len(corpus.prose) == 10
    assert all(len(p.split()) > 30 for p in corpus.prose)
