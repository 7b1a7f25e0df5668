"""The unsealed practice, held in this process's memory only.

The server and each CLI command unseal once at start (`unseal`); from then on
the KEK and the keys it unwraps live here, and nowhere on disk. `seal` forgets
them. Every function that needs a key raises `PracticeSealed` while sealed, so
a sealed server cannot serve client data even by mistake.

This module is a pure key store: it neither reads secrets from the
environment or a terminal (`sealbook.cli.unsealing` does, at a command's
start) nor writes audit entries (`sealbook.practice.unsealing` does), so the
audit log, which needs the store's keys, can sit above it.

Unwrapped client data keys are cached per process: unwrapping is cheap with a
local KEK but is a round trip to the token with an HSM.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from typing import Any

from sealbook.core.crypto import sealing
from sealbook.core.crypto.aead import DataKey
from sealbook.core.crypto.blind_index import BlindIndexer
from sealbook.core.crypto.kek import KeyEncryptionKey
from sealbook.core.crypto.signing import SigningKey
from sealbook.core.crypto.stream import derive_key
from sealbook.core.errors import KeyStoreError, SealbookError, UnsealError
from sealbook.vault import paths
from sealbook.vault.models import KeyPurpose, Keyring, WrappedKey

HOW_TO_UNSEAL = (
    "the practice is sealed: set SEALBOOK_PASSPHRASE_FILE (or SEALBOOK_KEY_FILE, or "
    "SEALBOOK_HSM_PIN_FILE for an HSM) and start again, or run the command on a terminal "
    "to be asked for the passphrase"
)


class PracticeSealed(SealbookError):
    def __init__(self) -> None:
        super().__init__(HOW_TO_UNSEAL)


class PracticeNotInitialised(SealbookError):
    def __init__(self) -> None:
        super().__init__("no practice here yet: run `sealbook init` (or `sealbook demo`)")


@dataclass
class _Unsealed:
    kek: KeyEncryptionKey
    keyring_id: uuid.UUID
    practice_name: str
    indexer: BlindIndexer
    audit_detail_key: DataKey
    audit_signing_key: SigningKey
    second_factor_key: DataKey
    login_name_key: bytes


_lock = threading.Lock()
_state: _Unsealed | None = None
_client_keys: dict[tuple[uuid.UUID, int], DataKey] = {}
_current_version: dict[uuid.UUID, int] = {}


def keyring() -> Keyring:
    ring = Keyring.objects.filter(pk=1).first()
    if ring is None:
        raise PracticeNotInitialised()
    return ring


def load_sealed_kek(version: int) -> dict[str, Any]:
    path = paths.sealed_kek_path(version)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UnsealError(
            f"the sealed practice key is missing ({path.name} in the keys folder)"
        ) from None
    except OSError as exc:
        raise UnsealError(f"cannot read the sealed practice key ({exc.strerror})") from None
    return sealing.loads(raw)


def unseal(secrets: sealing.UnsealSecrets) -> str:
    """Unseal the practice with `secrets`; raise UnsealError with a one-line reason.

    Returns the backend that sealed the key ("passphrase", "keyfile" or "pkcs11").
    """
    ring = keyring()
    doc = load_sealed_kek(ring.kek_version)
    if doc["kek_version"] != ring.kek_version:
        raise UnsealError("the sealed practice key does not match this practice's database")
    kek = sealing.unseal(doc, secrets)
    install(kek, ring)
    return str(doc["backend"])


def install(kek: KeyEncryptionKey, ring: Keyring) -> None:
    """Make `kek` this process's practice key, after checking it opens the practice keys."""
    global _state
    try:
        index_key = _unwrap_practice_key(kek, KeyPurpose.BLIND_INDEX)
        detail_key = _unwrap_practice_key(kek, KeyPurpose.AUDIT_DETAIL)
        signing_seed = _unwrap_practice_key(kek, KeyPurpose.AUDIT_SIGNING)
    except SealbookError:
        raise UnsealError("the practice key does not open this practice's keys") from None
    with _lock:
        _client_keys.clear()
        _current_version.clear()
        _state = _Unsealed(
            kek=kek,
            keyring_id=ring.practice_id,
            practice_name=ring.practice_name,
            indexer=BlindIndexer(index_key, ring.blind_index_bits),
            audit_detail_key=DataKey(detail_key, 1),
            audit_signing_key=SigningKey(signing_seed),
            second_factor_key=DataKey(derive_key(detail_key, SECOND_FACTOR_KEY_INFO), 1),
            login_name_key=derive_key(detail_key, LOGIN_NAME_KEY_INFO),
        )


def seal() -> None:
    """Forget every key this process holds."""
    global _state
    with _lock:
        _state = None
        _client_keys.clear()
        _current_version.clear()


def is_unsealed() -> bool:
    return _state is not None


def _require() -> _Unsealed:
    state = _state
    if state is None:
        raise PracticeSealed()
    return state


def practice_id() -> uuid.UUID:
    return _require().keyring_id


def practice_name() -> str:
    return _require().practice_name


def kek() -> KeyEncryptionKey:
    return _require().kek


def indexer() -> BlindIndexer:
    return _require().indexer


def audit_detail_key() -> DataKey:
    return _require().audit_detail_key


def audit_signing_key() -> SigningKey:
    return _require().audit_signing_key


