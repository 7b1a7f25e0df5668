"""The one place that decides "may this user do this to this client?".

Views, the CLI and exports all ask `authorize()`; nothing else decides access.
It raises `AccessDenied` on "no" (never returns a boolean a caller could
ignore), and writes every decision, granted or denied, to the audit log with
the basis it rested on. Views load objects through `records.getters`, which turn
AccessDenied into a 404 so a chart's existence does not leak.

The rules are one table, `RULES`: for each action, which roles may take it and
what relationship to the client each role needs:

- TEAM: on the client's care team (need-to-know, HIPAA 164.502(b));
- CARE: the care team, a supervisor of a care-team member, or an active
  break-glass grant (emergency access, HIPAA 164.312(a)(2)(ii));
- ROLE: the role alone is enough (the front desk sees every unrestricted
  client's demographics and schedule);
- PRACTICE: a practice-wide action about no particular client.

A restricted client (California AB 352) overrides all of it: only members of
its care team get anything, whatever their role, the owner included, and
break-glass does not open it. Portal accounts (the roles in
`accounts.models.PORTAL_ROLES`: a client, a guardian) appear in no rule: every
staff action is refused to them, and the portal scopes what they see to their
own chart by construction (sealbook/portal/access.py). Actions marked `sudo` also need a recent
re-authentication (see staff.sudo); when the practice policy says so, that
re-authentication must have been made with a passkey (staff.passkeys).
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sealbook.accounts.models import CLINICAL_ROLES, Role
from sealbook.audit.events import AuditEvent


class Action(StrEnum):
    # Practice-wide.
    LIST_CLIENTS = "list-clients"
    CREATE_CLIENT = "create-client"
    IMPORT_CLIENTS = "import-clients"
    MANAGE_STAFF = "manage-staff"
    MANAGE_CARE_TEAMS = "manage-care-teams"
    MANAGE_PRACTICE = "manage-practice"
    VIEW_AUDIT_LOG = "view-audit-log"
    REVIEW_ALERTS = "review-alerts"
    MANAGE_INCIDENTS = "manage-incidents"
    MANAGE_OWN_PASSKEYS = "manage-own-passkeys"
    EMERGENCY_SEARCH = "emergency-search"
    LEAK_CHECK = "leak-check"
    VIEW_CALENDAR = "view-calendar"
    VIEW_PRACTICE_CALENDAR = "view-practice-calendar"
    BOOK_APPOINTMENTS = "book-appointments"
    MANAGE_CALENDAR_SETUP = "manage-calendar-setup"
    MANAGE_OWN_HOURS = "manage-own-hours"
    SUBSCRIBE_CALENDAR_FEED = "subscribe-calendar-feed"
    # About one client.
    VIEW_DEMOGRAPHICS = "view-demographics"
    EDIT_DEMOGRAPHICS = "edit-demographics"
    SCHEDULE_SESSION = "schedule-session"
    RESCHEDULE_APPOINTMENT = "reschedule-appointment"
    CANCEL_APPOINTMENT = "cancel-appointment"
    MARK_NO_SHOW = "mark-no-show"
    OVERRIDE_CONFLICT = "override-conflict"
    HOLD_VIDEO_SESSION = "hold-video-session"
    VIEW_CLINICAL = "view-clinical"
    WRITE_NOTE = "write-note"
    WRITE_PSYCHOTHERAPY_NOTE = "write-psychotherapy-note"
    VIEW_DOCUMENTS = "view-documents"
    ADD_DOCUMENT = "add-document"
    RECORD_CONSENT = "record-consent"
    MANAGE_AUTHORIZATIONS = "manage-authorizations"
    DISCLOSE = "disclose"
    EXPORT_RECORD = "export-record"
    SHARE_CASE_MATERIAL = "share-case-material"
    VIEW_ACCESS_HISTORY = "view-access-history"
    BREAK_GLASS = "break-glass"
    INVITE_TO_PORTAL = "invite-to-portal"
    MESSAGE_INBOX = "message-inbox"
    PORTAL_MESSAGES = "portal-messages"
    RECORD_MINOR_CONSENT = "record-minor-consent"


class Need(StrEnum):
    PRACTICE = "practice"
    ROLE = "role"
    TEAM = "team"
    CARE = "care"
    OFF_TEAM = "off-team"  # break-glass: only someone who is not already on the team


LICENSED = frozenset({Role.CLINICIAN, Role.SUPERVISOR})


@dataclass(frozen=True)
class Rule:
    grants: dict[str, Need]
    sudo: bool = False


def _rule(*pairs: tuple[frozenset[str] | str, Need], sudo: bool = False) -> Rule:
    grants: dict[str, Need] = {}
    for roles, need in pairs:
        for role in [roles] if isinstance(roles, str) else sorted(roles):
            grants[role] = need
    return Rule(grants, sudo)


RULES: dict[Action, Rule] = {
    Action.LIST_CLIENTS: _rule((CLINICAL_ROLES, Need.PRACTICE), (Role.OWNER, Need.PRACTICE),
                               (Role.FRONT_DESK, Need.PRACTICE)),
    Action.CREATE_CLIENT: _rule((LICENSED, Need.PRACTICE), (Role.OWNER, Need.PRACTICE),
                                (Role.FRONT_DESK, Need.PRACTICE)),
    Action.IMPORT_CLIENTS: _rule((Role.OWNER, Need.PRACTICE)),
    Action.MANAGE_STAFF: _rule((Role.OWNER, Need.PRACTICE), sudo=True),
    # The owner manages every care team; a licensed clinician the teams they are on
    # (a co-therapist, cover for a holiday), a restricted chart's included.
    Action.MANAGE_CARE_TEAMS: _rule((Role.OWNER, Need.PRACTICE), (LICENSED, Need.TEAM)),
    Action.MANAGE_PRACTICE: _rule((Role.OWNER, Need.PRACTICE), sudo=True),
    Action.VIEW_AUDIT_LOG: _rule((Role.AUDITOR, Need.PRACTICE), (Role.OWNER, Need.PRACTICE)),
    Action.REVIEW_ALERTS: _rule((Role.OWNER, Need.PRACTICE)),
    # Breach response names every affected client and prints their address.
    Action.MANAGE_INCIDENTS: _rule((Role.OWNER, Need.PRACTICE), sudo=True),
    Action.EMERGENCY_SEARCH: _rule((LICENSED, Need.PRACTICE)),
    # Anyone adds or removes their own passkeys, after proving it is them again.
    Action.MANAGE_OWN_PASSKEYS: _rule((CLINICAL_ROLES, Need.PRACTICE), (Role.OWNER, Need.PRACTICE),
                                      (Role.FRONT_DESK, Need.PRACTICE),
                                      (Role.AUDITOR, Need.PRACTICE), sudo=True),
    # Anyone who sends text out of the practice may check it first (DESIGN capability 7).
    Action.LEAK_CHECK: _rule((CLINICAL_ROLES, Need.PRACTICE), (Role.OWNER, Need.PRACTICE),
                             (Role.FRONT_DESK, Need.PRACTICE)),
    # The calendar: whose appointments each person sees is `scheduling.visibility`'s.
    Action.VIEW_CALENDAR: _rule((CLINICAL_ROLES, Need.PRACTICE), (Role.OWNER, Need.PRACTICE),
                                (Role.FRONT_DESK, Need.PRACTICE)),
    Action.VIEW_PRACTICE_CALENDAR: _rule((Role.OWNER, Need.PRACTICE),
                                         (Role.FRONT_DESK, Need.PRACTICE)),
    Action.BOOK_APPOINTMENTS: _rule((CLINICAL_ROLES, Need.PRACTICE),
                                    (Role.FRONT_DESK, Need.PRACTICE)),
    Action.MANAGE_CALENDAR_SETUP: _rule((Role.OWNER, Need.PRACTICE),
                                        (Role.FRONT_DESK, Need.PRACTICE)),
    # A clinician keeps their own working hours and time off; the rooms and everyone
    # else's hours are the calendar's setup (above).
    Action.MANAGE_OWN_HOURS: _rule((CLINICAL_ROLES, Need.PRACTICE)),
    Action.SUBSCRIBE_CALENDAR_FEED: _rule((CLINICAL_ROLES, Need.PRACTICE)),
    Action.VIEW_DEMOGRAPHICS: _rule((CLINICAL_ROLES, Need.CARE), (Role.OWNER, Need.ROLE),
                                    (Role.FRONT_DESK, Need.ROLE)),
    Action.EDIT_DEMOGRAPHICS: _rule((LICENSED, Need.TEAM), (Role.OWNER, Need.ROLE),
                                    (Role.FRONT_DESK, Need.ROLE)),
    Action.SCHEDULE_SESSION: _rule((CLINICAL_ROLES, Need.TEAM), (Role.FRONT_DESK, Need.ROLE)),
    Action.RESCHEDULE_APPOINTMENT: _rule((CLINICAL_ROLES, Need.TEAM), (Role.FRONT_DESK, Need.ROLE)),
    Action.CANCEL_APPOINTMENT: _rule((CLINICAL_ROLES, Need.TEAM), (Role.FRONT_DESK, Need.ROLE)),
    Action.MARK_NO_SHOW: _rule((CLINICAL_ROLES, Need.TEAM), (Role.FRONT_DESK, Need.ROLE)),
    Action.OVERRIDE_CONFLICT: _rule((LICENSED, Need.TEAM), (Role.FRONT_DESK, Need.ROLE)),
    # The session's own clinician, on the care team (telehealth.actions checks the first part).
    Action.HOLD_VIDEO_SESSION: _rule((CLINICAL_ROLES, Need.TEAM)),
    Action.VIEW_CLINICAL: _rule((CLINICAL_ROLES, Need.CARE)),
    Action.WRITE_NOTE: _rule((CLINICAL_ROLES, Need.TEAM)),
    Action.WRITE_PSYCHOTHERAPY_NOTE: _rule((CLINICAL_ROLES, Need.TEAM)),
    Action.VIEW_DOCUMENTS: _rule((CLINICAL_ROLES, Need.CARE)),
    Action.ADD_DOCUMENT: _rule((CLINICAL_ROLES, Need.TEAM), (Role.FRONT_DESK, Need.ROLE)),
    Action.RECORD_CONSENT: _rule((CLINICAL_ROLES, Need.TEAM), (Role.FRONT_DESK, Need.ROLE)),
    Action.MANAGE_AUTHORIZATIONS: _rule((LICENSED, Need.TEAM)),
    Action.DISCLOSE: _rule((LICENSED, Need.TEAM), sudo=True),
    Action.EXPORT_RECORD: _rule((LICENSED, Need.TEAM), (Role.OWNER, Need.ROLE), sudo=True),
    Action.SHARE_CASE_MATERIAL: _rule((CLINICAL_ROLES, Need.CARE)),
    Action.VIEW_ACCESS_HISTORY: _rule((LICENSED, Need.TEAM), (Role.OWNER, Need.ROLE),
                                      (Role.AUDITOR, Need.ROLE)),
    Action.BREAK_GLASS: _rule((LICENSED, Need.OFF_TEAM), sudo=True),
    # Sending a client (or a minor's guardian) an invitation to the portal.
    Action.INVITE_TO_PORTAL: _rule((CLINICAL_ROLES, Need.TEAM), (Role.FRONT_DESK, Need.ROLE)),
    # Secure messages with clients: the care team reads and answers them.
    Action.MESSAGE_INBOX: _rule((CLINICAL_ROLES, Need.PRACTICE)),
    Action.PORTAL_MESSAGES: _rule((CLINICAL_ROLES, Need.TEAM)),
    # That a minor consented alone to a service (hidden from guardians): the clinician's call.
    Action.RECORD_MINOR_CONSENT: _rule((CLINICAL_ROLES, Need.TEAM)),
}  # fmt: skip


class AccessDenied(PermissionDenied):
    pass


class ReauthenticationRequired(AccessDenied):
    """The action is allowed, but only after the user proves who they are again."""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    basis: str  # what the decision rested on, for the audit log


class RelationshipMemo:
    """One web request's answers from `relationship`, keyed by (user, client).

    A chart view asks the policy seven times about the same person and client;
    the memo runs the care-team, supervision and break-glass queries once.
    Any change to a care team, supervision or break-glass grant during the
    request (see `forget_relationships`) empties it and turns it off for the
    rest of the request, so an answer is never older than the rows it came
    from, even if the transaction that made the change later rolls back.
    """

    def __init__(self) -> None:
        self.entries: dict[tuple[Any, Any], tuple[bool, bool, datetime.datetime | None]] = {}
        self.enabled = True

    def forget(self) -> None:
        self.entries.clear()
        self.enabled = False


# Set only while a web request runs (access.middleware); the CLI and code
# called outside a request always query.
_memo: ContextVar[RelationshipMemo | None] = ContextVar("relationship_memo", default=None)


@contextlib.contextmanager
def relationship_memo() -> Iterator[RelationshipMemo]:
    """Remember `relationship` answers until the block ends (one web request)."""
    memo = RelationshipMemo()
    token = _memo.set(memo)
    try:
        yield memo
    finally:
        _memo.reset(token)


def forget_relationships(**_: Any) -> None:
    """Signal receiver: a care team, supervision or break-glass grant changed."""
    memo = _memo.get()
    if memo is not None:
        memo.forget()


def _query_relationship(user: Any, client: Any) -> tuple[bool, bool, datetime.datetime | None]:
    from sealbook.access.models import BreakGlassGrant, Supervision

    team = set(client.care_team.values_list("user_id", flat=True))
    member = user.pk in team
    supervises = (
        not member and Supervision.objects.filter(supervisor=user, supervisee_id__in=team).exists()
    )
    # The latest expiry rather than "is there an active grant", so that a
    # remembered answer still lapses at the moment the grant does.
    glass_until = (
        None
        if member
        else BreakGlassGrant.objects.filter(client=client, user=user, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .values_list("expires_at", flat=True)
        .first()
    )
    return member, supervises, glass_until


def remember_relationships(user: Any, clients: list[Any]) -> None:
    """Answer `relationship` for many clients at once, into this request's memo.

    A calendar page asks about forty clients: three queries for all of them
    instead of up to three for each. Outside a request (no memo) it does nothing.
    """
    memo = _memo.get()
    if memo is None or not memo.enabled or not clients:
        return
    from sealbook.access.models import BreakGlassGrant, Supervision

    wanted = {c.pk for c in clients if (user.pk, c.pk) not in memo.entries}
    if not wanted:
        return
    # The care-team rows, through the clients' own relation (records sits above access).
    memberships = clients[0].care_team.model.objects.filter(client_id__in=wanted)
    teams: dict[Any, set[Any]] = {pk: set() for pk in wanted}
    for client_id, user_id in memberships.values_list("client_id", "user_id"):
        teams[client_id].add(user_id)
    everyone = set().union(*teams.values())
    supervised = set(
        Supervision.objects.filter(supervisor=user, supervisee_id__in=everyone).values_list(
            "supervisee_id", flat=True
        )
    )
    glass: dict[Any, datetime.datetime] = {}
    grants = BreakGlassGrant.objects.filter(
        client_id__in=wanted, user=user, expires_at__gt=timezone.now()
    ).values_list("client_id", "expires_at")
    for client_id, until in grants:
        glass[client_id] = max(until, glass.get(client_id, until))
    for pk, team in teams.items():
        member = user.pk in team
        memo.entries[(user.pk, pk)] = (
            member,
            not member and bool(team & supervised),
            None if member else glass.get(pk),
        )


def relationship(user: Any, client: Any) -> tuple[bool, bool, bool]:
    """(on the care team, supervises a member, has an active break-glass grant)."""
    memo = _memo.get()
    if memo is not None and memo.enabled:
        key = (user.pk, client.pk)
        found = memo.entries.get(key)
        if found is None:
            found = memo.entries[key] = _query_relationship(user, client)
    else:
        found = _query_relationship(user, client)
    member, supervises, glass_until = found
    return member, supervises, glass_until is not None and glass_until > timezone.now()


def decide(user: Any, action: Action, client: Any = None) -> Decision:
    """The decision and its basis, without side effects (see `authorize`)."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return Decision(False, "not-logged-in")
    need = RULES[action].grants.get(user.role)
    if need is None:
        return Decision(False, "role")
    if need is Need.PRACTICE:
        return Decision(client is None, "role" if client is None else "not-practice-wide")
    if client is None:
        return Decision(False, "no-client")
    member, supervises, glass = relationship(user, client)
    if need is Need.OFF_TEAM:
        if client.restricted or member:
            return Decision(False, "restricted" if client.restricted else "on-team")
        return Decision(True, "role")
    if member:
        return Decision(True, "care-team")
    if client.restricted:
        return Decision(False, "restricted")
    if need is Need.ROLE:
        return Decision(True, "role")
    if need is Need.CARE and supervises:
        return Decision(True, "supervision")
    if need is Need.CARE and glass:
        return Decision(True, "break-glass")
    return Decision(False, "not-on-team")


