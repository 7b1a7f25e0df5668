"""Psychotherapy notes sealed once to several recipients."""

from __future__ import annotations

import struct

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sealbook.core.crypto.aead import field_context
from sealbook.core.crypto.user_keys.note_envelope import (
    add_recipient,
    open_as_recipient,
    recipients_of,
    seal_for_recipients,
)
from sealbook.core.errors import InvalidCiphertext, KeyStoreError
from tests.core.crypto.user_keys.support import (
    AUTHOR,
    CONTEXT,
    NOTE,
    RECIPIENT_IDS,
    SUPERVISOR,
    Cast,
    flipped,
)

# A known answer for the counting randomness (support.CountingRandomness),
# fixed when the format was defined: a change here breaks every one already stored.
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
