"""The one way the portal writes to a client or a guardian: a fixed notice to one address.

Every e-mail to a portal account goes through `notify`, and the address it goes
to is chosen in one place, `address_for`, so that a request for confidential
communications (HIPAA 164.522(b): "contact me only at this address") is
honoured by every e-mail once it is recorded there.
"""

from __future__ import annotations

from sealbook.mail import Notice, send_notice
from sealbook.portal.models import PortalAccount
from sealbook.records.contact_address import address_for


def sender_name() -> str:
    """The display name the practice chose for its e-mails (none: the bare address)."""
    from sealbook.access import practice_policy

    return practice_policy.current().portal_sender_name


def notify(account: PortalAccount, notice: Notice, *, link: str = "") -> None:
    send_notice(address_for(account), notice, link=link, sender_name=sender_name())
