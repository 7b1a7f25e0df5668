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
from sealbook.core.errors import SealbookError
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


def next_seal(
    sealed_doc: dict[str, object],
    current: sealing.UnsealSecrets | None,
    *,
    new_passphrase: bytes | None = None,
    new_key_file: bytes | None = None,
    fresh_secret: bool = False,
) -> KekChoice:
    """Which secret seals the practice's next key: the one rule for rotation and destruction.

    A new secret the user gave wins. Otherwise a key kept in an HSM stays in
    the HSM (a new key is made on the token, so nothing sealed before opens
    it). Otherwise the current passphrase or key file seals the new key too,
    unless `fresh_secret` asks for a new one: crypto-shredding must leave
    keyring files made before it unable to open anything.
    """
    if new_passphrase is not None:
        if fresh_secret and current is not None and current.passphrase == new_passphrase:
            raise SealbookError("the new passphrase must differ from the current one")
        return KekChoice(passphrase=new_passphrase)
    if new_key_file is not None:
        return KekChoice(key_file=new_key_file)
    backend = sealed_doc["backend"]
    if backend == "pkcs11":
        if current is None or not current.hsm_pin:
            raise SealbookError("set SEALBOOK_HSM_PIN_FILE: the practice key is kept in an HSM")
        return KekChoice(
            hsm=HsmKey(str(sealed_doc["module"]), str(sealed_doc["token_label"]), current.hsm_pin)
        )
    if fresh_secret:
        raise SealbookError(
            "give --new-passphrase-file or --new-key-file: destruction seals the practice key "
            "with a new secret, so keyring files made before it open nothing"
        )
    if backend == "keyfile":
        if current is None or current.key_file is None:
            raise SealbookError(
                "set SEALBOOK_KEY_FILE, or give --new-passphrase-file or --new-key-file"
            )
        return KekChoice(key_file=current.key_file)
    if current is None or not current.passphrase:
        raise SealbookError(
            "set SEALBOOK_PASSPHRASE_FILE, or give --new-passphrase-file or --new-key-file"
        )
    return KekChoice(passphrase=current.passphrase)
