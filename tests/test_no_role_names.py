"""Pages show what the policy allows, never what a role name suggests.

Views and templates ask the policy (`authorize_or_404`, `permits`, the
`user|may:"action"` filter) instead of naming roles; who counts as clinical is
defined once (`accounts.models.CLINICAL_ROLES`) and used by the policy and the
actions. This test reads every view module, template tag and template and
fails where one names a role to decide something: `Role.SUPERVISOR`, a
comparison with "owner", a `role__in=[...]` filter, `is_clinical`...
Showing a role's label (`get_role_display`, `Role.choices`) is fine.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from sealbook.accounts.models import Role

pytestmark = pytest.mark.backend_independent

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sealbook"
ROLE_VALUES = set(Role.values)
ROLE_MEMBERS = set(Role.names)
ROLE_FLAGS = {"is_clinical", "is_owner", "CLINICAL_ROLES"}


def page_modules() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if p.name == "views.py" or p.name.endswith("_views.py") or p.parent.name == "templatetags"
    )


def templates() -> list[Path]:
    return sorted(PACKAGE.rglob("templates/**/*.html"))


def _names_a_role(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in ROLE_VALUES


def role_checks_in_python(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Attribute) and node.attr in ROLE_FLAGS:
            found.append(f"{line}: {node.attr}")
        elif isinstance(node, ast.Name) and node.id in ROLE_FLAGS:
            found.append(f"{line}: {node.id}")
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Role"
            and node.attr in ROLE_MEMBERS
        ):
            found.append(f"{line}: Role.{node.attr}")
        elif isinstance(node, ast.Compare) and any(
            _names_a_role(n) or any(_names_a_role(e) for e in getattr(n, "elts", []))
            for n in [node.left, *node.comparators]
        ):
            found.append(f"{line}: {ast.unparse(node)}")
        elif (
            isinstance(node, ast.keyword)
            and "role" in (node.arg or "").split("__")
            and (
                _names_a_role(node.value)
                or any(map(_names_a_role, getattr(node.value, "elts", [])))
            )
        ):
            found.append(f"{node.value.lineno}: {node.arg}=")
    return found


TAG = re.compile(r"{%\s*(?:if|elif)\b(.*?)%}", re.S)
QUOTED = re.compile(r"""["']([\w-]+)["']""")


def role_checks_in_template(text: str) -> list[str]:
    found = []
    for tag in TAG.finditer(text):
        condition = tag.group(1)
        named = {q for q in QUOTED.findall(condition) if q in ROLE_VALUES}
        flags = {f for f in ROLE_FLAGS if re.search(rf"\b{f}\b", condition)}
        if named or flags or re.search(r"\bRole\.", condition):
            found.append(condition.strip())
    return found


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", page_modules(), ids=relative)
def test_views_and_template_tags_name_no_role(path: Path) -> None:
    assert role_checks_in_python(path.read_text()) == []


@pytest.mark.parametrize("path", templates(), ids=relative)
def test_templates_name_no_role(path: Path) -> None:
    assert role_checks_in_template(path.read_text()) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("if user.role == 'owner': pass", ["1: user.role == 'owner'"]),
        (
            "ok = user.role in ('clinician', 'trainee')",
            ["1: user.role in ('clinician', 'trainee')"],
        ),
        ("x = [u for u in users if u.role == Role.SUPERVISOR]", ["1: Role.SUPERVISOR"]),
        ("User.objects.filter(role__in=CLINICAL_ROLES)", ["1: CLINICAL_ROLES"]),
        ("q.filter(user__role='auditor')", ["1: user__role="]),
        ("q.filter(user__role__in=['clinician', 'trainee'])", ["1: user__role__in="]),
        ("members.create_staff(request.user, role=form.cleaned_data['role'])", []),
        ("c = request.user if request.user.is_clinical else None", ["1: is_clinical"]),
        ("choices = Role.choices", []),
        ("fields.pop('clinician'); q.select_related('clinician')", []),
        ("authorize_or_404(request.user, Action.MANAGE_STAFF)", []),
    ],
)
def test_role_checks_in_python_are_recognised(source: str, found: list[str]) -> None:
    assert role_checks_in_python(source) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('{% if user.role == "owner" %}x{% endif %}', ['user.role == "owner"']),
        ("{% elif user.is_clinical %}", ["user.is_clinical"]),
        ('{% if user|may:"manage-staff" %}x{% endif %}', []),
        ("{% if value == u.role %} selected{% endif %}", []),
        ("{{ user.get_role_display }}", []),
    ],
)
def test_role_checks_in_templates_are_recognised(text: str, found: list[str]) -> None:
    assert role_checks_in_template(text) == found
