"""Creating a practice: the key hierarchy, the audit log and the owner account.

`create_practice` is all-or-nothing: the database changes run in one
transaction, and the sealed key file is written under a temporary name and
renamed into place only after that transaction commits. A failure at any step
leaves the home as it was (and removes an HSM key it generated).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.management import call_command
from django.db import connection, transaction

from sealbook.accounts.models import Role, User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record, start_log
from sealbook.core.crypto import sealing
from sealbook.core.crypto.aead import DataKey
from sealbook.core.crypto.blind_index import INDEX_KEY_BYTES, plan_bits
from sealbook.core.crypto.kek import KEK_BYTES, KeyEncryptionKey, LocalKek
from sealbook.core.crypto.signing import SigningKey
from sealbook.core.errors import SealbookError
from sealbook.vault import paths, runtime
from sealbook.vault.models import KeyPurpose, Keyring


@dataclass(frozen=True)
class HsmKey:
    module: str
    token_label: str
    pin: str
    key_label: str = "sealbook-kek-v1"


@dataclass(frozen=True)
class KekChoice:
    """How the new practice key is sealed: exactly one of the three."""

    passphrase: bytes | None = None
    key_file: bytes | None = None
    hsm: HsmKey | None = None


def migrate_database() -> None:
    paths.home().mkdir(mode=0o700, parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)


def practice_exists() -> bool:
    return Keyring.objects.filter(pk=1).exists()


def new_kek(choice: KekChoice, version: int) -> tuple[dict[str, Any], KeyEncryptionKey]:
    """A fresh KEK of the chosen backend, with its sealed-key document."""
    if choice.hsm is not None:
        from sealbook.core.crypto import hsm

        hsm.generate_token_kek(
            module=choice.hsm.module,
            token_label=choice.hsm.token_label,
            key_label=choice.hsm.key_label,
            pin=choice.hsm.pin,
        )
        doc = sealing.describe_pkcs11(
            choice.hsm.module, choice.hsm.token_label, choice.hsm.key_label, version
        )
        return doc, sealing.unseal(doc, sealing.UnsealSecrets(hsm_pin=choice.hsm.pin))
    secret = os.urandom(KEK_BYTES)
    if choice.passphrase is not None:
        doc = sealing.seal_with_passphrase(secret, choice.passphrase, version)
    elif choice.key_file is not None:
        doc = sealing.seal_with_key_file(secret, choice.key_file, version)
    else:
        raise SealbookError("choose how to seal the practice key")
    return doc, LocalKek(secret, version)


def discard_kek(choice: KekChoice) -> None:
    if choice.hsm is not None:
        from sealbook.core.crypto import hsm

        hsm.destroy_token_kek(
            module=choice.hsm.module,
            token_label=choice.hsm.token_label,
            key_label=choice.hsm.key_label,
            pin=choice.hsm.pin,
        )


def create_practice(
    *,
    name: str,
    choice: KekChoice,
    owner_email: str,
    owner_password: str,
    owner_name: str = "Practice owner",
    expected_clients: int = 1000,
) -> User:
    """Create the practice in an empty home (migrated) and leave this process unsealed."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    home = paths.home()
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    if "vault_keyring" not in connection.introspection.table_names():
        migrate_database()
    if practice_exists() or paths.sealed_kek_path(1).exists():
        raise SealbookError(f"a practice already exists in {home}")
    if "@" not in owner_email:
        raise SealbookError("the owner e-mail address is not valid")
    try:
        validate_password(owner_password)
    except ValidationError as exc:
        raise SealbookError("owner password: " + " ".join(exc.messages)) from None
    sealed_path = paths.sealed_kek_path(1)
    pending = sealed_path.with_name(sealed_path.name + ".pending")
    doc, kek = new_kek(choice, 1)
    try:
        paths.write_private_file(pending, sealing.dumps(doc))
        signing_seed = SigningKey.generate_seed()
        with transaction.atomic():
            ring = Keyring.objects.create(
                id=1,
                practice_name=name,
                kek_version=1,
                kek_backend=doc["backend"],
                blind_index_bits=plan_bits(expected_clients, values_per_record=3),
                audit_public_key=SigningKey(signing_seed).public_key(),
            )
            runtime.wrap_practice_key(kek, KeyPurpose.BLIND_INDEX, os.urandom(INDEX_KEY_BYTES))
            runtime.wrap_practice_key(kek, KeyPurpose.AUDIT_DETAIL, DataKey.generate_secret())
            runtime.wrap_practice_key(kek, KeyPurpose.AUDIT_SIGNING, signing_seed)
            runtime.install(kek, ring)
            start_log()
            owner = User.objects.create_staff(owner_email, owner_password, Role.OWNER, owner_name)
            record(AuditEvent.PRACTICE_CREATED, actor=None, detail={"backend": doc["backend"]})
            record(AuditEvent.USER_CREATED, actor=None, obj=owner, detail={"role": Role.OWNER})
        if not paths.web_secret_path().exists():
            paths.write_private_file(paths.web_secret_path(), secrets.token_urlsafe(48).encode())
        paths.write_private_file(
            paths.audit_public_key_path(), SigningKey(signing_seed).public_key().hex().encode()
        )
        os.replace(pending, sealed_path)
    except BaseException:
        runtime.seal()
        pending.unlink(missing_ok=True)
        discard_kek(choice)
        raise
    return owner
