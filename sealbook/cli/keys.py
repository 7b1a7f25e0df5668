"""`sealbook keys rotate`: a new practice KEK, every key re-wrapped, data untouched."""

from __future__ import annotations

import argparse
import os

from sealbook.cli import unsealing
from sealbook.cli.bootstrap import open_practice, read_secret_file, setup_django


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "keys", help="manage the practice key", description="Manage the practice key."
    )
    keys_sub = p.add_subparsers(dest="keys_command", metavar="SUBCOMMAND", required=True)
    r = keys_sub.add_parser(
        "rotate",
        help="replace the practice key and re-wrap every data key",
        description="Create a new practice key-encryption key, re-wrap every client data key "
        "and practice key under it (no data is re-encrypted), and delete the old sealed key, "
        "so it no longer unseals anything. Unseals with the current secret from the "
        "environment; the new key is sealed the same way unless another is chosen.",
    )
    group = r.add_mutually_exclusive_group()
    group.add_argument(
        "--new-passphrase-file", metavar="FILE", help="seal the new key with this passphrase"
    )
    group.add_argument(
        "--new-key-file",
        metavar="FILE",
        help="seal the new key with this key file (created if missing)",
    )
    r.set_defaults(handler=run_rotate)


def run_rotate(args: argparse.Namespace) -> int:
    from sealbook.core.crypto import sealing

    new_passphrase = (
        read_secret_file(args.new_passphrase_file, "new passphrase")
        if args.new_passphrase_file
        else None
    )
    new_key_file = None
    if args.new_key_file:
        if not os.path.exists(args.new_key_file):
            fd = os.open(args.new_key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(sealing.new_key_file())
            print(f"Wrote a new key file to {args.new_key_file}: keep it apart from the server.")
        new_key_file = read_secret_file(args.new_key_file, "key")
        sealing.parse_key_file(new_key_file)
    setup_django()
    open_practice(unseal=True)
    from sealbook.practice.rotation import next_seal, rotate_kek
    from sealbook.vault import runtime

    choice = next_seal(
        runtime.load_sealed_kek(runtime.keyring().kek_version),
        unsealing.secrets_from_environment(prompt=False),
        new_passphrase=new_passphrase,
        new_key_file=new_key_file,
    )
    version = rotate_kek(choice)
    print(f"Rotated the practice key to version {version}; the old sealed key was deleted.")
    return 0
