"""Reading the files of a backup (or a keyring) that may have been swapped for something else.

A backup folder comes from removable media, a network share or an attacker,
so none of its entries is trusted to be what its name says. A symlink to
`/dev/zero`, a FIFO or a sparse file of a terabyte would keep a reader busy
for ever (issue 12, item 8). Every entry is therefore `lstat`ed and refused
unless it is a regular file, its size is compared with the manifest's before
a byte is hashed, and the file is opened without following a symlink and
checked again on the open descriptor, so an entry swapped between the check
and the read is refused too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from sealbook.core.errors import SealbookError
from sealbook.documents import fingerprint

_PIECE = 1024 * 1024


class NotARegularFile(SealbookError):
    """The entry is missing, a symlink, a device, a FIFO, or of the wrong size."""


def kind_of(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: Path, *, size: int | None = None, limit: int | None = None) -> BinaryIO:
    """Open `path` for reading if it is a regular file (of `size` bytes, or at most `limit`).

    Raises FileNotFoundError when it does not exist, NotARegularFile otherwise.
    """
    entry = os.lstat(path)
    _check(entry.st_mode, entry.st_size, path, size, limit)
    # O_NONBLOCK: should a FIFO replace the file after the lstat, opening it
    # must not wait for a writer; fstat below then refuses it.
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise NotARegularFile(f"{path.name} is not a regular file") from None
    try:
        info = os.fstat(fd)
        _check(info.st_mode, info.st_size, path, size, limit)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _check(mode: int, actual: int, path: Path, size: int | None, limit: int | None) -> None:
    if not stat.S_ISREG(mode):
        raise NotARegularFile(f"{path.name} is {kind_of(mode)}, not a regular file")
    if size is not None and actual != size:
        raise NotARegularFile(f"{path.name} is {actual} bytes, not the {size} listed")
    if limit is not None and actual > limit:
        raise NotARegularFile(f"{path.name} is larger than {limit} bytes")


def read_regular(path: Path, *, limit: int) -> bytes:
    """The whole content of a small regular file (a manifest, a signature, a keyring)."""
    with open_regular(path, limit=limit) as f:
        return f.read(limit)


def fingerprint_regular(path: Path, size: int, algorithm: str) -> str:
    """The hex digest of the regular file at `path`, which must be `size` bytes long."""
    digest = fingerprint.new_hasher(algorithm)
    left = size
    with open_regular(path, size=size) as f:
        while left and (piece := f.read(min(_PIECE, left))):
            digest.update(piece)
            left -= len(piece)
    if left:
        raise NotARegularFile(f"{path.name} shrank while it was read")
    return digest.hexdigest()
