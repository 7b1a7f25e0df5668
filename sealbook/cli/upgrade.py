"""`sealbook upgrade`: apply this version's changes to an existing practice's database."""

from __future__ import annotations

import argparse

from sealbook.cli.bootstrap import open_practice, setup_django


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "upgrade",
        help="bring the database up to this version of Sealbook",
        description="Apply the changes this version of Sealbook makes to the practice's "
        "database (Django migrations), in order, and record the upgrade in the audit log. "
        "Every other command refuses a database that lacks them. Needs the practice "
        "unsealed. Each change is applied in its own transaction: if one fails, the ones "
        "before it stay applied and running the command again continues from there. Keep "
        "a backup made by the earlier version until the upgrade is done.",
    )
    p.set_defaults(handler=run_upgrade)


def run_upgrade(args: argparse.Namespace) -> int:
    setup_django()
    # The upgrade is audited, which needs the practice unsealed: refuse before changing anything.
    open_practice(unseal=True, upgrading=True)
    from sealbook import __version__
    from sealbook.practice.schema import upgrade_database

    applied = upgrade_database()
    if not applied:
        print(f"The database is up to date for Sealbook {__version__}; nothing to do.")
        return 0
    print(f"Upgraded the database for Sealbook {__version__}: applied {len(applied)} change(s).")
    for name in applied:
        print(f"  {name}")
    return 0
