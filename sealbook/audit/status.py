"""The audit log's integrity at a glance, for the auditor's page.

The same answers as `sealbook audit verify` and `sealbook audit checkpoint`:
how many entries the signed head covers, the newest stored checkpoint, and
(on request, since it reads the whole log) whether every entry verifies.
Nothing here reveals an entry's content.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sealbook.audit.models import AuditCheckpoint, AuditHead
from sealbook.core.errors import SealbookError


@dataclass(frozen=True)
class LogSummary:
    entries: int
    checkpoint_size: int | None
    checkpoint_at: datetime.datetime | None


@dataclass(frozen=True)
class Verdict:
    verified: bool
    message: str


def summary() -> LogSummary:
    head = AuditHead.objects.filter(pk=1).values_list("size", flat=True).first()
    checkpoint = AuditCheckpoint.objects.order_by("-size").first()
    return LogSummary(
        entries=head or 0,
        checkpoint_size=checkpoint.size if checkpoint else None,
        checkpoint_at=checkpoint.created_at if checkpoint else None,
    )


def verdict() -> Verdict:
    """Verify the whole log in this process, as `sealbook audit verify --jobs 1` does."""
    from sealbook.audit.verification import verify

    try:
        report = verify(processes=1)
    except SealbookError as exc:  # AuditVerificationError, or a missing or damaged key
        return Verdict(False, f"The audit log FAILS verification: {exc}")
    return Verdict(
        True,
        f"The audit log verifies: {report.size} entries, root {report.root.hex()}, "
        f"{report.checkpoints_verified} stored checkpoints.",
    )
