"""Clinicians' key pairs, and psychotherapy notes only their recipients can open.

DESIGN.md capability 3: nobody who holds the database, the practice KEK and
every server file can read a psychotherapy note without the author's password,
recovery code or the successor custodian's offline kit. This module is the
cryptography of that promise; the web side stores what it returns.

API (every function raises; none returns a boolean for a security check)::

    UserKeyPair.generate() -> UserKeyPair            .public_key: bytes (store in the clear)
    enrol(password, *, params=RFC9106_SECOND) -> Enrolment
        .key_pair, .public_key, .password_wrapped, .recovery_wrapped, .recovery_code
    wrap_private_key_with_password(key_pair, password, *, params=RFC9106_SECOND) -> bytes
    unwrap_private_key_with_password(blob, password) -> UserKeyPair
    rewrap_private_key_with_password(blob, old_password, new_password, *, params=...) -> bytes
    password_wrap_parameters(blob) -> Argon2Parameters
    new_recovery_code() -> str                       shown once, never stored
    normalize_recovery_code(text) -> str             canonical form, or WrongSecret
    wrap_private_key_with_recovery_code(key_pair, code) -> bytes
    unwrap_private_key_with_recovery_code(blob, code) -> UserKeyPair
    seal_for_recipients(plaintext, recipients: Mapping[id, public key], context) -> bytes
    open_as_recipient(blob, recipient_id, key_pair, context) -> bytes
    recipients_of(blob) -> list[str]
    add_recipient(blob, context, *, opener_id, opener_key, new_id, new_public_key) -> bytes
    split_for_session(key_pair) -> (server_blob: bytes, cookie_secret: str)
    join_from_session(server_blob, cookie_secret) -> UserKeyPair
    new_custodian_kit(practice_name, *, today=None) -> (public_key: bytes, kit_text: str)
    parse_custodian_kit(text) -> UserKeyPair
    key_fingerprint(public_key) -> str

Errors: `WrongSecret` when a password, recovery code or kit does not unlock (or
is mistyped or damaged), with a one-line message for the user; AES-GCM cannot
tell a wrong secret from an altered sealed key, so both raise it.
`InvalidCiphertext` for everything else that fails: a malformed or tampered
blob, weakened KDF parameters, a note opened by a non-recipient or under the
wrong context, either half of a session split missing or wrong.

Wire formats (integers big-endian; AD = AES-GCM associated data)::

    password-wrapped key  0x11 | memory KiB u32 | passes u32 | lanes u32 | salt 16
                          | nonce 12 | sealed private key 32+16           (89 bytes)
    recovery-wrapped key  0x12 | salt 16 | nonce 12 | sealed private key 32+16 (77 bytes)
    session server half   0x31 | nonce 12 | sealed private key 32+16       (61 bytes)
        AD = domain label | every byte before the nonce
    note envelope         0x21 | commitment 32 | recipient count u16 | entries
                          | nonce 12 | body ciphertext | tag 16
        entry = id length u8 | id (UTF-8) | enc 32 | sealed content key 32+16
        entries sorted by id bytes, ids unique
        body AD = domain label | every byte before the nonce | context

Notes use envelope encryption. A random 32-byte content key K is expanded by
HKDF-SHA256 into an AES-256-GCM key and a 32-byte commitment stored in the
clear; GCM is not key-committing, and the commitment keeps a dishonest sender
from giving two recipients two keys that open the same body to different
notes. K is sealed to each recipient with RFC 9180 HPKE, base mode,
DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, single shot, with
info = b"sealbook/note-key/v1" | 0x21 | id length u8 | id | context, so an
entry cannot be relabelled for another recipient or moved to another note.
The entries are inside the body's associated data: nobody without K can add,
drop or alter an entry undetected, and every recipient notices if one was.

pyca `cryptography` has offered HPKE (`hazmat.primitives.hpke.Suite`) since
47.0, but the project supports 44 and up, and `Suite` cannot take a fixed
ephemeral key, which known-answer tests need. So the HPKE above is composed
here from X25519, HMAC, HKDF-Expand and AES-GCM (about 30 lines); the tests
check its KEM against RFC 9180 appendix A.1 and the whole against pyca's
`Suite` both ways, so a later switch to `Suite` changes no stored byte.

Recovery code: 128 random bits and a 12-bit typo check in Crockford's base32,
shown as 7 groups of 4 (XXXX-XXXX-...). Custodian kit: plain ASCII
instructions and a key block of 3 lines, each 20 base32 symbols and 1 check
symbol, spelling version 0x01 | private key 32 | SHA-256 checksum 4.

Session split: the unwrapped private key, sealed under a fresh 256-bit key
that goes only into a cookie (HttpOnly, Secure, SameSite=Strict, session
lifetime); the sealed blob goes into the server-side session. A stolen session
store, or a stolen cookie, alone yields nothing. Delete the server half at
logout and idle timeout and the key is gone even if the cookie survives.

All randomness comes from this module's `os.urandom`, which tests replace for
known answers. Recipient ids appear in the clear: use opaque user ids.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import struct
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import pairwise
from typing import NoReturn

from argon2.exceptions import HashingError
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import constant_time, hashes, hmac
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF, HKDFExpand

from sealbook.core.crypto.sealing import RFC9106_SECOND, Argon2Parameters
from sealbook.core.errors import InvalidCiphertext, KeyStoreError, SealbookError

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
SALT_BYTES = 16
SEALED_KEY_BYTES = KEY_BYTES + TAG_BYTES

PASSWORD_WRAP_V1 = 0x11
RECOVERY_WRAP_V1 = 0x12
ENVELOPE_V1 = 0x21
SESSION_V1 = 0x31

# Argon2 parameters are read from a blob before anything is authenticated, so
# a damaged or hostile blob must not make the server spend minutes or gigabytes.
ARGON2_CEILING = Argon2Parameters(memory_kib=2 * 1024 * 1024, iterations=16, lanes=16)

_PASSWORD_HEADER = struct.Struct(">BIII")
_PASSWORD_BLOB_BYTES = _PASSWORD_HEADER.size + SALT_BYTES + NONCE_BYTES + SEALED_KEY_BYTES
_RECOVERY_BLOB_BYTES = 1 + SALT_BYTES + NONCE_BYTES + SEALED_KEY_BYTES
_SESSION_BLOB_BYTES = 1 + NONCE_BYTES + SEALED_KEY_BYTES
_ENTRY_TAIL_BYTES = KEY_BYTES + SEALED_KEY_BYTES

_PASSWORD_LABEL = b"sealbook/user-key/password/v1"
_RECOVERY_LABEL = b"sealbook/user-key/recovery-code/v1"
_SESSION_LABEL = b"sealbook/user-key/session/v1"
_NOTE_LABEL = b"sealbook/note/v1"
_NOTE_KEY_LABEL = b"sealbook/note-key/v1"

_NOT_UNLOCKED = "the {} does not unlock this key"
_BAD_RECOVERY_CODE = "this is not a recovery code; check it for a typo"


class WrongSecret(SealbookError):
    """A password, recovery code or custodian kit that is wrong, mistyped or damaged."""


class UserKeyPair:
    """A user's X25519 key pair. The private half never leaves this object unsealed.

    Equal when the public keys are equal: the public key determines the key.
    """

    __slots__ = ("_private", "public_key")

    def __init__(self, private_bytes: bytes) -> None:
        if len(private_bytes) != KEY_BYTES:
            raise ValueError("an X25519 private key is 32 bytes")
        self._private = X25519PrivateKey.from_private_bytes(private_bytes)
        self.public_key: bytes = self._private.public_key().public_bytes_raw()

    @classmethod
    def generate(cls) -> UserKeyPair:
        # Any 32 random bytes are a valid X25519 key (RFC 7748 clamps them).
        return cls(os.urandom(KEY_BYTES))

    def _private_bytes(self) -> bytes:
        return self._private.private_bytes_raw()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UserKeyPair):
            return NotImplemented
        return self.public_key == other.public_key

    def __hash__(self) -> int:
        return hash(self.public_key)

    def __repr__(self) -> str:
        return f"<UserKeyPair {key_fingerprint(self.public_key)}>"

    def __reduce__(self) -> NoReturn:
        # A session, cache or task queue that pickles would store the key in the clear.
        raise TypeError("a UserKeyPair is never pickled; hold it with split_for_session")


@dataclass(frozen=True)
class Enrolment:
    """Everything enrolment produces. Store the two wrapped keys and the public
    key; show `recovery_code` once and keep it nowhere."""

    key_pair: UserKeyPair
    password_wrapped: bytes
    recovery_wrapped: bytes
    recovery_code: str = field(repr=False)

    @property
    def public_key(self) -> bytes:
        return self.key_pair.public_key


def enrol(password: str, *, params: Argon2Parameters = RFC9106_SECOND) -> Enrolment:
    """A new key pair wrapped under `password` and under a new recovery code."""
    key_pair = UserKeyPair.generate()
    code = new_recovery_code()
    return Enrolment(
        key_pair=key_pair,
        password_wrapped=wrap_private_key_with_password(key_pair, password, params=params),
        recovery_wrapped=wrap_private_key_with_recovery_code(key_pair, code),
        recovery_code=code,
    )


# Wrapping under a password (Argon2id).


def wrap_private_key_with_password(
    key_pair: UserKeyPair, password: str, *, params: Argon2Parameters = RFC9106_SECOND
) -> bytes:
    if not _argon2_acceptable(params):
        raise ValueError("Argon2id parameters below RFC 9106's second recommendation or too high")
    if not password:
        raise ValueError("a password is required to wrap a key")
    header = _PASSWORD_HEADER.pack(
        PASSWORD_WRAP_V1, params.memory_kib, params.iterations, params.lanes
    ) + os.urandom(SALT_BYTES)
    wrapping_key = _argon2(_password_bytes(password), header[-SALT_BYTES:], params)
    return _seal_private(wrapping_key, key_pair, _PASSWORD_LABEL, header)


def unwrap_private_key_with_password(blob: bytes, password: str) -> UserKeyPair:
    params = password_wrap_parameters(blob)
    if not password:
        raise WrongSecret(_NOT_UNLOCKED.format("password"))
    header_end = _PASSWORD_HEADER.size + SALT_BYTES
    wrapping_key = _argon2(
        _password_bytes(password), blob[_PASSWORD_HEADER.size : header_end], params
    )
    return _open_private(
        wrapping_key, blob, header_end, _PASSWORD_LABEL, _NOT_UNLOCKED.format("password")
    )


def rewrap_private_key_with_password(
    blob: bytes,
    old_password: str,
    new_password: str,
    *,
    params: Argon2Parameters = RFC9106_SECOND,
) -> bytes:
    """The key in `blob`, unwrapped with the old password and wrapped with the new one."""
    key_pair = unwrap_private_key_with_password(blob, old_password)
    return wrap_private_key_with_password(key_pair, new_password, params=params)


def password_wrap_parameters(blob: bytes) -> Argon2Parameters:
    """The Argon2id parameters of a password-wrapped key, so a caller can decide
    to re-wrap under stronger ones at the next login. Raises InvalidCiphertext
    for a malformed blob or parameters outside the accepted range."""
    if len(blob) != _PASSWORD_BLOB_BYTES:
        raise InvalidCiphertext()
    fmt, memory_kib, iterations, lanes = _PASSWORD_HEADER.unpack_from(blob)
    params = Argon2Parameters(memory_kib, iterations, lanes)
    if fmt != PASSWORD_WRAP_V1 or not _argon2_acceptable(params):
        raise InvalidCiphertext()
    return params


def _argon2_acceptable(params: Argon2Parameters) -> bool:
    ceiling = ARGON2_CEILING
    return (
        params.at_least(RFC9106_SECOND)
        and params.memory_kib <= ceiling.memory_kib
        and params.iterations <= ceiling.iterations
        and params.lanes <= ceiling.lanes
    )


def _password_bytes(password: str) -> bytes:
    # NIST SP 800-63B 5.1.1.2: normalise, so the same password typed on another
    # keyboard or system (composed or decomposed accents) still unlocks.
    return unicodedata.normalize("NFKC", password).encode()


def _argon2(secret: bytes, salt: bytes, params: Argon2Parameters) -> bytes:
    try:
        return hash_secret_raw(
            secret=secret,
            salt=salt,
            time_cost=params.iterations,
            memory_cost=params.memory_kib,
            parallelism=params.lanes,
            hash_len=KEY_BYTES,
            type=Type.ID,
        )
    except HashingError:
        # Argon2 refuses the parameters (lanes against memory) or cannot allocate.
        raise InvalidCiphertext() from None


# Wrapping under a recovery code.

# Crockford's base32: no I, L, O or U, so nothing is read two ways.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TYPED_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Spaces and dashes of any kind, as word processors and PDF viewers paste them.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")
_RECOVERY_SECRET_BITS = 128
_RECOVERY_CHECK_BITS = 12
_RECOVERY_CHARS = (_RECOVERY_SECRET_BITS + _RECOVERY_CHECK_BITS) // 5  # 28, in 7 groups of 4


def new_recovery_code() -> str:
    """A code of 128 random bits and a 12-bit typo check, as 7 groups of 4 characters."""
    secret = os.urandom(_RECOVERY_SECRET_BITS // 8)
    value = (int.from_bytes(secret, "big") << _RECOVERY_CHECK_BITS) | _recovery_check(secret)
    return _grouped(_b32_encode(value, _RECOVERY_CHARS), 4, "-")


def normalize_recovery_code(text: str) -> str:
    """The canonical form of a typed recovery code: any case, spaces and dashes
    anywhere, O for 0 and I or L for 1. Raises WrongSecret for a mistyped code."""
    _, canonical = _parse_recovery_code(text)
    return canonical


def wrap_private_key_with_recovery_code(key_pair: UserKeyPair, code: str) -> bytes:
    secret, _ = _parse_recovery_code(code)
    header = bytes([RECOVERY_WRAP_V1]) + os.urandom(SALT_BYTES)
    return _seal_private(_recovery_key(secret, header[1:]), key_pair, _RECOVERY_LABEL, header)


def unwrap_private_key_with_recovery_code(blob: bytes, code: str) -> UserKeyPair:
    if len(blob) != _RECOVERY_BLOB_BYTES or blob[0] != RECOVERY_WRAP_V1:
        raise InvalidCiphertext()
    secret, _ = _parse_recovery_code(code)
    wrapping_key = _recovery_key(secret, blob[1 : 1 + SALT_BYTES])
    return _open_private(
        wrapping_key, blob, 1 + SALT_BYTES, _RECOVERY_LABEL, _NOT_UNLOCKED.format("recovery code")
    )


def _parse_recovery_code(text: str) -> tuple[bytes, str]:
    symbols = _typed_symbols(text)
    if symbols is None or len(symbols) != _RECOVERY_CHARS:
        raise WrongSecret(_BAD_RECOVERY_CODE)
    value = _b32_decode(symbols)
    secret = (value >> _RECOVERY_CHECK_BITS).to_bytes(_RECOVERY_SECRET_BITS // 8, "big")
    if value & ((1 << _RECOVERY_CHECK_BITS) - 1) != _recovery_check(secret):
        raise WrongSecret(_BAD_RECOVERY_CODE)
    return secret, _grouped(symbols, 4, "-")


def _recovery_check(secret: bytes) -> int:
    digest = hashlib.sha256(b"sealbook/recovery-code-check/v1\0" + secret).digest()
    return int.from_bytes(digest[:2], "big") >> (16 - _RECOVERY_CHECK_BITS)


def _recovery_key(secret: bytes, salt: bytes) -> bytes:
    # HKDF, not Argon2: the code carries 128 uniformly random bits, so guessing
    # it costs 2^127 tries whatever each try costs. Stretching only helps
    # secrets that people choose; here it would only slow the honest user.
    return HKDF(hashes.SHA256(), KEY_BYTES, salt=salt, info=_RECOVERY_LABEL).derive(secret)


# Sealing a private key under a symmetric key (shared by the three wraps).


def _seal_private(wrapping_key: bytes, key_pair: UserKeyPair, label: bytes, header: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(wrapping_key).encrypt(nonce, key_pair._private_bytes(), label + header)
    return header + nonce + sealed


def _open_private(
    wrapping_key: bytes, blob: bytes, header_end: int, label: bytes, wrong_secret: str | None
) -> UserKeyPair:
    nonce = blob[header_end : header_end + NONCE_BYTES]
    try:
        raw = AESGCM(wrapping_key).decrypt(
            nonce, blob[header_end + NONCE_BYTES :], label + blob[:header_end]
        )
    except InvalidTag:
        if wrong_secret is None:
            raise InvalidCiphertext() from None
        raise WrongSecret(wrong_secret) from None
    if len(raw) != KEY_BYTES:
        raise InvalidCiphertext()
    return UserKeyPair(raw)


# Notes sealed to several recipients.


def seal_for_recipients(plaintext: bytes, recipients: Mapping[str, bytes], context: bytes) -> bytes:
    """Encrypt `plaintext` once and seal its key to each recipient's public key.

    `context` names where the blob lives, e.g. `aead.field_context(table, field,
    record_id)`; the same context is needed to open it. Raises ValueError for a
    bad recipient id and KeyStoreError for a public key that is not X25519.
    """
    if not recipients:
        raise ValueError("a note needs at least one recipient")
    if len(recipients) > 0xFFFF:
        raise ValueError("too many recipients")
    content_key = os.urandom(KEY_BYTES)
    nonce = os.urandom(NONCE_BYTES)
    entries = [
        _recipient_entry(content_key, rid, _public_key(pk), context)
        for rid, pk in sorted(recipients.items(), key=lambda item: _id_bytes(item[0]))
    ]
    return _assemble(content_key, entries, nonce, plaintext, context)


def open_as_recipient(
    blob: bytes, recipient_id: str, key_pair: UserKeyPair, context: bytes
) -> bytes:
    envelope = _Envelope.parse(blob)
    content_key = envelope.content_key(recipient_id, key_pair, context)
    return envelope.body(content_key, context)


def recipients_of(blob: bytes) -> list[str]:
    """The recipient ids of a note, in the blob's (sorted) order."""
    return [rid for rid, _ in _Envelope.parse(blob).entries]


