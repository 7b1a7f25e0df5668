"""Documentation that a test keeps true (as datasette's tests/test_docs.py does)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps

from sealbook.audit.events import AuditEvent
from sealbook.cli.reference import render
from sealbook.records.importing import COLUMNS
from sealbook.vault.fields import EncryptedField

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SEALBOOK_APPS = (
    "records", "vault", "audit", "access", "documents", "backup", "retention", "psychotherapy",
    "practice", "consent", "disclosure", "export",
)  # fmt: skip


def doc(name: str) -> str:
    return (DOCS / name).read_text()


def test_the_cli_reference_equals_the_help_output():
    assert doc("cli.md") == render(), "regenerate: python -m sealbook.cli.reference > docs/cli.md"


@pytest.mark.parametrize("event", list(AuditEvent), ids=lambda e: e.name)
def test_every_audit_event_is_documented(event):
    assert f"| {event.value} | `{event.name}` |" in doc("audit-events.md")


def classification() -> dict[str, str]:
    rows = re.findall(r"^\| `(\w+\.[\w*]+)` \| ([\w ]+) \|", doc("data-classification.md"), re.M)
    return dict(rows)


def stored_fields():
    for app in SEALBOOK_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                yield f"{model.__name__}.{field.name}", field


def test_every_stored_field_is_classified():
    table = classification()
    missing = [name for name, _ in stored_fields() if name not in table]
    assert missing == []
    assert "User.*" in table


def test_the_classification_matches_what_the_code_encrypts():
    table = classification()
    for name, field in stored_fields():
        if isinstance(field, EncryptedField):
            assert table[name] == "encrypted", name
        elif table[name] == "encrypted":
            # Audit detail is encrypted by the audit log itself, not by a model field.
            assert name == "AuditEntry.detail", name


def test_no_classified_field_is_stale():
    names = {name for name, _ in stored_fields()} | {"User.*"}
    assert set(classification()) - names == set()


def test_every_environment_setting_is_documented():
    used = set()
    for path in (ROOT / "sealbook").rglob("*.py"):
        used |= set(re.findall(r"\"(SEALBOOK_[A-Z_]+)\"", path.read_text()))
    documented = doc("configuration.md")
    missing = [name for name in sorted(used) if f"`{name}" not in documented]
    assert missing == []


def test_every_import_column_is_documented():
    assert [c for c in COLUMNS if f"| `{c}` |" not in doc("import.md")] == []


def test_the_readme_opens_with_the_two_commands():
    lines = (ROOT / "README.md").read_text().splitlines()
    block = lines[lines.index("```sh") + 1 : lines.index("```")]
    assert [line.split()[:2] for line in block] == [
        ["bash", "scripts/demo.sh"],
        ["bash", "scripts/test.sh"],
    ]
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text()
