"""Attempted login names are stored and logged only as a digest keyed by a practice key,
and failed attempts are deleted once the lockout window has passed."""

from __future__ import annotations

import datetime
import hashlib
import logging
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from sealbook.access import practice_policy
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.staff.lockout import axes_client_str, login_name_digest, purge_expired_attempts
from tests.conftest import PASSWORD
from tests.staff.test_second_factor_at_rest import database_text

# Synthetic canaries: an address nobody has, and a password typed into the e-mail box.
TYPED_NAME = "canary-login-7f3a@practice.example.org"
TYPED_PASSWORD = "Canary-Passw0rd-In-The-Email-Box"


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def everything_logged(caplog) -> str:
    return "\n".join(record.getMessage() for record in caplog.records).lower()


@pytest.mark.parametrize("typed", [TYPED_NAME, TYPED_PASSWORD])
def test_a_failed_login_name_is_neither_logged_nor_stored(client, cast, logs, typed):
    assert client.post("/login/", {"email": typed, "password": "wrong"}).status_code == 401
    assert "axes" in everything_logged(logs)  # axes did log the failure ...
    assert typed.lower() not in everything_logged(logs)  # ... without the name
    assert typed.lower() not in database_text()
    attempt = AccessAttempt.objects.get()
    assert attempt.username == login_name_digest(typed)
    assert "127.0.0.1" not in everything_logged(logs)


def test_the_digest_is_keyed_not_a_plain_hash_of_the_name(client, cast):
    client.post("/login/", {"email": TYPED_NAME, "password": "wrong"})
    entry = AuditEntry.objects.get(event=AuditEvent.LOGIN_FAILED)
    stored = read_detail(entry)
    assert stored == {"login_hmac": login_name_digest(TYPED_NAME)}
    plain = hashlib.sha256(TYPED_NAME.encode()).hexdigest()
    assert plain[:16] not in str(stored) and plain[:32] != stored["login_hmac"]
    # The same name always gives the same digest, so the lockout still counts per login.
    assert login_name_digest(f"  {TYPED_NAME.upper()} ") == stored["login_hmac"]


def test_a_successful_login_is_logged_without_the_name(client, cast, logs):
    assert client.post("/login/", {"email": cast.casey.email, "password": PASSWORD}).status_code
    assert cast.casey.email not in everything_logged(logs)


def test_the_log_line_names_the_digest_and_the_page_only(practice):
    line = axes_client_str("quinn@practice.example.org", "192.0.2.7", "Browser/1", "/login/", None)
    assert "quinn" not in line and "192.0.2.7" not in line and "Browser" not in line
    assert login_name_digest("quinn@practice.example.org") in line and "/login/" in line


def test_attempts_older_than_the_lockout_window_are_deleted(client, cast, settings):
    client.post("/login/", {"email": TYPED_NAME, "password": "wrong"})
    window = practice_policy.axes_cool_off()
    AccessAttempt.objects.update(attempt_time=timezone.now() - window - datetime.timedelta(1))
    client.post("/login/", {"email": "someone-else@practice.example.org", "password": "wrong"})
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [
        login_name_digest("someone-else@practice.example.org")
    ]
    AccessAttempt.objects.update(attempt_time=timezone.now() - window - datetime.timedelta(1))
    assert purge_expired_attempts() == 1 and not AccessAttempt.objects.exists()


def test_every_column_of_the_lockout_table_is_classified():
    doc = (Path(__file__).parents[2] / "docs" / "data-classification.md").read_text()
    rows = "\n".join(line for line in doc.splitlines() if line.startswith("| `axes_accessattempt`"))
    columns = [f.column for f in AccessAttempt._meta.concrete_fields if not f.primary_key]
    assert [c for c in columns if f"`{c}`" not in rows] == []
