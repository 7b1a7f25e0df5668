"""Signed checkpoints: C2SP tlog-checkpoint bodies in C2SP signed notes.

A checkpoint says "the log called <origin> had <size> entries and this Merkle
root", and is signed with the practice's Ed25519 audit key so that it can be
handed to an outside witness and checked by anyone holding the verifier key.

    <origin>\\n<tree size in decimal>\\n<base64 root hash>\\n[<extension line>\\n ...]
    \\n
    \u2014 <key name> <base64(4-byte key id || 64-byte Ed25519 signature)>\\n

    key id       = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4]
    verifier key = <key name>+<key id in 8 hex digits>+<base64(0x01 || public key)>

This is the format of golang.org/x/mod/sumdb/note and of C2SP
(https://c2sp.org/signed-note, https://c2sp.org/tlog-checkpoint), so standard
transparency tooling and witnesses read Sealbook's checkpoints unchanged.
Signature lines from other keys (say, a witness's cosignature) are ignored, as
the spec requires; a line from our key that fails to verify rejects the note.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from hashlib import sha256

from sealbook.core.audit.merkle import HASH_SIZE
from sealbook.core.crypto.signing import BadSignature, SigningKey, verify_signature
from sealbook.core.errors import SealbookError

ED25519_KEY_TYPE = 0x01
MAX_SIGNATURES = 100
MAX_NOTE_CHARS = 1 << 20

_DASH = "\u2014 "
_PUBLIC_KEY_SIZE = 32
_SIGNATURE_SIZE = 64
_KEY_ID_SIZE = 4
_MAX_TREE_SIZE = 1 << 64
_DECIMAL = re.compile(r"(?:0|[1-9][0-9]*)\Z")
_KEY_ID_HEX = re.compile(r"[0-9a-f]{8}\Z")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")


class CheckpointError(SealbookError):
    """A signed note, checkpoint or verifier key is malformed, unsigned or forged."""


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A log's size and Merkle root, the text a checkpoint note signs."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.origin or _CONTROL.search(self.origin) or "\n" in self.origin:
            raise CheckpointError("malformed checkpoint: the origin must be one non-empty line")
        if not 0 <= self.size < _MAX_TREE_SIZE:
            raise CheckpointError("malformed checkpoint: the tree size is out of range")
        if len(self.root_hash) != HASH_SIZE:
            raise CheckpointError("malformed checkpoint: the root hash is not 32 bytes")
        for line in self.extensions:
            if not line or _CONTROL.search(line) or "\n" in line:
                raise CheckpointError(
                    "malformed checkpoint: an extension line must be one non-empty line"
                )

    def body(self) -> str:
        """Return the note text: origin, size, base64 root, extension lines, each ending in \\n."""
        root_hash = base64.b64encode(self.root_hash).decode()
        lines = (self.origin, str(self.size), root_hash, *self.extensions)
        return "".join(f"{line}\n" for line in lines)


def key_id(key_name: str, public_key: bytes) -> bytes:
    """Return the 4-byte id of an Ed25519 note key."""
    _check_key_name(key_name)
    _check_public_key(public_key)
    digest = sha256(key_name.encode() + b"\n" + bytes([ED25519_KEY_TYPE]) + public_key).digest()
    return digest[:_KEY_ID_SIZE]


def verifier_key(key_name: str, public_key: bytes) -> str:
    """Return the verifier key string `<name>+<key id hex>+<base64(0x01 || key)>`."""
    encoded = base64.b64encode(bytes([ED25519_KEY_TYPE]) + public_key).decode()
    return f"{key_name}+{key_id(key_name, public_key).hex()}+{encoded}"


def parse_verifier_key(text: str) -> tuple[str, bytes]:
    """Return (key name, 32-byte Ed25519 public key); raise CheckpointError if malformed."""
    parts = text.split("+", 2)
    if len(parts) != 3:
        raise CheckpointError("malformed verifier key: expected <name>+<key id>+<key>")
    name, id_hex, encoded = parts
    if not _is_valid_key_name(name):
        raise CheckpointError("malformed verifier key: the key name is invalid")
    if not _KEY_ID_HEX.match(id_hex):
        raise CheckpointError("malformed verifier key: the key id is not 8 lowercase hex digits")
    key = _b64decode(encoded)
    if key is None or len(key) != 1 + _PUBLIC_KEY_SIZE:
        raise CheckpointError("malformed verifier key: the key is not 33 bytes of base64")
    if key[0] != ED25519_KEY_TYPE:
        raise CheckpointError("malformed verifier key: the key is not an Ed25519 key")
    public_key = key[1:]
    if key_id(name, public_key).hex() != id_hex:
        raise CheckpointError("malformed verifier key: the key id does not match the name and key")
    return name, public_key


def sign_note(text: str, key_name: str, signing_key: SigningKey) -> str:
    """Return `text` as a signed note with one Ed25519 signature line."""
    if not text.endswith("\n") or _CONTROL.search(text):
        raise CheckpointError(
            "malformed signed note: the text must end in a newline and have no control characters"
        )
    _check_key_name(key_name)
    signature = signing_key.sign(text.encode())
    encoded = base64.b64encode(key_id(key_name, signing_key.public_key()) + signature).decode()
    return f"{text}\n{_DASH}{key_name} {encoded}\n"


def open_signed_note(note_text: str, verifier: str) -> str:
    """Return the text of a signed note after checking its signature by `verifier`.

    Raise CheckpointError if the note is malformed, carries no signature from
    that key, or carries one that does not verify.
    """
    name, public_key = parse_verifier_key(verifier)
    return _open(note_text, name, public_key)


def sign_checkpoint(checkpoint: Checkpoint, key_name: str, signing_key: SigningKey) -> str:
    """Return the full signed-note text of a checkpoint."""
    return sign_note(checkpoint.body(), key_name, signing_key)


def parse_signed_checkpoint(note_text: str, verifier: str) -> Checkpoint:
    """Verify a signed checkpoint note and return the checkpoint it carries."""
    return parse_checkpoint_body(open_signed_note(note_text, verifier))


def parse_checkpoint_body(text: str) -> Checkpoint:
    """Parse an already verified checkpoint note text.

    Never call this on text whose signature has not been checked: the spec
    says an unsigned note's text must be ignored.
    """
    if not text.endswith("\n"):
        raise CheckpointError("malformed checkpoint: the text must end in a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise CheckpointError("malformed checkpoint: expected origin, tree size and root hash")
    origin, size_text, root_text, *extensions = lines
    if not _DECIMAL.match(size_text):
        raise CheckpointError("malformed checkpoint: the tree size is not a decimal number")
    root_hash = _b64decode(root_text)
    if root_hash is None:
        raise CheckpointError("malformed checkpoint: the root hash is not base64")
    return Checkpoint(origin, int(size_text), root_hash, tuple(extensions))


def _open(note_text: str, key_name: str, public_key: bytes) -> str:
    if len(note_text) > MAX_NOTE_CHARS:
        raise CheckpointError("malformed signed note: it is too large")
    if _CONTROL.search(note_text):
        raise CheckpointError("malformed signed note: it contains a control character")
    split = note_text.rfind("\n\n")
    if split < 0 or not note_text.endswith("\n"):
        raise CheckpointError("malformed signed note: no signature lines after a blank line")
    text = note_text[: split + 1]
    lines = note_text[split + 2 : -1].split("\n")
    if lines == [""]:
        raise CheckpointError("malformed signed note: no signature lines after a blank line")
    if len(lines) > MAX_SIGNATURES:
        raise CheckpointError("malformed signed note: too many signatures")
    wanted_id = key_id(key_name, public_key)
    verified = False
    for line in lines:
        signer, encoded = _parse_signature_line(line)
        if signer != key_name or encoded[:_KEY_ID_SIZE] != wanted_id:
            continue  # Another key's signature, such as a witness cosignature.
        signature = encoded[_KEY_ID_SIZE:]
        try:
            if len(signature) != _SIGNATURE_SIZE:
                raise BadSignature()
            verify_signature(public_key, signature, text.encode())
        except BadSignature:
            raise CheckpointError("checkpoint signature does not verify") from None
        verified = True
    if not verified:
        raise CheckpointError(f"the note has no signature from key {key_name}+{wanted_id.hex()}")
    return text


def _parse_signature_line(line: str) -> tuple[str, bytes]:
    if not line.startswith(_DASH):
        raise CheckpointError("malformed signed note: a signature line must start with an em dash")
    name, space, encoded_text = line[len(_DASH) :].partition(" ")
    encoded = _b64decode(encoded_text)
    if not space or not _is_valid_key_name(name) or encoded is None:
        raise CheckpointError("malformed signed note: a signature line is not '<name> <base64>'")
    if len(encoded) <= _KEY_ID_SIZE:
        raise CheckpointError("malformed signed note: a signature is too short")
    return name, encoded


def _b64decode(text: str) -> bytes | None:
    """Decode standard base64, accepting only the canonical encoding."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    if base64.b64encode(raw).decode() != text:
        return None
    return raw


def _is_valid_key_name(name: str) -> bool:
    return bool(name) and "+" not in name and not any(c.isspace() or c < " " for c in name)


def _check_key_name(name: str) -> None:
    if not _is_valid_key_name(name):
        raise CheckpointError("a key name must be non-empty, without spaces or '+'")


def _check_public_key(public_key: bytes) -> None:
    if len(public_key) != _PUBLIC_KEY_SIZE:
        raise CheckpointError("an Ed25519 public key is 32 bytes")
