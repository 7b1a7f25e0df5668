"""Views and commands parse, call one action, render: they never write or log themselves.

State changes and audit entries happen in named action functions, which check
access, validate, save and write the audit entry in one transaction
(docs/architecture.md). This test reads every view module and every CLI
module and fails on a direct write: `record(...)`, `.save()`, `.delete()`, or
a manager or queryset write (`.objects.create`, `.update`, `bulk_create`...).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.backend_independent

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sealbook"

WRITES = {"save", "delete", "create", "update", "bulk_create", "bulk_update",
          "get_or_create", "update_or_create"}  # fmt: skip


def page_and_command_modules() -> list[Path]:
    views = [
        p for p in PACKAGE.rglob("*.py") if p.name == "views.py" or p.name.endswith("_views.py")
    ]
    return sorted(views + list((PACKAGE / "cli").glob("*.py")))


def direct_writes(path: Path) -> list[str]:
    """Where `path` writes or logs itself, as 'line: call'."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "record":
            found.append(f"{node.lineno}: record()")
        elif isinstance(func, ast.Attribute):
            chain = ast.unparse(func.value)
            if func.attr == "record" and chain.endswith("log"):
                found.append(f"{node.lineno}: {chain}.record()")
            elif (func.attr in {"save", "delete"} and "session" not in chain) or (
                func.attr in WRITES and ("objects" in chain or "_set" in chain)
            ):
                found.append(f"{node.lineno}: {chain}.{func.attr}()")
    return found


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", page_and_command_modules(), ids=relative)
def test_views_and_commands_write_only_through_actions(path: Path) -> None:
    assert direct_writes(path) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("record(AuditEvent.X)", ["1: record()"]),
        ("note.save()", ["1: note.save()"]),
        ("Client.objects.filter(pk=1).update(x=1)", ["1: Client.objects.filter(pk=1).update()"]),
        ("request.session.save()", []),
        ("context.update(extra)", []),
        ("render(request, 'x.html')", []),
    ],
)
def test_direct_writes_are_recognised(tmp_path: Path, source: str, found: list[str]) -> None:
    path = tmp_path / "views.py"
    path.write_text(source)
    assert direct_writes(path) == found
