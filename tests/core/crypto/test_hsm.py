"""The practice KEK inside a PKCS#11 token, against a real SoftHSM2 token.

One token serves the whole module and every test makes its own key label
(see tests/hsm_support.py for why).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pkcs11.constants import Attribute, MechanismFlag, ObjectClass
from pkcs11.exceptions import AttributeSensitive, PKCS11Error
from pkcs11.mechanisms import KeyType, Mechanism

from sealbook.core.crypto import sealing
from sealbook.core.crypto.hsm import (
    TokenKek,
    destroy_token_kek,
    generate_token_kek,
    open_token_kek,
)
from sealbook.core.crypto.kek import LocalKek
from sealbook.core.errors import InvalidCiphertext, KeyStoreError, UnsealError
from tests.hsm_support import (
    SKIP_REASON,
    SoftHsmToken,
    make_softhsm_token,
    softhsm_available,
    softhsm_token,
    token_session,
    unique_label,
)

pytestmark = [
    pytest.mark.hsm,
    pytest.mark.skipif(not softhsm_available(), reason=SKIP_REASON),
]

WRONG_PIN = "wrong-pin-4711"

# RFC 3394 section 4.6: a 256-bit KEK wrapping 256 bits of key data.
RFC3394_KEK = bytes.fromhex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")
RFC3394_KEY = bytes.fromhex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F")
RFC3394_WRAPPED = bytes.fromhex(
    "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21"
)


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SoftHsmToken]:
    directory = tmp_path_factory.mktemp("softhsm")
    with softhsm_token(directory, label=unique_label("kek-tests")) as made:
        yield made


@pytest.fixture
def key_label(token: SoftHsmToken) -> str:
    label = unique_label("kek")
    generate_token_kek(**_where(token), key_label=label, pin=token.pin)
    return label


@pytest.fixture
def kek(token: SoftHsmToken, key_label: str) -> Iterator[TokenKek]:
    with open_token_kek(**_where(token), key_label=key_label, pin=token.pin, version=7) as opened:
        yield opened


def _where(token: SoftHsmToken) -> dict[str, str]:
    return {"module": token.module, "token_label": token.token_label}


def _open(token: SoftHsmToken, key_label: str, pin: str | None = None) -> TokenKek:
    return open_token_kek(
        **_where(token), key_label=key_label, pin=token.pin if pin is None else pin, version=1
    )


def _assert_one_line_without_pin(error: pytest.ExceptionInfo[UnsealError]) -> str:
    message = str(error.value)
    assert message and "\n" not in message
    assert WRONG_PIN not in message and "1234" not in message
    return message


def _import_token_key(token: SoftHsmToken, label: str, value: bytes, *, extractable: bool) -> None:
    """Store a key of known value on the token, as an HSM import ceremony would."""
    with token_session(token) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.SECRET_KEY,
                Attribute.KEY_TYPE: KeyType.AES,
                Attribute.VALUE: value,
                Attribute.LABEL: label,
                Attribute.TOKEN: True,
                Attribute.PRIVATE: True,
                Attribute.SENSITIVE: not extractable,
                Attribute.EXTRACTABLE: extractable,
                Attribute.WRAP: True,
                Attribute.UNWRAP: True,
            }
        )


# Round trips and the shape of a wrapped key.


@pytest.mark.parametrize("size", [16, 24, 32, 40, 64])
def test_a_wrapped_key_unwraps_to_the_same_bytes(kek: TokenKek, size: int) -> None:
    for _ in range(5):
        key = os.urandom(size)
        wrapped = kek.wrap(key)
        assert len(wrapped) == size + 8
        assert kek.unwrap(wrapped) == key


def test_the_kek_reports_the_version_it_was_opened_with(kek: TokenKek) -> None:
    assert kek.version == 7
    assert "version=7" in repr(kek)


def test_the_token_wraps_exactly_as_rfc_3394_says(token: SoftHsmToken) -> None:
    # The token's KEK cannot be read, so a key of known value is imported to
    # check the token's blobs against RFC 3394 and against LocalKek.
    label = unique_label("rfc3394")
    _import_token_key(token, label, RFC3394_KEK, extractable=False)
    with _open(token, label) as kek:
        assert kek.wrap(RFC3394_KEY) == RFC3394_WRAPPED
        assert kek.unwrap(RFC3394_WRAPPED) == RFC3394_KEY
        local = LocalKek(RFC3394_KEK, version=1)
        key = os.urandom(32)
        assert local.unwrap(kek.wrap(key)) == key
        assert kek.unwrap(local.wrap(key)) == key


@pytest.mark.parametrize("size", [0, 8, 15, 17, 33])
def test_wrapping_a_key_of_a_bad_length_is_refused(kek: TokenKek, size: int) -> None:
    with pytest.raises(ValueError):
        kek.wrap(b"k" * size)


# Tampering.


def test_every_single_bit_flip_of_a_wrapped_key_is_rejected(kek: TokenKek) -> None:
    wrapped = kek.wrap(os.urandom(32))
    for position in range(len(wrapped) * 8):
        tampered = bytearray(wrapped)
        tampered[position // 8] ^= 1 << (position % 8)
        with pytest.raises(InvalidCiphertext):
            kek.unwrap(bytes(tampered))


def test_truncated_or_extended_wrapped_keys_are_rejected(kek: TokenKek) -> None:
    wrapped = kek.wrap(os.urandom(32))
    candidates = [wrapped[:n] for n in range(len(wrapped))]
    candidates += [wrapped + b"\0" * 8, wrapped + wrapped[-8:], wrapped[8:]]
    for candidate in candidates:
        with pytest.raises(InvalidCiphertext):
            kek.unwrap(candidate)


def test_a_key_wrapped_by_another_kek_is_rejected(token: SoftHsmToken, kek: TokenKek) -> None:
    other_label = unique_label("other")
    generate_token_kek(**_where(token), key_label=other_label, pin=token.pin)
    with _open(token, other_label) as other:
        wrapped_elsewhere = other.wrap(os.urandom(32))
    with pytest.raises(InvalidCiphertext):
        kek.unwrap(wrapped_elsewhere)


# What the token keeps to itself.


def test_the_token_refuses_to_reveal_the_kek(token: SoftHsmToken, key_label: str) -> None:
    with token_session(token) as session:
        key = session.get_key(object_class=ObjectClass.SECRET_KEY, label=key_label)
        with pytest.raises(AttributeSensitive):
            key[Attribute.VALUE]
        assert key.get_attributes(
            [
                Attribute.SENSITIVE,
                Attribute.ALWAYS_SENSITIVE,
                Attribute.EXTRACTABLE,
                Attribute.NEVER_EXTRACTABLE,
                Attribute.TOKEN,
            ]
        ) == {
            Attribute.SENSITIVE: True,
            Attribute.ALWAYS_SENSITIVE: True,
            Attribute.EXTRACTABLE: False,
            Attribute.NEVER_EXTRACTABLE: True,
            Attribute.TOKEN: True,
        }
        # Nor will it wrap the KEK out under a key of our choosing.
        exporter = session.generate_key(
            KeyType.AES, 256, capabilities=MechanismFlag.WRAP | MechanismFlag.UNWRAP
        )
        with pytest.raises(PKCS11Error):
            exporter.wrap_key(key, mechanism=Mechanism.AES_KEY_WRAP)
        exporter.destroy()


def test_wrapping_and_unwrapping_leave_no_key_objects_behind(
    token: SoftHsmToken, kek: TokenKek
) -> None:
    wrapped = kek.wrap(os.urandom(32))
    kek.unwrap(wrapped)
    with pytest.raises(InvalidCiphertext):
        kek.unwrap(wrapped[:-8] + bytes(8))
    with pytest.raises(ValueError):
        kek.wrap(bytes(15))
    # A session without a PIN shares the KEK's login, so it sees every
    # session object the KEK's session could have left behind.
    with token_session(token, log_in=False) as observer:
        assert list(observer.get_objects({Attribute.TOKEN: False})) == []


# Opening the KEK, and the one-line reasons it can fail.


def test_the_kek_persists_across_opens(token: SoftHsmToken, key_label: str) -> None:
    key = os.urandom(32)
    with _open(token, key_label) as first:
        wrapped = first.wrap(key)
    with _open(token, key_label) as second:
        assert second.unwrap(wrapped) == key


def test_the_kek_persists_across_processes(token: SoftHsmToken, key_label: str) -> None:
    key = os.urandom(32)
    with _open(token, key_label) as kek:
        wrapped = kek.wrap(key)
    script = (
        "import sys\n"
        "from sealbook.core.crypto.hsm import open_token_kek\n"
        "module, token, label, pin, wrapped = sys.argv[1:]\n"
        "with open_token_kek(module=module, token_label=token, key_label=label,"
        " pin=pin, version=1) as kek:\n"
        "    print(kek.unwrap(bytes.fromhex(wrapped)).hex())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, token.module, token.token_label, key_label, token.pin,
         wrapped.hex()],
        env=token.env(),
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[3],
    )  # fmt: skip
    assert result.stdout.strip() == key.hex()


def test_a_wrong_pin_is_refused_in_one_line(token: SoftHsmToken, key_label: str) -> None:
    with pytest.raises(UnsealError) as error:
        _open(token, key_label, pin=WRONG_PIN)
    assert _assert_one_line_without_pin(error) == "the HSM PIN is incorrect"


def test_a_wrong_pin_is_refused_while_the_token_is_already_open(
    token: SoftHsmToken, key_label: str, kek: TokenKek
) -> None:
    # The token cannot check a PIN while this process is logged in to it;
    # the KEK module must not take the existing login as a pass.
    with pytest.raises(UnsealError) as error:
        _open(token, key_label, pin=WRONG_PIN)
    assert _assert_one_line_without_pin(error) == "the HSM PIN is incorrect"
    assert kek.unwrap(kek.wrap(bytes(32))) == bytes(32)


def test_an_unknown_token_is_refused_in_one_line(token: SoftHsmToken) -> None:
    with pytest.raises(UnsealError) as error:
        open_token_kek(
            module=token.module, token_label="no-such-token", key_label="kek", pin=token.pin,
            version=1,
        )  # fmt: skip
    assert _assert_one_line_without_pin(error) == "no HSM token is labelled 'no-such-token'"


def test_an_unknown_key_label_is_refused_in_one_line(token: SoftHsmToken) -> None:
    with pytest.raises(UnsealError) as error:
        _open(token, "no-such-key")
    message = _assert_one_line_without_pin(error)
    assert message == f"the HSM token {token.token_label!r} has no key labelled 'no-such-key'"


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("/nonexistent/p11.so", "the PKCS#11 module '/nonexistent/p11.so' does not exist"),
        ("libsofthsm2.so", "the PKCS#11 module path 'libsofthsm2.so' is not absolute"),
    ],
)
def test_a_missing_module_is_refused_in_one_line(
    token: SoftHsmToken, module: str, expected: str
) -> None:
    with pytest.raises(UnsealError) as error:
        open_token_kek(
            module=module, token_label=token.token_label, key_label="kek", pin=token.pin,
            version=1,
        )  # fmt: skip
    assert _assert_one_line_without_pin(error) == expected


def test_a_file_that_is_not_a_pkcs11_module_is_refused_in_one_line(
    token: SoftHsmToken, tmp_path: Path
) -> None:
    impostor = tmp_path / "libnot-a-module.so"
    impostor.write_text("not a shared library\n")
    with pytest.raises(UnsealError) as error:
        open_token_kek(
            module=str(impostor), token_label=token.token_label, key_label="kek", pin=token.pin,
            version=1,
        )  # fmt: skip
    assert _assert_one_line_without_pin(error) == (
        f"the PKCS#11 module {str(impostor)!r} could not be loaded"
    )


def test_an_extractable_key_under_the_label_is_refused(token: SoftHsmToken) -> None:
    label = unique_label("weak")
    _import_token_key(token, label, os.urandom(32), extractable=True)
    with pytest.raises(UnsealError) as error:
        _open(token, label)
    assert _assert_one_line_without_pin(error) == (
        f"the HSM key {label!r} is not a non-extractable AES-256 wrapping key"
    )


def test_a_token_made_after_the_library_was_loaded_is_found(token: SoftHsmToken) -> None:
    # The module-wide token is loaded by now; a second token in the same store
    # appears only after the library is initialised again.
    late = make_softhsm_token(token.conf_path.parent, label=unique_label("late"), pin="2468")
    generate_token_kek(
        module=late.module, token_label=late.token_label, key_label="kek", pin=late.pin
    )
    with open_token_kek(
        module=late.module, token_label=late.token_label, key_label="kek", pin=late.pin, version=1
    ) as kek:
        assert kek.unwrap(kek.wrap(bytes(range(32)))) == bytes(range(32))


# Generating, rotating and destroying.


def test_generating_refuses_a_label_already_in_use(token: SoftHsmToken, key_label: str) -> None:
    with pytest.raises(KeyStoreError) as error:
        generate_token_kek(**_where(token), key_label=key_label, pin=token.pin)
    assert str(error.value) == (
        f"the HSM token {token.token_label!r} already has a key labelled {key_label!r}"
    )


def test_two_keks_on_one_token_can_be_open_together_for_rotation(
    token: SoftHsmToken, key_label: str
) -> None:
    new_label = unique_label("new")
    generate_token_kek(**_where(token), key_label=new_label, pin=token.pin)
    keys = [os.urandom(32) for _ in range(3)]
    old = _open(token, key_label)
    new = _open(token, new_label)
    rewrapped = [new.wrap(old.unwrap(old.wrap(k))) for k in keys]
    old.close()
    # Closing the old KEK must not log the new one out.
    assert [new.unwrap(w) for w in rewrapped] == keys
    new.close()


def test_a_destroyed_kek_unwraps_nothing_it_wrapped(token: SoftHsmToken, key_label: str) -> None:
    still_open = _open(token, key_label)
    wrapped = still_open.wrap(os.urandom(32))
    destroy_token_kek(**_where(token), key_label=key_label, pin=token.pin)
    with pytest.raises(InvalidCiphertext):
        still_open.unwrap(wrapped)
    still_open.close()
    with pytest.raises(UnsealError) as error:
        _open(token, key_label)
    assert "has no key labelled" in _assert_one_line_without_pin(error)


def test_destroying_a_missing_kek_is_refused(token: SoftHsmToken) -> None:
    with pytest.raises(KeyStoreError) as error:
        destroy_token_kek(**_where(token), key_label="no-such-key", pin=token.pin)
    assert str(error.value) == (
        f"the HSM token {token.token_label!r} has no key labelled 'no-such-key'"
    )


def test_a_closed_kek_refuses_to_work(token: SoftHsmToken, key_label: str) -> None:
    kek = _open(token, key_label)
    wrapped = kek.wrap(bytes(32))
    kek.close()
    kek.close()
    assert kek.closed
    with pytest.raises(KeyStoreError):
        kek.wrap(bytes(32))
    with pytest.raises(KeyStoreError):
        kek.unwrap(wrapped)


def test_one_kek_can_be_shared_between_threads(kek: TokenKek) -> None:
    failures: list[BaseException] = []

    def round_trips() -> None:
        try:
            for _ in range(40):
                key = os.urandom(32)
                if kek.unwrap(kek.wrap(key)) != key:
                    raise AssertionError("round trip changed the key")
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=round_trips) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


# Through the sealed-key document.


def test_a_pkcs11_sealed_key_document_unseals_with_the_pin(
    token: SoftHsmToken, key_label: str
) -> None:
    doc = sealing.describe_pkcs11(token.module, token.token_label, key_label, version=3)
    loaded = sealing.loads(sealing.dumps(doc))
    kek = sealing.unseal(loaded, sealing.UnsealSecrets(hsm_pin=token.pin))
    try:
        assert kek.version == 3
        key = os.urandom(32)
        assert kek.unwrap(kek.wrap(key)) == key
    finally:
        assert isinstance(kek, TokenKek)
        kek.close()


@pytest.mark.parametrize(
    ("secrets", "expected"),
    [
        (sealing.UnsealSecrets(hsm_pin=WRONG_PIN), "the HSM PIN is incorrect"),
        (sealing.UnsealSecrets(), "this practice key is in an HSM; no PIN was given"),
        (
            sealing.UnsealSecrets(passphrase=b"a passphrase is no PIN"),
            "this practice key is in an HSM; no PIN was given",
        ),
    ],
)
def test_a_pkcs11_sealed_key_document_needs_the_right_pin(
    token: SoftHsmToken, key_label: str, secrets: sealing.UnsealSecrets, expected: str
) -> None:
    doc = sealing.describe_pkcs11(token.module, token.token_label, key_label, version=3)
    with pytest.raises(UnsealError) as error:
        sealing.unseal(sealing.loads(sealing.dumps(doc)), secrets)
    assert _assert_one_line_without_pin(error) == expected
