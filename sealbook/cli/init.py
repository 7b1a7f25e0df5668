"""`sealbook init`: create a practice in SEALBOOK_HOME."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from sealbook.cli.bootstrap import read_secret_file, setup_django
from sealbook.core.errors import SealbookError

if TYPE_CHECKING:
    # Only for the annotations: importing it for real needs Django set up first.
    from sealbook.practice.setup import KekChoice


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "init",
        help="create a practice in SEALBOOK_HOME",
        description="Create a practice: its sealed key, encrypted database and owner account. "
        "Choose one way to seal the practice key: a passphrase (Argon2id), a key file kept "
        "apart from the server, or an HSM through PKCS#11. Without options, asks on the terminal.",
    )
    p.add_argument("--practice-name", default="My practice", help="shown in the app's header")
    seal = p.add_mutually_exclusive_group()
    seal.add_argument("--passphrase-file", metavar="FILE", help="seal with the passphrase in FILE")
    seal.add_argument(
        "--key-file",
        metavar="FILE",
        help="seal with the key file FILE (created if it does not exist; keep it off the server)",
    )
    seal.add_argument("--hsm-module", metavar="PATH", help="seal in a PKCS#11 token (module path)")
    p.add_argument("--hsm-token", metavar="LABEL", help="the token's label (with --hsm-module)")
    p.add_argument(
        "--hsm-pin-file", metavar="FILE", help="the token's user PIN (with --hsm-module)"
    )
    p.add_argument("--owner-email", metavar="EMAIL", help="the owner's login")
    p.add_argument("--owner-password-file", metavar="FILE", help="the owner's password")
    p.add_argument(
        "--expected-clients",
        type=int,
        default=1000,
        metavar="N",
        help="how many clients the practice expects; sizes the blind indexes (default 1000)",
    )
    p.set_defaults(handler=run)


def kek_choice(args: argparse.Namespace, *, interactive: bool) -> tuple[KekChoice, str | None]:
    """The sealing choice, and the path of a key file this call created (if any)."""
    from sealbook.practice.setup import HsmKey, KekChoice

    if args.hsm_module:
        if not args.hsm_token or not args.hsm_pin_file:
            raise SealbookError("--hsm-module needs --hsm-token and --hsm-pin-file")
        pin = read_secret_file(args.hsm_pin_file, "HSM PIN").decode()
        return KekChoice(hsm=HsmKey(args.hsm_module, args.hsm_token, pin)), None
    if args.key_file:
        created = None
        if not os.path.exists(args.key_file):
            from sealbook.core.crypto import sealing  # (not on every command's start)

            created = args.key_file
            fd = os.open(args.key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(sealing.new_key_file())
            print(f"Wrote a new key file to {args.key_file}: keep it apart from the server.")
        return KekChoice(key_file=read_secret_file(args.key_file, "key")), created
    if args.passphrase_file:
        return KekChoice(passphrase=read_secret_file(args.passphrase_file, "passphrase")), None
    if not interactive:
        raise SealbookError("choose --passphrase-file, --key-file or --hsm-module")
    first = getpass.getpass("New practice passphrase: ")
    if len(first) < 12:
        raise SealbookError("the passphrase must be at least 12 characters")
    if getpass.getpass("Repeat the passphrase: ") != first:
        raise SealbookError("the passphrases differ")
    return KekChoice(passphrase=first.encode()), None


def run(args: argparse.Namespace) -> int:
    interactive = sys.stdin.isatty()
    if args.expected_clients < 1:
        raise SealbookError("--expected-clients must be at least 1")
    email = args.owner_email or (input("Owner e-mail: ").strip() if interactive else None)
    if not email:
        raise SealbookError("--owner-email is required")
    if args.owner_password_file:
        password = read_secret_file(args.owner_password_file, "owner password").decode()
    elif interactive:
        password = getpass.getpass("Owner password: ")
    else:
        raise SealbookError("--owner-password-file is required")
    setup_django()
    choice, created_key_file = kek_choice(args, interactive=interactive)
    try:
        from sealbook.practice.setup import create_practice, migrate_database

        migrate_database()
        create_practice(
            name=args.practice_name,
            choice=choice,
            owner_email=email,
            owner_password=password,
            expected_clients=args.expected_clients,
        )
    except BaseException:
        # Leave nothing behind: a key file for a practice that does not exist is clutter
        # at best and a confusing secret at worst.
        if created_key_file:
            os.unlink(created_key_file)
        raise
    from sealbook.vault import paths

    print(f"Created the practice in {paths.home()}.")
    print("Start it with: sealbook serve (set SEALBOOK_PASSPHRASE_FILE to start unattended)")
    return 0