def add_recipient(
    blob: bytes,
    context: bytes,
    *,
    opener_id: str,
    opener_key: UserKeyPair,
    new_id: str,
    new_public_key: bytes,
) -> bytes:
    """The note re-issued with `new_id` added, using an existing recipient's key.

    The body is checked and re-encrypted (same content key, fresh nonce) because
    the recipient list is part of its associated data. To remove a recipient,
    open the note and seal it again to the rest: one who has read the content
    key cannot be made to forget it.
    """
    envelope = _Envelope.parse(blob)
    if any(rid == new_id for rid, _ in envelope.entries):
        raise ValueError("already a recipient of this note")
    content_key = envelope.content_key(opener_id, opener_key, context)
    plaintext = envelope.body(content_key, context)
    entries = sorted(
        [*(_entry_bytes(rid, rest) for rid, rest in envelope.entries),
         _recipient_entry(content_key, new_id, _public_key(new_public_key), context)],
        key=_entry_sort_key,
    )  # fmt: skip
    return _assemble(content_key, entries, os.urandom(NONCE_BYTES), plaintext, context)


@dataclass(frozen=True)
class _Envelope:
    header: bytes  # everything before the nonce: authenticated with the body
    entries: list[tuple[str, bytes]]  # (recipient id, enc | sealed content key)
    nonce: bytes
    ciphertext: bytes

    @classmethod
    def parse(cls, blob: bytes) -> _Envelope:
        # Any malformation raises InvalidCiphertext: struct.error and
        # UnicodeDecodeError come only from a short or garbled blob.
        try:
            if blob[0] != ENVELOPE_V1:
                raise InvalidCiphertext()
            (count,) = struct.unpack_from(">H", blob, 1 + KEY_BYTES)
            at = 1 + KEY_BYTES + 2
            entries: list[tuple[str, bytes]] = []
            for _ in range(count):
                id_len = blob[at]
                if id_len == 0:
                    raise InvalidCiphertext()
                rid = blob[at + 1 : at + 1 + id_len].decode()
                at += 1 + id_len
                entries.append((rid, blob[at : at + _ENTRY_TAIL_BYTES]))
                at += _ENTRY_TAIL_BYTES
        except (IndexError, struct.error, UnicodeDecodeError):
            raise InvalidCiphertext() from None
        ids = [rid.encode() for rid, _ in entries]
        canonical = count >= 1 and all(a < b for a, b in pairwise(ids))
        if not canonical or len(blob) < at + NONCE_BYTES + TAG_BYTES:
            raise InvalidCiphertext()
        return cls(blob[:at], entries, blob[at : at + NONCE_BYTES], blob[at + NONCE_BYTES :])

    def content_key(self, recipient_id: str, key_pair: UserKeyPair, context: bytes) -> bytes:
        sealed = dict(self.entries).get(recipient_id)
        if sealed is None:
            raise InvalidCiphertext()
        content_key = _hpke_open(key_pair, sealed, _note_key_info(recipient_id, context))
        if not constant_time.bytes_eq(
            _content_keys(content_key)[1], self.header[1 : 1 + KEY_BYTES]
        ):
            raise InvalidCiphertext()
        return content_key

    def body(self, content_key: bytes, context: bytes) -> bytes:
        body_key, _ = _content_keys(content_key)
        try:
            return AESGCM(body_key).decrypt(
                self.nonce, self.ciphertext, _NOTE_LABEL + self.header + context
            )
        except InvalidTag:
            raise InvalidCiphertext() from None


