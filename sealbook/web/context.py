from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sealbook.access import practice_policy
from sealbook.vault import runtime
from sealbook.web import idle


def practice(request: HttpRequest) -> dict[str, Any]:
    name = ""
    mfa_off = False
    if runtime.is_unsealed():
        name = runtime.practice_name()
        mfa_off = not practice_policy.mfa_required()
    from sealbook.access.notifications import unread_notifications

    return {
        "unread_notifications": unread_notifications(getattr(request, "user", None)) if name else 0,
        "practice_name": name,
        "mfa_not_required": mfa_off,
        "idle_logoff_seconds": idle.limit_seconds(),
    }
