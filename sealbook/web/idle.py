"""The server's idle clock (HIPAA 164.312(a)(2)(iii) automatic logoff).

Every request a user makes counts as activity and restarts the clock, except
the few requests the browser's idle script makes on its own (asking how much
time is left, keeping drafts at logoff): those are marked `not_activity`, or an
idle page would keep its own session alive forever.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest

SESSION_KEY = "sealbook_last_seen"
V = TypeVar("V", bound=Callable[..., Any])


def limit_seconds() -> int:
    """The practice policy's idle logoff, in seconds (access.practice_policy)."""
    from sealbook.access import practice_policy

    return practice_policy.idle_logoff_minutes() * 60


def seconds_left(request: HttpRequest) -> float:
    """How long this session may stay idle from now on (negative once it is over)."""
    last = float(request.session.get(SESSION_KEY, time.time()))
    return limit_seconds() - (time.time() - last)


def touch(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = time.time()


def not_activity(view: V) -> V:
    """Mark a view whose requests do not restart the idle clock."""
    view.sealbook_not_activity = True  # type: ignore[attr-defined]
    return view


def counts_as_activity(view: Callable[..., Any]) -> bool:
    return not getattr(view, "sealbook_not_activity", False)
