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
    last_event = ConfidentialityEvent.objects.filter(client=client).order_by("-recorded_at").first()
    states = []
    for kind in ConsentKind:
        latest = next((s for s in signatures if s.document.kind == kind), None)
        if latest is None:
            states.append(ConsentState(kind, kind.label, "not-consented", None, "never signed"))
        elif not latest.matches_document:
            states.append(
                ConsentState(kind, kind.label, "re-consent", latest, "the signed text was altered")
            )
        elif (
            kind == ConsentKind.INFORMED_CONSENT
            and last_event is not None
            and last_event.recorded_at > latest.recorded_at
        ):
            reason = f"the limits of confidentiality changed: {last_event.get_kind_display()}"
            states.append(ConsentState(kind, kind.label, "re-consent", latest, reason))
        else:
            states.append(ConsentState(kind, kind.label, "consented", latest, ""))
    return states


def require_consent(client: Client, kind: str) -> ConsentSignature:
    """The client's valid consent of `kind`, or ConsentMissing saying what is missing."""
    for state in consent_states(client):
        if state.kind == kind:
            if state.consented and state.signature is not None:
                return state.signature
            raise ConsentMissing(f"no current {state.label.lower()} consent ({state.reason})")
    raise ConsentMissing("there is no such kind of consent")
