"""Adding and removing care-team members: need-to-know kept up to date (HIPAA 164.502(b)).

The care team is the basis of every clinical access decision (access.policy),
and for a restricted chart it is the whole access list. Who may change a care
team is the policy's `MANAGE_CARE_TEAMS` rule (the owner for every client, a
licensed clinician for the clients whose team they are on); these actions add two rules of
their own, so that managing care teams never becomes a way around them:

- nobody adds themself to a restricted chart's team: a restricted chart stays
  closed to whoever manages care teams (the owner included);
- the last active clinical member is not removed by hand: someone must be able
  to write in the chart (a deactivation is the exception, and its report lists
  the charts left without a clinician).

Every change keeps its reason, encrypted under the client's key, and is
audited with the member's staff id and the change row's id (never the reason).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from sealbook.access.policy import Action, about, authorize, permits
from sealbook.accounts.models import CLINICAL_ROLES, Role, User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.errors import SealbookError
from sealbook.records.models import CareTeamChange, CareTeamChangeKind, CareTeamMembership, Client

# Who can be on a care team: the clinical staff, and the front desk (who
# schedules for a restricted client only when on its team). The owner and the
# auditor gain nothing from a membership but a way into restricted charts.
TEAM_ROLES = frozenset(CLINICAL_ROLES | {Role.FRONT_DESK})


class CareTeamError(SealbookError):
    """A change to a care team was refused (the message says why)."""


def may_manage(user: Any, client: Client) -> bool:
    """Whether the chart shows its "Manage the care team" link (the page authorizes itself)."""
    return permits(user, Action.MANAGE_CARE_TEAMS, about(user, Action.MANAGE_CARE_TEAMS, client))


def authorize_manage(actor: Any, client: Client) -> None:
    """The policy's MANAGE_CARE_TEAMS, practice-wide for the owner, for a team member about
    their client."""
    authorize(actor, Action.MANAGE_CARE_TEAMS, about(actor, Action.MANAGE_CARE_TEAMS, client))


def eligible_members(client: Client) -> QuerySet[User]:
    """Active staff who could join `client`'s care team and are not on it."""
    on_team = CareTeamMembership.objects.filter(client=client).values("user_id")
    return (
        User.objects.filter(is_active=True, role__in=TEAM_ROLES)
        .exclude(pk__in=on_team)
        .order_by("display_name")
    )


def members(client: Client) -> list[CareTeamMembership]:
    return list(
        CareTeamMembership.objects.filter(client=client)
        .select_related("user")
        .order_by("user__display_name")
    )


def _reason(reason: str) -> str:
    cleaned = reason.strip()
    if not cleaned:
        raise CareTeamError("give the reason for the change")
    return cleaned


def _log(actor: Any, change: CareTeamChange, event: AuditEvent) -> None:
    record(
        event,
        actor=actor,
        client_id=change.client_id,
        obj=change,
        detail={"member": change.member_id, "change": str(change.pk),
                "by_deactivation": change.by_deactivation},
    )  # fmt: skip


def add_member(actor: Any, client: Client, member: User, reason: str) -> CareTeamChange:
    """Put `member` on `client`'s care team, with the reason why (audited)."""
    authorize_manage(actor, client)
    cleaned = _reason(reason)
    if not member.is_active or member.role not in TEAM_ROLES:
        raise CareTeamError("only active clinical or front-desk staff join a care team")
    if client.restricted and member.pk == getattr(actor, "pk", None):
        raise CareTeamError("nobody adds themself to a restricted chart's care team")
    with transaction.atomic():
        _, created = CareTeamMembership.objects.get_or_create(client=client, user=member)
        if not created:
            raise CareTeamError(f"{member.display_name} is already on the care team")
        change = CareTeamChange(
            client=client, member=member, actor=actor, kind=CareTeamChangeKind.ADDED, reason=cleaned
        )
        change.save()
        _log(actor, change, AuditEvent.CARE_TEAM_MEMBER_ADDED)
    return change


def _active_clinicians_left(client: Client, without: User) -> bool:
    return (
        CareTeamMembership.objects.filter(
            client=client, user__is_active=True, user__role__in=CLINICAL_ROLES
        )
        .exclude(user=without)
        .exists()
    )


def remove_member(actor: Any, client: Client, member: User, reason: str) -> CareTeamChange:
    """Take `member` off `client`'s care team, with the reason why (audited)."""
    authorize_manage(actor, client)
    cleaned = _reason(reason)
    with transaction.atomic():
        membership = (
            CareTeamMembership.objects.select_for_update()
            .filter(client=client, user=member)
            .first()
        )
        if membership is None:
            raise CareTeamError(f"{member.display_name} is not on the care team")
        if member.role in CLINICAL_ROLES and not _active_clinicians_left(client, member):
            raise CareTeamError("the client would have no clinician: add another clinician first")
        membership.delete()
        change = CareTeamChange(
            client=client,
            member=member,
            actor=actor,
            kind=CareTeamChangeKind.REMOVED,
            reason=cleaned,
        )
        change.save()
        _log(actor, change, AuditEvent.CARE_TEAM_MEMBER_REMOVED)
    return change


def end_memberships(actor: Any, member: User) -> list[Client]:
    """End every care-team membership of a departing `member` (called by the deactivation,
    inside its transaction, after it has authorized); each end is audited. Returns the
    clients whose care team has no active clinician left."""
    orphaned = []
    memberships = CareTeamMembership.objects.filter(user=member).select_related("client")
    for membership in list(memberships):
        client = membership.client
        membership.delete()
        change = CareTeamChange(
            client=client,
            member=member,
            actor=actor,
            kind=CareTeamChangeKind.REMOVED,
            reason="",
            by_deactivation=True,
        )
        change.save()
        _log(actor, change, AuditEvent.CARE_TEAM_MEMBER_REMOVED)
        if not _active_clinicians_left(client, member):
            orphaned.append(client)
    return orphaned


def history(client: Client) -> list[CareTeamChange]:
    """The client's care-team changes, newest first (reasons decrypted on reading)."""
    return list(CareTeamChange.objects.filter(client=client).select_related("member", "actor"))
