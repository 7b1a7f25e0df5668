"""The one place that decides "may this user do this to this client?".

Views, the CLI and exports all ask `authorize()`; nothing else decides access.
It raises `AccessDenied` on "no" (never returns a boolean a caller could
ignore) and writes every denial to the audit log. Views turn AccessDenied into
a 404 through the getters in `access.getters`, so a chart's existence does not
leak to someone who may not see it.

Rules (DESIGN.md capability 4; issue #4 extends them with break-glass,
supervision and the client portal):

- Clinical content (chart, sessions, notes) is need-to-know: only members of
  the client's care team with a clinical role.
- Front desk sees demographics and the schedule of every unrestricted client,
  never notes.
- The owner runs the practice: creates clients, imports, sees the client list
  and demographics, but reads no clinical content unless on the care team.
- The auditor sees the audit log only.
- A restricted client (CA AB 352) is visible only to the named care team,
  whatever anyone's role.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied

from sealbook.accounts.models import Role
from sealbook.audit.events import AuditEvent


class Action(StrEnum):
    LIST_CLIENTS = "list-clients"
    CREATE_CLIENT = "create-client"
    IMPORT_CLIENTS = "import-clients"
    VIEW_DEMOGRAPHICS = "view-demographics"
    SCHEDULE_SESSION = "schedule-session"
    VIEW_CLINICAL = "view-clinical"
    WRITE_NOTE = "write-note"
    VIEW_AUDIT_LOG = "view-audit-log"


class AccessDenied(PermissionDenied):
    pass


# Practice-wide actions each role may take (no particular client involved).
_PRACTICE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.OWNER: frozenset({Action.LIST_CLIENTS, Action.CREATE_CLIENT, Action.IMPORT_CLIENTS}),
    Role.CLINICIAN: frozenset({Action.LIST_CLIENTS, Action.CREATE_CLIENT}),
    Role.SUPERVISOR: frozenset({Action.LIST_CLIENTS, Action.CREATE_CLIENT}),
    Role.TRAINEE: frozenset({Action.LIST_CLIENTS}),
    Role.FRONT_DESK: frozenset({Action.LIST_CLIENTS, Action.CREATE_CLIENT}),
    Role.AUDITOR: frozenset({Action.VIEW_AUDIT_LOG}),
}

_CLINICAL_ROLES = frozenset({Role.CLINICIAN, Role.SUPERVISOR, Role.TRAINEE})
_DEMOGRAPHIC_ROLES = frozenset({Role.OWNER, Role.FRONT_DESK})


def on_care_team(user: Any, client: Any) -> bool:
    return bool(client.care_team.filter(user=user).exists())


def _allowed(user: Any, action: Action, client: Any) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if client is None:
        return action in _PRACTICE_ACTIONS.get(user.role, frozenset())
    member = on_care_team(user, client)
    if client.restricted and not member:
        return False
    if action in (Action.VIEW_CLINICAL, Action.WRITE_NOTE):
        return member and user.role in _CLINICAL_ROLES
    if action in (Action.VIEW_DEMOGRAPHICS, Action.SCHEDULE_SESSION):
        return member or user.role in _DEMOGRAPHIC_ROLES
    return False


def authorize(user: Any, action: Action, client: Any = None) -> None:
    """Raise AccessDenied, after writing an audit entry, unless `user` may do `action`."""
    if _allowed(user, action, client):
        return
    from sealbook.audit.log import record

    record(
        AuditEvent.ACCESS_DENIED,
        actor=user if getattr(user, "is_authenticated", False) else None,
        client_id=client.pk if client is not None else None,
        outcome="denied",
        detail={"action": str(action)},
    )
    raise AccessDenied(action)


def permits(user: Any, action: Action, client: Any = None) -> bool:
    """For templates deciding what to show; never use it to guard an operation."""
    return _allowed(user, action, client)


def visible_clients(user: Any, queryset: Any) -> Any:
    """Narrow a Client queryset to the clients `user` may see in a list."""
    if not (user and user.is_authenticated):
        return queryset.none()
    if user.role in _DEMOGRAPHIC_ROLES:
        return (
            queryset.filter(restricted=False) | queryset.filter(care_team__user=user)
        ).distinct()
    if user.role in _CLINICAL_ROLES:
        return queryset.filter(care_team__user=user)
    return queryset.none()
