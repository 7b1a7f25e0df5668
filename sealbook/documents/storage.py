"""Where encrypted attachment files are kept: a small interface, and the local-disk backend.

Storage only ever sees ciphertext and random names; it knows nothing of keys
or clients. A new file is written under `incoming/` first and moved into
place only after the database row that holds its key has committed, so a
crash (kill -9, power cut) leaves either a complete, referenced file or an
incoming file that `recover` clears up at the next start. Two backends:
`LocalStorage` in SEALBOOK_HOME, and `SharedVolumeStorage` on a volume that
every app machine mounts (SEALBOOK_ATTACHMENTS_DIR). An S3-compatible
backend can implement the same `AttachmentStorage` protocol later
(multipart upload for `incoming`, a copy for `commit`; docs/scale.md).
"""

from __future__ import annotations

import os
import queue
import re
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from sealbook.documents.fingerprint import new_hasher
from sealbook.vault import paths

_NAME = re.compile(r"^[0-9a-f]{32}$")
_INCOMING = re.compile(r"^(\d+)\.([0-9a-f]{32})\.part$")
# Any incoming file: this machine's (`<pid>.<name>.part`) or a shared volume's (`<machine>.` first).
_ANY_INCOMING = re.compile(r"^(?:[A-Za-z0-9-]{1,63}\.)?\d+\.([0-9a-f]{32})\.part$")


Piece = bytes | memoryview


class _Helper:
    """Calls `apply` on each queued piece, in order, on its own thread; keeps the first error."""

    def __init__(self, apply: Callable[[Piece], object], name: str, queued: int) -> None:
        self._apply = apply
        self._queue: queue.Queue[Piece | None] = queue.Queue(maxsize=queued)
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._drain, name=name, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        while (piece := self._queue.get()) is not None:
            if self.error is None:
                try:
                    self._apply(piece)
                except BaseException as exc:  # raised in the caller's thread
                    self.error = exc

    def put(self, piece: Piece) -> None:
        self._queue.put(piece)

    def stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()


class IncomingFile:
    """A new stored file being written: fingerprints what it writes, durable on `close`.

    One helper thread hashes each piece (BLAKE3, `documents.fingerprint`) and
    writes it, in parallel with the caller reading and encrypting the next
    piece: blake3, the write system call and pyca's AES-GCM all release the
    GIL on large buffers. The digest is taken of the very copy that is
    written, in order, so it covers exactly the bytes stored. With SHA-256 a
    second helper hashed beside the writer; BLAKE3 costs about 0.15 s of CPU
    per GiB, less than the write itself, and a third thread on two cores cost
    more in switching than it saved (bench/RESULTS.md, "Attachments"). At
    most `QUEUED` pieces wait for the helper, which bounds memory. An error
    on it is raised by the next `write` or by `close`.

    Every `WRITEBACK` bytes the writer asks the kernel to start writing the
    file out (`posix_fadvise(DONTNEED)`, which on Linux starts writeback of
    the range and drops its pages once clean), so the fsync in `close` finds
    little left to do, and a recording of several GB does not push the rest
    of the machine's page cache out.
    """

    QUEUED = 4
    WRITEBACK = 8 * 1024 * 1024

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = open(path, "xb")  # noqa: SIM115 - closed by close() or discard()
        self._hash = new_hasher()
        self.size = 0
        self._written = self._hinted = 0
        # Buffers handed over by `swap` come back here once written.
        self._spare: queue.SimpleQueue[bytearray] = queue.SimpleQueue()
        self._writer = _Helper(self._write, "sealbook-store", self.QUEUED)

    def _write(self, piece: Piece) -> None:
        # Runs on the writer thread only.
        self._hash.update(piece)
        self._file.write(piece)
        self._written += len(piece)
        if isinstance(piece, memoryview):
            owner = piece.obj
            piece.release()
            if isinstance(owner, bytearray):
                self._spare.put(owner)
        if self._written - self._hinted >= self.WRITEBACK and hasattr(os, "posix_fadvise"):
            self._file.flush()
            length = self._written - self._hinted
            os.posix_fadvise(self._file.fileno(), self._hinted, length, os.POSIX_FADV_DONTNEED)
            self._hinted = self._written

    def _raise_error(self) -> None:
        if self._writer.error is not None:
            raise self._writer.error

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._raise_error()
        # A copy: the caller reuses its buffer while the helper works on this one.
        piece = bytes(data)
        self.size += len(piece)
        self._writer.put(piece)
        return len(piece)

    def swap(self, buffer: bytearray, size: int) -> bytearray:
        """Write the first `size` bytes of `buffer`, which the caller gives up; returns a
        buffer of the same length, free for the caller to fill."""
        self._raise_error()
        self.size += size
        self._writer.put(memoryview(buffer)[:size])
        try:
            spare = self._spare.get_nowait()
        except queue.Empty:
            return bytearray(len(buffer))
        return spare if len(spare) == len(buffer) else bytearray(len(buffer))

    def close(self) -> str:
        """Flush to disk; returns the fingerprint (BLAKE3, hex) of everything written."""
        self._writer.stop()
        self._raise_error()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        return self._hash.hexdigest()

    def discard(self) -> None:
        self._writer.stop()
        if not self._file.closed:
            self._file.close()
        self.path.unlink(missing_ok=True)


