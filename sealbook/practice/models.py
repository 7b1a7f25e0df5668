"""The practice's own rules, as settings the software enforces (DESIGN.md capability 11)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PracticePolicy(models.Model):
    """One row: what this practice requires of its staff and its software."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    mfa_required = models.BooleanField(
        default=True, help_text="Every staff account must use a second factor (TOTP)."
    )
    break_glass_minutes = models.PositiveSmallIntegerField(
        default=60, help_text="How long emergency access to a chart lasts."
    )
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The colleague who takes over the records if the practice cannot go on.",
    )
    custodian_public_key = models.BinaryField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


def current_policy() -> PracticePolicy:
    policy, _ = PracticePolicy.objects.get_or_create(pk=1)
    return policy
