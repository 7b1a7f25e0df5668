"""Documentation that a test keeps true (as datasette's tests/test_docs.py does)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

import sealbook.core.crypto
from sealbook.access import rules_doc
from sealbook.audit.events import AuditEvent
from sealbook.backup import archive
from sealbook.cli.reference import render
from sealbook.core.crypto.sealing import Argon2Parameters
from sealbook.core.deid import POLICIES, Operator
from sealbook.core.deid.detectors import MODULES, REGISTRY
from sealbook.records.importing import COLUMNS
from sealbook.vault.fields import EncryptedField

pytestmark = pytest.mark.backend_independent

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SEALBOOK_APPS = (
    "records", "vault", "audit", "access", "documents", "backup", "retention", "psychotherapy",
    "practice", "consent", "disclosure", "export", "drafts", "staff", "oversight", "scheduling",
    "portal", "telehealth",
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


def table_rows(text: str, columns: int) -> list[list[str]]:
    """The cells of every Markdown table row of `columns` cells, header and rule left out."""
    rows = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == columns and not set(cells[0]) <= {"-"}:
            rows.append(cells)
    return rows[1:] if rows else rows


def section(text: str, heading: str) -> str:
    start = text.index(heading + "\n")
    end = text.find("\n#", start + len(heading))
    return text[start : end if end >= 0 else len(text)]


def test_every_detector_is_documented_with_the_labels_it_finds():
    rows = table_rows(section(doc("deid.md"), "## Detectors"), 3)
    # The engine's own row ("engine: later mentions") is not a registered detector.
    documented = {
        name.strip("`"): set(labels.replace(" ", "").split(","))
        for name, labels, _ in rows
        if name.startswith("`")
    }
    registered = {d.name: {label.value for label in d.labels} for d in REGISTRY.values()}
    assert documented == registered


def test_every_detector_module_is_a_detector_or_a_documented_helper():
    detectors = section(doc("deid.md"), "## Detectors")
    folder = ROOT / "sealbook" / "core" / "deid" / "detectors"
    registering = {module.__name__.rsplit(".", 1)[1] for module in MODULES}
    helpers = {p.stem for p in folder.glob("*.py")} - registering - {"__init__", "base"}
    assert [name for name in sorted(helpers) if f"`{name}.py`" not in detectors] == []
    helper_table = " ".join(" ".join(row) for row in table_rows(detectors, 2))
    named = set(re.findall(r"`(\w+)\.py`", helper_table))
    assert sorted(named - registering - helpers) == []


def test_every_policy_and_operator_is_documented():
    text = doc("deid.md")
    policies = [name.strip("`") for name, *_ in table_rows(section(text, "## Policies"), 3)]
    operators = [name.strip("`") for name, _ in table_rows(section(text, "## Operators"), 2)]
    assert sorted(policies) == sorted(POLICIES)
    assert sorted(operators) == sorted(operator.value for operator in Operator)


def test_the_readme_lists_every_installed_app_and_nothing_else():
    readme = (ROOT / "README.md").read_text()
    layout = section(readme, "## Layout")
    listed = re.findall(r"^  (\w+)/ +\S", layout, re.M)
    installed = [
        name.removeprefix("sealbook.")
        for name in settings.INSTALLED_APPS
        if name.startswith("sealbook.")
    ]
    assert listed == installed, "README.md's Layout lists the apps in INSTALLED_APPS order"


def crypto_constant(path: str) -> object:
    """`module.NAME[.attribute]` under sealbook.core.crypto, as key-hierarchy.md names it."""
    parts = path.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            value = importlib.import_module(f"sealbook.core.crypto.{'.'.join(parts[:split])}")
        except ModuleNotFoundError:
            continue
        for name in parts[split:]:
            value = getattr(value, name)
        return value
    raise AssertionError(f"{path} names no constant in sealbook.core.crypto")


def key_hierarchy_table() -> dict[str, str]:
    rows = table_rows(section(doc("key-hierarchy.md"), "## Algorithms and parameters"), 5)
    return {constant.strip("`"): value for *_, value, constant in rows}


def test_the_key_hierarchy_table_equals_the_crypto_constants():
    table = key_hierarchy_table()
    assert table
    assert {path: str(crypto_constant(path)) for path in table} == table


def sizes_and_parameters() -> set[str]:
    """Every public size (`*_BYTES`, `*_BITS`, `*_CHUNK`) and Argon2 parameter set."""
    found = set()
    package = sealbook.core.crypto
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        loaded = importlib.import_module(module.name)
        relative = module.name.removeprefix(package.__name__ + ".")
        tree = ast.parse(Path(loaded.__file__ or "").read_text())
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            for name in [t.id for t in targets if isinstance(t, ast.Name)]:
                value = getattr(loaded, name)
                if re.fullmatch(r"[A-Z][A-Z0-9_]*_(BYTES|BITS|CHUNK)", name):
                    found.add(f"{relative}.{name}")
                elif isinstance(value, Argon2Parameters) and not name.startswith("_"):
                    found |= {f"{relative}.{name}.{field}" for field in vars(value)}
    return found


def test_every_key_size_and_kdf_parameter_is_in_the_key_hierarchy_table():
    assert sorted(sizes_and_parameters() - set(key_hierarchy_table())) == []


def manifest_keys_written() -> set[str]:
    """The keys of the manifest literal that `archive.create_backup` writes."""
    tree = ast.parse(Path(archive.__file__).read_text())
    create = next(n for n in tree.body if isinstance(n, ast.FunctionDef)
                  and n.name == "create_backup")  # fmt: skip
    literal = next(
        node.value
        for node in ast.walk(create)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "manifest" for t in node.targets)
    )
    assert isinstance(literal, ast.Dict)
    return {key.value for key in literal.keys if isinstance(key, ast.Constant)}


def test_the_backup_manifest_keys_are_those_the_code_writes():
    text = section(doc("backup.md"), "## The manifest's format and hashes")
    documented = {key.strip("`") for key, _ in table_rows(text, 2)}
    assert documented == manifest_keys_written()


def test_the_backup_formats_and_their_hashes_are_those_the_code_accepts():
    text = section(doc("backup.md"), "## The manifest's format and hashes")
    rows = table_rows(text, 4)
    formats = {
        int(version): set(re.findall(r"`(\w+)`", " ".join(cells))) for version, *cells in rows
    }
    assert formats == {v: set(names) for v, names in archive.FORMAT_ALGORITHMS.items()}
    assert max(formats) == archive.FORMAT
    assert archive.SIGNED_PREFIX.decode().replace("\n", "\\n") in doc("backup.md")


def test_the_access_rules_document_equals_the_rules_table():
    assert doc("access-rules.md") == rules_doc.render(), (
        "regenerate: python -m sealbook.access.rules_doc > docs/access-rules.md"
    )


def test_the_security_checklist_lists_every_check_sealbook_check_runs():
    from sealbook.practice.selfcheck import CHECKS

    rows = table_rows(section(doc("security.md"), "## Deployment checklist"), 4)
    documented = [name.strip("`") for name, *_ in rows]
    assert len(documented) == len(set(documented))
    assert set(documented) == {check.__name__ for check in CHECKS}, (
        "list each check of practice/selfcheck.py in docs/security.md's checklist"
    )
