"""Behind a TLS proxy: the scheme and client address come from the proxy's
headers only when the request comes from a trusted proxy (SEALBOOK_TRUSTED_PROXIES)."""

from __future__ import annotations

import re
from ipaddress import ip_network

import pytest
from django.test import Client

from sealbook import conf
from sealbook.access.practice_policy import login_failure_limit
from sealbook.web.middleware import forwarded_client
from tests.conftest import PASSWORD

pytestmark = pytest.mark.backend_independent

PROXY = "10.0.0.2"
PUBLIC = "notes.example.org"
CASEY = "casey@practice.example.org"
TRUSTED = (ip_network("10.0.0.2/32"), ip_network("fd00::/64"))


@pytest.fixture
def behind_proxy(settings):
    settings.SEALBOOK_TRUSTED_PROXIES = TRUSTED
    settings.ALLOWED_HOSTS = [PUBLIC]
    # No CSRF_TRUSTED_ORIGINS: the origin check must pass on the scheme the proxy reported.
    settings.CSRF_TRUSTED_ORIGINS = []
    return settings


def via(remote: str, client_address: str = "203.0.113.9", proto: str = "https") -> dict:
    return {
        "REMOTE_ADDR": remote,
        "HTTP_HOST": PUBLIC,
        "HTTP_X_FORWARDED_FOR": client_address,
        "HTTP_X_FORWARDED_PROTO": proto,
    }


@pytest.mark.parametrize(
    ("header", "client"),
    [
        ("203.0.113.9", "203.0.113.9"),
        # The client wrote the left entries itself: only the rightmost untrusted one counts.
        ("198.51.100.1, 203.0.113.9", "203.0.113.9"),
        ("203.0.113.9, 10.0.0.2", "203.0.113.9"),
        ("2001:db8::5, fd00::7", "2001:db8::5"),
        ("10.0.0.2", None),
        ("", None),
        ("not-an-address", None),
        ("203.0.113.9, unknown", None),
    ],
)
def test_the_client_is_the_rightmost_address_that_is_not_a_trusted_proxy(header, client):
    assert forwarded_client(header, TRUSTED) == client


@pytest.mark.parametrize(
    ("value", "origin"),
    [
        ("https://notes.example.org", "https://notes.example.org"),
        ("https://notes.example.org/", "https://notes.example.org"),
        ("https://notes.example.org:443", "https://notes.example.org"),
        ("https://notes.example.org:8443", "https://notes.example.org:8443"),
    ],
)
def test_the_public_url_gives_the_origin(monkeypatch, value, origin):
    monkeypatch.setenv("SEALBOOK_PUBLIC_URL", value)
    public = conf.public_url()
    assert public is not None and public.origin == origin


@pytest.mark.parametrize(
    "value",
    ["http://notes.example.org", "notes.example.org", "https://", "https://a@notes.example.org",
     "https://notes.example.org/sealbook", "https://notes.example.org/?x=1",
     "https://notes.example.org:99999"],
)  # fmt: skip
def test_a_public_url_that_is_not_a_plain_https_address_is_refused(monkeypatch, value):
    monkeypatch.setenv("SEALBOOK_PUBLIC_URL", value)
    with pytest.raises(conf.ConfigurationError, match="SEALBOOK_PUBLIC_URL must be the https"):
        conf.public_url()


def test_a_trusted_proxy_that_is_not_an_address_is_refused(monkeypatch):
    monkeypatch.setenv("SEALBOOK_TRUSTED_PROXIES", "10.0.0.2, proxy.example.org")
    with pytest.raises(conf.ConfigurationError, match=r"'proxy\.example\.org' is not an IP"):
        conf.trusted_proxies()


def csrf_login(client: Client, meta: dict, password: str = PASSWORD):
    """A browser's login through the proxy: the form's token, and the https Origin."""
    page = client.get("/login/", **meta).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    return client.post(
        "/login/",
        {"email": CASEY, "password": password, "csrfmiddlewaretoken": token[1]},
        HTTP_ORIGIN=f"https://{PUBLIC}",
        HTTP_REFERER=f"https://{PUBLIC}/login/",
        **meta,
    )


def test_a_login_through_the_trusted_proxy_passes_the_csrf_origin_check(behind_proxy, cast):
    client = Client(enforce_csrf_checks=True)
    response = csrf_login(client, via(PROXY))
    assert response.status_code == 302, response.content[:300]


def test_forwarded_https_from_anyone_else_is_not_believed(behind_proxy, cast):
    client = Client(enforce_csrf_checks=True)
    response = csrf_login(client, via("198.51.100.7"))
    assert response.status_code == 403


def test_hsts_is_sent_only_when_the_request_came_over_tls(behind_proxy, cast):
    client = Client()
    tls = client.get("/login/", **via(PROXY))
    assert tls.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get("/login/", **via(PROXY, proto="http"))
    assert "Strict-Transport-Security" not in client.get("/login/", **via("198.51.100.7"))


def test_the_lockout_counts_the_forwarded_client_not_the_proxy(behind_proxy, cast):
    attacker, clinician = via(PROXY, "203.0.113.66"), via(PROXY, "203.0.113.9")
    client = Client()
    for _ in range(login_failure_limit()):
        client.post("/login/", {"email": CASEY, "password": "wrong password"}, **attacker)
    locked = client.post("/login/", {"email": CASEY, "password": PASSWORD}, **attacker)
    assert locked.status_code == 429
    # The clinician behind the same proxy, at another address, still gets in.
    allowed = Client().post("/login/", {"email": CASEY, "password": PASSWORD}, **clinician)
    assert allowed.status_code == 302


def test_an_untrusted_sender_cannot_escape_the_lockout_by_changing_its_header(behind_proxy, cast):
    client = Client()
    for n in range(login_failure_limit()):
        forged = via("198.51.100.7", f"203.0.113.{n + 1}")
        client.post("/login/", {"email": CASEY, "password": "wrong password"}, **forged)
    fresh = via("198.51.100.7", "203.0.113.200")
    assert (
        client.post("/login/", {"email": CASEY, "password": PASSWORD}, **fresh).status_code == 429
    )
