"""`sealbook import FILE.csv`: bring clients over from another system."""

from __future__ import annotations

import argparse
from pathlib import Path

from sealbook.cli.bootstrap import open_practice, setup_django
from sealbook.core.errors import SealbookError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import",
        help="import clients from a CSV file",
        description="Import clients (and one contact each, optionally) from a UTF-8 CSV file "
        "with a header row. Required columns: first_name, last_name, date_of_birth "
        "(YYYY-MM-DD). Optional: preferred_name, pronouns, phone, email, street, city, state, "
        "zip, emergency_contact, contact_name, contact_relationship, contact_phone, "
        "contact_email. The whole file is checked first; one bad row imports nothing.",
    )
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument(
        "--care-team",
        metavar="EMAIL",
        action="append",
        default=[],
        help="staff login to put on every imported client's care team (repeatable)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        raise SealbookError(f"cannot read {args.file} ({exc.strerror})") from None
    setup_django()
    open_practice(unseal=True)
    from sealbook.accounts.models import User
    from sealbook.records.importing import import_clients

    team = []
    for email in args.care_team:
        user = User.objects.filter(username=email.lower(), is_active=True).first()
        if user is None:
            raise SealbookError(f"--care-team: no active staff login {email}")
        team.append(user)
    result = import_clients(raw, actor=None, care_team=team)
    print(f"Imported clients: {result.clients}; contacts: {result.contacts}.")
    return 0
