"""Named actions of the sharing app: each authorises, acts and writes its audit entry.

No action stores the text it handles. A case packet leaves as text in the
response and is remembered only as its SHA-256 and what went into it (note
ids and counts) in the audit log; a leak check leaves only counts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.db import transaction

from sealbook.access.policy import Action, authorize, visible_clients
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.deid import Packet, Roster, Span, leak_check
from sealbook.core.errors import SealbookError
from sealbook.disclosure.gate import DisclosureRequest, Produced, disclose
from sealbook.disclosure.models import Category, Disclosure
from sealbook.records.models import Client, Contact, ProgressNote
from sealbook.records.unreadable import readable
from sealbook.sharing.review import PacketRequest, PacketText, SourceDocument, make_packet_text
from sealbook.sharing.roster import LoadedRoster, load_roster


def roster_for(user: Any, client: Client | None = None) -> Roster:
    """The roster of the clients `user` may see in a list, and of `client` if given.

    The web never checks against clients the user cannot see: a leak check
    that answered for every client would tell anyone whether a name belongs
    to a (perhaps restricted) client of the practice.
    """
    return _loaded_roster_for(user, client).roster


def _loaded_roster_for(user: Any, client: Client | None = None) -> LoadedRoster:
    ids = set(visible_clients(user, Client.objects.all()).values_list("pk", flat=True))
    if client is not None:
        ids.add(client.pk)
    return load_roster(Client.objects.filter(pk__in=ids))


def load_roster_for_command() -> LoadedRoster:
    """Every readable client's identifiers, for `sealbook deid`/`leak-check` run by the operator.

    A client whose data key is gone is left out and counted, never a reason to fail.
    """
    loaded = load_roster()
    record(
        AuditEvent.ROSTER_LOADED,
        detail={
            "clients": len(loaded.roster.clients),
            "contacts": Contact.objects.filter(client__in=readable(Client.objects.all())).count(),
            "unreadable_clients": loaded.unreadable,
        },
    )
    return loaded


class PacketRefused(SealbookError):
    """The packet was not made; the message says why, and quotes none of the text."""


class PacketStillIdentifying(PacketRefused):
    def __init__(self, count: int, kinds: Sequence[str]) -> None:
        super().__init__(
            f"This packet would still identify someone: {count} finding(s) of kind "
            f"{', '.join(kinds)} would stay in the text. A packet that identifies a client "
            "is a disclosure of the client's record, not de-identified case material: it goes "
            "out only through the disclosure gate, under the client's authorization or a legal "
            "basis (below). Otherwise untick those findings to remove them."
        )
        self.count = count
        self.kinds = tuple(kinds)


@dataclass(frozen=True)
class CasePacket:
    text: str
    sha256: str
    counts: PacketText


def _made(actor: Any, client: Client, chosen: PacketRequest) -> PacketText:
    authorize(actor, Action.SHARE_CASE_MATERIAL, client)
    packet = Packet(chosen.policy, chosen.operator, roster_for(actor, client))
    made = make_packet_text(
        packet, chosen.documents, chosen.rejected, chosen.marks, chosen.mark_label
    )
    if made.rejected != len(chosen.rejected):
        raise PacketRefused(
            "The findings changed since the review (a note was amended, or a mark "
            "covers a rejected finding); review the packet again."
        )
    return made


def _record_created(actor: Any, client: Client, chosen: PacketRequest, made: PacketText) -> str:
    digest = hashlib.sha256(made.text.encode()).hexdigest()
    record(
        AuditEvent.CASE_PACKET_CREATED,
        actor=actor,
        client_id=client.pk,
        object_id=digest,
        detail={
            "notes": [str(d.note_id) for d in chosen.documents if d.note_id is not None],
            "pasted": sum(1 for d in chosen.documents if d.note_id is None),
            "policy": chosen.policy.name,
            "operator": chosen.operator.value,
            "removed": made.removed,
            "rejected": made.rejected,
            "marked": made.marked,
            "still_identifying": made.still_identifying,
            "characters": len(made.text),
            "sha256": digest,
        },
    )
    return digest


def create_case_packet(actor: Any, client: Client, chosen: PacketRequest) -> CasePacket:
    """De-identify the reviewed documents into one packet (APA 4.06/4.07) and audit it.

    Refuses (PacketRefused) when a rejected finding no longer matches the
    documents, and (PacketStillIdentifying) when what the reviewer kept would
    still identify someone: such a packet is a disclosure, which only
    `disclose_case_packet` sends. Nothing is audited as created then.
    """
    with transaction.atomic():
        made = _made(actor, client, chosen)
        if made.still_identifying:
            raise PacketStillIdentifying(made.still_identifying, made.identifying_kinds)
        digest = _record_created(actor, client, chosen, made)
    return CasePacket(made.text, digest, made)


def note_period(client: Client, documents: Sequence[SourceDocument]) -> tuple[date, date]:
    """The first and last day of the notes, as the records export dates them."""
    ids = [d.note_id for d in documents if d.note_id is not None]
    notes = ProgressNote.objects.filter(client=client, pk__in=ids).select_related("session")
    days = [n.session.date if n.session else n.created_at.date() for n in notes]
    return min(days), max(days)


def disclose_case_packet(
    actor: Any, client: Client, chosen: PacketRequest, *, to: DisclosureRequest
) -> tuple[Disclosure, CasePacket]:
    """Send a packet that still identifies the client through the disclosure gate.

    `to` names the recipient, purpose and basis (or authorization); the
    packet is progress notes of the client over the notes' dates, so that is
    what the gate checks the authorization or basis against. Pasted text is
    refused: the gate can only weigh what the record holds. A packet that
    identifies nobody is refused too: it needs no disclosure. The gate
    records the disclosure (and any refusal) with the packet's SHA-256.
    """
    documents = chosen.documents
    if not documents or any(d.note_id is None for d in documents):
        raise PacketRefused(
            "Only notes from the record can be disclosed: take the pasted text out, "
            "or remove what identifies in it."
        )
    made = _made(actor, client, chosen)
    if not made.still_identifying:
        raise PacketRefused("This packet identifies no one: produce it without a disclosure.")
    first, last = note_period(client, documents)
    request = replace(
        to,
        client=client,
        categories=frozenset({Category.PROGRESS_NOTES}),
        information_from=first,
        information_to=last,
    )
    notes = len(documents)

    def produce(_request: DisclosureRequest) -> Produced:
        return Produced(
            made.text.encode(),
            f"Case packet of {notes} progress note(s), de-identified in part under "
            f"{chosen.policy.name} ({made.still_identifying} identifying finding(s) kept)",
            record=lambda: _record_created(actor, client, chosen, made),
        )

    disclosure, _produced = disclose(actor, request, channel="case-packet", produce=produce)
    return disclosure, CasePacket(made.text, disclosure.content_sha256, made)


@dataclass(frozen=True)
class LeakCheck:
    findings: list[Span]
    # Clients the user can see whose data key is gone: not checked (records/unreadable.py).
    unreadable: int


def check_for_leaks(actor: Any, text: str) -> LeakCheck:
    """Direct identifiers and roster hits in `text`, which is neither stored nor logged."""
    with transaction.atomic():
        authorize(actor, Action.LEAK_CHECK)
        loaded = _loaded_roster_for(actor)
        findings = leak_check(text, loaded.roster)
        record(
            AuditEvent.LEAK_CHECK_RUN,
            actor=actor,
            detail={
                "characters": len(text),
                "findings": len(findings),
                "roster_hits": sum(1 for s in findings if s.client_refs),
                "unreadable_clients": loaded.unreadable,
            },
        )
    return LeakCheck(findings, loaded.unreadable)
