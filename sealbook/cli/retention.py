"""`sealbook retention`: the retention schedule, legal holds, and destruction."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sealbook.cli import unsealing
from sealbook.cli.bootstrap import open_practice, read_secret_file, setup_django
from sealbook.core.errors import SealbookError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "retention",
        help="list records due for destruction; legal holds; destroy",
        description="Without a subcommand, list the clients whose records may now be destroyed "
        "under the practice's retention rule (SEALBOOK_RETENTION_RULE, default APA), by id, "
        "never by name. Needs the practice unsealed (dates of birth are encrypted).",
    )
    p.add_argument("--all", action="store_true", help="list every client with their date")
    p.set_defaults(handler=run_list)
    retention_sub = p.add_subparsers(dest="retention_command", metavar="SUBCOMMAND")
    h = retention_sub.add_parser(
        "hold",
        help="place a legal hold on a client's records",
        description="Place a legal hold: the client's records cannot be destroyed until it is "
        "released. Keep identifying text out of the reason (it is stored encrypted anyway).",
    )
    h.add_argument("client_id", metavar="CLIENT-ID")
    h.add_argument("--reason", required=True, help="why, e.g. 'litigation hold'")
    h.add_argument("--by", required=True, metavar="EMAIL", help="the staff member placing it")
    h.set_defaults(handler=run_hold)
    r = retention_sub.add_parser(
        "release", help="release a client's legal hold", description="Release a legal hold."
    )
    r.add_argument("client_id", metavar="CLIENT-ID")
    r.add_argument("--by", required=True, metavar="EMAIL", help="the staff member releasing it")
    r.set_defaults(handler=run_release)
    d = retention_sub.add_parser(
        "destroy",
        help="destroy clients' records by crypto-shredding",
        description="Destroy the records of the given clients: refuse if any is under a legal "
        "hold or not yet due; rotate the practice key to a NEW secret (the old sealed key is "
        "deleted, so old keyring files open nothing); delete each client's data key, rows and "
        "files; and write a certificate of destruction to the audit log. Asks to type "
        "'destroy N' (N clients) on standard input to confirm. Afterwards write a new keyring "
        "(`backup keyring`) and destroy the old keyring files and the old secret.",
    )
    d.add_argument("client_ids", metavar="CLIENT-ID", nargs="+")
    d.add_argument("--by", required=True, metavar="EMAIL", help="the staff member authorising it")
    group = d.add_mutually_exclusive_group()
    group.add_argument("--new-passphrase-file", metavar="FILE", help="seal the new key with this")
    group.add_argument("--new-key-file", metavar="FILE", help="seal the new key with this key file")
    d.set_defaults(handler=run_destroy)


def _open() -> None:
    setup_django()
    open_practice(unseal=True)


def _client(client_id: str) -> Any:
    import uuid

    from sealbook.records.models import Client

    try:
        pk = uuid.UUID(client_id)
    except ValueError:
        raise SealbookError(f"{client_id!r} is not a client id") from None
    client = Client.objects.filter(pk=pk).first()
    if client is None:
        raise SealbookError(f"no client {pk} in this practice")
    return client


def _staff(email: str) -> Any:
    from sealbook.accounts.models import User

    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise SealbookError(f"no active staff account {email}")
    return user


def run_list(args: argparse.Namespace) -> int:
    _open()
    from django.utils import timezone

    from sealbook.retention.actions import practice_rule, retention_schedule

    today = timezone.localdate()
    rule = practice_rule()
    rows = retention_schedule()
    due = [s for s in rows if s.due(today)]
    print(f"Retention rule: {rule.name} ({rule.source}).")
    for s in rows if args.all else due:
        state = "on hold" if s.on_hold else ("due" if s.due(today) else "keep")
        when = s.destroy_from.isoformat() if s.destroy_from else "unknown (key destroyed)"
        print(f"{s.client_id}  destroy from {when}  {state}")
    print(f"{len(due)} of {len(rows)} clients are due for destruction.")
    return 0


def run_hold(args: argparse.Namespace) -> int:
    _open()
    from sealbook.retention.actions import place_hold

    place_hold(_staff(args.by), _client(args.client_id), args.reason)
    print(f"Legal hold placed on client {args.client_id}.")
    return 0


def run_release(args: argparse.Namespace) -> int:
    _open()
    from sealbook.retention.actions import release_holds

    n = release_holds(_staff(args.by), _client(args.client_id))
    print(f"Released {n} legal hold(s) on client {args.client_id}.")
    return 0


def run_destroy(args: argparse.Namespace) -> int:
    from sealbook.core.crypto import sealing

    new_passphrase = (
        read_secret_file(args.new_passphrase_file, "new passphrase")
        if args.new_passphrase_file
        else None
    )
    new_key_file = read_secret_file(args.new_key_file, "key") if args.new_key_file else None
    if new_key_file is not None:
        sealing.parse_key_file(new_key_file)
    _open()
    from sealbook.practice.rotation import next_seal, rotate_kek
    from sealbook.retention.actions import check_destroyable, destroy_clients
    from sealbook.vault import runtime

    actor = _staff(args.by)
    clients = [_client(c) for c in dict.fromkeys(args.client_ids)]
    from django.utils import timezone

    for client in clients:
        check_destroyable(client, timezone.localdate())
    choice = next_seal(
        runtime.load_sealed_kek(runtime.keyring().kek_version),
        unsealing.secrets_from_environment(prompt=False),
        new_passphrase=new_passphrase,
        new_key_file=new_key_file,
        fresh_secret=True,
    )
    expected = f"destroy {len(clients)}"
    print(f"This destroys {len(clients)} client(s) for good. Type '{expected}' to confirm:")
    if sys.stdin.readline().strip() != expected:
        raise SealbookError("not confirmed; nothing was destroyed")
    certificates = destroy_clients(actor, clients, rotate=lambda: rotate_kek(choice))
    for client, certificate in zip(clients, certificates, strict=True):
        rows = sum(certificate["rows"].values())
        print(f"Destroyed client {client.id}: {rows} rows, {certificate['files']} files "
              f"({certificate['rule']}).")  # fmt: skip
    print(
        "Certificates of destruction are in the audit log. The practice key was rotated: "
        "restart the server, write a new keyring now (`sealbook backup keyring FILE`), and "
        "destroy older keyring files and the old secret."
    )
    return 0
