"""The practice roster, read from the vault while the practice is unsealed.

Every identifier of a client and of their contacts is decrypted into a
`core.deid.Roster` in memory, for one request or one command, and dropped
afterwards: it is never cached, saved, logged or put in an exception. Only
the client's id (an opaque UUID) leaves with a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from sealbook.core.deid import Roster, RosterClient, RosterContact
from sealbook.records.models import Client, Contact
from sealbook.records.unreadable import readable, unreadable_count

# A phone number inside the free-text emergency contact ("Dana Moore 555-0100-2000").
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _present(*values: object) -> tuple[str, ...]:
    return tuple(str(v).strip() for v in values if v and str(v).strip())


def _emergency_contact(text: str) -> RosterContact | None:
    """Split the free-text emergency contact into its name, phones and e-mails."""
    if not text or not text.strip():
        return None
    phones = tuple(m.group() for m in _PHONE.finditer(text))
    emails = tuple(m.group() for m in _EMAIL.finditer(text))
    name = _EMAIL.sub(" ", _PHONE.sub(" ", text))
    name = " ".join(w for w in re.split(r"[\s,;()]+", name) if any(c.isalpha() for c in w))
    return RosterContact(names=_present(name), phones=phones, emails=emails,
                         relation="emergency contact")  # fmt: skip


def _contact(contact: Contact) -> RosterContact:
    return RosterContact(
        names=_present(contact.name),
        phones=_present(contact.phone),
        emails=_present(contact.email),
        relation=str(contact.relationship or ""),
    )


def roster_client(client: Client, contacts: Iterable[Contact]) -> RosterClient:
    """One client's known identifiers (the practice must be unsealed)."""
    first, last = client.legal_first_name or "", client.legal_last_name or ""
    preferred = client.preferred_name or ""
    nicknames: tuple[str, ...] = ()
    if preferred and preferred.strip().lower() != first.strip().lower():
        nicknames = _present(f"{preferred} {last}")
    street_line = ", ".join(_present(client.street, client.city))
    people = [_contact(c) for c in contacts]
    emergency = _emergency_contact(client.emergency_contact or "")
    if emergency is not None:
        people.append(emergency)
    return RosterClient(
        client_ref=str(client.pk),
        names=_present(f"{first} {last}"),
        nicknames=nicknames,
        addresses=_present(street_line) if client.street else (),
        phones=_present(client.phone),
        emails=_present(client.email),
        dates_of_birth=(client.date_of_birth,) if client.date_of_birth else (),
        employers=_present(getattr(client, "employer", "")),
        schools=_present(getattr(client, "school", "")),
        contacts=tuple(people),
    )


@dataclass(frozen=True)
class LoadedRoster:
    """A roster, and how many of the asked-for clients it leaves out (no data key)."""

    roster: Roster
    unreadable: int


def load_roster(clients: QuerySet[Client] | None = None) -> LoadedRoster:
    """The roster of `clients` (every client of the practice by default).

    Decrypts each client's fields with that client's key; call it only while
    the practice is unsealed, and keep the result no longer than needed. A
    client whose data key was destroyed is left out and counted
    (records/unreadable.py): the others are still checked.
    """
    chosen = Client.objects.all() if clients is None else clients
    keyed = readable(chosen)
    contacts: dict[str, list[Contact]] = {}
    for contact in Contact.objects.filter(client__in=keyed):
        contacts.setdefault(str(contact.client_id), []).append(contact)
    roster = Roster(
        tuple(roster_client(c, contacts.get(str(c.pk), ())) for c in keyed.order_by("pk"))
    )
    return LoadedRoster(roster, unreadable_count(chosen))


def practice_roster(clients: QuerySet[Client] | None = None) -> Roster:
    """The roster of `clients`, without those whose key is gone (see `load_roster`)."""
    return load_roster(clients).roster
