"""Imports only point down: the layers of docs/architecture.md, checked against the code.

The layer table is read from the document itself, so the document and this
check cannot drift apart. Every import counts, also one inside a function.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

pytestmark = pytest.mark.backend_independent

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sealbook"
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def layer_table() -> dict[str, int]:
    rows = re.findall(r"^\| (\d+) \| `([\w_]+)` \|", ARCHITECTURE.read_text(), re.MULTILINE)
    return {app: int(layer) for layer, app in rows}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sealbook_modules() -> dict[str, Path]:
    return {
        module_name(path): path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts
    }


def imports_of(path: Path, name: str) -> set[str]:
    """Every sealbook module `path` imports, at the top or inside a function."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.add(target)
            # `from sealbook.x import y` may import the module sealbook.x.y.
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {module for module in found if module.startswith("sealbook.")}


def app_of(module: str) -> str:
    return module.split(".")[1]


def import_graph() -> dict[str, set[str]]:
    modules = sealbook_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {m for m in imports_of(path, name) if m in modules and m != name}
    return graph


def app_edges(graph: dict[str, set[str]]) -> dict[tuple[str, str], list[str]]:
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for module, targets in graph.items():
        for target in targets:
            if app_of(module) != app_of(target):
                edges[(app_of(module), app_of(target))].append(f"{module} -> {target}")
    return edges


def test_every_app_is_in_the_layer_table() -> None:
    layers = layer_table()
    apps = {app_of(name) for name in sealbook_modules() if name != "sealbook"}
    assert sorted(apps - layers.keys()) == [], "add these apps to docs/architecture.md"
    assert sorted(layers.keys() - apps) == [], "docs/architecture.md names apps that do not exist"


def test_no_module_imports_from_a_higher_layer() -> None:
    layers = layer_table()
    upward = {
        edge: where
        for edge, where in app_edges(import_graph()).items()
        if layers[edge[1]] > layers[edge[0]]
    }
    assert upward == {}, "imports that run up the layers of docs/architecture.md"


def test_no_two_apps_depend_on_each_other() -> None:
    graph = defaultdict(set)
    for importer, imported in app_edges(import_graph()):
        graph[importer].add(imported)
    cycles = []
    # Depth-first search for a cycle among apps; report each cycle once.
    state: dict[str, int] = {}

    def visit(app: str, path: list[str]) -> None:
        state[app] = 1
        for nxt in sorted(graph[app]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt] if nxt in path else [app, nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[app] = 2

    for app in sorted(graph):
        if app not in state:
            visit(app, [app])
    assert cycles == [], "apps that depend on each other (directly or round a cycle)"


def test_no_two_modules_import_each_other() -> None:
    graph = import_graph()
    pairs = sorted(
        (a, b) for a, targets in graph.items() for b in targets if a < b and a in graph.get(b, ())
    )
    assert pairs == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from sealbook.records import actions", {"sealbook.records", "sealbook.records.actions"}),
        ("def f():\n    import sealbook.audit.log", {"sealbook.audit.log"}),
        ("from . import views", {"sealbook.web", "sealbook.web.views"}),
        ("import django", set()),
    ],
)
def test_imports_are_found_also_inside_functions(
    tmp_path: Path, source: str, expected: set[str]
) -> None:
    path = tmp_path / "module.py"
    path.write_text(source)
    assert imports_of(path, "sealbook.web.module") == expected
