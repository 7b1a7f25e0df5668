"""The open-alert count in the navigation, for whoever the policy lets review alerts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sealbook.access.policy import Action, permits
from sealbook.vault import runtime


def alerts(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not (runtime.is_unsealed() and permits(user, Action.REVIEW_ALERTS)):
        return {"open_alerts": None}
    from sealbook.oversight.models import Alert

    return {"open_alerts": Alert.objects.filter(acknowledged_at__isnull=True).count()}
