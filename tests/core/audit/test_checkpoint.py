"""C2SP signed notes and tlog checkpoints, against Go's golang.org/x/mod/sumdb/note."""

from __future__ import annotations

import base64

import pytest

from sealbook.core.audit.checkpoint import (
    Checkpoint,
    CheckpointError,
    key_id,
    open_signed_note,
    parse_checkpoint_body,
    parse_signed_checkpoint,
    parse_verifier_key,
    sign_checkpoint,
    sign_note,
    verifier_key,
)
from sealbook.core.audit.merkle import EMPTY_ROOT
from sealbook.core.crypto.signing import SigningKey

# Known answers from golang/mod, sumdb/note/note_test.go (commit
# 02c991387e35f9e4c0a9b7ce137717055f8d716d): TestSign, TestNewVerifier and TestOpen.
# The Go signer key is "PRIVATE+KEY+PeterNeumann+c74f20a3+<base64(0x01 || seed)>".
PETER_SEED = base64.b64decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")[1:]
PETER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
ENOCH_KEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_SIG = (
    "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FF"
    "YC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)
ENOCH_SIG = (
    "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5o"
    "vTG01oOTGwnWLox33WWd1RvMc+QQ=\n"
)

# A real checkpoint of the Go checksum database. The C2SP tlog-checkpoint spec
# prints it as its example with the origin and key name replaced by
# example.com/behind-the-sofa (so the printed example does not verify); with
# sum.golang.org's real origin and key name (the key is the one cmd/go trusts,
# "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8") it does.
SUMDB_KEY = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"
SUMDB_CHECKPOINT = (
    "go.sum database tree\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    "\n"
    "\u2014 sum.golang.org Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q"
    "1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
)

LOG_SEED = bytes(range(32))
LOG_NAME = "sealbook.test/practice-log"
LOG_KEY = SigningKey(LOG_SEED)
LOG_VERIFIER = verifier_key(LOG_NAME, LOG_KEY.public_key())
ROOT = bytes(range(100, 132))
CHECKPOINT = Checkpoint(LOG_NAME, 1024, ROOT)


def test_signing_reproduces_the_go_signed_note_byte_for_byte() -> None:
    assert sign_note(TEXT, "PeterNeumann", SigningKey(PETER_SEED)) == TEXT + "\n" + PETER_SIG


def test_the_verifier_key_string_matches_go() -> None:
    public_key = SigningKey(PETER_SEED).public_key()
    assert verifier_key("PeterNeumann", public_key) == PETER_KEY
    assert parse_verifier_key(PETER_KEY) == ("PeterNeumann", public_key)
    assert key_id("PeterNeumann", public_key).hex() == "c74f20a3"


def test_the_go_note_opens_with_either_signer_and_ignores_the_other_signature() -> None:
    note = TEXT + "\n" + PETER_SIG + ENOCH_SIG
    assert open_signed_note(note, PETER_KEY) == TEXT
    assert open_signed_note(note, ENOCH_KEY) == TEXT


def test_a_note_without_a_signature_from_the_key_is_rejected() -> None:
    with pytest.raises(CheckpointError, match="no signature from key PeterNeumann\\+c74f20a3"):
        open_signed_note(TEXT + "\n" + ENOCH_SIG, PETER_KEY)


def test_a_corrupted_signature_from_the_key_is_rejected_as_go_does() -> None:
    corrupted = PETER_SIG[:60] + "ABCD" + PETER_SIG[60:]
    with pytest.raises(CheckpointError, match=r"^checkpoint signature does not verify$"):
        open_signed_note(TEXT + "\n" + corrupted, PETER_KEY)


def test_a_bad_signature_from_the_key_rejects_the_note_even_beside_a_good_one() -> None:
    bad = PETER_SIG.replace("x08go/ZJ", "x08go/ZK")
    with pytest.raises(CheckpointError, match="does not verify"):
        open_signed_note(TEXT + "\n" + PETER_SIG + bad, PETER_KEY)


@pytest.mark.parametrize(
    "note",
    [
        TEXT,
        TEXT + "\n",
        TEXT + "\n" + PETER_SIG[:-1],
        "\x01" + TEXT + "\n" + PETER_SIG,
        TEXT + "\n" + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2"
        "pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
        TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
        TEXT + "\n" + PETER_SIG * 101,
        TEXT + "\n" + "- PeterNeumann " + PETER_SIG.split(" ")[2],
        TEXT + "\n" + PETER_SIG.replace("AM=", "AM"),
        TEXT + "\n" + "\u2014 PeterNeumann AAAA\n",
    ],
    ids=[
        "no signatures",
        "blank line but no signatures",
        "signature without final newline",
        "control character",
        "space in key name",
        "text after the signatures",
        "more than 100 signatures",
        "hyphen instead of em dash",
        "unpadded base64",
        "signature shorter than a key id",
    ],
)
def test_a_malformed_note_is_rejected(note: str) -> None:
    with pytest.raises(CheckpointError, match="malformed signed note"):
        open_signed_note(note, PETER_KEY)


def test_every_substring_and_every_mangling_of_a_verifier_key_is_rejected() -> None:
    # Mirrors TestNewVerifier in golang/mod sumdb/note.
    manglings = [
        PETER_KEY[i:j]
        for i in range(len(PETER_KEY) + 1)
        for j in range(i + 1, len(PETER_KEY) + 1)
        if (i, j) != (0, len(PETER_KEY))
    ]
    manglings += [
        PETER_KEY[:i] + chr(ord(PETER_KEY[i]) + 1) + PETER_KEY[i + 1 :]
        for i in range(len(PETER_KEY))
    ]
    manglings += [
        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ]
    for mangled in manglings:
        with pytest.raises(CheckpointError):
            parse_verifier_key(mangled)
            pytest.fail(f"accepted the verifier key {mangled!r}")


def test_a_real_sum_golang_org_checkpoint_verifies() -> None:
    checkpoint = parse_signed_checkpoint(SUMDB_CHECKPOINT, SUMDB_KEY)
    assert checkpoint == Checkpoint(
        "go.sum database tree",
        20852163,
        base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="),
    )


def test_the_c2sp_example_checkpoint_as_printed_does_not_verify() -> None:
    printed = SUMDB_CHECKPOINT.replace("go.sum database tree", "example.com/behind-the-sofa")
    with pytest.raises(CheckpointError, match="does not verify"):
        parse_signed_checkpoint(printed, SUMDB_KEY)


def test_a_checkpoint_body_is_origin_size_and_base64_root() -> None:
    assert CHECKPOINT.body() == f"{LOG_NAME}\n1024\n{base64.b64encode(ROOT).decode()}\n"
    assert Checkpoint(LOG_NAME, 0, EMPTY_ROOT).body() == (
        f"{LOG_NAME}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
    )


@pytest.mark.parametrize(
    "checkpoint",
    [
        CHECKPOINT,
        Checkpoint(LOG_NAME, 0, EMPTY_ROOT),
        Checkpoint("another origin with spaces", 2**64 - 1, ROOT, ("ext one", "ext+two")),
    ],
    ids=["plain", "empty tree", "extension lines"],
)
def test_a_signed_checkpoint_parses_back_to_itself(checkpoint: Checkpoint) -> None:
    note = sign_checkpoint(checkpoint, LOG_NAME, LOG_KEY)
    assert note.startswith(checkpoint.body() + "\n\u2014 " + LOG_NAME + " ")
    assert parse_signed_checkpoint(note, LOG_VERIFIER) == checkpoint


def test_a_witness_cosignature_on_a_checkpoint_is_ignored() -> None:
    note = sign_checkpoint(CHECKPOINT, LOG_NAME, LOG_KEY)
    witness_line = sign_note(CHECKPOINT.body(), "witness.example/w1", SigningKey(bytes(32))).split(
        "\n\n"
    )[-1]
    assert parse_signed_checkpoint(note + witness_line, LOG_VERIFIER) == CHECKPOINT
    assert (
        parse_signed_checkpoint(
            CHECKPOINT.body() + "\n" + witness_line + note.split("\n\n")[-1], LOG_VERIFIER
        )
        == CHECKPOINT
    )


def test_signatures_sharing_only_the_name_or_only_the_key_id_are_ignored() -> None:
    other = SigningKey(bytes(32))
    same_name = sign_note(CHECKPOINT.body(), LOG_NAME, other).split("\n\n")[-1]
    own_line = sign_note(CHECKPOINT.body(), LOG_NAME, LOG_KEY).split("\n\n")[-1]
    same_id = own_line.replace(LOG_NAME, "someone.else/log")
    note = CHECKPOINT.body() + "\n" + same_name + same_id
    with pytest.raises(CheckpointError, match="no signature from key"):
        parse_signed_checkpoint(note, LOG_VERIFIER)
    assert parse_signed_checkpoint(note + own_line, LOG_VERIFIER) == CHECKPOINT


def test_a_checkpoint_signed_by_another_key_is_rejected() -> None:
    note = sign_checkpoint(CHECKPOINT, LOG_NAME, SigningKey(bytes(32)))
    with pytest.raises(CheckpointError, match="no signature from key"):
        parse_signed_checkpoint(note, LOG_VERIFIER)


def test_a_checkpoint_whose_body_was_edited_after_signing_is_rejected() -> None:
    note = sign_checkpoint(CHECKPOINT, LOG_NAME, LOG_KEY)
    with pytest.raises(CheckpointError, match=r"^checkpoint signature does not verify$"):
        parse_signed_checkpoint(note.replace("\n1024\n", "\n1000\n"), LOG_VERIFIER)


def signed(body: str) -> str:
    return sign_note(body, LOG_NAME, LOG_KEY)


ROOT_B64 = base64.b64encode(ROOT).decode()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (f"{LOG_NAME}\n1024\n", "expected origin, tree size and root hash"),
        (f"\n1024\n{ROOT_B64}\n", "origin must be one non-empty line"),
        (f"{LOG_NAME}\n01024\n{ROOT_B64}\n", "not a decimal number"),
        (f"{LOG_NAME}\n-1\n{ROOT_B64}\n", "not a decimal number"),
        (f"{LOG_NAME}\n1_024\n{ROOT_B64}\n", "not a decimal number"),
        (f"{LOG_NAME}\n\u0661\u0660\n{ROOT_B64}\n", "not a decimal number"),
        (f"{LOG_NAME}\n{2**64}\n{ROOT_B64}\n", "tree size is out of range"),
        (f"{LOG_NAME}\n1024\n{ROOT_B64[:-1]}\n", "not base64"),
        (f"{LOG_NAME}\n1024\n{base64.b64encode(ROOT[:31]).decode()}\n", "not 32 bytes"),
        (f"{LOG_NAME}\n1024\n{ROOT_B64}\n\n", "extension line must be one non-empty line"),
    ],
    ids=[
        "no root line",
        "empty origin",
        "leading zero",
        "negative size",
        "underscore in size",
        "non-ascii digits",
        "size beyond 64 bits",
        "bad base64 root",
        "short root",
        "empty extension line",
    ],
)
def test_a_malformed_checkpoint_body_is_rejected_even_when_signed(body: str, message: str) -> None:
    with pytest.raises(CheckpointError, match=message):
        parse_signed_checkpoint(signed(body), LOG_VERIFIER)


def test_a_checkpoint_body_without_final_newline_is_rejected() -> None:
    with pytest.raises(CheckpointError, match="end in a newline"):
        parse_checkpoint_body(f"{LOG_NAME}\n1024\n{ROOT_B64}")


@pytest.mark.parametrize(
    "fields",
    [("", 1, ROOT), ("a\nb", 1, ROOT), (LOG_NAME, -1, ROOT), (LOG_NAME, 1, b"short")],
    ids=["empty origin", "two-line origin", "negative size", "short root"],
)
def test_an_invalid_checkpoint_cannot_be_built(fields: tuple[str, int, bytes]) -> None:
    with pytest.raises(CheckpointError):
        Checkpoint(*fields)


@pytest.mark.parametrize(
    "name", ["", "has space", "has+plus", "tab\tname"], ids=["empty", "space", "plus", "tab"]
)
def test_invalid_key_names_cannot_sign(name: str) -> None:
    with pytest.raises(CheckpointError, match="key name"):
        sign_checkpoint(CHECKPOINT, name, LOG_KEY)


def test_a_note_text_must_end_in_a_newline_to_be_signed() -> None:
    with pytest.raises(CheckpointError, match="malformed signed note"):
        sign_note("abc", LOG_NAME, LOG_KEY)