def _assemble(
    content_key: bytes, entries: list[bytes], nonce: bytes, plaintext: bytes, context: bytes
) -> bytes:
    body_key, commitment = _content_keys(content_key)
    header = bytes([ENVELOPE_V1]) + commitment + struct.pack(">H", len(entries)) + b"".join(entries)
    return (
        header + nonce + AESGCM(body_key).encrypt(nonce, plaintext, _NOTE_LABEL + header + context)
    )


def _content_keys(content_key: bytes) -> tuple[bytes, bytes]:
    """The body's AES key and the key commitment, both derived from the content key."""
    both = HKDF(hashes.SHA256(), 2 * KEY_BYTES, salt=None, info=_NOTE_LABEL + b" keys").derive(
        content_key
    )
    return both[:KEY_BYTES], both[KEY_BYTES:]


def _recipient_entry(
    content_key: bytes, recipient_id: str, public_key: X25519PublicKey, context: bytes
) -> bytes:
    sealed = _hpke_seal(public_key, content_key, _note_key_info(recipient_id, context))
    return _entry_bytes(recipient_id, sealed)


def _entry_bytes(recipient_id: str, sealed: bytes) -> bytes:
    raw = _id_bytes(recipient_id)
    return bytes([len(raw)]) + raw + sealed


def _entry_sort_key(entry: bytes) -> bytes:
    return entry[1 : 1 + entry[0]]


