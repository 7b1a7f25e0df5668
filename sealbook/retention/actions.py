"""The retention schedule, legal holds, and destruction by crypto-shredding.

Destroying a client:

1. refuses while a legal hold is in force or before the retention rule allows it;
2. rotates the practice KEK to a new secret and deletes the old sealed KEK
   (an HSM's old key object is destroyed), so every copy of the client's
   wrapped data key made until now, in old keyring files or old databases,
   can no longer be unwrapped by anything;
3. in one transaction deletes the client's data key and every row of theirs,
   and writes the certificate of destruction to the audit log;
4. deletes their attachment files.

Data backups never held the key, and every later restore takes keys from a
keyring written after the destruction, so the client is unreadable in every
backup, made before or after (docs/backup.md).
"""

from __future__ import annotations

import contextlib
import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Max, ProtectedError, RestrictedError
from django.utils import timezone

from sealbook import conf
from sealbook.access import practice_policy
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.errors import KeyStoreError, SealbookError
from sealbook.documents.models import Document
from sealbook.documents.storage import storage
from sealbook.records.models import Client, Session
from sealbook.retention.models import LegalHold
from sealbook.retention.rules import RULES, RetentionRule, destruction_date
from sealbook.vault import runtime
from sealbook.vault.models import KeyPurpose, WrappedKey


class RetentionError(SealbookError):
    pass


def practice_rule() -> RetentionRule:
    code = conf.env_str("SEALBOOK_RETENTION_RULE", "APA") or "APA"
    if code not in RULES:
        raise RetentionError(
            f"SEALBOOK_RETENTION_RULE must be one of {', '.join(sorted(RULES))}, not {code!r}"
        )
    return RULES[code]


@dataclass(frozen=True)
class Schedule:
    client_id: uuid.UUID
    rule: RetentionRule
    last_service: datetime.date
    destroy_from: datetime.date | None  # None: the date of birth cannot be read
    on_hold: bool

    def due(self, today: datetime.date) -> bool:
        return self.destroy_from is not None and self.destroy_from <= today and not self.on_hold


def schedule(client: Client, rule: RetentionRule | None = None) -> Schedule:
    rule = rule or practice_rule()
    last = Session.objects.filter(client=client).aggregate(last=Max("date"))["last"]
    last_service = last or client.created_at.date()
    try:
        birth = client.date_of_birth
        destroy_from: datetime.date | None = destruction_date(
            rule, last_service, birth, practice_policy.retention_extra_years()
        )
    except KeyStoreError:
        destroy_from = None
    on_hold = LegalHold.objects.filter(client=client, released_at__isnull=True).exists()
    return Schedule(client.id, rule, last_service, destroy_from, on_hold)


def retention_schedule() -> list[Schedule]:
    rule = practice_rule()
    return [schedule(c, rule) for c in Client.objects.order_by("id")]


def review_retention(today: datetime.date) -> tuple[int, int]:
    """The job queue's retention run: count the clients due for destruction, in the log.

    Destruction itself needs a person and a new practice secret (`destroy_clients`);
    this run only puts the count where the owner's audit screen shows it.
    Returns (due, due but on hold).
    """
    schedules = [s for s in retention_schedule() if s.destroy_from and s.destroy_from <= today]
    held = sum(1 for s in schedules if s.on_hold)
    due = len(schedules) - held
    record(AuditEvent.RETENTION_REVIEWED, detail={"due": due, "on_hold": held})
    return due, held


def place_hold(actor: Any, client: Client, reason: str) -> LegalHold:
    if not reason.strip():
        raise RetentionError("a legal hold needs a reason")
    with transaction.atomic():
        hold = LegalHold(client=client, reason=reason.strip(), placed_by=actor)
        hold.save()
        record(AuditEvent.LEGAL_HOLD_PLACED, actor=actor, client_id=client.id, obj=hold)
    return hold


