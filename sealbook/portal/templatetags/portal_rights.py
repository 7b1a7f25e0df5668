"""The Requests page's list of the client's rights requests, with their state."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def rights_requests(account: Any) -> dict[str, Any]:
    from sealbook.portal.copies import DOWNLOAD_DAYS
    from sealbook.portal.rights_models import AmendmentRequest, RecordCopy, RestrictionRequest

    now = timezone.now()
    return {
        "copies": [
            (c, c.state(now))
            for c in RecordCopy.objects.filter(account=account).select_related("access_request")
        ],
        "amendments": list(AmendmentRequest.objects.filter(account=account)),
        "restrictions": list(RestrictionRequest.objects.filter(account=account)),
        "download_days": DOWNLOAD_DAYS,
    }


@register.simple_tag
def may_see_portal_requests(user: Any, client: Any) -> bool:
    """Whether the chart's "Portal" page links the client's requests (the page authorizes)."""
    from sealbook.access.policy import Action, permits

    return permits(user, Action.VIEW_CLINICAL, client)
