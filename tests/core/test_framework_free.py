"""The core must not import Django, so it can be reviewed, typed and reused on its own."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "sealbook" / "core"
IMPORT = re.compile(r"^\s*(from|import)\s+(django|sealbook\.(?!core)\w+)", re.M)


def test_no_module_of_the_core_imports_django_or_the_apps():
    offenders = [
        str(p.relative_to(CORE)) for p in CORE.rglob("*.py") if IMPORT.search(p.read_text())
    ]
    assert offenders == []


def test_importing_the_whole_core_loads_no_django():
    modules = sorted(
        "sealbook.core." + ".".join(p.relative_to(CORE).with_suffix("").parts)
        for p in CORE.rglob("*.py")
        if p.name != "__init__.py"
    )
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + (
            "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
            "assert not bad, bad\n"
        )
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