def _note_key_info(recipient_id: str, context: bytes) -> bytes:
    raw = _id_bytes(recipient_id)
    return _NOTE_KEY_LABEL + bytes([ENVELOPE_V1, len(raw)]) + raw + context


def _id_bytes(recipient_id: str) -> bytes:
    raw = recipient_id.encode()
    if not 0 < len(raw) < 256:
        raise ValueError("a recipient id is 1 to 255 bytes of UTF-8")
    return raw


def _public_key(raw: bytes) -> X25519PublicKey:
    if len(raw) != KEY_BYTES:
        raise KeyStoreError("a recipient's public key is not a 32-byte X25519 key")
    return X25519PublicKey.from_public_bytes(raw)


# RFC 9180 HPKE, base mode, single shot: DHKEM(X25519, HKDF-SHA256) = 0x0020,
# HKDF-SHA256 = 0x0001, AES-256-GCM = 0x0002. Output: enc (32) | ciphertext.

_KEM_SUITE = b"KEM\x00\x20"
_HPKE_SUITE = b"HPKE\x00\x20\x00\x01\x00\x02"


def _hpke_seal(public_key: X25519PublicKey, plaintext: bytes, info: bytes) -> bytes:
    ephemeral = X25519PrivateKey.from_private_bytes(os.urandom(KEY_BYTES))
    enc = ephemeral.public_key().public_bytes_raw()
    try:
        dh = ephemeral.exchange(public_key)
    except ValueError:
        # pyca refuses low-order points, whose shared secret would be all zeros.
        raise KeyStoreError("a recipient's public key is not a usable X25519 key") from None
    key, nonce = _hpke_key_schedule(
        _dhkem_shared_secret(dh, enc, public_key.public_bytes_raw()), info
    )
    return enc + AESGCM(key).encrypt(nonce, plaintext, b"")


