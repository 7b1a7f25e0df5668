from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sealbook.vault import runtime


def practice(request: HttpRequest) -> dict[str, Any]:
    name = ""
    mfa_off = False
    if runtime.is_unsealed():
        from sealbook.access.models import current_policy

        name = runtime.practice_name()
        mfa_off = not current_policy().mfa_required
    from sealbook.access.notifications import unread_notifications

    return {
        "unread_notifications": unread_notifications(getattr(request, "user", None)) if name else 0,
        "practice_name": name,
        "mfa_not_required": mfa_off,
        "idle_logoff_seconds": settings.SEALBOOK_IDLE_LOGOFF_MINUTES * 60,
    }
