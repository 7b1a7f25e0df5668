"""The one place that picks the address an e-mail to a client (or their guardian) goes to.

A request for confidential communications (HIPAA 164.522(b): "contact me only
at this address") is recorded on the person's portal account; once it is,
every e-mail honours it: the portal's notices (`portal.contact`) and the
calendar's reminders alike. It lives here, below both, so neither has to
import the other.
"""

from __future__ import annotations

import datetime
from typing import Any, Protocol

from sealbook.records.models import Client

# The account kind of a client's own portal account (portal.models.AccountKind.CLIENT).
OWN_ACCOUNT = "client"


class Contactable(Protocol):
    """A portal account, as far as choosing its address goes."""

    email: Any
    confidential_email: Any
    confidential_since: datetime.datetime | None


def address_for(account: Contactable) -> str:
    """The address every e-mail to this account goes to: the one the person asked to be
    contacted at only (confidential communications, 164.522(b)), else the invited one."""
    if account.confidential_since is not None and account.confidential_email:
        return str(account.confidential_email)
    return str(account.email or "")


def client_address(client: Client) -> str:
    """The address of an e-mail to the client themselves (a reminder), or "" for none.

    The latest confidential-communications request on the client's own portal
    account (kept even after the account is closed: the request still stands),
    else the e-mail in the chart.
    """
    # The portal's accounts, through their reverse relation: the portal sits
    # above records and is not imported here.
    requested = (
        client.portal_accounts.filter(kind=OWN_ACCOUNT, confidential_since__isnull=False)
        .order_by("-confidential_since")
        .first()
    )
    if requested is not None and requested.confidential_email:
        return str(requested.confidential_email)
    return str(client.email or "").strip()
