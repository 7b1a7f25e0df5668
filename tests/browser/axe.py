"""axe-core in the browser tests: load it into a page and run the WCAG 2.1 A and AA rules.

axe-core comes from npm (`bash scripts/setup.sh --test` installs it into
tests/browser/node_modules, pinned by tests/browser/package.json). Without it the
checks skip on a developer's machine, and fail when CI=true: CI must never pass
an accessibility check it did not run.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_A_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
MISSING_AXE = (
    "axe-core is not installed (tests/browser/node_modules/axe-core/axe.min.js is missing): "
    "run `bash scripts/setup.sh --test`, which installs it from npm"
)


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


@cache
def _read_axe() -> str | None:
    return AXE_SCRIPT.read_text(encoding="utf-8") if AXE_SCRIPT.is_file() else None


def axe_source() -> str:
    """axe.min.js; skips the test without it, or fails it when CI=true."""
    source = _read_axe()
    if source is None:
        if running_in_ci():
            pytest.fail(MISSING_AXE, pytrace=False)
        pytest.skip(MISSING_AXE)
    return source


def wcag_violations(page: Page) -> list[dict[str, Any]]:
    """The WCAG 2.1 A and AA violations axe-core finds on the page as it is now.

    The app's CSP (script-src 'self') refuses an injected <script> element, so
    add_script_tag would need the CSP turned off for the test. Playwright's
    evaluate runs the source through the DevTools protocol, which the CSP does
    not govern: the page is checked with its real CSP in force.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result: dict[str, Any] = page.evaluate(
        """(tags) => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        list(WCAG_21_A_AA),
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """One paragraph per rule broken: what, how bad, where, and the rule's help page."""
    lines: list[str] = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation.get('impact') or 'no impact given'}): "
            f"{violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}: {node.get('html', '')[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary[:300]}")
    return "\n".join(lines)
