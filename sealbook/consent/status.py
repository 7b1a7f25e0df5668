"""What a client has consented to, and what not: the chart's consent summary.

Read-only. Telehealth and recording features ask `require_consent` before they
run (APA 4.02(c), 4.03); it raises, it never returns a boolean to ignore.
"""

from __future__ import annotations

from dataclasses import dataclass

from sealbook.consent.models import (
    ConfidentialityEvent,
    ConsentKind,
    ConsentSignature,
)
from sealbook.core.errors import SealbookError
from sealbook.records.models import Client


class ConsentMissing(SealbookError):
    """The client has not (or no longer) consented to what is about to happen."""


@dataclass(frozen=True)
class ConsentState:
    kind: str
    label: str
    state: str  # "consented", "re-consent", "not-consented"
    signature: ConsentSignature | None
    reason: str

    @property
    def consented(self) -> bool:
        return self.state == "consented"


def consent_states(client: Client) -> list[ConsentState]:
    signatures = list(
        ConsentSignature.objects.filter(client=client, withdrawn_at__isnull=True)
        .select_related("document")
        .order_by("-recorded_at")
    )
    events = list(ConfidentialityEvent.objects.filter(client=client).order_by("-recorded_at"))
    states = []
    for kind in ConsentKind:
        latest = next((s for s in signatures if s.document.kind == kind), None)
        change = (
            _change_since(latest, events)
            if kind == ConsentKind.INFORMED_CONSENT and latest
            else None
        )
        if latest is None:
            states.append(ConsentState(kind, kind.label, "not-consented", None, "never signed"))
        elif not latest.matches_document:
            states.append(
                ConsentState(kind, kind.label, "re-consent", latest, "the signed text was altered")
            )
        elif change is not None:
            reason = f"the limits of confidentiality changed: {change.get_kind_display()}"
            states.append(ConsentState(kind, kind.label, "re-consent", latest, reason))
        else:
            states.append(ConsentState(kind, kind.label, "consented", latest, ""))
    return states


def _change_since(
    signature: ConsentSignature, events: list[ConfidentialityEvent]
) -> ConfidentialityEvent | None:
    """The newest change the signature does not cover: one recorded after the signature
    was, or one that happened after the day it was signed (a paper form recorded late)."""
    for event in events:
        if event.recorded_at > signature.recorded_at or event.occurred_on > signature.signed_on:
            return event
    return None


def require_consent(client: Client, kind: str) -> ConsentSignature:
    """The client's valid consent of `kind`, or ConsentMissing saying what is missing."""
    for state in consent_states(client):
        if state.kind == kind:
            if state.consented and state.signature is not None:
                return state.signature
            raise ConsentMissing(f"no current {state.label.lower()} consent ({state.reason})")
    raise ConsentMissing("there is no such kind of consent")
