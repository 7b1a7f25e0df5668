"""Sealed practice keys: the KEK at rest, and the three ways to unseal it.

A sealed key is a small JSON document (kept in SEALBOOK_HOME/keys/)::

    {"sealbook_sealed_key": 1, "backend": "passphrase" | "keyfile" | "pkcs11",
     "kek_version": 3, ...backend fields..., "checksum": "<sha256 hex>"}

- passphrase: the KEK is sealed with AES-256-GCM under a key derived by
  Argon2id; the parameters and salt are stored beside it and authenticated as
  associated data, so nobody can weaken them by editing the file.
- keyfile: the same, under a key derived (HKDF) from a 32-byte key file that
  the practice keeps apart from the server (a USB stick, a secrets manager).
- pkcs11: the KEK never leaves the token; the document only names it.

The checksum lets us tell a damaged file ("corrupt") from a wrong secret.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any

from argon2.exceptions import HashingError
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sealbook.core.crypto.kek import KEK_BYTES, KeyEncryptionKey, LocalKek
from sealbook.core.errors import UnsealError

FORMAT = 1
BACKENDS = ("passphrase", "keyfile", "pkcs11")
KEY_FILE_BYTES = 32
_KEY_FILE_HEADER = "sealbook-key-file-v1"


@dataclass(frozen=True)
class Argon2Parameters:
    memory_kib: int
    iterations: int
    lanes: int

    def at_least(self, floor: Argon2Parameters) -> bool:
        # The cost that counts is memory times passes: RFC 9106's first
        # recommendation (2 GiB, one pass) is stronger than its second, not weaker.
        return (
            self.memory_kib >= floor.memory_kib
            and self.iterations >= 1
            and self.memory_kib * self.iterations >= floor.memory_kib * floor.iterations
            and self.lanes >= 1
        )

    def derive_key(self, secret: bytes, salt: bytes, length: int = 32) -> bytes:
        """Argon2id of `secret` under these parameters.

        Raises argon2's HashingError when Argon2 itself refuses them (too many
        lanes for the memory, a salt too short, more memory than it can
        allocate); each caller says what that means for its own format.
        """
        return hash_secret_raw(
            secret=secret,
            salt=salt,
            time_cost=self.iterations,
            memory_cost=self.memory_kib,
            parallelism=self.lanes,
            hash_len=length,
            type=Type.ID,
        )


# RFC 9106 section 4, second recommended option: 64 MiB, 3 passes, 4 lanes
# (about 150 ms here, CRYPTO-NOTES.md table D). Nothing weaker is accepted.
RFC9106_SECOND = Argon2Parameters(memory_kib=64 * 1024, iterations=3, lanes=4)


@dataclass(frozen=True)
class UnsealSecrets:
    """What an operator supplies to unseal; only the one the backend needs is used."""

    passphrase: bytes | None = None
    key_file: bytes | None = None
    hsm_pin: str | None = None


def new_key_file() -> bytes:
    """The contents of a new key file: a header line and 32 random bytes in base64."""
    secret = base64.b64encode(os.urandom(KEY_FILE_BYTES)).decode()
    return f"{_KEY_FILE_HEADER}\n{secret}\n".encode()


def parse_key_file(contents: bytes) -> bytes:
    try:
        header, secret, *rest = contents.decode("ascii").split("\n")
        raw = base64.b64decode(secret, validate=True)
    except (UnicodeDecodeError, ValueError, binascii.Error):
        raise UnsealError("the key file is not a Sealbook key file") from None
    if header != _KEY_FILE_HEADER or len(raw) != KEY_FILE_BYTES or any(rest):
        raise UnsealError("the key file is not a Sealbook key file")
    return raw


def seal_with_passphrase(
    kek_secret: bytes,
    passphrase: bytes,
    version: int,
    params: Argon2Parameters = RFC9106_SECOND,
) -> dict[str, Any]:
    if not params.at_least(RFC9106_SECOND):
        raise ValueError("Argon2id parameters below RFC 9106's second recommendation")
    if not passphrase:
        raise UnsealError("the passphrase is empty")
    salt = os.urandom(16)
    doc: dict[str, Any] = {
        "sealbook_sealed_key": FORMAT,
        "backend": "passphrase",
        "kek_version": version,
        "kdf": {
            "name": "argon2id",
            "memory_kib": params.memory_kib,
            "iterations": params.iterations,
            "lanes": params.lanes,
            "salt": _b64(salt),
        },
    }
    wrapping_key = _argon2(passphrase, salt, params)
    doc["sealed_kek"] = _b64(_seal(wrapping_key, kek_secret, doc))
    return _with_checksum(doc)


def seal_with_key_file(kek_secret: bytes, key_file: bytes, version: int) -> dict[str, Any]:
    raw = parse_key_file(key_file)
    doc: dict[str, Any] = {
        "sealbook_sealed_key": FORMAT,
        "backend": "keyfile",
        "kek_version": version,
        "key_file_id": hashlib.sha256(b"sealbook/key-file-id\0" + raw).hexdigest()[:16],
    }
    doc["sealed_kek"] = _b64(_seal(_hkdf(raw), kek_secret, doc))
    return _with_checksum(doc)


def describe_pkcs11(module: str, token_label: str, key_label: str, version: int) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "sealbook_sealed_key": FORMAT,
        "backend": "pkcs11",
        "kek_version": version,
        "module": module,
        "token_label": token_label,
        "key_label": key_label,
    }
    return _with_checksum(doc)


def dumps(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, indent=2, sort_keys=True).encode() + b"\n"


def loads(raw: bytes) -> dict[str, Any]:
    """Parse a sealed-key document, refusing anything damaged or unknown."""
    try:
        doc = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        raise UnsealError("the sealed practice key is corrupted (not valid JSON)") from None
    if not isinstance(doc, dict) or doc.get("sealbook_sealed_key") != FORMAT:
        raise UnsealError("the sealed practice key is corrupted or of an unknown format")
    if doc.get("backend") not in BACKENDS or not isinstance(doc.get("kek_version"), int):
        raise UnsealError("the sealed practice key is corrupted or of an unknown format")
    if doc.get("checksum") != _checksum(doc):
        raise UnsealError("the sealed practice key is corrupted (checksum mismatch)")
    return doc


def unseal(doc: dict[str, Any], secrets: UnsealSecrets) -> KeyEncryptionKey:
    """Unseal a document returned by `loads`; raises UnsealError with a one-line reason."""
    backend = doc["backend"]
    version = int(doc["kek_version"])
    if backend == "passphrase":
        if not secrets.passphrase:
            raise UnsealError("this practice key is sealed with a passphrase; none was given")
        params, salt = _kdf_parameters(doc)
        wrapping_key = _argon2(secrets.passphrase, salt, params)
        secret = _open(wrapping_key, doc, "the passphrase does not unseal the practice key")
        return LocalKek(secret, version)
    if backend == "keyfile":
        if secrets.key_file is None:
            raise UnsealError("this practice key is sealed with a key file; none was given")
        raw = parse_key_file(secrets.key_file)
        secret = _open(_hkdf(raw), doc, "the key file does not unseal the practice key")
        return LocalKek(secret, version)
    # Imported here so a practice without an HSM never loads the PKCS#11 library.
    from sealbook.core.crypto.hsm import open_token_kek

    if not secrets.hsm_pin:
        raise UnsealError("this practice key is in an HSM; no PIN was given")
    module, token_label, key_label = doc.get("module"), doc.get("token_label"), doc.get("key_label")
    if not (
        isinstance(module, str) and isinstance(token_label, str) and isinstance(key_label, str)
    ):
        raise UnsealError("the sealed practice key is corrupted (malformed HSM fields)")
    return open_token_kek(
        module=module,
        token_label=token_label,
        key_label=key_label,
        pin=secrets.hsm_pin,
        version=version,
    )


def _kdf_parameters(doc: dict[str, Any]) -> tuple[Argon2Parameters, bytes]:
    # The checksum only catches accidents: a hand-edited document may have any
    # shape, and must still be refused with a one-line reason.
    malformed = "the sealed practice key is corrupted (malformed KDF parameters)"
    kdf = doc.get("kdf")
    if not isinstance(kdf, dict):
        raise UnsealError(malformed)
    memory, passes, lanes, salt = (
        kdf.get(k) for k in ("memory_kib", "iterations", "lanes", "salt")
    )
    if not (type(memory) is int and type(passes) is int and type(lanes) is int):
        raise UnsealError(malformed)
    if not isinstance(salt, str):
        raise UnsealError(malformed)
    params = Argon2Parameters(memory, passes, lanes)
    if kdf.get("name") != "argon2id" or not params.at_least(RFC9106_SECOND):
        raise UnsealError("the sealed practice key uses unacceptable KDF parameters")
    return params, _unb64(salt)


def _argon2(passphrase: bytes, salt: bytes, params: Argon2Parameters) -> bytes:
    try:
        return params.derive_key(passphrase, salt)
    except HashingError:
        raise UnsealError("the sealed practice key uses unacceptable KDF parameters") from None


def _hkdf(key_file_secret: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"sealbook/key-file/v1"
    ).derive(key_file_secret)


def _associated_data(doc: dict[str, Any]) -> bytes:
    # Everything but the sealed blob and checksum is authenticated: changing the
    # backend, version or KDF parameters makes unsealing fail.
    header = {k: v for k, v in doc.items() if k not in ("sealed_kek", "checksum")}
    return json.dumps(header, sort_keys=True).encode()


def _seal(wrapping_key: bytes, kek_secret: bytes, doc: dict[str, Any]) -> bytes:
    if len(kek_secret) != KEK_BYTES:
        raise ValueError("a KEK is 32 bytes")
    nonce = os.urandom(12)
    return nonce + AESGCM(wrapping_key).encrypt(nonce, kek_secret, _associated_data(doc))


def _open(wrapping_key: bytes, doc: dict[str, Any], wrong_secret: str) -> bytes:
    try:
        blob = _unb64(doc["sealed_kek"])
        secret = AESGCM(wrapping_key).decrypt(blob[:12], blob[12:], _associated_data(doc))
    except (KeyError, InvalidTag, ValueError):
        raise UnsealError(wrong_secret) from None
    if len(secret) != KEK_BYTES:
        raise UnsealError("the sealed practice key is corrupted")
    return secret


def _checksum(doc: dict[str, Any]) -> str:
    body = {k: v for k, v in doc.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _with_checksum(doc: dict[str, Any]) -> dict[str, Any]:
    doc["checksum"] = _checksum(doc)
    return doc


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise UnsealError("the sealed practice key is corrupted") from None
