"""`/health/`, the load balancer's probe: "ok" when this process can serve, else 503."""

from __future__ import annotations

from django.db import DatabaseError
from django.test import Client as WebClient

from sealbook.audit.models import AuditEntry
from sealbook.web import health


def test_an_unsealed_process_with_its_database_is_healthy(cast):
    before = AuditEntry.objects.count()
    response = WebClient().get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies
    assert AuditEntry.objects.count() == before  # a probe every second writes nothing


def test_a_process_that_lost_its_database_is_not(cast, monkeypatch):
    class Cursor:
        def __enter__(self):
            raise DatabaseError("connection refused")

        def __exit__(self, *exc):
            return False

    closed = []
    with monkeypatch.context() as patched:
        patched.setattr(health.connection, "cursor", lambda: Cursor())
        patched.setattr(health.connection, "close", lambda: closed.append(True))
        assert not health.database_writable()
    assert closed  # the next request reconnects
    monkeypatch.setattr(health, "database_writable", lambda: False)
    assert WebClient().get("/health/").status_code == 503


def test_only_get_is_answered(cast):
    assert WebClient().post("/health/").status_code == 405
