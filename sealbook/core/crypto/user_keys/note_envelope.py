"""Psychotherapy notes sealed once to several recipients' public keys.

Wire format (integers big-endian; AD = AES-GCM associated data)::

    note envelope  0x21 | commitment 32 | recipient count u16 | entries
                   | nonce 12 | body ciphertext | tag 16
        entry = id length u8 | id (UTF-8) | enc 32 | sealed content key 32+16
        entries sorted by id bytes, ids unique
        body AD = domain label | every byte before the nonce | context

Notes use envelope encryption. A random 32-byte content key K is expanded by
HKDF-SHA256 into an AES-256-GCM key and a 32-byte commitment stored in the
clear; GCM is not key-committing, and the commitment keeps a dishonest sender
from giving two recipients two keys that open the same body to different
notes. K is sealed to each recipient with HPKE (module `hpke`) with
info = b"sealbook/note-key/v1" | 0x21 | id length u8 | id | context, so an
entry cannot be relabelled for another recipient or moved to another note.
The entries are inside the body's associated data: nobody without K can add,
drop or alter an entry undetected, and every recipient notices if one was.
Recipient ids appear in the clear: use opaque user ids.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import constant_time, hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sealbook.core.crypto.user_keys.hpke import hpke_open, hpke_seal
from sealbook.core.crypto.user_keys.key_pair import (
    KEY_BYTES,
    NONCE_BYTES,
    SEALED_KEY_BYTES,
    TAG_BYTES,
    UserKeyPair,
)
from sealbook.core.crypto.user_keys.randomness import random_bytes
from sealbook.core.errors import InvalidCiphertext, KeyStoreError

ENVELOPE_V1 = 0x21

_ENTRY_TAIL_BYTES = KEY_BYTES + SEALED_KEY_BYTES
_NOTE_LABEL = b"sealbook/note/v1"
_NOTE_KEY_LABEL = b"sealbook/note-key/v1"


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
    content_key = random_bytes(KEY_BYTES)
    nonce = random_bytes(NONCE_BYTES)
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
    return _assemble(content_key, entries, random_bytes(NONCE_BYTES), plaintext, context)


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
        content_key = hpke_open(key_pair, sealed, _note_key_info(recipient_id, context))
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
    sealed = hpke_seal(public_key, content_key, _note_key_info(recipient_id, context))
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
