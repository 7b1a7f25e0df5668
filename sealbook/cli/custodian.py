"""`sealbook custodian takeover`: the successor custodian takes the records over."""

from __future__ import annotations

import argparse
from pathlib import Path

from sealbook.cli.bootstrap import open_practice, setup_django
from sealbook.core.errors import SealbookError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "custodian",
        help="successor custodian operations",
        description="Operations of the practice's successor custodian.",
    )
    custodian_sub = p.add_subparsers(dest="custodian_command", metavar="SUBCOMMAND", required=True)
    t = custodian_sub.add_parser(
        "takeover",
        help="use the custodian kit to take the records over",
        description="With the practice unsealed (SEALBOOK_PASSPHRASE_FILE or a prompt) and the "
        "offline custodian kit, put the named custodian on every client's care team and re-seal "
        "every psychotherapy note escrowed to the custodian to the custodian's own key. This is "
        "recorded in the audit log and every staff member is notified.",
    )
    t.add_argument("--kit", required=True, metavar="FILE", help="the custodian kit file")
    t.add_argument("--custodian", required=True, metavar="EMAIL", help="the custodian's login")
    t.set_defaults(handler=run_takeover)


def run_takeover(args: argparse.Namespace) -> int:
    try:
        kit_text = Path(args.kit).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not a text file"
        raise SealbookError(f"cannot read the kit {args.kit} ({reason})") from None
    setup_django()
    open_practice(unseal=True)
    from sealbook.practice.custodian import take_over

    joined, resealed = take_over(kit_text, args.custodian)
    print(f"Custodian takeover done: joined {joined} care teams; re-sealed {resealed} notes.")
    return 0