def _hpke_open(key_pair: UserKeyPair, sealed: bytes, info: bytes) -> bytes:
    enc = sealed[:KEY_BYTES]
    try:
        dh = key_pair._private.exchange(X25519PublicKey.from_public_bytes(enc))
        key, nonce = _hpke_key_schedule(_dhkem_shared_secret(dh, enc, key_pair.public_key), info)
        return AESGCM(key).decrypt(nonce, sealed[KEY_BYTES:], b"")
    except (ValueError, InvalidTag):
        raise InvalidCiphertext() from None


def _dhkem_shared_secret(dh: bytes, enc: bytes, recipient_public: bytes) -> bytes:
    prk = _labeled_extract(_KEM_SUITE, b"", b"eae_prk", dh)
    return _labeled_expand(_KEM_SUITE, prk, b"shared_secret", enc + recipient_public, KEY_BYTES)


def _hpke_key_schedule(shared_secret: bytes, info: bytes) -> tuple[bytes, bytes]:
    context = (
        b"\x00"  # mode_base
        + _labeled_extract(_HPKE_SUITE, b"", b"psk_id_hash", b"")
        + _labeled_extract(_HPKE_SUITE, b"", b"info_hash", info)
    )
    secret = _labeled_extract(_HPKE_SUITE, shared_secret, b"secret", b"")
    return (
        _labeled_expand(_HPKE_SUITE, secret, b"key", context, KEY_BYTES),
        _labeled_expand(_HPKE_SUITE, secret, b"base_nonce", context, NONCE_BYTES),
    )


