from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sealbook.vault import runtime


def practice(request: HttpRequest) -> dict[str, Any]:
    name = ""
    if runtime.is_unsealed():
        name = runtime.practice_name()
    return {
        "practice_name": name,
        "idle_logoff_seconds": settings.SEALBOOK_IDLE_LOGOFF_MINUTES * 60,
    }
