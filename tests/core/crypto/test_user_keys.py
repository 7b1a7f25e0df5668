"""Clinicians' key pairs: wrapped keys, notes sealed to several recipients,
session splits and the successor custodian's kit.

Argon2id at RFC 9106's second recommendation costs about 0.15 s, so one user
is enrolled per module and only the tests that must run Argon2 do (about 15).
"""

from __future__ import annotations

import base64
import pickle
import re
import struct
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sealbook.core.crypto.aead import field_context
from sealbook.core.crypto.sealing import RFC9106_SECOND, Argon2Parameters
from sealbook.core.crypto.user_keys import custodian_kit, randomness
from sealbook.core.crypto.user_keys.base32 import b32_encode
from sealbook.core.crypto.user_keys.custodian_kit import new_custodian_kit, parse_custodian_kit
from sealbook.core.crypto.user_keys.enrolment import Enrolment, enrol
from sealbook.core.crypto.user_keys.hpke import dhkem_shared_secret, hpke_open, hpke_seal
from sealbook.core.crypto.user_keys.key_pair import UserKeyPair, WrongSecret, key_fingerprint
from sealbook.core.crypto.user_keys.note_envelope import (
    add_recipient,
    open_as_recipient,
    recipients_of,
    seal_for_recipients,
)
from sealbook.core.crypto.user_keys.password_wrap import (
    password_wrap_parameters,
    rewrap_private_key_with_password,
    unwrap_private_key_with_password,
    wrap_private_key_with_password,
)
from sealbook.core.crypto.user_keys.recovery_code import (
    new_recovery_code,
    normalize_recovery_code,
    unwrap_private_key_with_recovery_code,
    wrap_private_key_with_recovery_code,
)
from sealbook.core.crypto.user_keys.session_split import join_from_session, split_for_session
from sealbook.core.errors import InvalidCiphertext, KeyStoreError

# "café" is precomposed here; a test types it decomposed.
PASSWORD = "synthetic caf\u00e9 password: herons ferry lanterns"
CONTEXT = field_context("psychotherapy_notes", "body", "n-0001")
NOTE = b"Synthetic psychotherapy note: dreamt of the lighthouse again."
RECIPIENT_IDS = ("u-author", "u-supervisor", "u-custodian")

# Fixed keys for known answers (RFC 7748 accepts any 32 bytes as a private key).
AUTHOR = UserKeyPair(bytes(range(32)))
SUPERVISOR = UserKeyPair(bytes(range(32, 64)))

# RFC 9180 appendix A.1.1: DHKEM(X25519, HKDF-SHA256), base mode.
RFC9180_SK_EM = "52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736"
RFC9180_PK_EM = "37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431"
RFC9180_PK_RM = "3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d"
RFC9180_SK_RM = "4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8"
RFC9180_SHARED_SECRET = "fe0e18c9f024ce43799ae393c7e8fe8fce9d218875e8227b0187c04e7d2ea1fc"

# Known answers, fixed when the formats were defined, for the counting
# randomness below (bytes 0, 1, 2, ... in the order the module asks for them).
# A change here breaks every key, note or kit already stored or printed.
KNOWN_RECOVERY_CODE = "000G-40R4-0M30-E209-185G-R38E-1XZK"
KNOWN_RECOVERY_WRAPPED = (
    "12000102030405060708090a0b0c0d0e0f101112131415161718191a1b120d2841ee222bdee87652"
    "4be0f6103aa69711dd019d072f0fc4a9c2af0745b5e5e830c2c5729755b90d73d57b87d5db"
)
KNOWN_PASSWORD_WRAPPED = (
    "11000100000000000300000004000102030405060708090a0b0c0d0e0f101112131415161718191a"
    "1bc54909e4bd60ec27712b951e6363797b37f9b1923a78325d9a7770a97c9b0ea95ed5f594b6a1a1"
    "f7fd790bffe469d66e"
)
KNOWN_NOTE = (
    "21455658c9588dcc066a91530785c746f01521eb08c232744e8f85ae99ee0bc5f9000208752d6175"
    "74686f72046e514de51125e8bc4331195540e650b4ba568885d94b1cecbb453d302e476b7c8f8ad7"
    "5c74449b451609b15f597aec907943b6aef32908e060dcc5cde06e6959686e994615ba19fbc5d6ca"
    "cf303cf70c752d73757065727669736f7277458cb5dccdfd9127cfc5a5ce348368d630a9491b7847"
    "47b72aaff901e7685554e2101c234d33c26e4f01545c798863985124458d4a1e68c104aff21486bc"
    "b1ef9c6cfef9d74eb13d5a8a587d497633202122232425262728292a2bd37ef87a93efb0e4e0e26d"
    "b730297b395381ae712ffbef8233dda02f43b35a39acb96fb9219f0bf6f48c655a8e86bfd290d833"
    "6d1a104c1c831975b1038dd0d6c539bb435bb926933a41a8b529"
)
KNOWN_SESSION_BLOB = (
    "31202122232425262728292a2bd23ba473689d1c09127548c5cd15faf6c058fe8f939575f974ef76"
    "0955974016ffbe1c1443703165db7da2228248c5f2"
)
KNOWN_COOKIE_SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
KNOWN_KIT_BLOCK = """\
00800 41061 050R3 GG28A 2
1C60T 3GF20 8H44R M2MB1 V
E60S3 8DHR7 8Y3YS 4HGRC 7"""
KNOWN_AUTHOR_FINGERPRINT = "1ZMW-FX7P-304W-NW0A"

