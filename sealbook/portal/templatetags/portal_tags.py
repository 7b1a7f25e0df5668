from __future__ import annotations

from typing import Any

from django import template

from sealbook.access.policy import Action, permits

register = template.Library()


@register.simple_tag
def may_invite_to_portal(user: Any, client: Any) -> bool:
    """Whether the chart shows its "Portal" link (the page itself authorizes)."""
    return permits(user, Action.INVITE_TO_PORTAL, client)
