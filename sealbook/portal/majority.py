"""When a minor client comes of age: their guardians' portal access ends, and they are
invited to an account of their own.

Two paths end it, so that it ends on the day whether or not the daily job ran:
`end_at_majority` (the worker runs it once a day; a plain callable) ends every
guardian account whose client has come of age, and `still_a_guardian` is
asked at each of a guardian's portal requests and ends that one account then.
Both write `PORTAL_GUARDIAN_ACCESS_ENDED` once per account (the row is claimed
by an update that only one of them wins), then invite the client to take over
their portal (`PORTAL_TAKEOVER_INVITED`): a one-time link to the chart's
e-mail address, or to the address of the client's own pending account.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sealbook.access import practice_policy
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.mail import MailError
from sealbook.portal.actions import PortalError, pending_account, send_invitation
from sealbook.portal.guardians import is_minor
from sealbook.portal.models import AccountKind, PortalAccount
from sealbook.records.models import Client

log = logging.getLogger(__name__)


def still_a_guardian(
    account: PortalAccount, *, link_base: str = "", today: datetime.date | None = None
) -> bool:
    """True while `account` is a guardian of a minor; at majority, end it and say False."""
    if is_minor(account.client, today):
        return True
    _end(account, by="request", link_base=link_base)
    return False


def end_at_majority(today: datetime.date | None = None) -> int:
    """The daily job: end every guardian's access to a client who has come of age.

    Returns how many accounts it ended.
    """
    link_base = settings.SEALBOOK_PUBLIC_URL.origin if settings.SEALBOOK_PUBLIC_URL else ""
    ended = 0
    guardians = PortalAccount.objects.select_related("client").filter(
        kind=AccountKind.GUARDIAN, ended_at__isnull=True
    )
    for account in guardians:
        if not is_minor(account.client, today) and _end(account, by="daily", link_base=link_base):
            ended += 1
    return ended


def _end(account: PortalAccount, *, by: str, link_base: str) -> bool:
    with transaction.atomic():
        claimed = PortalAccount.objects.filter(pk=account.pk, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )
        if not claimed:
            return False  # the other path ended it first
        record(
            AuditEvent.PORTAL_GUARDIAN_ACCESS_ENDED,
            client_id=account.client_id,
            obj=account,
            detail={"majority": practice_policy.minors_rules().age_of_majority, "by": by},
        )
        # Invitations not yet followed open nothing now.
        account.invitations.filter(used_at__isnull=True).update(used_at=timezone.now())
    invite_to_take_over(account.client, invited_by=account.invited_by, link_base=link_base)
    return True


def invite_to_take_over(client: Client, *, invited_by: Any, link_base: str) -> bool:
    """Invite the client who came of age to their own portal account (True if sent).

    Nothing is sent when they already have an open account or a live
    invitation, when there is no
    address to write to, or when no site address is known to put in the link
    (the daily job needs SEALBOOK_PUBLIC_URL); the care team can invite them
    from the chart's "Portal" page as for anyone.
    """
    own = PortalAccount.objects.filter(client=client, kind=AccountKind.CLIENT).first()
    if own is not None and (
        own.activated_at is not None
        # Invited already (by the care team, or when another guardian's access ended).
        or own.invitations.filter(used_at__isnull=True, expires_at__gt=timezone.now()).exists()
    ):
        return False
    email = str((own.email if own is not None else client.email) or "").strip().lower()
    sent = False
    if email and link_base:
        try:
            with transaction.atomic():
                account = pending_account(client, email, AccountKind.CLIENT, invited_by=invited_by)
                send_invitation(account, link_base)
            sent = True
        except (PortalError, MailError) as exc:
            log.warning("takeover invitation for portal client %s not sent: %s", client.pk, exc)
    record(AuditEvent.PORTAL_TAKEOVER_INVITED, client_id=client.pk, detail={"sent": sent})
    return sent
