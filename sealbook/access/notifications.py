"""The owner's in-app notices (break-glass uses today): counting and marking them read."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from sealbook.access.models import Notification


def unread_notifications(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def recent_notifications(user: Any) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).select_related("actor")[:100])


def mark_notifications_read(user: Any) -> int:
    """Mark every unread notice of `user` read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
