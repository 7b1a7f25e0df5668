"""Rotating the practice KEK (`sealbook keys rotate`).

Every wrapped key is unwrapped with the old KEK and wrapped with a new one, in
one transaction; data is never re-encrypted (DESIGN.md capability 2). Order
matters for crash safety:

1. the new sealed key file (kek-v<N+1>.json) is written; it wraps nothing yet;
2. one transaction re-wraps every key and moves the keyring to version N+1;
3. the old sealed key file is deleted (and an HSM's old key destroyed).

A crash before 2 commits leaves version N in force and a stray new file; a
crash after leaves a stray old file that `sealbook check` reports. The old KEK
opens nothing the database still holds either way.
"""

from __future__ import annotations

from dataclasses import replace

from django.db import transaction

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.crypto import sealing
from sealbook.practice.setup import HsmKey, KekChoice, discard_kek, new_kek
from sealbook.vault import paths, runtime
from sealbook.vault.models import Keyring, WrappedKey


def rotate_kek(choice: KekChoice) -> int:
    """Replace the practice KEK; returns the new version. The practice must be unsealed."""
    old_kek = runtime.kek()
    ring = runtime.keyring()
    old_version = ring.kek_version
    version = old_version + 1
    if choice.hsm is not None:
        choice = replace(choice, hsm=replace(choice.hsm, key_label=f"sealbook-kek-v{version}"))
    old_doc = runtime.load_sealed_kek(old_version)
    doc, kek = new_kek(choice, version)
    new_path = paths.sealed_kek_path(version)
    try:
        paths.write_private_file(new_path, sealing.dumps(doc))
        with transaction.atomic():
            ring = Keyring.objects.select_for_update().get(pk=1)
            rewrapped = 0
            for row in WrappedKey.objects.select_for_update().order_by("pk"):
                row.wrapped = kek.wrap(old_kek.unwrap(bytes(row.wrapped)))
                row.kek_version = version
                row.save(update_fields=["wrapped", "kek_version"])
                rewrapped += 1
            ring.kek_version = version
            ring.kek_backend = doc["backend"]
            ring.save(update_fields=["kek_version", "kek_backend"])
            record(
                AuditEvent.KEK_ROTATED,
                detail={"from": old_version, "to": version, "rewrapped": rewrapped},
            )
    except BaseException:
        new_path.unlink(missing_ok=True)
        discard_kek(choice)
        raise
    runtime.install(kek, ring)
    paths.sealed_kek_path(old_version).unlink(missing_ok=True)
    if old_doc["backend"] == "pkcs11" and choice.hsm is not None:
        discard_kek(
            KekChoice(
                hsm=HsmKey(
                    module=str(old_doc["module"]),
                    token_label=str(old_doc["token_label"]),
                    pin=choice.hsm.pin,
                    key_label=str(old_doc["key_label"]),
                )
            )
        )
    return version
