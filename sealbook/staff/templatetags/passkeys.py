"""What the re-authentication and second-factor pages show about passkeys."""

from __future__ import annotations

from typing import Any

from django import template

from sealbook.staff import passkeys

register = template.Library()


@register.filter
def has_passkey(user: Any) -> bool:
    return passkeys.has_passkey(user)


@register.simple_tag
def key_operations_need_passkey() -> bool:
    from sealbook.access import practice_policy

    return practice_policy.passkey_required_for_key_operations()
