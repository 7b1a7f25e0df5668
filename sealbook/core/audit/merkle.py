"""RFC 6962 Merkle tree hashing, the compact range, and proofs.

The tree is the one of RFC 6962 section 2.1 (and RFC 9162 section 2.1):

    leaf hash  = SHA-256(0x00 || leaf data)
    node hash  = SHA-256(0x01 || left || right)
    MTH({})    = SHA-256("")
    MTH(D[n])  = node hash(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two < n

Every function here works on leaf *hashes*, so that callers can keep the
32-byte leaf hashes they already store rather than the leaf data.

`CompactRange` (the "Merkle frontier") holds one hash per set bit of the tree
size: the roots of the perfect subtrees that the tree of that size is made of,
largest first. Appending a leaf merges equal-sized subtrees like a binary
counter carries, so an append costs one hash amortised, and the root of the
whole tree costs one hash per subtree, at most 64.

Verifiers raise `InvalidProof`; they never return a boolean.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from hashlib import sha256

from sealbook.core.errors import SealbookError

HASH_SIZE = 32
EMPTY_ROOT = sha256(b"").digest()

_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"
_FRONTIER_VERSION = 1
_FRONTIER_HEADER = struct.Struct(">BQ")


class MerkleError(SealbookError):
    """A Merkle structure (a stored compact range, a hash) is malformed."""


class InvalidProof(MerkleError):
    """An inclusion or consistency proof does not verify."""


def leaf_hash(data: bytes) -> bytes:
    """Return SHA-256(0x00 || data), the RFC 6962 hash of one leaf."""
    return sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return SHA-256(0x01 || left || right), the RFC 6962 hash of an inner node."""
    return sha256(_NODE_PREFIX + left + right).digest()


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """Return the Merkle tree hash (MTH) of a list of leaf hashes.

    Hashing level by level, and carrying an odd last node up unchanged, builds
    exactly RFC 6962's tree: its left subtrees are always perfect.
    """
    _check_hashes(leaf_hashes)
    if not leaf_hashes:
        return EMPTY_ROOT
    level = list(leaf_hashes)
    while len(level) > 1:
        paired = [
            sha256(_NODE_PREFIX + level[i] + level[i + 1]).digest()
            for i in range(0, len(level) - 1, 2)
        ]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


class CompactRange:
    """The right edge of a growing Merkle tree, enough to extend it and hash it.

    Appending n leaf hashes one at a time and then calling `root()` gives the
    same hash as `root()` of the whole list, for every n.
    """

    __slots__ = ("_hashes", "_size")

    def __init__(self) -> None:
        self._size = 0
        self._hashes: list[bytes] = []

    @property
    def size(self) -> int:
        """The number of leaves appended so far."""
        return self._size

    def append(self, leaf_hash: bytes) -> None:
        if len(leaf_hash) != HASH_SIZE:
            raise MerkleError("a leaf hash is 32 bytes")
        hashes = self._hashes
        node = leaf_hash
        carry = self._size
        # Each trailing 1 bit of the size is a perfect subtree the same size as
        # the one being added, so the two merge into one a level higher.
        while carry & 1:
            node = sha256(_NODE_PREFIX + hashes.pop() + node).digest()
            carry >>= 1
        hashes.append(node)
        self._size += 1

    def root(self) -> bytes:
        """Return the Merkle tree hash of the leaves appended so far."""
        hashes = self._hashes
        if not hashes:
            return EMPTY_ROOT
        node = hashes[-1]
        for left in reversed(hashes[:-1]):
            node = sha256(_NODE_PREFIX + left + node).digest()
        return node

    def copy(self) -> CompactRange:
        clone = CompactRange()
        clone._size = self._size
        clone._hashes = list(self._hashes)
        return clone

    def to_bytes(self) -> bytes:
        """Encode as version byte, 8-byte big-endian size, then the subtree hashes."""
        return _FRONTIER_HEADER.pack(_FRONTIER_VERSION, self._size) + b"".join(self._hashes)

    @classmethod
    def from_bytes(cls, data: bytes) -> CompactRange:
        """Decode `to_bytes()` output; raise MerkleError if it is malformed."""
        if len(data) < _FRONTIER_HEADER.size:
            raise MerkleError("the stored Merkle frontier is truncated")
        version, size = _FRONTIER_HEADER.unpack_from(data)
        if version != _FRONTIER_VERSION:
            raise MerkleError(f"unknown Merkle frontier format version {version}")
        count = size.bit_count()
        body = bytes(data[_FRONTIER_HEADER.size :])
        if len(body) != count * HASH_SIZE:
            raise MerkleError("the stored Merkle frontier has the wrong length for its size")
        frontier = cls()
        frontier._size = size
        frontier._hashes = [body[i : i + HASH_SIZE] for i in range(0, len(body), HASH_SIZE)]
        return frontier

    def __repr__(self) -> str:
        return f"CompactRange(size={self._size})"


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    """Return the audit path of leaf `index` in the tree of `leaf_hashes` (RFC 6962 2.1.1)."""
    _check_hashes(leaf_hashes)
    if not 0 <= index < len(leaf_hashes):
        raise ValueError("the leaf index is outside the tree")
    return _path(index, leaf_hashes)


