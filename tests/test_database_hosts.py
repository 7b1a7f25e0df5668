"""SEALBOOK_DATABASE_URL with a primary and its standbys: libpq's host lists (docs/scale.md).

bench/pg_failover_bench.py runs a real failover with such a URL.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sealbook.conf import ConfigurationError, database_settings


def test_one_host_is_as_before():
    db = database_settings("postgresql://u:p@db.example.net:5433/name", Path("/x"))
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "u", "p", "db.example.net", "5433"
    )  # fmt: skip
    assert db["CONN_HEALTH_CHECKS"] is True


def test_several_hosts_become_libpq_lists_and_find_the_primary():
    db = database_settings(
        "postgresql://app@db1.example.net:5432,db2.example.net:5433,[::1]:5434/sealbook"
        "?target_session_attrs=read-write&sslmode=verify-full",
        Path("/x"),
    )
    assert db["HOST"] == "db1.example.net,db2.example.net,::1"
    assert db["PORT"] == "5432,5433,5434"
    assert db["OPTIONS"] == {
        "connect_timeout": 5,
        "target_session_attrs": "read-write",
        "sslmode": "verify-full",
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://u@a:5432,b/n", "give every host a port, or none"),
        ("postgresql://u@a:5432,b:x/n", "bad port"),
        ("postgresql://u@a:99999/n", "bad port"),
        ("postgresql://u@a,,b/n", "an empty host"),
        ("postgresql://u@a,b/n?target_session_attrs=primary-ish", "target_session_attrs must"),
    ],
)
def test_a_malformed_host_list_is_refused(url, message):
    with pytest.raises(ConfigurationError, match=message):
        database_settings(url, Path("/x"))
