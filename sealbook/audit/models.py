"""The audit log's tables (DESIGN.md capability 5; ONC 170.315(d)(10)).

Rows are only ever inserted (database triggers refuse UPDATE and DELETE, see
migration 0002). Each row stores its leaf hash and the running chain hash; the
head row keeps the Merkle frontier and a signature over the whole log, so any
change to any row is detectable by `sealbook audit verify` (docs/audit-log.md).
No column holds identifying text: clients are referred to by id and free-text
detail is encrypted.
"""

from __future__ import annotations

from django.db import models


class AuditEntry(models.Model):
    seq = models.BigIntegerField(primary_key=True)
    occurred_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    event = models.PositiveIntegerField()
    client_id = models.UUIDField(null=True, db_index=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=16)
    detail = models.BinaryField()
    leaf_hash = models.BinaryField()
    chain_hash = models.BinaryField()

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "audit entries"
        # The audit screen pages newest first within one client, one staff
        # member or one event type, and turns a date into a seq bound: each
        # filter walks its own index in seq order (bench/audit_screen_bench.py).
        indexes = [
            models.Index(fields=["client_id", "seq"], name="audit_entry_client_seq"),
            models.Index(fields=["actor_id", "seq"], name="audit_entry_actor_seq"),
            models.Index(fields=["event", "seq"], name="audit_entry_event_seq"),
            models.Index(fields=["occurred_at"], name="audit_entry_occurred"),
        ]


class AuditHead(models.Model):
    """The single row every append locks: size, chain head, frontier, signed head."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField(default=0)
    root_hash = models.BinaryField()
    chain_hash = models.BinaryField()
    frontier = models.BinaryField()
    signed_note = models.TextField(blank=True)


class AuditCheckpoint(models.Model):
    """A signed checkpoint kept every CHECKPOINT_INTERVAL entries and on demand."""

    size = models.BigIntegerField(primary_key=True)
    signed_note = models.TextField()
    created_at = models.DateTimeField()