def _path(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    n = len(leaves)
    if n == 1:
        return []
    k = _split(n)
    if index < k:
        return [*_path(index, leaves[:k]), root(leaves[k:])]
    return [*_path(index - k, leaves[k:]), root(leaves[:k])]


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root_hash: bytes
) -> None:
    """Raise InvalidProof unless `proof` shows leaf `index` is in the tree (RFC 9162 2.1.3.2)."""
    _check_hashes([leaf_hash, root_hash, *proof], InvalidProof)
    if not 0 <= index < size:
        raise InvalidProof("the leaf index is outside the tree")
    fn, sn = index, size - 1
    node = leaf_hash
    for sibling in proof:
        if sn == 0:
            raise InvalidProof("the inclusion proof is too long")
        if fn & 1 or fn == sn:
            node = node_hash(sibling, node)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            node = node_hash(node, sibling)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise InvalidProof("the inclusion proof is too short")
    if node != root_hash:
        raise InvalidProof("the inclusion proof does not lead to the root")


def consistency_proof(leaf_hashes: Sequence[bytes], old_size: int) -> list[bytes]:
    """Return the proof that the first `old_size` leaves are a prefix (RFC 6962 2.1.2).

    The proof between a tree and itself, or from the empty tree, is empty.
    """
    _check_hashes(leaf_hashes)
    if not 0 <= old_size <= len(leaf_hashes):
        raise ValueError("the old size must be between 0 and the tree size")
    if old_size in (0, len(leaf_hashes)):
        return []
    return _subproof(old_size, leaf_hashes, True)


def _subproof(m: int, leaves: Sequence[bytes], complete: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if complete else [root(leaves)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, leaves[:k], complete), root(leaves[k:])]
    return [*_subproof(m - k, leaves[k:], False), root(leaves[:k])]


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """Raise InvalidProof unless the old tree is a prefix of the new one (RFC 9162 2.1.4.2)."""
    _check_hashes([old_root, new_root, *proof], InvalidProof)
    if not 0 <= old_size <= new_size:
        raise InvalidProof("the old tree is larger than the new tree")
    if old_size == new_size:
        if proof:
            raise InvalidProof("the consistency proof between equal sizes must be empty")
        if old_root != new_root:
            raise InvalidProof("two trees of the same size have different roots")
        return
    if old_size == 0:
        if proof:
            raise InvalidProof("the consistency proof from the empty tree must be empty")
        if old_root != EMPTY_ROOT:
            raise InvalidProof("the root of the empty tree is wrong")
        return
    if not proof:
        raise InvalidProof("the consistency proof is empty")

    path = list(proof)
    # When the old tree is perfect, its root is a node of the new tree and the
    # proof leaves it out; it is where both reconstructions start.
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    old_node = new_node = path[0]
    for node in path[1:]:
        if sn == 0:
            raise InvalidProof("the consistency proof is too long")
        if fn & 1 or fn == sn:
            old_node = node_hash(node, old_node)
            new_node = node_hash(node, new_node)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            new_node = node_hash(new_node, node)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise InvalidProof("the consistency proof is too short")
    if old_node != old_root:
        raise InvalidProof("the consistency proof does not lead to the old root")
    if new_node != new_root:
        raise InvalidProof("the consistency proof does not lead to the new root")


def _split(n: int) -> int:
    """The largest power of two smaller than n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def _check_hashes(hashes: Sequence[bytes], error: type[MerkleError] = MerkleError) -> None:
    if any(len(h) != HASH_SIZE for h in hashes):
        raise error("a hash is 32 bytes")
