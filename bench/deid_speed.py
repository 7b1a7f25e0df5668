"""Speed of the de-identification path users take (issue 13).

    .venv/bin/python bench/deid_speed.py [--documents 250]

Measures, on the synthetic corpus of tests/deid_corpus (text written by its generator,
so timing only: no scores here):
- `Packet.deidentify` on one long text (the corpus joined by blank lines), in characters
  per CPU second;
- `Packet.deidentify` on documents of about 800 characters, one packet per document;
- the engine's load time in a fresh interpreter (import + word lists);
- `sealbook deid` on a 1 MB file, wall time including start-up, in MB/s.
Targets: >= 1.0 M chars/CPU-s long, >= 0.8 M on ~800-char documents, CLI >= 1 MB/s,
engine load < 0.2 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _corpus_text(documents: int) -> list[str]:
    from tests.deid_corpus import generate

    corpus = generate(documents=documents)
    return [d.text for d in corpus.documents]


def _pieces(texts: list[str], size: int) -> list[str]:
    out: list[str] = []
    current = ""
    for text in texts:
        for para in text.split("\n\n"):
            current = f"{current}\n\n{para}" if current else para
            if len(current) >= size:
                out.append(current)
                current = ""
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=250)
    args = parser.parse_args()
    from sealbook.core.deid import Packet, analyse

    texts = _corpus_text(args.documents)
    long_text = "\n\n".join(texts)
    while len(long_text) < 1_000_000:
        long_text += "\n\n" + long_text
    long_text = long_text[:1_000_000]
    Packet().deidentify(long_text[:5000])  # warm the word lists

    t = time.process_time()
    analyse(long_text)
    analyse_cpu = time.process_time() - t
    t = time.process_time()
    Packet().deidentify(long_text)
    long_cpu = time.process_time() - t
    print(
        f"analyse, 1 long text of {len(long_text):,} chars: "
        f"{len(long_text) / analyse_cpu / 1e6:.2f} M chars/CPU-s"
    )
    print(f"Packet.deidentify, long text: {len(long_text) / long_cpu / 1e6:.2f} M chars/CPU-s")

    docs = _pieces(texts, 800)
    total = sum(len(d) for d in docs)
    t = time.process_time()
    for doc in docs:
        Packet().deidentify(doc)
    short_cpu = time.process_time() - t
    print(
        f"Packet.deidentify, {len(docs)} documents of ~{total // len(docs)} chars: "
        f"{total / short_cpu / 1e6:.2f} M chars/CPU-s"
    )

    python = sys.executable
    load = subprocess.run(
        [
            python,
            "-c",
            "import time; t=time.perf_counter(); "
            "c=time.process_time(); "
            "from sealbook.core.deid.engine import preload; preload(); "
            "print(time.perf_counter()-t, time.process_time()-c)",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    wall_load, cpu_load = map(float, load.stdout.split())
    print(f"engine load in a fresh interpreter: {wall_load:.3f} s wall, {cpu_load:.3f} CPU-s")

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        data = long_text.encode("utf-8")[:1_000_000].decode("utf-8", "ignore")
        f.write(data)
        path = f.name
    try:
        size = os.path.getsize(path)
        cli = [str(Path(python).parent / "sealbook"), "deid", "--no-roster", path]
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        before = usage.ru_utime + usage.ru_stime
        t = time.perf_counter()
        subprocess.run(
            cli,
            capture_output=True,
            cwd=ROOT,
            check=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "sealbook.settings"},
        )
        wall = time.perf_counter() - t
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = usage.ru_utime + usage.ru_stime - before
        print(
            f"sealbook deid on {size / 1e6:.2f} MB: {wall:.2f} s wall, "
            f"{size / wall / 1e6:.2f} MB/s ({cpu:.2f} CPU-s, {size / cpu / 1e6:.2f} MB/CPU-s)"
        )
    finally:
        os.unlink(path)


if __name__ == "__main__":
    main()
