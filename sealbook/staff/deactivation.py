"""Deactivating a staff member who leaves, and the report of what they were responsible for.

A deactivation (HIPAA 164.308(a)(3)(ii)(C), termination procedures) does, in
one transaction and one audit entry:

- the account is marked inactive: Django's authentication backend refuses an
  inactive user, so the password no longer logs in, and a session that still
  names the user is treated as logged out at its next request;
- every browser session of the member is deleted at once (the psychotherapy
  key's sealed half lives in the session, and goes with it);
- every second factor (TOTP app, recovery codes, passkeys) is switched off;
- every care-team membership ends, each audited (records.care_team).

Their psychotherapy notes are not touched: nobody but their recipients can
open them, so they stay sealed to the member's key and, for the notes the
member escrowed, to the supervisor or the successor custodian. The report
says how many notes are reachable which way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.models import Session as BrowserSession
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user

from sealbook.access import practice_policy
from sealbook.access.models import Supervision
from sealbook.access.policy import Action, authorize, permits
from sealbook.accounts.models import CLINICAL_ROLES, User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.psychotherapy.actions import EscrowCounts, escrow_counts
from sealbook.records import care_team
from sealbook.records.models import (
    CareTeamChange,
    CareTeamMembership,
    Client,
    NoteStatus,
    ProgressNote,
    Session,
)
from sealbook.staff.members import StaffError


def _session_keys_of(member: User) -> list[str]:
    """The keys of the unexpired browser sessions logged in as `member`."""
    wanted = str(member.pk)
    return [
        session.session_key
        for session in BrowserSession.objects.filter(expire_date__gt=timezone.now())
        if str(session.get_decoded().get("_auth_user_id")) == wanted
    ]


def deactivate(actor: Any, member: User) -> None:
    """Deactivate `member` (see the module's docstring); audited."""
    authorize(actor, Action.MANAGE_STAFF)
    if member.pk == getattr(actor, "pk", None):
        raise StaffError("ask another owner to deactivate your own account")
    with transaction.atomic():
        member = User.objects.select_for_update().get(pk=member.pk)
        if not member.is_active:
            raise StaffError(f"{member.display_name} is already deactivated")
        member.is_active = False
        member.save(update_fields=["is_active"])
        keys = _session_keys_of(member)
        BrowserSession.objects.filter(session_key__in=keys).delete()
        factors = 0
        for device in devices_for_user(member, confirmed=True):
            device.confirmed = False
            device.save(update_fields=["confirmed"])
            factors += 1
        ended = CareTeamMembership.objects.filter(user=member).count()
        orphaned = care_team.end_memberships(actor, member)
        record(
            AuditEvent.USER_DEACTIVATED,
            actor=actor,
            obj=member,
            detail={
                "sessions_ended": len(keys),
                "second_factors_disabled": factors,
                "care_teams_left": ended,
                "charts_without_clinician": len(orphaned),
            },
        )


@dataclass(frozen=True)
class ChartLine:
    """One client the member was (or is) on the care team of."""

    client: Client
    named: bool  # whether the viewer may see the client's name
    has_clinician: bool  # whether an active clinician is on the team now


@dataclass(frozen=True)
class Responsibilities:
    member: User
    charts: list[ChartLine]
    progress_notes: int
    unsigned_notes: int
    upcoming_sessions: int
    psychotherapy: EscrowCounts
    supervisees: list[User]
    is_custodian: bool

    @property
    def charts_without_clinician(self) -> int:
        return sum(not line.has_clinician for line in self.charts)


def responsibilities(actor: Any, member: User) -> Responsibilities:
    """What `member` is, or was until their deactivation, responsible for.

    The clients are those on whose care team the member is, or was when
    deactivated; a client is named only if `actor` may see their demographics.
    """
    authorize(actor, Action.MANAGE_STAFF)
    current = set(
        CareTeamMembership.objects.filter(user=member).values_list("client_id", flat=True)
    )
    left = set(
        CareTeamChange.objects.filter(member=member, by_deactivation=True).values_list(
            "client_id", flat=True
        )
    )
    with_clinician = set(
        CareTeamMembership.objects.filter(
            client_id__in=current | left, user__is_active=True, user__role__in=CLINICAL_ROLES
        )
        .exclude(user=member)
        .values_list("client_id", flat=True)
    )
    charts = [
        ChartLine(c, permits(actor, Action.VIEW_DEMOGRAPHICS, c), c.pk in with_clinician)
        for c in Client.objects.filter(pk__in=current | left).order_by("created_at")
    ]
    notes = ProgressNote.objects.filter(author=member)
    return Responsibilities(
        member=member,
        charts=charts,
        progress_notes=notes.count(),
        unsigned_notes=notes.filter(status=NoteStatus.DRAFT).count(),
        upcoming_sessions=Session.objects.filter(
            clinician=member, date__gte=timezone.localdate()
        ).count(),
        psychotherapy=escrow_counts(member),
        supervisees=[
            s.supervisee
            for s in Supervision.objects.filter(supervisor=member).select_related("supervisee")
        ],
        is_custodian=practice_policy.custodian_id() == member.pk,
    )
