"""`sealbook import FILE.csv`: bring clients over from another system."""

from __future__ import annotations

import argparse
import stat
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
        "contact_email. The whole file is checked first; one bad row imports nothing. Values "
        "get the web form's limits; control characters and repeated columns are refused.",
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


# 100,000 rows of every column at its longest would be larger; no export from another
# system comes near it, and /dev/zero or a FIFO is refused before it is read.
MAX_BYTES = 256 * 2**20


def _read(path: Path) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise SealbookError(f"cannot read {path}: not a regular file")
        if info.st_size > MAX_BYTES:
            raise SealbookError(f"{path} is larger than {MAX_BYTES // 2**20} MiB; split the file")
        with open(path, "rb") as f:
            return f.read(MAX_BYTES + 1)[:MAX_BYTES]
    except OSError as exc:
        raise SealbookError(f"cannot read {path} ({exc.strerror})") from None


def run(args: argparse.Namespace) -> int:
    raw = _read(Path(args.file))
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
