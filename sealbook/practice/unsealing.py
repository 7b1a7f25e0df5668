"""Unsealing the practice in this process, as an audited key operation."""

from __future__ import annotations

import os

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.crypto import sealing
from sealbook.vault import runtime


def unseal_practice(secrets: sealing.UnsealSecrets) -> None:
    """Unseal the practice key with `secrets` and log it.

    Unsealing is a key operation: the log shows every process that held the key.
    """
    backend = runtime.unseal(secrets)
    record(AuditEvent.PRACTICE_UNSEALED, detail={"backend": backend, "pid": os.getpid()})
