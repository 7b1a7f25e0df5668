"""Per-request state of the access policy."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sealbook.access.policy import relationship_memo
from sealbook.access.practice_policy import policy_memo


class RelationshipMemoMiddleware:
    """Let the policy's decisions within one request share their relationship queries,
    and the practice policy's settings one read of its row.

    Every decision is still made, and `authorize` still writes each to the
    audit log; only the rows it reads are remembered (see policy.RelationshipMemo
    and practice_policy.PolicyMemo).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with relationship_memo(), policy_memo():
            return self.get_response(request)
