"""RFC 6962 Merkle tree: known answers, the compact range, and proofs."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sealbook.core.audit.merkle import (
    EMPTY_ROOT,
    CompactRange,
    InvalidProof,
    MerkleError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

# Known answers from the Certificate Transparency reference tests, as kept in
# transparency-dev/merkle, proof/verify_test.go (commit 02194e9afb6c1d95b5381350007963aa70fff472,
# originally google/certificate-transparency's merkle_tree_test.cc). The eight leaves are
# leaf *data*; ROOTS[i] is the root of the tree of the first i + 1 leaves.
LEAVES = [
    bytes.fromhex(""),
    bytes.fromhex("00"),
    bytes.fromhex("10"),
    bytes.fromhex("2021"),
    bytes.fromhex("3031"),
    bytes.fromhex("40414243"),
    bytes.fromhex("5051525354555657"),
    bytes.fromhex("606162636465666768696a6b6c6d6e6f"),
]
ROOTS = [
    bytes.fromhex(h)
    for h in (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
# (leaf index, tree size, audit path); the Go table numbers leaves from 1.
INCLUSION_PROOFS: list[tuple[int, int, list[str]]] = [
    (0, 1, []),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
# (old size, new size, consistency proof)
CONSISTENCY_PROOFS: list[tuple[int, int, list[str]]] = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]
SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")

LEAF_HASHES = [leaf_hash(data) for data in LEAVES]


def reference_root(hashes: Sequence[bytes]) -> bytes:
    """RFC 6962's recursive definition of MTH, written as plainly as possible."""
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return node_hash(reference_root(hashes[:k]), reference_root(hashes[k:]))


def leaves_for(n: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


def unhex(path: list[str]) -> list[bytes]:
    return [bytes.fromhex(h) for h in path]


def test_leaf_and_node_hashes_use_the_rfc_6962_prefixes() -> None:
    assert leaf_hash(b"abc") == hashlib.sha256(b"\x00abc").digest()
    assert (
        node_hash(b"L" * 32, b"R" * 32) == hashlib.sha256(b"\x01" + b"L" * 32 + b"R" * 32).digest()
    )


def test_the_empty_tree_hashes_to_sha256_of_nothing() -> None:
    assert (
        root([])
        == EMPTY_ROOT
        == bytes.fromhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    )
    assert CompactRange().root() == EMPTY_ROOT


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_of_the_reference_leaves_match_the_known_answers(size: int) -> None:
    assert root(LEAF_HASHES[:size]) == ROOTS[size - 1]


@pytest.mark.parametrize("size", range(1, 9))
def test_compact_range_roots_match_the_known_answers(size: int) -> None:
    frontier = CompactRange()
    for leaf in LEAF_HASHES[:size]:
        frontier.append(leaf)
    assert frontier.root() == ROOTS[size - 1]


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION_PROOFS)
def test_inclusion_proofs_match_the_known_answers(index: int, size: int, path: list[str]) -> None:
    assert inclusion_proof(LEAF_HASHES[:size], index) == unhex(path)
    verify_inclusion(LEAF_HASHES[index], index, size, unhex(path), ROOTS[size - 1])


@pytest.mark.parametrize(("old", "new", "path"), CONSISTENCY_PROOFS)
def test_consistency_proofs_match_the_known_answers(old: int, new: int, path: list[str]) -> None:
    assert consistency_proof(LEAF_HASHES[:new], old) == unhex(path)
    verify_consistency(old, new, ROOTS[old - 1], ROOTS[new - 1], unhex(path))


def test_compact_range_equals_the_reference_root_for_every_size_up_to_300() -> None:
    hashes = leaves_for(300)
    frontier = CompactRange()
    assert frontier.root() == root([])
    for n in range(1, 301):
        frontier.append(hashes[n - 1])
        assert frontier.size == n
        assert frontier.root() == root(hashes[:n]) == reference_root(hashes[:n])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(min_size=32, max_size=32), max_size=200), st.data())
def test_compact_range_survives_storage_and_still_equals_root(
    hashes: list[bytes], data: st.DataObject
) -> None:
    stored_at = data.draw(st.integers(0, len(hashes)))
    frontier = CompactRange()
    for leaf in hashes[:stored_at]:
        frontier.append(leaf)
    frontier = CompactRange.from_bytes(frontier.to_bytes())
    for leaf in hashes[stored_at:]:
        frontier.append(leaf)
    assert frontier.size == len(hashes)
    assert frontier.root() == root(hashes) == reference_root(hashes)


def test_stored_frontier_holds_one_hash_per_set_bit_of_the_size() -> None:
    frontier = CompactRange()
    for leaf in leaves_for(1000):
        frontier.append(leaf)
    assert len(frontier.to_bytes()) == 9 + 32 * bin(1000).count("1")