def release_holds(actor: Any, client: Client) -> int:
    with transaction.atomic():
        holds = list(LegalHold.objects.filter(client=client, released_at__isnull=True))
        if not holds:
            raise RetentionError("this client has no legal hold in force")
        for hold in holds:
            hold.released_at = timezone.now()
            hold.released_by = actor
            hold.save(update_fields=["released_at", "released_by"])
            record(AuditEvent.LEGAL_HOLD_RELEASED, actor=actor, client_id=client.id, obj=hold)
    return len(holds)


def check_destroyable(client: Client, today: datetime.date) -> Schedule:
    plan = schedule(client)
    if plan.on_hold:
        raise RetentionError(f"client {client.id} is under a legal hold: nothing was destroyed")
    if plan.destroy_from is not None and plan.destroy_from > today:
        raise RetentionError(
            f"client {client.id} must be kept until {plan.destroy_from} ({plan.rule.name}: "
            f"{plan.rule.source}): nothing was destroyed"
        )
    return plan


def destroy_clients(
    actor: Any, clients: list[Client], *, rotate: Any, today: datetime.date | None = None
) -> list[dict[str, Any]]:
    """Crypto-shred `clients`; `rotate` replaces the KEK (practice.rotation.rotate_kek with
    the new secret bound). Returns the certificates written to the audit log."""
    today = today or timezone.localdate()
    plans = [check_destroyable(client, today) for client in clients]
    old_version = runtime.keyring().kek_version
    new_version = rotate()
    certificates = []
    for client, plan in zip(clients, plans, strict=True):
        certificates.append(_destroy(actor, client, plan, old_version, new_version))
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        # Push the deletions out of the write-ahead log into the (secure-delete)
        # file. Best effort: a busy reader only delays it to the next checkpoint.
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return certificates


def _destroy(
    actor: Any, client: Client, plan: Schedule, old_kek: int, new_kek: int
) -> dict[str, Any]:
    names = [d.hex for d in Document.objects.filter(client=client).values_list("id", flat=True)]
    with transaction.atomic():
        keys = WrappedKey.objects.filter(purpose=KeyPurpose.CLIENT_DATA, client_id=client.id)
        key_versions = sorted(keys.values_list("version", flat=True))
        keys.delete()
        counts = _delete_rows(client)
        certificate = {
            "certificate": "destruction",
            "method": "crypto-shredding: client data key destroyed; practice key rotated "
            f"from version {old_kek} to {new_kek} and the old one deleted",
            "rule": plan.rule.code,
            "rule_source": plan.rule.source,
            "last_service_year": plan.last_service.year,
            "destroyable_from_year": plan.destroy_from.year if plan.destroy_from else None,
            "key_versions": key_versions,
            "rows": counts,
            "files": len(names),
        }
        record(AuditEvent.CLIENT_DESTROYED, actor=actor, client_id=client.id, detail=certificate)
    runtime.forget_client_key(client.id)
    store = storage()
    for name in names:
        store.delete(name)
    return certificate


def _client_models() -> list[tuple[Any, str]]:
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Client:
                found.append((model, field.name))
    return found


def _delete_rows(client: Client) -> dict[str, int]:
    """Delete every row that belongs to `client`, children before parents; all or nothing."""
    pending = _client_models()
    counts: dict[str, int] = {}
    for _ in range(len(pending) + 1):
        blocked = []
        for model, field in pending:
            try:
                with transaction.atomic():
                    _, per_model = model._default_manager.filter(**{field: client}).delete()
            except (ProtectedError, RestrictedError, IntegrityError):
                blocked.append((model, field))
                continue
            for label, n in per_model.items():
                if n:
                    counts[label] = counts.get(label, 0) + n
        pending = blocked
        if not pending:
            break
    if pending:
        labels = ", ".join(sorted(m._meta.label for m, _ in pending))
        raise RetentionError(f"rows of {labels} could not be deleted; nothing was destroyed")
    Client.objects.filter(pk=client.pk).delete()
    counts["records.Client"] = 1
    return counts
