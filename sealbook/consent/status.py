"""What a client has consented to, and what not: the chart's consent summary.

Read-only. Telehealth and recording features ask `require_consent` before they
run (APA 4.02(c), 4.03); it raises, it never returns a boolean to ignore.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max

from sealbook.consent.models import (
    ConfidentialityEvent,
    ConsentDocument,
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
        ConsentSignature.objects.filter(client=client)
        .select_related("document")
        .order_by("-recorded_at")
    )
    events = list(ConfidentialityEvent.objects.filter(client=client).order_by("-recorded_at"))
    newest = dict(
        ConsentDocument.objects.values_list("kind").annotate(version=Max("version")).order_by()
    )
    states = []
    for kind in ConsentKind:
        of_kind = [s for s in signatures if s.document.kind == kind]
        latest = next((s for s in of_kind if s.withdrawn_at is None), None)
        withdrawal = _withdrawal_since(latest, of_kind)
        change = (
            _change_since(latest, events)
            if kind == ConsentKind.INFORMED_CONSENT and latest
            else None
        )
        if withdrawal is not None:
            reason = f"withdrawn on {withdrawal.withdrawal_date:%Y-%m-%d}"
            states.append(ConsentState(kind, kind.label, "not-consented", None, reason))
        elif latest is None:
            states.append(ConsentState(kind, kind.label, "not-consented", None, "never signed"))
        elif not latest.matches_document:
            states.append(
                ConsentState(kind, kind.label, "re-consent", latest, "the signed text was altered")
            )
        elif latest.document.version < newest.get(kind, 0):
            reason = (
                f"version {newest[kind]} of the document replaces the signed version "
                f"{latest.document.version}"
            )
            states.append(ConsentState(kind, kind.label, "re-consent", latest, reason))
        elif change is not None:
            reason = f"the limits of confidentiality changed: {change.get_kind_display()}"
            states.append(ConsentState(kind, kind.label, "re-consent", latest, reason))
        else:
            states.append(ConsentState(kind, kind.label, "consented", latest, ""))
    return states


def _withdrawal_since(
    signature: ConsentSignature | None, of_kind: list[ConsentSignature]
) -> ConsentSignature | None:
    """The newest withdrawal of this kind of consent that `signature` does not outlast.

    A client withdraws a kind of consent, not a piece of paper: an older
    signature of the same kind does not bring the consent back. Only a
    signature recorded after the withdrawal, and not signed before the day the
    client withdrew (a paper form recorded late), does.
    """
    for withdrawn in sorted(of_kind, key=_withdrawal_time, reverse=True):
        at, day = withdrawn.withdrawn_at, withdrawn.withdrawal_date
        if at is None or day is None:
            break  # this one and the rest are still in force
        if signature is None or at > signature.recorded_at or day > signature.signed_on:
            return withdrawn
    return None


def _withdrawal_time(signature: ConsentSignature) -> datetime.datetime:
    # Signatures still in force sort after every withdrawal.
    return signature.withdrawn_at or datetime.datetime.min.replace(tzinfo=datetime.UTC)


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


def require_telehealth_consent(client: Client) -> None:
    """Raise ConsentMissing unless the client's telehealth consent is current (APA 4.02(c))."""
    require_consent(client, "telehealth")
