from __future__ import annotations

from typing import Any

from django import template

from sealbook.access.policy import Action, permits

register = template.Library()


@register.simple_tag
def may_invite_to_portal(user: Any, client: Any) -> bool:
    """Whether the chart shows its "Portal" link (the page itself authorizes)."""
    return permits(user, Action.INVITE_TO_PORTAL, client)


@register.simple_tag
def shows_access_history(user: Any) -> bool:
    """Whether the portal's navigation links "Who has seen my record" (client accounts only)."""
    from sealbook.portal.models import AccountKind, PortalAccount

    if not getattr(user, "is_authenticated", False):
        return False
    return PortalAccount.objects.filter(
        user_id=user.pk, kind=AccountKind.CLIENT, ended_at__isnull=True
    ).exists()


@register.simple_tag
def portal_shows(user: Any, part: str) -> bool:
    """Whether the portal's navigation links a page: a guardian's only where the policy says."""
    from sealbook.portal.guardians import Part, guardian_may
    from sealbook.portal.models import AccountKind, PortalAccount

    if not getattr(user, "is_authenticated", False):
        return False
    guardian = PortalAccount.objects.filter(
        user_id=user.pk, kind=AccountKind.GUARDIAN, ended_at__isnull=True
    ).exists()
    return not guardian or guardian_may(Part(part))
