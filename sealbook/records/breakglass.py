"""Break-glass: emergency access to a chart by a clinician off its care team.

HIPAA 164.312(a)(2)(ii) asks for an emergency-access procedure. Here it is:
the clinician re-authenticates, gives a reason, and gets time-limited access
to one unrestricted chart. Every read under the grant is flagged in the audit
log (outcome "break-glass"), and every owner is notified in the app at once.
Restricted charts (AB 352) are never opened this way.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from sealbook.access import practice_policy
from sealbook.access.models import BreakGlassGrant, Notification, NotificationKind
from sealbook.access.policy import Action, authorize
from sealbook.accounts.models import Role, User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.errors import SealbookError
from sealbook.records.models import Client
from sealbook.records.search import search_clients

MIN_REASON_CHARS = 10


class BreakGlassRefused(SealbookError):
    pass


def start_break_glass(actor: Any, client: Client, reason: str) -> BreakGlassGrant:
    authorize(actor, Action.BREAK_GLASS, client)
    reason = reason.strip()
    if len(reason) < MIN_REASON_CHARS:
        raise BreakGlassRefused(
            f"give the reason for emergency access ({MIN_REASON_CHARS}+ characters)"
        )
    minutes = practice_policy.break_glass_minutes()
    with transaction.atomic():
        grant = BreakGlassGrant(
            client=client,
            user=actor,
            reason=reason,
            expires_at=timezone.now() + datetime.timedelta(minutes=minutes),
        )
        grant.save()
        for owner in User.objects.filter(role=Role.OWNER, is_active=True):
            Notification.objects.create(
                recipient=owner, kind=NotificationKind.BREAK_GLASS, client_id=client.pk, actor=actor
            )
        record(
            AuditEvent.BREAK_GLASS_STARTED,
            actor=actor,
            client_id=client.pk,
            obj=grant,
            outcome="break-glass",
            detail={"minutes": minutes},
        )
    return grant


def search_for_emergency(actor: Any, query: str) -> list[Client]:
    """Find unrestricted clients off the actor's care team, to request emergency access."""
    authorize(actor, Action.EMERGENCY_SEARCH)
    candidates = Client.objects.filter(restricted=False).exclude(care_team__user=actor)
    results = search_clients(query, candidates)
    record(
        AuditEvent.CLIENT_SEARCHED,
        actor=actor,
        detail={"purpose": "break-glass", "results": len(results)},
    )
    return results
