"""`sealbook check`: the deployment self-check."""

from __future__ import annotations

import argparse

from sealbook.cli import unsealing
from sealbook.cli.bootstrap import open_practice, setup_django


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "check",
        help="check the deployment against the HIPAA technical safeguards",
        description="Check this deployment against HIPAA 164.312 technical safeguards and print "
        "pass/FAIL/skipped per item, then when the daily self-check job last ran and what "
        "failed in it. Exit 1 if any item fails now. Unseals if a secret is "
        "configured, to check the key hierarchy too.",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    open_practice(unseal=False)
    from sealbook.practice.selfcheck import FAIL, last_daily_check, run_checks

    unsealing.unseal_from_environment(prompt=False)
    findings = run_checks()
    for f in findings:
        print(f"[{f.status:>7}] {f.safeguard}: {f.message}")
    daily = last_daily_check()
    if daily is None:
        print("The daily self-check (a background job) has not run yet.")
    else:
        when = daily.finished.strftime("%Y-%m-%d %H:%M %Z")
        result = f"failed: {', '.join(daily.failed)}" if daily.failed else "nothing failed"
        print(f"The daily self-check (a background job) last ran {when}: {result}.")
    failed = sum(f.status == FAIL for f in findings)
    print(
        f"{len(findings) - failed} of {len(findings)} checks did not fail."
        if not failed
        else f"{failed} of {len(findings)} checks failed."
    )
    return 1 if failed else 0
