"""The documented deployment: a real Caddy (deploy/Caddyfile, `tls internal`)
ending TLS in front of `sealbook serve`, and a browser that logs in, saves a
note, uploads a file larger than a form, and logs out over HTTPS. Before
SEALBOOK_PUBLIC_URL and SEALBOOK_TRUSTED_PROXIES, the login POST got Django's
CSRF 403 here.

Caddy runs with its own HOME and XDG folders in the test's temporary folder,
no admin endpoint, and `skip_install_trust`, so it never touches the system.
"""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sealbook.web.body_limits import FORM_BODY_BYTES
from tests.browser.support import (
    ConsoleWatch,
    DemoServer,
    create_demo_practice,
    expect,
    first_visible_client,
    free_port,
    log_in,
    log_out,
    new_watched_page,
    sealbook_command,
    stop,
    subprocess_env,
    wait_until_serving,
)
from tests.browser.test_clinician_workflow import synthetic_sentence, write_soap_note

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

CADDYFILE = Path(__file__).resolve().parents[2] / "deploy" / "Caddyfile"
START_SECONDS = 30


@dataclass(frozen=True)
class Proxied:
    server: DemoServer
    root_ca: Path


def start_proxied_server(root: Path, home: Path, https_port: int) -> subprocess.Popen[bytes]:
    """`sealbook serve` on loopback, told its public address and that Caddy is on 127.0.0.1."""
    port = free_port()
    log = root / "serve.log"
    with log.open("ab") as log_file:
        process = subprocess.Popen(
            [*sealbook_command(), "serve", "--port", str(port), "--no-jobs"],
            env=subprocess_env(
                home,
                SEALBOOK_PASSPHRASE_FILE=str(home / "demo-passphrase"),
                SEALBOOK_PUBLIC_URL=f"https://localhost:{https_port}",
                SEALBOOK_TRUSTED_PROXIES="127.0.0.1",
            ),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    if not wait_until_serving(f"http://127.0.0.1:{port}/login/", process):
        raise RuntimeError(f"sealbook serve did not start:\n{log.read_text()}")
    process.upstream = f"127.0.0.1:{port}"  # type: ignore[attr-defined]
    return process


def start_caddy(root: Path, https_port: int, upstream: str) -> subprocess.Popen[bytes]:
    """Caddy with deploy/Caddyfile, confined to `root`: its data, CA and config live there."""
    caddy_home = root / "caddy"
    caddy_home.mkdir()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(caddy_home),
        "XDG_DATA_HOME": str(caddy_home / "data"),
        "XDG_CONFIG_HOME": str(caddy_home / "config"),
        "CADDY_SITE": f"https://localhost:{https_port}",
        "CADDY_HTTPS_PORT": str(https_port),
        "CADDY_HTTP_PORT": str(free_port()),
        "CADDY_UPSTREAM": upstream,
        "CADDY_TLS": "internal",
    }
    with (root / "caddy.log").open("ab") as log_file:
        return subprocess.Popen(
            ["caddy", "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
            env=env,
            cwd=caddy_home,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )


def wait_for_tls(url: str, root_ca: Path, caddy: subprocess.Popen[bytes], log: Path) -> None:
    """Wait until Caddy answers `url` with a certificate its own root CA vouches for."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if caddy.poll() is not None:
            raise RuntimeError(f"caddy exited:\n{log.read_text()}")
        if root_ca.exists():
            context = ssl.create_default_context(cafile=str(root_ca))
            try:
                with urllib.request.urlopen(url, timeout=2, context=context) as page:  # noqa: S310
                    if page.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, ssl.SSLError):
                pass
        time.sleep(0.2)
    raise RuntimeError(f"caddy did not serve {url} in {START_SECONDS} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxied]:
    if shutil.which("caddy") is None:
        pytest.skip("Debian caddy not installed: run `scripts/setup.sh --test`")
    root = tmp_path_factory.mktemp("sealbook-caddy")
    home = root / "home"
    logins = create_demo_practice(home, 3)
    https_port = free_port()
    server = start_proxied_server(root, home, https_port)
    caddy = None
    try:
        caddy = start_caddy(root, https_port, server.upstream)  # type: ignore[attr-defined]
        base_url = f"https://localhost:{https_port}"
        root_ca = root / "caddy" / "data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
        wait_for_tls(base_url + "/login/", root_ca, caddy, root / "caddy.log")
        yield Proxied(DemoServer(base_url=base_url, home=home, logins=logins), root_ca)
    finally:
        if caddy is not None:
            stop(caddy)
        stop(server)


def test_log_in_save_a_note_upload_and_log_out_through_caddy_over_https(
    browser: Browser, proxied: Proxied
) -> None:
    server = proxied.server
    # Chromium trusts nothing but the system's CAs; Caddy's local root is the
    # test's own and was checked by wait_for_tls, so certificate errors are ignored.
    context = browser.new_context(ignore_https_errors=True)
    console = ConsoleWatch()
    try:
        page = new_watched_page(context, console)
        first = page.goto(server.url("/login/"))
        assert first is not None
        # Served over TLS through the trusted proxy: HSTS, and TLS-only cookies.
        headers = first.all_headers()
        assert headers.get("strict-transport-security", "").startswith("max-age=31536000"), headers
        log_in(page, server, server.login_for("clinician"))
        assert page.url == server.url("/clients/"), page.locator("body").inner_text()[:200]
        assert all(cookie["secure"] for cookie in context.cookies())

        _, chart_path = first_visible_client(page)
        page.goto(server.url(chart_path))
        sentence = synthetic_sentence("tls-proxy")
        note_path = write_soap_note(page, sentence)
        page.goto(server.url(note_path))  # saved: a fresh load shows the draft
        expect(page.locator("#id_subjective")).to_have_value(sentence)

        # A file larger than a form may be sent only with the CSRF token in a
        # header (sealbook/web/body_limits.py); the chart's upload form does that.
        page.goto(server.url(chart_path))
        title = f"Synthetic scan {uuid.uuid4().hex[:8]}"
        page.fill("#documents input[name='title']", title)
        page.set_input_files(
            "#documents input[name='file']",
            files=[{"name": "scan.bin", "mimeType": "application/octet-stream",
                    "buffer": os.urandom(FORM_BODY_BYTES + 1024 * 1024)}],
        )  # fmt: skip
        with page.expect_navigation():
            page.get_by_role("button", name="Upload").click()
        assert page.url == server.url(chart_path)
        expect(page.locator("#documents table")).to_contain_text(title)

        log_out(page)
        assert page.url.startswith(server.url("/login/"))
        page.goto(server.url(chart_path))
        assert page.url.startswith(server.url("/login/?next="))
    finally:
        context.close()
    assert console.unexpected() == []