def _labeled_extract(suite: bytes, salt: bytes, label: bytes, ikm: bytes) -> bytes:
    # HKDF-Extract is HMAC keyed with the salt; an empty salt pads to zeros.
    mac = hmac.HMAC(salt, hashes.SHA256())
    mac.update(b"HPKE-v1" + suite + label + ikm)
    return mac.finalize()


def _labeled_expand(suite: bytes, prk: bytes, label: bytes, info: bytes, length: int) -> bytes:
    labeled_info = struct.pack(">H", length) + b"HPKE-v1" + suite + label + info
    return HKDFExpand(hashes.SHA256(), length, labeled_info).derive(prk)


# Holding an unwrapped key for one web session.

_COOKIE_SECRET = re.compile(r"[A-Za-z0-9_-]{43}")


def split_for_session(key_pair: UserKeyPair) -> tuple[bytes, str]:
    """(server_blob for the server-side session, cookie_secret for a cookie).

    A fresh cookie secret each time: call it at login and after re-authentication.
    """
    cookie_key = os.urandom(KEY_BYTES)
    server_blob = _seal_private(cookie_key, key_pair, _SESSION_LABEL, bytes([SESSION_V1]))
    return server_blob, base64.urlsafe_b64encode(cookie_key).rstrip(b"=").decode()