@pytest.mark.parametrize(
    "stored",
    [
        b"",
        b"\x01\x00\x00",
        b"\x02" + bytes(8),
        b"\x01" + (3).to_bytes(8, "big") + bytes(32),
        b"\x01" + (3).to_bytes(8, "big") + bytes(96),
        b"\x01" + bytes(8) + bytes(32),
    ],
    ids=[
        "empty",
        "short header",
        "unknown version",
        "too few hashes",
        "too many hashes",
        "hash at size 0",
    ],
)
def test_a_malformed_stored_frontier_is_rejected(stored: bytes) -> None:
    with pytest.raises(MerkleError):
        CompactRange.from_bytes(stored)


def test_appending_a_hash_of_the_wrong_size_is_refused() -> None:
    with pytest.raises(MerkleError):
        CompactRange().append(b"short")


def test_a_copied_compact_range_grows_independently() -> None:
    frontier = CompactRange()
    frontier.append(LEAF_HASHES[0])
    clone = frontier.copy()
    clone.append(LEAF_HASHES[1])
    assert (frontier.size, clone.size) == (1, 2)
    assert frontier.root() == ROOTS[0] and clone.root() == ROOTS[1]


def corrupted_inclusion_probes(
    index: int, size: int, path: list[bytes], root_hash: bytes, leaf: bytes
) -> list[tuple[str, int, int, list[bytes], bytes, bytes]]:
    """The corruptions of transparency-dev/merkle's corruptInclusionProof."""
    probes = [
        ("index - 1", index - 1, size, path, root_hash, leaf),
        ("index + 1", index + 1, size, path, root_hash, leaf),
        ("index ^ 2", index ^ 2, size, path, root_hash, leaf),
        ("size * 2", index, size * 2, path, root_hash, leaf),
        ("size // 2", index, size // 2, path, root_hash, leaf),
        ("wrong leaf", index, size, path, root_hash, leaf_hash(b"WrongLeaf")),
        ("empty root", index, size, path, EMPTY_ROOT, leaf),
        ("random root", index, size, path, SOME_HASH, leaf),
        ("trailing root", index, size, [*path, root_hash], root_hash, leaf),
        ("preceding root", index, size, [root_hash, *path], root_hash, leaf),
    ]
    for i in range(len(path)):
        flipped = list(path)
        flipped[i] = bytes([flipped[i][0] ^ 8]) + flipped[i][1:]
        probes.append((f"flipped bit in proof[{i}]", index, size, flipped, root_hash, leaf))
    if path:
        probes.append(("removed component", index, size, path[:-1], root_hash, leaf))
    if len(path) > 1:
        probes.append(
            ("inserted component", index, size, [path[0], SOME_HASH, *path[1:]], root_hash, leaf)
        )
    return probes


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION_PROOFS[1:])
def test_every_corruption_of_a_known_inclusion_proof_is_rejected(
    index: int, size: int, path: list[str]
) -> None:
    probes = corrupted_inclusion_probes(
        index, size, unhex(path), ROOTS[size - 1], LEAF_HASHES[index]
    )
    for description, p_index, p_size, p_path, p_root, p_leaf in probes:
        with pytest.raises(InvalidProof):
            verify_inclusion(p_leaf, p_index, p_size, p_path, p_root)
            pytest.fail(f"accepted an inclusion proof with {description}")


def test_inclusion_in_a_tree_of_one_needs_an_empty_path_and_equal_hashes() -> None:
    verify_inclusion(LEAF_HASHES[0], 0, 1, [], LEAF_HASHES[0])
    for leaf, root_hash in [(LEAF_HASHES[0], b""), (b"", LEAF_HASHES[0]), (b"", b"")]:
        with pytest.raises(InvalidProof):
            verify_inclusion(leaf, 0, 1, [], root_hash)
    for index, size in [(0, 0), (1, 0), (2, 1), (1, 1)]:
        with pytest.raises(InvalidProof):
            verify_inclusion(SOME_HASH, index, size, [], EMPTY_ROOT)


