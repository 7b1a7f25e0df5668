"""`sealbook demo`: a practice full of synthetic clients, served on 127.0.0.1:8000."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sealbook.cli import unsealing
from sealbook.cli.bootstrap import database_ready, setup_django
from sealbook.core.errors import SealbookError

if TYPE_CHECKING:
    from sealbook.mail.catcher import MailCatcher

PASSPHRASE_FILE = "demo-passphrase"  # noqa: S105 - a file name, not a secret


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "demo",
        help="create (if needed) and serve a demo practice with synthetic clients",
        description="Create a demo practice of synthetic clients, sessions and notes in "
        "SEALBOOK_HOME (or a new temporary folder), print the logins as 'role email password', "
        "and serve it. The demo keeps its passphrase beside the data, which a real practice "
        "must never do (`sealbook check` fails on it).",
    )
    p.add_argument(
        "--no-serve", action="store_true", help="only create the practice and print logins"
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--clients", type=int, default=30, help="how many synthetic clients (default 30)"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.clients <= 5000:
        raise SealbookError("--clients must be between 1 and 5000")
    if not os.environ.get("SEALBOOK_HOME"):
        import tempfile  # (here, not at the top: every command imports this module)

        os.environ["SEALBOOK_HOME"] = tempfile.mkdtemp(prefix="sealbook-demo-")
    home = Path(os.environ["SEALBOOK_HOME"]).expanduser().absolute()
    passphrase_path = home / PASSPHRASE_FILE
    os.environ["SEALBOOK_PASSPHRASE_FILE"] = str(passphrase_path)
    os.environ.pop("SEALBOOK_KEY_FILE", None)
    os.environ.pop("SEALBOOK_HSM_PIN_FILE", None)
    catcher = _start_mail_catcher(home) if not args.no_serve else None
    setup_django()

    from django.conf import settings

    from sealbook.practice import demo
    from sealbook.vault import paths
    from sealbook.vault.models import Keyring

    if database_ready() and Keyring.objects.filter(pk=1).exists():
        if not passphrase_path.exists():
            raise SealbookError(
                f"{home} holds a practice that is not a demo; set another SEALBOOK_HOME"
            )
        unsealing.unseal_from_environment(prompt=False)
        created = False
    else:
        created = True
        _create(home, passphrase_path, args.clients)
    settings.SECRET_KEY = paths.web_secret_path().read_text().strip()
    print(f"Demo practice in {home} ({'created' if created else 'existing'}).")
    print("Logins (role email password):")
    for role, email, _ in demo.STAFF:
        print(f"{role} {email} {demo.DEMO_PASSWORD}")
    from sealbook.portal.demo import PORTAL_LOGINS

    for role, email in PORTAL_LOGINS:
        print(f"{role} {email} {demo.DEMO_PASSWORD}")
    print(f"Clients and guardians log in at http://{args.host}:{args.port}/portal/login/")
    print("Second factor (MFA) is off in the demo practice only.")
    if catcher is not None:
        print(
            f"E-mail goes to a catcher on this machine: http://{args.host}:{args.port}/demo/mail/"
        )
    if args.no_serve:
        return 0
    from sealbook.cli.serve import media_components, serve_forever

    with media_components():
        return serve_forever(args.host, args.port)


def _start_mail_catcher(home: Path) -> MailCatcher:
    """A local SMTP server for the demo's e-mails, shown on the demo mailbox page."""
    from sealbook.mail.catcher import MailCatcher

    catcher = MailCatcher(folder=home / "caught-mail").start()
    os.environ["SEALBOOK_SMTP_URL"] = catcher.url
    os.environ["SEALBOOK_DEMO_MAIL_DIR"] = str(home / "caught-mail")
    return catcher


def _create(home: Path, passphrase_path: Path, clients: int) -> None:
    import secrets
    import shutil

    from sealbook.practice import demo
    from sealbook.practice.setup import KekChoice, create_practice, migrate_database
    from sealbook.vault import paths

    passphrase = secrets.token_urlsafe(24).encode()
    was_empty = not home.exists() or not any(home.iterdir())
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        paths.write_private_file(passphrase_path, passphrase + b"\n")
        migrate_database()
        create_practice(
            name="Demo practice",
            choice=KekChoice(passphrase=passphrase),
            owner_email=demo.OWNER_EMAIL,
            owner_password=demo.DEMO_PASSWORD,
            owner_name=demo.OWNER_NAME,
        )
        demo.set_up(clients=clients)
        _set_up_portal(demo.DEMO_PASSWORD)
    except BaseException:
        # A demo that failed halfway is useless: leave the folder as empty as it was.
        if was_empty:
            from django.db import connections

            connections.close_all()
            shutil.rmtree(home, ignore_errors=True)
        else:
            passphrase_path.unlink(missing_ok=True)
        raise


def _set_up_portal(password: str) -> None:
    """The demo's portal accounts: a client of the first demo clinician, and a minor's guardian."""
    from sealbook.accounts.models import User
    from sealbook.portal.demo import set_up_portal
    from sealbook.practice import demo

    clinician, colleague = (
        User.objects.get(username=email) for role, email, _ in demo.STAFF if role == "clinician"
    )
    set_up_portal(clinician, colleague, password)
