"""RFC 9180 HPKE, which seals each note's content key to one recipient.

Base mode, single shot: DHKEM(X25519, HKDF-SHA256) = 0x0020, HKDF-SHA256 =
0x0001, AES-256-GCM = 0x0002. Output: enc (32) | ciphertext.

pyca `cryptography` has offered HPKE (`hazmat.primitives.hpke.Suite`) since
47.0, but the project supports 44 and up, and `Suite` cannot take a fixed
ephemeral key, which known-answer tests need. So HPKE is composed here from
X25519, HMAC, HKDF-Expand and AES-GCM (about 30 lines); the tests check its
KEM against RFC 9180 appendix A.1 and the whole against pyca's `Suite` both
ways, so a later switch to `Suite` changes no stored byte.
"""

from __future__ import annotations

import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

from sealbook.core.crypto.user_keys.key_pair import KEY_BYTES, NONCE_BYTES, UserKeyPair
from sealbook.core.crypto.user_keys.randomness import random_bytes
from sealbook.core.errors import InvalidCiphertext, KeyStoreError

_KEM_SUITE = b"KEM\x00\x20"
_HPKE_SUITE = b"HPKE\x00\x20\x00\x01\x00\x02"


def hpke_seal(public_key: X25519PublicKey, plaintext: bytes, info: bytes) -> bytes:
    """enc | ciphertext; KeyStoreError for a public key X25519 cannot use."""
    ephemeral = X25519PrivateKey.from_private_bytes(random_bytes(KEY_BYTES))
    enc = ephemeral.public_key().public_bytes_raw()
    try:
        dh = ephemeral.exchange(public_key)
    except ValueError:
        # pyca refuses low-order points, whose shared secret would be all zeros.
        raise KeyStoreError("a recipient's public key is not a usable X25519 key") from None
    key, nonce = _hpke_key_schedule(
        dhkem_shared_secret(dh, enc, public_key.public_bytes_raw()), info
    )
    return enc + AESGCM(key).encrypt(nonce, plaintext, b"")


def hpke_open(key_pair: UserKeyPair, sealed: bytes, info: bytes) -> bytes:
    """The plaintext of `hpke_seal`'s output, or InvalidCiphertext."""
    enc = sealed[:KEY_BYTES]
    try:
        dh = key_pair._private.exchange(X25519PublicKey.from_public_bytes(enc))
        key, nonce = _hpke_key_schedule(dhkem_shared_secret(dh, enc, key_pair.public_key), info)
        return AESGCM(key).decrypt(nonce, sealed[KEY_BYTES:], b"")
    except (ValueError, InvalidTag):
        raise InvalidCiphertext() from None


def dhkem_shared_secret(dh: bytes, enc: bytes, recipient_public: bytes) -> bytes:
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
