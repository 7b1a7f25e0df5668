"""Every change the oversight app makes, each checked by the policy and audited.

Views and the CLI call these; the alert rules (oversight.rules) call
`raise_alert`.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from sealbook.access.policy import Action, authorize, permits
from sealbook.accounts.models import User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.audit.status import verdict
from sealbook.core.errors import SealbookError
from sealbook.oversight import breach, notify
from sealbook.oversight.models import (
    AffectedClient,
    Alert,
    AlertKind,
    Conclusion,
    Incident,
    IntegrityCheck,
)
from sealbook.oversight.query import LogFilter


class OversightError(SealbookError):
    """A request was refused (the message says why, in one line)."""


# The audit screen.


def open_audit_log(actor: Any) -> None:
    """Opening the audit screen is itself an access decision, and so in the log."""
    authorize(actor, Action.VIEW_AUDIT_LOG)


def verify_audit_log(actor: Any) -> IntegrityCheck:
    """Verify every entry now and keep the result for the top of the screen."""
    authorize(actor, Action.VIEW_AUDIT_LOG)
    return _keep_verdict(actor)


def check_audit_log() -> IntegrityCheck:
    """The job queue's daily check: the same verification, asked for by no one.

    Its result heads the audit screen like a check the owner ran, so a log
    that no longer verifies is in front of the owner the next time they look.
    """
    return _keep_verdict(None)


def _keep_verdict(actor: Any) -> IntegrityCheck:
    result = verdict()
    with transaction.atomic():
        size = record(
            AuditEvent.AUDIT_LOG_VERIFIED,
            actor=actor,
            outcome="success" if result.verified else "failure",
        ).seq
        return IntegrityCheck.objects.create(
            checked_at=timezone.now(), size=size, verified=result.verified, message=result.message
        )


def export_audit_log(actor: Any, log_filter: LogFilter, file_format: str) -> None:
    """Record that `actor` exported the entries the filter matches (before they are sent)."""
    authorize(actor, Action.VIEW_AUDIT_LOG)
    record(
        AuditEvent.AUDIT_LOG_EXPORTED,
        actor=actor,
        detail={"format": file_format, **log_filter.as_detail()},
    )


# Alerts.


def raise_alert(
    kind: AlertKind, *, staff_id: int | None, client_id: Any, seq: int, count: int = 1
) -> Alert:
    """Keep a rule's finding, log it (without the client), and e-mail who reviews alerts."""
    with transaction.atomic():
        alert = Alert.objects.create(
            kind=kind,
            staff_id=staff_id,
            client_id=client_id,
            entry_seq=seq,
            count=count,
            raised_at=timezone.now(),
        )
        # No client_id here: the client's own "who has seen my record" must not list it.
        record(AuditEvent.ALERT_RAISED, obj=alert, detail={"kind": str(kind), "entry": seq})
    reviewers = [
        u.email for u in User.objects.filter(is_active=True) if permits(u, Action.REVIEW_ALERTS)
    ]
    notify.alert_raised(reviewers)
    return alert


def list_alerts(actor: Any) -> list[Alert]:
    """The open alerts, then the most recent acknowledged ones."""
    authorize(actor, Action.REVIEW_ALERTS)
    open_ones = list(Alert.objects.filter(acknowledged_at__isnull=True).order_by("-raised_at"))
    done = list(
        Alert.objects.filter(acknowledged_at__isnull=False).order_by("-acknowledged_at")[:50]
    )
    return open_ones + done


def acknowledge_alert(actor: Any, alert_id: uuid.UUID, note: str) -> Alert:
    authorize(actor, Action.REVIEW_ALERTS)
    note = note.strip()
    if not note:
        raise OversightError("Say what you found or did: an acknowledgement needs a note.")
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(pk=alert_id).first()
        if alert is None:
            raise OversightError("There is no such alert.")
        if alert.acknowledged_at is not None:
            raise OversightError("That alert was already acknowledged.")
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = actor
        alert.note = note
        alert.save()
        record(AuditEvent.ALERT_ACKNOWLEDGED, actor=actor, obj=alert, detail={"kind": alert.kind})
    return alert


# Breach response.


@dataclass(frozen=True)
class IncidentDetails:
    summary: str
    discovered_at: datetime.datetime
    window_start: datetime.datetime
    window_end: datetime.datetime
    account_ids: list[int]
    backups: str = ""


def list_incidents(actor: Any) -> list[Incident]:
    authorize(actor, Action.MANAGE_INCIDENTS)
    return list(Incident.objects.all())


