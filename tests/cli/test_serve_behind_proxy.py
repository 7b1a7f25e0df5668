"""`sealbook serve` behind a TLS proxy, over real HTTP without a browser or Caddy:
the forwarded headers reach the trusted-proxy check through waitress, and are
believed only from SEALBOOK_TRUSTED_PROXIES (tests/browser/test_tls_proxy.py
runs the same through a real Caddy and Chromium)."""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from tests.browser.support import create_demo_practice, stop
from tests.browser.test_tls_proxy import start_proxied_server

pytestmark = pytest.mark.backend_independent

PUBLIC_PORT = 8443


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str, str]]:
    """A demo practice served as https://localhost:8443 behind a proxy on 127.0.0.1."""
    root = tmp_path_factory.mktemp("sealbook-behind-proxy")
    home = root / "home"
    login = next(x for x in create_demo_practice(home, 2) if x.role == "clinician")
    process = start_proxied_server(root, home, PUBLIC_PORT)
    try:
        port = int(process.upstream.rsplit(":", 1)[1])  # type: ignore[attr-defined]
        yield port, login.email, login.password
    finally:
        stop(process)


def request(port, method, path, headers, body=b"", source="127.0.0.1"):
    """One request to the server, from `source` (any 127.x address is this machine)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
    try:
        conn.request(method, path, body or None, headers)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def forwarded(client: str = "203.0.113.9") -> dict[str, str]:
    """What the proxy adds: the public host, the client's address, and https."""
    return {
        "Host": f"localhost:{PUBLIC_PORT}",
        "X-Forwarded-For": client,
        "X-Forwarded-Proto": "https",
    }


def test_hsts_is_sent_when_the_trusted_proxy_says_https(upstream):
    port, _, _ = upstream
    status, headers, _ = request(port, "GET", "/login/", forwarded())
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Secure" in headers["Set-Cookie"]


def test_forwarded_headers_from_another_address_are_not_believed(upstream):
    port, _, _ = upstream
    status, headers, _ = request(port, "GET", "/login/", forwarded(), source="127.0.0.2")
    assert status == 200
    assert "Strict-Transport-Security" not in headers


def test_a_browser_login_through_the_proxy_passes_the_csrf_origin_check(upstream):
    port, email, password = upstream
    _, headers, page = request(port, "GET", "/login/", forwarded())
    cookie = SimpleCookie(headers["Set-Cookie"])["csrftoken"].value
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    form = {"email": email, "password": password, "csrfmiddlewaretoken": token[1].decode()}
    status, headers, _ = request(
        port,
        "POST",
        "/login/",
        {
            **forwarded(),
            "Origin": f"https://localhost:{PUBLIC_PORT}",
            "Referer": f"https://localhost:{PUBLIC_PORT}/login/",
            "Cookie": f"csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        urlencode(form).encode(),
    )
    assert status == 302 and headers["Location"] == "/clients/"


def test_the_server_refuses_a_host_other_than_its_public_one(upstream):
    port, _, _ = upstream
    status, _, _ = request(port, "GET", "/login/", {**forwarded(), "Host": "evil.example"})
    assert status == 400
