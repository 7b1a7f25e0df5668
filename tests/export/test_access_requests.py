"""Access requests (HIPAA 164.524(b)(2)): due in 30 days, one 30-day extension taken in
time, overdue ones flagged on the dashboard, and bad dates refused."""

from __future__ import annotations

import datetime

import pytest

from sealbook.export.actions import AccessRequestError, extend_access_request, open_access_request
from sealbook.export.models import AccessRequest
from tests.conftest import sign_in
from tests.disclosure.support import today


def received(cast, days_ago: int) -> AccessRequest:
    return open_access_request(
        cast.casey,
        cast.riley,
        received_on=today() - datetime.timedelta(days=days_ago),
        requested_by="Synthetic requester",
    )


@pytest.mark.parametrize(
    ("days_ago", "state", "days_left"),
    [(0, "open", 30), (29, "open", 1), (30, "open", 0), (31, "overdue", -1), (59, "overdue", -29)],
)
def test_each_request_is_due_thirty_days_after_receipt(cast, days_ago, state, days_left):
    request = received(cast, days_ago)
    assert request.due_on == request.received_on + datetime.timedelta(days=30)
    assert request.state(today()) == state and request.days_left(today()) == days_left


def test_a_request_from_before_every_deadline_or_in_the_future_is_refused(cast):
    for days_ago in (61, -1):
        with pytest.raises(AccessRequestError):
            received(cast, days_ago)
    with pytest.raises(AccessRequestError):
        open_access_request(cast.casey, cast.riley, received_on=today(), requested_by="  ")
    assert not AccessRequest.objects.exists()


def test_the_one_extension_must_be_taken_within_the_first_thirty_days(cast):
    late = received(cast, 31)
    with pytest.raises(AccessRequestError, match="within the first 30 days"):
        extend_access_request(cast.casey, late, reason="Records in off-site storage")
    in_time = received(cast, 10)
    with pytest.raises(AccessRequestError, match="reason"):
        extend_access_request(cast.casey, in_time, reason=" ")
    extended = extend_access_request(cast.casey, in_time, reason="Records in off-site storage")
    assert extended.deadline == in_time.received_on + datetime.timedelta(days=60)
    assert extended.state(today()) == "extended" and extended.days_left(today()) == 50


def test_the_dashboard_puts_the_overdue_request_first(client, cast):
    received(cast, 5)
    received(cast, 40)
    sign_in(client, cast.casey)
    page = client.get("/access-requests/")
    rows = page.context["rows"]
    assert [state for _, state, _ in rows] == ["overdue", "open"]
    assert b'class="request-overdue"' in page.content
