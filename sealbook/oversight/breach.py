"""Breach response (HIPAA 164.400-414): who is affected, by when to tell whom, the letter.

Affected clients come from the audit log, not from memory: every client whose
chart, notes, documents or export one of the incident's accounts opened in its
window. Deadlines follow the rule's text:

- each individual: without unreasonable delay and no later than 60 calendar
  days after discovery (164.404(b));
- the media, when more than 500 residents of one State are affected (164.406);
- the Secretary (HHS): at the same time as the individuals when 500 or more
  are affected (164.408(b)); otherwise in the yearly log, within 60 days after
  the end of the calendar year of discovery (164.408(c)).
"""

from __future__ import annotations

import datetime
import uuid
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.oversight.models import Conclusion, Incident
from sealbook.oversight.query import first_seq_at
from sealbook.pdf.document import PdfDocument, local_time
from sealbook.records.models import Client
from sealbook.vault import runtime

# What counts as opening a client's record.
OPENING_EVENTS = tuple(
    int(e)
    for e in (
        AuditEvent.CHART_VIEWED,
        AuditEvent.NOTE_VIEWED,
        AuditEvent.PSYCHOTHERAPY_NOTE_VIEWED,
        AuditEvent.DOCUMENT_VIEWED,
        AuditEvent.RECORD_EXPORTED,
        AuditEvent.DISCLOSURE_RECORDED,
    )
)
INDIVIDUAL_DAYS = 60
MEDIA_MORE_THAN = 500
HHS_AT_ONCE_FROM = 500


def clients_opened(
    account_ids: list[int], start: datetime.datetime, end: datetime.datetime
) -> list[uuid.UUID]:
    """Every client whose record one of the accounts opened in [start, end], by the log."""
    if not account_ids:
        return []
    low = first_seq_at(start)
    if low is None:
        return []
    high = first_seq_at(end + datetime.timedelta(microseconds=1))
    qs = AuditEntry.objects.filter(
        actor_id__in=account_ids, seq__gte=low, event__in=OPENING_EVENTS
    ).exclude(client_id=None)
    if high is not None:
        qs = qs.filter(seq__lt=high)
    return sorted({c for c in qs.values_list("client_id", flat=True) if c is not None}, key=str)


@dataclass(frozen=True)
class Deadline:
    who: str
    due: datetime.date
    why: str


def states(incident: Incident) -> Counter[str]:
    """How many affected clients live in each State (decrypted here, counted, not kept)."""
    ids = list(incident.affected.values_list("client_id", flat=True))
    runtime.preload_client_keys(ids)
    counts: Counter[str] = Counter()
    for client in Client.objects.filter(pk__in=ids):
        counts[(client.state or "unknown").strip().upper() or "UNKNOWN"] += 1
    return counts


def deadlines(incident: Incident) -> list[Deadline]:
    """What must be sent by when; nothing until the assessment concludes it is a breach."""
    if incident.conclusion != Conclusion.BREACH:
        return []
    found = timezone.localtime(incident.discovered_at).date()
    sixty = found + datetime.timedelta(days=INDIVIDUAL_DAYS)
    total = incident.affected.count()
    result = [
        Deadline(
            "Each affected individual (letter)",
            sixty,
            f"164.404: {total} client{'s' if total != 1 else ''}, within 60 days of discovery",
        )
    ]
    for state, count in sorted(states(incident).items()):
        if count > MEDIA_MORE_THAN:
            result.append(
                Deadline(
                    f"Prominent media outlets in {state}",
                    sixty,
                    f"164.406: {count} residents of one State (more than 500)",
                )
            )
    if total >= HHS_AT_ONCE_FROM:
        result.append(Deadline("The Secretary (HHS)", sixty, "164.408(b): 500 or more affected"))
    else:
        year_end = datetime.date(found.year, 12, 31)
        result.append(
            Deadline(
                "The Secretary (HHS), in the yearly breach log",
                year_end + datetime.timedelta(days=60),
                "164.408(c): fewer than 500, within 60 days after the end of the year",
            )
        )
    return result


def letter(incident: Incident, client_id: uuid.UUID) -> bytes:
    """The letter to one client with the elements of 164.404(c), as a PDF."""
    client = Client.objects.get(pk=client_id)
    practice = runtime.practice_name()
    address = "\n".join(
        part
        for part in (
            client.display_name,
            client.street or "",
            " ".join(p for p in (client.city, client.state, client.postal_code) if p),
        )
        if part
    )
    doc = PdfDocument(
        "Notice of a breach of your health information",
        practice,
        running=f"{practice} · notice to one client",
        created=timezone.now(),
    )
    doc.paragraph(address)
    doc.paragraph(f"Dear {client.display_name},")
    doc.heading("What happened")
    doc.paragraph(incident.summary or "")
    doc.field("When it happened", f"{local_time(incident.window_start)} to "
              f"{local_time(incident.window_end)}")  # fmt: skip
    doc.field("When we discovered it", local_time(incident.discovered_at))
    doc.heading("What information was involved")
    doc.paragraph(incident.factor_nature or "")
    doc.heading("What we are doing")
    doc.paragraph(incident.factor_mitigation or "")
    doc.heading("What you can do")
    doc.paragraph(
        "Watch for anything unexpected about your care or your accounts, and tell us if "
        "you see it. You may ask us for the list of who has seen your record, and for a "
        "copy of your record."
    )
    doc.heading("How to reach us")
    doc.paragraph(
        f"Call or write to {practice} at the number and address you know us by; "
        "you may also ask for this letter in another format."
    )
    return doc.output()