def authorize(
    user: Any,
    action: Action,
    client: Any = None,
    *,
    event: AuditEvent | None = None,
    obj: Any = None,
    detail: dict[str, Any] | None = None,
) -> Decision:
    """Allow or raise AccessDenied; either way the decision goes into the audit log.

    Break-glass access is recorded with outcome "break-glass" so that every
    emergency read stands out in the log.

    One decision writes one entry. When the decision is the whole of what the
    caller does (opening a chart), pass that `event` (with its `obj` and any
    extra `detail`): an allowed access is then recorded as that event, carrying
    the action and its basis, instead of ACCESS_GRANTED followed by the event.
    A refusal is always ACCESS_DENIED.
    """
    from sealbook.audit.log import record

    decision = decide(user, action, client)
    sudo_missing = decision.allowed and RULES[action].sudo and not _reauthenticated(user, action)
    outcome = "denied" if not decision.allowed or sudo_missing else "granted"
    if decision.basis == "break-glass" and outcome == "granted":
        outcome = "break-glass"
    granted_event = event if event is not None else AuditEvent.ACCESS_GRANTED
    record(
        granted_event if outcome != "denied" else AuditEvent.ACCESS_DENIED,
        actor=user if getattr(user, "is_authenticated", False) else None,
        client_id=client.pk if client is not None else None,
        obj=obj if outcome != "denied" else None,
        outcome=outcome,
        detail={
            **(detail or {}),
            "action": str(action),
            "basis": "reauthenticate" if sudo_missing else decision.basis,
        },
    )
    if sudo_missing:
        raise ReauthenticationRequired(action)
    if not decision.allowed:
        raise AccessDenied(action)
    return decision


