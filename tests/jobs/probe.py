"""A job for the tests: says where it started, then waits to be let go.

The workers import it by name (the tests put the repository on PYTHONPATH).
Each run appends "start <pid>" to PROBE_LOG, waits until PROBE_RELEASE exists,
then appends "done <pid>": a run killed in between leaves only its start.
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def run(log: str, release: str) -> None:
    with Path(log).open("a") as out:
        out.write(f"start {os.getpid()}\n")
    while not Path(release).exists():
        time.sleep(0.05)
    with Path(log).open("a") as out:
        out.write(f"done {os.getpid()}\n")