def get_incident(actor: Any, incident_id: uuid.UUID) -> Incident:
    """The incident, for whoever manages incidents (Http404 when there is none)."""
    authorize(actor, Action.MANAGE_INCIDENTS)
    found = Incident.objects.filter(pk=incident_id).first()
    if found is None:
        raise Http404()
    return found


def incident_deadlines(incident: Incident) -> list[breach.Deadline]:
    return breach.deadlines(incident)


def open_incident(actor: Any, details: IncidentDetails) -> Incident:
    """Record an incident and find, in the audit log, every client its accounts opened."""
    authorize(actor, Action.MANAGE_INCIDENTS)
    if not details.summary.strip():
        raise OversightError("Say what happened.")
    if details.window_end <= details.window_start:
        raise OversightError("The window must end after it starts.")
    if details.discovered_at > timezone.now() + datetime.timedelta(minutes=5):
        raise OversightError("The discovery cannot be in the future.")
    accounts = list(User.objects.filter(pk__in=details.account_ids))
    if not accounts and not details.backups.strip():
        raise OversightError("Name the accounts or the backups involved.")
    with transaction.atomic():
        incident = Incident(
            summary=details.summary.strip(),
            discovered_at=details.discovered_at,
            window_start=details.window_start,
            window_end=details.window_end,
            backups=details.backups.strip(),
            opened_by=actor,
        )
        incident.save()
        incident.accounts.set(accounts)
        affected = breach.clients_opened(
            [u.pk for u in accounts], details.window_start, details.window_end
        )
        AffectedClient.objects.bulk_create(
            AffectedClient(incident=incident, client_id=client_id) for client_id in affected
        )
        record(
            AuditEvent.INCIDENT_OPENED,
            actor=actor,
            obj=incident,
            detail={"accounts": [u.pk for u in accounts], "affected": len(affected)},
        )
    return incident


@dataclass(frozen=True)
class Assessment:
    nature: str
    recipient: str
    acquired: str
    mitigation: str
    conclusion: str


def assess_incident(actor: Any, incident: Incident, assessment: Assessment) -> Incident:
    """Record the four-factor risk assessment of 164.402(2) and its conclusion."""
    authorize(actor, Action.MANAGE_INCIDENTS)
    factors = (assessment.nature, assessment.recipient, assessment.acquired, assessment.mitigation)
    if not all(text.strip() for text in factors):
        raise OversightError("Answer each of the four factors.")
    if assessment.conclusion not in (Conclusion.BREACH, Conclusion.LOW_PROBABILITY):
        raise OversightError("Choose a conclusion.")
    with transaction.atomic():
        incident.factor_nature = assessment.nature.strip()
        incident.factor_recipient = assessment.recipient.strip()
        incident.factor_acquired = assessment.acquired.strip()
        incident.factor_mitigation = assessment.mitigation.strip()
        incident.conclusion = assessment.conclusion
        incident.assessed_at = timezone.now()
        incident.save()
        record(
            AuditEvent.INCIDENT_ASSESSED,
            actor=actor,
            obj=incident,
            detail={"conclusion": assessment.conclusion},
        )
    return incident


def incident_letter(actor: Any, incident: Incident, client_id: uuid.UUID) -> bytes:
    """The notification letter (164.404(c)) to one affected client, as a PDF."""
    authorize(actor, Action.MANAGE_INCIDENTS)
    if incident.conclusion != Conclusion.BREACH:
        raise OversightError("Letters are produced once the assessment concludes it is a breach.")
    row = AffectedClient.objects.filter(incident=incident, client_id=client_id).first()
    if row is None:
        raise OversightError("That client is not affected by this incident.")
    pdf = breach.letter(incident, client_id)
    with transaction.atomic():
        AffectedClient.objects.filter(pk=row.pk).update(letter_at=timezone.now())
        record(AuditEvent.INCIDENT_LETTERS_PRODUCED, actor=actor, client_id=client_id, obj=incident)
    return pdf


def record_mailing(actor: Any, incident: Incident, client_ids: list[uuid.UUID]) -> int:
    """Record that the letters to these clients were mailed (today); returns how many."""
    authorize(actor, Action.MANAGE_INCIDENTS)
    rows = AffectedClient.objects.filter(incident=incident, client_id__in=client_ids)
    if not rows.exists():
        raise OversightError("Choose the clients whose letters were mailed.")
    if rows.filter(letter_at=None).exists():
        raise OversightError("Produce each letter before recording it as mailed.")
    with transaction.atomic():
        count = rows.filter(mailed_at=None).update(mailed_at=timezone.now())
        record(
            AuditEvent.INCIDENT_NOTICE_MAILED, actor=actor, obj=incident, detail={"letters": count}
        )
    return count
