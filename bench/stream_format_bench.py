"""The attachment stream's writer before and after format 2, against bare AESGCM, in memory.

    .venv/bin/python bench/stream_format_bench.py [--mib 128] [--rounds 5]

A one-off comparison for the change of 2026-12-06 (bench/RESULTS.md, "Attachment
stream against bare AESGCM"): the format 1 writer as it was at commit 0771111
(read from git, so this needs the repository's history), the format 2 writer
of this checkout, and bare `AESGCM.encrypt_into` of the same `cryptography`
build (one call per chunk into one reused buffer), each encrypting the same
random buffer pushed in pieces of one chunk into a sink that only counts.
Interleaved, the order rotating each round; best of `--rounds`, wall and CPU
(process time) separately, each as a ratio to bare. On a loaded machine the CPU
figures are the fair comparison; the wall figures need a free core.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench._foundation import load_line  # noqa: E402
from bench.attachment_bench import CountingSink  # noqa: E402

FORMAT_1_COMMIT = "0771111"


def format_1_module(folder: Path) -> ModuleType:
    source = subprocess.run(
        ["git", "show", f"{FORMAT_1_COMMIT}:sealbook/core/crypto/stream.py"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    path = folder / "stream_format_1.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("stream_format_1", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def writer(module: ModuleType, data: bytearray, chunk: int) -> Callable[[], None]:
    def run() -> None:
        sink = CountingSink()
        stream = module.StreamWriter(os.urandom(32), b"bench", sink, chunk)
        view = memoryview(data)
        for offset in range(0, len(data), chunk):
            stream.write(view[offset : offset + chunk])
        stream.finish()
        assert sink.size >= len(data)

    return run


def bare(data: bytearray, chunk: int) -> Callable[[], None]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    def run() -> None:
        aead = AESGCM(os.urandom(32))
        out = bytearray(chunk + 16)
        view = memoryview(data)
        for counter, offset in enumerate(range(0, len(data), chunk)):
            aead.encrypt_into(counter.to_bytes(12, "big"), view[offset : offset + chunk], None, out)

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mib", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from sealbook.core.crypto import stream as format_2

    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. {load_line()} (at the start).")
    data = bytearray(os.urandom(args.mib * 1024 * 1024))
    with tempfile.TemporaryDirectory() as folder:
        format_1 = format_1_module(Path(folder))
        for chunk in (64 * 1024, 1024 * 1024):
            runs = {
                "format 1 writer": writer(format_1, data, chunk),
                "format 2 writer": writer(format_2, data, chunk),
                "bare AESGCM": bare(data, chunk),
            }
            wall = dict.fromkeys(runs, 0.0)
            cpu = dict.fromkeys(runs, 0.0)
            names = list(runs)
            for round_ in range(args.rounds):
                turn = round_ % len(names)
                for name in names[turn:] + names[:turn]:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    runs[name]()
                    wall[name] = max(wall[name], len(data) / (time.perf_counter() - start))
                    cpu[name] = max(cpu[name], len(data) / (time.process_time() - start_cpu))
            print(f"chunk {chunk // 1024} KiB, {args.mib} MiB, best of {args.rounds}:")
            for name in names:
                print(
                    f"  {name}: wall {wall[name] / 1e6:,.0f} MB/s "
                    f"({wall[name] / wall['bare AESGCM']:.2f} of bare), per CPU second "
                    f"{cpu[name] / 1e6:,.0f} MB/s ({cpu[name] / cpu['bare AESGCM']:.2f} of bare)"
                )
    print(f"{load_line()} (at the end).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
