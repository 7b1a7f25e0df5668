"""Template helpers for pages every user sees: the start page and the menu.

`may` only decides what a template shows; every view still authorizes.
"""

from __future__ import annotations

from typing import Any

from django import template

from sealbook.access.landing import StartPage, start_page
from sealbook.access.policy import Action, permits

register = template.Library()


@register.simple_tag(takes_context=True)
def start_page_for(context: dict[str, Any]) -> StartPage:
    request = context.get("request")
    return start_page(getattr(request, "user", None))


@register.filter
def may(user: Any, action: str) -> bool:
    """`{% if user|may:"view-audit-log" %}`: the policy's answer, for showing a link."""
    return permits(user, Action(action))
