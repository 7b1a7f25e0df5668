"""Finishing or clearing the incoming files a machine left on the shared attachments volume.

Each process's start-up recovery (`actions.recover_storage`) handles only
its own machine's dead processes' incoming files: a process id means nothing
on another machine, so it cannot tell another machine's upload in flight from
one whose process died. A machine that never comes back (replaced, its disk
lost) therefore leaves its incoming files behind, and a document whose row
committed just before the machine died stays unreadable ("the stored file is
missing") on every other machine. `sealbook attachments recover --machine
NAME` runs `recover_machine`: for each incoming file of that machine, a file
whose document row committed is moved into place (what the dead process was
about to do), and any other is deleted (its key lived only in the dead
process, so it could never be read).

When may it touch a machine's files? On this machine, each file's process id
says whether its writer is alive; live ones are left alone. Another machine's
files are taken only if the operator says the machine is down
(`machine_is_down`), or if none of them was written in the last day: an
upload writes its incoming file within one request (waitress hands the app
the body only once it has all arrived) and commits it at that request's end,
so a file unchanged for a day has no live writer. The one exception is a
machine frozen for a day (a suspended virtual machine) between closing a file
and committing its row; PostgreSQL has dropped such a process's connection
and rolled its transaction back long before, so its row cannot commit after
the file is gone. The age rule applies to the whole machine: one recent file
and nothing of it is touched without `machine_is_down`.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.errors import SealbookError
from sealbook.documents.models import Document
from sealbook.documents.storage import (
    MachineUpload,
    SharedVolumeStorage,
    machine_uploads,
    process_alive,
    storage,
    valid_machine_name,
)

STALE_SECONDS = 24 * 3600


class RecoveryRefused(SealbookError):
    """The machine's incoming files were not touched (the message says why)."""


@dataclass
class MachineRecovery:
    """What `recover_machine` did (or, in a dry run, would do), by stored file name."""

    machine: str
    dry_run: bool
    moved: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # This machine's uploads whose process is alive: left alone.
    in_flight: list[str] = field(default_factory=list)


def recover_machine(
    machine: str, *, machine_is_down: bool = False, dry_run: bool = False, now: float | None = None
) -> MachineRecovery:
    """Finish the commit of `machine`'s incoming files whose row committed, delete the rest.

    Refuses, touching nothing, without a shared volume, for a malformed or
    unknown machine name (one with no incoming file on the volume), and for
    another machine with a file written in the last day unless
    `machine_is_down`. Writes one audit entry with counts only (not in a dry run).
    """
    store = storage()
    if not isinstance(store, SharedVolumeStorage):
        raise RecoveryRefused(
            "attachments are not on a shared volume (SEALBOOK_ATTACHMENTS_DIR is not set): "
            "this machine's incoming files are recovered when sealbook serve starts"
        )
    if not valid_machine_name(machine):
        raise RecoveryRefused("a machine name is 1 to 63 letters, digits and hyphens")
    if machine == store.machine and machine_is_down:
        raise RecoveryRefused(
            f"{machine!r} is this machine, which is running: its uploads are checked by "
            "process id, so leave out --machine-is-down"
        )
    everyone = machine_uploads(store.root)
    uploads = everyone.get(machine, [])
    if not uploads:
        others = ", ".join(sorted(everyone)) or "none"
        raise RecoveryRefused(
            f"machine {machine!r} has no incoming files on the shared volume "
            f"(machines that have: {others})"
        )
    result = MachineRecovery(machine, dry_run)
    todo = _recoverable(store, machine, uploads, machine_is_down, now, result)
    committed = _committed({upload.name for upload in todo})
    for upload in todo:
        done = result.moved if upload.name in committed else result.removed
        done.append(upload.name)
        if dry_run:
            continue
        if upload.name in committed:
            try:
                store.adopt(upload.name, upload.path)
            except FileNotFoundError:
                result.moved.remove(upload.name)  # moved or removed by another process meanwhile
        else:
            upload.path.unlink(missing_ok=True)
    if not dry_run:
        record(
            AuditEvent.ATTACHMENTS_RECOVERED,
            detail={
                "moved": len(result.moved),
                "removed": len(result.removed),
                "in_flight": len(result.in_flight),
            },
        )
    return result


def _recoverable(
    store: SharedVolumeStorage,
    machine: str,
    uploads: list[MachineUpload],
    machine_is_down: bool,
    now: float | None,
    result: MachineRecovery,
) -> list[MachineUpload]:
    if machine == store.machine:
        alive = [upload for upload in uploads if process_alive(upload.pid)]
        result.in_flight = [upload.name for upload in alive]
        return [upload for upload in uploads if upload not in alive]
    now = time.time() if now is None else now
    recent = sum(now - upload.modified < STALE_SECONDS for upload in uploads)
    if recent and not machine_is_down:
        raise RecoveryRefused(
            f"machine {machine!r} wrote {recent} of its {len(uploads)} incoming file(s) in the "
            "last day, so it may still be running; make sure it is stopped, then pass "
            "--machine-is-down"
        )
    return uploads


def _committed(names: set[str]) -> set[str]:
    ids = [uuid.UUID(hex=name) for name in names]
    return {d.hex for d in Document.objects.filter(pk__in=ids).values_list("id", flat=True)}