class AttachmentStorage(Protocol):
    def incoming(self, name: str) -> IncomingFile: ...
    def commit(self, name: str) -> None: ...
    def discard(self, name: str) -> None: ...
    def open(self, name: str) -> BinaryIO: ...
    def size(self, name: str) -> int: ...
    def delete(self, name: str) -> None: ...
    def names(self) -> Iterator[str]: ...
    def path(self, name: str) -> Path: ...


class LocalStorage:
    """Files under SEALBOOK_HOME/attachments: objects/<first two hex digits>/<name>."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _check(self, name: str) -> str:
        if not _NAME.match(name):
            raise ValueError("a stored file's name is 32 hex digits")
        return name

    def path(self, name: str) -> Path:
        return self.root / "objects" / self._check(name)[:2] / name

    def _incoming_path(self, name: str, pid: int | None = None) -> Path:
        return self.root / "incoming" / f"{pid or os.getpid()}.{self._check(name)}.part"

    def incoming(self, name: str) -> IncomingFile:
        folder = self.root / "incoming"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return IncomingFile(self._incoming_path(name))

    def commit(self, name: str, pid: int | None = None) -> None:
        target = self.path(name)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.replace(self._incoming_path(name, pid), target)
        _fsync_dir(target.parent)

    def discard(self, name: str) -> None:
        self._incoming_path(name).unlink(missing_ok=True)

    def open(self, name: str) -> BinaryIO:
        return open(self.path(name), "rb")

    def size(self, name: str) -> int:
        return self.path(name).stat().st_size

    def delete(self, name: str) -> None:
        path = self.path(name)
        path.unlink(missing_ok=True)
        if path.parent.exists():
            _fsync_dir(path.parent)

    def names(self) -> Iterator[str]:
        objects = self.root / "objects"
        if not objects.exists():
            return
        for path in sorted(objects.glob("??/*")):
            if _NAME.match(path.name):
                yield path.name

    def stale_incoming(self) -> Iterator[tuple[str, int]]:
        """(name, pid) of incoming files whose writing process has died."""
        folder = self.root / "incoming"
        if not folder.exists():
            return
        for path in sorted(folder.iterdir()):
            match = _INCOMING.match(path.name)
            if match and not _alive(int(match[1])):
                yield match[2], int(match[1])

    def remove_incoming(self, name: str, pid: int) -> None:
        self._incoming_path(name, pid).unlink(missing_ok=True)

    def incoming_files(self) -> Iterator[tuple[str, Path, bool]]:
        """(name, path, writer dead) of every incoming file, whichever process or machine
        writes it; `writer dead` only for a process of this machine known to have died."""
        folder = self.root / "incoming"
        if not folder.exists():
            return
        dead = {self._incoming_path(name, pid) for name, pid in self.stale_incoming()}
        for path in sorted(folder.iterdir()):
            match = _ANY_INCOMING.match(path.name)
            if match:
                yield match[1], path, path in dead

    def adopt(self, name: str, path: Path) -> None:
        """Move the incoming file at `path` into place as `name` (a recovery finishing the
        move of a process that died after its row committed)."""
        target = self.path(name)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.replace(path, target)
        _fsync_dir(target.parent)


class SharedVolumeStorage(LocalStorage):
    """The same layout on a volume every app machine mounts at the same path.

    Process ids repeat across machines, so an incoming file also names its
    machine (`<machine>.<pid>.<name>.part`), and a machine's start-up
    recovery clears only its own dead processes' uploads, never an upload in
    flight on another machine. The volume must rename atomically and honour
    fsync (NFS mounted `sync,hard`; docs/scale.md).
    """

    def __init__(self, root: Path, machine: str) -> None:
        super().__init__(root)
        if not _MACHINE.match(machine):
            raise ValueError("a machine name is letters, digits and hyphens")
        self.machine = machine

    def _incoming_path(self, name: str, pid: int | None = None) -> Path:
        part = f"{self.machine}.{pid or os.getpid()}.{self._check(name)}.part"
        return self.root / "incoming" / part

    def stale_incoming(self) -> Iterator[tuple[str, int]]:
        folder = self.root / "incoming"
        if not folder.exists():
            return
        prefix = self.machine + "."
        for path in sorted(folder.iterdir()):
            if not path.name.startswith(prefix):
                continue  # another machine's: it recovers its own
            match = _INCOMING.match(path.name[len(prefix) :])
            if match and not _alive(int(match[1])):
                yield match[2], int(match[1])


_MACHINE = re.compile(r"^[A-Za-z0-9-]{1,63}$")
_MACHINE_INCOMING = re.compile(r"^([A-Za-z0-9-]{1,63})\.(\d+)\.([0-9a-f]{32})\.part$")


@dataclass(frozen=True)
class MachineUpload:
    """An incoming file of one machine on the shared volume."""

    name: str
    pid: int
    path: Path
    modified: float  # its mtime: every write of an upload in flight moves it


def machine_uploads(root: Path) -> dict[str, list[MachineUpload]]:
    """Every machine's incoming files under `root` (a shared volume), by machine name."""
    found: dict[str, list[MachineUpload]] = {}
    folder = root / "incoming"
    if not folder.exists():
        return found
    for path in sorted(folder.iterdir()):
        match = _MACHINE_INCOMING.match(path.name)
        if not match:
            continue
        try:
            modified = path.stat().st_mtime
        except FileNotFoundError:
            continue  # moved into place or removed meanwhile
        upload = MachineUpload(match[3], int(match[2]), path, modified)
        found.setdefault(match[1], []).append(upload)
    return found


def valid_machine_name(name: str) -> bool:
    return bool(_MACHINE.match(name))


def process_alive(pid: int) -> bool:
    """Whether process `pid` of this machine may still be running."""
    return _alive(pid)


def machine_name() -> str:
    """SEALBOOK_MACHINE_NAME, else this host's name (its first label)."""
    from sealbook import conf

    name = conf.env_str("SEALBOOK_MACHINE_NAME") or socket.gethostname().split(".")[0]
    return re.sub(r"[^A-Za-z0-9-]", "-", name)[:63] or "machine"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def storage() -> LocalStorage:
    """SharedVolumeStorage at SEALBOOK_ATTACHMENTS_DIR if set, else LocalStorage in the home."""
    from sealbook import conf

    shared = conf.env_str("SEALBOOK_ATTACHMENTS_DIR")
    if shared:
        return SharedVolumeStorage(Path(shared).expanduser().absolute(), machine_name())
    return LocalStorage(paths.home() / "attachments")