def join_from_session(server_blob: bytes, cookie_secret: str) -> UserKeyPair:
    """The key pair, or InvalidCiphertext if either half is missing, wrong or altered."""
    if len(server_blob) != _SESSION_BLOB_BYTES or server_blob[0] != SESSION_V1:
        raise InvalidCiphertext()
    if not _COOKIE_SECRET.fullmatch(cookie_secret):
        raise InvalidCiphertext()
    try:
        cookie_key = base64.urlsafe_b64decode(cookie_secret + "=")
    except (binascii.Error, ValueError):
        raise InvalidCiphertext() from None
    return _open_private(cookie_key, server_blob, 1, _SESSION_LABEL, None)


# The successor custodian's offline kit.

_KIT_BEGIN = "-----BEGIN SEALBOOK CUSTODIAN KEY-----"
_KIT_END = "-----END SEALBOOK CUSTODIAN KEY-----"
_KIT_VERSION = 0x01
_KIT_LINES = 3
_KIT_LINE_CHARS = 20  # each followed by one check character
_KIT_BYTES = 1 + KEY_BYTES + 4  # version, private key, checksum: 296 bits in 60 symbols
_KIT_LABEL = b"sealbook/custodian-kit/v1"
# Letters that NFKD does not decompose into ASCII.
_KIT_FOLD = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L"}
)

_KIT_TEXT = """\
SEALBOOK SUCCESSOR CUSTODIAN RECOVERY KIT

Practice:         {practice}
Created:          {created}
Key fingerprint:  {fingerprint}

You have been named the successor custodian of this practice's client
records. If the psychologist who keeps them dies or can no longer work,
this kit lets you open the records and the psychotherapy notes kept for
you, so that clients' care can continue and their records can be handed
on or kept as the law requires.

KEEP IT SAFE
- Print this page, seal it in an envelope and keep it with your most
  important papers (a safe, or with your will). Then delete every
  electronic copy, including downloads and email.
- Anyone with this kit and a copy of the practice's data can read
  confidential notes. Never photograph it, email it or store it online.
- The kit alone does not open the practice. You will also need the
  practice passphrase, which is kept apart from this kit.

WHEN YOU NEED IT
1. Open Sealbook's custodian recovery page, or ask the practice's
   technical support to run the custodian recovery for you.
2. Give it the key block below: upload this file, or type the three
   lines exactly as printed. Upper or lower case both work; O and 0,
   and I, L and 1, count as the same. The last character of each line
   is a check: if a line is mistyped, Sealbook says which one.
3. Every use of this kit is recorded in the practice's audit log.

If you stop being the custodian or lose this kit, tell the practice
owner at once so a new kit can be made, and shred this one.

{begin}
{key_lines}
{end}
"""


def new_custodian_kit(practice_name: str, *, today: date | None = None) -> tuple[bytes, str]:
    """(public key to store and escrow notes to, printable ASCII kit text)."""
    key_pair = UserKeyPair.generate()
    payload = bytes([_KIT_VERSION]) + key_pair._private_bytes()
    symbols = _b32_encode(
        int.from_bytes(payload + _kit_checksum(payload), "big"), _KIT_LINES * _KIT_LINE_CHARS
    )
    lines = [symbols[i : i + _KIT_LINE_CHARS] for i in range(0, len(symbols), _KIT_LINE_CHARS)]
    created = today or datetime.now(UTC).date()
    text = _KIT_TEXT.format(
        practice=_ascii_line(practice_name),
        created=created.isoformat(),
        fingerprint=key_fingerprint(key_pair.public_key),
        begin=_KIT_BEGIN,
        key_lines="\n".join(
            _grouped(line, 5, " ") + " " + _kit_line_check(n, line) for n, line in enumerate(lines)
        ),
        end=_KIT_END,
    )
    return key_pair.public_key, text


