"""`sealbook audit verify` and `sealbook audit checkpoint`."""

from __future__ import annotations

import argparse
from pathlib import Path

from sealbook.cli.bootstrap import open_practice, setup_django
from sealbook.core.errors import SealbookError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "audit",
        help="verify the audit log, export checkpoints",
        description="Work with the tamper-evident audit log.",
    )
    audit_sub = p.add_subparsers(dest="audit_command", metavar="SUBCOMMAND", required=True)
    v = audit_sub.add_parser(
        "verify",
        help="check every audit entry, checkpoint and signature",
        description="Recompute every entry's hash, the hash chain and the Merkle tree, and check "
        "every signed checkpoint. Exit 0 only if the whole log verifies; otherwise name the first "
        "bad entry and exit 1. With --checkpoint, also check that the log still contains a "
        "checkpoint exported earlier (detects truncation). Needs no passphrase. A large log is "
        "checked in several processes side by side, one per core.",
    )
    v.add_argument(
        "--checkpoint",
        metavar="PATH",
        help="a checkpoint exported with `audit checkpoint --export`",
    )
    v.add_argument(
        "--jobs",
        type=_process_count,
        metavar="N",
        help="check the log in N processes side by side (default: one per core, for a log of "
        "100,000 entries or more; 1 reads it all in this process)",
    )
    v.set_defaults(handler=run_verify)
    c = audit_sub.add_parser(
        "checkpoint",
        help="print or export a signed checkpoint of the log",
        description="Print the current signed checkpoint (C2SP tlog-checkpoint signed note) and, "
        "with --export, write it to PATH to hand to an outside witness. Also prints the "
        "verifier key.",
    )
    c.add_argument("--export", metavar="PATH", help="write the checkpoint to PATH")
    c.set_defaults(handler=run_checkpoint)


def _process_count(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        count = 0
    if not 1 <= count <= 64:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 64, not {value!r}")
    return count


def run_verify(args: argparse.Namespace) -> int:
    witness_note = None
    if args.checkpoint:
        try:
            witness_note = Path(args.checkpoint).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or "not UTF-8 text"
            raise SealbookError(
                f"cannot read the checkpoint {args.checkpoint} ({reason})"
            ) from None
    setup_django()
    open_practice(unseal=False)
    from sealbook.audit.verification import verify
    from sealbook.core.audit.verify import AuditVerificationError

    try:
        report = verify(witness_note, processes=args.jobs)
    except AuditVerificationError as exc:
        print(f"sealbook: audit log FAILS verification: {exc}")
        return 1
    side_by_side = f" (checked in {report.processes} processes)" if report.processes > 1 else ""
    print(
        f"Audit log verified: {report.size} entries, root {report.root.hex()}, "
        f"{report.checkpoints_verified} stored checkpoints{side_by_side}."
    )
    return 0


def run_checkpoint(args: argparse.Namespace) -> int:
    setup_django()
    if args.export:
        open_practice(unseal=True)
        from sealbook.audit.verification import export_checkpoint, log_verifier_key

        checkpoint = export_checkpoint(Path(args.export))
        print(f"Wrote the checkpoint of {checkpoint.size} entries to {args.export}.")
    else:
        open_practice(unseal=False)
        from sealbook.audit.models import AuditHead
        from sealbook.audit.verification import log_verifier_key

        print(AuditHead.objects.get(pk=1).signed_note, end="")
    print(f"Verifier key: {log_verifier_key()}")
    return 0
