"""A database that cannot be reached (a PostgreSQL failover or restart) answers 503 with
Retry-After, not 500: nothing was written, and the same request works again in seconds."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, InterfaceError, OperationalError
from django.test import RequestFactory
from django.urls import get_resolver

from sealbook.web.views import RETRY_AFTER_SECONDS, server_error


def _answer_while_handling(failure: Exception) -> tuple[int, str | None, str]:
    request = RequestFactory().get("/clients/")
    try:
        raise failure
    except Exception:  # Django calls the handler inside its own except block
        response = server_error(request)
    return response.status_code, response.get("Retry-After"), response.content.decode()


def test_the_site_answers_errors_through_this_handler() -> None:
    assert get_resolver().resolve_error_handler(500) is server_error


@pytest.mark.parametrize(
    "failure",
    [
        OperationalError("connection to server at 127.0.0.1, port 5432 failed"),
        InterfaceError("connection already closed"),
        OperationalError("database is locked"),
    ],
)
def test_a_lost_database_is_a_503_with_retry_after(failure: Exception) -> None:
    status, retry_after, page = _answer_while_handling(failure)
    assert status == 503
    assert retry_after == str(RETRY_AFTER_SECONDS)
    assert "try again" in page
    # The database's own message (its address) is not shown.
    assert "5432" not in page and "127.0.0.1" not in page


@pytest.mark.parametrize(
    "failure", [ValueError("a bug"), DatabaseError("a constraint of a broken query")]
)
def test_any_other_failure_is_still_a_500(failure: Exception) -> None:
    status, retry_after, page = _answer_while_handling(failure)
    assert status == 500
    assert retry_after is None
    assert "Something went wrong on the server" in page