def parse_custodian_kit(text: str) -> UserKeyPair:
    """The custodian's key pair from a kit's text; WrongSecret says what is wrong.

    Compare `.public_key` with the custodian key the practice registered.
    """
    lines = [line.strip() for line in text.splitlines()]
    if lines.count(_KIT_BEGIN) != 1 or lines.count(_KIT_END) != 1:
        raise WrongSecret("this is not a custodian kit: it needs exactly one key block")
    block = [line for line in lines[lines.index(_KIT_BEGIN) + 1 : lines.index(_KIT_END)] if line]
    if len(block) != _KIT_LINES:
        raise WrongSecret(
            f"the kit's key block should have {_KIT_LINES} lines; {len(block)} were found"
        )
    symbols = ""
    for n, line in enumerate(block):
        typed = _typed_symbols(line)
        if typed is None or len(typed) != _KIT_LINE_CHARS + 1:
            raise WrongSecret(f"line {n + 1} of the kit's key block is mistyped or damaged")
        if _kit_line_check(n, typed[:-1]) != typed[-1]:
            raise WrongSecret(f"line {n + 1} of the kit's key block has a typo (check failed)")
        symbols += typed[:-1]
    value = _b32_decode(symbols)
    if value >> (_KIT_BYTES * 8):
        raise WrongSecret("the kit's key block is damaged (checksum failed)")
    raw = value.to_bytes(_KIT_BYTES, "big")
    payload, checksum = raw[:-4], raw[-4:]
    if checksum != _kit_checksum(payload):
        raise WrongSecret("the kit's key block is damaged (checksum failed)")
    if payload[0] != _KIT_VERSION:
        raise WrongSecret("this kit was made by a newer version of Sealbook")
    return UserKeyPair(payload[1:])


def key_fingerprint(public_key: bytes) -> str:
    """A short, typable name for a public key, to compare a kit or key by eye."""
    digest = hashlib.sha256(b"sealbook/key-fingerprint/v1\0" + public_key).digest()
    return _grouped(_b32_encode(int.from_bytes(digest[:10], "big"), 16), 4, "-")


def _kit_checksum(payload: bytes) -> bytes:
    return hashlib.sha256(_KIT_LABEL + b"\0" + payload).digest()[:4]


def _gf32_times(a: int, b: int) -> int:
    """Multiplication in GF(32) modulo the primitive polynomial x^5 + x^2 + 1."""
    product = 0
    while b:
        if b & 1:
            product ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= 0b100101
    return product


def _kit_line_check(index: int, line: str) -> str:
    """A check symbol that catches every single mistyped symbol, for sure.

    The check is sum(alpha^(i+1) * symbol_i) over GF(32), alpha a primitive
    element: a substitution at position i changes it by alpha^(i+1) * e, never
    zero, and swapping two different neighbours changes it by
    (alpha^(i+1) - alpha^(i+2)) * (a - b), never zero either. The line number
    is added in, so two whole lines typed in the wrong order fail too. (A
    hash mod 32 let one typo in 32 through to the block checksum, which could
    only say the block was damaged, not which line.)
    """
    check, weight = index + 1, 1
    for symbol in line:
        weight = _gf32_times(weight, 0b00010)  # alpha = x
        check ^= _gf32_times(weight, _ALPHABET.index(symbol))
    return _ALPHABET[check]


def _ascii_line(text: str) -> str:
    # The kit is plain ASCII on one line per field: fold accents, drop the rest,
    # and flatten newlines so a name cannot forge a line of instructions.
    folded = unicodedata.normalize("NFKD", text.translate(_KIT_FOLD))
    ascii_only = folded.encode("ascii", "ignore").decode()
    flattened = " ".join("".join(c if c.isprintable() else " " for c in ascii_only).split())
    return flattened[:60] or "(unnamed practice)"


# Crockford base32, as integers.


def _typed_symbols(text: str) -> str | None:
    """Symbols typed by a person, normalised; None if a character is not one."""
    symbols = _SEPARATORS.sub("", text)
    if not symbols.isascii():
        return None  # before upper(), which would read "\u00df" as "SS"
    symbols = symbols.upper().translate(_TYPED_ALIASES)
    return symbols if all(c in _ALPHABET for c in symbols) else None


def _b32_encode(value: int, chars: int) -> str:
    return "".join(_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(chars)))


def _b32_decode(symbols: str) -> int:
    value = 0
    for c in symbols:
        value = (value << 5) | _ALPHABET.index(c)
    return value


def _grouped(symbols: str, size: int, separator: str) -> str:
    return separator.join(symbols[i : i + size] for i in range(0, len(symbols), size))
