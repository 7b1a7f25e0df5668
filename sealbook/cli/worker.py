"""`sealbook worker`: send the due appointment reminders and end guardians' portal access at
the client's majority (for several app processes)."""

from __future__ import annotations

import argparse
import datetime
import math

from sealbook.cli.bootstrap import open_practice, setup_django
from sealbook.core.errors import SealbookError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "worker",
        help="send due appointment reminders, end guardians' access at majority (a loop, or once)",
        description="Unseal the practice and send the appointment reminders that are due, every "
        "few seconds until stopped. `sealbook serve` does the same in the background; run one "
        "worker instead when several app processes serve one practice. Each reminder is sent "
        "once, however many workers run and however often they are restarted. Once a day it also "
        "ends the portal access of the guardians of clients who came of age that day.",
    )
    p.add_argument("--once", action="store_true", help="send what is due now, then exit")
    p.add_argument(
        "--every", type=float, default=30.0, metavar="SECONDS", help="pause between rounds (30)"
    )
    p.add_argument(
        "--clock-offset",
        type=float,
        default=0.0,
        metavar="HOURS",
        help="act as if the clock were HOURS later (for drills and tests; default 0)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not (math.isfinite(args.every) and args.every > 0):
        raise SealbookError("--every must be a positive number of seconds")
    if not (math.isfinite(args.clock_offset) and abs(args.clock_offset) <= 24 * 366):
        raise SealbookError("--clock-offset must be a number of hours within a year")
    setup_django()
    open_practice(unseal=True)
    from django.utils import timezone

    from sealbook.portal import majority
    from sealbook.scheduling import reminders

    offset = datetime.timedelta(hours=args.clock_offset)
    if args.once:
        sent = reminders.send_due_reminders(timezone.now() + offset)
        print(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
        ended = majority.end_at_majority(timezone.localdate(timezone.now() + offset))
        print(f"Ended {ended} guardian account{'s' if ended != 1 else ''} at majority.")
        return 0
    majority.start_in_background()
    print("Sending due reminders; stop with Ctrl-C.", flush=True)
    reminders.run_forever(args.every, offset=offset)
    return 0
