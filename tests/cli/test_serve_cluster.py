"""Two `sealbook serve` processes behind a real Caddy (deploy/Caddyfile), one SIGKILLed.

The production layout of docs/scale.md, in miniature: one practice (SQLite in
one home), two processes that each unseal it themselves and keep their
sessions in the database, Caddy in front ending TLS (`tls internal`), balancing
over both and checking `/health/`. A clinician schedules sessions one after
another over HTTPS; after the fourth, one process is killed with SIGKILL.
Once Caddy's next health check has seen it gone, every request succeeds
(Caddy routes around the dead process, and the session, being in the
database, is valid on the other); before that a POST Caddy sends to the dead
process fails with 502 and is not acknowledged (Caddy 2.6 cannot resend a
body). Every session the server acknowledged (the redirect after the POST)
must be in the database afterwards, with the audit log verifying.

About 20 s (the demo practice, two unseals, Caddy's local CA); it runs in CI.
bench/cluster_fault_bench.py does the same under load.
"""

from __future__ import annotations

import datetime
import http.client
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.browser.support import (
    create_demo_practice,
    free_port,
    sealbook_command,
    stop,
    subprocess_env,
)
from tests.browser.test_tls_proxy import start_caddy, start_proxied_server, wait_for_tls

WRITES_BEFORE, WRITES_AFTER = 4, 8
# Caddy's health_interval (deploy/Caddyfile; a dead process fails it at once), with a margin.
DETECTION_SECONDS = 4.0
FIRST_DAY = datetime.date(2031, 3, 3)


class HttpsClient:
    """One browser-less user: a keep-alive HTTPS connection to Caddy and a cookie jar."""

    def __init__(self, port: int, root_ca: Path) -> None:
        self.port = port
        self.origin = f"https://localhost:{port}"
        self.context = ssl.create_default_context(cafile=str(root_ca))
        self.conn = self._connect()
        self.cookies: dict[str, str] = {}

    def _connect(self) -> http.client.HTTPSConnection:
        return http.client.HTTPSConnection("localhost", self.port, context=self.context, timeout=30)

    def request(self, method: str, path: str, form: dict[str, str] | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
            body = urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + path,
            }
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode(errors="replace")
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers.get("Location", ""), text


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[list[subprocess.Popen[bytes]], int, Path, Path, Any]]:
    if shutil.which("caddy") is None:
        pytest.skip("Debian caddy not installed: run `scripts/setup.sh --test`")
    home = tmp_path / "home"
    logins = create_demo_practice(home, 2)
    login = next(x for x in logins if x.role == "clinician")
    https_port = free_port()
    servers = [start_proxied_server(tmp_path, home, https_port) for _ in range(2)]
    caddy = None
    try:
        upstreams = " ".join(s.upstream for s in servers)  # type: ignore[attr-defined]
        caddy = start_caddy(tmp_path, https_port, upstreams)
        root_ca = tmp_path / "caddy" / "data" / "caddy" / "pki" / "authorities" / "local"
        root_ca = root_ca / "root.crt"
        wait_for_tls(
            f"https://localhost:{https_port}/login/", root_ca, caddy, tmp_path / "caddy.log"
        )
        yield servers, https_port, root_ca, home, login
    finally:
        if caddy is not None:
            stop(caddy)
        for server in servers:
            stop(server)


def log_in(web: HttpsClient, email: str, password: str) -> None:
    web.request("GET", "/login/")
    status, location, _ = web.request("POST", "/login/", {"email": email, "password": password})
    assert status == 302 and "login" not in location, (status, location)


def sessions_on(home: Path, client_id: str) -> set[str]:
    script = (
        "import sys\n"
        "from sealbook.cli.bootstrap import open_practice, setup_django\n"
        "setup_django(); open_practice(unseal=False)\n"
        "from sealbook.records.models import Session\n"
        "for day in Session.objects.filter(client_id=sys.argv[1]).values_list('date', flat=True):\n"
        "    print(day.isoformat())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, client_id],
        env=subprocess_env(home),
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stdout.split())


def test_a_killed_process_loses_no_acknowledged_write_and_caddy_routes_around_it(cluster):
    servers, port, root_ca, home, login = cluster
    web = HttpsClient(port, root_ca)
    log_in(web, login.email, login.password)
    _, _, listing = web.request("GET", "/clients/")
    client_id = re.findall(r'href="/clients/([0-9a-f-]{36})/"', listing)[0]
    path = f"/clients/{client_id}/sessions/new/"
    acknowledged: list[str] = []
    after_kill: list[tuple[float, int]] = []  # (seconds since the kill, status)
    killed_at = None
    for i in range(200):
        if i == WRITES_BEFORE:
            os.kill(servers[0].pid, signal.SIGKILL)
            servers[0].wait(timeout=10)
            killed_at = time.monotonic()
        day = (FIRST_DAY + datetime.timedelta(days=i)).isoformat()
        form = {
            "date": day,
            "start_time": "09:00",
            "duration_minutes": "50",
            "service": "individual",
            "modality": "in-person",
        }
        status, location, _ = web.request("POST", path, form)
        if status == 302 and location.endswith(f"/clients/{client_id}/"):
            acknowledged.append(day)
        if killed_at is None:
            assert status == 302
            continue
        since = time.monotonic() - killed_at
        after_kill.append((since, status))
        # Reads too, through whichever process is left.
        chart = web.request("GET", f"/clients/{client_id}/")
        assert chart[0] == 200 or since < DETECTION_SECONDS, (since, chart[0])
        if sum(1 for t, _ in after_kill if t > DETECTION_SECONDS) >= WRITES_AFTER:
            break
    # Until the next health check sees the process gone, a POST that Caddy
    # sends it fails (502: not acknowledged); after that, every write succeeds.
    assert all(status == 302 for t, status in after_kill if t > DETECTION_SECONDS), after_kill
    assert all(status in (302, 502) for _, status in after_kill), after_kill
    assert servers[1].poll() is None
    stop(servers[1])
    assert set(acknowledged) <= sessions_on(home, client_id)
    verify = subprocess.run(
        [*sealbook_command(), "audit", "verify"],
        env=subprocess_env(home),
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, verify.stderr
