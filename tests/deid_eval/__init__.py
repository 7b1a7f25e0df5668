"""Independent evaluation text for de-identification, split into a dev and a test part.

This package is written apart from `tests/deid_corpus` and from the engine: it uses no
Faker, no builder and none of that corpus's vocabulary. Each source writes documents in
an inline markup, parsed here into text and gold spans:

    [[LABEL|text]]      a gold identifier (LABEL is a `sealbook.core.deid.Label` value)
    <<category|text>>   a trap: a word that is NOT an identifier but that an engine may
                        take for one (a back-channel, a drug name, "Saturdays"...); traps
                        let the benchmark count which kinds of words are wrongly flagged

Sources (see bench/deid/README.md for their make-up and sizes):

- `transcripts` (a): therapy session transcripts, speaker turns, back-channels;
- `world_names` (b): notes and letters with names of 24 naming traditions; and its second
  seed, `world-names-2` (new development text, 2026-12-06);
- `clean` (c): identifier-free clinical prose and dialogue (no gold spans at all);
- `affiliations` (d): employment histories, agency and school letters, referral forms,
  rich in employers, schools and organisations;
- `messages` (e): e-mails, text threads, forms, genograms, supervision notes, message
  slips and attendance lists with names of 24 more traditions (`more_names`);
- `clinical_notes` (f): a hundred identifier-free clinical documents written by hand, whole
  (no gold spans), by writers who never saw the engine; and `clinical-notes-2`, eighty more
  by two other writers, of other countries and settings;
- `project` and `presidio-synth-v2`: the corpora bench/deid/run.py already used, split by
  the same rule.

The split rule (fixed; written in bench/deid/README.md): a document belongs to the test
part when the first 8 hex digits of sha256("sealbook-deid-split-v1:" + source + ":" +
doc_id), read as an integer, modulo 10 is below 3 (about 30 %); otherwise to dev.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Literal

Part = Literal["dev", "test"]
PARTS: tuple[Part, ...] = ("dev", "test")
SPLIT_SALT = "sealbook-deid-split-v1"
TEST_SHARE_TENTHS = 3

QUASI_LABELS = frozenset({"EMPLOYER", "SCHOOL", "ORGANIZATION", "PLACE", "OCCUPATION"})
DIRECT_LABELS = frozenset(
    {
        "NAME", "RELATIVE", "ADDRESS", "CITY", "COUNTY", "ZIP", "DATE", "AGE_OVER_89",
        "PHONE", "FAX", "EMAIL", "SSN", "MRN", "HEALTH_PLAN", "ACCOUNT", "LICENSE", "VEHICLE",
        "DEVICE", "URL", "IP", "ID",
    }
)  # fmt: skip


def part_of(source: str, doc_id: str) -> Part:
    """The part a document belongs to, by the fixed hash rule (never by its content)."""
    digest = hashlib.sha256(f"{SPLIT_SALT}:{source}:{doc_id}".encode()).hexdigest()
    return "test" if int(digest[:8], 16) % 10 < TEST_SHARE_TENTHS else "dev"


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    label: str
    text: str

    @property
    def scope(self) -> str:
        return "quasi" if self.label in QUASI_LABELS else "direct"


@dataclass(frozen=True)
class Trap:
    start: int
    end: int
    category: str
    text: str


@dataclass(frozen=True)
class EvalDoc:
    source: str
    doc_id: str
    kind: str  # "transcript", "letter", "note", "prose", "dialogue"...
    text: str
    gold: tuple[Gold, ...]
    traps: tuple[Trap, ...] = ()

    @property
    def part(self) -> Part:
        return part_of(self.source, self.doc_id)


_MARK = re.compile(r"\[\[([A-Z_0-9]+)\|(.*?)\]\]|<<([a-z][a-z\-]*)\|(.*?)>>", re.S)


class MarkupError(ValueError):
    pass


def parse(marked: str) -> tuple[str, tuple[Gold, ...], tuple[Trap, ...]]:
    """Text, gold spans and traps of a marked-up string."""
    out: list[str] = []
    gold: list[Gold] = []
    traps: list[Trap] = []
    length = last = 0
    for m in _MARK.finditer(marked):
        plain = marked[last : m.start()]
        out.append(plain)
        length += len(plain)
        label, value = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if not value or value != value.strip() or "[[" in value or "<<" in value:
            raise MarkupError(f"bad marked value {value!r}")
        if m.group(1):
            if label not in DIRECT_LABELS | QUASI_LABELS:
                raise MarkupError(f"unknown label {label}")
            gold.append(Gold(length, length + len(value), label, value))
        else:
            traps.append(Trap(length, length + len(value), label, value))
        out.append(value)
        length += len(value)
        last = m.end()
    rest = marked[last:]
    if "[[" in rest or "]]" in rest or "<<" in rest or ">>" in rest:
        raise MarkupError("unclosed mark")
    out.append(rest)
    return "".join(out), tuple(gold), tuple(traps)


def document(source: str, doc_id: str, kind: str, marked: str) -> EvalDoc:
    text, gold, traps = parse(marked)
    return EvalDoc(source, doc_id, kind, text, gold, traps)


def independent_sources() -> dict[str, list[EvalDoc]]:
    """The independent sources, every document (both parts), in a fixed order."""
    from tests.deid_eval import (
        affiliations,
        clean,
        clinical_notes,
        messages,
        transcripts,
        world_names,
    )

    return {
        "transcripts": transcripts.generate(),
        "world-names": world_names.generate(),
        "world-names-2": world_names.generate_second(),
        "clean": clean.generate(),
        "affiliations": affiliations.generate(),
        "messages": messages.generate(),
        "clinical-notes": clinical_notes.generate(),
        "clinical-notes-2": clinical_notes.generate_second(),
    }


def split(docs: list[EvalDoc], part: Part) -> list[EvalDoc]:
    return [d for d in docs if d.part == part]


def source_table() -> list[str]:
    """The rows of bench/deid/README.md's source table (a test keeps the two equal)."""
    rows = []
    for name, docs in independent_sources().items():
        for part in PARTS:
            ds = split(docs, part)
            direct = sum(g.scope == "direct" for d in ds for g in d.gold)
            quasi = sum(g.scope == "quasi" for d in ds for g in d.gold)
            chars = sum(len(d.text) for d in ds)
            traps = sum(len(d.traps) for d in ds)
            rows.append(
                f"| {name} | {part} | {len(ds)} | {chars:,} | {direct} | {quasi} | {traps} |"
            )
    return rows


def label_table() -> list[str]:
    """Gold spans per label and traps per category, per source, both parts together."""
    rows = []
    for name, docs in independent_sources().items():
        labels: dict[str, int] = {}
        for d in docs:
            for g in d.gold:
                labels[g.label] = labels.get(g.label, 0) + 1
        traps: dict[str, int] = {}
        for d in docs:
            for t in d.traps:
                traps[t.category] = traps.get(t.category, 0) + 1
        gold = ", ".join(f"{k} {v}" for k, v in sorted(labels.items())) or "none"
        trap = ", ".join(f"{k} {v}" for k, v in sorted(traps.items())) or "none"
        rows.append(f"| {name} | {gold} | {trap} |")
    return rows


def bench_scorer() -> ModuleType:
    """bench/deid/run.py, the evaluation's scorer, loaded as a module (bench/ is no package):
    the tests check its rules (the split, the title rule) where they are written."""
    path = Path(__file__).resolve().parents[2] / "bench" / "deid" / "run.py"
    spec = importlib.util.spec_from_file_location("deid_bench_run", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