Cast = dict[str, UserKeyPair]


class CountingRandomness:
    """Stands in for os.urandom: returns bytes 0, 1, 2, ... (mod 256) in order."""

    def __init__(self) -> None:
        self.position = 0

    def urandom(self, n: int) -> bytes:
        out = bytes((self.position + i) % 256 for i in range(n))
        self.position += n
        return out


@pytest.fixture
def counting_randomness(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the randomness module's own reference to `os` is replaced, not the os module.
    monkeypatch.setattr(randomness, "os", SimpleNamespace(urandom=CountingRandomness().urandom))


@pytest.fixture(scope="module")
def enrolment() -> Enrolment:
    return enrol(PASSWORD)


@pytest.fixture(scope="module")
def cast() -> Cast:
    return {rid: UserKeyPair.generate() for rid in (*RECIPIENT_IDS, "u-outsider")}


@pytest.fixture(scope="module")
def note(cast: Cast) -> bytes:
    return seal_for_recipients(NOTE, {rid: cast[rid].public_key for rid in RECIPIENT_IDS}, CONTEXT)


def flipped(blob: bytes, bit: int) -> bytes:
    out = bytearray(blob)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


def assert_one_line(error: pytest.ExceptionInfo[WrongSecret]) -> str:
    message = str(error.value)
    assert message and "\n" not in message
    assert PASSWORD not in message
    return message


# Key pairs.


def test_a_generated_key_pair_has_a_32_byte_public_key_and_differs_from_the_next() -> None:
    one, other = UserKeyPair.generate(), UserKeyPair.generate()
    assert len(one.public_key) == 32
    assert one != other


def test_a_key_pair_shows_its_fingerprint_and_nothing_secret() -> None:
    assert repr(AUTHOR) == f"<UserKeyPair {key_fingerprint(AUTHOR.public_key)}>"
    assert bytes(range(32)).hex() not in repr(AUTHOR)


def test_key_pairs_from_the_same_private_key_are_equal() -> None:
    assert UserKeyPair(bytes(range(32))) == AUTHOR
    assert hash(UserKeyPair(bytes(range(32)))) == hash(AUTHOR)
    assert AUTHOR != SUPERVISOR


def test_the_public_key_is_x25519_of_the_private_key() -> None:
    expected = X25519PrivateKey.from_private_bytes(bytes(range(32))).public_key()
    assert AUTHOR.public_key == expected.public_bytes_raw()


def test_a_key_pair_cannot_be_pickled_into_a_session_or_cache() -> None:
    with pytest.raises(TypeError, match="split_for_session"):
        pickle.dumps(AUTHOR)


@pytest.mark.parametrize("length", [0, 31, 33])
def test_a_private_key_must_be_32_bytes(length: int) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        UserKeyPair(bytes(length))


def test_a_fingerprint_is_four_groups_of_four_and_pinned() -> None:
    assert re.fullmatch(
        r"([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}", KNOWN_AUTHOR_FINGERPRINT
    )
    assert key_fingerprint(AUTHOR.public_key) == KNOWN_AUTHOR_FINGERPRINT
    assert key_fingerprint(SUPERVISOR.public_key) != KNOWN_AUTHOR_FINGERPRINT


# Enrolment and the password.


def test_enrolment_wraps_one_key_under_the_password_and_under_the_recovery_code(
    enrolment: Enrolment,
) -> None:
    by_password = unwrap_private_key_with_password(enrolment.password_wrapped, PASSWORD)
    by_code = unwrap_private_key_with_recovery_code(
        enrolment.recovery_wrapped, enrolment.recovery_code
    )
    assert by_password == by_code == enrolment.key_pair
    assert enrolment.public_key == enrolment.key_pair.public_key
    assert password_wrap_parameters(enrolment.password_wrapped) == RFC9106_SECOND


def test_an_enrolment_never_shows_its_recovery_code(enrolment: Enrolment) -> None:
    assert enrolment.recovery_code not in repr(enrolment)


def test_a_wrong_password_does_not_unlock(enrolment: Enrolment) -> None:
    with pytest.raises(WrongSecret) as error:
        unwrap_private_key_with_password(enrolment.password_wrapped, PASSWORD + " ")
    assert assert_one_line(error) == "the password does not unlock this key"


def test_an_empty_password_does_not_unlock(enrolment: Enrolment) -> None:
    with pytest.raises(WrongSecret):
        unwrap_private_key_with_password(enrolment.password_wrapped, "")


def test_an_empty_password_cannot_wrap_a_key() -> None:
    with pytest.raises(ValueError, match="password is required"):
        wrap_private_key_with_password(AUTHOR, "")


def test_the_password_unlocks_however_its_accents_were_typed(enrolment: Enrolment) -> None:
    decomposed = PASSWORD.replace("\u00e9", "e\u0301")
    assert decomposed != PASSWORD
    assert unwrap_private_key_with_password(enrolment.password_wrapped, decomposed) == (
        enrolment.key_pair
    )


def test_changing_the_password_rewraps_the_same_key(enrolment: Enrolment) -> None:
    new_password = "synthetic new password: otters mend nets"
    rewrapped = rewrap_private_key_with_password(enrolment.password_wrapped, PASSWORD, new_password)
    assert unwrap_private_key_with_password(rewrapped, new_password) == enrolment.key_pair
    with pytest.raises(WrongSecret):
        unwrap_private_key_with_password(rewrapped, PASSWORD)


def test_changing_the_password_needs_the_old_one(enrolment: Enrolment) -> None:
    with pytest.raises(WrongSecret):
        rewrap_private_key_with_password(enrolment.password_wrapped, "not it", "anything new")


WEAK_OR_ABSURD_PARAMETERS = [
    Argon2Parameters(memory_kib=19 * 1024, iterations=2, lanes=1),  # OWASP minimum
    Argon2Parameters(memory_kib=32 * 1024, iterations=3, lanes=4),
    Argon2Parameters(memory_kib=64 * 1024, iterations=2, lanes=4),
    Argon2Parameters(memory_kib=64 * 1024, iterations=3, lanes=0),
    Argon2Parameters(memory_kib=4 * 1024 * 1024, iterations=3, lanes=4),
    Argon2Parameters(memory_kib=64 * 1024, iterations=1000, lanes=4),
    Argon2Parameters(memory_kib=64 * 1024, iterations=3, lanes=255),
]


@pytest.mark.parametrize("params", WEAK_OR_ABSURD_PARAMETERS)
def test_wrapping_refuses_parameters_below_rfc_9106_second_or_absurdly_high(
    params: Argon2Parameters,
) -> None:
    with pytest.raises(ValueError, match="Argon2id parameters"):
        wrap_private_key_with_password(AUTHOR, PASSWORD, params=params)


@pytest.mark.parametrize("params", WEAK_OR_ABSURD_PARAMETERS)
def test_unwrapping_refuses_a_blob_whose_parameters_were_weakened_or_inflated(
    enrolment: Enrolment, params: Argon2Parameters
) -> None:
    header = struct.pack(">BIII", 0x11, params.memory_kib, params.iterations, params.lanes)
    edited = header + enrolment.password_wrapped[len(header) :]
    with pytest.raises(InvalidCiphertext):
        password_wrap_parameters(edited)
    with pytest.raises(InvalidCiphertext):
        unwrap_private_key_with_password(edited, PASSWORD)


def test_stronger_parameters_are_kept_in_the_blob_and_authenticated() -> None:
    stronger = Argon2Parameters(memory_kib=64 * 1024, iterations=4, lanes=4)
    blob = wrap_private_key_with_password(AUTHOR, PASSWORD, params=stronger)
    assert password_wrap_parameters(blob) == stronger
    # Lowered back to the floor, the parameters are still acceptable, but
    # they are associated data: the key no longer unwraps.
    lowered = struct.pack(">BIII", 0x11, 64 * 1024, 3, 4) + blob[13:]
    with pytest.raises(WrongSecret):
        unwrap_private_key_with_password(lowered, PASSWORD)


@pytest.mark.parametrize(
    ("region", "byte"), [("salt", 13), ("nonce", 29), ("sealed key", 41), ("tag", 88)]
)
def test_a_password_wrapped_key_altered_anywhere_does_not_unlock(
    enrolment: Enrolment, region: str, byte: int
) -> None:
    with pytest.raises(WrongSecret):
        unwrap_private_key_with_password(flipped(enrolment.password_wrapped, 8 * byte), PASSWORD)


@pytest.mark.parametrize(
    "edit",
    [
        lambda blob: b"",
        lambda blob: blob[:-1],
        lambda blob: blob + b"\0",
        lambda blob: b"\x12" + blob[1:],
        lambda blob: b"\x01" + blob[1:],
    ],
    ids=["empty", "truncated", "extended", "recovery version byte", "other version byte"],
)
def test_a_password_wrapped_key_of_the_wrong_shape_is_refused_before_argon2(
    enrolment: Enrolment, edit: Callable[[bytes], bytes]
) -> None:
    with pytest.raises(InvalidCiphertext):
        unwrap_private_key_with_password(edit(enrolment.password_wrapped), PASSWORD)


def test_a_recovery_wrapped_key_is_not_taken_for_a_password_wrapped_one(
    enrolment: Enrolment,
) -> None:
    with pytest.raises(InvalidCiphertext):
        unwrap_private_key_with_password(enrolment.recovery_wrapped, PASSWORD)
    with pytest.raises(InvalidCiphertext):
        unwrap_private_key_with_recovery_code(enrolment.password_wrapped, enrolment.recovery_code)


@pytest.mark.usefixtures("counting_randomness")
def test_a_password_wrapped_key_is_as_pinned_for_fixed_randomness() -> None:
    blob = wrap_private_key_with_password(AUTHOR, PASSWORD)
    assert blob.hex() == KNOWN_PASSWORD_WRAPPED
    assert blob[:13] == bytes.fromhex("11" "00010000" "00000003" "00000004")  # fmt: skip
    assert blob[13:29] == bytes(range(16))  # the salt
    assert blob[29:41] == bytes(range(16, 28))  # the nonce
    assert len(blob) == 89


# Recovery codes.

CROCKFORD = "[0-9A-HJKMNP-TV-Z]"


def test_a_new_recovery_code_is_seven_groups_of_four_crockford_symbols() -> None:
    codes = {new_recovery_code() for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert re.fullmatch(rf"({CROCKFORD}{{4}}-){{6}}{CROCKFORD}{{4}}", code)
        assert normalize_recovery_code(code) == code


@pytest.mark.usefixtures("counting_randomness")
def test_a_recovery_code_is_as_pinned_for_fixed_randomness() -> None:
    assert new_recovery_code() == KNOWN_RECOVERY_CODE


def _typed(transform: Callable[[str], str]) -> str:
    return transform(KNOWN_RECOVERY_CODE)


MUST_PARSE = [
    ("as printed", lambda c: c),
    ("lower case", str.lower),
    ("spaces for dashes", lambda c: c.replace("-", " ")),
    ("no separators", lambda c: c.replace("-", "")),
    ("padded with whitespace", lambda c: f"  \t{c}\n"),
    ("separators anywhere", lambda c: " - ".join(c.replace("-", ""))),
    ("pasted with en dashes and no-break spaces", lambda c: c.replace("-", "\u00a0\u2013 ")),
    ("letter O for zero", lambda c: c.replace("0", "O")),
    ("l and I for one", lambda c: c.replace("1", "l", 1).replace("1", "I")),
]


@pytest.mark.parametrize(("case", "transform"), MUST_PARSE, ids=[c for c, _ in MUST_PARSE])
def test_a_typed_recovery_code_is_read_as_printed(
    case: str, transform: Callable[[str], str]
) -> None:
    assert normalize_recovery_code(_typed(transform)) == KNOWN_RECOVERY_CODE


def _swap_first_two_distinct(code: str) -> str:
    symbols = code.replace("-", "")
    i = next(i for i in range(len(symbols) - 1) if symbols[i] != symbols[i + 1])
    return symbols[:i] + symbols[i + 1] + symbols[i] + symbols[i + 2 :]


MUST_NOT_PARSE = [
    ("empty", lambda c: ""),
    ("separators only", lambda c: "---- ----"),
    ("one symbol short", lambda c: c[:-1]),
    ("one symbol too many", lambda c: c + "0"),
    ("the letter U", lambda c: "U" + c[1:]),
    ("punctuation", lambda c: c.replace("-", ".")),
    ("the last symbol changed", lambda c: c[:-1] + ("0" if c[-1] != "0" else "1")),
    ("two neighbours swapped", _swap_first_two_distinct),
    ("pasted twice", lambda c: c + c),
    ("a full-width digit", lambda c: c[:-1] + "\uff10"),
]


@pytest.mark.parametrize(("case", "transform"), MUST_NOT_PARSE, ids=[c for c, _ in MUST_NOT_PARSE])
def test_a_mistyped_recovery_code_is_reported_as_a_typo(
    case: str, transform: Callable[[str], str]
) -> None:
    with pytest.raises(WrongSecret) as error:
        normalize_recovery_code(_typed(transform))
    assert "typo" in assert_one_line(error)


def test_the_typos_of_the_table_are_refused_by_the_check_not_the_alphabet() -> None:
    # Guards the table: these cases only mean something if the check, and not
    # the length or the alphabet, is what refuses them.
    for case, transform in MUST_NOT_PARSE:
        if case in ("the last symbol changed", "two neighbours swapped"):
            assert re.fullmatch(f"{CROCKFORD}{{28}}", _typed(transform).replace("-", ""))


def test_a_sharp_s_is_not_read_as_ss() -> None:
    # str.upper() turns "\u00df" into "SS"; a code that really ends in SS shows
    # that the parser refuses the letter instead.
    code = next(c for c in iter(new_recovery_code, None) if c.endswith("SS"))
    assert normalize_recovery_code(code[:-2].lower() + "ss") == code
    with pytest.raises(WrongSecret):
        normalize_recovery_code(code[:-2] + "\u00df")


def test_another_valid_recovery_code_does_not_unlock(enrolment: Enrolment) -> None:
    with pytest.raises(WrongSecret) as error:
        unwrap_private_key_with_recovery_code(enrolment.recovery_wrapped, new_recovery_code())
    assert assert_one_line(error) == "the recovery code does not unlock this key"


def test_a_recovery_code_typed_loosely_still_unlocks(enrolment: Enrolment) -> None:
    typed = enrolment.recovery_code.lower().replace("-", " ")
    assert unwrap_private_key_with_recovery_code(enrolment.recovery_wrapped, typed) == (
        enrolment.key_pair
    )


def test_every_bit_flip_in_a_recovery_wrapped_key_is_refused(enrolment: Enrolment) -> None:
    blob = enrolment.recovery_wrapped
    for bit in range(len(blob) * 8):
        # The version byte is read before any key is derived; the rest is the
        # salt, nonce or sealed key, where an alteration cannot be told from
        # another code.
        expected = InvalidCiphertext if bit < 8 else WrongSecret
        with pytest.raises(expected):
            unwrap_private_key_with_recovery_code(flipped(blob, bit), enrolment.recovery_code)


def test_every_truncation_of_a_recovery_wrapped_key_is_refused(enrolment: Enrolment) -> None:
    blob = enrolment.recovery_wrapped
    for length in range(len(blob)):
        with pytest.raises(InvalidCiphertext):
            unwrap_private_key_with_recovery_code(blob[:length], enrolment.recovery_code)


@pytest.mark.usefixtures("counting_randomness")
def test_a_recovery_wrapped_key_is_built_as_documented() -> None:
    blob = wrap_private_key_with_recovery_code(AUTHOR, KNOWN_RECOVERY_CODE)
    assert blob.hex() == KNOWN_RECOVERY_WRAPPED
    # 0x12 | salt 16 | nonce 12 | sealed key, the key derived by HKDF-SHA256
    # from the code's 128 secret bits, the AD the label and the header.
    secret = (int.from_bytes(base32_symbols(KNOWN_RECOVERY_CODE), "big") >> 12).to_bytes(16, "big")
    salt, nonce = blob[1:17], blob[17:29]
    key = HKDF(hashes.SHA256(), 32, salt=salt, info=b"sealbook/user-key/recovery-code/v1").derive(
        secret
    )
    aad = b"sealbook/user-key/recovery-code/v1" + blob[:17]
    assert AESGCM(key).decrypt(nonce, blob[29:], aad) == bytes(range(32))


def base32_symbols(code: str) -> bytes:
    """The integer a Crockford base32 code spells, as bytes (test-side decoder)."""
    value = 0
    for symbol in code.replace("-", ""):
        value = value * 32 + "0123456789ABCDEFGHJKMNPQRSTVWXYZ".index(symbol)
    return value.to_bytes((5 * len(code.replace("-", "")) + 7) // 8, "big")


# Notes sealed to several recipients.


def test_each_recipient_opens_the_note(cast: Cast, note: bytes) -> None:
    for rid in RECIPIENT_IDS:
        assert open_as_recipient(note, rid, cast[rid], CONTEXT) == NOTE


def test_the_recipients_of_a_note_are_listed_by_id(note: bytes) -> None:
    assert recipients_of(note) == sorted(RECIPIENT_IDS)


def test_the_note_text_does_not_appear_in_the_blob(note: bytes) -> None:
    assert b"lighthouse" not in note


def test_sealing_the_same_note_twice_gives_two_different_blobs(cast: Cast) -> None:
    recipients = {"u-author": cast["u-author"].public_key}
    assert seal_for_recipients(NOTE, recipients, CONTEXT) != seal_for_recipients(
        NOTE, recipients, CONTEXT
    )


def test_an_empty_note_round_trips(cast: Cast) -> None:
    blob = seal_for_recipients(b"", {"u-author": cast["u-author"].public_key}, CONTEXT)
    assert open_as_recipient(blob, "u-author", cast["u-author"], CONTEXT) == b""


def test_a_user_who_is_not_a_recipient_cannot_open_the_note(cast: Cast, note: bytes) -> None:
    with pytest.raises(InvalidCiphertext):
        open_as_recipient(note, "u-outsider", cast["u-outsider"], CONTEXT)
    for rid in RECIPIENT_IDS:
        with pytest.raises(InvalidCiphertext):
            open_as_recipient(note, rid, cast["u-outsider"], CONTEXT)


def test_a_recipient_cannot_open_under_another_recipients_id(cast: Cast, note: bytes) -> None:
    with pytest.raises(InvalidCiphertext):
        open_as_recipient(note, "u-author", cast["u-supervisor"], CONTEXT)


@pytest.mark.parametrize(
    "context",
    [
        field_context("psychotherapy_notes", "body", "n-0002"),
        field_context("psychotherapy_notes", "title", "n-0001"),
        field_context("progress_notes", "body", "n-0001"),
        b"",
        CONTEXT + b"\0",
    ],
)
def test_a_note_does_not_open_under_another_context(
    cast: Cast, note: bytes, context: bytes
) -> None:
    with pytest.raises(InvalidCiphertext):
        open_as_recipient(note, "u-author", cast["u-author"], context)


def test_every_bit_flip_in_a_note_is_refused_for_every_recipient(cast: Cast, note: bytes) -> None:
    for bit in range(len(note) * 8):
        tampered = flipped(note, bit)
        for rid in RECIPIENT_IDS:
            with pytest.raises(InvalidCiphertext):
                open_as_recipient(tampered, rid, cast[rid], CONTEXT)


def test_every_truncation_of_a_note_is_refused(cast: Cast, note: bytes) -> None:
    for length in range(len(note)):
        with pytest.raises(InvalidCiphertext):
            open_as_recipient(note[:length], "u-author", cast["u-author"], CONTEXT)


def _entries(note: bytes) -> tuple[bytes, list[bytes], bytes]:
    """(format byte and commitment, [entries], nonce and ciphertext) of a note."""
    (count,) = struct.unpack_from(">H", note, 33)
    at, entries = 35, []
    for _ in range(count):
        end = at + 1 + note[at] + 80
        entries.append(note[at:end])
        at = end
    return note[:33], entries, note[at:]


def _rebuilt(head: bytes, entries: list[bytes], tail: bytes) -> bytes:
    return head + struct.pack(">H", len(entries)) + b"".join(entries) + tail


def test_swapping_two_recipients_sealed_keys_is_refused(cast: Cast, note: bytes) -> None:
    head, entries, tail = _entries(note)
    author, custodian = entries[0], entries[1]  # sorted: u-author, u-custodian
    swapped = [author[:9] + custodian[12:], custodian[:12] + author[9:], entries[2]]
    tampered = _rebuilt(head, swapped, tail)
    for rid in ("u-author", "u-custodian"):
        with pytest.raises(InvalidCiphertext):
            open_as_recipient(tampered, rid, cast[rid], CONTEXT)


def test_dropping_a_recipient_is_noticed_by_the_others(cast: Cast, note: bytes) -> None:
    head, entries, tail = _entries(note)
    without_custodian = _rebuilt(head, [entries[0], entries[2]], tail)
    assert recipients_of(without_custodian) == ["u-author", "u-supervisor"]
    with pytest.raises(InvalidCiphertext):
        open_as_recipient(without_custodian, "u-author", cast["u-author"], CONTEXT)


def test_a_duplicated_or_unsorted_recipient_list_is_refused(note: bytes) -> None:
    head, entries, tail = _entries(note)
    for listing in ([entries[0], entries[0], entries[2]], [entries[2], entries[0], entries[1]]):
        with pytest.raises(InvalidCiphertext):
            recipients_of(_rebuilt(head, listing, tail))


def test_a_sealed_key_copied_from_another_note_is_refused(cast: Cast, note: bytes) -> None:
    recipients = {rid: cast[rid].public_key for rid in RECIPIENT_IDS}
    same_place = seal_for_recipients(b"An older version.", recipients, CONTEXT)
    head, entries, tail = _entries(note)
    for other in (same_place, seal_for_recipients(NOTE, recipients, b"elsewhere")):
        transplanted = _rebuilt(head, [_entries(other)[1][0], *entries[1:]], tail)
        with pytest.raises(InvalidCiphertext):
            open_as_recipient(transplanted, "u-author", cast["u-author"], CONTEXT)


@pytest.mark.parametrize(
    "blob", [b"", b"\x21", bytes(36), b"\x22" + bytes(200), b"\x21" + bytes(32) + b"\x00\x00"]
)
def test_garbage_is_not_a_note(blob: bytes) -> None:
    with pytest.raises(InvalidCiphertext):
        recipients_of(blob)


def test_adding_a_recipient_lets_them_open_the_note(cast: Cast) -> None:
    author = cast["u-author"]
    blob = seal_for_recipients(NOTE, {"u-author": author.public_key}, CONTEXT)
    escrowed = add_recipient(
        blob,
        CONTEXT,
        opener_id="u-author",
        opener_key=author,
        new_id="u-supervisor",
        new_public_key=cast["u-supervisor"].public_key,
    )
    assert recipients_of(escrowed) == ["u-author", "u-supervisor"]
    assert open_as_recipient(escrowed, "u-supervisor", cast["u-supervisor"], CONTEXT) == NOTE
    assert open_as_recipient(escrowed, "u-author", author, CONTEXT) == NOTE
    with pytest.raises(InvalidCiphertext):
        open_as_recipient(blob, "u-supervisor", cast["u-supervisor"], CONTEXT)


def test_only_a_recipient_can_add_another(cast: Cast, note: bytes) -> None:
    with pytest.raises(InvalidCiphertext):
        add_recipient(
            note,
            CONTEXT,
            opener_id="u-author",
            opener_key=cast["u-outsider"],
            new_id="u-outsider",
            new_public_key=cast["u-outsider"].public_key,
        )


def test_a_recipient_cannot_be_added_twice(cast: Cast, note: bytes) -> None:
    with pytest.raises(ValueError, match="already a recipient"):
        add_recipient(
            note,
            CONTEXT,
            opener_id="u-author",
            opener_key=cast["u-author"],
            new_id="u-supervisor",
            new_public_key=cast["u-outsider"].public_key,
        )


@pytest.mark.parametrize(
    ("recipients", "error"),
    [
        ({}, ValueError),
        ({"": AUTHOR.public_key}, ValueError),
        ({"u" * 256: AUTHOR.public_key}, ValueError),
        ({"u-author": AUTHOR.public_key[:31]}, KeyStoreError),
        ({"u-author": bytes(32)}, KeyStoreError),  # a low-order point
    ],
    ids=["none", "empty id", "id too long", "short public key", "low-order public key"],
)
def test_sealing_refuses_bad_recipients(
    recipients: dict[str, bytes], error: type[Exception]
) -> None:
    with pytest.raises(error):
        seal_for_recipients(NOTE, recipients, CONTEXT)


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


def _note_key_info(recipient_id: str, context: bytes) -> bytes:
    # As documented: b"sealbook/note-key/v1" | 0x21 | id length u8 | id | context.
    raw = recipient_id.encode()
    return b"sealbook/note-key/v1" + bytes([0x21, len(raw)]) + raw + context


def test_a_sealed_content_key_is_rfc_9180_hpke_as_pyca_reads_it(cast: Cast, note: bytes) -> None:
    hpke = pytest.importorskip("cryptography.hazmat.primitives.hpke")
    suite = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
    _, entries, _ = _entries(note)
    author_entry = entries[0]
    assert author_entry[1 : 1 + author_entry[0]] == b"u-author"
    content_key = suite.decrypt(
        author_entry[1 + author_entry[0] :],
        cast["u-author"]._private,
        info=_note_key_info("u-author", CONTEXT),
    )
    commitment = HKDF(hashes.SHA256(), 64, salt=None, info=b"sealbook/note/v1 keys").derive(
        content_key
    )[32:]
    assert note[1:33] == commitment


def test_a_note_built_by_hand_from_the_documented_format_opens(cast: Cast) -> None:
    hpke = pytest.importorskip("cryptography.hazmat.primitives.hpke")
    suite = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
    content_key, nonce = bytes(range(200, 232)), bytes(12)
    keys = HKDF(hashes.SHA256(), 64, salt=None, info=b"sealbook/note/v1 keys").derive(content_key)
    entries = b""
    for rid in ("u-author", "u-supervisor"):
        public = X25519PublicKey.from_public_bytes(cast[rid].public_key)
        sealed = suite.encrypt(content_key, public, info=_note_key_info(rid, CONTEXT))
        entries += bytes([len(rid)]) + rid.encode() + sealed
    header = b"\x21" + keys[32:] + struct.pack(">H", 2) + entries
    body = AESGCM(keys[:32]).encrypt(nonce, NOTE, b"sealbook/note/v1" + header + CONTEXT)
    blob = header + nonce + body
    for rid in ("u-author", "u-supervisor"):
        assert open_as_recipient(blob, rid, cast[rid], CONTEXT) == NOTE


@pytest.mark.usefixtures("counting_randomness")
def test_a_note_is_as_pinned_for_fixed_keys_and_randomness() -> None:
    recipients = {"u-supervisor": SUPERVISOR.public_key, "u-author": AUTHOR.public_key}
    blob = seal_for_recipients(NOTE, recipients, CONTEXT)
    assert blob.hex() == KNOWN_NOTE
    assert open_as_recipient(blob, "u-supervisor", SUPERVISOR, CONTEXT) == NOTE


# Holding a key for one web session.


def test_the_two_session_halves_together_give_back_the_key() -> None:
    server_blob, cookie_secret = split_for_session(AUTHOR)
    assert join_from_session(server_blob, cookie_secret) == AUTHOR


def test_the_cookie_half_is_43_url_safe_characters_and_the_server_half_61_bytes() -> None:
    server_blob, cookie_secret = split_for_session(AUTHOR)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", cookie_secret)
    assert len(server_blob) == 61


def test_the_server_half_alone_is_useless() -> None:
    server_blob, _ = split_for_session(AUTHOR)
    assert bytes(range(32)) not in server_blob
    _, another_cookie = split_for_session(AUTHOR)
    with pytest.raises(InvalidCiphertext):
        join_from_session(server_blob, another_cookie)
    with pytest.raises(InvalidCiphertext):
        join_from_session(server_blob, "")


def test_the_cookie_half_alone_is_useless() -> None:
    _, cookie_secret = split_for_session(AUTHOR)
    another_blob, _ = split_for_session(AUTHOR)
    with pytest.raises(InvalidCiphertext):
        join_from_session(another_blob, cookie_secret)
    with pytest.raises(InvalidCiphertext):
        join_from_session(b"", cookie_secret)


def test_each_split_is_fresh() -> None:
    first, second = split_for_session(AUTHOR), split_for_session(AUTHOR)
    assert first[0] != second[0]
    assert first[1] != second[1]


@pytest.mark.parametrize(
    "edit",
    [
        lambda c: c[:-1],
        lambda c: c + "A",
        lambda c: c + "=",
        lambda c: "+" + c[1:],
        lambda c: "/" + c[1:],
        lambda c: " " + c[1:],
        lambda c: c[:-1] + "\u00e9",
    ],
    ids=["short", "long", "padded", "plus", "slash", "space", "non-ascii"],
)
def test_a_malformed_cookie_half_is_refused(edit: Callable[[str], str]) -> None:
    server_blob, cookie_secret = split_for_session(AUTHOR)
    with pytest.raises(InvalidCiphertext):
        join_from_session(server_blob, edit(cookie_secret))


def test_every_bit_flip_or_truncation_of_the_server_half_is_refused() -> None:
    server_blob, cookie_secret = split_for_session(AUTHOR)
    for bit in range(len(server_blob) * 8):
        with pytest.raises(InvalidCiphertext):
            join_from_session(flipped(server_blob, bit), cookie_secret)
    for length in range(len(server_blob)):
        with pytest.raises(InvalidCiphertext):
            join_from_session(server_blob[:length], cookie_secret)


def test_the_cookie_secret_is_the_base64url_sealing_key() -> None:
    server_blob, cookie_secret = split_for_session(AUTHOR)
    key = base64.urlsafe_b64decode(cookie_secret + "=")
    aad = b"sealbook/user-key/session/v1" + b"\x31"
    assert AESGCM(key).decrypt(server_blob[1:13], server_blob[13:], aad) == bytes(range(32))


@pytest.mark.usefixtures("counting_randomness")
def test_a_session_split_is_as_pinned_for_fixed_randomness() -> None:
    server_blob, cookie_secret = split_for_session(AUTHOR)
    assert cookie_secret == KNOWN_COOKIE_SECRET
    assert server_blob.hex() == KNOWN_SESSION_BLOB


# The successor custodian's kit.

CREATED = date(2025, 3, 14)


@pytest.fixture(scope="module")
def kit() -> tuple[bytes, str]:
    return new_custodian_kit("Harbour Lane Psychology", today=CREATED)


def _key_block(text: str) -> list[str]:
    lines = text.splitlines()
    begin = lines.index("-----BEGIN SEALBOOK CUSTODIAN KEY-----")
    return lines[begin + 1 : begin + 4]


def _with_block(text: str, block: list[str]) -> str:
    return text.replace("\n".join(_key_block(text)), "\n".join(block))


def test_a_custodian_kit_gives_back_its_key(kit: tuple[bytes, str]) -> None:
    public_key, text = kit
    assert parse_custodian_kit(text).public_key == public_key


def test_a_kit_is_plain_ascii_that_fits_a_printed_page(kit: tuple[bytes, str]) -> None:
    public_key, text = kit
    assert text.isascii()
    assert all(len(line) <= 72 and line.isprintable() for line in text.splitlines())
    assert "Practice:         Harbour Lane Psychology" in text
    assert "Created:          2025-03-14" in text
    assert f"Key fingerprint:  {key_fingerprint(public_key)}" in text
    assert "practice passphrase" in text


def test_the_key_block_is_three_lines_of_four_groups_and_a_check_symbol(
    kit: tuple[bytes, str],
) -> None:
    for line in _key_block(kit[1]):
        assert re.fullmatch(rf"({CROCKFORD}{{5}} ){{4}}{CROCKFORD}", line)


@pytest.mark.parametrize(
    ("name", "printed"),
    [
        ("Praxis Gro\u00dfe & Partner", "Praxis Grosse & Partner"),
        ("Cabinet H\u00e9l\u00e8ne Lef\u00e8vre", "Cabinet Helene Lefevre"),
        ("Two\nLines\tand  tabs", "Two Lines and tabs"),
        ("   ", "(unnamed practice)"),
        ("\u6771\u4eac", "(unnamed practice)"),
    ],
)
def test_the_practice_name_is_printed_as_one_ascii_line(name: str, printed: str) -> None:
    _, text = new_custodian_kit(name, today=CREATED)
    assert f"Practice:         {printed}\n" in text


def test_a_retyped_key_block_is_read_despite_case_separators_and_lookalikes(
    kit: tuple[bytes, str],
) -> None:
    public_key, text = kit
    retyped = [
        line.lower().replace(" ", "-").replace("0", "o").replace("1", "l")
        for line in _key_block(text)
    ]
    typed_kit = "\n".join(
        [
            "-----BEGIN SEALBOOK CUSTODIAN KEY-----",
            *retyped,
            "",
            "-----END SEALBOOK CUSTODIAN KEY-----",
        ]
    )
    assert parse_custodian_kit(typed_kit).public_key == public_key


def _changed_symbol(line: str, at: int) -> str:
    symbol = line[at]
    return line[:at] + ("A" if symbol != "A" else "B") + line[at + 1 :]


DAMAGED_KITS: list[tuple[str, Callable[[str], str], str]] = [
    ("no key block", lambda t: t.replace("BEGIN", "START"), "exactly one key block"),
    ("two key blocks", lambda t: t + t, "exactly one key block"),
    ("a line missing", lambda t: _with_block(t, _key_block(t)[:2]), "3 lines; 2 were found"),
    ("a symbol changed on line 2", lambda t: _with_block(
        t, [_key_block(t)[0], _changed_symbol(_key_block(t)[1], 7), _key_block(t)[2]]
    ), "line 2 of the kit's key block has a typo"),
    ("lines 1 and 2 swapped", lambda t: _with_block(
        t, [_key_block(t)[1], _key_block(t)[0], _key_block(t)[2]]
    ), "line 1 of the kit's key block has a typo"),
    ("a letter U on line 3", lambda t: _with_block(
        t, [*_key_block(t)[:2], "U" + _key_block(t)[2][1:]]
    ), "line 3 of the kit's key block is mistyped or damaged"),
    ("a symbol missing on line 1", lambda t: _with_block(
        t, [_key_block(t)[0][1:], *_key_block(t)[1:]]
    ), "line 1 of the kit's key block is mistyped or damaged"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "damage", "message"), DAMAGED_KITS, ids=[c for c, _, _ in DAMAGED_KITS]
)
def test_a_damaged_kit_is_refused_with_a_clear_message(
    kit: tuple[bytes, str], case: str, damage: Callable[[str], str], message: str
) -> None:
    with pytest.raises(WrongSecret) as error:
        parse_custodian_kit(damage(kit[1]))
    text = assert_one_line(error)
    assert message in text
    assert not any(line[:5] in text for line in _key_block(kit[1]))


def test_every_single_typo_and_swap_of_neighbours_names_its_line(kit: tuple[bytes, str]) -> None:
    block = _key_block(kit[1])
    for n, printed in enumerate(block):
        line = printed.replace(" ", "")
        symbols, check = line[:-1], line[-1]
        typos = [
            symbols[:i] + other + symbols[i + 1 :]
            for i in range(len(symbols))
            for other in "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
            if other != symbols[i]
        ]
        swaps = [
            symbols[:i] + symbols[i + 1] + symbols[i] + symbols[i + 2 :]
            for i in range(len(symbols) - 1)
            if symbols[i] != symbols[i + 1]
        ]
        for typed in typos + swaps:
            damaged = [*block[:n], typed + check, *block[n + 1 :]]
            with pytest.raises(
                WrongSecret, match=f"line {n + 1} of the kit's key block has a typo"
            ):
                parse_custodian_kit(_with_block(kit[1], damaged))


def test_a_typo_that_slips_past_the_line_check_is_caught_by_the_block_checksum(
    kit: tuple[bytes, str],
) -> None:
    block = _key_block(kit[1])
    changed = _changed_symbol(block[1], 0)[:-1]
    messages = set()
    for check in "0123456789ABCDEFGHJKMNPQRSTVWXYZ":
        with pytest.raises(WrongSecret) as error:
            parse_custodian_kit(_with_block(kit[1], [block[0], changed + check, block[2]]))
        messages.add(str(error.value))
    assert messages == {
        "line 2 of the kit's key block has a typo (check failed)",
        "the kit's key block is damaged (checksum failed)",
    }


def test_a_kit_from_a_newer_version_is_refused(kit: tuple[bytes, str]) -> None:
    payload = b"\x02" + bytes(32)
    value = int.from_bytes(payload + custodian_kit._kit_checksum(payload), "big")
    symbols = b32_encode(value, 60)
    lines = [symbols[i : i + 20] for i in range(0, 60, 20)]
    block = [line + custodian_kit._kit_line_check(n, line) for n, line in enumerate(lines)]
    with pytest.raises(WrongSecret, match="newer version of Sealbook"):
        parse_custodian_kit(_with_block(kit[1], block))


@pytest.mark.usefixtures("counting_randomness")
def test_a_kit_is_as_pinned_for_fixed_randomness() -> None:
    public_key, text = new_custodian_kit("Harbour Lane Psychology", today=CREATED)
    assert "\n".join(_key_block(text)) == KNOWN_KIT_BLOCK
    assert public_key == AUTHOR.public_key  # the kit's key is bytes 0..31 here