def _reauthenticated(user: Any, action: Action) -> bool:
    # Set per request by staff.sudo.SudoMiddleware and staff.passkeys.PasskeyPolicyMiddleware;
    # the CLI, where the operator already holds the practice secret, never
    # calls authorize with a user.
    if not getattr(user, "sudo_active", False):
        return False
    if action in PASSKEY_EXEMPT or not _passkey_required_for_key_operations():
        return True
    return bool(getattr(user, "sudo_by_passkey", False))


# Enrolling a first passkey cannot itself need one: a password (and the second
# factor) re-authentication is enough to add or remove your own.
PASSKEY_EXEMPT = frozenset({Action.MANAGE_OWN_PASSKEYS})


def _passkey_required_for_key_operations() -> bool:
    from sealbook.access import practice_policy

    return practice_policy.passkey_required_for_key_operations()


def passkey_required_at_login(user: Any) -> bool:
    """Whether `user` must prove the second factor with a passkey (the owner, if so set)."""
    from sealbook.access import practice_policy

    return bool(
        getattr(user, "role", None) == Role.OWNER and practice_policy.passkey_required_for_owner()
    )


def about(user: Any, action: Action, client: Any) -> Any:
    """The client to ask `authorize` about, for an action some roles take practice-wide:
    None when `user`'s grant is practice-wide (asking about a client would refuse it),
    else `client`."""
    need = RULES[action].grants.get(getattr(user, "role", None) or "")
    return None if need is Need.PRACTICE else client


def permits(user: Any, action: Action, client: Any = None) -> bool:
    """For templates deciding what to show; never use it to guard an operation."""
    return decide(user, action, client).allowed


def visible_clients(user: Any, queryset: Any) -> Any:
    """Narrow a Client queryset to the clients `user` may see in a list."""
    if not (user and user.is_authenticated):
        return queryset.none()
    if user.role in (Role.OWNER, Role.FRONT_DESK):
        return (
            queryset.filter(restricted=False) | queryset.filter(care_team__user=user)
        ).distinct()
    if user.role in CLINICAL_ROLES:
        return queryset.filter(care_team__user=user).distinct()
    return queryset.none()
