"""The compiled engine (native.py): loaded only when built from the present sources, and
finding exactly what the interpreted engine finds."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sealbook.core.deid import Packet, analyse, native

ROOT = Path(__file__).resolve().parents[3]
ENGINE = Path(native.__file__).resolve().parent

# What both engines are given: the project's corpus and the development parts of the
# independent sources (the held-back parts are only scored, never run for a test).
_TEXTS = r"""
import json, sys
from tests.deid_corpus import generate
from tests.deid_eval import independent_sources, split
texts = [d.text for d in generate(documents=120).documents]
for docs in independent_sources().values():
    texts += [d.text for d in split(docs, "dev")]
"""

# Every span of every text, and each text de-identified by one packet (the packet carries
# names from one document to the next, so the order and the seeds are compared too).
_FINDINGS = (
    _TEXTS
    + r"""
from sealbook.core.deid import Packet, analyse, native
packet = Packet("safe-harbor", "redact", secret=b"s" * 32)
print(json.dumps({
    "active": native.active(),
    "findings": [
        [[s.start, s.end, s.label.value, s.detector, s.reason, s.score] for s in analyse(t)]
        for t in texts
    ],
    "deidentified": [packet.deidentify(t).text for t in texts],
}))
"""
)


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
    )  # fmt: skip


def _require_built() -> None:
    if native.active():
        return
    # CI runs every check it has: scripts/setup.sh builds the compiled engine there.
    if os.environ.get("CI"):
        pytest.fail("the compiled engine is not built: run scripts/setup.sh")
    pytest.skip("the compiled engine is not built (scripts/setup.sh builds it)")


def test_compiled_engine_finds_exactly_what_the_interpreted_engine_finds() -> None:
    _require_built()
    compiled = _run(_FINDINGS)
    interpreted = _run(_FINDINGS, SEALBOOK_DEID_NATIVE="0")
    assert compiled.returncode == 0, compiled.stderr[-2000:]
    assert interpreted.returncode == 0, interpreted.stderr[-2000:]
    ours, theirs = json.loads(compiled.stdout), json.loads(interpreted.stdout)
    assert (ours["active"], theirs["active"]) == (True, False)
    assert len(ours["findings"]) > 300
    for k, (a, b) in enumerate(zip(ours["findings"], theirs["findings"], strict=True)):
        assert a == b, f"text {k}: the compiled engine's spans differ"
    for k, (a, b) in enumerate(zip(ours["deidentified"], theirs["deidentified"], strict=True)):
        assert a == b, f"text {k}: the compiled engine's output differs"


def test_the_engine_runs_compiled_in_this_process_when_built() -> None:
    _require_built()
    tokens = sys.modules["sealbook.core.deid.tokens"]
    assert str(tokens.__file__).endswith(".so")
    # It still does the work: a name and a date found, and redacted.
    text = "Seen by Dr. Kate Morrow on 3/4/2025."
    assert [s.label.value for s in analyse(text)] == ["NAME", "DATE"]
    assert Packet("safe-harbor", "redact").deidentify(text).text == "Seen by Dr. [NAME] on [DATE]."


def test_a_source_changed_since_the_build_changes_the_digest(tmp_path: Path) -> None:
    package = tmp_path / "sealbook" / "core" / "deid"
    shutil.copytree(ENGINE, package,
                    ignore=shutil.ignore_patterns("__pycache__", "*.so"))  # fmt: skip
    assert native.digest(package) == native.digest()
    rule = package / "detectors" / "names.py"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert native.digest(package) != native.digest()
    rule.unlink()
    assert native.digest(package) != native.digest()  # (a module removed)
    shutil.copy(ENGINE / "detectors" / "names.py", rule)
    assert native.digest(package) == native.digest()
    # How the modules are compiled is part of what names a build.
    (package / "native.py").write_text("# another way to build\n", encoding="utf-8")
    assert native.digest(package) != native.digest()


_STATE = "from sealbook.core.deid import native, analyse; analyse('Seen.'); print(native.active())"


def test_no_build_of_these_sources_means_the_interpreted_engine(tmp_path: Path) -> None:
    # A build directory of another digest (sources since edited), though complete, is
    # never loaded; nor one of this digest that is not complete.
    other = tmp_path / ("0" * 32)
    other.mkdir()
    (other / "COMPLETE").write_text("0" * 32, encoding="utf-8")
    half = tmp_path / native.digest()
    half.mkdir()
    run = _run(_STATE, SEALBOOK_DEID_NATIVE_CACHE=str(tmp_path))
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["False"]


def test_the_compiled_engine_can_be_turned_off() -> None:
    _require_built()
    run = _run(_STATE, SEALBOOK_DEID_NATIVE="0")
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["False"]
    run = _run(_STATE)
    assert run.stdout.split() == ["True"]


def test_a_build_others_may_write_in_is_never_loaded(tmp_path: Path) -> None:
    _require_built()
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    shutil.copytree(native.cache_root() / native.digest(), cache / native.digest())
    (cache / native.digest()).chmod(0o700)
    run = _run(_STATE, SEALBOOK_DEID_NATIVE_CACHE=str(cache))
    assert run.stdout.split() == ["True"], run.stderr[-2000:]
    # Anyone could have put it there: the engine runs as Python instead.
    (cache / native.digest()).chmod(0o777)
    assert _run(_STATE, SEALBOOK_DEID_NATIVE_CACHE=str(cache)).stdout.split() == ["False"]
    (cache / native.digest()).chmod(0o700)
    cache.chmod(0o777)
    assert _run(_STATE, SEALBOOK_DEID_NATIVE_CACHE=str(cache)).stdout.split() == ["False"]


def test_a_cache_that_cannot_be_written_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    code = "import sys; from sealbook.core.deid import native; sys.exit(native.main(['build']))"
    run = _run(code, SEALBOOK_DEID_NATIVE_CACHE=str(blocker / "cache"))
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        f"sealbook deid native: cannot write the build in {blocker / 'cache'}: Not a directory"
    ]
    # And with nothing built there, the engine runs as Python.
    assert _run(_STATE, SEALBOOK_DEID_NATIVE_CACHE=str(blocker / "cache")).stdout.split() == [
        "False"
    ]


def _constants_not_final(source: str) -> list[str]:
    """The module-level names of `source` bound once, by a plain assignment, and not
    annotated `Final` (type aliases and names a function rebinds with `global` aside)."""
    tree = ast.parse(source)
    rebound = {name for node in ast.walk(tree) if isinstance(node, ast.Global)
               for name in node.names}  # fmt: skip
    bound: dict[str, int] = {}
    for node in tree.body:
        for target in ast.walk(node) if not isinstance(node, ast.FunctionDef) else ():
            if isinstance(target, ast.Name) and isinstance(target.ctx, ast.Store):
                bound[target.id] = bound.get(target.id, 0) + 1
    found = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, annotation = node.targets[0], None
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, annotation = node.target, ast.unparse(node.annotation)
        else:
            continue
        if not isinstance(target, ast.Name) or target.id.startswith("__"):
            continue
        if target.id in rebound or bound.get(target.id) != 1 or _a_type(node.value):
            continue
        if annotation is None or not annotation.startswith(("Final", "ClassVar", "TypeAlias")):
            found.append(target.id)
    return found


def _a_type(value: ast.expr | None) -> bool:
    if isinstance(value, ast.Subscript):
        return ast.unparse(value.value).split(".")[-1] in _TYPE_BASES
    if isinstance(value, ast.Call):
        return ast.unparse(value.func) in ("TypeVar", "NewType")
    return isinstance(value, ast.BinOp) and (_a_type(value.left) or _a_type(value.right))


_TYPE_BASES = frozenset(
    {"Callable", "dict", "list", "tuple", "set", "frozenset", "Iterator", "Iterable", "Mapping",
     "Sequence", "Union", "Optional", "type"}
)  # fmt: skip


def test_every_constant_of_a_compiled_module_is_final() -> None:
    # Compiled code reads a `Final` module-level name from a C variable, and any other
    # from the module's dictionary, one look-up each time it is used: about a twelfth of
    # the time of a short document when the constants were not (docs/deid.md).
    missing = {
        str(path.relative_to(ROOT)): names
        for path in native.compiled_sources()
        if (names := _constants_not_final(path.read_text(encoding="utf-8")))
    }
    assert missing == {}


def test_the_finality_check_sees_a_constant_that_is_not_final() -> None:
    source = (
        "from typing import Final\nimport re\nA = 1\nB: Final = 2\nC: int = 3\n"
        "D = dict[str, int]\nE = 1\nE = 2\n_count = 0\ndef f() -> None:\n"
        "    global _count\n    _count += 1\n"
    )
    assert _constants_not_final(source) == ["A", "C"]
