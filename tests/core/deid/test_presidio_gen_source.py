"""presidio-gen, the outside generator with a new seed, is deterministic and split by the rule."""

from __future__ import annotations

import pytest

from tests.deid_eval import bench_scorer, part_of, presidio_gen

pytestmark = pytest.mark.skipif(
    not presidio_gen.available(), reason="presidio-evaluator is a benchmark requirement only"
)


def test_the_generator_writes_the_same_samples_every_time() -> None:
    first = presidio_gen.generate.__wrapped__(40)
    again = presidio_gen.generate.__wrapped__(40)
    assert first == again
    assert any("\n" in s["full_text"] for s in presidio_gen.generate.__wrapped__(200))
    assert not any("\\n" in s["full_text"] for s in first)


def test_its_spans_are_the_text_at_their_offsets() -> None:
    for sample in presidio_gen.generate.__wrapped__(40):
        for span in sample["spans"]:
            start, end = span["start_position"], span["end_position"]
            assert sample["full_text"][start:end] == span["entity_value"]


def test_it_is_split_by_the_fixed_rule_into_both_parts() -> None:
    assert part_of("presidio-gen", "pg-0000") == "dev"
    assert part_of("presidio-gen", "pg-0001") == "test"
    parts = [part_of("presidio-gen", f"pg-{n:04d}") for n in range(presidio_gen.SAMPLES)]
    assert 0.25 < parts.count("test") / len(parts) < 0.35


def test_it_is_scored_with_presidio_synth_v2s_scope_rules() -> None:
    run = bench_scorer()
    sample = {
        "full_text": "Ana Lima moved from Porto, Portugal to Vigo in 2019.",
        "spans": [
            {"entity_type": "PERSON", "entity_value": "Ana Lima", "start_position": 0,
             "end_position": 8},
            {"entity_type": "GPE", "entity_value": "Porto", "start_position": 20,
             "end_position": 25},
            {"entity_type": "GPE", "entity_value": "Portugal", "start_position": 27,
             "end_position": 35},
            {"entity_type": "DATE_TIME", "entity_value": "2019", "start_position": 47,
             "end_position": 51},
        ],
    }  # fmt: skip
    (doc,) = run.presidio_docs([sample], "pg")
    assert doc["id"] == "pg-0000"
    assert [g["scope"] for g in doc["gold"]] == ["direct", "direct", "out", "out"]
