"""`sealbook attachments recover`: the incoming files a machine left on the shared volume."""

from __future__ import annotations

import argparse

from sealbook.cli.bootstrap import open_practice, setup_django


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "attachments",
        help="attachment storage: recover a machine's incoming files",
        description="Attachment storage on a shared volume (SEALBOOK_ATTACHMENTS_DIR).",
    )
    attachments_sub = p.add_subparsers(
        dest="attachments_command", metavar="SUBCOMMAND", required=True
    )
    r = attachments_sub.add_parser(
        "recover",
        help="finish or clear the incoming files a machine left on the shared volume",
        description="For each incoming file of machine NAME on the shared attachments volume: "
        "move it into place if its document was saved (the machine stopped between saving the "
        "row and moving the file), else delete it (its key died with the process that wrote "
        "it). Each machine's own start-up does this for its own dead processes; this is for a "
        "machine that will not come back. On this machine, files of running processes are "
        "left alone. Another machine's files are touched only if none was written in the last "
        "day, or with --machine-is-down. Writes one audit entry with counts; needs the "
        "practice unsealed (its detail is encrypted), except with --dry-run.",
    )
    r.add_argument(
        "--machine", required=True, metavar="NAME", help="the machine name in the files' names"
    )
    r.add_argument(
        "--machine-is-down",
        action="store_true",
        help="that machine is stopped for good: take its files even if written in the last day",
    )
    r.add_argument("--dry-run", action="store_true", help="list what would be done, change nothing")
    r.set_defaults(handler=run_recover)


def run_recover(args: argparse.Namespace) -> int:
    setup_django()
    open_practice(unseal=not args.dry_run)
    from sealbook.documents.recovery import recover_machine

    result = recover_machine(
        args.machine, machine_is_down=args.machine_is_down, dry_run=args.dry_run
    )
    moved, removed = ("would move", "would delete") if result.dry_run else ("moved", "deleted")
    for name in result.moved:
        print(f"{moved} {name} into place (its document was saved)")
    for name in result.removed:
        print(f"{removed} {name} (no document: unreadable)")
    for name in result.in_flight:
        print(f"left {name} (its process on this machine is running)")
    print(
        f"Machine {result.machine}: {len(result.moved)} {moved} into place, "
        f"{len(result.removed)} {removed}, {len(result.in_flight)} left in flight"
        + (" (dry run: nothing changed)." if result.dry_run else ".")
    )
    return 0
