"""The keyring file: the practice's current keys, kept apart from its data backups.

Data backups carry no key material at all: no sealed KEK, no wrapped key.
Restoring one needs a keyring file, which holds the current sealed KEK (as
`kek-v<N>.json` holds it) and every key it wraps: the practice keys and one
data key per client still in existence. Because a restore always takes its
keys from a keyring, and a destroyed client's key is in no keyring written
after the destruction, destroying that key makes the client unreadable in
every backup, old or new (docs/backup.md). The file is signed with the
practice's checkpoint key; its trust, though, comes from the KEK: the signing
key is one of the keys it wraps, and must match.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

from sealbook.backup.files import NotARegularFile, read_regular
from sealbook.core.crypto import sealing
from sealbook.core.crypto.aead import DataKey
from sealbook.core.crypto.kek import KeyEncryptionKey
from sealbook.core.crypto.signing import BadSignature, SigningKey, verify_signature
from sealbook.core.crypto.stream import derive_key
from sealbook.core.errors import SealbookError
from sealbook.vault import paths, runtime
from sealbook.vault.models import KeyPurpose, WrappedKey

FORMAT = 1
# About 250 bytes a client: room for a million clients, not for /dev/zero.
KEYRING_LIMIT = 256 * 2**20
_SIGNED_PREFIX = b"sealbook/keyring/v1\n"


class KeyringError(SealbookError):
    pass


def _canonical(doc: dict[str, Any]) -> bytes:
    body = {k: v for k, v in doc.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def export_keyring() -> dict[str, Any]:
    """The current keyring as a signed document (the practice must be unsealed)."""
    ring = runtime.keyring()
    sealed = runtime.load_sealed_kek(ring.kek_version)
    keys = [
        {
            "purpose": row.purpose,
            "client_id": str(row.client_id) if row.client_id else None,
            "version": row.version,
            "kek_version": row.kek_version,
            "wrapped": base64.b64encode(bytes(row.wrapped)).decode(),
        }
        for row in WrappedKey.objects.order_by("pk")
    ]
    doc: dict[str, Any] = {
        "sealbook_keyring": FORMAT,
        "practice_id": str(ring.practice_id),
        "created_at": timezone.now().isoformat(),
        "kek_version": ring.kek_version,
        "kek_backend": ring.kek_backend,
        "sealed_kek": sealed,
        "audit_public_key": bytes(ring.audit_public_key).hex(),
        "keys": keys,
    }
    signature = runtime.audit_signing_key().sign(_SIGNED_PREFIX + _canonical(doc))
    doc["signature"] = signature.hex()
    return doc


def write_keyring(path: Path) -> dict[str, Any]:
    doc = export_keyring()
    try:
        paths.write_private_file(path, json.dumps(doc, indent=1, sort_keys=True).encode() + b"\n")
    except OSError as exc:
        raise KeyringError(f"cannot write the keyring file {path} ({exc.strerror})") from None
    return doc


@dataclass
class OpenKeyring:
    """A keyring file opened with the practice's secret."""

    doc: dict[str, Any]
    kek: KeyEncryptionKey
    public_key: bytes

    @property
    def practice_id(self) -> uuid.UUID:
        return uuid.UUID(self.doc["practice_id"])

    def practice_secret(self, purpose: str) -> bytes:
        for key in self.doc["keys"]:
            if key["purpose"] == purpose and key["client_id"] is None:
                return self.kek.unwrap(base64.b64decode(key["wrapped"]))
        raise KeyringError(f"the keyring has no {purpose} key")

    def backup_key(self) -> DataKey:
        secret = self.practice_secret(KeyPurpose.AUDIT_DETAIL)
        return DataKey(derive_key(secret, runtime.BACKUP_KEY_INFO), 1)

    def wrapped_keys(self) -> list[WrappedKey]:
        return [
            WrappedKey(
                purpose=key["purpose"],
                client_id=uuid.UUID(key["client_id"]) if key["client_id"] else None,
                version=key["version"],
                kek_version=key["kek_version"],
                wrapped=base64.b64decode(key["wrapped"]),
            )
            for key in self.doc["keys"]
        ]

    def client_ids(self) -> set[uuid.UUID]:
        return {uuid.UUID(k["client_id"]) for k in self.doc["keys"] if k["client_id"]}


def read_keyring(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(read_regular(path, limit=KEYRING_LIMIT))
    except FileNotFoundError:
        raise KeyringError(f"no keyring file at {path} (give --keyring)") from None
    except NotARegularFile as exc:
        raise KeyringError(f"cannot read the keyring file: {exc}") from None
    except OSError as exc:
        raise KeyringError(f"cannot read the keyring file {path} ({exc.strerror})") from None
    except ValueError:
        raise KeyringError(f"{path} is not a Sealbook keyring file") from None
    if not isinstance(doc, dict) or doc.get("sealbook_keyring") != FORMAT:
        raise KeyringError(f"{path} is not a Sealbook keyring file")
    needed = ("practice_id", "kek_version", "sealed_kek", "audit_public_key", "keys", "signature")
    if any(k not in doc for k in needed) or not isinstance(doc["keys"], list):
        raise KeyringError(f"the keyring file {path} is damaged")
    return doc


def public_key_of(doc: dict[str, Any]) -> bytes:
    try:
        return bytes.fromhex(doc["audit_public_key"])
    except (ValueError, TypeError):
        raise KeyringError("the keyring file is damaged") from None


def open_keyring(path: Path, secrets: sealing.UnsealSecrets | None) -> OpenKeyring:
    """Unseal a keyring file's KEK and check the file against the keys it wraps."""
    doc = read_keyring(path)
    if secrets is None:
        raise SealbookError(runtime.HOW_TO_UNSEAL)
    sealed = doc["sealed_kek"]
    if not isinstance(sealed, dict):
        raise KeyringError("the keyring file is damaged")
    sealed = sealing.loads(json.dumps(sealed).encode())
    if sealed["kek_version"] != doc["kek_version"]:
        raise KeyringError("the keyring file is damaged")
    kek = sealing.unseal(sealed, secrets)
    opened = OpenKeyring(doc, kek, public_key_of(doc))
    try:
        seed = opened.practice_secret(KeyPurpose.AUDIT_SIGNING)
        if SigningKey(seed).public_key() != opened.public_key:
            raise KeyringError("the keyring file's signing key does not match its keys")
        verify_signature(
            opened.public_key, bytes.fromhex(doc["signature"]), _SIGNED_PREFIX + _canonical(doc)
        )
    except (BadSignature, ValueError, binascii.Error, KeyError, TypeError):
        raise KeyringError("the keyring file is damaged or altered") from None
    except SealbookError as exc:
        if isinstance(exc, KeyringError):
            raise
        raise KeyringError("the keyring file's keys do not open with its practice key") from None
    return opened