def second_factor_key() -> DataKey:
    """The key that seals staff TOTP seeds (see docs/key-hierarchy.md).

    A practice key, not a clinician's: a seed must be readable at login, before
    the user has proved who they are and before any personal key is unwrapped.
    Derived (HKDF, its own label) from the audit-detail key, like the backup
    key, so it survives KEK rotation, travels in every backup and keyring file
    with no new wrapped-key row, and never equals a key used for anything else.
    """
    return _require().second_factor_key


def login_name_key() -> bytes:
    """The HMAC key that turns an attempted login name into a digest for the lockout and log.

    Keyed, so someone holding the staff list cannot recompute the digests and
    learn who was attacked, or read a password typed into the e-mail field.
    """
    return _require().login_name_key


SECOND_FACTOR_KEY_INFO = b"sealbook/second-factor-seeds/v1"
LOGIN_NAME_KEY_INFO = b"sealbook/login-name-hmac/v1"

# HKDF info naming the backup key; restore derives it the same way from a keyring file.
BACKUP_KEY_INFO = b"sealbook/backup-archive/v1"


def backup_key() -> DataKey:
    """The key that seals each backup's archive key (see docs/backup.md).

    Derived (HKDF) from the audit-detail key, a practice key that lives only in
    the key store and survives KEK rotation, so any backup of this practice
    opens with the practice's current keyring, and with nothing else.
    """
    state = _require()
    secret = _unwrap_practice_key(state.kek, KeyPurpose.AUDIT_DETAIL)
    return DataKey(derive_key(secret, BACKUP_KEY_INFO), 1)


# HKDF info prefix naming a staff member's draft key (see docs/key-hierarchy.md).
USER_DRAFT_KEY_INFO = b"sealbook/user-drafts/v1|user:"


def user_draft_key(user_pk: int) -> DataKey:
    """The key that seals a staff member's drafts of forms that belong to no client.

    Derived (HKDF) from the audit-detail key, as `backup_key` is, with the
    user's id in the info: one key per person, held nowhere, and none of them
    opens another person's drafts or any client's data.
    """
    from sealbook.core.crypto.stream import derive_key

    state = _require()
    secret = _unwrap_practice_key(state.kek, KeyPurpose.AUDIT_DETAIL)
    return DataKey(derive_key(secret, USER_DRAFT_KEY_INFO + str(user_pk).encode()), 1)


def _unwrap_practice_key(kek: KeyEncryptionKey, purpose: str) -> bytes:
    row = (
        WrappedKey.objects.filter(purpose=purpose, client_id__isnull=True)
        .order_by("-version")
        .first()
    )
    if row is None or row.kek_version != kek.version:
        raise KeyStoreError(f"the practice's {purpose} key is missing")
    return kek.unwrap(bytes(row.wrapped))


def wrap_practice_key(kek: KeyEncryptionKey, purpose: str, secret: bytes) -> None:
    WrappedKey.objects.create(
        purpose=purpose,
        client_id=None,
        version=1,
        kek_version=kek.version,
        wrapped=kek.wrap(secret),
    )


def create_client_key(client_id: uuid.UUID) -> DataKey:
    """Create and store the data key of a new client (call inside the client's transaction)."""
    state = _require()
    secret = DataKey.generate_secret()
    WrappedKey.objects.create(
        purpose=KeyPurpose.CLIENT_DATA,
        client_id=client_id,
        version=1,
        kek_version=state.kek.version,
        wrapped=state.kek.wrap(secret),
    )
    key = DataKey(secret, 1)
    _client_keys[(client_id, 1)] = key
    _current_version[client_id] = 1
    return key


def client_key(client_id: uuid.UUID, version: int | None = None) -> DataKey:
    """The data key of a client: the current one, or a given version to decrypt with."""
    state = _require()
    if version is None:
        version = _current_version.get(client_id)
    if version is not None and (client_id, version) in _client_keys:
        return _client_keys[(client_id, version)]
    rows = WrappedKey.objects.filter(purpose=KeyPurpose.CLIENT_DATA, client_id=client_id)
    row = rows.filter(version=version).first() if version else rows.order_by("-version").first()
    if row is None:
        # Destroyed (crypto-shredded) or never created: either way, unreadable.
        raise KeyStoreError("this client's data key does not exist")
    key = DataKey(state.kek.unwrap(bytes(row.wrapped)), row.version)
    _client_keys[(client_id, row.version)] = key
    if version is None or row.version >= _current_version.get(client_id, 0):
        _current_version[client_id] = row.version
    return key


def preload_client_keys(client_ids: list[uuid.UUID]) -> None:
    """Unwrap the current keys of many clients with one query (a search's candidates)."""
    state = _require()
    missing = [c for c in client_ids if c not in _current_version]
    if not missing:
        return
    rows = WrappedKey.objects.filter(purpose=KeyPurpose.CLIENT_DATA, client_id__in=missing)
    for row in rows.order_by("client_id", "version"):
        if row.client_id is None:  # never matched by client_id__in: says so to the type checker
            continue
        key = DataKey(state.kek.unwrap(bytes(row.wrapped)), row.version)
        _client_keys[(row.client_id, row.version)] = key
        _current_version[row.client_id] = row.version


def forget_client_key(client_id: uuid.UUID) -> None:
    for cached in [k for k in _client_keys if k[0] == client_id]:
        del _client_keys[cached]
    _current_version.pop(client_id, None)
