"""The accounting of disclosures a client may ask for (HIPAA 164.528).

It covers the six years before the request and lists only the disclosures
164.528(a)(1) does not exclude (see `bases.ACCOUNTED`): never those for
treatment, payment or operations, to the client, or under an authorization.
A health oversight agency may ask for its disclosures to be left out for a
time (164.528(a)(2)); those return once the suspension ends. Each entry has
what 164.528(b)(2) requires: date, recipient and address if known, a brief
description and the purpose.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from sealbook.access.policy import Action, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.disclosure.bases import ACCOUNTED, labelled_details
from sealbook.disclosure.models import Disclosure, LegalBasis
from sealbook.records.getters import owned_by
from sealbook.records.models import Client

YEARS = 6


@dataclass(frozen=True)
class AccountingEntry:
    disclosure_id: str
    disclosed_on: datetime.date
    recipient: str
    address: str
    description: str
    purpose: str
    basis: str
    # (label, value) of the basis's details the client may see (`Detail.in_accounting`).
    details: tuple[tuple[str, str], ...] = ()


def six_years_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - YEARS)
    except ValueError:  # 29 February
        return day.replace(year=day.year - YEARS, day=28)


def _suspended(disclosure: Disclosure, on: datetime.date) -> bool:
    until = (disclosure.basis_details or {}).get("accounting_suspended_until")
    if not until:
        return False
    return datetime.date.fromisoformat(until) >= on


def accounting_entries(client: Client, on: datetime.date) -> list[AccountingEntry]:
    """The entries a 164.528 accounting requested on day `on` must contain, oldest first."""
    since = six_years_before(on)
    # The basis is encrypted (it links the client to a court order or a report),
    # so it is compared after decryption, on this one client's rows.
    rows = owned_by(client, Disclosure.objects.filter(to_client=False).order_by("disclosed_at"))
    entries = []
    for disclosure in rows:
        day = disclosure.disclosed_at.date()
        if not since <= day <= on or disclosure.basis not in ACCOUNTED:
            continue
        if _suspended(disclosure, on):
            continue
        entries.append(
            AccountingEntry(
                disclosure_id=str(disclosure.id),
                disclosed_on=day,
                recipient=disclosure.recipient_name,
                address=disclosure.recipient_address,
                description=disclosure.description,
                purpose=disclosure.purpose,
                basis=LegalBasis(disclosure.basis).label,
                details=tuple(
                    labelled_details(
                        disclosure.basis, disclosure.basis_details or {}, for_accounting=True
                    )
                ),
            )
        )
    return entries


def produce_accounting(actor: Any, client: Client, on: datetime.date) -> list[AccountingEntry]:
    authorize(actor, Action.MANAGE_AUTHORIZATIONS, client)
    entries = accounting_entries(client, on)
    record(
        AuditEvent.ACCOUNTING_PRODUCED,
        actor=actor,
        client_id=client.id,
        detail={"entries": len(entries), "on": on},
    )
    return entries
