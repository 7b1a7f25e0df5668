"""`sealbook serve` refuses settings that would expose client data, and
`sealbook check` flags them and passes on the documented production configuration."""

from __future__ import annotations

import subprocess
import time
import urllib.request

import pytest

from tests.browser.support import free_port
from tests.cli.conftest import SEALBOOK, assert_one_line_error

pytestmark = pytest.mark.backend_independent

# The production configuration docs/deployment.md documents, behind a local proxy.
PRODUCTION = {
    "SEALBOOK_PUBLIC_URL": "https://notes.example.org",
    "SEALBOOK_TRUSTED_PROXIES": "127.0.0.1",
}


@pytest.fixture
def practice(cli):
    cli.initialised()
    return cli


def serve(cli, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `sealbook serve`, expecting it to refuse at once (today's code served instead)."""
    try:
        return subprocess.run(
            [*SEALBOOK, "serve", "--port", str(free_port()), *args],
            env={**cli.env, **env},
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("sealbook serve started instead of refusing")


@pytest.mark.parametrize(
    ("args", "env", "fragment"),
    [
        ([], {"SEALBOOK_DEBUG": "1"}, "SEALBOOK_DEBUG is on"),
        (["--host", "0.0.0.0", "--allow-debug"], {"SEALBOOK_DEBUG": "1"}, "only on a loopback"),  # noqa: S104
        (["--allow-debug"], {}, "--allow-debug needs SEALBOOK_DEBUG=1"),
        (["--host", "0.0.0.0"], {}, "cookies are not TLS-only"),  # noqa: S104
        (["--host", "192.0.2.10"], {"SEALBOOK_SECURE_COOKIES": "0"}, "cookies are not TLS-only"),
        (["--host", "notes.example.org"], {}, "cookies are not TLS-only"),
    ],
)
def test_serve_refuses_insecure_settings_in_one_line(cli, args, env, fragment):
    assert_one_line_error(serve(cli, *args, env=env), fragment)


def test_a_non_loopback_address_with_the_public_url_set_passes_the_settings_check(cli):
    # It gets as far as the practice (none here), past the settings check.
    result = serve(cli, "--host", "0.0.0.0", env=PRODUCTION)  # noqa: S104
    assert "TLS-only" not in result.stderr and "SEALBOOK_PUBLIC_URL" not in result.stderr


def test_debug_serves_on_loopback_only_with_the_explicit_flag(practice):
    port = free_port()
    process = subprocess.Popen(
        [*SEALBOOK, "serve", "--port", str(port), "--allow-debug"],
        env={**practice.env, **practice.unsealed(), "SEALBOOK_DEBUG": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, "serve --allow-debug exited"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2) as page:
                    assert page.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "serve --allow-debug did not answer"
                time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_check_passes_on_the_documented_production_configuration(practice):
    result = practice.run("check", env={**practice.unsealed(), **PRODUCTION})
    assert result.returncode == 0, result.stdout
    assert "[   pass] 164.312(e)(1) transmission security: served as https://notes.example.org" in (
        result.stdout
    )


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"SEALBOOK_DEBUG": "1"}, "debug is on"),
        ({"SEALBOOK_SECURE_COOKIES": "0"}, "SEALBOOK_SECURE_COOKIES is off"),
        ({"SEALBOOK_TRUSTED_PROXIES": "0.0.0.0/0"}, "trusts every address"),
    ],
)
def test_check_flags_each_insecure_setting(practice, env, fragment):
    result = practice.run("check", env={**practice.unsealed(), **PRODUCTION, **env})
    assert result.returncode == 1
    failures = [line for line in result.stdout.splitlines() if "FAIL]" in line]
    assert len(failures) == 1 and fragment in failures[0], result.stdout
