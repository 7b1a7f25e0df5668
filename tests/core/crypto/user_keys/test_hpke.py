"""RFC 9180 HPKE, as composed in user_keys.hpke."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from sealbook.core.crypto.user_keys import randomness
from sealbook.core.crypto.user_keys.hpke import dhkem_shared_secret, hpke_open, hpke_seal
from sealbook.core.crypto.user_keys.key_pair import UserKeyPair

# RFC 9180 appendix A.1.1: DHKEM(X25519, HKDF-SHA256), base mode.
RFC9180_SK_EM = "52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736"
RFC9180_PK_EM = "37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431"
RFC9180_PK_RM = "3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d"
RFC9180_SK_RM = "4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8"
RFC9180_SHARED_SECRET = "fe0e18c9f024ce43799ae393c7e8fe8fce9d218875e8227b0187c04e7d2ea1fc"


def test_the_kem_matches_rfc_9180_appendix_a_1(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        randomness, "os", SimpleNamespace(urandom=lambda n: bytes.fromhex(RFC9180_SK_EM))
    )
    recipient = X25519PublicKey.from_public_bytes(bytes.fromhex(RFC9180_PK_RM))
    sealed = hpke_seal(recipient, b"content key", b"info")
    assert sealed[:32].hex() == RFC9180_PK_EM
    dh = X25519PrivateKey.from_private_bytes(bytes.fromhex(RFC9180_SK_EM)).exchange(recipient)
    shared = dhkem_shared_secret(dh, sealed[:32], bytes.fromhex(RFC9180_PK_RM))
    assert shared.hex() == RFC9180_SHARED_SECRET
    opened = hpke_open(UserKeyPair(bytes.fromhex(RFC9180_SK_RM)), sealed, b"info")
    assert opened == b"content key"