def corrupted_consistency_probes(
    old: int, new: int, old_root: bytes, new_root: bytes, path: list[bytes]
) -> list[tuple[str, int, int, bytes, bytes, list[bytes]]]:
    """The corruptions of transparency-dev/merkle's corruptConsistencyProof."""
    probes = [
        ("old - 1", old - 1, new, old_root, new_root, path),
        ("old + 1", old + 1, new, old_root, new_root, path),
        ("old ^ 2", old ^ 2, new, old_root, new_root, path),
        ("new * 2", old, new * 2, old_root, new_root, path),
        ("new // 2", old, new // 2, old_root, new_root, path),
        ("wrong old root", old, new, SOME_HASH, new_root, path),
        ("wrong new root", old, new, old_root, SOME_HASH, path),
        ("swapped roots", old, new, new_root, old_root, path),
        ("empty proof", old, new, old_root, new_root, []),
        ("trailing old root", old, new, old_root, new_root, [*path, old_root]),
        ("trailing new root", old, new, old_root, new_root, [*path, new_root]),
        ("preceding old root", old, new, old_root, new_root, [old_root, *path]),
        ("preceding new root", old, new, old_root, new_root, [new_root, *path]),
        ("preceding proof[0]", old, new, old_root, new_root, [path[0], *path]),
        ("truncated proof", old, new, old_root, new_root, path[:-1]),
    ]
    for i in range(len(path)):
        flipped = list(path)
        flipped[i] = bytes([flipped[i][0] ^ 16]) + flipped[i][1:]
        probes.append((f"flipped bit in proof[{i}]", old, new, old_root, new_root, flipped))
    return probes


@pytest.mark.parametrize(("old", "new", "path"), CONSISTENCY_PROOFS[1:])
def test_every_corruption_of_a_known_consistency_proof_is_rejected(
    old: int, new: int, path: list[str]
) -> None:
    probes = corrupted_consistency_probes(old, new, ROOTS[old - 1], ROOTS[new - 1], unhex(path))
    for description, p_old, p_new, p_old_root, p_new_root, p_path in probes:
        with pytest.raises(InvalidProof):
            verify_consistency(p_old, p_new, p_old_root, p_new_root, p_path)
            pytest.fail(f"accepted a consistency proof with {description}")


@pytest.mark.parametrize(
    ("old", "new", "old_root", "new_root", "path"),
    [
        (0, 0, EMPTY_ROOT, SOME_HASH, []),
        (1, 1, ROOTS[0], ROOTS[1], []),
        (1, 0, ROOTS[0], EMPTY_ROOT, []),
        (2, 1, ROOTS[1], ROOTS[0], []),
        (1, 2, ROOTS[0], ROOTS[1], []),
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]),
        (0, 1, EMPTY_ROOT, ROOTS[0], [EMPTY_ROOT]),
        (1, 1, ROOTS[0], ROOTS[0], [EMPTY_ROOT]),
        (0, 3, SOME_HASH, ROOTS[2], []),
    ],
    ids=[
        "equal sizes, different roots",
        "size 1 to 1, different roots",
        "shrinking from 1 to 0",
        "shrinking from 2 to 1",
        "growing with an empty proof",
        "empty to empty with a proof",
        "empty to 1 with a proof",
        "equal trees with a proof",
        "empty tree with the wrong root",
    ],
)
def test_impossible_consistency_claims_are_rejected(
    old: int, new: int, old_root: bytes, new_root: bytes, path: list[bytes]
) -> None:
    with pytest.raises(InvalidProof):
        verify_consistency(old, new, old_root, new_root, path)


def test_trivial_consistency_claims_are_accepted() -> None:
    verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    verify_consistency(0, 5, EMPTY_ROOT, ROOTS[4], [])
    verify_consistency(3, 3, ROOTS[2], ROOTS[2], [])


def test_every_inclusion_and_consistency_proof_up_to_size_40_verifies() -> None:
    hashes = leaves_for(40)
    roots = [root(hashes[:n]) for n in range(41)]
    for n in range(1, 41):
        for i in range(n):
            verify_inclusion(hashes[i], i, n, inclusion_proof(hashes[:n], i), roots[n])
        for m in range(n + 1):
            verify_consistency(m, n, roots[m], roots[n], consistency_proof(hashes[:n], m))


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 600), st.data())
def test_proofs_for_random_trees_verify_and_reject_a_wrong_leaf(
    size: int, data: st.DataObject
) -> None:
    hashes = leaves_for(size)
    index = data.draw(st.integers(0, size - 1))
    old = data.draw(st.integers(1, size))
    tree_root = root(hashes)
    path = inclusion_proof(hashes, index)
    verify_inclusion(hashes[index], index, size, path, tree_root)
    with pytest.raises(InvalidProof):
        verify_inclusion(leaf_hash(b"not in the tree"), index, size, path, tree_root)
    verify_consistency(old, size, root(hashes[:old]), tree_root, consistency_proof(hashes, old))
    if old < size:
        with pytest.raises(InvalidProof):
            verify_consistency(old, size, SOME_HASH, tree_root, consistency_proof(hashes, old))


def test_proof_builders_refuse_positions_outside_the_tree() -> None:
    with pytest.raises(ValueError):
        inclusion_proof(LEAF_HASHES, 8)
    with pytest.raises(ValueError):
        consistency_proof(LEAF_HASHES, 9)
