"""The one rule for which secret seals the practice's next key (rotation and destruction)."""

from __future__ import annotations

import pytest

from sealbook.core.crypto.sealing import UnsealSecrets
from sealbook.core.errors import SealbookError
from sealbook.practice.rotation import next_seal
from sealbook.practice.setup import HsmKey, KekChoice

PASSPHRASE_DOC: dict[str, object] = {"backend": "passphrase"}
KEYFILE_DOC: dict[str, object] = {"backend": "keyfile"}
HSM_DOC: dict[str, object] = {"backend": "pkcs11", "module": "/lib/softhsm.so", "token_label": "t"}
OLD = UnsealSecrets(passphrase=b"old passphrase")
NEW = b"new passphrase"


@pytest.mark.parametrize(
    ("doc", "current", "kwargs", "expected"),
    [
        # A new secret the user gave always wins, whatever sealed the current key.
        (PASSPHRASE_DOC, OLD, {"new_passphrase": NEW}, KekChoice(passphrase=NEW)),
        (HSM_DOC, UnsealSecrets(hsm_pin="1234"), {"new_key_file": b"k"}, KekChoice(key_file=b"k")),
        (HSM_DOC, None, {"new_passphrase": NEW, "fresh_secret": True}, KekChoice(passphrase=NEW)),
        # Otherwise rotation keeps the current kind of secret.
        (PASSPHRASE_DOC, OLD, {}, KekChoice(passphrase=b"old passphrase")),
        (KEYFILE_DOC, UnsealSecrets(key_file=b"kf"), {}, KekChoice(key_file=b"kf")),
        (
            HSM_DOC,
            UnsealSecrets(hsm_pin="1234"),
            {"fresh_secret": True},
            KekChoice(hsm=HsmKey("/lib/softhsm.so", "t", "1234")),
        ),
    ],
)
def test_next_seal_chooses(
    doc: dict[str, object],
    current: UnsealSecrets | None,
    kwargs: dict[str, object],
    expected: KekChoice,
) -> None:
    assert next_seal(doc, current, **kwargs) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("doc", "current", "kwargs", "message"),
    [
        (PASSPHRASE_DOC, None, {}, "set SEALBOOK_PASSPHRASE_FILE"),
        (KEYFILE_DOC, None, {}, "set SEALBOOK_KEY_FILE"),
        (HSM_DOC, None, {}, "set SEALBOOK_HSM_PIN_FILE"),
        # Destruction never reseals with the secret that opened the old keyring files.
        (PASSPHRASE_DOC, OLD, {"fresh_secret": True}, "give --new-passphrase-file"),
        (KEYFILE_DOC, UnsealSecrets(key_file=b"kf"), {"fresh_secret": True}, "give --new-"),
        (
            PASSPHRASE_DOC,
            OLD,
            {"fresh_secret": True, "new_passphrase": b"old passphrase"},
            "must differ",
        ),
    ],
)
def test_next_seal_refuses(
    doc: dict[str, object],
    current: UnsealSecrets | None,
    kwargs: dict[str, object],
    message: str,
) -> None:
    with pytest.raises(SealbookError, match=message):
        next_seal(doc, current, **kwargs)  # type: ignore[arg-type]
